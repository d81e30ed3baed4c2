// SPDX-License-Identifier: MIT
/*
 * debugfs.c - debugfs' directories and value files, as fs/debugfs/
 * makes them, for a host to serve (<umod/debugfs.h>).
 *
 * A dentry is an entry here, opaque to the module, as debugfs asks
 * modules to treat it.  Values read and write as fs/debugfs/file.c's
 * simple attributes: decimal for u8..u64, size_t, unsigned long and
 * atomic_t, 0x-prefixed fixed-width hex for x8..x64, Y or N for bool;
 * a write parses with kstrtoull base 0 (kstrtoll for atomic_t,
 * kstrtobool for bool).  A mode without write bits makes a read-only
 * file, as debugfs_create_mode_unsafe picks read-only fops.  Value
 * accesses run under the fault guard when the value is in a module.
 * debugfs_create_file (and _unsafe) files are the module's own
 * file_operations: an open pins their owner and opens a file on them
 * whose inode's i_private is the data given (kapi_fops_open), as
 * debugfs_create_file's inode has it, so single_open(file, show,
 * inode->i_private), DEFINE_SHOW_ATTRIBUTE's, works; the host then
 * reads, writes, seeks and releases it as a device's.  As Linux's full
 * proxy does for debugfs_create_file (not _unsafe), a call on a file
 * whose entry was removed fails with EIO, its release still runs, and
 * debugfs_remove waits for the calls in flight (debugfs_file_get/put).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <umod/chrdev.h>
#include <umod/debugfs.h>

#include "kernel.h"

#define PATH_MAX_DBG	256

enum kind { K_DIR, K_U, K_X, K_SIZE, K_ATOMIC, K_BOOL, K_FOPS, K_UNSAFE };

struct file_operations {
	struct module *owner;
};

struct dentry {
	struct list_head list;
	char path[PATH_MAX_DBG];
	unsigned int mode;
	enum kind kind;
	unsigned int size;	/* bytes of the value */
	void *value;		/* or the file's i_private */
	const struct file_operations *fops;
	/* Under files_lock: the files open on it, the calls in them now,
	 * and whether it is gone from the tree (freed with its last file). */
	int files, active;
	bool removed;
};

struct umod_debugfile {
	struct umod_devfile *f;
	struct dentry *d;
};

static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t drained = PTHREAD_COND_INITIALIZER;

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct list_head entries = { &entries, &entries };

int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtobool(const char *s, bool *res);

static struct dentry *find(const char *path)
{
	for (struct list_head *p = entries.next; p != &entries; p = p->next)
		if (!strcmp(((struct dentry *)p)->path, path))
			return (struct dentry *)p;
	return NULL;
}

static bool is_entry(const struct dentry *d)
{
	for (struct list_head *p = entries.next; p != &entries; p = p->next)
		if ((struct dentry *)p == d)
			return true;
	return false;
}

/* start_creating's checks: a parent that is an entry, a new name. */
static struct dentry *create(const char *name, unsigned int mode,
			     struct dentry *parent, enum kind kind,
			     unsigned int size, void *value,
			     const struct file_operations *fops)
{
	struct dentry *d = calloc(1, sizeof(*d));
	int n;

	if (!d)
		return ERR_PTR(-ENOMEM);
	d->mode = mode;
	d->kind = kind;
	d->size = size;
	d->value = value;
	d->fops = fops;
	pthread_rwlock_wrlock(&lock);
	if (parent && (!is_entry(parent) || parent->kind != K_DIR)) {
		pthread_rwlock_unlock(&lock);
		free(d);
		return ERR_PTR(-ENOENT);
	}
	n = snprintf(d->path, sizeof(d->path), parent ? "%s/%s" : "%s%s",
		     parent ? parent->path : "", name);
	if (n >= (int)sizeof(d->path) || strchr(name, '/') || find(d->path)) {
		pthread_rwlock_unlock(&lock);
		kapi_printk(KERN_ERR "debugfs: File '%s' in directory '%s' already present!\n",
			    name, parent ? parent->path : "/");
		free(d);
		return ERR_PTR(-EEXIST);
	}
	kapi_list_add_tail(&d->list, &entries);
	pthread_rwlock_unlock(&lock);
	return d;
}

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	return create(name, S_IFDIR | 0755, parent, K_DIR, 0, NULL, NULL);
}
EXPORT_SYMBOL(debugfs_create_dir);

/* __debugfs_file_removed: no new calls, the ones in flight waited
 * for; the entry goes now, or with its last open file. */
static void file_removed(struct dentry *e)
{
	bool free_now;

	pthread_mutex_lock(&files_lock);
	e->removed = true;
	while (e->active)
		pthread_cond_wait(&drained, &files_lock);
	free_now = !e->files;
	pthread_mutex_unlock(&files_lock);
	if (free_now)
		free(e);
}

/* The dentry and all below it. */
void debugfs_remove(struct dentry *d)
{
	struct list_head gone = { &gone, &gone }, *p, *next;
	size_t len;

	if (!d || (unsigned long)d >= -4095ul)
		return;
	pthread_rwlock_wrlock(&lock);
	if (!is_entry(d)) {
		pthread_rwlock_unlock(&lock);
		return;
	}
	len = strlen(d->path);
	for (p = entries.next; p != &entries; p = next) {
		struct dentry *e = (struct dentry *)p;

		next = p->next;
		if (e == d || (!strncmp(e->path, d->path, len) && e->path[len] == '/')) {
			kapi_list_del_init(&e->list);
			kapi_list_add_tail(&e->list, &gone);
		}
	}
	pthread_rwlock_unlock(&lock);
	for (p = gone.next; p != &gone; p = next) {
		next = p->next;
		file_removed((struct dentry *)p);
	}
}
EXPORT_SYMBOL(debugfs_remove);

#define VALUE_FILE(name, type, kind)					\
void name(const char *n, unsigned short mode, struct dentry *parent,	\
	  type *value)							\
{									\
	create(n, S_IFREG | (mode & 0777), parent, kind, sizeof(type), value, \
	       NULL);							\
}									\
EXPORT_SYMBOL(name)

VALUE_FILE(debugfs_create_u8, u8, K_U);
VALUE_FILE(debugfs_create_u16, u16, K_U);
VALUE_FILE(debugfs_create_u32, u32, K_U);
VALUE_FILE(debugfs_create_u64, u64, K_U);
VALUE_FILE(debugfs_create_ulong, unsigned long, K_U);
VALUE_FILE(debugfs_create_x8, u8, K_X);
VALUE_FILE(debugfs_create_x16, u16, K_X);
VALUE_FILE(debugfs_create_x32, u32, K_X);
VALUE_FILE(debugfs_create_x64, u64, K_X);
VALUE_FILE(debugfs_create_size_t, size_t, K_SIZE);
VALUE_FILE(debugfs_create_atomic_t, int, K_ATOMIC);
VALUE_FILE(debugfs_create_bool, bool, K_BOOL);

/* Without fops, debugfs_noop_file_operations': reads find nothing,
 * writes are taken whole. */
struct dentry *debugfs_create_file(const char *name, unsigned short mode,
				   struct dentry *parent, void *data,
				   const struct file_operations *fops)
{
	return create(name, S_IFREG | (mode & 0777), parent, K_FOPS, 0, data,
		      fops);
}
EXPORT_SYMBOL(debugfs_create_file);

struct dentry *debugfs_create_file_unsafe(const char *name, unsigned short mode,
					  struct dentry *parent, void *data,
					  const struct file_operations *fops)
{
	return create(name, S_IFREG | (mode & 0777), parent, K_UNSAFE, 0, data,
		      fops);
}
EXPORT_SYMBOL(debugfs_create_file_unsafe);

/* ---- The host's side ---- */

int umod_debugfs_lookup(const char *path, unsigned int *mode)
{
	struct dentry *d;

	pthread_rwlock_rdlock(&lock);
	d = find(path);
	if (d)
		*mode = d->mode;
	pthread_rwlock_unlock(&lock);
	return d ? 0 : -ENOENT;
}

int umod_debugfs_for_each(const char *dir, umod_debugfs_cb *cb, void *arg)
{
	size_t len = strlen(dir);
	int ret = 0;

	pthread_rwlock_rdlock(&lock);
	for (struct list_head *p = entries.next; p != &entries && !ret; p = p->next) {
		struct dentry *d = (struct dentry *)p;
		const char *name = d->path;

		if (len) {
			if (strncmp(d->path, dir, len) || d->path[len] != '/')
				continue;
			name += len + 1;
		}
		if (!strchr(name, '/'))
			ret = cb(name, d->mode, arg);
	}
	pthread_rwlock_unlock(&lock);
	return ret;
}

struct access {
	struct dentry *d;
	u64 val;
	bool store;
};

/* The value's bytes, in the module's memory: under its guard. */
static void run_access(void *p)
{
	struct access *a = p;
	void *v = a->d->value;

	switch (a->d->size) {
	case 1: if (a->store) *(u8 *)v = a->val; else a->val = *(u8 *)v; break;
	case 2: if (a->store) *(u16 *)v = a->val; else a->val = *(u16 *)v; break;
	case 4:
		if (a->store)
			__atomic_store_n((u32 *)v, (u32)a->val, __ATOMIC_RELAXED);
		else
			a->val = __atomic_load_n((u32 *)v, __ATOMIC_RELAXED);
		break;
	default:
		if (a->store)
			__atomic_store_n((u64 *)v, a->val, __ATOMIC_RELAXED);
		else
			a->val = __atomic_load_n((u64 *)v, __ATOMIC_RELAXED);
		break;
	}
}

static int access_value(struct access *a)
{
	return kapi_call_module(a->d->value, "debugfs", run_access, a);
}

static int format(const struct dentry *d, u64 val, char *buf, size_t size)
{
	switch (d->kind) {
	case K_X:
		return snprintf(buf, size, "0x%0*" PRIx64 "\n", (int)d->size * 2, val);
	case K_ATOMIC:
		return snprintf(buf, size, "%d\n", (int)val);
	case K_BOOL:
		return snprintf(buf, size, "%c\n", val & 0xff ? 'Y' : 'N');
	default:
		return snprintf(buf, size, "%" PRIu64 "\n", val);
	}
}

/* A fops file without fops, or one opened before ours came: empty. */
long umod_debugfs_read(const char *path, char *buf, size_t size)
{
	struct access a = { 0 };
	long ret;

	pthread_rwlock_rdlock(&lock);
	a.d = find(path);
	if (!a.d)
		ret = -ENOENT;
	else if (a.d->kind == K_DIR)
		ret = -EISDIR;
	else if (a.d->kind >= K_FOPS)
		ret = 1;
	else
		ret = access_value(&a);
	if (!ret)
		ret = format(a.d, a.val, buf, size);
	else if (ret == 1)
		ret = 0;
	pthread_rwlock_unlock(&lock);
	return ret;
}

static int parse(const struct dentry *d, const char *s, u64 *val)
{
	unsigned long long u;
	long long l;
	bool b;
	int err;

	switch (d->kind) {
	case K_BOOL:
		err = kstrtobool(s, &b);
		*val = b;
		return err;
	case K_ATOMIC:
		err = kstrtoll(s, 0, &l);
		*val = (u64)l;
		return err;
	default:
		err = kstrtoull(s, 0, &u);
		*val = u;
		return err;
	}
}

/* simple_attr_write's: at most 23 bytes taken, the rest ignored. */
long umod_debugfs_write(const char *path, const char *buf, size_t len)
{
	struct access a = { .store = true };
	char text[24];
	long ret;

	snprintf(text, sizeof(text), "%.*s", (int)(len < sizeof(text) - 1 ?
						   len : sizeof(text) - 1), buf);
	pthread_rwlock_rdlock(&lock);
	a.d = find(path);
	if (!a.d)
		ret = -ENOENT;
	else if (a.d->kind == K_DIR)
		ret = -EISDIR;
	else if (!(a.d->mode & 0222))
		ret = -EACCES;
	else if (a.d->kind >= K_FOPS)
		ret = 1;	/* debugfs_noop's default_write_file: taken */
	else
		ret = parse(a.d, text, &a.val);
	if (!ret)
		ret = access_value(&a);
	pthread_rwlock_unlock(&lock);
	return ret && ret != 1 ? ret : (long)len;
}

/* debugfs_file_get: EIO once removed.  An _unsafe file's calls are
 * not counted, as Linux's are not: the module guards them itself, and
 * may remove its own file from its handler. */
static int file_get(struct dentry *d)
{
	int err = 0;

	if (d->kind == K_UNSAFE)
		return 0;
	pthread_mutex_lock(&files_lock);
	if (d->removed)
		err = -EIO;
	else
		d->active++;
	pthread_mutex_unlock(&files_lock);
	return err;
}

static void file_put(struct dentry *d)
{
	if (d->kind == K_UNSAFE)
		return;
	pthread_mutex_lock(&files_lock);
	if (!--d->active)
		pthread_cond_broadcast(&drained);
	pthread_mutex_unlock(&files_lock);
}

/* One file fewer on d: the last frees a removed entry. */
static void file_close(struct dentry *d)
{
	bool free_now;

	pthread_mutex_lock(&files_lock);
	free_now = !--d->files && d->removed;
	pthread_mutex_unlock(&files_lock);
	if (free_now)
		free(d);
}

/* The entry, with a file counted on it so it stays; its owner pinned. */
static int find_file(const char *path, struct dentry **out)
{
	struct dentry *d;
	int err = 0;

	*out = NULL;
	pthread_rwlock_rdlock(&lock);
	d = find(path);
	if (!d)
		err = -ENOENT;
	else if (d->kind == K_DIR)
		err = -EISDIR;
	else if ((d->kind != K_FOPS && d->kind != K_UNSAFE) || !d->fops)
		d = NULL;		/* a value file: no file of its own */
	else if (d->fops->owner && !try_module_get(d->fops->owner))
		err = -ENOENT;		/* its module is going */
	if (!err && d) {
		pthread_mutex_lock(&files_lock);
		d->files++;
		pthread_mutex_unlock(&files_lock);
		*out = d;
	}
	pthread_rwlock_unlock(&lock);
	return err;
}

/* full_proxy_open's: the module's open while the entry is there. */
int umod_debugfs_open(const char *path, int flags, struct umod_debugfile **out)
{
	struct umod_debugfile *df;
	struct dentry *d;
	int err;

	*out = NULL;
	err = find_file(path, &d);
	if (err || !d)
		return err;
	df = calloc(1, sizeof(*df));
	err = df ? file_get(d) : -ENOMEM;
	if (err)
		goto unpin;
	df->d = d;
	err = kapi_fops_open(d->fops, d->mode, d->value, flags, &df->f);
	file_put(d);
	if (err)
		goto close;	/* the owner unpinned already */
	*out = df;
	return 0;
unpin:
	if (d->fops->owner)
		module_put(d->fops->owner);
close:
	file_close(d);
	free(df);
	return err == -EIO ? -ENOENT : err;
}

long umod_debugfs_file_read(struct umod_debugfile *df, char *buf, size_t len,
			    long long *pos)
{
	long r = file_get(df->d);

	if (r)
		return r;
	r = umod_dev_read(df->f, buf, len, pos);
	file_put(df->d);
	return r;
}

long umod_debugfs_file_write(struct umod_debugfile *df, const char *buf,
			     size_t len, long long *pos)
{
	long r = file_get(df->d);

	if (r)
		return r;
	r = umod_dev_write(df->f, buf, len, pos);
	file_put(df->d);
	return r;
}

long umod_debugfs_file_ioctl(struct umod_debugfile *df, unsigned int cmd,
			     unsigned long arg)
{
	long r = file_get(df->d);

	if (r)
		return r;
	r = umod_dev_ioctl(df->f, cmd, arg);
	file_put(df->d);
	return r;
}

/* full_proxy_poll: EPOLLHUP once removed. */
unsigned int umod_debugfs_file_poll(struct umod_debugfile *df,
				    umod_devpoll_fn *notify, umod_devpoll_fn *done,
				    void *arg)
{
	unsigned int mask;

	if (file_get(df->d)) {
		if (done)
			done(arg);
		return 0x10;	/* EPOLLHUP */
	}
	mask = umod_dev_poll(df->f, notify, done, arg);
	file_put(df->d);
	return mask;
}

/* full_proxy_release: the module's release even after removal. */
void umod_debugfs_file_release(struct umod_debugfile *df)
{
	umod_dev_release(df->f);
	file_close(df->d);
	free(df);
}
