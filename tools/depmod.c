// SPDX-License-Identifier: MIT
/*
 * depmod.c - index the modules of a tree, as kmod's depmod.
 *
 * Every module under <basedir>/lib/modules/<version> is read once: its
 * exports go into the symbol table, its .modinfo and undefined symbols are
 * kept.  Each undefined symbol then names the module that needs it; the
 * modules are sorted so that each comes before what it needs, and
 * depmod_out.c writes the files.  Orders follow kmod's exactly (module
 * order from modules.order, else kmod's hash order; dependencies in
 * topological order) so the files are the same bytes kmod writes.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "tools.h"

/* -v: what needs what, on stdout. */
#define SHOW(...) do {							\
	if (tool_log_level() > LOG_WARNING) {				\
		printf(__VA_ARGS__);					\
		fflush(stdout);						\
	}								\
} while (0)

/* ---- the module set ---- */

static void mod_free(struct depmod_mod *mod)
{
	free(mod->path);
	free(mod->uncrelpath);
	free(mod->info);
	free(mod->imports);
	free(mod->strings);
	free(mod->deps);
	free(mod);
}

static int mod_add(struct depmod *d, const char *path)
{
	const struct depmod_cfg *cfg = d->cfg;
	char modname[PATH_MAX];
	const char *lastslash;
	struct depmod_mod *mod;
	size_t sz;

	if (!modfile_name_from_path(path, modname, sizeof(modname)))
		return -EINVAL;
	sz = strlen(modname) + 1;
	mod = calloc(1, sizeof(*mod) + sz);
	if (!mod)
		return -ENOMEM;
	memcpy(mod->modname, modname, sz);
	mod->modnamesz = sz;
	/* modules.order places the modules it lists first, the rest after */
	mod->sort_idx = 1;
	mod->dep_sort_idx = INT32_MAX;
	mod->path = strdup(path);
	if (!mod->path)
		goto nomem;
	lastslash = strrchr(mod->path, '/');
	mod->baselen = lastslash - mod->path;
	if (!strncmp(mod->path, cfg->dirname, cfg->dirnamelen) &&
	    mod->path[cfg->dirnamelen] == '/')
		mod->relpath = mod->path + cfg->dirnamelen + 1;
	if (strmap_get(&d->modules_by_name, mod->modname)) {
		tool_err("hash_add_unique %s: %s\n", mod->modname, strerror(EEXIST));
		mod_free(mod);
		return -EEXIST;
	}
	if (mod->relpath) {
		/* kmod's arithmetic: the directory, then as many bytes of the
		 * file name as the module name and ".ko" have */
		size_t len = (lastslash - mod->relpath) + sz + 3;

		mod->uncrelpath = strndup(mod->relpath, len);
		if (!mod->uncrelpath)
			goto nomem;
		if (strmap_get(&d->modules_by_uncrelpath, mod->uncrelpath)) {
			tool_err("hash_add_unique %s: %s\n", mod->uncrelpath,
				 strerror(EEXIST));
			mod_free(mod);
			return -EEXIST;
		}
		if (strmap_set(&d->modules_by_uncrelpath, mod->uncrelpath, mod, NULL))
			goto nomem;
	}
	if (strmap_set(&d->modules_by_name, mod->modname, mod, NULL)) {
		if (mod->uncrelpath)
			strmap_del(&d->modules_by_uncrelpath, mod->uncrelpath);
		goto nomem;
	}
	return 0;
nomem:
	mod_free(mod);
	return -ENOMEM;
}

static void mod_del(struct depmod *d, struct depmod_mod *mod)
{
	if (mod->uncrelpath)
		strmap_del(&d->modules_by_uncrelpath, mod->uncrelpath);
	strmap_del(&d->modules_by_name, mod->modname);
	mod_free(mod);
}

/* "dir/" prefix test of depmod.d external directories. */
static bool under(const char *path, size_t len, const char *dir, size_t dirlen)
{
	return len > dirlen && path[dirlen] == '/' && !memcmp(path, dir, dirlen);
}

/*
 * Whether the module already found (old) beats a new file of the same
 * name.  Paths are compared up to the end of the module name, without
 * extension.  override lines decide first, then the search order; a tie
 * keeps the module found first.  kmod's quirks kept: search lines count
 * newest first, and each external directory takes a priority slot.
 */
static bool old_wins(const struct depmod *d, const struct depmod_mod *old,
		     size_t baselen, size_t modnamelen, const char *newpath)
{
	const struct depmod_cfg *cfg = d->cfg;
	size_t newlen = baselen + modnamelen;
	size_t oldlen = old->baselen + old->modnamesz;
	const char *relnew = NULL, *relold = NULL;
	size_t relnewlen = 0, reloldlen = 0;
	int i, bprio = -1, oldprio = -1, newprio = -1;
	const struct depmod_dir *s, *e;

	if (!strncmp(newpath, cfg->dirname, cfg->dirnamelen)) {
		relnew = newpath + cfg->dirnamelen + 1;
		relnewlen = newlen - (cfg->dirnamelen + 1);
	}
	if (!strncmp(old->path, cfg->dirname, cfg->dirnamelen)) {
		relold = old->path + cfg->dirnamelen + 1;
		reloldlen = oldlen - (cfg->dirnamelen + 1);
	}
	for (s = cfg->overrides; s; s = s->next) {
		if (relnewlen == s->len && !memcmp(s->path, relnew, relnewlen))
			return false;
		if (reloldlen == s->len && !memcmp(s->path, relold, reloldlen))
			return true;
	}
	for (i = 0, s = cfg->searches; s; s = s->next, i++) {
		if (s->type == SEARCH_BUILTIN) {
			bprio = i;
		} else if (s->type == SEARCH_EXTERNAL) {
			for (e = cfg->externals; e; e = e->next, i++) {
				if (under(newpath, newlen, e->path, e->len))
					newprio = i;
				if (under(old->path, oldlen, e->path, e->len))
					oldprio = i;
			}
		} else if (relnew && under(relnew, relnewlen, s->path, s->len)) {
			newprio = i;
		} else if (relold && under(relold, reloldlen, s->path, s->len)) {
			oldprio = i;
		}
	}
	if (newprio < 0)
		newprio = bprio;
	if (oldprio < 0)
		oldprio = bprio;
	return newprio <= oldprio;
}

static int search_file(struct depmod *d, const char *path, size_t baselen)
{
	char modname[PATH_MAX];
	struct depmod_mod *old;

	if (!modfile_has_module_ext(path + baselen))
		return 0;
	if (!modfile_name_from_path(path, modname, sizeof(modname))) {
		tool_err("could not get modname from path %s\n", path);
		return -EINVAL;
	}
	old = strmap_get(&d->modules_by_name, modname);
	if (old) {
		if (old_wins(d, old, baselen, strlen(modname), path))
			return 0;
		mod_del(d, old);
	}
	return mod_add(d, path);
}

static bool excluded(const struct depmod_cfg *cfg, const char *name)
{
	if (!strcmp(name, ".") || !strcmp(name, "..") ||
	    !strcmp(name, "build") || !strcmp(name, "source"))
		return true;
	for (const struct depmod_dir *e = cfg->excludes; e; e = e->next)
		if (!strcmp(name, e->path))
			return true;
	return false;
}

/* path holds the directory with its '/', baselen long; d is open on it. */
static void search_dir(struct depmod *d, DIR *dir, char *path, size_t baselen)
{
	struct dirent *de;
	int err, dfd = dirfd(dir);

	while ((de = readdir(dir))) {
		size_t namelen = strlen(de->d_name);
		bool is_dir;

		if (excluded(d->cfg, de->d_name))
			continue;
		if (baselen + namelen + 2 > PATH_MAX) {
			tool_err("path is too long %.*s%s\n", (int)baselen, path, de->d_name);
			continue;
		}
		memcpy(path + baselen, de->d_name, namelen + 1);
		if (de->d_type == DT_REG || de->d_type == DT_DIR) {
			is_dir = de->d_type == DT_DIR;
		} else {
			struct stat st;

			if (fstatat(dfd, de->d_name, &st, 0) < 0) {
				tool_err("fstatat(%d, %s): %m\n", dfd, de->d_name);
				continue;
			}
			if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
				tool_err("unsupported file type %s: %o\n", path,
					 st.st_mode & S_IFMT);
				continue;
			}
			is_dir = S_ISDIR(st.st_mode);
		}
		if (is_dir) {
			int fd = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			DIR *sub;

			if (fd < 0) {
				tool_err("openat(%d, %s, O_RDONLY): %m\n", dfd, de->d_name);
				continue;
			}
			sub = fdopendir(fd);
			if (!sub) {
				tool_err("fdopendir(%d): %m\n", fd);
				close(fd);
				continue;
			}
			path[baselen + namelen] = '/';
			path[baselen + namelen + 1] = '\0';
			search_dir(d, sub, path, baselen + namelen + 1);
			closedir(sub);
			continue;
		}
		err = search_file(d, path, baselen);
		if (err < 0) {
			path[baselen + namelen] = '\0';
			tool_err("failed %s: %s\n", path, strerror(-err));
		}
	}
}

static int search_path(struct depmod *d, const char *dirname)
{
	char path[PATH_MAX];
	size_t len = strlen(dirname);
	DIR *dir = opendir(dirname);

	if (!dir) {
		int err = -errno;

		tool_err("could not open directory %s: %m\n", dirname);
		return err;
	}
	if (len + 2 > sizeof(path)) {
		closedir(dir);
		return -ENAMETOOLONG;
	}
	memcpy(path, dirname, len);
	path[len++] = '/';
	path[len] = '\0';
	search_dir(d, dir, path, len);
	closedir(dir);
	return 0;
}

static int search_all(struct depmod *d)
{
	int err = search_path(d, d->cfg->dirname);

	if (err < 0)
		return err;
	for (const struct depmod_dir *e = d->cfg->externals; e; e = e->next)
		search_path(d, e->path);	/* a missing one is no error */
	return 0;
}

/* Command-line module files, instead of the whole tree. */
static void add_files(struct depmod *d, char **paths, int n)
{
	for (int i = 0; i < n; i++) {
		struct stat st;
		int err;

		if (paths[i][0] != '/')
			tool_fatal("%s: not absolute path.\n", paths[i]);
		if (stat(paths[i], &st) < 0)
			tool_fatal("could not create module %s: %s\n", paths[i],
				   strerror(errno));
		err = mod_add(d, paths[i]);
		if (err < 0)
			tool_fatal("could not add module %s: %s\n", paths[i], strerror(-err));
	}
}

/* ---- order ---- */

/* The array in kmod's hash-table order: what kmod iterates to build it. */
static int build_array(struct depmod *d)
{
	struct strmap_entry **order = strmap_kmod_order(&d->modules_by_name, 512);

	if (!order)
		return -ENOMEM;
	d->nmodules = d->modules_by_name.count;
	d->modules = calloc(d->nmodules + 1, sizeof(*d->modules));
	if (!d->modules) {
		free(order);
		return -ENOMEM;
	}
	for (size_t i = 0; i < d->nmodules; i++) {
		d->modules[i] = order[i]->value;
		d->modules[i]->idx = i;
	}
	free(order);
	return 0;
}

static int sort_idx_cmp(const void *a, const void *b)
{
	const struct depmod_mod *x = *(struct depmod_mod *const *)a, *y = *(struct depmod_mod *const *)b;

	/* stable, as glibc's merge sort is for kmod */
	if (x->sort_idx != y->sort_idx)
		return x->sort_idx < y->sort_idx ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Modules listed in modules.order first, in its order; the rest after. */
static void sort_by_order_file(struct depmod *d)
{
	char line[PATH_MAX], path[PATH_MAX];
	unsigned int idx = 0, total;
	FILE *fp;

	if ((size_t)snprintf(path, sizeof(path), "%s/modules.order", d->cfg->dirname) >= sizeof(path))
		return;
	fp = fopen(path, "re");
	if (!fp) {
		tool_warn("could not open %s at %s: %m\n", "modules.order", d->cfg->dirname);
		return;
	}
	while (fgets(line, sizeof(line), fp)) {
		idx++;
		if (line[strlen(line) - 1] != '\n') {
			tool_err("%s/%s:%u corrupted line misses '\\n'\n",
				 d->cfg->dirname, "modules.order", idx);
			fclose(fp);
			return;
		}
	}
	total = idx + 1;
	idx = 0;
	rewind(fp);
	while (fgets(line, sizeof(line), fp)) {
		struct depmod_mod *mod;

		idx++;
		line[strlen(line) - 1] = '\0';
		mod = strmap_get(&d->modules_by_uncrelpath, line);
		if (mod)
			mod->sort_idx = (int)idx - (int)total;
	}
	fclose(fp);
	qsort(d->modules, d->nmodules, sizeof(*d->modules), sort_idx_cmp);
	for (size_t i = 0; i < d->nmodules; i++)
		d->modules[i]->idx = i;
}

/* ---- symbols ---- */

static int symbol_add(struct depmod *d, const char *name, bool prefix_skipped,
		      uint64_t crc, struct depmod_mod *owner)
{
	struct depmod_sym *sym;
	void *old;
	size_t len;

	if (!prefix_skipped && d->cfg->sym_prefix && name[0] == d->cfg->sym_prefix)
		name++;
	len = strlen(name) + 1;
	sym = malloc(sizeof(*sym) + len);
	if (!sym)
		return -ENOMEM;
	sym->owner = owner;
	sym->crc = crc;
	memcpy(sym->name, name, len);
	/* a later definition replaces an earlier one, as in kmod */
	if (strmap_set(&d->symbols, sym->name, sym, &old)) {
		free(sym);
		return -ENOMEM;
	}
	free(old);
	return 0;
}

static struct depmod_sym *symbol_find(const struct depmod *d, const char *name)
{
	if (name[0] == '.')		/* PPC64: .foo is foo */
		name++;
	if (d->cfg->sym_prefix && name[0] == d->cfg->sym_prefix)
		name++;
	return strmap_get(&d->symbols, name);
}

/* What the kernel loader provides itself. */
static void add_fake_symbols(struct depmod *d)
{
	symbol_add(d, "__this_module", true, 0, NULL);
	symbol_add(d, "_GLOBAL_OFFSET_TABLE_", true, 0, NULL);
	if (!symbol_find(d, "TOC."))
		symbol_add(d, "TOC.", true, 0, NULL);
}

/* -E: "0xcrc\tsymbol\tvmlinux\tEXPORT_SYMBOL" lines; vmlinux's only. */
static int load_symvers(struct depmod *d, const char *file)
{
	char line[10240];
	unsigned int n = 0;
	FILE *fp = fopen(file, "re");

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		char *save, *ver, *sym, *where, *end;
		uint64_t crc;

		n++;
		ver = strtok_r(line, " \t", &save);
		sym = strtok_r(NULL, " \t", &save);
		where = strtok_r(NULL, " \t", &save);
		if (!ver || !sym || !where || strcmp(where, "vmlinux"))
			continue;
		crc = strtoull(ver, &end, 16);
		if (*end) {
			tool_err("%s:%u Invalid symbol version %s: %s\n", file, n, ver,
				 strerror(EINVAL));
			continue;
		}
		symbol_add(d, sym, false, crc, NULL);
	}
	add_fake_symbols(d);
	fclose(fp);
	return 0;
}

/* -F: the __ksymtab_<name> symbols of a System.map. */
static int load_system_map(struct depmod *d, const char *file)
{
	static const char ksym[] = "__ksymtab_";
	char line[10240];
	unsigned int n = 0;
	FILE *fp = fopen(file, "re");

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		char *p = strchr(line, ' ');

		n++;
		if (p)
			p = strchr(p + 1, ' ');
		if (!p) {
			tool_err("%s:%u: invalid line: %s\n", file, n, line);
			continue;
		}
		p++;
		if (d->cfg->sym_prefix && p[0] == d->cfg->sym_prefix)
			p++;
		if (strncmp(p, ksym, sizeof(ksym) - 1))
			continue;
		p[strcspn(p, "\n")] = '\0';
		symbol_add(d, p + sizeof(ksym) - 1, true, 0, NULL);
	}
	add_fake_symbols(d);
	fclose(fp);
	return 0;
}

/* ---- reading the modules ---- */

/* Copies what depmod keeps of a module, so the file can be closed. */
static int keep_module_data(struct depmod_mod *mod,
			    const struct modinfo_entry *info, size_t ninfo,
			    const struct modsym *imp, size_t nimp)
{
	size_t size = 0;
	char *p;

	for (size_t i = 0; i < ninfo; i++)
		size += info[i].keylen + info[i].valuelen + 2;
	for (size_t i = 0; i < nimp; i++)
		size += strlen(imp[i].name) + 1;
	mod->strings = p = malloc(size + 1);
	mod->info = calloc(ninfo + 1, sizeof(*mod->info));
	mod->imports = calloc(nimp + 1, sizeof(*mod->imports));
	if (!p || !mod->info || !mod->imports)
		return -ENOMEM;
	for (size_t i = 0; i < ninfo; i++) {
		struct modinfo_entry *e = &mod->info[i];

		*e = info[i];
		e->key = memcpy(p, info[i].key, e->keylen);
		p[e->keylen] = '\0';
		p += e->keylen + 1;
		e->value = memcpy(p, info[i].value, e->valuelen);
		p[e->valuelen] = '\0';
		p += e->valuelen + 1;
	}
	for (size_t i = 0; i < nimp; i++) {
		mod->imports[i] = imp[i];
		mod->imports[i].name = strcpy(p, imp[i].name);
		p += strlen(p) + 1;
	}
	mod->ninfo = ninfo;
	mod->nimports = nimp;
	return 0;
}

static int load_module(struct depmod *d, struct depmod_mod *mod)
{
	struct modinfo_entry *info = NULL;
	struct modsym *syms = NULL, *imp = NULL;
	int nsyms, ninfo, nimp, err;
	struct modfile mf;
	char why[256];

	err = modfile_open(&mf, mod->path, why, sizeof(why));
	if (err == -ENOEXEC && mf.is_elf)
		err = -EINVAL;		/* kmod's word for a damaged ELF file */
	if (err) {
		if (err != -ENOENT)
			tool_err("failed to load symbols from %s: %s\n", mod->path,
				 strerror(-err));
		return 0;	/* listed, with no symbols and no dependencies */
	}
	nsyms = modfile_exports(&mf, &syms);
	for (int i = 0; i < nsyms; i++)
		symbol_add(d, syms[i].name, false, syms[i].crc, mod);
	ninfo = modfile_modinfo(&mf, &info);
	nimp = modfile_imports(&mf, &imp);
	err = nsyms < 0 || ninfo < 0 || nimp < 0 ? -ENOMEM :
	      keep_module_data(mod, info, ninfo, imp, nimp);
	free(syms);
	free(info);
	free(imp);
	modfile_close(&mf);
	return err;
}

/* ---- dependencies ---- */

static int mod_add_dep(struct depmod_mod *mod, struct depmod_sym *sym)
{
	struct depmod_mod *owner = sym->owner;

	if (!owner)
		return 0;	/* the kernel's */
	for (size_t i = 0; i < mod->ndeps; i++)
		if (mod->deps[i] == owner)
			return 0;
	if (mod->ndeps == mod->capdeps) {
		size_t cap = mod->capdeps ? mod->capdeps * 2 : 4;
		struct depmod_mod **v = realloc(mod->deps, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		mod->deps = v;
		mod->capdeps = cap;
	}
	mod->deps[mod->ndeps++] = owner;
	owner->users++;
	SHOW("%s needs \"%s\": %s\n", mod->path, sym->name, owner->path);
	return 0;
}

static int link_module(struct depmod *d, struct depmod_mod *mod)
{
	const struct depmod_cfg *cfg = d->cfg;

	for (size_t i = 0; i < mod->nimports; i++) {
		const struct modsym *imp = &mod->imports[i];
		struct depmod_sym *sym = symbol_find(d, imp->name);

		if (!sym) {
			if (cfg->print_unknown && !imp->weak)
				tool_warn("%s needs unknown symbol %s\n", mod->path, imp->name);
			continue;
		}
		if (cfg->check_symvers && sym->crc != imp->crc && !imp->weak &&
		    cfg->print_unknown)
			tool_warn("%s disagrees about version of symbol %s\n", mod->path,
				  imp->name);
		if (mod_add_dep(mod, sym))
			return -ENOMEM;
	}
	return 0;
}

static int dep_cmp(const void *a, const void *b)
{
	const struct depmod_mod *x = *(struct depmod_mod *const *)a, *y = *(struct depmod_mod *const *)b;

	return (x->dep_sort_idx > y->dep_sort_idx) - (x->dep_sort_idx < y->dep_sort_idx);
}

/*
 * Topological order, modules nobody needs first (a stack of ready
 * modules, as kmod).  What is left over sits on or behind a cycle.
 */
static int order_dependencies(struct depmod *d)
{
	size_t n = d->nmodules, nroots = 0, nsorted = 0;
	unsigned int *users = calloc(2 * n + 1, sizeof(*users));
	unsigned int *roots = users + n;

	if (!users)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		users[i] = d->modules[i]->users;
		if (!users[i])
			roots[nroots++] = i;
	}
	while (nroots) {
		struct depmod_mod *src = d->modules[roots[--nroots]];

		src->dep_sort_idx = nsorted++;
		for (size_t i = 0; i < src->ndeps; i++) {
			unsigned int dst = src->deps[i]->idx;

			if (--users[dst] == 0)
				roots[nroots++] = dst;
		}
	}
	if (nsorted < n) {
		depmod_report_cycles(d, users);
		free(users);
		return -EINVAL;
	}
	free(users);
	for (size_t i = 0; i < n; i++)
		if (d->modules[i]->ndeps > 1)	/* deps is NULL when there are none */
			qsort(d->modules[i]->deps, d->modules[i]->ndeps,
			      sizeof(struct depmod_mod *), dep_cmp);
	return 0;
}

static int depmod_load(struct depmod *d)
{
	int err;

	for (size_t i = 0; i < d->nmodules; i++)
		if ((err = load_module(d, d->modules[i])))
			return err;
	for (size_t i = 0; i < d->nmodules; i++)
		if ((err = link_module(d, d->modules[i])))
			return err;
	return order_dependencies(d);
}

/* ---- -A: is modules.dep newer than every module? ---- */

static int up_to_date_dir(DIR *dir, time_t mtime, char *path, size_t baselen)
{
	struct dirent *de;
	int ret = 1, dfd = dirfd(dir);

	while ((de = readdir(dir))) {
		const char *name = de->d_name;
		size_t namelen = strlen(name);
		struct stat st;

		if (!strcmp(name, ".") || !strcmp(name, "..") ||
		    !strcmp(name, "build") || !strcmp(name, "source"))
			continue;
		if (baselen + namelen + 2 >= PATH_MAX) {
			path[baselen] = '\0';
			tool_err("path is too long %s%s\n", path, name);
			continue;
		}
		if (fstatat(dfd, name, &st, 0) < 0) {
			tool_err("fstatat(%d, %s): %m\n", dfd, name);
			continue;
		}
		memcpy(path + baselen, name, namelen + 1);
		if (S_ISDIR(st.st_mode)) {
			int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			DIR *sub = fd < 0 ? NULL : fdopendir(fd);

			if (!sub) {
				tool_err("openat(%d, %s, O_RDONLY): %m\n", dfd, name);
				if (fd >= 0)
					close(fd);
				continue;
			}
			path[baselen + namelen] = '/';
			path[baselen + namelen + 1] = '\0';
			ret = up_to_date_dir(sub, mtime, path, baselen + namelen + 1);
			closedir(sub);
		} else if (S_ISREG(st.st_mode)) {
			if (!modfile_has_module_ext(name))
				continue;
			ret = st.st_mtime <= mtime;
		} else {
			tool_err("unsupported file type %s: %o\n", path, st.st_mode & S_IFMT);
			continue;
		}
		if (ret == 0)
			break;		/* outdated */
	}
	return ret;
}

static bool up_to_date(const char *dirname)
{
	char path[PATH_MAX];
	size_t len = strlen(dirname);
	DIR *dir = opendir(dirname);
	struct stat st;
	int ret;

	if (!dir) {
		tool_err("could not open directory %s: %m\n", dirname);
		return false;
	}
	if (fstatat(dirfd(dir), "modules.dep", &st, 0)) {
		tool_err("could not fstatat(%s, modules.dep): %m\n", dirname);
		closedir(dir);
		return false;
	}
	memcpy(path, dirname, len);
	path[len++] = '/';
	path[len] = '\0';
	ret = up_to_date_dir(dir, st.st_mtime, path, len);
	closedir(dir);
	return ret == 1;
}

/* ---- command line ---- */

static void help(void)
{
	printf("Usage:\n"
	       "\tdepmod -[aA] [options] [forced_version]\n"
	       "\n"
	       "If no arguments (except options) are given, \"depmod -a\" is assumed\n"
	       "\n"
	       "depmod will output a dependency list suitable for the modprobe utility.\n"
	       "\n"
	       "Options:\n"
	       "\t-a, --all            Probe all modules\n"
	       "\t-A, --quick          Only does the work if there's a new module\n"
	       "\t-e, --errsyms        Report not supplied symbols\n"
	       "\t-n, --show           Write the dependency file on stdout only\n"
	       "\t-P, --symbol-prefix  Architecture symbol prefix\n"
	       "\t-C, --config=PATH    Read configuration from PATH\n"
	       "\t-v, --verbose        Enable verbose mode\n"
	       "\t-w, --warn           Warn on duplicates\n"
	       "\t-V, --version        show version\n"
	       "\t-h, --help           show this help\n"
	       "\n"
	       "The following options are useful for people managing distributions:\n"
	       "\t-b, --basedir=DIR    Use an image of a module tree.\n"
	       "\t-m, --moduledir=DIR  Module directory (default: /lib/modules).\n"
	       "\t-o, --outdir=DIR     Output root path (default: same as <basedir>).\n"
	       "\t-F, --filesyms=FILE  Use the file instead of the\n"
	       "\t                     current kernel symbols.\n"
	       "\t-E, --symvers=FILE   Use Module.symvers file to check\n"
	       "\t                     symbol versions.\n");
}

static const struct option longopts[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "quick", no_argument, NULL, 'A' },
	{ "basedir", required_argument, NULL, 'b' },
	{ "moduledir", required_argument, NULL, 'm' },
	{ "outdir", required_argument, NULL, 'o' },
	{ "config", required_argument, NULL, 'C' },
	{ "symvers", required_argument, NULL, 'E' },
	{ "filesyms", required_argument, NULL, 'F' },
	{ "errsyms", no_argument, NULL, 'e' },
	{ "unresolved-error", no_argument, NULL, 'u' },	/* deprecated */
	{ "quiet", no_argument, NULL, 'q' },			/* deprecated */
	{ "root", no_argument, NULL, 'r' },			/* deprecated */
	{ "verbose", no_argument, NULL, 'v' },
	{ "show", no_argument, NULL, 'n' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "symbol-prefix", required_argument, NULL, 'P' },
	{ "warn", no_argument, NULL, 'w' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * kmod takes "N.M..." as the version; umod's releases ("umod-1") are
 * accepted too when their module directory exists.
 */
static bool is_version(const char *root, const char *moddir, const char *arg)
{
	char path[PATH_MAX];
	unsigned int a, b;
	struct stat st;

	if (sscanf(arg, "%u.%u", &a, &b) == 2)
		return true;
	if (strchr(arg, '/') ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s/%s", root ? root : "",
			     moddir, arg) >= sizeof(path))
		return false;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

struct depmod_opts {
	bool all, maybe_all;
	char *root, *out_root;		/* -b, -o: absolute */
	const char *moddir;		/* -m: relative to both */
	const char **config;
	size_t nconfig;
	const char *symvers, *system_map;
	FILE *out;
};

static int parse_options(int argc, char **argv, struct depmod_opts *o,
			 struct depmod_cfg *cfg)
{
	for (;;) {
		int idx = 0, c = getopt_long(argc, argv, "aAb:m:o:C:E:F:euqrvnP:wVh",
					     longopts, &idx);

		if (c == -1)
			break;
		switch (c) {
		case 'a': o->all = true; break;
		case 'A': o->maybe_all = true; break;
		case 'b':
			free(o->root);
			o->root = modindex_absolute(optarg);
			break;
		case 'm':
			o->moddir = optarg;
			break;
		case 'o':
			free(o->out_root);
			o->out_root = modindex_absolute(optarg);
			break;
		case 'C': {
			const char **v = realloc(o->config, (o->nconfig + 2) * sizeof(*v));

			if (!v) {
				fputs("Error: out-of-memory\n", stderr);
				return -1;
			}
			o->config = v;
			v[o->nconfig++] = optarg;
			v[o->nconfig] = NULL;
			break;
		}
		case 'E':
			o->symvers = optarg;
			cfg->check_symvers = true;
			break;
		case 'F': o->system_map = optarg; break;
		case 'e': cfg->print_unknown = true; break;
		case 'v': tool_verbose(); break;
		case 'n': o->out = stdout; break;
		case 'P':
			if (optarg[0] && optarg[1])
				tool_fatal("-P only takes a single char\n");
			cfg->sym_prefix = optarg[0];
			break;
		case 'w': cfg->warn_dups = true; break;
		case 'u': case 'q': case 'r':
			if (idx > 0)
				tool_warn("Ignored deprecated option --%s\n", longopts[idx].name);
			else
				tool_warn("Ignored deprecated option -%c\n", c);
			break;
		case 'h':
			help();
			return 1;
		case 'V':
			tool_version();
			return 1;
		default:
			return -1;
		}
	}
	return 0;
}

/* <root>/<moddir>/<kversion>, read; the same under -o's root, written.
 * The module directory is relative to both, as in kmod 34. */
static int module_dirs(struct depmod_opts *o, struct depmod_cfg *cfg)
{
	const char *root = o->root ? o->root : "";
	const char *out = o->out_root ? o->out_root : root;
	size_t n;

	while (o->moddir[0] == '/')
		o->moddir++;
	n = snprintf(cfg->dirname, sizeof(cfg->dirname), "%s/%s/%s", root,
		     o->moddir, cfg->kversion);
	if (n >= sizeof(cfg->dirname)) {
		tool_err("Bad directory %s/%s/%s: path too long\n", root, o->moddir,
			 cfg->kversion);
		return -ENAMETOOLONG;
	}
	cfg->dirnamelen = n;
	n = snprintf(cfg->outdirname, sizeof(cfg->outdirname), "%s/%s/%s", out,
		     o->moddir, cfg->kversion);
	if (n >= sizeof(cfg->outdirname)) {
		tool_err("Bad directory %s/%s/%s: path too long\n", out, o->moddir,
			 cfg->kversion);
		return -ENAMETOOLONG;
	}
	return 0;
}

static void depmod_free(struct depmod *d)
{
	strmap_free(&d->symbols, free);
	for (size_t i = 0; i < d->nmodules; i++)
		mod_free(d->modules[i]);
	free(d->modules);
	strmap_free(&d->modules_by_name, NULL);
	strmap_free(&d->modules_by_uncrelpath, NULL);
}

int do_depmod(int argc, char **argv)
{
	struct depmod_opts o = { .moddir = "lib/modules" };
	struct depmod_cfg cfg = { 0 };
	struct depmod d = { .cfg = &cfg };
	struct utsname un;
	int err, ret = EXIT_FAILURE;

	tool_log_set_level(LOG_WARNING);
	err = parse_options(argc, argv, &o, &cfg);
	if (err) {
		ret = err > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
		goto out;
	}
	if (optind < argc) {
		if (!is_version(o.root, o.moddir, argv[optind])) {
			tool_err("Bad version passed %s\n", argv[optind]);
			goto out;
		}
		cfg.kversion = argv[optind++];
	} else {
		if (uname(&un) < 0)
			tool_fatal("uname() failed: %s\n", strerror(errno));
		cfg.kversion = un.release;
	}
	if (module_dirs(&o, &cfg) < 0)
		goto out;
	if (optind == argc)
		o.all = true;
	if (o.maybe_all) {
		if (o.out == stdout || up_to_date(cfg.dirname)) {
			ret = EXIT_SUCCESS;
			goto out;
		}
		o.all = true;
	}
	strmap_init(&d.modules_by_name);
	strmap_init(&d.modules_by_uncrelpath);
	strmap_init(&d.symbols);

	if (o.symvers && (err = load_symvers(&d, o.symvers)) < 0)
		tool_fatal("could not load %s: %s\n", o.symvers, strerror(-err));
	else if (!o.symvers && o.system_map &&
		 (err = load_system_map(&d, o.system_map)) < 0)
		tool_fatal("could not load %s: %s\n", o.system_map, strerror(-err));
	else if (!o.symvers && !o.system_map && cfg.print_unknown) {
		tool_warn("-e needs -E or -F\n");
		cfg.print_unknown = false;
	}

	if (o.all) {
		depmod_conf_load(&cfg, o.config);
		if ((err = search_all(&d)) < 0)
			tool_fatal("could not search modules: %s\n", strerror(-err));
	} else {
		add_files(&d, argv + optind, argc - optind);
	}
	if ((err = build_array(&d)) < 0)
		tool_fatal("could not build module array: %s\n", strerror(-err));
	sort_by_order_file(&d);
	err = depmod_load(&d);
	if (err == -ENOMEM)
		tool_fatal("out of memory\n");
	if (!err)
		err = depmod_output(&d, o.out);
	ret = err ? EXIT_FAILURE : EXIT_SUCCESS;
	depmod_free(&d);
out:
	depmod_conf_free(&cfg);
	free(o.root);
	free(o.out_root);
	free(o.config);
	return ret;
}
