/* SPDX-License-Identifier: MIT */
/*
 * depmod.h - the state depmod's steps share: configuration, modules,
 * symbols.  depmod.c finds and links the modules, depmod_conf.c reads
 * depmod.d, depmod_cycles.c reports cycles, depmod_out.c writes the
 * index files.
 */
#ifndef UMOD_TOOLS_DEPMOD_H
#define UMOD_TOOLS_DEPMOD_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "modfile.h"
#include "strmap.h"

/* ---- depmod.d ---- */

enum depmod_search_type { SEARCH_PATH, SEARCH_BUILTIN, SEARCH_EXTERNAL };

/* A "search", "override", "external" or "exclude" line: newest first. */
struct depmod_dir {
	struct depmod_dir *next;
	enum depmod_search_type type;	/* for searches */
	size_t len;
	char path[];
};

struct depmod_cfg {
	const char *kversion;
	char dirname[PATH_MAX];		/* <basedir>/<moduledir>/<kversion> */
	size_t dirnamelen;
	char outdirname[PATH_MAX];	/* the same under -o's root */
	char sym_prefix;		/* -P */
	bool check_symvers;		/* -E */
	bool print_unknown;		/* -e */
	bool warn_dups;			/* -w */
	struct depmod_dir *searches, *overrides, *externals, *excludes;
};

/* Reads the files or directories in paths (NULL: the default depmod.d
 * directories), in kmod's order; adds "updates" when none says search. */
int depmod_conf_load(struct depmod_cfg *cfg, const char *const *paths);
void depmod_conf_free(struct depmod_cfg *cfg);

/* ---- modules and symbols ---- */

struct mod {
	char *path;		/* absolute */
	const char *relpath;	/* in path, relative to dirname; or NULL */
	char *uncrelpath;	/* relpath ending in .ko: its modules.order key */
	size_t baselen;		/* path up to (not including) the last '/' */
	size_t modnamesz;	/* strlen(modname) + 1 */
	int sort_idx;		/* place in modules.order */
	int dep_sort_idx;	/* place in the topological order */
	unsigned int idx;	/* place in depmod's module array */
	unsigned int users;	/* how many modules depend on this one */
	bool visited;		/* cycle report */
	struct modinfo_entry *info;
	size_t ninfo;
	struct modsym *imports;
	size_t nimports;
	char *strings;		/* the bytes info and imports point into */
	struct mod **deps;	/* the modules it needs directly */
	size_t ndeps, capdeps;
	char modname[];
};

struct symbol {
	struct mod *owner;	/* NULL: the kernel's (from -E or -F) */
	uint64_t crc;
	char name[];
};

struct depmod {
	struct depmod_cfg *cfg;
	struct mod **modules;
	size_t nmodules;
	struct strmap modules_by_name;
	struct strmap modules_by_uncrelpath;
	struct strmap symbols;
};

/* depmod_cycles.c: "Cycle detected: ..." for the modules whose users[]
 * the topological sort could not bring to 0. */
void depmod_report_cycles(struct depmod *d, const unsigned int *users);

/* Writes every index into cfg->outdirname, made if missing, or all to out
 * (-n).  0 or -errno. */
int depmod_output(struct depmod *d, FILE *out);

/* ---- messages, kmod's: "depmod: ERROR: ..." ---- */

enum { DEPMOD_LOG_CRIT = 2, DEPMOD_LOG_ERR, DEPMOD_LOG_WARNING,
       DEPMOD_LOG_NOTICE, DEPMOD_LOG_INFO, DEPMOD_LOG_DEBUG };
extern int depmod_verbose;
void depmod_log(int prio, const char *fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
#define CRIT(...) depmod_log(DEPMOD_LOG_CRIT, __VA_ARGS__)
#define ERR(...) depmod_log(DEPMOD_LOG_ERR, __VA_ARGS__)
#define WRN(...) depmod_log(DEPMOD_LOG_WARNING, __VA_ARGS__)
#define INF(...) depmod_log(DEPMOD_LOG_INFO, __VA_ARGS__)

#endif /* UMOD_TOOLS_DEPMOD_H */
