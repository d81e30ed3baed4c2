// SPDX-License-Identifier: MIT
/*
 * depmod_out.c - write depmod's files, in kmod's formats and orders.
 *
 * Text: modules.dep, modules.alias, modules.softdep, modules.weakdep
 * (kmod 34's), modules.symbols, modules.devname.  Binary (what kmod's libkmod looks names up in):
 * modules.dep.bin, modules.alias.bin, modules.symbols.bin,
 * modules.builtin.bin, modules.builtin.alias.bin.  Each file is written
 * to a temporary name and renamed into place.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "depmod.h"
#include "modindex.h"

/* ---- the index format of module-init-tools and kmod ----
 *
 * A trie of 7-bit keys, nodes written children first.  Header: magic,
 * version, offset of the root.  A node: its prefix (NUL-terminated) if
 * any; the child range first..last and an offset for each; its values,
 * each with a priority, lowest first.  Offsets are big-endian, their top
 * bits flag what the node has.
 */
#define INDEX_MAGIC	0xB007F457u
#define INDEX_VERSION	0x00020001u
#define INDEX_CHILDMAX	128
#define NODE_PREFIX	0x80000000u
#define NODE_VALUES	0x40000000u
#define NODE_CHILDS	0x20000000u

struct index_value {
	struct index_value *next;
	unsigned int priority;
	char value[];
};

/* Children in a list by byte, not a 128-pointer table: most nodes have
 * one or two. */
struct index_node {
	const char *prefix;
	struct index_value *values;
	struct index_node *children;	/* by ch, ascending */
	struct index_node *sibling;
	unsigned char ch;		/* the byte that leads here from the parent */
};

/* Nodes, values and prefixes come from one arena, freed in one go. */
struct arena_chunk {
	struct arena_chunk *next;
	max_align_t data[];
};

struct index {
	struct index_node *root;
	struct arena_chunk *chunks;
	char *free;
	size_t left;
};

#define ARENA_CHUNK	(256 * 1024)

static void *arena_alloc(struct index *idx, size_t size)
{
	size_t align = _Alignof(max_align_t);
	void *p;

	size = (size + align - 1) & ~(align - 1);
	if (size > idx->left) {
		size_t room = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		struct arena_chunk *c = malloc(sizeof(*c) + room);

		if (!c)
			CRIT("out of memory\n");
		c->next = idx->chunks;
		idx->chunks = c;
		idx->free = (char *)c->data;
		idx->left = room;
	}
	p = idx->free;
	idx->free += size;
	idx->left -= size;
	return p;
}

static const char *arena_strdup(struct index *idx, const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(arena_alloc(idx, len), s, len);
}

static struct index_node *index_node_new(struct index *idx, const char *prefix)
{
	struct index_node *n = arena_alloc(idx, sizeof(*n));

	*n = (struct index_node){ .prefix = arena_strdup(idx, prefix) };
	return n;
}

static struct index *index_new(void)
{
	struct index *idx = calloc(1, sizeof(*idx));

	if (!idx)
		CRIT("out of memory\n");
	idx->root = index_node_new(idx, "");
	return idx;
}

static void index_free(struct index *idx)
{
	for (struct arena_chunk *c = idx->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(idx);
}

/* The trie has 128 children a node: keys and values are 7-bit. */
static bool is_ascii(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= INDEX_CHILDMAX) {
			ERR("Module index: bad character '%c'=0x%x - only 7-bit ASCII is supported:\n%s\n",
			    *p, (unsigned char)*p, s);
			return false;
		}
	return true;
}

/* Sorted by priority; an equal one goes first.  Whether value was there. */
static bool add_value(struct index *idx, struct index_value **values,
		      const char *value, unsigned int priority)
{
	size_t len = strlen(value) + 1;
	struct index_value *v;
	bool dup = false;

	for (v = *values; v; v = v->next)
		dup |= !strcmp(v->value, value);
	while (*values && (*values)->priority < priority)
		values = &(*values)->next;
	v = arena_alloc(idx, sizeof(*v) + len);
	memcpy(v->value, value, len);
	v->priority = priority;
	v->next = *values;
	*values = v;
	return dup;
}

/* Where the child for ch is, or would go, in n's list. */
static struct index_node **child_slot(struct index_node *n, unsigned char ch)
{
	struct index_node **c = &n->children;

	while (*c && (*c)->ch < ch)
		c = &(*c)->sibling;
	return c;
}

/* Splits n where its prefix and the key part, at prefix[j]. */
static void split_node(struct index *idx, struct index_node *n, size_t j)
{
	struct index_node *tail = arena_alloc(idx, sizeof(*tail));
	char *head;

	*tail = *n;
	tail->prefix = n->prefix + j + 1;
	tail->ch = n->prefix[j];
	tail->sibling = NULL;
	head = arena_alloc(idx, j + 1);
	memcpy(head, n->prefix, j);
	head[j] = '\0';
	n->prefix = head;
	n->values = NULL;
	n->children = tail;
}

/* Returns whether the key already had this value. */
static bool index_insert(struct index *idx, const char *key, const char *value,
			 unsigned int priority)
{
	struct index_node *node = idx->root, **slot, *child;
	size_t i = 0;

	if (!is_ascii(key) || !is_ascii(value))
		return false;
	for (;;) {
		size_t j;
		unsigned char ch;

		for (j = 0; node->prefix[j]; j++)
			if (node->prefix[j] != key[i + j]) {
				split_node(idx, node, j);
				break;
			}
		i += j;
		ch = key[i];
		if (!ch)
			return add_value(idx, &node->values, value, priority);
		slot = child_slot(node, ch);
		if (!*slot || (*slot)->ch != ch) {
			child = index_node_new(idx, &key[i + 1]);
			child->ch = ch;
			child->sibling = *slot;
			*slot = child;
			add_value(idx, &child->values, value, priority);
			return false;
		}
		node = *slot;
		i++;
	}
}

/* The file is made in memory and written at once. */
struct outbuf {
	unsigned char *p;
	size_t len, cap;
};

static void *out_room(struct outbuf *b, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 64 * 1024;

		while (cap < b->len + n)
			cap *= 2;
		if (!(b->p = realloc(b->p, cap)))
			CRIT("out of memory\n");
		b->cap = cap;
	}
	b->len += n;
	return b->p + b->len - n;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void out_be32(struct outbuf *b, uint32_t v)
{
	put_be32(out_room(b, 4), v);
}

static void out_str(struct outbuf *b, const char *s)
{
	size_t len = strlen(s) + 1;

	memcpy(out_room(b, len), s, len);
}

/* Children first, so a node's child offsets are known when it is written. */
static uint32_t index_write_node(const struct index_node *n, struct outbuf *b)
{
	uint32_t offs[INDEX_CHILDMAX] = { 0 }, offset;
	unsigned int first = INDEX_CHILDMAX, last = 0;

	for (const struct index_node *c = n->children; c; c = c->sibling) {
		offs[c->ch] = index_write_node(c, b);
		if (c->ch < first)
			first = c->ch;
		last = c->ch;
	}
	offset = b->len;
	if (n->prefix[0]) {
		out_str(b, n->prefix);
		offset |= NODE_PREFIX;
	}
	if (n->children) {
		unsigned char *range = out_room(b, 2);

		range[0] = first;
		range[1] = last;
		for (unsigned int ch = first; ch <= last; ch++)
			out_be32(b, offs[ch]);
		offset |= NODE_CHILDS;
	}
	if (n->values) {
		uint32_t nv = 0;

		for (const struct index_value *v = n->values; v; v = v->next)
			nv++;
		out_be32(b, nv);
		for (const struct index_value *v = n->values; v; v = v->next) {
			out_be32(b, v->priority);
			out_str(b, v->value);
		}
		offset |= NODE_VALUES;
	}
	return offset;
}

static void index_write(const struct index *idx, FILE *out)
{
	struct outbuf b = { 0 };
	uint32_t root;

	out_be32(&b, INDEX_MAGIC);
	out_be32(&b, INDEX_VERSION);
	out_be32(&b, 0);		/* the root's offset, filled in below */
	root = index_write_node(idx->root, &b);
	put_be32(b.p + 8, root);
	fwrite(b.p, 1, b.len, out);
	free(b.p);
}

/* ---- modules.dep ---- */

static const char *mod_path(const struct mod *mod)
{
	return mod->relpath ? mod->relpath : mod->path;
}

static int dep_cmp(const void *a, const void *b)
{
	const struct mod *x = *(struct mod *const *)a, *y = *(struct mod *const *)b;

	return (x->dep_sort_idx > y->dep_sort_idx) - (x->dep_sort_idx < y->dep_sort_idx);
}

struct deplist {
	const struct mod **v;
	size_t n, cap;
};

/* Everything mod needs, directly or not, each once, in topological order. */
static int collect_deps(const struct mod *mod, struct deplist *l)
{
	for (size_t i = 0; i < mod->ndeps; i++) {
		const struct mod *d = mod->deps[i];
		bool seen = false;

		for (size_t j = 0; j < l->n && !seen; j++)
			seen = l->v[j] == d;
		if (seen)
			continue;
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 16;
			const struct mod **v = realloc(l->v, cap * sizeof(*v));

			if (!v)
				return -ENOMEM;
			l->v = v;
			l->cap = cap;
		}
		l->v[l->n++] = d;
		if (collect_deps(d, l))
			return -ENOMEM;
	}
	return 0;
}

static int all_deps(const struct mod *mod, struct deplist *l)
{
	l->n = 0;
	if (collect_deps(mod, l)) {
		ERR("could not get all sorted dependencies of %s\n", mod_path(mod));
		return -ENOMEM;
	}
	qsort(l->v, l->n, sizeof(*l->v), dep_cmp);
	return 0;
}

static int output_deps(struct depmod *d, FILE *out)
{
	struct deplist l = { 0 };

	for (size_t i = 0; i < d->nmodules; i++) {
		const struct mod *mod = d->modules[i];

		fprintf(out, "%s:", mod_path(mod));
		if (mod->ndeps && !all_deps(mod, &l))
			for (size_t j = 0; j < l.n; j++)
				fprintf(out, " %s", mod_path(l.v[j]));
		putc('\n', out);
	}
	free(l.v);
	return 0;
}

/* A line built in one buffer, reused for every module's. */
struct linebuf {
	char *s;
	size_t len, cap;
};

static void line_put(struct linebuf *b, const char *sep, const char *str)
{
	size_t a = strlen(sep), n = strlen(str);

	if (b->len + a + n + 1 > b->cap) {
		b->cap = 2 * (b->len + a + n + 1);
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			CRIT("out of memory\n");
	}
	memcpy(b->s + b->len, sep, a);
	memcpy(b->s + b->len + a, str, n + 1);
	b->len += a + n;
}

static int output_deps_bin(struct depmod *d, FILE *out)
{
	struct deplist l = { 0 };
	struct linebuf line = { 0 };
	struct index *idx;

	if (out == stdout)
		return 0;
	idx = index_new();
	for (size_t i = 0; i < d->nmodules; i++) {
		const struct mod *mod = d->modules[i];

		l.n = 0;
		if (mod->ndeps && all_deps(mod, &l))
			continue;
		line.len = 0;
		line_put(&line, "", mod_path(mod));
		line_put(&line, ":", "");
		for (size_t j = 0; j < l.n; j++)
			line_put(&line, " ", mod_path(l.v[j]));
		if (index_insert(idx, mod->modname, line.s, mod->idx) &&
		    d->cfg->warn_dups)
			WRN("duplicate module deps:\n%s\n", line.s);
	}
	free(line.s);
	free(l.v);
	index_write(idx, out);
	index_free(idx);
	return 0;
}

/* ---- modules.alias, modules.softdep ---- */

static bool is_key(const struct modinfo_entry *e, const char *key)
{
	return !strcmp(e->key, key);
}

static int output_aliases(struct depmod *d, FILE *out)
{
	fputs("# Aliases extracted from modules themselves.\n", out);
	for (size_t i = 0; i < d->nmodules; i++) {
		const struct mod *mod = d->modules[i];

		for (size_t j = 0; j < mod->ninfo; j++)
			if (is_key(&mod->info[j], "alias"))
				fprintf(out, "alias %s %s\n", mod->info[j].value,
					mod->modname);
	}
	return 0;
}

static int output_aliases_bin(struct depmod *d, FILE *out)
{
	struct index *idx;
	char alias[PATH_MAX];

	if (out == stdout)
		return 0;
	idx = index_new();
	for (size_t i = 0; i < d->nmodules; i++) {
		const struct mod *mod = d->modules[i];

		for (size_t j = 0; j < mod->ninfo; j++) {
			const char *value = mod->info[j].value;

			if (!is_key(&mod->info[j], "alias"))
				continue;
			if (modindex_alias(value, alias, sizeof(alias))) {
				WRN("Unmatched bracket in %s\n", value);
				continue;
			}
			if (index_insert(idx, alias, mod->modname, mod->idx) &&
			    d->cfg->warn_dups)
				WRN("duplicate module alias:\n%s %s\n", alias,
				    mod->modname);
		}
	}
	index_write(idx, out);
	index_free(idx);
	return 0;
}

static int output_softdeps(struct depmod *d, FILE *out)
{
	fputs("# Soft dependencies extracted from modules themselves.\n", out);
	for (size_t i = 0; i < d->nmodules; i++) {
		const struct mod *mod = d->modules[i];

		for (size_t j = 0; j < mod->ninfo; j++)
			if (is_key(&mod->info[j], "softdep"))
				fprintf(out, "softdep %s %s\n", mod->modname,
					mod->info[j].value);
	}
	return 0;
}

/* kmod 34's: MODULE_WEAKDEP's "weakdep=" entries. */
static int output_weakdeps(struct depmod *d, FILE *out)
{
	fputs("# Weak dependencies extracted from modules themselves.\n", out);
	for (size_t i = 0; i < d->nmodules; i++) {
		const struct mod *mod = d->modules[i];

		for (size_t j = 0; j < mod->ninfo; j++)
			if (is_key(&mod->info[j], "weakdep"))
				fprintf(out, "weakdep %s %s\n", mod->modname,
					mod->info[j].value);
	}
	return 0;
}

/* ---- modules.symbols: in kmod's symbol hash order ---- */

static struct strmap_entry **symbols_in_order(struct depmod *d)
{
	struct strmap_entry **v = strmap_kmod_order(&d->symbols, 2048);

	if (!v)
		CRIT("out of memory\n");
	return v;
}

static int output_symbols(struct depmod *d, FILE *out)
{
	struct strmap_entry **v = symbols_in_order(d);

	fputs("# Aliases for symbols, used by symbol_request().\n", out);
	for (size_t i = 0; v[i]; i++) {
		const struct symbol *sym = v[i]->value;

		if (sym->owner)
			fprintf(out, "alias symbol:%s %s\n", sym->name,
				sym->owner->modname);
	}
	free(v);
	return 0;
}

static int output_symbols_bin(struct depmod *d, FILE *out)
{
	struct strmap_entry **v;
	struct index *idx;

	if (out == stdout)
		return 0;
	v = symbols_in_order(d);
	idx = index_new();
	for (size_t i = 0; v[i]; i++) {
		const struct symbol *sym = v[i]->value;
		char *alias;

		if (!sym->owner)
			continue;
		if (asprintf(&alias, "symbol:%s", sym->name) < 0)
			CRIT("out of memory\n");
		if (index_insert(idx, alias, sym->owner->modname, sym->owner->idx) &&
		    d->cfg->warn_dups)
			WRN("duplicate module syms:\n%s %s\n", alias,
			    sym->owner->modname);
		free(alias);
	}
	free(v);
	index_write(idx, out);
	index_free(idx);
	return 0;
}

/* ---- built-in modules, from the kernel build's lists ---- */

static FILE *open_in(const char *dir, const char *name)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd;
	FILE *fp = NULL;

	if (dfd < 0) {
		WRN("could not open directory %s: %m\n", dir);
		return NULL;
	}
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		WRN("could not open %s at %s: %m\n", name, dir);
	else if (!(fp = fdopen(fd, "r"))) {
		WRN("could not associate stream with %s: %m\n", name);
		close(fd);
	}
	close(dfd);
	return fp;
}

static int output_builtin_bin(struct depmod *d, FILE *out)
{
	char line[PATH_MAX], modname[PATH_MAX];
	struct index *idx;
	FILE *in;

	if (out == stdout)
		return 0;
	in = open_in(d->cfg->dirname, "modules.builtin");
	if (!in)
		return 0;
	idx = index_new();
	while (fgets(line, sizeof(line), in)) {
		if (!isalpha((unsigned char)line[0])) {
			ERR("Invalid modules.builtin line: %s\n", line);
			continue;
		}
		modfile_name_from_path(line, modname, sizeof(modname));
		index_insert(idx, modname, "", 0);
	}
	index_write(idx, out);
	index_free(idx);
	fclose(in);
	return 0;
}

/*
 * Reads up to end (or a NUL, or EOF) into dst; the length read when it
 * stopped at end, else 0.  kmod's reader of modules.builtin.modinfo.
 */
static size_t read_until(FILE *in, int end, char *dst, size_t size)
{
	size_t i = 0;
	int c;

	while ((c = fgetc(in)) != EOF && c != end && c != '\0' && i < size)
		dst[i++] = c;
	if (i == size) {
		WRN("Could not flush stream: %d. Partial content: %.*s\n",
		    ENOSPC, (int)size, dst);
		i--;
	}
	return c == end ? i : 0;
}

static void skip_until(FILE *in, int end)
{
	int c;

	while ((c = fgetc(in)) != EOF && c != end && c != '\0')
		;
}

/* "module.alias=pattern" entries, as modules.alias does for modules. */
static int output_builtin_alias_bin(struct depmod *d, FILE *out)
{
	char modname[PATH_MAX], value[PATH_MAX], alias[PATH_MAX];
	struct index *idx;
	size_t len;
	FILE *in;
	int ret = 0;

	if (out == stdout)
		return 0;
	in = open_in(d->cfg->dirname, "modules.builtin.modinfo");
	if (!in)
		return 0;
	idx = index_new();
	while (!feof(in) && !ferror(in)) {
		len = read_until(in, '.', modname, sizeof(modname));
		modname[len] = '\0';
		if (!len)
			continue;
		len = read_until(in, '=', value, sizeof(value));
		value[len] = '\0';
		if (strcmp(value, "alias")) {
			skip_until(in, '\0');
			continue;
		}
		len = read_until(in, '\0', value, sizeof(value));
		value[len] = '\0';
		if (!len)
			continue;
		if (modindex_alias(value, alias, sizeof(alias))) {
			WRN("Unmatched bracket in %s\n", value);
			continue;
		}
		index_insert(idx, alias, modname, 0);
	}
	if (ferror(in))
		ret = -EINVAL;
	else
		index_write(idx, out);
	index_free(idx);
	fclose(in);
	return ret;
}

/* ---- modules.devname ---- */

/* A "devname:" alias with a char-major-M-m or block-major-M-m one. */
static int output_devname(struct depmod *d, FILE *out)
{
	bool empty = true;

	for (size_t i = 0; i < d->nmodules; i++) {
		const struct mod *mod = d->modules[i];
		const char *devname = NULL;
		unsigned int major = 0, minor = 0, maj, min;
		char type = '\0';

		for (size_t j = 0; j < mod->ninfo; j++) {
			const char *value = mod->info[j].value;

			if (!is_key(&mod->info[j], "alias"))
				continue;
			if (!strncmp(value, "devname:", 8))
				devname = value + 8;
			else if (sscanf(value, "char-major-%u-%u", &maj, &min) == 2) {
				type = 'c';
				major = maj;
				minor = min;
			} else if (sscanf(value, "block-major-%u-%u", &maj, &min) == 2) {
				type = 'b';
				major = maj;
				minor = min;
			}
			if (type && devname)
				break;
		}
		if (!devname)
			continue;
		if (!type) {
			ERR("Module '%s' has devname (%s) but lacks major and minor information. Ignoring.\n",
			    mod->modname, devname);
			continue;
		}
		if (empty) {
			fputs("# Device nodes to trigger on-demand module loading.\n", out);
			empty = false;
		}
		fprintf(out, "%s %s %c%u:%u\n", mod->modname, devname, type, major, minor);
	}
	return 0;
}

/* ---- writing ---- */

static const struct depfile {
	const char *name;
	int (*write)(struct depmod *d, FILE *out);
} depfiles[] = {
	{ "modules.dep", output_deps },
	{ "modules.dep.bin", output_deps_bin },
	{ "modules.alias", output_aliases },
	{ "modules.alias.bin", output_aliases_bin },
	{ "modules.softdep", output_softdeps },
	{ "modules.weakdep", output_weakdeps },
	{ "modules.symbols", output_symbols },
	{ "modules.symbols.bin", output_symbols_bin },
	{ "modules.builtin.bin", output_builtin_bin },
	{ "modules.builtin.alias.bin", output_builtin_alias_bin },
	{ "modules.devname", output_devname },
};

/* path and its missing parents, as kmod 34 makes -o's directory. */
static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		if (!c)
			break;
		*p = c;
	}
	return 0;
}

/* A temporary file beside the real one, renamed over it when complete. */
static int write_file(struct depmod *d, int dfd, const struct depfile *f,
		      const struct timeval *tv)
{
	const char *dname = d->cfg->outdirname;
	char tmp[NAME_MAX + 1];
	int fd, r, ferr;
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.%i.%li.%li", f->name, getpid(),
		 (long)tv->tv_usec, (long)tv->tv_sec);
	fd = openat(dfd, tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0) {
		ERR("openat(%s, %s, %o, %o): %m\n", dname, tmp,
		    O_CREAT | O_EXCL | O_WRONLY, 0644);
		return 0;	/* the other files are still worth writing */
	}
	fp = fdopen(fd, "wb");
	if (!fp) {
		ERR("fdopen(%d=%s/%s): %m\n", fd, dname, tmp);
		close(fd);
		return 0;
	}
	r = f->write(d, fp);
	ferr = ferror(fp) | fclose(fp);
	if (r < 0) {
		if (unlinkat(dfd, tmp, 0))
			ERR("unlinkat(%s, %s): %m\n", dname, tmp);
		ERR("Could not write index '%s': %s\n", f->name, strerror(-r));
		return r;
	}
	if (renameat(dfd, tmp, dfd, f->name)) {
		r = -errno;
		CRIT("renameat(%s, %s, %s, %s): %m\n", dname, tmp, dname, f->name);
		return r;
	}
	if (ferr) {
		ERR("Could not create index '%s'. Output is truncated: %s\n",
		    f->name, strerror(ENOSPC));
		return -ENOSPC;
	}
	return 0;
}

int depmod_output(struct depmod *d, FILE *out)
{
	struct timeval tv;
	int dfd, err = 0;

	if (out) {
		for (size_t i = 0; i < sizeof(depfiles) / sizeof(*depfiles); i++)
			depfiles[i].write(d, out);
		return 0;
	}
	gettimeofday(&tv, NULL);
	err = mkdir_p(d->cfg->outdirname);
	if (err < 0) {
		CRIT("could not create directory %s: %s\n", d->cfg->outdirname,
		     strerror(-err));
		return err;
	}
	dfd = open(d->cfg->outdirname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		err = -errno;
		CRIT("could not open directory %s: %m\n", d->cfg->outdirname);
		return err;
	}
	for (size_t i = 0; !err && i < sizeof(depfiles) / sizeof(*depfiles); i++)
		err = write_file(d, dfd, &depfiles[i], &tv);
	close(dfd);
	return err;
}
