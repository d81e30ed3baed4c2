// SPDX-License-Identifier: MIT
/* modbin.c - kmod's binary index, mmap'd and searched as libkmod does. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "umod-tools.h"

#define INDEX_MAGIC		0xB007F457u
#define INDEX_VERSION_MAJOR	0x0002u
#define INDEX_NODE_PREFIX	0x80000000u
#define INDEX_NODE_VALUES	0x40000000u
#define INDEX_NODE_CHILDS	0x20000000u
#define INDEX_NODE_MASK		0x0FFFFFFFu
#define INDEX_CHILDMAX		128

struct node {
	uint32_t at;			/* its offset in the file */
	const char *prefix;
	unsigned int first, last;	/* first > last: no children */
	const unsigned char *children;
	uint32_t nvalues;
	const unsigned char *values;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int modbin_open(struct modbin *idx, const char *dirname, const char *file)
{
	char path[PATH_MAX];
	struct stat st;
	void *map;
	int fd, err = 0;

	memset(idx, 0, sizeof(*idx));
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dirname, file) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	idx->present = true;
	if (fstat(fd, &st) < 0 || st.st_size < 12)
		goto out;
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		err = -errno;
		goto out;
	}
	if (be32(map) != INDEX_MAGIC ||
	    be32((unsigned char *)map + 4) >> 16 != INDEX_VERSION_MAJOR) {
		munmap(map, st.st_size);
		goto out;
	}
	idx->map = map;
	idx->size = st.st_size;
	idx->root = be32((unsigned char *)map + 8);
out:
	close(fd);
	return err;
}

void modbin_close(struct modbin *idx)
{
	if (idx->map)
		munmap((void *)idx->map, idx->size);
	memset(idx, 0, sizeof(*idx));
}

/* A string at p, NULL unless its NUL is inside the map. */
static const char *string_at(const struct modbin *idx, const unsigned char *p)
{
	const unsigned char *end = idx->map + idx->size;

	return p < end && memchr(p, '\0', end - p) ? (const char *)p : NULL;
}

/* The node at offset, checked against the map's end; false if damaged. */
static bool read_node(const struct modbin *idx, uint32_t offset, struct node *n)
{
	const unsigned char *p, *end;
	uint32_t at = offset & INDEX_NODE_MASK;

	/* (an unusable index has no map, and size 0) */
	if (!at || at >= idx->size)
		return false;
	end = idx->map + idx->size;
	p = idx->map + at;
	n->at = at;
	n->prefix = "";
	if (offset & INDEX_NODE_PREFIX) {
		if (!(n->prefix = string_at(idx, p)))
			return false;
		p += strlen(n->prefix) + 1;
	}
	n->first = 1;
	n->last = 0;
	n->children = NULL;
	if (offset & INDEX_NODE_CHILDS) {
		if (end - p < 2 || p[0] > p[1] || p[1] >= INDEX_CHILDMAX)
			return false;
		n->first = p[0];
		n->last = p[1];
		n->children = p + 2;
		p += 2 + 4 * (n->last - n->first + 1);
		if (p > end)
			return false;
	}
	n->nvalues = 0;
	n->values = NULL;
	if (offset & INDEX_NODE_VALUES) {
		if (end - p < 4)
			return false;
		n->nvalues = be32(p);
		n->values = p + 4;
	}
	return true;
}

/* depmod writes a node's children before it: a child further on is a
 * damaged or hostile file, and would let a walk loop for ever. */
static bool read_child(const struct modbin *idx, const struct node *parent,
		       unsigned char ch, struct node *child)
{
	uint32_t offset;

	if (ch < parent->first || ch > parent->last)
		return false;
	offset = be32(parent->children + 4 * (ch - parent->first));
	if ((offset & INDEX_NODE_MASK) >= parent->at)
		return false;
	return read_node(idx, offset, child);
}

/* Value i's (priority, string) from *p on; false past the map's end. */
static bool next_value(const struct modbin *idx, const unsigned char **p,
		       uint32_t *priority, const char **value)
{
	if (idx->map + idx->size - *p < 4 || !(*value = string_at(idx, *p + 4)))
		return false;
	*priority = be32(*p);
	*p += 4 + strlen(*value) + 1;
	return true;
}

const char *modbin_search(const struct modbin *idx, const char *key)
{
	struct node n;
	uint32_t priority;
	const unsigned char *p;
	const char *value;
	size_t j;

	if (!read_node(idx, idx->root, &n))
		return NULL;
	for (;;) {
		for (j = 0; n.prefix[j]; j++)
			if (n.prefix[j] != key[j])
				return NULL;
		key += j;
		if (!*key)
			break;
		if (!read_child(idx, &n, *key++, &n))
			return NULL;
	}
	p = n.values;
	if (!n.nvalues || !next_value(idx, &p, &priority, &value))
		return NULL;
	return value;
}

/* ---- wildcard search ---- */

struct keybuf {
	char *s;
	size_t len, cap;
};

static bool key_push(struct keybuf *k, const char *s, size_t n)
{
	if (k->len + n + 1 > k->cap) {
		size_t cap = (k->len + n + 1) * 2;
		char *p = realloc(k->s, cap);

		if (!p)
			return false;
		k->s = p;
		k->cap = cap;
	}
	memcpy(k->s + k->len, s, n);
	k->len += n;
	k->s[k->len] = '\0';
	return true;
}

struct hit {
	uint32_t priority;
	size_t seq;
	const char *value;
};

/*
 * A damaged (or hostile) file could share one subtree among many parents
 * and make a walk exponential, or nest nodes deep enough to exhaust the
 * stack: a walk visits at most as many nodes and values as the file has
 * bytes, and follows keys no longer than any depmod writes.
 */
#define KEY_MAX 4096

struct wild {
	const struct modbin *idx;
	struct keybuf key;
	struct hit *v;
	size_t n, cap;
	size_t budget;			/* nodes left to visit */
	bool nomem;
};

static void add_values(struct wild *w, const struct node *n)
{
	const unsigned char *p = n->values;
	uint32_t priority;
	const char *value;

	for (uint32_t i = 0; i < n->nvalues && w->budget; i++, w->budget--) {
		if (!next_value(w->idx, &p, &priority, &value))
			return;
		if (w->n == w->cap) {
			size_t cap = w->cap ? w->cap * 2 : 16;
			struct hit *v = realloc(w->v, cap * sizeof(*v));

			if (!v) {
				w->nomem = true;
				return;
			}
			w->v = v;
			w->cap = cap;
		}
		w->v[w->n] = (struct hit){ priority, w->n, value };
		w->n++;
	}
}

/* Below a wildcard: every key of the subtree, tried whole with fnmatch. */
static void wild_all(struct wild *w, const struct node *n, size_t j,
		     const char *subkey)
{
	size_t had = w->key.len;
	struct node child;

	if (!w->budget || w->key.len > KEY_MAX)
		return;
	w->budget--;
	if (!key_push(&w->key, n->prefix + j, strlen(n->prefix + j))) {
		w->nomem = true;
		return;
	}
	for (unsigned int ch = n->first; ch <= n->last && !w->nomem; ch++) {
		char c = ch;

		if (!read_child(w->idx, n, ch, &child))
			continue;
		if (!key_push(&w->key, &c, 1)) {
			w->nomem = true;
			break;
		}
		wild_all(w, &child, 0, subkey);
		w->key.s[--w->key.len] = '\0';
	}
	if (n->nvalues && !fnmatch(w->key.s, subkey, 0))
		add_values(w, n);
	w->key.len = had;
	w->key.s[had] = '\0';
}

/* Each wildcard child of n, then on down key's path. */
static void wild_descend(struct wild *w, struct node n, const char *key)
{
	static const char wildcards[] = "*?[";
	struct node child;
	size_t j;

	for (;;) {
		for (j = 0; n.prefix[j]; j++) {
			char ch = n.prefix[j];

			if (ch == '*' || ch == '?' || ch == '[') {
				wild_all(w, &n, j, key + j);
				return;
			}
			if (ch != key[j])
				return;
		}
		key += j;
		for (const char *c = wildcards; *c; c++) {
			if (!read_child(w->idx, &n, *c, &child))
				continue;
			if (!key_push(&w->key, c, 1)) {
				w->nomem = true;
				return;
			}
			wild_all(w, &child, 0, key);
			w->key.s[--w->key.len] = '\0';
		}
		if (!*key) {
			add_values(w, &n);
			return;
		}
		if (!read_child(w->idx, &n, *key++, &n))
			return;
	}
}

/* libkmod inserts each value before the first of no lower priority: the
 * later of equal priorities comes first. */
static int hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return (x->seq < y->seq) - (x->seq > y->seq);
}

int modbin_search_wild(const struct modbin *idx, const char *key,
		       int (*cb)(const char *value, void *arg), void *arg)
{
	struct wild w = { .idx = idx, .budget = idx->size };
	struct node root;
	int ret = 0;

	if (!read_node(idx, idx->root, &root))
		return 0;
	if (!key_push(&w.key, "", 0))
		return -ENOMEM;
	wild_descend(&w, root, key);
	if (w.nomem) {
		ret = -ENOMEM;
		goto out;
	}
	if (w.n)
		qsort(w.v, w.n, sizeof(*w.v), hit_cmp);
	for (size_t i = 0; i < w.n && !ret; i++)
		ret = cb(w.v[i].value, arg);
	if (!ret)
		ret = w.n;
out:
	free(w.v);
	free(w.key.s);
	return ret;
}

/* ---- dump ---- */

static void dump_node(const struct modbin *idx, const struct node *n,
		      struct keybuf *k, size_t *budget, FILE *out)
{
	const unsigned char *p = n->values;
	size_t had = k->len;
	uint32_t priority;
	const char *value;
	struct node child;

	if (!*budget || k->len > KEY_MAX || !key_push(k, n->prefix, strlen(n->prefix)))
		return;
	--*budget;
	for (uint32_t i = 0; i < n->nvalues; i++) {
		if (!next_value(idx, &p, &priority, &value))
			break;
		fprintf(out, "%s %s\n", k->s, value);
	}
	for (unsigned int ch = n->first; ch <= n->last; ch++) {
		char c = ch;

		if (!read_child(idx, n, ch, &child) || !key_push(k, &c, 1))
			continue;
		dump_node(idx, &child, k, budget, out);
		k->s[--k->len] = '\0';
	}
	k->len = had;
	k->s[had] = '\0';
}

void modbin_dump(const struct modbin *idx, const char *prefix, FILE *out)
{
	struct keybuf k = { 0 };
	size_t budget = idx->size;
	struct node root;

	if (read_node(idx, idx->root, &root) && key_push(&k, prefix, strlen(prefix)))
		dump_node(idx, &root, &k, &budget, out);
	free(k.s);
}
