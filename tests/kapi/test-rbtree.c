// SPDX-License-Identifier: MIT
/*
 * test-rbtree: kapi's red-black tree (lib/rbtree.c's) against what a
 * red-black tree is, checked independently after every operation: the
 * in-order walk (rb_first/rb_next, and rb_last/rb_prev backwards) is the
 * sorted reference set; the root is black, no red node has a red child,
 * every path has the same number of blacks, each child's parent pointer
 * is its parent; the post-order walk visits every node once, children
 * before parents.  Insertions and erasures of pseudo-random keys, as a
 * module's own code does them (descend, rb_link_node, rb_insert_color).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

struct rb_node {
	unsigned long parent_color;
	struct rb_node *right, *left;
};
struct rb_root { struct rb_node *node; };

void rb_insert_color(struct rb_node *, struct rb_root *);
void rb_erase(struct rb_node *, struct rb_root *);
struct rb_node *rb_first(const struct rb_root *);
struct rb_node *rb_last(const struct rb_root *);
struct rb_node *rb_next(const struct rb_node *);
struct rb_node *rb_prev(const struct rb_node *);
struct rb_node *rb_first_postorder(const struct rb_root *);
struct rb_node *rb_next_postorder(const struct rb_node *);
void rb_replace_node(struct rb_node *, struct rb_node *, struct rb_root *);

#define N 3000
struct item { struct rb_node rb; int key; bool in; int visits; };
static struct item items[N];
static struct rb_root root;

#define parent_of(n)	((struct rb_node *)((n)->parent_color & ~3ul))
#define black(n)	(!(n) || ((n)->parent_color & 1))
#define key_of(n)	(((struct item *)(n))->key)

/* The module's half of an insertion: descend, link, then rebalance. */
static bool insert(struct item *it)
{
	struct rb_node **link = &root.node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (it->key == key_of(parent))
			return false;
		link = it->key < key_of(parent) ? &parent->left : &parent->right;
	}
	it->rb.parent_color = (unsigned long)parent;
	it->rb.left = it->rb.right = NULL;
	*link = &it->rb;
	rb_insert_color(&it->rb, &root);
	it->in = true;
	return true;
}

/* Black height of the subtree, or -1 if a rule is broken in it. */
static int check(struct rb_node *n, struct rb_node *parent)
{
	int l, r;

	if (!n)
		return 1;
	if (parent_of(n) != parent)
		return -1;
	if (!black(n) && (!black(n->left) || !black(n->right)))
		return -1;
	l = check(n->left, n);
	r = check(n->right, n);
	if (l < 0 || l != r)
		return -1;
	return l + black(n);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Everything one can say of the tree, against the reference set. */
static bool valid(void)
{
	static int want[N];
	int n = 0, i = 0, count = 0;
	struct rb_node *p;

	for (int k = 0; k < N; k++) {
		items[k].visits = 0;
		if (items[k].in)
			want[n++] = items[k].key;
	}
	qsort(want, n, sizeof(*want), cmp_int);
	if (!black(root.node) || check(root.node, NULL) < 0)
		return false;
	for (p = rb_first(&root); p; p = rb_next(p))
		if (i >= n || key_of(p) != want[i++])
			return false;
	if (i != n)
		return false;
	for (p = rb_last(&root); p; p = rb_prev(p))
		if (i <= 0 || key_of(p) != want[--i])
			return false;
	for (p = rb_first_postorder(&root); p; p = rb_next_postorder(p)) {
		struct item *it = (struct item *)p;

		if (it->visits++ || (p->left && !((struct item *)p->left)->visits) ||
		    (p->right && !((struct item *)p->right)->visits))
			return false;
		count++;
	}
	return count == n && i == 0;
}

int main(void)
{
	bool all = true;
	int inserted = 0, erased = 0;
	struct item spare;

	srand(10);
	for (int k = 0; k < N; k++)
		items[k].key = rand() % (4 * N);
	ok(valid() && !rb_first(&root), "an empty tree is valid and has no first node");
	for (int k = 0; k < N; k++) {
		inserted += insert(&items[k]);
		if (k % 7 == 0 || k < 64)
			all &= valid();
	}
	ok(all && valid(), "%d insertions (duplicate keys refused) keep a valid tree", inserted);
	for (int k = 0; k < N; k += 1 + k % 3)
		if (items[k].in) {
			rb_erase(&items[k].rb, &root);
			items[k].in = false;
			erased++;
			if (erased % 5 == 0)
				all &= valid();
		}
	ok(all && valid(), "%d erasures keep a valid tree", erased);
	for (int k = 0; k < N; k++)
		if (items[k].in) {
			spare = items[k];
			rb_replace_node(&items[k].rb, &spare.rb, &root);
			items[k].in = false;
			break;
		}
	{
		int found = 0;

		for (struct rb_node *p = rb_first(&root); p; p = rb_next(p))
			found += p == &spare.rb;
		ok(found == 1 && check(root.node, NULL) > 0,
		   "rb_replace_node puts a node in another's place");
	}
	rb_erase(&spare.rb, &root);
	for (int k = 0; k < N; k++)
		if (items[k].in) {
			rb_erase(&items[k].rb, &root);
			items[k].in = false;
		}
	ok(!root.node && valid(), "erasing every node leaves an empty tree");
	return done_testing();
}
