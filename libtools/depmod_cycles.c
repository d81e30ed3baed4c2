// SPDX-License-Identifier: MIT
/*
 * depmod_cycles.c - report dependency cycles, path by path, as kmod does.
 *
 * What the topological sort left over sits on a cycle or behind one.
 * From each such module in turn, every path is walked depth first; each
 * that comes back to its start is printed ("a -> b -> a").  The walk and
 * its bookkeeping are kmod's, quirks included, so the report is the same
 * lines in the same order.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "umod-tools.h"

struct vertex {
	struct vertex *parent;
	struct depmod_mod *mod;
};

/*
 * kmod's list of modules left to report on.  Its removal by value makes
 * the entry after the removed one the list's head (the list is circular),
 * and the order reports come in depends on that, so it is kept.
 */
struct modlist {
	struct depmod_mod **v;		/* v[0] is the head */
	struct depmod_mod **tmp;
	size_t n;
};

static void modlist_remove(struct modlist *l, const struct depmod_mod *mod)
{
	size_t i, k;

	for (i = 0; i < l->n && l->v[i] != mod; i++)
		;
	if (i == l->n)
		return;
	/* what followed it comes first, then what preceded it */
	for (k = 0; k < l->n - i - 1; k++)
		l->tmp[k] = l->v[i + 1 + k];
	for (size_t j = 0; j < i; j++)
		l->tmp[k++] = l->v[j];
	memcpy(l->v, l->tmp, k * sizeof(*l->v));
	l->n = k;
}

/* "a -> b -> a": from the root down the path to vertex, the root again. */
static void report_cycle(const struct vertex *vertex, struct modlist *roots,
			 struct strmap *loop_set)
{
	const struct vertex *v, **path;
	size_t len = strlen(vertex->mod->modname) + 1, n = 0;
	char *buf, *p;

	for (v = vertex->parent; v; v = v->parent, n++)
		len += strlen(v->mod->modname) + 4;
	path = malloc((n + 1) * sizeof(*path));
	p = buf = malloc(len);
	if (!path || !buf)
		goto out;
	n = 0;
	for (v = vertex->parent; v; v = v->parent) {
		path[n++] = v;
		strmap_set(loop_set, v->mod->modname, NULL, NULL);
	}
	while (n--) {
		p = stpcpy(stpcpy(p, path[n]->mod->modname), " -> ");
		modlist_remove(roots, path[n]->mod);
	}
	strcpy(p, vertex->mod->modname);
	tool_err("Cycle detected: %s\n", buf);
out:
	free(path);
	free(buf);
}

static bool on_path(const struct vertex *v, const struct depmod_mod *mod)
{
	for (; v; v = v->parent)
		if (v->mod == mod)
			return true;
	return false;
}

struct walk {
	struct vertex **all, **stack;
	size_t nall, nstack, cap;
};

static int walk_push(struct walk *w, struct vertex *parent, struct depmod_mod *mod)
{
	struct vertex *v;

	if (w->nall == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct vertex **a = realloc(w->all, cap * sizeof(*a)), **s;

		if (!a)
			return -ENOMEM;
		w->all = a;
		s = realloc(w->stack, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		w->stack = s;
		w->cap = cap;
	}
	v = malloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	*v = (struct vertex){ parent, mod };
	w->all[w->nall++] = v;
	w->stack[w->nstack++] = v;
	return 0;
}

/*
 * Depth first from root along every path, reporting each that comes back
 * to root; kmod's walk, visited flags kept across roots.  A path looping
 * without passing root is cut: kmod would walk it forever.
 */
static int cycles_from(struct depmod_mod *root, struct modlist *roots,
		       struct strmap *loop_set)
{
	struct walk w = { 0 };
	int err = walk_push(&w, NULL, root);

	while (!err && w.nstack) {
		struct vertex *v = w.stack[--w.nstack];
		struct depmod_mod *m = v->mod;

		if (m->visited && m == root) {
			report_cycle(v, roots, loop_set);
			continue;
		}
		m->visited = true;
		if (!m->ndeps) {
			modlist_remove(roots, m);
			continue;
		}
		for (size_t i = 0; !err && i < m->ndeps; i++)
			if (m->deps[i] == root || !on_path(v, m->deps[i]))
				err = walk_push(&w, v, m->deps[i]);
	}
	for (size_t i = 0; i < w.nall; i++)
		free(w.all[i]);
	free(w.all);
	free(w.stack);
	return err;
}

void depmod_report_cycles(struct depmod *d, const unsigned int *users)
{
	struct modlist roots = {
		calloc(d->nmodules + 1, sizeof(struct depmod_mod *)),
		calloc(d->nmodules + 1, sizeof(struct depmod_mod *)), 0
	};
	struct strmap loop_set;

	if (!roots.v || !roots.tmp) {
		tool_err("No memory to report cycles\n");
		goto out;
	}
	for (size_t i = 0; i < d->nmodules; i++)
		if (users[i] > 0)
			roots.v[roots.n++] = d->modules[i];
	strmap_init(&loop_set);
	while (roots.n) {
		struct depmod_mod *root = roots.v[0];

		/* removing the head: the next is the head, as plain removal */
		memmove(roots.v, roots.v + 1, --roots.n * sizeof(*roots.v));
		if (cycles_from(root, &roots, &loop_set)) {
			tool_err("No memory to report cycles\n");
			goto out_set;
		}
	}
	tool_err("Found %zu modules in dependency cycles!\n", loop_set.count);
out_set:
	strmap_free(&loop_set, NULL);
out:
	free(roots.v);
	free(roots.tmp);
}
