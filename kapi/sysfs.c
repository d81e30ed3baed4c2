// SPDX-License-Identifier: MIT
/*
 * sysfs.c - sysfs as fs/sysfs/ makes it, for a host to serve
 * (<umod/sysfs.h>): kobjects' directories (kobject.c adds them),
 * attributes, binary attributes and groups.
 *
 * A kobject in sysfs is a directory named by its parent chain
 * (kernel_kobj and its siblings are the built-in roots: /sys/kernel,
 * /sys/fs...); an attribute is a file in it, read through the kobject's
 * ktype's sysfs_ops (kobj_sysfs_ops calls the kobj_attribute's show and
 * store), or through sysfs_ops of its own (kobject.c's uevent file); a
 * binary attribute is read and written at offsets, as
 * sysfs_kf_bin_read and _write, within its size; a named group is a
 * subdirectory; a symbolic link (sysfs_create_link) names its target's
 * directory, and reads as the relative path kernfs gives, up to the
 * common ancestor and down ("../../../devices/i2c-0/0-0048").  Layouts
 * are Linux 6.1's (kobject.h).  The registry is
 * a list of entries by path; a call into module code holds an active
 * reference on its entry, not the registry, so a handler may add and
 * remove other entries (an I2C adapter's new_device registers a
 * client), and removal (kobject_del, sysfs_remove_file) unlinks the
 * entry and then waits for its active calls, as kernfs drains them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <umod/sysfs.h>

#include "kernel.h"
#include "kobject.h"

#define PAGE_SIZE	4096
#define KOBJ_PATH_MAX	256

/* ---- The registry ---- */

struct entry {
	struct list_head list;
	char path[KOBJ_PATH_MAX];	/* "kernel/hello/value" */
	unsigned int mode;		/* S_IFDIR, or S_IFREG | perm */
	struct kobject *kobj;		/* the directory's, the file's owner */
	struct attribute *attr;		/* files */
	const struct sysfs_ops *ops;	/* a file's own, not its ktype's */
	bool bin;			/* attr is a bin_attribute's */
	char *target;			/* a link's: the target's path */
	int active;			/* calls running in its handler */
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t drain_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t drained = PTHREAD_COND_INITIALIZER;

/* kernfs_get_active, with the registry held; _put_active wakes a
 * removal waiting for the last one. */
static struct entry *get_active(struct entry *e)
{
	pthread_mutex_lock(&drain_lock);
	e->active++;
	pthread_mutex_unlock(&drain_lock);
	return e;
}

static void put_active(struct entry *e)
{
	pthread_mutex_lock(&drain_lock);
	if (!--e->active)
		pthread_cond_broadcast(&drained);
	pthread_mutex_unlock(&drain_lock);
}

/* An entry unlinked: freed once no call is in it. */
static void drain_and_free(struct entry *e)
{
	pthread_mutex_lock(&drain_lock);
	while (e->active)
		pthread_cond_wait(&drained, &drain_lock);
	pthread_mutex_unlock(&drain_lock);
	free(e->target);
	free(e);
}
static struct list_head entries = { &entries, &entries };

#define for_each_entry(e) \
	for (struct list_head *_p = entries.next; \
	     _p != &entries && ((e) = (struct entry *)_p); _p = _p->next)

static struct entry *find(const char *path)
{
	struct entry *e;

	for_each_entry(e)
		if (!strcmp(e->path, path))
			return e;
	return NULL;
}

/* The directory a kobject is: its parents' names down to it. */
static int kobj_path(const struct kobject *k, char *buf, size_t size)
{
	char tail[KOBJ_PATH_MAX];

	if (!k || !k->name)
		return -EINVAL;
	if (!k->parent)
		return snprintf(buf, size, "%s", k->name) < (int)size ? 0 : -ENAMETOOLONG;
	if (kobj_path(k->parent, tail, sizeof(tail)))
		return -ENOENT;
	return snprintf(buf, size, "%s/%s", tail, k->name) < (int)size ? 0 : -ENAMETOOLONG;
}

/* Linux's warning for a duplicate, sysfs_warn_dup's. */
static int add_entry(const char *path, unsigned int mode, struct kobject *kobj,
		     struct attribute *attr, const struct sysfs_ops *ops, bool bin)
{
	struct entry *e = calloc(1, sizeof(*e));

	if (!e)
		return -ENOMEM;
	snprintf(e->path, sizeof(e->path), "%s", path);
	e->mode = mode;
	e->kobj = kobj;
	e->attr = attr;
	e->ops = ops;
	e->bin = bin;
	pthread_rwlock_wrlock(&lock);
	if (find(path)) {
		pthread_rwlock_unlock(&lock);
		free(e);
		kapi_warn("sysfs: cannot create duplicate filename '/%s'\n", path);
		return -EEXIST;
	}
	kapi_list_add_tail(&e->list, &entries);
	pthread_rwlock_unlock(&lock);
	return 0;
}

/* path itself and everything under it. */
static void remove_tree(const char *path)
{
	size_t len = strlen(path);
	struct list_head *p, *next, gone = { &gone, &gone };

	pthread_rwlock_wrlock(&lock);
	for (p = entries.next; p != &entries; p = next) {
		struct entry *e = (struct entry *)p;

		next = p->next;
		if (!strncmp(e->path, path, len) &&
		    (!e->path[len] || e->path[len] == '/')) {
			kapi_list_del_init(&e->list);
			kapi_list_add_tail(&e->list, &gone);
		}
	}
	pthread_rwlock_unlock(&lock);
	for (p = gone.next; p != &gone; p = next) {
		next = p->next;
		drain_and_free((struct entry *)p);
	}
}

/* ---- The built-in kobjects ---- */

static ssize_t kobj_attr_show(struct kobject *kobj, struct attribute *attr,
			      char *buf)
{
	struct kobj_attribute *ka = (struct kobj_attribute *)attr;

	return ka->show ? ka->show(kobj, ka, buf) : -EIO;
}

static ssize_t kobj_attr_store(struct kobject *kobj, struct attribute *attr,
			       const char *buf, size_t count)
{
	struct kobj_attribute *ka = (struct kobj_attribute *)attr;

	return ka->store ? ka->store(kobj, ka, buf, count) : -EIO;
}

const struct sysfs_ops kobj_sysfs_ops = {
	.show = kobj_attr_show,
	.store = kobj_attr_store,
};
EXPORT_SYMBOL(kobj_sysfs_ops);

/* Never released: their references are never all put. */
static const struct kobj_type root_ktype = { .sysfs_ops = &kobj_sysfs_ops };

#define ROOT(n)	{ .name = n, .kref = 1, .ktype = &root_ktype, \
		  .state_initialized = 1, .state_in_sysfs = 1 }
static struct kobject builtin[] = {
	ROOT("kernel"), ROOT("mm"), ROOT("fs"), ROOT("firmware"),
	ROOT("hypervisor"), ROOT("power"),
};
struct kobject *kernel_kobj = &builtin[0];
EXPORT_SYMBOL(kernel_kobj);
struct kobject *mm_kobj = &builtin[1];
EXPORT_SYMBOL(mm_kobj);
struct kobject *fs_kobj = &builtin[2];
EXPORT_SYMBOL(fs_kobj);
struct kobject *firmware_kobj = &builtin[3];
EXPORT_SYMBOL(firmware_kobj);
struct kobject *hypervisor_kobj = &builtin[4];
EXPORT_SYMBOL(hypervisor_kobj);
struct kobject *power_kobj = &builtin[5];
EXPORT_SYMBOL(power_kobj);

static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void add_builtin(void)
{
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		add_entry(builtin[i].name, S_IFDIR | 0755, &builtin[i], NULL, NULL,
			  false);
}

static void setup(void)
{
	pthread_once(&builtin_once, add_builtin);
}

/* ---- Directories, for kobject.c ---- */

int kapi_sysfs_create_dir(struct kobject *kobj)
{
	char path[KOBJ_PATH_MAX];
	int err;

	setup();
	err = kobj_path(kobj, path, sizeof(path));
	return err ? err : add_entry(path, S_IFDIR | 0755, kobj, NULL, NULL, false);
}

/* The directory, its files and groups. */
void kapi_sysfs_remove_dir(struct kobject *kobj)
{
	char path[KOBJ_PATH_MAX];

	if (!kobj_path(kobj, path, sizeof(path)))
		remove_tree(path);
}

int kapi_sysfs_path(const struct kobject *kobj, char *buf, size_t size)
{
	return kobj_path(kobj, buf, size);
}

/* ---- Attributes and groups ---- */

static int add_file(struct kobject *kobj, const char *group,
		    struct attribute *attr, unsigned short mode,
		    const struct sysfs_ops *ops, bool bin)
{
	char path[KOBJ_PATH_MAX], file[KOBJ_PATH_MAX + 128];

	if (!kobj || !kobj->state_in_sysfs || !attr || !attr->name)
		return -EINVAL;
	if (kobj_path(kobj, path, sizeof(path)))
		return -ENOENT;
	snprintf(file, sizeof(file), group ? "%s/%s/%s" : "%s/%s", path,
		 group ? group : attr->name, attr->name);
	return add_entry(file, S_IFREG | (mode & 0777), kobj, attr, ops, bin);
}

static int add_attr(struct kobject *kobj, const char *group,
		    struct attribute *attr, unsigned short mode)
{
	return add_file(kobj, group, attr, mode, NULL, false);
}

int kapi_sysfs_create_file_ops(struct kobject *kobj, struct attribute *attr,
			       const struct sysfs_ops *ops)
{
	return add_file(kobj, NULL, attr, attr->mode, ops, false);
}

int sysfs_create_bin_file(struct kobject *kobj, const struct bin_attribute *attr)
{
	if (!kobj || !attr)
		return -EINVAL;
	return add_file(kobj, NULL, (struct attribute *)&attr->attr,
			attr->attr.mode, NULL, true);
}
EXPORT_SYMBOL(sysfs_create_bin_file);

int sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr,
			 const void *ns)
{
	return add_attr(kobj, NULL, (struct attribute *)attr, attr->mode);
}
EXPORT_SYMBOL(sysfs_create_file_ns);

int sysfs_create_files(struct kobject *kobj, const struct attribute *const *attrs)
{
	int err = 0;

	for (int i = 0; attrs[i] && !err; i++)
		err = sysfs_create_file_ns(kobj, attrs[i], NULL);
	return err;
}
EXPORT_SYMBOL(sysfs_create_files);

static void remove_attr(struct kobject *kobj, const char *group,
			const struct attribute *attr)
{
	char path[KOBJ_PATH_MAX], file[KOBJ_PATH_MAX + 128];

	if (!kobj || kobj_path(kobj, path, sizeof(path)))
		return;
	snprintf(file, sizeof(file), group ? "%s/%s/%s" : "%s/%s", path,
		 group ? group : attr->name, attr->name);
	remove_tree(file);
}

void sysfs_remove_file_ns(struct kobject *kobj, const struct attribute *attr,
			  const void *ns)
{
	remove_attr(kobj, NULL, attr);
}
EXPORT_SYMBOL(sysfs_remove_file_ns);

void sysfs_remove_files(struct kobject *kobj, const struct attribute *const *attrs)
{
	for (int i = 0; attrs[i]; i++)
		sysfs_remove_file_ns(kobj, attrs[i], NULL);
}
EXPORT_SYMBOL(sysfs_remove_files);

void sysfs_remove_bin_file(struct kobject *kobj, const struct bin_attribute *attr)
{
	remove_attr(kobj, NULL, &attr->attr);
}
EXPORT_SYMBOL(sysfs_remove_bin_file);

struct visible_call {
	const struct attribute_group *grp;
	struct kobject *kobj;
	struct attribute *attr;
	int i;
	bool bin;
	unsigned short mode;
};

static void run_is_visible(void *p)
{
	struct visible_call *c = p;

	if (c->bin)
		c->mode = c->grp->is_bin_visible(c->kobj,
				(struct bin_attribute *)c->attr, c->i);
	else
		c->mode = c->grp->is_visible(c->kobj, c->attr, c->i);
}

/* create_files' rule: is_visible (is_bin_visible) may hide an
 * attribute (0) or give it another mode. */
static int group_attr_mode(const struct attribute_group *grp,
			   struct kobject *kobj, struct attribute *attr, int i,
			   bool bin)
{
	struct visible_call c = { grp, kobj, attr, i, bin, attr->mode };
	const void *fn = bin ? (void *)grp->is_bin_visible : (void *)grp->is_visible;

	if (fn && kapi_call_module(fn, "is_visible", run_is_visible, &c))
		return 0;
	return c.mode;
}

int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	char path[KOBJ_PATH_MAX + 64];
	int err = 0, i;

	if (!kobj || !kobj->state_in_sysfs || !grp)
		return -EINVAL;
	if (grp->name) {
		if (kobj_path(kobj, path, KOBJ_PATH_MAX))
			return -ENOENT;
		snprintf(path + strlen(path), 64, "/%s", grp->name);
		err = add_entry(path, S_IFDIR | 0755, kobj, NULL, NULL, false);
		if (err)
			return err;
	}
	for (i = 0; grp->attrs && grp->attrs[i] && !err; i++) {
		int mode = group_attr_mode(grp, kobj, grp->attrs[i], i, false);

		if (mode)
			err = add_attr(kobj, grp->name, grp->attrs[i], mode);
	}
	for (i = 0; grp->bin_attrs && grp->bin_attrs[i] && !err; i++) {
		struct attribute *attr = &grp->bin_attrs[i]->attr;
		int mode = group_attr_mode(grp, kobj, attr, i, true);

		if (mode)
			err = add_file(kobj, grp->name, attr, mode, NULL, true);
	}
	if (err)
		sysfs_remove_group(kobj, grp);
	return err;
}
EXPORT_SYMBOL(sysfs_create_group);

void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)
{
	char path[KOBJ_PATH_MAX + 64];

	if (!kobj || !grp)
		return;
	if (grp->name) {
		if (kobj_path(kobj, path, KOBJ_PATH_MAX))
			return;
		snprintf(path + strlen(path), 64, "/%s", grp->name);
		remove_tree(path);
		return;
	}
	for (int i = 0; grp->attrs && grp->attrs[i]; i++)
		remove_attr(kobj, NULL, grp->attrs[i]);
	for (int i = 0; grp->bin_attrs && grp->bin_attrs[i]; i++)
		remove_attr(kobj, NULL, &grp->bin_attrs[i]->attr);
}
EXPORT_SYMBOL(sysfs_remove_group);

int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	int err = 0, i;

	for (i = 0; groups && groups[i] && !err; i++)
		err = sysfs_create_group(kobj, groups[i]);
	if (err)
		while (--i > 0)
			sysfs_remove_group(kobj, groups[i - 1]);
	return err;
}
EXPORT_SYMBOL(sysfs_create_groups);

void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	for (int i = 0; groups && groups[i]; i++)
		sysfs_remove_group(kobj, groups[i]);
}
EXPORT_SYMBOL(sysfs_remove_groups);

/* sysfs_emit: into the page show() was given. */
int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = umod_vsnprintf(buf, PAGE_SIZE, fmt, ap);
	va_end(ap);
	return len < PAGE_SIZE ? len : PAGE_SIZE - 1;
}
EXPORT_SYMBOL(sysfs_emit);

int sysfs_emit_at(char *buf, int at, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (at < 0 || at >= PAGE_SIZE)
		return 0;
	va_start(ap, fmt);
	len = umod_vsnprintf(buf + at, PAGE_SIZE - at, fmt, ap);
	va_end(ap);
	return len < PAGE_SIZE - at ? len : PAGE_SIZE - at - 1;
}
EXPORT_SYMBOL(sysfs_emit_at);

/* ---- Symbolic links ---- */

static int add_link(const char *path, const char *target)
{
	struct entry *e = calloc(1, sizeof(*e));

	if (!e || !(e->target = strdup(target))) {
		free(e);
		return -ENOMEM;
	}
	snprintf(e->path, sizeof(e->path), "%s", path);
	e->mode = S_IFLNK | 0777;
	pthread_rwlock_wrlock(&lock);
	if (find(path)) {
		pthread_rwlock_unlock(&lock);
		free(e->target);
		free(e);
		return -EEXIST;
	}
	kapi_list_add_tail(&e->list, &entries);
	pthread_rwlock_unlock(&lock);
	return 0;
}

/* The path of NAME in kobj's directory (/sys itself for NULL). */
static int link_path(struct kobject *kobj, const char *name, char path[KOBJ_PATH_MAX])
{
	char dir[KOBJ_PATH_MAX];

	if (kobj && kobj_path(kobj, dir, sizeof(dir)))
		return -ENOENT;
	if (snprintf(path, KOBJ_PATH_MAX, kobj ? "%s/%s" : "%s%s", kobj ? dir : "",
		     name) >= KOBJ_PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/* NAME in kobj's directory linking to target's. */
static int create_link(struct kobject *kobj, struct kobject *target, const char *name,
		       bool warn)
{
	char to[KOBJ_PATH_MAX], path[KOBJ_PATH_MAX];
	int err;

	setup();
	if (!target || !name)
		return -EINVAL;
	if (kobj_path(target, to, sizeof(to)))
		return -ENOENT;
	err = link_path(kobj, name, path);
	if (!err)
		err = add_link(path, to);
	if (err == -EEXIST && warn)
		kapi_warn("sysfs: cannot create duplicate filename '/%s'\n", path);
	return err;
}

int sysfs_create_link(struct kobject *kobj, struct kobject *target, const char *name)
{
	return create_link(kobj, target, name, true);
}
EXPORT_SYMBOL(sysfs_create_link);

int sysfs_create_link_nowarn(struct kobject *kobj, struct kobject *target, const char *name)
{
	return create_link(kobj, target, name, false);
}
EXPORT_SYMBOL(sysfs_create_link_nowarn);

void sysfs_remove_link(struct kobject *kobj, const char *name)
{
	char path[KOBJ_PATH_MAX];
	struct entry *e;

	if (link_path(kobj, name, path))
		return;
	pthread_rwlock_wrlock(&lock);
	e = find(path);
	if (e && S_ISLNK(e->mode))
		kapi_list_del_init(&e->list);
	else
		e = NULL;
	pthread_rwlock_unlock(&lock);
	if (e)
		drain_and_free(e);
}
EXPORT_SYMBOL(sysfs_remove_link);

/* ---- The host's side ---- */

/* kernfs_get_target_path: "../" for each directory of the link's below
 * the common ancestor, then the target's path from there. */
int umod_sysfs_readlink(const char *path, char *buf, size_t size)
{
	const char *from, *to, *p;
	size_t common = 0, n = 0;
	struct entry *e;
	int ret = 0;

	pthread_rwlock_rdlock(&lock);
	e = find(path);
	if (!e || !e->target) {
		pthread_rwlock_unlock(&lock);
		return e ? -EINVAL : -ENOENT;
	}
	from = e->path;
	to = e->target;
	for (size_t i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	for (p = from + common; (p = strchr(p, '/')); p++)
		n += snprintf(buf + n, n < size ? size - n : 0, "../");
	n += snprintf(buf + n, n < size ? size - n : 0, "%s", to + common);
	if (n >= size)
		ret = -ENAMETOOLONG;
	pthread_rwlock_unlock(&lock);
	return ret;
}

int umod_sysfs_lookup(const char *path, unsigned int *mode)
{
	struct entry *e;

	setup();
	pthread_rwlock_rdlock(&lock);
	e = find(path);
	if (e)
		*mode = e->mode;
	pthread_rwlock_unlock(&lock);
	return e ? 0 : -ENOENT;
}

int umod_sysfs_for_each(const char *dir, umod_sysfs_cb *cb, void *arg)
{
	size_t len = strlen(dir);
	struct entry *e;
	int ret = 0;

	setup();
	pthread_rwlock_rdlock(&lock);
	for_each_entry(e) {
		const char *name = e->path;

		if (len) {
			if (strncmp(e->path, dir, len) || e->path[len] != '/')
				continue;
			name += len + 1;
		}
		if (!strchr(name, '/') && (ret = cb(name, e->mode, arg)))
			break;
	}
	pthread_rwlock_unlock(&lock);
	return ret;
}

struct attr_call {
	const struct sysfs_ops *ops;
	struct entry *e;
	char *buf;
	size_t len;
	ssize_t ret;
};

static void run_show(void *p)
{
	struct attr_call *c = p;

	c->ret = c->ops->show(c->e->kobj, c->e->attr, c->buf);
}

static void run_store(void *p)
{
	struct attr_call *c = p;

	c->ret = c->ops->store(c->e->kobj, c->e->attr, c->buf, c->len);
}

/* The module code a call runs: kobj_sysfs_ops' is the attribute's own
 * show or store; kapi's own (the uevent file's) guards what it calls. */
static const void *handler_of(const struct sysfs_ops *ops,
			      const struct attribute *attr, bool store)
{
	const struct kobj_attribute *ka = (const struct kobj_attribute *)attr;

	if (ops == &kobj_sysfs_ops)
		return store ? (void *)ka->store : (void *)ka->show;
	return store ? (void *)ops->store : (void *)ops->show;
}

/* With the registry held for reading: the entry stays while its
 * handler runs. */
static long call_attr(const char *path, bool store, char *buf, size_t len)
{
	struct attr_call c = { .buf = buf, .len = len, .ret = -ENOENT };
	const void *handler;
	int err;

	pthread_rwlock_rdlock(&lock);
	c.e = find(path);
	if (!c.e || !c.e->attr || c.e->bin) {
		pthread_rwlock_unlock(&lock);
		return !c.e ? -ENOENT : c.e->bin ? -EINVAL : -EISDIR;
	}
	c.ops = c.e->ops ? c.e->ops :
		c.e->kobj->ktype ? c.e->kobj->ktype->sysfs_ops : NULL;
	if (!c.ops || !(store ? (void *)c.ops->store : (void *)c.ops->show)) {
		pthread_rwlock_unlock(&lock);
		return -EIO;
	}
	handler = handler_of(c.ops, c.e->attr, store);
	get_active(c.e);
	pthread_rwlock_unlock(&lock);
	err = kapi_call_module(handler ? handler : (void *)c.ops,
			       store ? "store" : "show",
			       store ? run_store : run_show, &c);
	put_active(c.e);
	return err ? err : c.ret;
}

/* sysfs_kf_seq_show's checks: what overruns the page is cut to it. */
long umod_sysfs_show(const char *path, char *buf)
{
	long ret;

	memset(buf, 0, PAGE_SIZE);
	ret = call_attr(path, false, buf, 0);
	if (ret >= PAGE_SIZE) {
		kapi_printk(KERN_WARNING "fill_read_buffer: %s returned bad count\n",
			    path);
		ret = PAGE_SIZE - 1;
	}
	return ret;
}

/* sysfs_kf_write's: a NUL-terminated copy of what was written. */
long umod_sysfs_store(const char *path, const char *data, size_t len)
{
	char *buf;
	long ret;

	if (len >= PAGE_SIZE)
		len = PAGE_SIZE - 1;
	buf = calloc(1, PAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, data, len);
	ret = call_attr(path, true, buf, len);
	free(buf);
	return ret;
}

/* ---- Binary attributes, at offsets ---- */

struct bin_call {
	struct bin_attribute *battr;
	struct kobject *kobj;
	char *buf;
	long long pos;
	size_t count;
	bool write;
	ssize_t ret;
};

/* Linux hands read and write the kernfs open file's struct file; none
 * is kept here, and the teaching drivers do not look at it. */
static void run_bin(void *p)
{
	struct bin_call *c = p;

	if (c->write)
		c->ret = c->battr->write(NULL, c->kobj, c->battr, c->buf, c->pos,
					 c->count);
	else
		c->ret = c->battr->read(NULL, c->kobj, c->battr, c->buf, c->pos,
					c->count);
}

long long umod_sysfs_bin_size(const char *path)
{
	struct entry *e;
	long long size;

	setup();
	pthread_rwlock_rdlock(&lock);
	e = find(path);
	size = !e ? -ENOENT : !e->bin ? -EINVAL :
	       (long long)((struct bin_attribute *)e->attr)->size;
	pthread_rwlock_unlock(&lock);
	return size;
}

/* sysfs_kf_bin_read and _write: within the size, if it has one (a
 * read past it finds nothing, a write there is -EFBIG); a page at a
 * time, as kernfs' buffer; -EIO without the method. */
static long call_bin(const char *path, bool write, char *buf, size_t count,
		     long long pos)
{
	struct bin_call c = { .buf = buf, .pos = pos, .write = write };
	const void *handler;
	struct entry *e;
	long long size;
	int err;

	if (pos < 0)
		return -EINVAL;
	pthread_rwlock_rdlock(&lock);
	c.ret = -ENOENT;
	e = find(path);
	if (!e || !e->bin)
		goto out;
	c.battr = (struct bin_attribute *)e->attr;
	c.kobj = e->kobj;
	size = c.battr->size;
	c.count = count < PAGE_SIZE ? count : PAGE_SIZE;
	c.ret = 0;
	if (size && pos >= size) {
		c.ret = write ? -EFBIG : 0;
		goto out;
	}
	if (size && pos + (long long)c.count > size)
		c.count = size - pos;
	if (!c.count)
		goto out;
	handler = write ? (void *)c.battr->write : (void *)c.battr->read;
	c.ret = -EIO;
	if (!handler)
		goto out;
	get_active(e);
	pthread_rwlock_unlock(&lock);
	err = kapi_call_module(handler, write ? "write" : "read", run_bin, &c);
	put_active(e);
	return err ? err : c.ret;
out:
	pthread_rwlock_unlock(&lock);
	return c.ret;
}

long umod_sysfs_bin_read(const char *path, char *buf, size_t len, long long pos)
{
	return call_bin(path, false, buf, len, pos);
}

long umod_sysfs_bin_write(const char *path, const char *buf, size_t len,
			  long long pos)
{
	char *copy = malloc(len < PAGE_SIZE ? len : PAGE_SIZE);
	long ret;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len < PAGE_SIZE ? len : PAGE_SIZE);	/* kernfs' buffer */
	ret = call_bin(path, true, copy, len, pos);
	free(copy);
	return ret;
}
