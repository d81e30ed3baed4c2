/* SPDX-License-Identifier: MIT */
/*
 * modconf.h - modprobe.d(5): the configuration modprobe applies.
 *
 * Files are read as kmod reads them: every *.conf in the search
 * directories, one file per name (the first directory holding a name
 * wins), all of them in name order, modules.softdep and modules.weakdep
 * of the module directory among them; then the module options and modprobe.blacklist=
 * on the kernel command line.  Entries keep file order, which decides
 * which of several matches applies.
 */
#ifndef UMOD_MODCONF_H
#define UMOD_MODCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One alias, options, install, remove or blacklist line. */
struct modconf_entry {
	char *name;	/* module name, or the alias's glob pattern */
	char *value;	/* module, options or command; NULL for blacklist */
};

struct modconf_list {
	struct modconf_entry *v;
	size_t n, cap;
};

struct modconf_softdep {
	char *name;	/* module name or glob pattern */
	char **pre, **post;
	size_t npre, npost;
};

/* kmod 34's weakdep: modules the kernel may ask for while name probes,
 * for initramfs builders; modprobe loads none of them. */
struct modconf_weakdep {
	char *name;
	char **weak;
	size_t nweak;
};

typedef void modconf_log_fn(const char *fmt, ...)
	__attribute__((__format__(__printf__, 1, 2)));

struct modconf {
	struct modconf_list blacklist, install, remove, alias, options;
	struct modconf_softdep *softdep;
	size_t nsoftdep, capsoftdep;
	struct modconf_weakdep *weakdep;
	size_t nweakdep, capweakdep;
	modconf_log_fn *error;	/* bad lines and unreadable files; may be NULL */
};

/* kmod's search path, highest priority first. */
extern const char *const modconf_default_paths[];

/*
 * Read the configuration: paths (files or directories; NULL for the
 * defaults), moddir's modules.softdep and modules.weakdep, and cmdline (the kernel command
 * line's text; NULL to read /proc/cmdline, "" for none).  0 or -ENOMEM.
 */
int modconf_load(struct modconf *conf, const char *moddir,
		 const char *const *paths, const char *cmdline);
void modconf_release(struct modconf *conf);

/* One file's lines, reported as name in messages. */
int modconf_parse_file(struct modconf *conf, FILE *f, const char *name);
/* "mod.param=value" and "modprobe.blacklist=a,b" words of a command line. */
int modconf_parse_cmdline(struct modconf *conf, const char *cmdline);

/* The first install or remove command whose pattern matches, or NULL. */
const char *modconf_install(const struct modconf *conf, const char *modname);
const char *modconf_remove(const struct modconf *conf, const char *modname);
/* The first softdep whose pattern matches, or NULL. */
const struct modconf_softdep *modconf_softdep(const struct modconf *conf,
					      const char *modname);
bool modconf_blacklisted(const struct modconf *conf, const char *modname);
/* Every options line for modname or alias, joined by spaces; NULL if none
 * (or out of memory: errno says which).  The caller frees it. */
char *modconf_options(const struct modconf *conf, const char *modname,
		      const char *alias);

/* The configuration as `modprobe -c` prints it. */
void modconf_show(const struct modconf *conf, FILE *out);

#endif /* UMOD_MODCONF_H */
