// SPDX-License-Identifier: MIT
/*
 * rbtree.c - red-black trees as lib/rbtree.c: the node's parent pointer
 * and colour share a word (black is bit 0), callers descend and link
 * the node themselves (rb_link_node is inline) and then call
 * rb_insert_color to rebalance; rb_erase unlinks and rebalances.  The
 * augmented forms take the caller's callbacks, called at the same
 * points as Linux's, so augmented trees (interval trees) keep their
 * per-node data right.
 */
#include <stdbool.h>
#include <stddef.h>

#include "kernel.h"

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right, *rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

typedef void augment_rotate_fn(struct rb_node *old, struct rb_node *new);

#define RB_RED		0
#define RB_BLACK	1

#define pc_parent(pc)	((struct rb_node *)((pc) & ~3ul))
#define pc_is_black(pc)	((pc) & 1)
#define rb_parent(n)	pc_parent((n)->__rb_parent_color)
#define rb_is_black(n)	pc_is_black((n)->__rb_parent_color)
#define rb_is_red(n)	(!rb_is_black(n))
#define rb_empty(n)	((n)->__rb_parent_color == (unsigned long)(n))

static inline void set_parent(struct rb_node *n, struct rb_node *p)
{
	n->__rb_parent_color = (n->__rb_parent_color & 1) | (unsigned long)p;
}

static inline void set_parent_color(struct rb_node *n, struct rb_node *p, int color)
{
	n->__rb_parent_color = (unsigned long)p | color;
}

/* A red node's word is its parent's address. */
static inline struct rb_node *red_parent(struct rb_node *red)
{
	return (struct rb_node *)red->__rb_parent_color;
}

static inline void change_child(struct rb_node *old, struct rb_node *new,
				struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		__atomic_store_n(&root->rb_node, new, __ATOMIC_RELAXED);
	else if (parent->rb_left == old)
		__atomic_store_n(&parent->rb_left, new, __ATOMIC_RELAXED);
	else
		__atomic_store_n(&parent->rb_right, new, __ATOMIC_RELAXED);
}

/* new takes old's place and colour; old becomes new's child. */
static inline void rotate_set_parents(struct rb_node *old, struct rb_node *new,
				      struct rb_root *root, int color)
{
	struct rb_node *parent = rb_parent(old);

	new->__rb_parent_color = old->__rb_parent_color;
	set_parent_color(old, new, color);
	change_child(old, new, parent, root);
}

static void dummy_propagate(struct rb_node *node, struct rb_node *stop) {}
static void dummy_copy(struct rb_node *old, struct rb_node *new) {}
static void dummy_rotate(struct rb_node *old, struct rb_node *new) {}

static const struct rb_augment_callbacks dummy_callbacks = {
	dummy_propagate, dummy_copy, dummy_rotate,
};

/* ---- Insertion ---- */

/* The red node's parent is red: recolour up while the uncle is red,
 * else one or two rotations end it. */
static void insert(struct rb_node *node, struct rb_root *root, augment_rotate_fn *rotate)
{
	struct rb_node *parent = red_parent(node), *gparent, *tmp;

	for (;;) {
		if (!parent) {
			set_parent_color(node, NULL, RB_BLACK);
			return;
		}
		if (rb_is_black(parent))
			return;
		gparent = red_parent(parent);
		tmp = gparent->rb_right;
		if (parent != tmp) {	/* parent is gparent's left */
			if (tmp && rb_is_red(tmp)) {
				set_parent_color(tmp, gparent, RB_BLACK);
				set_parent_color(parent, gparent, RB_BLACK);
				node = gparent;
				parent = rb_parent(node);
				set_parent_color(node, parent, RB_RED);
				continue;
			}
			tmp = parent->rb_right;
			if (node == tmp) {
				tmp = node->rb_left;
				parent->rb_right = tmp;
				node->rb_left = parent;
				if (tmp)
					set_parent_color(tmp, parent, RB_BLACK);
				set_parent_color(parent, node, RB_RED);
				rotate(parent, node);
				parent = node;
				tmp = node->rb_right;
			}
			gparent->rb_left = tmp;
			parent->rb_right = gparent;
			if (tmp)
				set_parent_color(tmp, gparent, RB_BLACK);
			rotate_set_parents(gparent, parent, root, RB_RED);
			rotate(gparent, parent);
			return;
		}
		tmp = gparent->rb_left;
		if (tmp && rb_is_red(tmp)) {
			set_parent_color(tmp, gparent, RB_BLACK);
			set_parent_color(parent, gparent, RB_BLACK);
			node = gparent;
			parent = rb_parent(node);
			set_parent_color(node, parent, RB_RED);
			continue;
		}
		tmp = parent->rb_left;
		if (node == tmp) {
			tmp = node->rb_right;
			parent->rb_left = tmp;
			node->rb_right = parent;
			if (tmp)
				set_parent_color(tmp, parent, RB_BLACK);
			set_parent_color(parent, node, RB_RED);
			rotate(parent, node);
			parent = node;
			tmp = node->rb_left;
		}
		gparent->rb_right = tmp;
		parent->rb_left = gparent;
		if (tmp)
			set_parent_color(tmp, gparent, RB_BLACK);
		rotate_set_parents(gparent, parent, root, RB_RED);
		rotate(gparent, parent);
		return;
	}
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	insert(node, root, dummy_rotate);
}
EXPORT_SYMBOL(rb_insert_color);

void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   augment_rotate_fn *rotate)
{
	insert(node, root, rotate);
}
EXPORT_SYMBOL(__rb_insert_augmented);

/* ---- Erasure ---- */

/* parent's subtree on node's side (node NULL at first) is one black
 * short: borrow from the sibling, or push the shortage up. */
static void erase_color(struct rb_node *parent, struct rb_root *root,
			augment_rotate_fn *rotate)
{
	struct rb_node *node = NULL, *sibling, *tmp1, *tmp2;

	for (;;) {
		sibling = parent->rb_right;
		if (node != sibling) {	/* node is parent's left */
			if (rb_is_red(sibling)) {
				tmp1 = sibling->rb_left;
				parent->rb_right = tmp1;
				sibling->rb_left = parent;
				set_parent_color(tmp1, parent, RB_BLACK);
				rotate_set_parents(parent, sibling, root, RB_RED);
				rotate(parent, sibling);
				sibling = tmp1;
			}
			tmp1 = sibling->rb_right;
			if (!tmp1 || rb_is_black(tmp1)) {
				tmp2 = sibling->rb_left;
				if (!tmp2 || rb_is_black(tmp2)) {
					set_parent_color(sibling, parent, RB_RED);
					if (rb_is_red(parent)) {
						parent->__rb_parent_color |= RB_BLACK;
					} else {
						node = parent;
						parent = rb_parent(node);
						if (parent)
							continue;
					}
					return;
				}
				tmp1 = tmp2->rb_right;
				sibling->rb_left = tmp1;
				tmp2->rb_right = sibling;
				parent->rb_right = tmp2;
				if (tmp1)
					set_parent_color(tmp1, sibling, RB_BLACK);
				rotate(sibling, tmp2);
				tmp1 = sibling;
				sibling = tmp2;
			}
			tmp2 = sibling->rb_left;
			parent->rb_right = tmp2;
			sibling->rb_left = parent;
			set_parent_color(tmp1, sibling, RB_BLACK);
			if (tmp2)
				set_parent(tmp2, parent);
			rotate_set_parents(parent, sibling, root, RB_BLACK);
			rotate(parent, sibling);
			return;
		}
		sibling = parent->rb_left;
		if (rb_is_red(sibling)) {
			tmp1 = sibling->rb_right;
			parent->rb_left = tmp1;
			sibling->rb_right = parent;
			set_parent_color(tmp1, parent, RB_BLACK);
			rotate_set_parents(parent, sibling, root, RB_RED);
			rotate(parent, sibling);
			sibling = tmp1;
		}
		tmp1 = sibling->rb_left;
		if (!tmp1 || rb_is_black(tmp1)) {
			tmp2 = sibling->rb_right;
			if (!tmp2 || rb_is_black(tmp2)) {
				set_parent_color(sibling, parent, RB_RED);
				if (rb_is_red(parent)) {
					parent->__rb_parent_color |= RB_BLACK;
				} else {
					node = parent;
					parent = rb_parent(node);
					if (parent)
						continue;
				}
				return;
			}
			tmp1 = tmp2->rb_left;
			sibling->rb_right = tmp1;
			tmp2->rb_left = sibling;
			parent->rb_left = tmp2;
			if (tmp1)
				set_parent_color(tmp1, sibling, RB_BLACK);
			rotate(sibling, tmp2);
			tmp1 = sibling;
			sibling = tmp2;
		}
		tmp2 = sibling->rb_right;
		parent->rb_left = tmp2;
		sibling->rb_right = parent;
		set_parent_color(tmp1, sibling, RB_BLACK);
		if (tmp2)
			set_parent(tmp2, parent);
		rotate_set_parents(parent, sibling, root, RB_BLACK);
		rotate(parent, sibling);
		return;
	}
}

void __rb_erase_color(struct rb_node *parent, struct rb_root *root,
		      augment_rotate_fn *rotate)
{
	erase_color(parent, root, rotate);
}
EXPORT_SYMBOL(__rb_erase_color);

/* Unlink node (its successor takes its place if it has two children);
 * the node below which a black went missing, or NULL. */
static struct rb_node *erase(struct rb_node *node, struct rb_root *root,
			     const struct rb_augment_callbacks *augment)
{
	struct rb_node *child = node->rb_right, *tmp = node->rb_left;
	struct rb_node *parent, *rebalance;
	unsigned long pc;

	if (!tmp) {
		pc = node->__rb_parent_color;
		parent = pc_parent(pc);
		change_child(node, child, parent, root);
		if (child) {
			child->__rb_parent_color = pc;
			rebalance = NULL;
		} else {
			rebalance = pc_is_black(pc) ? parent : NULL;
		}
		tmp = parent;
	} else if (!child) {
		tmp->__rb_parent_color = pc = node->__rb_parent_color;
		parent = pc_parent(pc);
		change_child(node, tmp, parent, root);
		rebalance = NULL;
		tmp = parent;
	} else {
		struct rb_node *successor = child, *child2;

		tmp = child->rb_left;
		if (!tmp) {
			parent = successor;
			child2 = successor->rb_right;
			augment->copy(node, successor);
		} else {
			do {
				parent = successor;
				successor = tmp;
				tmp = tmp->rb_left;
			} while (tmp);
			child2 = successor->rb_right;
			parent->rb_left = child2;
			successor->rb_right = child;
			set_parent(child, successor);
			augment->copy(node, successor);
			augment->propagate(parent, successor);
		}
		tmp = node->rb_left;
		successor->rb_left = tmp;
		set_parent(tmp, successor);
		pc = node->__rb_parent_color;
		tmp = pc_parent(pc);
		change_child(node, successor, tmp, root);
		if (child2) {
			set_parent_color(child2, parent, RB_BLACK);
			rebalance = NULL;
		} else {
			rebalance = rb_is_black(successor) ? parent : NULL;
		}
		successor->__rb_parent_color = pc;
		tmp = successor;
	}
	augment->propagate(tmp, NULL);
	return rebalance;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *rebalance = erase(node, root, &dummy_callbacks);

	if (rebalance)
		erase_color(rebalance, root, dummy_rotate);
}
EXPORT_SYMBOL(rb_erase);

/* ---- Walks ---- */

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_left)
		n = n->rb_left;
	return n;
}
EXPORT_SYMBOL(rb_first);

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_right)
		n = n->rb_right;
	return n;
}
EXPORT_SYMBOL(rb_last);

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (rb_empty(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}
EXPORT_SYMBOL(rb_next);

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (rb_empty(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}
EXPORT_SYMBOL(rb_prev);

void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		set_parent(victim->rb_left, new);
	if (victim->rb_right)
		set_parent(victim->rb_right, new);
	change_child(victim, new, parent, root);
}
EXPORT_SYMBOL(rb_replace_node);

/* new's fields are written before it is published, as for RCU readers. */
void rb_replace_node_rcu(struct rb_node *victim, struct rb_node *new,
			 struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		set_parent(victim->rb_left, new);
	if (victim->rb_right)
		set_parent(victim->rb_right, new);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	change_child(victim, new, parent, root);
}
EXPORT_SYMBOL(rb_replace_node_rcu);

static struct rb_node *left_deepest(const struct rb_node *node)
{
	for (;;) {
		if (node->rb_left)
			node = node->rb_left;
		else if (node->rb_right)
			node = node->rb_right;
		else
			return (struct rb_node *)node;
	}
}

struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	const struct rb_node *parent;

	if (!node)
		return NULL;
	parent = rb_parent(node);
	if (parent && node == parent->rb_left && parent->rb_right)
		return left_deepest(parent->rb_right);
	return (struct rb_node *)parent;
}
EXPORT_SYMBOL(rb_next_postorder);

struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	return root->rb_node ? left_deepest(root->rb_node) : NULL;
}
EXPORT_SYMBOL(rb_first_postorder);
