// SPDX-License-Identifier: MIT
/*
 * fs.c - umodd --fs DIR: the host's /proc, /sys and /dev, served
 * through FUSE.
 *
 *	DIR/proc/modules, DIR/proc/kallsyms	Linux's formats
 *	DIR/proc/...				modules' entries (kapi/procfs.c)
 *	DIR/sys/module/NAME/			refcnt, initstate, holders/,
 *						sections/, parameters/
 *	DIR/sys/kernel/..., DIR/sys/fs/...	modules' kobjects (kapi/sysfs.c)
 *	DIR/sys/kernel/debug/			debugfs (kapi/debugfs.c)
 *	DIR/dev/				character devices (kapi/chrdev.c)
 *
 * libfuse3's high-level API: every view is a path, regenerated from
 * libumod's public API when it is opened, as procfs and sysfs are, so
 * libfuse's path lookup costs nothing we would not do ourselves and no
 * inode table of ours can go stale when modules come and go.  The session
 * runs on its own threads (fuse_loop_mt); auto_unmount has fusermount3
 * watch the session, so a host that dies leaves no dead endpoint behind.
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 31
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <umod/chrdev.h>
#include <umod/debugfs.h>
#include <umod/linux.h>
#include <umod/procfs.h>
#include <umod/sysfs.h>

#include "fs.h"
#include "umodd.h"

struct umodd_fs {
	struct fuse *fuse;
	struct umod_ctx *ctx;
	pthread_t thread;
	uid_t uid;
	pthread_mutex_t open_lock;
	struct open_file *open_files;	/* devices' and entries' */
};

/* What a path names: the view, and the module and parameter in it. */
enum node_kind {
	N_NONE, N_ROOT, N_PROC, N_MODULES, N_KALLSYMS, N_SYS, N_SYS_MODULE,
	N_MOD, N_REFCNT, N_INITSTATE, N_HOLDERS, N_HOLDER, N_PARAMS, N_PARAM,
	N_DEV, N_DEVNODE, N_PROCDIR, N_PROCENT, N_SYSFSDIR, N_SYSFSATTR,
	N_DEBUGDIR, N_DEBUGFILE, N_SECTIONS, N_SECTION, N_SYSFSBIN, N_SYSFSLINK,
};

struct node {
	enum node_kind kind;
	char mod[64];
	char name[256];		/* the parameter or holder */
	unsigned int perm;	/* a parameter's, a device node's */
	long long size;		/* a binary attribute's */
};

/* An open file: its text, made when it was opened, or a device's. */
struct open_file {
	char *text;
	size_t len;
	struct umod_devfile *dev;
	struct umod_procfile *proc;
	struct umod_debugfile *dbg;	/* debugfs_create_file's */
	char *bin;		/* a binary attribute's sysfs path */
	/* A device's or an entry's: its path and mode, for fstat after the
	 * node goes, as an open file keeps its inode in Linux.  fstat on
	 * FUSE asks by path, without the file. */
	unsigned int mode;
	char *path;
	struct open_file *next, **pprev;
	bool published;
	unsigned int calls;
};

/* An open file goes to the threads serving its reads and writes
 * through the kernel, which orders them; the flag says so to
 * ThreadSanitizer, which does not see that. */
static void publish(struct fuse_file_info *fi, struct open_file *o)
{
	__atomic_store_n(&o->published, true, __ATOMIC_RELEASE);
	fi->fh = (uintptr_t)o;
}

static struct open_file *file_of(const struct fuse_file_info *fi)
{
	struct open_file *o = (struct open_file *)(uintptr_t)fi->fh;

	(void)__atomic_load_n(&o->published, __ATOMIC_ACQUIRE);
	return o;
}

static void track_open(struct umodd_fs *fs, struct open_file *o,
		       const char *path, unsigned int mode)
{
	o->path = strdup(path);
	if (!o->path)
		return;		/* fstat after removal says ENOENT: no harm */
	o->mode = mode;
	pthread_mutex_lock(&fs->open_lock);
	o->next = fs->open_files;
	if (o->next)
		o->next->pprev = &o->next;
	o->pprev = &fs->open_files;
	fs->open_files = o;
	pthread_mutex_unlock(&fs->open_lock);
}

static void untrack_open(struct umodd_fs *fs, struct open_file *o)
{
	if (!o->path)
		return;
	pthread_mutex_lock(&fs->open_lock);
	*o->pprev = o->next;
	if (o->next)
		o->next->pprev = o->pprev;
	pthread_mutex_unlock(&fs->open_lock);
	free(o->path);
}

static unsigned int open_mode(struct umodd_fs *fs, const char *path)
{
	unsigned int mode = 0;

	pthread_mutex_lock(&fs->open_lock);
	for (struct open_file *o = fs->open_files; o && !mode; o = o->next)
		if (!strcmp(o->path, path))
			mode = o->mode;
	pthread_mutex_unlock(&fs->open_lock);
	return mode;
}

static struct umodd_fs *fs_of_request(void)
{
	return fuse_get_context()->private_data;
}

/* ---- Paths ---- */

/* Copy the next component of *p into out; false at the end or if too long. */
static bool next_component(const char **p, char *out, size_t size)
{
	const char *s = *p, *e;

	while (*s == '/')
		s++;
	if (!*s)
		return false;
	e = s + strcspn(s, "/");
	if ((size_t)(e - s) >= size)
		return false;
	memcpy(out, s, e - s);
	out[e - s] = '\0';
	*p = e;
	return true;
}

static bool at_end(const char *p)
{
	return !p[strspn(p, "/")];
}

struct find_param {
	const char *name;
	unsigned int perm;
	bool found;
};

static int match_param(struct module *mod, const struct umod_param_info *p,
		       void *arg)
{
	struct find_param *f = arg;

	(void)mod;
	if (!p->perm || strcmp(p->name, f->name))
		return 0;
	f->perm = p->perm;
	f->found = true;
	return 1;
}

static int count_param(struct module *mod, const struct umod_param_info *p,
		       void *arg)
{
	(void)mod;
	if (p->perm)
		++*(int *)arg;
	return 0;
}

struct find_user {
	const char *name;
	bool found;
};

static int match_user(struct module *user, void *arg)
{
	struct find_user *f = arg;

	f->found = !strcmp(module_name(user), f->name);
	return f->found;
}

static int match_section(const char *name, unsigned long addr, void *arg)
{
	(void)addr;
	return !strcmp(name, arg);
}

/* Under /sys/module/NAME/: as sysfs, parameters/ only with parameters. */
static int resolve_module_dir(struct umodd_fs *fs, const char *p,
			      struct node *n)
{
	char part[256];
	struct module *mod;
	int params = 0, r = 0;

	mod = umod_module_get(fs->ctx, n->mod);
	if (!mod)
		return -ENOENT;
	n->kind = N_MOD;
	if (!next_component(&p, part, sizeof(part)))
		goto out;
	if (!strcmp(part, "refcnt"))
		n->kind = N_REFCNT;
	else if (!strcmp(part, "initstate"))
		n->kind = N_INITSTATE;
	else if (!strcmp(part, "holders"))
		n->kind = N_HOLDERS;
	else if (!strcmp(part, "sections"))
		n->kind = N_SECTIONS;
	else if (!strcmp(part, "parameters") &&
		 (umod_for_each_param(mod, count_param, &params), params))
		n->kind = N_PARAMS;
	else
		r = -ENOENT;
	if (r || !next_component(&p, n->name, sizeof(n->name)))
		goto out;
	if (n->kind == N_PARAMS) {
		struct find_param f = { .name = n->name };

		umod_for_each_param(mod, match_param, &f);
		n->kind = N_PARAM;
		n->perm = f.perm;
		r = f.found ? 0 : -ENOENT;
	} else if (n->kind == N_HOLDERS) {
		struct find_user f = { .name = n->name };

		umod_for_each_user(mod, match_user, &f);
		n->kind = N_HOLDER;
		r = f.found ? 0 : -ENOENT;
	} else if (n->kind == N_SECTIONS) {
		n->kind = N_SECTION;
		r = umod_for_each_section(mod, match_section, n->name) ? 0 : -ENOENT;
	} else {
		r = -ENOTDIR;
	}
out:
	module_put(mod);
	return r ? r : at_end(p) ? 0 : -ENOENT;
}

/* path without its trailing slashes, as n's name; its length, or
 * -ENAMETOOLONG. */
static int node_name(const char *path, struct node *n)
{
	size_t len = strlen(path);

	while (len && path[len - 1] == '/')
		len--;
	if (len >= sizeof(n->name))
		return -ENAMETOOLONG;
	memcpy(n->name, path, len);
	n->name[len] = '\0';
	return len;
}

/* What modules made under /proc (kapi/procfs.c's). */
static int resolve_proc_entry(const char *path, struct node *n)
{
	if (node_name(path, n) < 0)
		return -ENAMETOOLONG;
	if (umod_proc_lookup(n->name, &n->perm))
		return -ENOENT;
	n->kind = S_ISDIR(n->perm) ? N_PROCDIR : N_PROCENT;
	return 0;
}

/* What modules made under /sys (kapi/sysfs.c's kobjects). */
static int resolve_sysfs(const char *path, struct node *n)
{
	if (node_name(path, n) < 0)
		return -ENAMETOOLONG;
	if (umod_sysfs_lookup(n->name, &n->perm))
		return -ENOENT;
	n->kind = S_ISDIR(n->perm) ? N_SYSFSDIR : S_ISLNK(n->perm) ? N_SYSFSLINK : N_SYSFSATTR;
	if (n->kind == N_SYSFSATTR && (n->size = umod_sysfs_bin_size(n->name)) >= 0)
		n->kind = N_SYSFSBIN;
	return 0;
}

/* debugfs, at sys/kernel/debug (kapi/debugfs.c's). */
static int resolve_debugfs(const char *path, struct node *n)
{
	int len = node_name(path, n);

	if (len < 0)
		return len;
	if (!len) {
		n->kind = N_DEBUGDIR;
		n->perm = S_IFDIR | 0700;	/* debugfs' root: root's alone */
		return 0;
	}
	if (umod_debugfs_lookup(n->name, &n->perm))
		return -ENOENT;
	n->kind = S_ISDIR(n->perm) ? N_DEBUGDIR : N_DEBUGFILE;
	return 0;
}

static int resolve(struct umodd_fs *fs, const char *path, struct node *n)
{
	const char *p = path;
	char part[256];

	memset(n, 0, sizeof(*n));
	n->kind = N_ROOT;
	if (!next_component(&p, part, sizeof(part)))
		return 0;
	if (!strcmp(part, "proc")) {
		n->kind = N_PROC;
		if (!next_component(&p, part, sizeof(part)))
			return 0;
		if (!strcmp(part, "modules"))
			n->kind = N_MODULES;
		else if (!strcmp(part, "kallsyms"))
			n->kind = N_KALLSYMS;
		else
			return resolve_proc_entry(path + strlen("/proc/"), n);
		return at_end(p) ? 0 : -ENOTDIR;
	}
	if (!strcmp(part, "dev")) {
		unsigned int devt;

		n->kind = N_DEV;
		if (!next_component(&p, n->name, sizeof(n->name)))
			return 0;
		n->kind = N_DEVNODE;
		if (umod_dev_lookup(n->name, &devt, &n->perm))
			return -ENOENT;
		return at_end(p) ? 0 : -ENOTDIR;
	}
	if (strcmp(part, "sys"))
		return -ENOENT;
	n->kind = N_SYS;
	if (!next_component(&p, part, sizeof(part)))
		return 0;
	if (!strncmp(path, "/sys/kernel/debug", 17) &&
	    (!path[17] || path[17] == '/'))
		return resolve_debugfs(path + 17 + !!path[17], n);
	if (strcmp(part, "module"))
		return resolve_sysfs(strstr(path, "/sys/") + strlen("/sys/"), n);
	n->kind = N_SYS_MODULE;
	if (!next_component(&p, n->mod, sizeof(n->mod)))
		return 0;
	return resolve_module_dir(fs, p, n);
}

/* ---- Contents ---- */

/* Addresses for whom Linux's kptr_restrict would show them: root, and
 * the host's own user, whom the control socket trusts alike. */
static bool sees_addresses(struct umodd_fs *fs)
{
	uid_t uid = fuse_get_context()->uid;

	return uid == 0 || uid == fs->uid;
}

struct emit {
	FILE *f;
	struct umodd_fs *fs;
	bool addrs;
	bool first;
	char **lines;		/* /proc/modules', to print newest first */
	size_t num_lines;
};

static int emit_user(struct module *user, void *arg)
{
	struct emit *e = arg;

	fprintf(e->f, "%s,", module_name(user));
	e->first = false;
	return 0;
}

static const char *state_name(enum module_state state)
{
	switch (state) {
	case MODULE_STATE_LIVE:		return "Live";
	case MODULE_STATE_COMING:	return "Loading";
	default:			return "Unloading";
	}
}

/* Linux's m_show (kernel/module/procfs.c): "name size refcnt users, state
 * address (taints)", users with a trailing comma, else "-". */
static int emit_module(struct module *mod, void *arg)
{
	struct umod_module_info info;
	struct emit *e = arg;
	FILE *whole = e->f;
	char **lines;
	size_t len;
	int err = 0;

	lines = realloc(e->lines, (e->num_lines + 1) * sizeof(*lines));
	if (!lines)
		return -ENOMEM;
	e->lines = lines;
	e->f = open_memstream(&lines[e->num_lines], &len);
	if (!e->f) {
		e->f = whole;
		return -ENOMEM;
	}
	umod_module_info(mod, &info);
	fprintf(e->f, "%s %zu %d ", info.name, info.size, info.refcnt);
	e->first = true;
	umod_for_each_user(mod, emit_user, e);
	if (e->first)
		fputc('-', e->f);
	fprintf(e->f, " %s 0x%016lx", state_name(info.state),
		e->addrs ? (unsigned long)info.base : 0ul);
	if (info.taints)
		fprintf(e->f, " (%s%s%s%s)",
			info.taints & UMOD_TAINT_PROPRIETARY ? "P" : "",
			info.taints & UMOD_TAINT_FORCED ? "F" : "",
			info.taints & UMOD_TAINT_OOT ? "O" : "",
			info.taints & UMOD_TAINT_UNSIGNED ? "E" : "");
	fputc('\n', e->f);
	if (fclose(e->f))
		err = -ENOMEM;
	else
		e->num_lines++;
	e->f = whole;
	return err;
}

/* Linux lists modules newest first; the walk goes in load order. */
static int emit_modules(struct umodd_fs *fs, struct emit *e)
{
	int err;

	err = umod_for_each_module(fs->ctx, emit_module, e);
	while (e->num_lines--) {
		fputs(e->lines[e->num_lines], e->f);
		free(e->lines[e->num_lines]);
	}
	free(e->lines);
	return err;
}

/* Linux's s_show (kernel/kallsyms.c): "address type name\t[module]". */
static int emit_symbol(const struct umod_symbol_info *sym, void *arg)
{
	struct emit *e = arg;

	fprintf(e->f, "%016lx %c %s", e->addrs ? (unsigned long)sym->addr : 0ul,
		sym->type, sym->name);
	if (sym->owner)
		fprintf(e->f, "\t[%s]", module_name(sym->owner));
	fputc('\n', e->f);
	return 0;
}

static const char *initstate_name(enum module_state state)
{
	switch (state) {
	case MODULE_STATE_LIVE:		return "live";
	case MODULE_STATE_COMING:	return "coming";
	case MODULE_STATE_GOING:	return "going";
	default:			return "unformed";
	}
}

struct module_file {
	const struct node *n;
	FILE *f;
};

static int emit_if_named(struct module *mod, void *arg)
{
	struct module_file *m = arg;
	struct umod_module_info info;

	if (strcmp(module_name(mod), m->n->mod))
		return 0;
	umod_module_info(mod, &info);
	if (m->n->kind == N_REFCNT)
		fprintf(m->f, "%d\n", info.refcnt);
	else
		fprintf(m->f, "%s\n", initstate_name(info.state));
	return 1;
}

/* Found under the module lock, not through a reference of ours, which
 * refcnt would count. */
static int emit_module_file(struct umodd_fs *fs, const struct node *n, FILE *f)
{
	struct module_file m = { n, f };

	return umod_for_each_module(fs->ctx, emit_if_named, &m) ? 0 : -ENOENT;
}

static int emit_param(struct umodd_fs *fs, const struct node *n, FILE *f)
{
	char val[4096];
	int err;

	err = umod_param_get(fs->ctx, n->mod, n->name, val, sizeof(val));
	if (err)
		return err;
	fputs(val, f);
	return 0;
}

/* The attribute's show(), as sysfs' first read of a file calls it. */
static int emit_sysfs_attr(const struct node *n, FILE *f)
{
	struct fs_call c;
	char *page;
	long len;
	int err;

	page = malloc(4096);
	if (!page)
		return -ENOMEM;
	err = fs_call_begin(&c);
	if (!err) {
		len = fs_call_end(&c, umod_sysfs_show(n->name, page));
		if (len < 0)
			err = len;
		else
			fwrite(page, 1, len, f);
	}
	free(page);
	return err;
}

struct section_text {
	const char *name;
	struct emit *e;
};

/* module_sect_read's "0x%px\n": zeros for whom kptr_restrict hides it. */
static int emit_if_section(const char *name, unsigned long addr, void *arg)
{
	struct section_text *t = arg;

	if (strcmp(name, t->name))
		return 0;
	fprintf(t->e->f, "0x%016lx\n", t->e->addrs ? addr : 0ul);
	return 1;
}

static int emit_section(struct umodd_fs *fs, const struct node *n, struct emit *e)
{
	struct section_text t = { n->name, e };
	struct module *mod = umod_module_get(fs->ctx, n->mod);
	int found;

	if (!mod)
		return -ENOENT;
	found = umod_for_each_section(mod, emit_if_section, &t);
	module_put(mod);
	return found ? 0 : -ENOENT;
}

static int emit_debugfs_value(const struct node *n, FILE *f)
{
	char val[64];
	long len = umod_debugfs_read(n->name, val, sizeof(val));

	if (len < 0)
		return len;
	fwrite(val, 1, len, f);
	return 0;
}

/* The file's text as of now, into o. */
static int make_text(struct umodd_fs *fs, const struct node *n,
		     struct open_file *o)
{
	struct emit e = { .fs = fs, .addrs = sees_addresses(fs) };
	int err = 0;

	e.f = open_memstream(&o->text, &o->len);
	if (!e.f)
		return -ENOMEM;
	switch (n->kind) {
	case N_MODULES:
		err = emit_modules(fs, &e);
		break;
	case N_KALLSYMS:
		umod_for_each_symbol(fs->ctx, false, emit_symbol, &e);
		break;
	case N_REFCNT:
	case N_INITSTATE:
		err = emit_module_file(fs, n, e.f);
		break;
	case N_SYSFSATTR:
		err = emit_sysfs_attr(n, e.f);
		break;
	case N_DEBUGFILE:
		err = emit_debugfs_value(n, e.f);
		break;
	case N_SECTION:
		err = emit_section(fs, n, &e);
		break;
	default:
		err = emit_param(fs, n, e.f);
		break;
	}
	if (fclose(e.f) && !err)
		err = -ENOMEM;
	if (err) {
		free(o->text);
		o->text = NULL;
	}
	return err;
}

/* ---- Operations ---- */

static bool is_dir(enum node_kind kind)
{
	switch (kind) {
	case N_ROOT: case N_PROC: case N_SYS: case N_SYS_MODULE: case N_MOD:
	case N_HOLDERS: case N_PARAMS: case N_DEV: case N_PROCDIR: case N_SECTIONS:
	case N_SYSFSDIR: case N_DEBUGDIR:
		return true;
	default:
		return false;
	}
}

static int fs_getattr(const char *path, struct stat *st,
		      struct fuse_file_info *fi)
{
	struct umodd_fs *fs = fs_of_request();
	struct node n;
	int err;

	(void)fi;
	memset(st, 0, sizeof(*st));
	err = resolve(fs, path, &n);
	if (err == -ENOENT && (st->st_mode = open_mode(fs, path))) {
		st->st_uid = fs->uid;
		st->st_gid = getgid();
		st->st_nlink = 1;
		return 0;
	}
	if (err)
		return err;
	st->st_uid = fs->uid;
	st->st_gid = getgid();
	st->st_nlink = 1;
	if (n.kind == N_PROCDIR || n.kind == N_SYSFSDIR || n.kind == N_DEBUGDIR) {
		st->st_mode = S_IFDIR | (n.perm & 0777);
		st->st_nlink = 2;
	} else if (is_dir(n.kind)) {
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2;
	} else if (n.kind == N_HOLDER || n.kind == N_SYSFSLINK) {
		st->st_mode = S_IFLNK | 0777;
	} else if (n.kind == N_PROCENT) {
		st->st_mode = S_IFREG | (n.perm & 0777);
	} else if (n.kind == N_DEVNODE) {
		/* A regular file: a FUSE S_IFCHR would be the kernel's device. */
		st->st_mode = S_IFREG | (n.perm & 0777);
	} else if (n.kind == N_PARAM || n.kind == N_SYSFSATTR ||
		   n.kind == N_DEBUGFILE) {
		st->st_mode = S_IFREG | (n.perm & 0777);
		st->st_size = 4096;	/* sysfs' attribute size */
	} else if (n.kind == N_SYSFSBIN) {
		st->st_mode = S_IFREG | (n.perm & 0777);
		st->st_size = n.size;	/* sysfs' i_size: the attribute's size */
	} else if (n.kind == N_SECTION) {
		/* add_sect_attrs': 0400, "0x" 16 digits "\n" */
		st->st_mode = S_IFREG | 0400;
		st->st_size = 19;
	} else if (n.kind == N_KALLSYMS) {
		st->st_mode = S_IFREG | 0444;
	} else {
		st->st_mode = S_IFREG | 0444;
		st->st_size = n.kind == N_MODULES ? 0 : 4096;
	}
	return 0;
}

static int fs_readlink(const char *path, char *buf, size_t size)
{
	struct node n;
	int err;

	err = resolve(fs_of_request(), path, &n);
	if (err)
		return err;
	if (n.kind == N_SYSFSLINK)	/* a device's driver, a bus's devices... */
		return umod_sysfs_readlink(n.name, buf, size);
	if (n.kind != N_HOLDER)
		return -EINVAL;
	snprintf(buf, size, "../../%s", n.name);
	return 0;
}

struct fill {
	void *buf;
	fuse_fill_dir_t filler;
};

/* Nodes in subdirectories (devtmpfs' "snd/pcm") are not served. */
static int fill_devnode(const char *name, unsigned int devt, unsigned int mode,
			void *arg)
{
	struct fill *f = arg;

	(void)devt, (void)mode;
	if (!strchr(name, '/'))
		f->filler(f->buf, name, NULL, 0, 0);
	return 0;
}

static int fill_proc_entry(const char *name, unsigned int mode, void *arg)
{
	struct fill *f = arg;

	(void)mode;
	f->filler(f->buf, name, NULL, 0, 0);
	return 0;
}

static int fill_module(struct module *mod, void *arg)
{
	struct fill *f = arg;

	f->filler(f->buf, module_name(mod), NULL, 0, 0);
	return 0;
}

static int fill_param(struct module *mod, const struct umod_param_info *p,
		      void *arg)
{
	struct fill *f = arg;

	(void)mod;
	if (p->perm)
		f->filler(f->buf, p->name, NULL, 0, 0);
	return 0;
}

static int fill_section(const char *name, unsigned long addr, void *arg)
{
	struct fill *f = arg;

	(void)addr;
	f->filler(f->buf, name, NULL, 0, 0);
	return 0;
}

static int fill_module_dir(struct umodd_fs *fs, const struct node *n,
			   struct fill *f)
{
	struct module *mod;
	int params = 0;

	mod = umod_module_get(fs->ctx, n->mod);
	if (!mod)
		return -ENOENT;
	switch (n->kind) {
	case N_MOD:
		umod_for_each_param(mod, count_param, &params);
		if (params)
			f->filler(f->buf, "parameters", NULL, 0, 0);
		f->filler(f->buf, "holders", NULL, 0, 0);
		f->filler(f->buf, "initstate", NULL, 0, 0);
		f->filler(f->buf, "refcnt", NULL, 0, 0);
		f->filler(f->buf, "sections", NULL, 0, 0);
		break;
	case N_SECTIONS:
		umod_for_each_section(mod, fill_section, f);
		break;
	case N_HOLDERS:
		umod_for_each_user(mod, fill_module, f);
		break;
	default:
		umod_for_each_param(mod, fill_param, f);
		break;
	}
	module_put(mod);
	return 0;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t filler,
		      off_t off, struct fuse_file_info *fi,
		      enum fuse_readdir_flags flags)
{
	struct umodd_fs *fs = fs_of_request();
	struct fill f = { buf, filler };
	struct node n;
	int err;

	(void)off, (void)fi, (void)flags;
	err = resolve(fs, path, &n);
	if (err)
		return err;
	if (!is_dir(n.kind))
		return -ENOTDIR;
	filler(buf, ".", NULL, 0, 0);
	filler(buf, "..", NULL, 0, 0);
	switch (n.kind) {
	case N_ROOT:
		filler(buf, "dev", NULL, 0, 0);
		filler(buf, "proc", NULL, 0, 0);
		filler(buf, "sys", NULL, 0, 0);
		return 0;
	case N_DEV:
		umod_dev_for_each_node(fill_devnode, &f);
		return 0;
	case N_PROC:
		filler(buf, "kallsyms", NULL, 0, 0);
		filler(buf, "modules", NULL, 0, 0);
		umod_proc_for_each("", fill_proc_entry, &f);
		return 0;
	case N_PROCDIR:
		return umod_proc_for_each(n.name, fill_proc_entry, &f);
	case N_SYS:
		filler(buf, "module", NULL, 0, 0);
		umod_sysfs_for_each("", fill_proc_entry, &f);
		return 0;
	case N_SYSFSDIR:
		if (!strcmp(n.name, "kernel"))
			filler(buf, "debug", NULL, 0, 0);
		return umod_sysfs_for_each(n.name, fill_proc_entry, &f);
	case N_DEBUGDIR:
		return umod_debugfs_for_each(n.name, fill_proc_entry, &f);
	case N_SYS_MODULE:
		umod_for_each_module(fs->ctx, fill_module, &f);
		return 0;
	default:
		return fill_module_dir(fs, &n, &f);
	}
}

/* ---- Device nodes: the module's file_operations ---- */

static int dev_open(const char *name, struct fuse_file_info *fi)
{
	struct open_file *o;
	struct fs_call c;
	int err;

	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	err = fs_call_begin(&c);
	/* Without O_TRUNC, which the kernel has already handled. */
	if (!err)
		err = fs_call_end(&c, umod_dev_open(name, fi->flags & ~O_TRUNC,
						    &o->dev));
	if (err) {
		free(o);
		return err;
	}
	fi->fh = (uintptr_t)o;	/* published by fs_open */
	fi->direct_io = 1;	/* every read and write reaches the driver */
	return 0;
}

/* debugfs_create_file's: the module's file_operations, as a device's;
 * 1 for a value file, which has none (fs_open makes its text). */
static int debugfs_open(const char *name, struct fuse_file_info *fi)
{
	struct open_file *o;
	struct fs_call c;
	int err;

	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	err = fs_call_begin(&c);
	if (!err)
		err = fs_call_end(&c, umod_debugfs_open(name, fi->flags & ~O_TRUNC,
							&o->dbg));
	if (err || !o->dbg) {
		free(o);
		return err ? err : 1;
	}
	fi->fh = (uintptr_t)o;	/* published by fs_open */
	fi->direct_io = 1;
	return 0;
}

/* ---- Module-made /proc entries: their proc_ops ---- */

static int proc_open(const char *path, struct fuse_file_info *fi)
{
	struct open_file *o;
	struct fs_call c;
	int err;

	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	err = fs_call_begin(&c);
	if (!err)
		err = fs_call_end(&c, umod_proc_open(path, fi->flags & ~O_TRUNC,
						     &o->proc));
	if (err) {
		free(o);
		return err;
	}
	fi->fh = (uintptr_t)o;	/* published by fs_open */
	fi->direct_io = 1;
	return 0;
}

static int dev_read(struct open_file *o, char *buf, size_t size, off_t off)
{
	long long pos = off;
	struct fs_call c;
	int err;

	err = fs_call_begin(&c);
	if (err)
		return err;
	if (o->proc)
		return fs_call_end(&c, umod_proc_read(o->proc, buf, size, &pos));
	if (o->dbg)
		return fs_call_end(&c, umod_debugfs_file_read(o->dbg, buf, size, &pos));
	return fs_call_end(&c, umod_dev_read(o->dev, buf, size, &pos));
}

/* FUSE's restricted ioctl: the argument's bytes, _IOC_SIZE of them, are
 * copied in and out around the call, so the driver's copy_*_user reach
 * them in data; an ioctl without a size gets its argument as a number. */
static int fs_ioctl_file(const char *path, int cmd, void *arg,
		    struct fuse_file_info *fi, unsigned int flags, void *data)
{
	struct open_file *o = file_of(fi);
	unsigned int size = (unsigned int)cmd >> 16 & 0x3fff;	/* _IOC_SIZE */
	struct fs_call c;
	int err;

	(void)path;
	if (!o->dev && !o->dbg)
		return -ENOTTY;
	if (flags & FUSE_IOCTL_COMPAT)
		return -ENOSYS;
	err = fs_call_begin(&c);
	if (err)
		return err;
	if (o->dbg)
		return fs_call_end(&c, umod_debugfs_file_ioctl(o->dbg, cmd,
				size ? (unsigned long)data : (unsigned long)arg));
	return fs_call_end(&c, umod_dev_ioctl(o->dev, cmd,
			size ? (unsigned long)data : (unsigned long)arg));
}

static void poll_notify(void *ph)
{
	fuse_notify_poll(ph);
}

static void poll_done(void *ph)
{
	fuse_pollhandle_destroy(ph);
}

/* The kernel asks again after each notification.  The views without a
 * driver never block: DEFAULT_POLLMASK, as vfs_poll gives a file
 * without poll (ENOSYS would turn polling off for the whole mount,
 * devices too). */
static int fs_poll_file(const char *path, struct fuse_file_info *fi,
		   struct fuse_pollhandle *ph, unsigned int *reventsp)
{
	struct open_file *o = file_of(fi);
	struct fs_call c;
	int err = 0;

	(void)path;
	if ((!o->dev && !o->dbg) || (err = fs_call_begin(&c))) {
		if (ph)
			fuse_pollhandle_destroy(ph);
		*reventsp = 0x145;	/* EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM */
		return err;
	}
	if (o->dbg)
		*reventsp = umod_debugfs_file_poll(o->dbg, ph ? poll_notify : NULL,
						   poll_done, ph);
	else
		*reventsp = umod_dev_poll(o->dev, ph ? poll_notify : NULL,
					  poll_done, ph);
	fs_call_end(&c, 0);
	return 0;
}

static int fs_open(const char *path, struct fuse_file_info *fi)
{
	struct umodd_fs *fs = fs_of_request();
	struct open_file *o;
	struct node n;
	int err;

	err = resolve(fs, path, &n);
	if (err)
		return err;
	if (is_dir(n.kind))
		return -EISDIR;
	/* A device's, an entry's, a debugfs file's own file_operations. */
	if (n.kind == N_DEVNODE)
		err = dev_open(n.name, fi);
	else if (n.kind == N_PROCENT)
		err = proc_open(n.name, fi);
	else if (n.kind == N_DEBUGFILE)
		err = debugfs_open(n.name, fi);
	else
		err = 1;
	if (err <= 0) {
		if (err)
			return err;
		o = (struct open_file *)(uintptr_t)fi->fh;
		track_open(fs, o, path, S_IFREG | (n.perm & 0777));
		publish(fi, o);
		return 0;
	}
	/* As kernfs: no write without a store, whatever root may. */
	if ((fi->flags & O_ACCMODE) != O_RDONLY &&
	    ((n.kind != N_PARAM && n.kind != N_SYSFSATTR && n.kind != N_SYSFSBIN &&
	      n.kind != N_DEBUGFILE) || !(n.perm & 0222)))
		return -EACCES;
	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	/* A binary attribute is read at each request's offset. */
	if (n.kind == N_SYSFSBIN) {
		o->bin = strdup(n.name);
		if (!o->bin) {
			free(o);
			return -ENOMEM;
		}
		publish(fi, o);
		fi->direct_io = 1;
		return 0;
	}
	/* Text made at open, as seq_file's first read makes it; a
	 * write-only parameter has none to make. */
	if ((fi->flags & O_ACCMODE) != O_WRONLY) {
		err = make_text(fs, &n, o);
		if (err) {
			free(o);
			return err;
		}
	}
	publish(fi, o);
	fi->direct_io = 1;	/* sizes are not known ahead, as in procfs */
	return 0;
}

static int bin_read(struct open_file *o, char *buf, size_t size, off_t off)
{
	struct fs_call c;
	int err = fs_call_begin(&c);

	return err ? err : fs_call_end(&c, umod_sysfs_bin_read(o->bin, buf, size, off));
}

static int fs_read_file(const char *path, char *buf, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	struct open_file *o = file_of(fi);

	(void)path;
	if (o->dev || o->proc || o->dbg)
		return dev_read(o, buf, size, off);
	if (o->bin)
		return bin_read(o, buf, size, off);
	if (off < 0 || (size_t)off >= o->len)
		return 0;
	if (size > o->len - off)
		size = o->len - off;
	memcpy(buf, o->text + off, size);
	return size;
}

/* Each write a store, as sysfs' param_attr_store: the value as written,
 * its newline included, for the parameter's set() to take. */
static int fs_write_file(const char *path, const char *data, size_t size,
		    off_t off, struct fuse_file_info *fi)
{
	struct umodd_fs *fs = fs_of_request();
	struct open_file *o = file_of(fi);
	struct node n;
	long long pos = off;
	struct fs_call c;
	char *val;
	int err;

	if (o->dev || o->proc || o->dbg) {
		err = fs_call_begin(&c);
		if (err)
			return err;
		if (o->proc)
			return fs_call_end(&c, umod_proc_write(o->proc, data, size, &pos));
		if (o->dbg)
			return fs_call_end(&c, umod_debugfs_file_write(o->dbg, data, size, &pos));
		return fs_call_end(&c, umod_dev_write(o->dev, data, size, &pos));
	}
	err = resolve(fs, path, &n);
	if (err)
		return err;
	if (n.kind == N_DEBUGFILE)
		return umod_debugfs_write(n.name, data, size);
	if (n.kind == N_SYSFSATTR || n.kind == N_SYSFSBIN) {
		err = fs_call_begin(&c);
		if (err)
			return err;
		if (n.kind == N_SYSFSBIN)
			return fs_call_end(&c, umod_sysfs_bin_write(n.name, data, size, off));
		return fs_call_end(&c, umod_sysfs_store(n.name, data, size));
	}
	if (n.kind != N_PARAM)
		return -EACCES;
	if (size >= 4096)
		return -EINVAL;
	val = strndup(data, size);
	if (!val)
		return -ENOMEM;
	err = umod_param_set(fs->ctx, n.mod, n.name, val);
	free(val);
	return err ? err : (int)size;
}

/* `echo v > param` truncates first; sysfs ignores it, as do we. */
static int fs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct node n;
	int err;

	(void)size, (void)fi;
	err = resolve(fs_of_request(), path, &n);
	if (err)
		return err;
	/* A device ignores O_TRUNC, as Linux's do_truncate skips them. */
	return n.kind == N_PARAM || n.kind == N_DEVNODE ||
	       n.kind == N_PROCENT || n.kind == N_SYSFSATTR ||
	       n.kind == N_SYSFSBIN || n.kind == N_DEBUGFILE ? 0 : -EACCES;
}

/* The driver's release of a device, entry or debugfs file. */
static void release_driver(struct open_file *o)
{
	if (o->dev)
		umod_dev_release(o->dev);
	else if (o->proc)
		umod_proc_release(o->proc);
	else if (o->dbg)
		umod_debugfs_file_release(o->dbg);
}

/* Each call on an open file ends with a release of it, and the last
 * (fs_release) acquires them all: see publish(). */
static int done_with(struct fuse_file_info *fi, int ret)
{
	__atomic_fetch_add(&file_of(fi)->calls, 1, __ATOMIC_RELEASE);
	return ret;
}

static int fs_ioctl(const char *path, int cmd, void *arg,
		    struct fuse_file_info *fi, unsigned int flags, void *data)
{
	return done_with(fi, fs_ioctl_file(path, cmd, arg, fi, flags, data));
}

static int fs_poll(const char *path, struct fuse_file_info *fi,
		   struct fuse_pollhandle *ph, unsigned int *reventsp)
{
	return done_with(fi, fs_poll_file(path, fi, ph, reventsp));
}

static int fs_read(const char *path, char *buf, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	return done_with(fi, fs_read_file(path, buf, size, off, fi));
}

static int fs_write(const char *path, const char *data, size_t size,
		    off_t off, struct fuse_file_info *fi)
{
	return done_with(fi, fs_write_file(path, data, size, off, fi));
}

static int fs_release(const char *path, struct fuse_file_info *fi)
{
	struct open_file *o = file_of(fi);
	struct fs_call c;

	(void)path;
	(void)__atomic_load_n(&o->calls, __ATOMIC_ACQUIRE);
	if ((o->dev || o->proc || o->dbg) && !fs_call_begin(&c)) {
		release_driver(o);
		fs_call_end(&c, 0);
	}
	untrack_open(fs_of_request(), o);
	free(o->text);
	free(o->bin);
	free(o);
	return 0;
}

/* Nothing is made from outside: the VFS's answers for directories
 * without create (EACCES) or mkdir, mknod, unlink... (EPERM). */
static int fs_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	(void)path, (void)mode, (void)fi;
	return -EACCES;
}

static int fs_mkdir(const char *path, mode_t mode)
{
	(void)path, (void)mode;
	return -EPERM;
}

static int fs_mknod(const char *path, mode_t mode, dev_t dev)
{
	(void)path, (void)mode, (void)dev;
	return -EPERM;
}

static int fs_unlink(const char *path)
{
	(void)path;
	return -EPERM;
}

static int fs_rename(const char *from, const char *to, unsigned int flags)
{
	(void)from, (void)to, (void)flags;
	return -EPERM;
}

static int fs_link(const char *from, const char *to)
{
	(void)from, (void)to;
	return -EPERM;
}

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	(void)conn;
	/* Nothing cached: a view changes as modules come and go. */
	cfg->entry_timeout = 0;
	cfg->attr_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->use_ino = 0;
	/* An interrupted request's worker gets FS_INTR_SIGNAL (fs_call.c). */
	cfg->intr = 1;
	cfg->intr_signal = FS_INTR_SIGNAL;
	return fuse_get_context()->private_data;
}

static const struct fuse_operations fs_ops = {
	.init = fs_init,
	.getattr = fs_getattr,
	.readlink = fs_readlink,
	.readdir = fs_readdir,
	.open = fs_open,
	.read = fs_read,
	.write = fs_write,
	.truncate = fs_truncate,
	.release = fs_release,
	.ioctl = fs_ioctl,
	.poll = fs_poll,
	.create = fs_create,
	.mkdir = fs_mkdir,
	.mknod = fs_mknod,
	.unlink = fs_unlink,
	.rmdir = fs_unlink,
	.rename = fs_rename,
	.link = fs_link,
	.symlink = fs_link,
};

/* ---- Mount and unmount ---- */

static void *fs_loop(void *arg)
{
	struct umodd_fs *fs = arg;

	fuse_loop_mt(fs->fuse, 0);	/* one /dev/fuse descriptor for all */
	return NULL;
}

int umodd_fs_mount(struct umod_ctx *ctx, const char *dir, struct umodd_fs **out)
{
	/* allow_other needs root (or user_allow_other in /etc/fuse.conf);
	 * default_permissions has the kernel check the modes we give. */
	char *argv[] = { "umodd", "-o",
		geteuid() == 0 ?
		"fsname=umodd,subtype=umodd,auto_unmount,default_permissions,allow_other" :
		"fsname=umodd,subtype=umodd,auto_unmount,default_permissions",
		NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	struct umodd_fs *fs;
	struct fs_fds *fds;
	struct stat st;
	int err;

	/* libfuse says only that it failed: the usual causes first. */
	if (stat(dir, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->ctx = ctx;
	fs->uid = getuid();
	err = fs_call_setup();
	if (err)
		goto free_fs;
	pthread_mutex_init(&fs->open_lock, NULL);
	err = -EINVAL;
	fs->fuse = fuse_new(&args, &fs_ops, sizeof(fs_ops), fs);
	fuse_opt_free_args(&args);	/* what fuse_new added to them */
	if (!fs->fuse)
		goto free_fs;
	err = -ENOMEM;
	fds = malloc(sizeof(*fds));
	if (!fds)
		goto destroy;
	fs_fds_snapshot(fds);
	err = fuse_mount(fs->fuse, dir) ? -EIO : 0;
	if (!err)
		fs_cloexec_new_sockets(fds);	/* the watchdog's: see fs_cloexec.c */
	free(fds);
	if (err)
		goto destroy;
	err = -pthread_create(&fs->thread, NULL, fs_loop, fs);
	if (err)
		goto unmount;
	*out = fs;
	return 0;

unmount:
	fuse_unmount(fs->fuse);
destroy:
	fuse_destroy(fs->fuse);
free_fs:
	free(fs);
	return err;
}

/* The files the kernel will not release now: their drivers' release
 * runs, as at a process's exit, and their modules are unpinned. */
static void release_open_files(struct umodd_fs *fs)
{
	struct open_file *o;
	struct fs_call c;

	while ((o = fs->open_files)) {
		untrack_open(fs, o);
		if (!fs_call_begin(&c)) {
			release_driver(o);
			fs_call_end(&c, 0);
		}
		free(o->text);
		free(o);
	}
}

/* The loop ends before the unmount closes /dev/fuse, which its idle
 * workers are reading: the session marked exited, the calls sleeping in
 * drivers interrupted, the loop's thread woken from its wait with the
 * interrupt signal (again, should it not yet be waiting), and libfuse
 * cancels its idle workers and joins them all.  Then the unmount. */
void umodd_fs_unmount(struct umodd_fs *fs)
{
	struct timespec t;

	if (!fs)
		return;
	fuse_exit(fs->fuse);
	fs_call_interrupt_all();
	do {
		pthread_kill(fs->thread, FS_INTR_SIGNAL);
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 100 * 1000 * 1000;
		if (t.tv_nsec >= 1000 * 1000 * 1000) {
			t.tv_nsec -= 1000 * 1000 * 1000;
			t.tv_sec++;
		}
	} while (pthread_timedjoin_np(fs->thread, NULL, &t) == ETIMEDOUT);
	release_open_files(fs);
	fuse_unmount(fs->fuse);
	fuse_destroy(fs->fuse);
	free(fs);
}
