// SPDX-License-Identifier: MIT
/*
 * depmod_out.c - write depmod's files, in kmod's formats and orders.
 *
 * Text: modules.dep, modules.alias, modules.softdep, modules.symbols,
 * modules.devname.  Binary (what kmod's libkmod looks names up in):
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

struct index_node {
	char *prefix;
	struct index_value *values;
	unsigned char first, last;	/* child range; first > last: none */
	struct index_node *children[INDEX_CHILDMAX];
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		CRIT("out of memory\n");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		CRIT("out of memory\n");
	return p;
}

static struct index_node *index_node_new(const char *prefix)
{
	struct index_node *n = xcalloc(1, sizeof(*n));

	n->prefix = xstrdup(prefix);
	n->first = INDEX_CHILDMAX;
	return n;
}

static void index_free(struct index_node *n)
{
	for (int c = n->first; c <= n->last && c < INDEX_CHILDMAX; c++)
		if (n->children[c])
			index_free(n->children[c]);
	for (struct index_value *v = n->values, *next; v; v = next) {
		next = v->next;
		free(v);
	}
	free(n->prefix);
	free(n);
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
static bool add_value(struct index_value **values, const char *value,
		      unsigned int priority)
{
	size_t len = strlen(value) + 1;
	struct index_value *v;
	bool dup = false;

	for (v = *values; v; v = v->next)
		dup |= !strcmp(v->value, value);
	while (*values && (*values)->priority < priority)
		values = &(*values)->next;
	v = xcalloc(1, sizeof(*v) + len);
	memcpy(v->value, value, len);
	v->priority = priority;
	v->next = *values;
	*values = v;
	return dup;
}

static void set_child(struct index_node *n, int ch, struct index_node *child)
{
	n->children[ch] = child;
	if (ch < n->first)
		n->first = ch;
	if (ch > n->last)
		n->last = ch;
}

/* Returns whether the key already had this value. */
static bool index_insert(struct index_node *node, const char *key,
			 const char *value, unsigned int priority)
{
	size_t i = 0;

	if (!is_ascii(key) || !is_ascii(value))
		return false;
	for (;;) {
		size_t j;
		int ch;

		/* split the node where its prefix and the key part */
		for (j = 0; node->prefix[j]; j++) {
			if (node->prefix[j] == key[i + j])
				continue;
			struct index_node *tail = xcalloc(1, sizeof(*tail));

			*tail = *node;
			tail->prefix = xstrdup(&node->prefix[j + 1]);
			ch = node->prefix[j];
			node->prefix[j] = '\0';
			memset(node->children, 0, sizeof(node->children));
			node->values = NULL;
			node->first = node->last = ch;
			node->children[ch] = tail;
			break;
		}
		i += j;
		ch = (unsigned char)key[i];
		if (!ch)
			return add_value(&node->values, value, priority);
		if (!node->children[ch]) {
			struct index_node *child = index_node_new(&key[i + 1]);

			set_child(node, ch, child);
			add_value(&child->values, value, priority);
			return false;
		}
		node = node->children[ch];
		i++;
	}
}

static void put_be32(FILE *out, uint32_t v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };

	fwrite(b, 1, 4, out);
}

static bool has_children(const struct index_node *n)
{
	return n->first < INDEX_CHILDMAX;
}

/* Children first, so a node's child offsets are known when it is written. */
static uint32_t index_write_node(const struct index_node *n, FILE *out)
{
	uint32_t offs[INDEX_CHILDMAX], offset;
	int count = 0;

	if (!n)
		return 0;
	if (has_children(n)) {
		count = n->last - n->first + 1;
		for (int i = 0; i < count; i++)
			offs[i] = index_write_node(n->children[n->first + i], out);
	}
	offset = ftell(out);
	if (n->prefix[0]) {
		fputs(n->prefix, out);
		fputc('\0', out);
		offset |= NODE_PREFIX;
	}
	if (count) {
		fputc(n->first, out);
		fputc(n->last, out);
		for (int i = 0; i < count; i++)
			put_be32(out, offs[i]);
		offset |= NODE_CHILDS;
	}
	if (n->values) {
		uint32_t nv = 0;

		for (const struct index_value *v = n->values; v; v = v->next)
			nv++;
		put_be32(out, nv);
		for (const struct index_value *v = n->values; v; v = v->next) {
			put_be32(out, v->priority);
			fputs(v->value, out);
			fputc('\0', out);
		}
		offset |= NODE_VALUES;
	}
	return offset;
}

static void index_write(const struct index_node *root, FILE *out)
{
	long at, end;
	uint32_t offset;

	put_be32(out, INDEX_MAGIC);
	put_be32(out, INDEX_VERSION);
	at = ftell(out);
	put_be32(out, 0);		/* the root's offset, filled in below */
	offset = index_write_node(root, out);
	end = ftell(out);
	fseek(out, at, SEEK_SET);
	put_be32(out, offset);
	fseek(out, end, SEEK_SET);
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

static int output_deps_bin(struct depmod *d, FILE *out)
{
	struct deplist l = { 0 };
	struct index_node *idx;

	if (out == stdout)
		return 0;
	idx = index_node_new("");
	for (size_t i = 0; i < d->nmodules; i++) {
		const struct mod *mod = d->modules[i];
		char *line;
		size_t len;
		FILE *s;

		l.n = 0;
		if (mod->ndeps && all_deps(mod, &l))
			continue;
		s = open_memstream(&line, &len);
		if (!s)
			CRIT("out of memory\n");
		fprintf(s, "%s:", mod_path(mod));
		for (size_t j = 0; j < l.n; j++)
			fprintf(s, " %s", mod_path(l.v[j]));
		fclose(s);
		if (index_insert(idx, mod->modname, line, mod->idx) &&
		    d->cfg->warn_dups)
			WRN("duplicate module deps:\n%s\n", line);
		free(line);
	}
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
	struct index_node *idx;
	char alias[PATH_MAX];

	if (out == stdout)
		return 0;
	idx = index_node_new("");
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
	struct index_node *idx;

	if (out == stdout)
		return 0;
	v = symbols_in_order(d);
	idx = index_node_new("");
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
	struct index_node *idx;
	FILE *in;

	if (out == stdout)
		return 0;
	in = open_in(d->cfg->dirname, "modules.builtin");
	if (!in)
		return 0;
	idx = index_node_new("");
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
	struct index_node *idx;
	size_t len;
	FILE *in;
	int ret = 0;

	if (out == stdout)
		return 0;
	in = open_in(d->cfg->dirname, "modules.builtin.modinfo");
	if (!in)
		return 0;
	idx = index_node_new("");
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
	{ "modules.symbols", output_symbols },
	{ "modules.symbols.bin", output_symbols_bin },
	{ "modules.builtin.bin", output_builtin_bin },
	{ "modules.builtin.alias.bin", output_builtin_alias_bin },
	{ "modules.devname", output_devname },
};

/* A temporary file beside the real one, renamed over it when complete. */
static int write_file(struct depmod *d, int dfd, const struct depfile *f,
		      const struct timeval *tv)
{
	const char *dname = d->cfg->dirname;
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
	dfd = open(d->cfg->dirname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		err = -errno;
		CRIT("could not open directory %s: %m\n", d->cfg->dirname);
		return err;
	}
	for (size_t i = 0; !err && i < sizeof(depfiles) / sizeof(*depfiles); i++)
		err = write_file(d, dfd, &depfiles[i], &tv);
	close(dfd);
	return err;
}
