// SPDX-License-Identifier: MIT
/*
 * modinfo.c - show what a module file says about itself, as kmod's modinfo.
 *
 * A FILE argument is read directly; anything else is looked up in the
 * module directory's indexes: by name in modules.dep, "symbol:" names in
 * modules.symbols, then aliases in modules.alias, then built-in modules.
 * Output is kmod's byte for byte: "filename:" first, then .modinfo in file
 * order with parm/parmtype folded into "parm:" lines at the end, then the
 * signature, each label padded to sixteen columns.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools.h"

struct modinfo {
	const char *field;	/* -F: print only this key's values */
	char sep;		/* '\n', or '\0' with -0 */
	const char *dirname;
	struct moddep dep;
	struct modbuiltin builtin;
	bool dep_loaded, builtin_loaded;
};

/* ---- the key/value list kmod_module_get_info() would return ---- */

struct infolist {
	struct modinfo_entry *v;
	size_t n, cap;
	char *owned[4];		/* the signature's values */
};

static int info_add(struct infolist *l, const char *key, const char *value,
		    size_t valuelen)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct modinfo_entry *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (struct modinfo_entry){ key, strlen(key), value, valuelen };
	return 0;
}

/* An entry whose value the list keeps its own copy of. */
static int info_add_owned(struct infolist *l, const char *key, char *value,
			  char **slot)
{
	*slot = value;
	if (!value)
		return -ENOMEM;
	return info_add(l, key, value, strlen(value));
}

/* kmod appends these after .modinfo; sig_info.algo it leaves out. */
static int info_add_signature(struct infolist *l, const struct modsig_info *s)
{
	int err;

	err = info_add(l, "sig_id", s->id_type, strlen(s->id_type));
	if (!err)
		err = info_add_owned(l, "signer", strndup(s->signer ? s->signer : "",
							  s->signer_len),
				     &l->owned[0]);
	if (!err)
		err = info_add_owned(l, "sig_key", modsig_hex(s->key_id, s->key_id_len),
				     &l->owned[1]);
	if (!err)
		err = info_add_owned(l, "sig_hashalgo", strdup(s->hash_algo),
				     &l->owned[2]);
	if (!err)
		err = info_add_owned(l, "signature", modsig_hex(s->sig, s->sig_len),
				     &l->owned[3]);
	return err;
}

static void info_free(struct infolist *l)
{
	free(l->v);
	for (size_t i = 0; i < sizeof(l->owned) / sizeof(*l->owned); i++)
		free(l->owned[i]);
}

static int info_from_file(struct infolist *l, struct modfile *mf)
{
	struct modinfo_entry *e;
	struct modsig_info sig;
	int n, err = 0;

	n = modfile_modinfo(mf, &e);
	if (n < 0)
		return n;
	l->v = e;
	l->n = l->cap = n;
	if (modsig_read(mf->data, mf->size, &sig)) {
		err = info_add_signature(l, &sig);
		modsig_free(&sig);
	}
	return err;
}

static int builtin_entry(const char *key, size_t keylen, const char *value,
			 void *arg)
{
	struct infolist *l = arg;
	int err = info_add(l, key, value, strlen(value));

	if (!err)
		l->v[l->n - 1].keylen = keylen;
	return err;
}

/* ---- printing ---- */

struct param {
	struct param *next;
	const char *name, *desc, *type;
	int namelen, desclen, typelen;
};

/* "parm" gives a description, "parmtype" a type, both "name:text". */
static int param_add(struct param **list, const struct modinfo_entry *e)
{
	const char *colon = memchr(e->value, ':', e->valuelen);
	int namelen, is_desc = e->keylen == 4;
	struct param *p;

	if (!colon) {
		tool_err("Found invalid \"%.*s=%.*s\": missing ':'\n",
		      (int)e->keylen, e->key, (int)e->valuelen, e->value);
		return 0;
	}
	namelen = colon - e->value;
	for (p = *list; p; p = p->next)
		if (p->namelen == namelen && !memcmp(p->name, e->value, namelen))
			break;
	if (!p) {
		/* newest first, as kmod lists them */
		p = calloc(1, sizeof(*p));
		if (!p) {
			tool_err("Out of memory!\n");
			return -ENOMEM;
		}
		p->name = e->value;
		p->namelen = namelen;
		p->next = *list;
		*list = p;
	}
	if (is_desc) {
		p->desc = colon + 1;
		p->desclen = e->value + e->valuelen - (colon + 1);
	} else {
		p->type = colon + 1;
		p->typelen = e->value + e->valuelen - (colon + 1);
	}
	return 0;
}

static bool key_is(const struct modinfo_entry *e, const char *key)
{
	return e->keylen == strlen(key) && !memcmp(e->key, key, e->keylen);
}

static bool is_param_key(const struct modinfo_entry *e)
{
	return key_is(e, "parm") || key_is(e, "parmtype");
}

/*
 * Prints the parameters and frees the list.  The full listing labels each
 * "parm:" and shows a parameter with only a type as name:type; -p and
 * -F parm show it as "name: (type)".
 */
static void print_params(struct param *list, bool labelled, char sep)
{
	const char *label = labelled ? "parm:" : "";
	int width = labelled ? 16 : 0;

	for (struct param *p = list, *next; p; p = next) {
		next = p->next;
		if (!p->desc && labelled)
			printf("%-*s%.*s:%.*s%c", width, label, p->namelen, p->name,
			       p->typelen, p->type, sep);
		else if (!p->desc)
			printf("%.*s: (%.*s)%c", p->namelen, p->name,
			       p->typelen, p->type, sep);
		else if (p->type)
			printf("%-*s%.*s:%.*s (%.*s)%c", width, label, p->namelen,
			       p->name, p->desclen, p->desc, p->typelen, p->type, sep);
		else
			printf("%-*s%.*s:%.*s%c", width, label, p->namelen, p->name,
			       p->desclen, p->desc, sep);
		free(p);
	}
}

static void free_params(struct param *list)
{
	for (struct param *next; list; list = next) {
		next = list->next;
		free(list);
	}
}

static int print_fields(const struct modinfo *mi, const struct infolist *l)
{
	struct param *params = NULL;
	int err;

	if (mi->field && !strcmp(mi->field, "parm")) {
		for (size_t i = 0; i < l->n; i++)
			if (is_param_key(&l->v[i]) &&
			    (err = param_add(&params, &l->v[i])) < 0)
				goto fail;
		print_params(params, false, mi->sep);
		return 0;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct modinfo_entry *e = &l->v[i];
		int pad = 15 - (int)e->keylen;

		if (mi->field) {
			/* filtered output is the bare value */
			if (key_is(e, mi->field))
				printf("%.*s%c", (int)e->valuelen, e->value, mi->sep);
			continue;
		}
		if (is_param_key(e)) {
			if ((err = param_add(&params, e)) < 0)
				goto fail;
			continue;
		}
		if (mi->sep == '\0')
			printf("%.*s=%.*s%c", (int)e->keylen, e->key,
			       (int)e->valuelen, e->value, mi->sep);
		else	/* kmod pads to 15 columns, a longer key by its excess */
			printf("%.*s:%*s%.*s%c", (int)e->keylen, e->key,
			       pad < 0 ? -pad : pad, "", (int)e->valuelen,
			       e->value, mi->sep);
	}
	if (!mi->field)
		print_params(params, true, mi->sep);
	else
		free_params(params);
	return 0;
fail:
	free_params(params);
	return err;
}

/* ---- one module ---- */

static struct modbuiltin *builtin(struct modinfo *mi)
{
	if (!mi->builtin_loaded && !modbuiltin_load(&mi->builtin, mi->dirname))
		mi->builtin_loaded = true;
	return mi->builtin_loaded ? &mi->builtin : NULL;
}

static int show_file(struct modinfo *mi, const char *name, const char *path)
{
	struct infolist l = { 0 };
	struct modfile mf;
	char why[256];
	int err;

	if (!mi->field)
		printf("%-16s%s%c", "filename:", path, mi->sep);
	else if (!strcmp(mi->field, "filename")) {
		printf("%s%c", path, mi->sep);
		return 0;
	}
	err = modfile_open(&mf, path, why, sizeof(why));
	if (!err) {
		err = info_from_file(&l, &mf);
		if (!err)
			err = print_fields(mi, &l);
		info_free(&l);
		modfile_close(&mf);
		return err;
	}
	if (err == -ENOEXEC && mf.is_elf)
		err = -EINVAL;		/* kmod's word for a damaged ELF file */
	tool_err("could not get modinfo from '%s': %s\n", name, strerror(-err));
	return err;
}

/* A built-in module: "name:" before "filename: (builtin)". */
static int show_builtin(struct modinfo *mi, const char *name)
{
	struct modbuiltin *b = builtin(mi);
	struct infolist l = { 0 };
	int err;

	if (!mi->field)
		printf("%-16s%s%c", "name:", name, mi->sep);
	else if (!strcmp(mi->field, "name"))
		printf("%s%c", name, mi->sep);
	if (mi->field && !strcmp(mi->field, "filename")) {
		printf("(builtin)%c", mi->sep);
		return 0;
	}
	if (!mi->field)
		printf("%-16s%s%c", "filename:", "(builtin)", mi->sep);
	/* not even listed as built in (an alias to nowhere), or an old kernel
	 * with no built-in modinfo: nothing more to say, as kmod */
	if (!b || !modbuiltin_has(b, name))
		return 0;
	err = modbuiltin_modinfo(b, name, builtin_entry, &l);
	if (err == -ENOENT)
		return 0;
	if (!err)
		err = print_fields(mi, &l);
	else
		tool_err("could not get modinfo from '%s': %s\n", name, strerror(-err));
	info_free(&l);
	return err;
}

static struct moddep *dep(struct modinfo *mi)
{
	if (!mi->dep_loaded && !moddep_load(&mi->dep, mi->dirname))
		mi->dep_loaded = true;
	return mi->dep_loaded ? &mi->dep : NULL;
}

/* A module known by name: its file from modules.dep, else built in. */
static int show_named(struct modinfo *mi, const char *name)
{
	struct moddep *d = dep(mi);
	const struct moddep_entry *e = d ? moddep_find(d, name) : NULL;
	char *path;
	int err;

	if (!e)
		return show_builtin(mi, name);
	path = modindex_path(mi->dirname, e->path);
	if (!path)
		return -ENOMEM;
	err = show_file(mi, name, path);
	free(path);
	return err;
}

/* ---- what an argument names ---- */

static bool is_module_file(const char *arg)
{
	struct stat st;

	return stat(arg, &st) == 0 && S_ISREG(st.st_mode) &&
	       modfile_has_module_ext(arg);
}

static int do_path(struct modinfo *mi, const char *arg)
{
	char name[PATH_MAX], *path = modindex_absolute(arg);
	int err;

	if (!path)
		return -ENOMEM;
	modfile_name_from_path(arg, name, sizeof(name));
	err = show_file(mi, name, path);
	free(path);
	return err;
}

/* -m: a module name, in modules.dep or built in; no aliases. */
static int do_modname(struct modinfo *mi, const char *arg)
{
	struct moddep *d = dep(mi);
	struct modbuiltin *b;
	char name[PATH_MAX];

	modindex_modname(arg, name, sizeof(name));
	if ((d && moddep_find(d, name)) ||
	    ((b = builtin(mi)) && modbuiltin_has(b, name)))
		return show_named(mi, name);
	tool_err("Module name %s not found.\n", arg);
	return -ENOENT;
}

struct found {
	struct modinfo *mi;
	int err;
};

static int show_found(const char *module, void *arg)
{
	struct found *f = arg;
	int err = show_named(f->mi, module);

	if (err < 0)
		f->err = err;
	return 0;
}

static int lookup_in(struct modinfo *mi, const char *file, const char *alias,
		     struct found *f)
{
	struct modalias_list l;
	int n;

	if (modalias_load(&l, mi->dirname, file))
		return 0;
	n = modalias_lookup(&l, alias, show_found, f);
	modalias_free(&l);
	return n;
}

/* kmod's lookup order, without configuration (modinfo reads none). */
static int do_alias(struct modinfo *mi, const char *arg)
{
	struct found f = { mi, 0 };
	struct moddep *d = dep(mi);
	struct modbuiltin *b;
	char alias[PATH_MAX];

	if (modindex_alias(arg, alias, sizeof(alias))) {
		tool_err("Module alias %s not found.\n", arg);
		return -EINVAL;
	}
	if (!strchr(alias, ':') && d && moddep_find(d, alias))
		return show_named(mi, alias);
	if (!strncmp(alias, "symbol:", 7) &&
	    lookup_in(mi, "modules.symbols", alias, &f) > 0)
		return f.err;
	if (lookup_in(mi, "modules.alias", alias, &f) > 0)
		return f.err;
	b = builtin(mi);
	if (b && modbuiltin_has(b, alias))
		return show_builtin(mi, alias);
	if (b && modbuiltin_alias_lookup(b, alias, show_found, &f) > 0)
		return f.err;
	tool_err("Module %s not found.\n", arg);
	return -ENOENT;
}

static void help(void)
{
	printf("Usage:\n"
	       "\tmodinfo [options] <modulename|filename> [args]\n"
	       "Options:\n"
	       "\t-a, --author                Print only 'author'\n"
	       "\t-d, --description           Print only 'description'\n"
	       "\t-l, --license               Print only 'license'\n"
	       "\t-p, --parameters            Print only 'parm'\n"
	       "\t-n, --filename              Print only 'filename'\n"
	       "\t-0, --null                  Use \\0 instead of \\n\n"
	       "\t-m, --modname               Handle argument as module name instead of alias or filename\n"
	       "\t-F, --field=FIELD           Print only provided FIELD\n"
	       "\t-k, --set-version=VERSION   Use VERSION instead of `uname -r`\n"
	       "\t-b, --basedir=DIR           Use DIR as filesystem root for /lib/modules\n"
	       "\t-V, --version               Show version\n"
	       "\t-h, --help                  Show this help\n");
}

static const struct option longopts[] = {
	{ "author", no_argument, NULL, 'a' },
	{ "description", no_argument, NULL, 'd' },
	{ "license", no_argument, NULL, 'l' },
	{ "parameters", no_argument, NULL, 'p' },
	{ "filename", no_argument, NULL, 'n' },
	{ "null", no_argument, NULL, '0' },
	{ "modname", no_argument, NULL, 'm' },
	{ "field", required_argument, NULL, 'F' },
	{ "set-version", required_argument, NULL, 'k' },
	{ "basedir", required_argument, NULL, 'b' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int do_modinfo(int argc, char **argv)
{
	struct modinfo mi = { .sep = '\n' };
	const char *basedir = NULL, *release = NULL;
	char dirname[PATH_MAX];
	bool by_modname = false;
	int c, err = 0;

	while ((c = getopt_long(argc, argv, "adlpn0mF:k:b:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': mi.field = "author"; break;
		case 'd': mi.field = "description"; break;
		case 'l': mi.field = "license"; break;
		case 'p': mi.field = "parm"; break;
		case 'n': mi.field = "filename"; break;
		case '0': mi.sep = '\0'; break;
		case 'm': by_modname = true; break;
		case 'F': mi.field = optarg; break;
		case 'k': release = optarg; break;
		case 'b': basedir = optarg; break;
		case 'h':
			help();
			return EXIT_SUCCESS;
		case 'V':
			tool_version();
			return EXIT_SUCCESS;
		default:
			return EXIT_FAILURE;
		}
	}
	if (optind >= argc) {
		tool_err("missing module or filename.\n");
		return EXIT_FAILURE;
	}
	if (modindex_dirname(dirname, sizeof(dirname), basedir, release)) {
		tool_err("uname() failed: %m\n");
		return EXIT_FAILURE;
	}
	mi.dirname = dirname;
	for (int i = optind; i < argc; i++) {
		int r;

		if (by_modname)
			r = do_modname(&mi, argv[i]);
		else if (is_module_file(argv[i]))
			r = do_path(&mi, argv[i]);
		else
			r = do_alias(&mi, argv[i]);
		if (r < 0)
			err = r;
	}
	if (mi.dep_loaded)
		moddep_free(&mi.dep);
	if (mi.builtin_loaded)
		modbuiltin_free(&mi.builtin);
	return err < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
