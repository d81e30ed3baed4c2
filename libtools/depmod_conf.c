// SPDX-License-Identifier: MIT
/*
 * depmod_conf.c - depmod.d: which directories win when a module name is
 * found twice, and which to leave out.
 *
 *   search <subdir>|built-in|external ...	priority, first listed wins
 *   override <module> <kernel regex> <subdir>	this copy, whatever search says
 *   external <kernel regex> <absolute dir>	another tree to index
 *   exclude <name> ...			directories (and files) to skip
 *
 * Files are *.conf in /etc/depmod.d, /run/depmod.d, /usr/local/lib/depmod.d
 * and /lib/depmod.d, read in name order, the first of a name winning.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "umod-tools.h"

static const char *const default_paths[] = {
	"/etc/depmod.d", "/run/depmod.d", "/usr/local/lib/depmod.d",
	"/lib/depmod.d", NULL
};

/* Lists are kept newest first: kmod's priority rules depend on it. */
static int dir_add(struct depmod_dir **list, const char *a, const char *b,
		   enum depmod_search_type type)
{
	size_t la = strlen(a), lb = b ? strlen(b) + 1 : 0;
	struct depmod_dir *d = malloc(sizeof(*d) + la + lb + 1);

	if (!d) {
		tool_err("out of memory\n");
		return -ENOMEM;
	}
	memcpy(d->path, a, la);
	if (b) {
		d->path[la] = '/';
		memcpy(d->path + la + 1, b, lb - 1);
	}
	d->path[la + lb] = '\0';
	d->len = la + lb;
	d->type = type;
	d->next = *list;
	*list = d;
	return 0;
}

static int search_add(struct depmod_cfg *cfg, const char *path)
{
	if (!strcmp(path, "built-in"))
		return dir_add(&cfg->searches, "", NULL, SEARCH_BUILTIN);
	if (!strcmp(path, "external"))
		return dir_add(&cfg->searches, "", NULL, SEARCH_EXTERNAL);
	return dir_add(&cfg->searches, path, NULL, SEARCH_PATH);
}

/* "*" or an extended regex matched against the kernel version. */
static bool kernel_matches(const struct depmod_cfg *cfg, const char *pattern)
{
	regex_t re;
	int ret;

	if (!strcmp(pattern, "*"))
		return true;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB))
		return false;
	ret = regexec(&re, cfg->kversion, 0, NULL, 0);
	regfree(&re);
	return ret == 0;
}

/* One line, already split into words. */
static void parse_line(struct depmod_cfg *cfg, const char *file, unsigned int n,
		       char *cmd, char **save)
{
	char *a, *b, *c;

	if (!strcmp(cmd, "search")) {
		while ((a = strtok_r(NULL, "\t ", save)))
			search_add(cfg, a);
	} else if (!strcmp(cmd, "override")) {
		a = strtok_r(NULL, "\t ", save);	/* module */
		b = strtok_r(NULL, "\t ", save);	/* kernel */
		c = strtok_r(NULL, "\t ", save);	/* subdir */
		if (!a || !b || !c)
			goto bad;
		if (!kernel_matches(cfg, b))
			tool_info("%s:%u: override kernel did not match %s\n", file, n, b);
		else	/* "subdir/module", no extension: any compression matches */
			dir_add(&cfg->overrides, c, a, SEARCH_PATH);
	} else if (!strcmp(cmd, "external")) {
		a = strtok_r(NULL, "\t ", save);	/* kernel */
		b = strtok_r(NULL, "\t ", save);	/* directory */
		if (!a || !b)
			goto bad;
		if (!kernel_matches(cfg, a))
			tool_info("%s:%u: external directory did not match %s\n", file, n, a);
		else
			dir_add(&cfg->externals, b, NULL, SEARCH_PATH);
	} else if (!strcmp(cmd, "exclude")) {
		while ((a = strtok_r(NULL, "\t ", save)))
			dir_add(&cfg->excludes, a, NULL, SEARCH_PATH);
	} else if (!strcmp(cmd, "include") || !strcmp(cmd, "make_map_files")) {
		tool_info("%s:%u: command %s not implemented yet\n", file, n, cmd);
	} else {
		goto bad;
	}
	return;
bad:
	tool_err("%s:%u: ignoring bad line starting with '%s'\n", file, n, cmd);
}

/*
 * A logical line: a backslash-newline joins the next line, a backslash
 * before anything else just drops out.  NULL at end of file; *n counts
 * physical lines.
 */
static char *read_line(FILE *fp, unsigned int *n)
{
	size_t len = 0, cap = 256;
	char *buf = malloc(cap), *p;
	int ch;

	while (buf) {
		ch = getc(fp);
		if (ch == EOF && len == 0)
			break;
		if (ch == EOF || ch == '\n') {
			(*n)++;
			buf[len] = '\0';
			return buf;
		}
		if (ch == '\\') {
			ch = getc(fp);
			if (ch == '\n') {
				(*n)++;
				continue;
			}
		}
		buf[len++] = ch;
		if (len == cap) {
			p = realloc(buf, cap *= 2);
			if (!p)
				break;
			buf = p;
		}
	}
	free(buf);
	return NULL;
}

static void parse_file(struct depmod_cfg *cfg, const char *path)
{
	unsigned int n = 0;
	char *line, *cmd, *save;
	FILE *fp = fopen(path, "re");

	if (!fp) {
		tool_err("file parse %s: %m\n", path);
		return;
	}
	while ((line = read_line(fp, &n))) {
		if (line[0] != '\0' && line[0] != '#' &&
		    (cmd = strtok_r(line, "\t ", &save)))
			parse_line(cfg, path, n, cmd, &save);
		free(line);
	}
	fclose(fp);
}

struct conf_file {
	const char *name;	/* in path */
	char path[];
};

struct conf_files {
	struct conf_file **v;
	size_t n;
};

/* Sorted by file name; a name seen in an earlier directory shadows. */
static void files_insert(struct conf_files *f, const char *dir, const char *name)
{
	struct conf_file *c, **v;
	size_t i, dl = strlen(dir);

	if (!name) {
		const char *slash = strrchr(dir, '/');

		name = slash ? slash + 1 : dir;
		dl = slash ? (size_t)(slash - dir) : 0;
	}
	for (i = 0; i < f->n; i++) {
		int cmp = strcmp(name, f->v[i]->name);

		if (cmp == 0)
			return;
		if (cmp < 0)
			break;
	}
	c = malloc(sizeof(*c) + dl + strlen(name) + 2);
	v = realloc(f->v, (f->n + 1) * sizeof(*v));
	if (!c || !v) {
		free(c);
		if (v)
			f->v = v;
		tool_err("files insert sorted: out of memory\n");
		return;
	}
	f->v = v;
	memcpy(c->path, dir, dl);
	c->path[dl] = '/';
	strcpy(c->path + dl + 1, name);
	c->name = c->path + dl + 1;
	memmove(&v[i + 1], &v[i], (f->n - i) * sizeof(*v));
	v[i] = c;
	f->n++;
}

static bool skip_file(DIR *d, const char *dir, const char *name)
{
	size_t len = strlen(name);
	struct stat st;

	if (name[0] == '.')
		return true;
	if (len < 6 || strcmp(name + len - 5, ".conf")) {
		tool_info("All cfg files need .conf: %s/%s\n", dir, name);
		return true;
	}
	if (fstatat(dirfd(d), name, &st, 0) == 0 && S_ISDIR(st.st_mode)) {
		tool_err("Directories inside directories are not supported: %s/%s\n",
			 dir, name);
		return true;
	}
	return false;
}

static void list_files(struct conf_files *f, const char *path)
{
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (stat(path, &st))
		return;
	if (!S_ISDIR(st.st_mode)) {
		files_insert(f, path, NULL);
		return;
	}
	d = opendir(path);
	if (!d) {
		tool_err("files list %s: %m\n", path);
		return;
	}
	while ((de = readdir(d)))
		if (!skip_file(d, path, de->d_name))
			files_insert(f, path, de->d_name);
	closedir(d);
}

int depmod_conf_load(struct depmod_cfg *cfg, const char *const *paths)
{
	struct conf_files f = { 0 };

	for (paths = paths ? paths : default_paths; *paths; paths++)
		list_files(&f, *paths);
	for (size_t i = 0; i < f.n; i++) {
		parse_file(cfg, f.v[i]->path);
		free(f.v[i]);
	}
	free(f.v);
	/* compatibility: "updates" wins when nothing says otherwise */
	if (!cfg->searches)
		return search_add(cfg, "updates");
	return 0;
}

static void dirs_free(struct depmod_dir *d)
{
	for (struct depmod_dir *next; d; d = next) {
		next = d->next;
		free(d);
	}
}

void depmod_conf_free(struct depmod_cfg *cfg)
{
	dirs_free(cfg->searches);
	dirs_free(cfg->overrides);
	dirs_free(cfg->externals);
	dirs_free(cfg->excludes);
	cfg->searches = cfg->overrides = cfg->externals = cfg->excludes = NULL;
}
