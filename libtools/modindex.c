// SPDX-License-Identifier: MIT
/* modindex.c - find the module directory and look names up in depmod's
 * indexes: the binary ones in place, the text ones where those are missing. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "umod-tools.h"

int modindex_dirname(char *buf, size_t len, const char *basedir,
		     const char *release)
{
	struct utsname u;
	char *abs;
	int n;

	if (!release) {
		if (uname(&u) < 0)
			return -errno;
		release = u.release;
	}
	n = snprintf(buf, len, "%s/lib/modules/%s", basedir ? basedir : "", release);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	/* a relative base is taken from the working directory, as kmod does */
	if (buf[0] == '/')
		return 0;
	abs = modindex_absolute(buf);
	if (!abs)
		return -ENOMEM;
	n = snprintf(buf, len, "%s", abs);
	free(abs);
	return (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int modindex_read(const char *dirname, const char *file, char **text,
		  size_t *len)
{
	char path[PATH_MAX];
	struct stat st;
	ssize_t r;
	size_t done = 0;
	char *p;
	int fd, err = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dirname, file) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out;
	}
	p = malloc(st.st_size + 1);
	if (!p) {
		err = -ENOMEM;
		goto out;
	}
	while (done < (size_t)st.st_size) {
		r = read(fd, p + done, st.st_size - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		done += r;
	}
	p[done] = '\0';
	*text = p;
	if (len)
		*len = done;
out:
	close(fd);
	return err;
}

char *modindex_absolute(const char *path)
{
	char *cwd, *s;

	if (path[0] == '/')
		return strdup(path);
	cwd = get_current_dir_name();
	if (!cwd)
		return NULL;
	if (asprintf(&s, "%s/%s", cwd, path) < 0)
		s = NULL;
	free(cwd);
	return s;
}

char *modindex_path(const char *dirname, const char *path)
{
	char *s;

	if (path[0] == '/')
		return strdup(path);
	if (asprintf(&s, "%s/%s", dirname, path) < 0)
		return NULL;
	return s;
}

char *modindex_modname(const char *name, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && name[i] && name[i] != '.'; i++)
		buf[i] = name[i] == '-' ? '_' : name[i];
	buf[i] = '\0';
	return buf;
}

int modindex_alias(const char *alias, char *buf, size_t len)
{
	size_t i;

	for (i = 0; alias[i] && i + 1 < len; i++) {
		if (alias[i] == ']')
			return -EINVAL;
		if (alias[i] == '[') {
			/* a range such as [0-9] keeps its dash */
			for (; alias[i] && alias[i] != ']' && i + 1 < len; i++)
				buf[i] = alias[i];
			if (alias[i] != ']')
				return -EINVAL;
		}
		buf[i] = alias[i] == '-' ? '_' : alias[i];
	}
	buf[i] = '\0';
	return 0;
}

/* ---- modules.dep ---- */

static int name_cmp(const void *a, const void *b)
{
	const struct moddep_entry *x = *(struct moddep_entry *const *)a;
	const struct moddep_entry *y = *(struct moddep_entry *const *)b;
	int c = strcmp(x->name, y->name);

	/* equal names keep file order, so the first line is found */
	return c ? c : (x > y) - (x < y);
}

/* Splits "path: dep dep" in place; returns the number of dependencies. */
static size_t split_depline(char *line, char **path, char **deps)
{
	char *colon = strchr(line, ':'), *save, *tok;
	size_t n = 0;

	*colon = '\0';
	*path = line;
	for (tok = strtok_r(colon + 1, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save))
		if (deps)
			deps[n++] = tok;
		else
			n++;
	return n;
}

static int moddep_parse(struct moddep *dep)
{
	size_t nlines = 0, npaths = 0, k = 0, p = 0;
	char *line, *next, *copy;

	for (line = dep->text; *line; line = next) {
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		if (!strchr(line, ':') || line[0] == '#')
			continue;
		/* count the words on a scratch copy: strtok writes */
		copy = strdup(line);
		if (!copy)
			return -ENOMEM;
		npaths += split_depline(copy, &(char *){ NULL }, NULL);
		free(copy);
		nlines++;
	}
	dep->entries = calloc(nlines + 1, sizeof(*dep->entries));
	dep->by_name = calloc(nlines + 1, sizeof(*dep->by_name));
	dep->paths = calloc(npaths + 1, sizeof(*dep->paths));
	if (!dep->entries || !dep->by_name || !dep->paths)
		return -ENOMEM;
	/* the text is now NUL-separated lines; splitting one puts more NULs
	 * in it, so step over it first */
	for (line = dep->text; k < nlines; line = next) {
		struct moddep_entry *e = &dep->entries[k];
		char *path, namebuf[PATH_MAX];

		next = line + strlen(line) + 1;
		if (!strchr(line, ':') || line[0] == '#')
			continue;
		e->deps = &dep->paths[p];
		e->ndeps = split_depline(line, &path, (char **)&dep->paths[p]);
		p += e->ndeps;
		e->path = path;
		if (!modfile_name_from_path(path, namebuf, sizeof(namebuf)))
			namebuf[0] = '\0';
		e->name = strdup(namebuf);
		if (!e->name)
			return -ENOMEM;
		dep->by_name[k] = e;
		k++;
	}
	dep->n = nlines;
	qsort(dep->by_name, dep->n, sizeof(*dep->by_name), name_cmp);
	return 0;
}

int moddep_load(struct moddep *dep, const char *dirname)
{
	int err;

	memset(dep, 0, sizeof(*dep));
	err = modbin_open(&dep->bin, dirname, "modules.dep.bin");
	if (err != -ENOENT)
		return err;
	err = modindex_read(dirname, "modules.dep", &dep->text, NULL);
	if (err)
		return err;
	err = moddep_parse(dep);
	if (err)
		moddep_free(dep);
	return err;
}

/* A line of modules.dep.bin, split as the text's are, kept for the
 * entry's users. */
struct moddep_found {
	struct moddep_entry e;
	char *line;
};

static void found_free(void *p)
{
	struct moddep_found *f = p;

	if (!f)
		return;
	free((char *)f->e.name);
	free(f->e.deps);
	free(f->line);
	free(f);
}

static struct moddep_found *found_new(const char *name, const char *value)
{
	struct moddep_found *f = calloc(1, sizeof(*f));
	char *copy = strdup(value), *path;

	if (!f || !copy || !strchr(value, ':'))
		goto fail;
	f->line = strdup(value);
	f->e.name = strdup(name);
	if (!f->line || !f->e.name)
		goto fail;
	f->e.deps = calloc(split_depline(copy, &path, NULL) + 1, sizeof(char *));
	if (!f->e.deps)
		goto fail;
	f->e.ndeps = split_depline(f->line, &path, (char **)f->e.deps);
	f->e.path = path;
	free(copy);
	return f;
fail:
	free(copy);
	found_free(f);
	return NULL;
}

/* A modprobe asks for the same names again and again: each line is
 * split once, and found again by name. */
static const struct moddep_entry *moddep_find_bin(struct moddep *dep,
						  const char *name)
{
	struct moddep_found *f = strmap_get(&dep->found, name);
	const char *value;

	if (f)
		return &f->e;
	if (!(value = modbin_search(&dep->bin, name)) ||
	    !(f = found_new(name, value)))
		return NULL;
	if (strmap_set(&dep->found, f->e.name, f, NULL)) {
		found_free(f);
		return NULL;
	}
	return &f->e;
}

const struct moddep_entry *moddep_find(struct moddep *dep, const char *name)
{
	size_t lo = 0, hi = dep->n;

	if (dep->bin.present)
		return moddep_find_bin(dep, name);
	/* the lowest index whose name is not below name */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(dep->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < dep->n && !strcmp(dep->by_name[lo]->name, name))
		return dep->by_name[lo];
	return NULL;
}

void moddep_free(struct moddep *dep)
{
	strmap_free(&dep->found, found_free);
	modbin_close(&dep->bin);
	for (size_t i = 0; dep->entries && i < dep->n; i++)
		free((char *)dep->entries[i].name);
	free(dep->entries);
	free(dep->by_name);
	free(dep->paths);
	free(dep->text);
	memset(dep, 0, sizeof(*dep));
}

/* ---- modules.alias, modules.symbols ---- */

/* "alias <pattern> <module>": splits in place, false for other lines. */
static bool split_alias(char *line, char **pattern, char **module)
{
	char *save, *cmd = strtok_r(line, " \t", &save);

	if (!cmd || strcmp(cmd, "alias"))
		return false;
	*pattern = strtok_r(NULL, " \t", &save);
	*module = strtok_r(NULL, " \t", &save);
	return *pattern && *module;
}

int modalias_load(struct modalias_list *l, const char *dirname, const char *file)
{
	bool normalize = !strcmp(file, "modules.alias");
	char *line, *next, *pattern, *module, bin[64];
	size_t cap = 0;
	int err;

	memset(l, 0, sizeof(*l));
	snprintf(bin, sizeof(bin), "%s.bin", file);
	err = modbin_open(&l->bin, dirname, bin);
	if (err != -ENOENT)
		return err;
	err = modindex_read(dirname, file, &l->text, NULL);
	if (err)
		return err;
	for (line = l->text; *line; line = next) {
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		if (!split_alias(line, &pattern, &module))
			continue;
		/* depmod indexes aliases normalized, and drops broken ones */
		if (normalize && modindex_alias(pattern, pattern, strlen(pattern) + 1))
			continue;
		if (l->n == cap) {
			struct modalias *v;

			cap = cap ? cap * 2 : 64;
			v = realloc(l->v, cap * sizeof(*v));
			if (!v) {
				modalias_free(l);
				return -ENOMEM;
			}
			l->v = v;
		}
		l->v[l->n++] = (struct modalias){ pattern, module };
	}
	return 0;
}

/* Whether the first n entries hold this very line: the index keeps a
 * key's value once. */
static bool seen_before(const struct modalias *v, size_t n,
			const struct modalias *a)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].module, a->module) && !strcmp(v[i].pattern, a->pattern))
			return true;
	return false;
}

int modalias_lookup(const struct modalias_list *l, const char *name,
		    int (*cb)(const char *module, void *arg), void *arg)
{
	int found = 0, ret;

	if (l->bin.present)
		return modbin_search_wild(&l->bin, name, cb, arg);
	/* the file is in depmod's module order, the index's priority */
	for (size_t i = 0; i < l->n; i++) {
		if (fnmatch(l->v[i].pattern, name, 0))
			continue;
		if (seen_before(l->v, i, &l->v[i]))
			continue;
		found++;
		ret = cb(l->v[i].module, arg);
		if (ret)
			return ret;
	}
	return found;
}

static int alias_cmp(const void *a, const void *b)
{
	const struct modalias *x = a, *y = b;
	int c = strcmp(x->pattern, y->pattern);

	/* equal keys keep file order, which is depmod's module order */
	return c ? c : (x > y) - (x < y);
}

void modalias_dump(const struct modalias_list *l, FILE *out)
{
	struct modalias *v;

	if (l->bin.present) {
		modbin_dump(&l->bin, "alias ", out);
		return;
	}
	if (!l->n || !(v = malloc(l->n * sizeof(*v))))
		return;
	memcpy(v, l->v, l->n * sizeof(*v));
	qsort(v, l->n, sizeof(*v), alias_cmp);
	for (size_t i = 0; i < l->n; i++)
		fprintf(out, "alias %s %s\n", v[i].pattern, v[i].module);
	free(v);
}

void modalias_free(struct modalias_list *l)
{
	modbin_close(&l->bin);
	free(l->v);
	free(l->text);
	memset(l, 0, sizeof(*l));
}

/* ---- modules.builtin, modules.builtin.modinfo ---- */

int modbuiltin_load(struct modbuiltin *b, const char *dirname)
{
	int err;

	memset(b, 0, sizeof(*b));
	if (!(b->dirname = strdup(dirname)))
		return -ENOMEM;
	err = modbin_open(&b->bin, dirname, "modules.builtin.bin");
	if (err == -ENOENT)
		err = modindex_read(dirname, "modules.builtin", &b->list, &b->list_len);
	if (!err || err == -ENOENT)
		err = modbin_open(&b->alias, dirname, "modules.builtin.alias.bin");
	if (err && err != -ENOENT) {
		modbuiltin_free(b);
		return err;
	}
	return 0;
}

/* modules.builtin.modinfo, on first need: only modinfo and aliases
 * without their index read it. */
static int builtin_read_info(struct modbuiltin *b)
{
	int err = 0;

	if (!b->info_read) {
		err = modindex_read(b->dirname, "modules.builtin.modinfo",
				    &b->info, &b->info_len);
		b->have_info = !err;
		b->info_read = err == 0 || err == -ENOENT;
		if (err == -ENOENT)
			err = 0;
	}
	return err;
}

bool modbuiltin_has(const struct modbuiltin *b, const char *name)
{
	const char *line = b->list;
	char buf[PATH_MAX], *nl;

	if (b->bin.present)
		return modbin_search(&b->bin, name) != NULL;
	for (; line && *line; line = *nl ? nl + 1 : nl) {
		nl = strchrnul(line, '\n');
		if ((size_t)(nl - line) >= sizeof(buf))
			continue;
		memcpy(buf, line, nl - line);
		buf[nl - line] = '\0';
		if (modfile_name_from_path(buf, buf, sizeof(buf)) &&
		    !strcmp(buf, name))
			return true;
	}
	return false;
}

/* "mod.key=value" entries: calls fn for each, stopping on non-zero. */
static int builtin_walk(const struct modbuiltin *b,
			int (*fn)(const char *mod, size_t modlen,
				  const char *key, void *arg),
			void *arg)
{
	const char *p = b->info, *end;
	int ret;

	if (!p)
		return 0;	/* no modules.builtin.modinfo */
	for (end = p + b->info_len; p < end; p += strlen(p) + 1) {
		const char *dot = strchr(p, '.');

		if (!*p || !dot)
			continue;
		ret = fn(p, dot - p, dot + 1, arg);
		if (ret)
			return ret;
	}
	return 0;
}

struct builtin_query {
	const char *name;
	int (*info_cb)(const char *key, size_t keylen, const char *value, void *arg);
	int (*mod_cb)(const char *module, void *arg);
	void *arg;
	int found;
	char last[PATH_MAX];	/* the module last reported, to report once */
};

static int info_entry(const char *mod, size_t modlen, const char *key, void *arg)
{
	struct builtin_query *q = arg;
	const char *eq;

	if (strlen(q->name) != modlen || memcmp(mod, q->name, modlen))
		return 0;
	q->found++;
	eq = strchr(key, '=');
	if (!eq)
		return q->info_cb(key, strlen(key), "", q->arg);
	return q->info_cb(key, eq - key, eq + 1, q->arg);
}

int modbuiltin_modinfo(struct modbuiltin *b, const char *name,
		       int (*cb)(const char *key, size_t keylen,
				 const char *value, void *arg),
		       void *arg)
{
	struct builtin_query q = { .name = name, .info_cb = cb, .arg = arg };
	int ret = builtin_read_info(b);

	if (ret)
		return ret;
	if (!b->have_info)
		return -ENOENT;
	ret = builtin_walk(b, info_entry, &q);
	if (ret)
		return ret;
	return q.found ? 0 : -ENOSYS;
}

static int alias_entry(const char *mod, size_t modlen, const char *key, void *arg)
{
	struct builtin_query *q = arg;
	char alias[PATH_MAX];

	if (strncmp(key, "alias=", 6) || modlen >= sizeof(q->last))
		return 0;
	if (modindex_alias(key + 6, alias, sizeof(alias)) ||
	    fnmatch(alias, q->name, 0))
		return 0;
	if (strlen(q->last) == modlen && !memcmp(q->last, mod, modlen))
		return 0;
	memcpy(q->last, mod, modlen);
	q->last[modlen] = '\0';
	q->found++;
	return q->mod_cb(q->last, q->arg);
}

int modbuiltin_alias_lookup(struct modbuiltin *b, const char *name,
			    int (*cb)(const char *module, void *arg), void *arg)
{
	struct builtin_query q = { .name = name, .mod_cb = cb, .arg = arg };
	int ret;

	if (b->alias.present)
		return modbin_search_wild(&b->alias, name, cb, arg);
	ret = builtin_read_info(b);
	if (!ret)
		ret = builtin_walk(b, alias_entry, &q);

	return ret ? ret : q.found;
}

void modbuiltin_free(struct modbuiltin *b)
{
	modbin_close(&b->bin);
	modbin_close(&b->alias);
	free(b->dirname);
	free(b->list);
	free(b->info);
	memset(b, 0, sizeof(*b));
}
