/* SPDX-License-Identifier: MIT */
/*
 * modindex.h - the module directory and the text indexes depmod writes.
 *
 * <basedir>/lib/modules/<release>/ holds the modules and depmod's files:
 * modules.dep ("path: dep dep ..."), modules.alias and modules.symbols
 * ("alias <pattern> <module>"), and the kernel build's modules.builtin and
 * modules.builtin.modinfo.  modinfo and modprobe read them through this
 * interface; lookups give kmod's answers for the same files.  As libkmod,
 * a lookup reads the binary index (modules.dep.bin and the like, through
 * modbin.h) in place; the text file is read whole only where its .bin is
 * missing.
 */
#ifndef UMOD_TOOLS_MODINDEX_H
#define UMOD_TOOLS_MODINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "modbin.h"
#include "strmap.h"

/*
 * <basedir>/lib/modules/<release> into buf, absolute: basedir NULL means "/",
 * release NULL means the running kernel's (uname -r).  0 or -errno.
 */
int modindex_dirname(char *buf, size_t len, const char *basedir,
		     const char *release);

/* A file of the module directory, read whole and NUL-terminated; the
 * caller frees *text.  0 or -errno. */
int modindex_read(const char *dirname, const char *file, char **text,
		  size_t *len);

/* path from the working directory unless absolute, not otherwise
 * normalized (kmod's "filename:" is "/cwd/./x.ko"); malloc'd. */
char *modindex_absolute(const char *path);

/* A path from an index, relative to dirname unless absolute; malloc'd. */
char *modindex_path(const char *dirname, const char *path);

/*
 * Names as kmod compares them.  modname: up to the first '.', '-' as '_'.
 * alias: '-' as '_' outside [...] ranges; -EINVAL if a bracket is
 * unmatched.  Both write at most len bytes, NUL included.
 */
char *modindex_modname(const char *name, char *buf, size_t len);
int modindex_alias(const char *alias, char *buf, size_t len);

/* ---- modules.dep ---- */

struct moddep_entry {
	const char *name;	/* the module's name, normalized */
	const char *path;	/* as written: relative to the module directory */
	const char **deps;	/* the paths of all it needs, load order last first */
	size_t ndeps;
};

struct moddep {
	struct modbin bin;		/* modules.dep.bin, or no map */
	struct strmap found;		/* name: its line looked up so far */
	/* modules.dep, without the .bin: */
	struct moddep_entry *entries;	/* file order */
	size_t n;
	struct moddep_entry **by_name;
	char *text;
	const char **paths;
};

/* 0, or -errno (-ENOENT when the directory has neither modules.dep.bin
 * nor modules.dep). */
int moddep_load(struct moddep *dep, const char *dirname);
/* By module name (normalize it first); the first line wins, as in kmod. */
const struct moddep_entry *moddep_find(struct moddep *dep, const char *name);
void moddep_free(struct moddep *dep);

/* ---- modules.alias, modules.symbols ---- */

struct modalias {
	const char *pattern;	/* normalized for modules.alias */
	const char *module;
};

struct modalias_list {
	struct modbin bin;	/* <file>.bin, or no map */
	/* the text file, without the .bin: */
	struct modalias *v;	/* file order */
	size_t n;
	char *text;
};

/* file is "modules.alias" or "modules.symbols" (its .bin is read if
 * there).  0 or -errno. */
int modalias_load(struct modalias_list *l, const char *dirname, const char *file);
/*
 * The modules whose patterns match name (fnmatch), as kmod lists them: in
 * depmod's module order, a module once for each of its patterns that
 * matches; name is normalized already.  Calls cb until it returns
 * non-zero, which is returned; else the number of modules found.
 */
int modalias_lookup(const struct modalias_list *l, const char *name,
		    int (*cb)(const char *module, void *arg), void *arg);
/* "alias <pattern> <module>" lines, patterns in byte order (modprobe -c). */
void modalias_dump(const struct modalias_list *l, FILE *out);
void modalias_free(struct modalias_list *l);

/* ---- modules.builtin, modules.builtin.modinfo ---- */

struct modbuiltin {
	char *dirname;
	struct modbin bin;	/* modules.builtin.bin, or no map */
	struct modbin alias;	/* modules.builtin.alias.bin, or no map */
	char *list;		/* modules.builtin, without its .bin */
	size_t list_len;
	char *info;		/* modules.builtin.modinfo: "mod.key=value\0"... */
	size_t info_len;
	bool info_read, have_info;	/* read when first asked for */
};

/* Opens what exists of the files; 0 or -errno (not -ENOENT). */
int modbuiltin_load(struct modbuiltin *b, const char *dirname);
bool modbuiltin_has(const struct modbuiltin *b, const char *name);
/*
 * Calls cb(key, keylen, value, arg) for each modinfo entry of a built-in
 * module, in file order, until cb returns non-zero (returned).  Returns
 * -ENOENT without modules.builtin.modinfo, -ENOSYS if name has no entry.
 */
int modbuiltin_modinfo(struct modbuiltin *b, const char *name,
		       int (*cb)(const char *key, size_t keylen,
				 const char *value, void *arg),
		       void *arg);
/* Built-in modules with an alias matching name, from
 * modules.builtin.alias.bin, else the "alias=" entries of
 * modules.builtin.modinfo; as modalias_lookup. */
int modbuiltin_alias_lookup(struct modbuiltin *b, const char *name,
			    int (*cb)(const char *module, void *arg), void *arg);
void modbuiltin_free(struct modbuiltin *b);

#endif /* UMOD_TOOLS_MODINDEX_H */
