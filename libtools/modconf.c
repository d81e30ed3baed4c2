// SPDX-License-Identifier: MIT
/* modconf.c - read modprobe.d(5) files and the kernel command line. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "umod-tools.h"

const char *const modconf_default_paths[] = {
	"/etc/modprobe.d",
	"/run/modprobe.d",
	"/usr/local/lib/modprobe.d",
	"/usr/lib/modprobe.d",
	"/lib/modprobe.d",
	NULL
};

#define conf_error(conf, ...) \
	do { if ((conf)->error) (conf)->error(__VA_ARGS__); } while (0)

/* Dashes to underscores outside [...] ranges, in place, as kmod compares
 * names; false for an unmatched bracket. */
static bool normalize(char *s)
{
	return modindex_alias(s, s, strlen(s) + 1) == 0;
}

/* ---- Building the lists ---- */

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, ncap * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = ncap;
	return 0;
}

static int list_add(struct modconf_list *l, const char *name, const char *value)
{
	struct modconf_entry e = { strdup(name), value ? strdup(value) : NULL };

	if (!e.name || (value && !e.value) ||
	    grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v))) {
		free(e.name);
		free(e.value);
		return -ENOMEM;
	}
	l->v[l->n++] = e;
	return 0;
}

static int add_options(struct modconf *conf, const char *name, const char *opts)
{
	struct modconf_entry *e;
	int err = list_add(&conf->options, name, opts);

	if (err)
		return err;
	/* Options are one space-separated string; tabs would reach params. */
	e = &conf->options.v[conf->options.n - 1];
	for (char *p = e->value; *p; p++)
		if (*p == '\t')
			*p = ' ';
	return 0;
}

static int strv_add(char ***v, size_t *n, const char *s, size_t len)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	if (!(nv[*n] = strndup(s, len)))
		return -ENOMEM;
	(*n)++;
	return 0;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The next blank-separated word of *p, or NULL at the end; *p moves past it. */
static const char *next_word(const char **p, size_t *len)
{
	const char *w = *p;

	while (isspace((unsigned char)*w))
		w++;
	if (!*w)
		return NULL;
	for (*len = 0; w[*len] && !isspace((unsigned char)w[*len]); ++*len)
		;
	*p = w + *len;
	return w;
}

static void softdep_free(struct modconf_softdep *d)
{
	strv_free(d->pre, d->npre);
	strv_free(d->post, d->npost);
	free(d->name);
}

/* "pre: a b post: c d": words after pre: load before the module, words
 * after post: after it; words before either keyword mean nothing. */
static int add_softdep(struct modconf *conf, const char *name, const char *text)
{
	struct modconf_softdep d = { .name = strdup(name) };
	enum { NONE, PRE, POST } mode = NONE;
	const char *p = text, *w;
	size_t len;

	if (!d.name)
		return -ENOMEM;
	while ((w = next_word(&p, &len))) {
		if (len == 4 && !memcmp(w, "pre:", 4))
			mode = PRE;
		else if (len == 5 && !memcmp(w, "post:", 5))
			mode = POST;
		else if (mode == PRE && strv_add(&d.pre, &d.npre, w, len))
			goto fail;
		else if (mode == POST && strv_add(&d.post, &d.npost, w, len))
			goto fail;
	}
	if (grow((void **)&conf->softdep, &conf->capsoftdep, conf->nsoftdep,
		 sizeof(*conf->softdep)))
		goto fail;
	conf->softdep[conf->nsoftdep++] = d;
	return 0;
fail:
	softdep_free(&d);
	return -ENOMEM;
}

/* ---- Configuration files ---- */

/* One logical line: a backslash joins the next physical line, or keeps
 * the character it precedes.  *lineno counts physical lines read.  The
 * file is ours alone: no lock a character. */
static char *read_line(FILE *f, unsigned int *lineno)
{
	size_t len = 0, cap = 128;
	char *buf = malloc(cap);
	int c;

	if (!buf)
		return NULL;
	for (;;) {
		c = getc_unlocked(f);
		if (c == '\\') {
			c = getc_unlocked(f);
			if (c == '\n') {
				(*lineno)++;
				continue;
			}
		}
		if (c == EOF && len == 0) {
			free(buf);
			return NULL;
		}
		if (c == EOF || c == '\n') {
			(*lineno)++;
			buf[len] = '\0';
			return buf;
		}
		if (len + 2 > cap) {
			char *n = realloc(buf, cap *= 2);

			if (!n) {
				free(buf);
				return NULL;
			}
			buf = n;
		}
		buf[len++] = c;
	}
}

/* A word naming a module or pattern: present and with balanced brackets. */
static bool modname_ok(char *s)
{
	return s && normalize(s);
}

static void weakdep_free(struct modconf_weakdep *d)
{
	strv_free(d->weak, d->nweak);
	free(d->name);
}

/* "weakdep c a b": every word names a module c may want. */
static int add_weakdep(struct modconf *conf, const char *name, const char *text)
{
	struct modconf_weakdep d = { .name = strdup(name) };
	const char *p = text, *w;
	size_t len;

	if (!d.name)
		return -ENOMEM;
	while ((w = next_word(&p, &len)))
		if (strv_add(&d.weak, &d.nweak, w, len))
			goto fail;
	if (grow((void **)&conf->weakdep, &conf->capweakdep, conf->nweakdep,
		 sizeof(*conf->weakdep)))
		goto fail;
	conf->weakdep[conf->nweakdep++] = d;
	return 0;
fail:
	weakdep_free(&d);
	return -ENOMEM;
}

/*
 * Words are separated by blanks; the text after a command's module name
 * (options, a shell command, a softdep list) is the rest of the line
 * after the one blank that ended the name, as kmod takes it.
 */
static int parse_line(struct modconf *conf, char *line, const char *fname,
		      unsigned int lineno)
{
	char *save, *cmd, *name, *rest;

	if (line[0] == '\0' || line[0] == '#')
		return 0;
	cmd = strtok_r(line, "\t ", &save);
	if (!cmd)
		return 0;
	if (!strcmp(cmd, "include") || !strcmp(cmd, "config")) {
		conf_error(conf, "%s: command %s is deprecated and not parsed anymore\n",
			   fname, cmd);
		return 0;
	}
	name = strtok_r(NULL, "\t ", &save);
	if (!strcmp(cmd, "alias")) {
		rest = strtok_r(NULL, "\t ", &save);
		if (modname_ok(name) && modname_ok(rest))
			return list_add(&conf->alias, name, rest);
	} else if (!strcmp(cmd, "blacklist")) {
		if (modname_ok(name))
			return list_add(&conf->blacklist, name, NULL);
	} else {
		rest = strtok_r(NULL, "", &save);
		if (!modname_ok(name) || !rest)
			goto bad;
		if (!strcmp(cmd, "options"))
			return add_options(conf, name, rest);
		if (!strcmp(cmd, "install"))
			return list_add(&conf->install, name, rest);
		if (!strcmp(cmd, "remove"))
			return list_add(&conf->remove, name, rest);
		if (!strcmp(cmd, "softdep"))
			return add_softdep(conf, name, rest);
		if (!strcmp(cmd, "weakdep"))
			return add_weakdep(conf, name, rest);
	}
bad:
	conf_error(conf, "%s line %u: ignoring bad line starting with '%s'\n",
		   fname, lineno, cmd);
	return 0;
}

int modconf_parse_file(struct modconf *conf, FILE *f, const char *name)
{
	unsigned int lineno = 0;
	char *line;
	int err = 0;

	while (!err && (line = read_line(f, &lineno))) {
		err = parse_line(conf, line, name, lineno);
		free(line);
	}
	return err;
}

/* The files to read: unique names, sorted; the first path to offer a
 * name keeps it.  dir is the directory, or the file itself if single. */
struct conf_file {
	const char *dir;
	char *name;
	bool single;
};

struct conf_files {
	struct conf_file *v;
	size_t n, cap;
};

static int files_insert(struct conf_files *fs, const char *dir,
			const char *name, bool single)
{
	size_t i;
	int cmp = 1;

	for (i = 0; i < fs->n; i++)
		if ((cmp = strcmp(name, fs->v[i].name)) <= 0)
			break;
	if (cmp == 0)
		return 0;
	if (grow((void **)&fs->v, &fs->cap, fs->n, sizeof(*fs->v)))
		return -ENOMEM;
	memmove(&fs->v[i + 1], &fs->v[i], (fs->n - i) * sizeof(*fs->v));
	fs->v[i] = (struct conf_file){ dir, strdup(name), single };
	fs->n++;
	return fs->v[i].name ? 0 : -ENOMEM;
}

static bool is_conf_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 5 && !strcmp(name + len - 5, ".conf");
}

static int files_scan(struct modconf *conf, struct conf_files *fs,
		      const char *path)
{
	struct dirent *de;
	struct stat st;
	int err = 0;
	DIR *d;

	if (stat(path, &st) < 0)
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		const char *base = strrchr(path, '/');

		return files_insert(fs, path, base ? base + 1 : path, true);
	}
	if (!(d = opendir(path))) {
		conf_error(conf, "opendir(%s): %s\n", path, strerror(errno));
		return 0;
	}
	while (!err && (de = readdir(d))) {
		if (!is_conf_name(de->d_name))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, 0) == 0 &&
		    S_ISDIR(st.st_mode)) {
			conf_error(conf, "Directories inside directories are not supported: %s/%s\n",
				   path, de->d_name);
			continue;
		}
		err = files_insert(fs, path, de->d_name, false);
	}
	closedir(d);
	return err;
}

static int files_parse(struct modconf *conf, const struct conf_file *cf)
{
	char *path = NULL;
	FILE *f;
	int err;

	if (!cf->single && asprintf(&path, "%s/%s", cf->dir, cf->name) < 0)
		return -ENOMEM;
	f = fopen(path ? path : cf->dir, "re");
	err = f ? modconf_parse_file(conf, f, path ? path : cf->dir) : 0;
	if (f)
		fclose(f);
	free(path);
	return err;
}

/* ---- The kernel command line ---- */

static int cmdline_result(struct modconf *conf, char *modname, char *param,
			  char *value)
{
	int err = 0;

	if (!strcmp(modname, "modprobe") && !strncmp(param, "blacklist=", 10)) {
		char *t;

		while (!err && (t = strsep(&value, ",")))
			err = list_add(&conf->blacklist, t, NULL);
		return err;
	}
	if (!normalize(modname)) {
		conf_error(conf, "Ignoring bad option on kernel command line while parsing module name: '%s'\n",
			   modname);
		return 0;
	}
	return add_options(conf, modname, param);
}

/*
 * One word: "mod.param" or "mod.param=value", where only the value may
 * hold quotes.  A word quoted whole, as boot loaders pass
 * "mod.param=a b", becomes mod.param="a b".
 */
static int cmdline_word(struct modconf *conf, char *w)
{
	bool quoted = w[0] == '"';
	char *modname = w + quoted, *param, *value, *eq;

	param = modname + strcspn(modname, ".=\" \t\n\v\f\r");
	if (*param != '.')
		return 0;
	*param++ = '\0';
	eq = param + strcspn(param, ".=\" \t\n\v\f\r");
	if (*eq != '=' && *eq != '\0')
		return 0;
	value = *eq ? eq + 1 : NULL;
	if (quoted) {
		if (!value)
			return 0;
		/* Slide "mod\0param=" left over the quote and put it back
		 * in front of the value. */
		memmove(w, modname, value - modname);
		param--;
		modname--;
		*--value = '"';
	}
	return cmdline_result(conf, modname, param, value);
}

int modconf_parse_cmdline(struct modconf *conf, const char *cmdline)
{
	char *buf = strdup(cmdline), *p, *w;
	bool quoted = false;
	int err = 0;

	if (!buf)
		return -ENOMEM;
	/* Words end at blanks outside double quotes; a quote still open at
	 * the end leaves its word unfinished, and ignored. */
	for (p = w = buf; !err; p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (*p == '\0' || (!quoted && isspace((unsigned char)*p))) {
			bool end = *p == '\0';

			*p = '\0';
			if (p > w && !quoted)
				err = cmdline_word(conf, w);
			if (end)
				break;
			w = p + 1;
		}
	}
	free(buf);
	return err;
}

static int cmdline_read(struct modconf *conf)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen("/proc/cmdline", "re");

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return modconf_parse_cmdline(conf, buf);
}

/* ---- Loading ---- */

int modconf_load(struct modconf *conf, const char *moddir,
		 const char *const *paths, const char *cmdline)
{
	struct conf_files fs = { 0 };
	int err;

	err = files_insert(&fs, moddir, "modules.softdep", false);
	if (!err)
		err = files_insert(&fs, moddir, "modules.weakdep", false);
	for (size_t i = 0; !err && paths && paths[i]; i++)
		err = files_scan(conf, &fs, paths[i]);
	for (size_t i = 0; !err && !paths && modconf_default_paths[i]; i++)
		err = files_scan(conf, &fs, modconf_default_paths[i]);
	for (size_t i = 0; !err && i < fs.n; i++)
		err = files_parse(conf, &fs.v[i]);
	for (size_t i = 0; i < fs.n; i++)
		free(fs.v[i].name);
	free(fs.v);
	if (err)
		return err;
	return cmdline ? modconf_parse_cmdline(conf, cmdline) : cmdline_read(conf);
}

static void list_release(struct modconf_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].value);
	}
	free(l->v);
	*l = (struct modconf_list){ 0 };
}

void modconf_release(struct modconf *conf)
{
	list_release(&conf->blacklist);
	list_release(&conf->install);
	list_release(&conf->remove);
	list_release(&conf->alias);
	list_release(&conf->options);
	for (size_t i = 0; i < conf->nsoftdep; i++)
		softdep_free(&conf->softdep[i]);
	free(conf->softdep);
	conf->softdep = NULL;
	conf->nsoftdep = conf->capsoftdep = 0;
	for (size_t i = 0; i < conf->nweakdep; i++)
		weakdep_free(&conf->weakdep[i]);
	free(conf->weakdep);
	conf->weakdep = NULL;
	conf->nweakdep = conf->capweakdep = 0;
}

/* ---- Queries ---- */

static const char *first_match(const struct modconf_list *l, const char *modname)
{
	for (size_t i = 0; i < l->n; i++)
		if (fnmatch(l->v[i].name, modname, 0) == 0)
			return l->v[i].value;
	return NULL;
}

const char *modconf_install(const struct modconf *conf, const char *modname)
{
	return first_match(&conf->install, modname);
}

const char *modconf_remove(const struct modconf *conf, const char *modname)
{
	return first_match(&conf->remove, modname);
}

const struct modconf_softdep *modconf_softdep(const struct modconf *conf,
					      const char *modname)
{
	for (size_t i = 0; i < conf->nsoftdep; i++)
		if (fnmatch(conf->softdep[i].name, modname, 0) == 0)
			return &conf->softdep[i];
	return NULL;
}

bool modconf_blacklisted(const struct modconf *conf, const char *modname)
{
	for (size_t i = 0; i < conf->blacklist.n; i++)
		if (!strcmp(conf->blacklist.v[i].name, modname))
			return true;
	return false;
}

char *modconf_options(const struct modconf *conf, const char *modname,
		      const char *alias)
{
	char *s = NULL;
	size_t len = 0;

	for (size_t i = 0; i < conf->options.n; i++) {
		const struct modconf_entry *e = &conf->options.v[i];
		size_t n = strlen(e->value);
		char *ns;

		if (!n || (strcmp(e->name, modname) &&
			   (!alias || strcmp(e->name, alias))))
			continue;
		if (!(ns = realloc(s, len + n + 2))) {
			free(s);
			errno = ENOMEM;
			return NULL;
		}
		s = ns;
		if (len)
			s[len++] = ' ';
		memcpy(s + len, e->value, n + 1);
		len += n;
	}
	if (!s)
		errno = 0;
	return s;
}

static void show_list(FILE *out, const char *what, const struct modconf_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].value)
			fprintf(out, "%s %s %s\n", what, l->v[i].name, l->v[i].value);
		else
			fprintf(out, "%s %s\n", what, l->v[i].name);
	}
}

static void show_words(FILE *out, const char *key, char **v, size_t n)
{
	if (!n)
		return;
	fputs(key, out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, " %s", v[i]);
}

void modconf_show(const struct modconf *conf, FILE *out)
{
	show_list(out, "blacklist", &conf->blacklist);
	show_list(out, "install", &conf->install);
	show_list(out, "remove", &conf->remove);
	show_list(out, "alias", &conf->alias);
	show_list(out, "options", &conf->options);
	for (size_t i = 0; i < conf->nsoftdep; i++) {
		const struct modconf_softdep *d = &conf->softdep[i];

		fprintf(out, "softdep %s ", d->name);
		show_words(out, "pre:", d->pre, d->npre);
		if (d->npre && d->npost)
			putc(' ', out);
		show_words(out, "post:", d->post, d->npost);
		putc('\n', out);
	}
	for (size_t i = 0; i < conf->nweakdep; i++) {
		const struct modconf_weakdep *d = &conf->weakdep[i];

		/* kmod 34: the words joined by blanks, after one blank */
		fprintf(out, "weakdep %s ", d->name);
		for (size_t j = 0; j < d->nweak; j++)
			fprintf(out, j ? " %s" : "%s", d->weak[j]);
		putc('\n', out);
	}
}
