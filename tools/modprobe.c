// SPDX-License-Identifier: MIT
/*
 * modprobe.c - add and remove modules with their dependencies, as kmod's
 * modprobe does, in a umod host.
 *
 * A name resolves through the first source that knows it, in libkmod's
 * order: configuration aliases, modules.dep, modules.symbols, install and
 * remove commands, modules.alias, modules.builtin.  Loading gathers the
 * module, its modules.dep dependencies and their softdeps into one list and
 * inserts, in order, what the host does not have yet; each file travels to
 * the host as an fd.  Removal undoes this and then unloads the
 * dependencies nothing uses any more.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <umod/host.h>

#include "clock.h"
#include "tools.h"

/* ---- Messages, worded and levelled as kmod's tools ---- */

#define PROG "modprobe"
#define DEFAULT_VERBOSE LOG_WARNING

static int notfound_level = LOG_CRIT;	/* "not found", "in use": FATAL ends
					   the run, WARNING (-a) does not */
static bool use_syslog;

#define LOG(...)	tool_log(notfound_level, __VA_ARGS__)

/* Configuration files' complaints, which kmod's library prints as errors. */
static void conf_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tool_vlog(LOG_ERR, fmt, ap);
	va_end(ap);
}

/* ---- State ---- */

struct opts {
	bool all, remove, remove_holders, first_time, ignore_commands;
	bool use_blacklist, force, force_modversion, force_vermagic;
	bool show_depends, dry_run, resolve_alias, show_config;
	bool show_modversions, show_exports, autoclean;
	unsigned long long wait_msec;
	const char **config;		/* -C paths, NULL-terminated, or NULL */
	size_t nconfig;
	const char *root, *release, *host;
};

/* A module as modprobe sees it: one per name and alias it was found as. */
struct mod {
	struct mod *next;		/* in the pool */
	struct mod *twin;		/* the pool's next of this name */
	char *name;
	char *alias;			/* the alias that found it, or NULL */
	char *path;			/* from modules.dep, absolute; or NULL */
	const struct moddep_entry *dep;
	struct mod **deps;		/* load order: deepest first */
	size_t ndeps;
	bool deps_done;
	const char *install, *remove;	/* configured commands, or NULL */
	bool builtin;
	bool ignorecmd;			/* inserted even with an install command */
	unsigned int visited, required;	/* probe-list marks: set when equal
					   to the modprobe's probe */
};

struct modlist {
	struct mod **v;
	size_t n, cap;
};

struct modprobe {
	struct opts o;
	char dirname[PATH_MAX];
	struct modconf conf;
	struct moddep dep;
	struct modalias_list alias, symbols;
	bool alias_read, symbols_read;
	struct modbuiltin builtin;
	struct mod *pool;
	struct strmap by_name;		/* name: its newest in the pool */
	unsigned int probe;		/* the probe list being made */
	struct umod_conn *conn;		/* NULL: no host, nothing is loaded */
	struct umod_conn_module *loaded;
	size_t nloaded;
	bool loaded_fresh;
};

static int list_add(struct modlist *l, struct mod *m)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct mod **v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = m;
	return 0;
}

static void list_release(struct modlist *l)
{
	free(l->v);
	*l = (struct modlist){ 0 };
}

/* ---- The host ---- */

/* The host's line for name, or NULL when it has no such module. */
static const struct umod_conn_module *host_module(struct modprobe *mp,
						  const char *name)
{
	if (!mp->conn)
		return NULL;
	if (!mp->loaded_fresh) {
		int err;

		free(mp->loaded);
		mp->loaded = NULL;
		mp->nloaded = 0;
		err = umod_conn_list(mp->conn, &mp->loaded, &mp->nloaded);
		if (err < 0) {
			tool_err("could not list the host's modules: %s\n", strerror(-err));
			return NULL;
		}
		mp->loaded_fresh = true;
	}
	for (size_t i = 0; i < mp->nloaded; i++)
		if (!strcmp(mp->loaded[i].name, name))
			return &mp->loaded[i];
	return NULL;
}

enum initstate { STATE_BUILTIN, STATE_LIVE, STATE_COMING, STATE_GOING };

/* kmod_module_get_initstate: a state, or -ENOENT when not loaded. */
static int mod_state(struct modprobe *mp, const struct mod *m)
{
	const struct umod_conn_module *h;

	if (m->builtin)
		return STATE_BUILTIN;
	if (!(h = host_module(mp, m->name)))
		return -ENOENT;
	if (!strcmp(h->state, "Loading"))
		return STATE_COMING;
	if (!strcmp(h->state, "Unloading"))
		return STATE_GOING;
	return STATE_LIVE;
}

static bool in_host(struct modprobe *mp, const struct mod *m)
{
	int state = mod_state(mp, m);

	return state == STATE_LIVE || state == STATE_BUILTIN;
}

static int refcnt(struct modprobe *mp, const struct mod *m)
{
	const struct umod_conn_module *h = host_module(mp, m->name);

	return h ? h->refcnt : -ENOENT;
}

/* "a,b," as /proc/modules gives the users, or "-". */
static bool has_holders(struct modprobe *mp, const struct mod *m)
{
	const struct umod_conn_module *h = host_module(mp, m->name);

	return h && h->users[0] && strcmp(h->users, "-");
}

/* ---- Modules and lookup ---- */

static void mod_free(struct mod *m)
{
	free(m->name);
	free(m->alias);
	free(m->path);
	free(m->deps);
	free(m);
}

static struct mod *mod_new(struct modprobe *mp, const char *name,
			   const char *alias)
{
	struct mod *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->name = strdup(name);
	m->alias = alias ? strdup(alias) : NULL;
	m->dep = moddep_find(&mp->dep, name);
	m->path = m->dep ? modindex_path(mp->dirname, m->dep->path) : NULL;
	if (!m->name || (alias && !m->alias) || (m->dep && !m->path)) {
		mod_free(m);
		return NULL;
	}
	m->builtin = modbuiltin_has(&mp->builtin, name);
	m->install = modconf_install(&mp->conf, name);
	m->remove = modconf_remove(&mp->conf, name);
	return m;
}

/* The pool's module of this name found as this alias (NULL: as itself),
 * made on first sight. */
static struct mod *mod_get(struct modprobe *mp, const char *name,
			   const char *alias)
{
	struct mod *first = strmap_get(&mp->by_name, name), *m;

	for (m = first; m; m = m->twin)
		if (alias ? m->alias && !strcmp(m->alias, alias) : !m->alias)
			return m;
	if (!(m = mod_new(mp, name, alias)))
		return NULL;
	if (strmap_set(&mp->by_name, m->name, m, NULL)) {
		mod_free(m);
		return NULL;
	}
	m->twin = first;
	m->next = mp->pool;
	mp->pool = m;
	return m;
}

static void pool_free(struct modprobe *mp)
{
	struct mod *m, *next;

	strmap_free(&mp->by_name, NULL);
	for (m = mp->pool; m; m = next) {
		next = m->next;
		mod_free(m);
	}
	mp->pool = NULL;
}

/* The modules.dep dependencies, in load order; NULL with n 0 if none.
 * A dependency without a line of its own has the path its user names. */
static struct mod **mod_deps(struct modprobe *mp, struct mod *m, size_t *n)
{
	char name[PATH_MAX];

	if (!m->deps_done && m->dep && m->dep->ndeps) {
		size_t nd = m->dep->ndeps;

		if (!(m->deps = calloc(nd, sizeof(*m->deps))))
			tool_err("out of memory\n");
		/* modules.dep lists the deepest last: it loads first */
		for (size_t i = 0; m->deps && i < nd; i++) {
			const char *path = m->dep->deps[nd - 1 - i];
			struct mod *d;

			if (!modfile_name_from_path(path, name, sizeof(name)))
				continue;
			if (!(d = mod_get(mp, name, NULL)))
				break;
			if (!d->path)
				d->path = modindex_path(mp->dirname, path);
			m->deps[m->ndeps++] = d;
		}
	}
	m->deps_done = true;
	*n = m->ndeps;
	return m->deps;
}

static void load_aliases(struct modprobe *mp, struct modalias_list *l,
			 bool *done, const char *file)
{
	if (!*done && modalias_load(l, mp->dirname, file) < 0)
		memset(l, 0, sizeof(*l));
	*done = true;
}

struct found {
	struct modprobe *mp;
	struct modlist *out;
	const char *alias;
	bool builtin;
};

static int found_module(const char *module, void *arg)
{
	struct found *f = arg;
	struct mod *m = mod_get(f->mp, module, f->alias);

	if (!m || list_add(f->out, m))
		return -ENOMEM;
	m->builtin |= f->builtin;
	return 0;
}

static int from_config(struct modprobe *mp, const char *name, struct modlist *out)
{
	const struct modconf_list *a = &mp->conf.alias;

	for (size_t i = 0; i < a->n; i++) {
		struct found f = { mp, out, a->v[i].name, false };

		if (fnmatch(a->v[i].name, name, 0) == 0 &&
		    found_module(a->v[i].value, &f))
			return -ENOMEM;
	}
	return 0;
}

static int from_moddep(struct modprobe *mp, const char *name, struct modlist *out)
{
	struct found f = { mp, out, NULL, false };

	/* module names hold no ':'; "symbol:" and the like are aliases */
	if (strchr(name, ':') || !moddep_find(&mp->dep, name))
		return 0;
	return found_module(name, &f);
}

static int from_symbols(struct modprobe *mp, const char *name, struct modlist *out)
{
	struct found f = { mp, out, name, false };
	int ret;

	if (strncmp(name, "symbol:", 7))
		return 0;
	load_aliases(mp, &mp->symbols, &mp->symbols_read, "modules.symbols");
	ret = modalias_lookup(&mp->symbols, name, found_module, &f);
	return ret < 0 ? ret : 0;
}

/* A name with an install (or else a remove) command is a module, module
 * file or not; that exact command is its own. */
static int from_commands(struct modprobe *mp, const char *name,
			 struct modlist *out)
{
	const struct modconf_list *lists[] = { &mp->conf.install, &mp->conf.remove };

	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < lists[k]->n; i++) {
			const struct modconf_entry *e = &lists[k]->v[i];
			struct mod *m;

			if (strcmp(e->name, name))
				continue;
			if (!(m = mod_get(mp, name, NULL)) || list_add(out, m))
				return -ENOMEM;
			if (k == 0)
				m->install = e->value;
			else
				m->remove = e->value;
			return 0;
		}
	}
	return 0;
}

static int from_aliases(struct modprobe *mp, const char *name, struct modlist *out)
{
	struct found f = { mp, out, name, false };
	int ret;

	load_aliases(mp, &mp->alias, &mp->alias_read, "modules.alias");
	ret = modalias_lookup(&mp->alias, name, found_module, &f);
	return ret < 0 ? ret : 0;
}

static int from_builtin(struct modprobe *mp, const char *name, struct modlist *out)
{
	struct found f = { mp, out, NULL, true };

	return modbuiltin_has(&mp->builtin, name) ? found_module(name, &f) : 0;
}

static int from_builtin_alias(struct modprobe *mp, const char *name,
			      struct modlist *out)
{
	struct found f = { mp, out, name, true };
	int ret = modbuiltin_alias_lookup(&mp->builtin, name, found_module, &f);

	return ret < 0 ? ret : 0;
}

/* kmod_module_new_from_lookup: the first source that knows the name
 * adds its modules to out. */
static int lookup(struct modprobe *mp, const char *given, struct modlist *out)
{
	static int (*const sources[])(struct modprobe *, const char *,
				      struct modlist *) = {
		from_config, from_moddep, from_symbols, from_commands,
		from_aliases, from_builtin, from_builtin_alias,
	};
	size_t had = out->n;
	char name[PATH_MAX];
	int err;

	if (modindex_alias(given, name, sizeof(name)) < 0)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(sources) / sizeof(*sources); i++) {
		err = sources[i](mp, name, out);
		if (err < 0)
			return err;
		if (out->n > had)
			break;
	}
	return 0;
}

/* The modules a softdep names, each looked up as a name of its own. */
static int softdep_lookup(struct modprobe *mp, char **names, size_t n,
			  struct modlist *out)
{
	for (size_t i = 0; i < n; i++) {
		int err = lookup(mp, names[i], out);

		if (err == -ENOMEM)
			return err;
		if (err < 0)
			tool_err("failed to lookup soft dependency '%s', continuing anyway.\n",
				 names[i]);
	}
	return 0;
}

static int softdeps(struct modprobe *mp, const struct mod *m,
		    struct modlist *pre, struct modlist *post)
{
	const struct modconf_softdep *d = modconf_softdep(&mp->conf, m->name);

	if (!d)
		return 0;
	if (softdep_lookup(mp, d->pre, d->npre, pre) ||
	    softdep_lookup(mp, d->post, d->npost, post))
		return -ENOMEM;
	return 0;
}

/* ---- Running install and remove commands ---- */

/* command with each $CMDLINE_OPTS replaced by opts; malloc'd. */
static char *substitute_opts(const char *command, const char *opts)
{
	static const char var[] = "$CMDLINE_OPTS";
	size_t vlen = sizeof(var) - 1, olen = strlen(opts), len = 0;
	const char *p, *q;
	char *s;

	for (p = command; (q = strstr(p, var)); p = q + vlen)
		len += (q - p) + olen;
	len += strlen(p);
	if (!(s = malloc(len + 1)))
		return NULL;
	len = 0;
	for (p = command; (q = strstr(p, var)); p = q + vlen) {
		memcpy(s + len, p, q - p);
		len += q - p;
		memcpy(s + len, opts, olen);
		len += olen;
	}
	strcpy(s + len, p);
	return s;
}

/*
 * The directory of umod's kmod-named tools: beside umod in its build,
 * lib/umod/bin beside the bin holding it when installed - the one whose
 * modprobe is this program.  NULL if there is none.
 */
static const char *tools_dir(void)
{
	static const char *const beside[] = { "", "/../lib/umod/bin" };
	static char dir[PATH_MAX];
	char exe[PATH_MAX], cand[PATH_MAX + 32], probe[PATH_MAX + 48];
	struct stat self, st;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0 || stat("/proc/self/exe", &self) < 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
		snprintf(cand, sizeof(cand), "%s%s", exe, beside[i]);
		snprintf(probe, sizeof(probe), "%s/modprobe", cand);
		if (stat(probe, &st) == 0 && st.st_dev == self.st_dev &&
		    st.st_ino == self.st_ino && realpath(cand, dir))
			return dir;
	}
	return NULL;
}

/* /bin/sh -c command, with $MODPROBE_MODULE set: its exit status, or -1.
 * What we printed comes before what it prints.  The modprobe, insmod...
 * a command names are ours: their directory leads its PATH. */
static int run_command(const char *modname, const char *command)
{
	const char *dir = tools_dir(), *path = getenv("PATH");
	char *saved = path ? strdup(path) : NULL, *ours = NULL;
	int ret;

	if (dir && asprintf(&ours, "%s:%s", dir, path ? path : "/usr/bin:/bin") < 0)
		ours = NULL;
	if (ours)
		setenv("PATH", ours, 1);
	fflush(stdout);
	setenv("MODPROBE_MODULE", modname, 1);
	ret = system(command);
	unsetenv("MODPROBE_MODULE");
	if (ours) {
		if (saved)
			setenv("PATH", saved, 1);
		else
			unsetenv("PATH");
	}
	free(ours);
	free(saved);
	if (ret == -1)
		return -1;
	return WIFEXITED(ret) ? WEXITSTATUS(ret) : 128 + WTERMSIG(ret);
}

static int run_install(struct modprobe *mp, const struct mod *m,
		       const char *opts)
{
	char *cmd = substitute_opts(m->install, opts ? opts : "");
	int ret;

	if (!cmd)
		return -ENOMEM;
	ret = run_command(m->name, cmd);
	if (ret == -1)
		tool_err("Could not run install command '%s' for module %s: %s\n",
			 cmd, m->name, strerror(errno));
	else if (ret)
		tool_err("Error running install command '%s' for module %s: retcode %d\n",
			 cmd, m->name, ret);
	free(cmd);
	return ret ? -EINVAL : 0;
}

static bool showing(const struct modprobe *mp)
{
	return mp->o.show_depends || tool_log_level() > DEFAULT_VERBOSE;
}

__attribute__((__format__(__printf__, 2, 3)))
static void show(const struct modprobe *mp, const char *fmt, ...)
{
	va_list ap;

	if (!showing(mp))
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static int run_remove(struct modprobe *mp, const struct mod *m)
{
	char *cmd = substitute_opts(m->remove, "");
	int ret = 0;

	if (!cmd)
		return -ENOMEM;
	show(mp, "remove %s\n", cmd);
	if (!mp->o.dry_run) {
		ret = run_command(m->name, cmd);
		if (ret) {
			LOG("Error running remove command for %s\n", m->name);
			ret = ret == -1 ? -errno : -ret;
		}
	}
	free(cmd);
	return ret;
}

/* ---- Inserting ---- */

/* The module's ELF image for the host's finit_module (modfile_fd). */
static int module_fd(const struct mod *m)
{
	char why[256];
	int fd = modfile_fd(m->path, why, sizeof(why));

	if (fd == -ENOEXEC)
		tool_err("%s: %s\n", m->path, why[0] ? why : strerror(-fd));
	else if (fd < 0)
		tool_err("could not open '%s': %s\n", m->path, strerror(-fd));
	return fd;
}

static int insert(struct modprobe *mp, const struct mod *m, const char *opts)
{
	unsigned int flags = 0;
	char msg[512] = "";
	int fd, err;

	if (!m->path) {
		tool_err("could not find module by name='%s'\n", m->name);
		return -ENOENT;
	}
	if (!mp->conn)
		return -ENOTCONN;
	if ((fd = module_fd(m)) < 0)
		return fd;
	if (mp->o.force || mp->o.force_modversion)
		flags |= UMOD_INIT_IGNORE_MODVERSIONS;
	if (mp->o.force || mp->o.force_vermagic)
		flags |= UMOD_INIT_IGNORE_VERMAGIC;
	if (mp->o.autoclean)
		flags |= UMOD_INIT_AUTOCLEAN;
	err = umod_conn_init_module(mp->conn, fd, opts ? opts : "", flags,
				    msg, sizeof(msg));
	close(fd);
	mp->loaded_fresh = false;
	if (err < 0 && msg[0])
		tool_err("%s\n", msg);
	return err;
}

/*
 * The configured options, then the command line's for the named module.
 * Configured ones end with a space even when nothing follows: kmod's
 * --show-depends lines have it, and scripts compare them.
 */
static char *options_for(struct modprobe *mp, const struct mod *m,
			 const char *extra)
{
	char *conf = modconf_options(&mp->conf, m->name, m->alias), *s;

	if (!conf)
		return extra ? strdup(extra) : NULL;
	if (asprintf(&s, "%s %s", conf, extra ? extra : "") < 0)
		s = NULL;
	free(conf);
	return s;
}

static void print_action(const struct mod *m, bool install, const char *opts)
{
	if (install)
		printf("install %s %s\n", m->install, opts);
	else if (m->path)
		printf("insmod %s %s\n", m->path, opts);
	else if (m->builtin)
		printf("builtin %s\n", m->name);
}

static int probe_list(struct modprobe *mp, struct mod *m, bool required,
		      bool ignorecmd, struct modlist *out);

/* The module between its pre and post softdeps; a module with softdeps
 * is inserted directly, its install command ignored, as in kmod. */
static int fill_softdep(struct modprobe *mp, struct mod *m, struct modlist *out)
{
	struct modlist pre = { 0 }, post = { 0 };
	int err = softdeps(mp, m, &pre, &post);

	for (size_t i = 0; !err && i < pre.n; i++)
		err = probe_list(mp, pre.v[i], false, false, out);
	if (!err)
		err = list_add(out, m);
	m->ignorecmd = pre.n || post.n;
	for (size_t i = 0; !err && i < post.n; i++)
		err = probe_list(mp, post.v[i], false, false, out);
	list_release(&pre);
	list_release(&post);
	return err;
}

/* Everything to insert for m, in order: dependencies (each with its
 * softdeps), then m with its own.  "required" marks what must load. */
static int probe_list(struct modprobe *mp, struct mod *m, bool required,
		      bool ignorecmd, struct modlist *out)
{
	size_t n;
	struct mod **deps;
	int err = 0;

	if (m->visited == mp->probe)
		return 0;
	m->visited = mp->probe;
	deps = mod_deps(mp, m, &n);
	if (required) {
		m->required = mp->probe;
		for (size_t i = 0; i < n; i++)
			deps[i]->required = mp->probe;
	}
	for (size_t i = 0; !err && i < n; i++)
		err = fill_softdep(mp, deps[i], out);
	if (err)
		return err;
	if (!ignorecmd)
		return fill_softdep(mp, m, out);
	m->ignorecmd = true;
	return list_add(out, m);
}

static bool blacklisted(struct modprobe *mp, const struct mod *m)
{
	return modconf_blacklisted(&mp->conf, m->name);
}

/* One module of the list: its install command, or into the host. */
static int probe_one(struct modprobe *mp, struct mod *m, const char *extra)
{
	char *opts = options_for(mp, m, extra);
	bool install = m->install && !m->ignorecmd;
	int err = 0;

	if (showing(mp))
		print_action(m, install, opts ? opts : "");
	if (!mp->o.dry_run)
		err = install ? run_install(mp, m, opts) : insert(mp, m, opts);
	free(opts);
	return err;
}

/*
 * kmod_module_probe_insert_module.  Returns 0, 1 when the blacklist
 * stopped it, or -errno: -EEXIST if loaded and --first-time.
 */
static int probe(struct modprobe *mp, struct mod *mod, const char *extra)
{
	const struct opts *o = &mp->o;
	struct modlist list = { 0 };
	int err;

	if (!o->show_depends && in_host(mp, mod))
		return o->first_time ? -EEXIST : 0;
	/* Aliases honour the blacklist; names only with -b. */
	if ((mod->alias || o->use_blacklist) && blacklisted(mp, mod))
		return 1;
	mp->probe++;		/* a new list: no module is marked */
	err = probe_list(mp, mod, true, o->ignore_commands, &list);
	for (size_t i = 0; !err && i < list.n; i++) {
		struct mod *m = list.v[i];

		if (!o->show_depends && in_host(mp, m))
			err = -EEXIST;
		else
			err = probe_one(mp, m, m == mod ? extra : NULL);
		if (err == -EEXIST && m == mod && o->first_time)
			break;
		/* softdeps may fail; loaded ones were only raced to */
		if (err == -EEXIST || m->required != mp->probe)
			err = 0;
	}
	list_release(&list);
	return err;
}

static void insert_error(const char *name, int err)
{
	if (err == -EEXIST)
		tool_err("could not insert '%s': Module already in kernel\n", name);
	else if (err == -ENOENT)
		tool_err("could not insert '%s': Unknown symbol in module, or unknown parameter (see dmesg)\n",
			 name);
	else
		tool_err("could not insert '%s': %s\n", name, strerror(-err));
}

/* kmod 34: a name starting "/" or "./" is a module file, its
 * dependencies still those modules.dep gives its name. */
static bool is_path(const char *name)
{
	return name[0] == '/' || !strncmp(name, "./", 2);
}

static int from_path(struct modprobe *mp, const char *path, struct modlist *out)
{
	char name[PATH_MAX], *abs;
	struct stat st;
	struct mod *m;

	if (stat(path, &st) < 0)
		return -errno;
	if (!modfile_name_from_path(path, name, sizeof(name)))
		return -ENOENT;
	if (!(abs = modindex_absolute(path)) || !(m = mod_get(mp, name, NULL))) {
		free(abs);
		return -ENOMEM;
	}
	free(m->path);
	m->path = abs;
	m->builtin = false;
	return list_add(out, m);
}

static int do_insert(struct modprobe *mp, const char *name, const char *extra)
{
	struct modlist list = { 0 };
	int err;

	if (is_path(name)) {
		err = from_path(mp, name, &list);
		if (err < 0) {
			list_release(&list);
			LOG("Failed to get module from path %s: %s\n", name,
			    strerror(-err));
			return -ENOENT;
		}
	} else if ((err = lookup(mp, name, &list)) < 0 || !list.n) {
		list_release(&list);
		LOG("Module %s not found in directory %s\n", name, mp->dirname);
		return -ENOENT;
	}
	for (size_t i = 0; i < list.n; i++) {
		struct mod *m = list.v[i];

		if (mp->o.resolve_alias) {
			printf("%s\n", m->name);
			continue;
		}
		err = probe(mp, m, extra);
		if (err >= 0)
			err = 0;	/* stopped by the blacklist: no error */
		else
			insert_error(m->name, err);
	}
	list_release(&list);
	return err;
}

/* ---- Removing ---- */

static void sleep_msec(long long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int delete(struct modprobe *mp, const struct mod *m, bool quiet)
{
	unsigned int flags = UMOD_UNLOAD_NONBLOCK;
	char msg[512] = "";
	int err;

	if (!mp->conn)
		return -ENOTCONN;
	if (mp->o.force)
		flags |= UMOD_UNLOAD_FORCE;
	err = umod_conn_delete_module(mp->conn, m->name, flags, msg, sizeof(msg));
	mp->loaded_fresh = false;
	if (err < 0 && !quiet) {
		if (msg[0])
			tool_err("%s\n", msg);
		tool_err("could not remove '%s': %s\n", m->name, strerror(-err));
	}
	return err;
}

/* One module out; with -w, wait for its users to go, backing off. */
static int remove_one(struct modprobe *mp, const struct mod *m)
{
	long long end, interval = 1, now;
	int err;

	show(mp, "rmmod %s\n", m->name);
	if (mp->o.dry_run)
		return 0;
	if (!mp->o.wait_msec)
		return delete(mp, m, false);
	end = umod_now_ms() + mp->o.wait_msec;
	while ((err = delete(mp, m, true)) == -EAGAIN &&
	       (now = umod_now_ms()) < end) {
		sleep_msec(interval < end - now ? interval : end - now);
		if (interval < 1000)
			interval *= 2;
	}
	if (err < 0)
		tool_err("could not remove '%s': %s\n", m->name, strerror(-err));
	return err;
}

#define RM_HOLDERS		1u	/* --remove-holders */
#define RM_IGNORE_BUILTIN	2u	/* a softdep: built-in is fine */

static int rm_module(struct modprobe *mp, struct mod *m, unsigned int flags);

/* Softdeps and holders go in reverse order; stop on errors if asked. */
static int rm_list(struct modprobe *mp, struct modlist *l, bool stop)
{
	for (size_t i = l->n; i-- > 0;) {
		int err = rm_module(mp, l->v[i], RM_IGNORE_BUILTIN);

		if (err < 0 && stop)
			return err;
	}
	return 0;
}

static int holders(struct modprobe *mp, const struct mod *m, struct modlist *out)
{
	const struct umod_conn_module *h = host_module(mp, m->name);
	char users[sizeof(h->users)], *save, *name;

	if (!h || !strcmp(h->users, "-"))
		return 0;
	memcpy(users, h->users, sizeof(users));
	for (name = strtok_r(users, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		struct mod *u = mod_get(mp, name, NULL);

		if (!u || list_add(out, u))
			return -ENOMEM;
	}
	return 0;
}

/* After m went: its dependencies nothing holds any more, the nearest
 * first, so each one's going frees the next. */
static void rm_unused_deps(struct modprobe *mp, struct mod *m)
{
	size_t n;
	struct mod **deps = mod_deps(mp, m, &n);

	for (size_t i = n; i-- > 0;)
		if (refcnt(mp, deps[i]) == 0 && !has_holders(mp, deps[i]))
			remove_one(mp, deps[i]);
}

static int rm_module(struct modprobe *mp, struct mod *m, unsigned int flags)
{
	const struct opts *o = &mp->o;
	struct modlist pre = { 0 }, post = { 0 }, hold = { 0 };
	const char *cmd = NULL;
	int err = 0, state;

	if (!o->ignore_commands) {
		if ((err = softdeps(mp, m, &pre, &post)) < 0) {
			tool_warn("could not get softdeps of '%s': %s\n", m->name,
				  strerror(-err));
			goto out;
		}
		cmd = m->remove;
	}
	if (!cmd && !o->show_depends) {
		state = mod_state(mp, m);
		if (state < 0) {
			if (o->first_time) {
				LOG("Module %s is not in kernel.\n", m->name);
				err = -ENOENT;
			}
			goto out;
		}
		if (state == STATE_BUILTIN) {
			if (!(flags & RM_IGNORE_BUILTIN)) {
				LOG("Module %s is builtin.\n", m->name);
				err = -ENOENT;
			}
			goto out;
		}
	}
	rm_list(mp, &post, false);
	if (flags & RM_HOLDERS) {
		if ((err = holders(mp, m, &hold)) < 0 ||
		    (err = rm_list(mp, &hold, true)) < 0)
			goto out;
	}
	if (!cmd && !o->show_depends && !o->wait_msec && refcnt(mp, m) > 0) {
		LOG("Module %s is in use.\n", m->name);
		err = -EBUSY;
		goto out;
	}
	if (cmd)
		err = run_remove(mp, m);
	else if (o->show_depends || refcnt(mp, m) != -ENOENT)
		err = remove_one(mp, m);
	/* else a holder's going took it along, as later kmod allows */
	if (err < 0)
		goto out;
	if (!cmd)
		rm_unused_deps(mp, m);
	rm_list(mp, &pre, false);
out:
	list_release(&pre);
	list_release(&post);
	list_release(&hold);
	return err;
}

static int do_remove(struct modprobe *mp, const char *name)
{
	struct modlist list = { 0 };
	int err = lookup(mp, name, &list);

	if (err < 0)
		goto out;
	if (!list.n) {
		LOG("Module %s not found.\n", name);
		err = -ENOENT;
	}
	for (size_t i = 0; i < list.n; i++) {
		err = rm_module(mp, list.v[i],
				mp->o.remove_holders ? RM_HOLDERS : 0);
		if (err < 0)
			break;
	}
out:
	list_release(&list);
	return err;
}

/* ---- Queries: -c, --show-modversions, --show-exports ---- */

/* struct modversion_info: a CRC and a name in 64 bytes. */
struct modversion {
	uint64_t crc;
	char name[56];
};

/* kmod's: a module built without modversions has no __versions, which
 * kmod reports as ENOENT; an empty one prints nothing. */
static int dump_modversions(const struct modfile *mf)
{
	unsigned int idx = umod_elf_find_section(&mf->elf, "__versions");
	const struct modversion *v;
	size_t size = 0;

	if (!idx)
		return -ENOENT;
	v = umod_elf_section_data(&mf->elf, idx, &size);
	for (size_t i = 0; v && i < size / sizeof(*v); i++)
		printf("0x%08" PRIx64 "\t%.*s\n", v[i].crc,
		       (int)sizeof(v[i].name), v[i].name);
	return 0;
}

/* An index as kmod dumps its trie: keys in byte order. */
static void dump_index(struct modprobe *mp, struct modalias_list *l,
		       bool *done, const char *file)
{
	load_aliases(mp, l, done, file);
	modalias_dump(l, stdout);
}

static int show_config(struct modprobe *mp)
{
	modconf_show(&mp->conf, stdout);
	puts("\n# End of configuration files. Dumping indexes now:\n");
	dump_index(mp, &mp->alias, &mp->alias_read, "modules.alias");
	dump_index(mp, &mp->symbols, &mp->symbols_read, "modules.symbols");
	return 0;
}

static int show_symbols(const char *path, bool exports)
{
	const char *what = exports ? "symbols" : "modversions";
	struct modsym *syms;
	struct modfile mf;
	struct stat st;
	int n;

	/* kmod: a path that is not there is "not found", any other file
	 * is read, and may fail as a module */
	if (stat(path, &st) < 0) {
		LOG("Module %s not found.\n", path);
		return -ENOENT;
	}
	if ((n = modfile_open(&mf, path, NULL, 0)) < 0) {
		LOG("could not get %s of %s: %s\n", what, path, strerror(-n));
		return n;
	}
	if (exports) {
		n = modfile_exports(&mf, &syms);
		for (int i = 0; i < n; i++)
			printf("0x%08" PRIx64 "\t%s\n", syms[i].crc, syms[i].name);
		if (n >= 0)
			free(syms);
	} else {
		n = dump_modversions(&mf);
	}
	modfile_close(&mf);
	if (n < 0)
		LOG("could not get %s of %s: %s\n", what, path, strerror(-n));
	return n < 0 ? n : 0;
}

/* ---- Command line ---- */

static void help(void)
{
	printf("Usage:\n"
	       "\t" PROG " [options] [-i] [-b] modulename [parameters...]\n"
	       "\t" PROG " [options] -a [-i] [-b] modulename [modulename...]\n"
	       "\t" PROG " [options] -r [-i] modulename\n"
	       "\t" PROG " [options] -r -a [-i] modulename [modulename...]\n"
	       "\t" PROG " [options] -c\n"
	       "\t" PROG " [options] --dump-modversions filename\n"
	       "Management Options:\n"
	       "\t-a, --all                   Every argument is a module to insert\n"
	       "\t                            or remove (-r)\n"
	       "\t-r, --remove                Remove modules instead of inserting them\n"
	       "\t    --remove-dependencies   Deprecated: use --remove-holders\n"
	       "\t    --remove-holders        Also remove the modules holding it (with -r)\n"
	       "\t-w, --wait MSEC             With -r, wait up to MSEC for the module's\n"
	       "\t                            users to go\n"
	       "\t    --first-time            Fail if the module is already in (or out)\n"
	       "\t-i, --ignore-install        Ignore install commands\n"
	       "\t-i, --ignore-remove         Ignore remove commands\n"
	       "\t-b, --use-blacklist         Apply the blacklist to module names too\n"
	       "\t-f, --force                 Force insertion or removal: implies\n"
	       "\t                            --force-modversion and --force-vermagic\n"
	       "\t    --force-modversion      Ignore the symbol versions\n"
	       "\t    --force-vermagic        Ignore the version magic\n"
	       "\t-k, --autoclean             Mark what is loaded for autoclean, as\n"
	       "\t                            the host's request_module does\n"
	       "\n"
	       "Query Options:\n"
	       "\t-R, --resolve-alias         Print the modules an alias names and exit\n"
	       "\t-D, --show-depends          Print what loading would do and exit\n"
	       "\t-c, --showconfig            Print the configuration and exit\n"
	       "\t-c, --show-config           Same as --showconfig\n"
	       "\t    --show-modversions      Print a module file's symbol versions\n"
	       "\t    --dump-modversions      Same as --show-modversions\n"
	       "\t    --show-exports          Print a module file's exported symbols\n"
	       "\n"
	       "General Options:\n"
	       "\t-n, --dry-run               Do everything but insert or remove\n"
	       "\t-n, --show                  Same as --dry-run\n"
	       "\t-C, --config=FILE           Read FILE or directory instead of the\n"
	       "\t                            modprobe.d search path\n"
	       "\t-d, --dirname=DIR           Use DIR as filesystem root for /lib/modules\n"
	       "\t-S, --set-version=VERSION   Use VERSION instead of the host's release\n"
	       "\t    --host=SOCKET           The umod host to manage (default $UMOD_HOST)\n"
	       "\t-s, --syslog                Print to syslog, not stderr\n"
	       "\t-q, --quiet                 Disable messages\n"
	       "\t-v, --verbose               Enable more messages\n"
	       "\t-V, --version               Show version\n"
	       "\t-h, --help                  Show this help\n");
}

enum {
	OPT_FORCE_VERMAGIC = TOOL_OPT_HOST + 1, OPT_FORCE_MODVERSION,
	OPT_FIRST_TIME, OPT_SHOW_MODVERSIONS, OPT_REMOVE_HOLDERS,
	OPT_SHOW_EXPORTS,
};

static const char short_opts[] = "arw:RibfkDcnC:d:S:sqvVh";
static const struct option long_opts[] = {
	{ "all", no_argument, 0, 'a' },
	{ "remove", no_argument, 0, 'r' },
	{ "remove-dependencies", no_argument, 0, OPT_REMOVE_HOLDERS },
	{ "remove-holders", no_argument, 0, OPT_REMOVE_HOLDERS },
	{ "wait", required_argument, 0, 'w' },
	{ "resolve-alias", no_argument, 0, 'R' },
	{ "first-time", no_argument, 0, OPT_FIRST_TIME },
	{ "ignore-install", no_argument, 0, 'i' },
	{ "ignore-remove", no_argument, 0, 'i' },
	{ "use-blacklist", no_argument, 0, 'b' },
	{ "force", no_argument, 0, 'f' },
	{ "force-modversion", no_argument, 0, OPT_FORCE_MODVERSION },
	{ "force-vermagic", no_argument, 0, OPT_FORCE_VERMAGIC },
	{ "autoclean", no_argument, 0, 'k' },
	{ "show-depends", no_argument, 0, 'D' },
	{ "showconfig", no_argument, 0, 'c' },
	{ "show-config", no_argument, 0, 'c' },
	{ "show-modversions", no_argument, 0, OPT_SHOW_MODVERSIONS },
	{ "dump-modversions", no_argument, 0, OPT_SHOW_MODVERSIONS },
	{ "show-exports", no_argument, 0, OPT_SHOW_EXPORTS },
	{ "dry-run", no_argument, 0, 'n' },
	{ "show", no_argument, 0, 'n' },
	{ "config", required_argument, 0, 'C' },
	{ "dirname", required_argument, 0, 'd' },
	{ "set-version", required_argument, 0, 'S' },
	TOOL_HOST_OPTION,
	{ "syslog", no_argument, 0, 's' },
	{ "quiet", no_argument, 0, 'q' },
	{ "verbose", no_argument, 0, 'v' },
	{ "version", no_argument, 0, 'V' },
	{ "help", no_argument, 0, 'h' },
	{ 0 }
};

/* Options an install command's own modprobe should inherit. */
static void env_options_append(const char *value)
{
	const char *old = getenv("MODPROBE_OPTIONS");
	char *s;

	if (!old) {
		setenv("MODPROBE_OPTIONS", value, 1);
		return;
	}
	if (asprintf(&s, "%s %s", old, value) < 0) {
		tool_err("could not append value to $MODPROBE_OPTIONS\n");
		return;
	}
	setenv("MODPROBE_OPTIONS", s, 1);
	free(s);
}

/*
 * argv with $MODPROBE_OPTIONS's words in front of the arguments.  Words
 * are split at spaces; quotes group, and are dropped.  *buf holds the
 * words; both are freed by the caller.
 */
static char **env_prepend(int *argc, char **argv, char **buf)
{
	const char *env = getenv("MODPROBE_OPTIONS");
	size_t len;
	char **nv, *s, *w, quote = 0;
	int n = 1;

	*buf = NULL;
	if (!env)
		return argv;
	len = strlen(env);
	/* at most one word per two bytes, then argv and its NULL */
	nv = calloc(*argc + len / 2 + 2, sizeof(*nv));
	*buf = malloc(len + 1);
	if (!nv || !*buf) {
		free(nv);
		free(*buf);
		*buf = NULL;
		return NULL;
	}
	nv[0] = argv[0];
	for (s = w = *buf; ; env++) {
		if (!quote && (*env == '"' || *env == '\'')) {
			quote = *env;
		} else if (quote && *env == quote) {
			quote = 0;
		} else if (*env == '\0' || (!quote && *env == ' ')) {
			if (w > s) {
				*w++ = '\0';
				nv[n++] = s;
				s = w;
			}
			if (!*env)
				break;
		} else {
			*w++ = *env;
		}
	}
	memcpy(nv + n, argv + 1, (*argc - 1) * sizeof(*nv));
	*argc = n + *argc - 1;
	nv[*argc] = NULL;
	return nv;
}

/* "a=1 b=two words" for the parameters after the module name; values
 * with spaces are quoted unless they already start with a quote. */
static char *options_from_args(char **args, int n)
{
	char *s = NULL;
	size_t len = 0;

	for (int i = 0; i < n; i++) {
		const char *v = strchr(args[i], '=');
		bool q = v && v[1] != '"' && v[1] != '\'' && strchr(v, ' ');
		size_t alen = strlen(args[i]);
		char *ns = realloc(s, len + alen + 4);

		if (!ns) {
			free(s);
			tool_err("could not gather module options: out-of-memory\n");
			return NULL;
		}
		s = ns;
		if (len)
			s[len++] = ' ';
		if (q)
			len += sprintf(s + len, "%.*s\"%s\"", (int)(v + 1 - args[i]),
				       args[i], v + 1);
		else
			len += sprintf(s + len, "%s", args[i]);
	}
	return s ? s : strdup("");
}

static int parse_args(struct opts *o, int argc, char **argv)
{
	int c;

	tool_log_set_level(DEFAULT_VERBOSE);
	optind = 1;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o->all = true;
			notfound_level = LOG_WARNING;
			break;
		case 'r': o->remove = true; break;
		case OPT_REMOVE_HOLDERS:	/* implies -r, as in later kmod */
			o->remove_holders = o->remove = true;
			break;
		case 'w': {
			char *end;

			errno = 0;
			o->wait_msec = strtoull(optarg, &end, 0);
			if (!*optarg || *end || errno) {
				tool_err("unexpected wait value '%s'.\n", optarg);
				return -1;
			}
			break;
		}
		case OPT_FIRST_TIME: o->first_time = true; break;
		case 'i': o->ignore_commands = true; break;
		case 'b': o->use_blacklist = true; break;
		case 'f': o->force = true; break;
		case OPT_FORCE_MODVERSION: o->force_modversion = true; break;
		case OPT_FORCE_VERMAGIC: o->force_vermagic = true; break;
		case 'k':
			env_options_append("-k");
			o->autoclean = true;
			break;
		case 'D':
			o->show_depends = o->dry_run = true;
			break;
		case 'R': o->resolve_alias = true; break;
		case 'c': o->show_config = true; break;
		case OPT_SHOW_MODVERSIONS: o->show_modversions = true; break;
		case OPT_SHOW_EXPORTS: o->show_exports = true; break;
		case 'n': o->dry_run = true; break;
		case 'C': {
			const char **v = realloc(o->config,
						 (o->nconfig + 2) * sizeof(*v));

			if (!v) {
				tool_err("out-of-memory\n");
				return -1;
			}
			o->config = v;
			v[o->nconfig++] = optarg;
			v[o->nconfig] = NULL;
			env_options_append("-C");
			env_options_append(optarg);
			break;
		}
		case 'd': o->root = optarg; break;
		case 'S': o->release = optarg; break;
		case TOOL_OPT_HOST: o->host = optarg; break;
		case 's':
			env_options_append("-s");
			use_syslog = true;
			break;
		case 'q':
			env_options_append("-q");
			tool_log_set_level(LOG_EMERG);
			break;
		case 'v':
			env_options_append("-v");
			tool_verbose();
			break;
		case 'V':
			tool_version();
			return 1;
		case 'h':
			help();
			return 1;
		default:
			return -1;
		}
	}
	return 0;
}

/* ---- Setting up ---- */

/* Whether the run needs the host's module list: only the queries and
 * --show-depends do without it. */
static bool wants_state(const struct opts *o)
{
	return !o->show_config && !o->resolve_alias && !o->show_depends &&
	       !o->show_modversions && !o->show_exports;
}

/*
 * Inserting and removing need the host; a dry run uses it if one answers;
 * the queries only ask a host named with --host or $UMOD_HOST for its
 * release, and none when -S gives it.
 */
static int connect_host(struct modprobe *mp)
{
	const struct opts *o = &mp->o;
	const char *env = getenv("UMOD_HOST");
	bool named = o->host || (env && *env);
	bool required = named || (wants_state(o) && !o->dry_run);
	char why[256];
	int err;

	if (!wants_state(o) && (!named || o->release))
		return 0;
	err = umod_conn_open_msg(o->host, &mp->conn, why, sizeof(why));
	if (err < 0) {
		const char *path = o->host ? o->host : umod_conn_default_path();

		mp->conn = NULL;
		if (!required)
			return 0;
		tool_err("could not connect to umod host at %s: %s\n", path,
			 *why ? why : strerror(-err));
		return err;
	}
	/* install commands' own modprobe and insmod reach the same host */
	if (o->host)
		setenv("UMOD_HOST", o->host, 1);
	return 0;
}

/* <root>/lib/modules/<release>, absolute as kmod makes it. */
static int set_dirname(struct modprobe *mp)
{
	const struct opts *o = &mp->o;
	char release[256], rel[PATH_MAX], cwd[PATH_MAX];
	const char *r = o->release;
	int err;

	if (!r && mp->conn) {
		err = umod_conn_release(mp->conn, release, sizeof(release));
		if (err < 0) {
			tool_err("could not get the host's release: %s\n", strerror(-err));
			return err;
		}
		r = release;
	}
	err = modindex_dirname(rel, sizeof(rel), o->root, r);
	if (err < 0) {
		tool_err("could not make the module directory's name: %s\n",
			 strerror(-err));
		return err;
	}
	if (rel[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		snprintf(mp->dirname, sizeof(mp->dirname), "%s", rel);
	else if ((size_t)snprintf(mp->dirname, sizeof(mp->dirname), "%s/%s",
				  cwd, rel) >= sizeof(mp->dirname))
		return -ENAMETOOLONG;
	return 0;
}

static int load_indexes(struct modprobe *mp)
{
	int err;

	mp->conf.error = conf_error;
	err = modconf_load(&mp->conf, mp->dirname, mp->o.config, NULL);
	if (!err && (err = moddep_load(&mp->dep, mp->dirname)) == -ENOENT)
		err = 0;
	if (!err)
		err = modbuiltin_load(&mp->builtin, mp->dirname);
	if (err < 0)
		tool_err("could not read the configuration and indexes: %s\n",
			 strerror(-err));
	return err;
}

static void modprobe_release(struct modprobe *mp)
{
	pool_free(mp);
	modconf_release(&mp->conf);
	moddep_free(&mp->dep);
	if (mp->alias_read)
		modalias_free(&mp->alias);
	if (mp->symbols_read)
		modalias_free(&mp->symbols);
	modbuiltin_free(&mp->builtin);
	free(mp->loaded);
	if (mp->conn)
		umod_conn_close(mp->conn);
	free(mp->o.config);
}

static int run(struct modprobe *mp, char **args, int nargs)
{
	const struct opts *o = &mp->o;
	char *extra;
	int err = 0;

	if (o->show_config)
		return show_config(mp);
	if (o->show_modversions || o->show_exports)
		return show_symbols(args[0], o->show_exports);
	if (o->remove || o->all) {
		for (int i = 0; i < nargs; i++) {
			int r = o->remove ? do_remove(mp, args[i])
					  : do_insert(mp, args[i], NULL);
			if (r < 0)
				err = r;
		}
		return err;
	}
	/* modprobe NAME [PARAM=VALUE...] */
	extra = options_from_args(args + 1, nargs - 1);
	if (!extra)
		return -ENOMEM;
	err = do_insert(mp, args[0], extra);
	free(extra);
	return err;
}

int do_modprobe(int argc, char **argv)
{
	struct modprobe mp = { 0 };
	char **args, *envbuf;
	int nargs, err;

	args = env_prepend(&argc, argv, &envbuf);
	if (!args) {
		tool_err("Could not prepend options from command line\n");
		return EXIT_FAILURE;
	}
	err = parse_args(&mp.o, argc, args);
	if (err)
		goto done;
	tool_log_open(use_syslog);
	nargs = argc - optind;
	if (!mp.o.show_config && nargs == 0) {
		tool_err("missing parameters. See -h.\n");
		err = -1;
		goto done;
	}
	err = connect_host(&mp);
	if (!err)
		err = set_dirname(&mp);
	if (!err)
		err = load_indexes(&mp);
	if (!err)
		err = run(&mp, args + optind, nargs);
	tool_log_close();
done:
	modprobe_release(&mp);
	if (args != argv)
		free(args);
	free(envbuf);
	return err >= 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
