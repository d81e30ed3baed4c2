// SPDX-License-Identifier: MIT
/*
 * sysfs.c - kobjects and their attributes, as lib/kobject.c and
 * fs/sysfs/ make them, for a host to serve (<umod/sysfs.h>).
 *
 * A kobject added to sysfs is a directory named by its parent chain
 * (kernel_kobj and its siblings are the built-in parents: /sys/kernel,
 * /sys/fs...); an attribute is a file in it, read through the kobject's
 * ktype's sysfs_ops (kobject_create_and_add's dynamic ktype calls the
 * kobj_attribute's show and store, as kobj_sysfs_ops does); a named
 * group is a subdirectory.  Layouts are Linux 6.1's.  The registry is a
 * list of entries by path; calls into show and store hold it for
 * reading, so removal (kobject_put's last reference, sysfs_remove_file)
 * waits for them, as kernfs drains active references.
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

#define PAGE_SIZE	4096
#define KOBJ_PATH_MAX	256

struct kobject;
struct attribute {
	const char *name;
	unsigned short mode;
};

struct sysfs_ops {
	ssize_t (*show)(struct kobject *, struct attribute *, char *);
	ssize_t (*store)(struct kobject *, struct attribute *, const char *, size_t);
};

struct kobj_type {
	void (*release)(struct kobject *kobj);
	const struct sysfs_ops *sysfs_ops;
	const struct attribute_group **default_groups;
	void *child_ns_type, *namespace, *get_ownership;
};

struct kobject {
	const char *name;
	struct list_head entry;
	struct kobject *parent;
	void *kset;
	const struct kobj_type *ktype;
	void *sd;
	int kref;			/* struct kref */
	unsigned int state_initialized:1;
	unsigned int state_in_sysfs:1;
	unsigned int state_add_uevent_sent:1;
	unsigned int state_remove_uevent_sent:1;
	unsigned int uevent_suppress:1;
};
KAPI_LAYOUT(sizeof(struct kobject) == 64, "Linux 6.1's struct kobject");

struct kobj_attribute {
	struct attribute attr;
	ssize_t (*show)(struct kobject *kobj, struct kobj_attribute *attr, char *buf);
	ssize_t (*store)(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count);
};

struct attribute_group {
	const char *name;
	unsigned short (*is_visible)(struct kobject *, struct attribute *, int);
	void *is_bin_visible;
	struct attribute **attrs;
	void *bin_attrs;
};

void kobject_put(struct kobject *kobj);
void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp);
char *kvasprintf(gfp_t flags, const char *fmt, va_list ap);

/* ---- The registry ---- */

struct entry {
	struct list_head list;
	char path[KOBJ_PATH_MAX];	/* "kernel/hello/value" */
	unsigned int mode;		/* S_IFDIR, or S_IFREG | perm */
	struct kobject *kobj;		/* the directory's, the file's owner */
	struct attribute *attr;		/* files */
	bool group_dir;			/* a named group's directory */
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
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
		     struct attribute *attr, bool group_dir)
{
	struct entry *e = calloc(1, sizeof(*e));

	if (!e)
		return -ENOMEM;
	snprintf(e->path, sizeof(e->path), "%s", path);
	e->mode = mode;
	e->kobj = kobj;
	e->attr = attr;
	e->group_dir = group_dir;
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
	struct list_head *p, *next;

	pthread_rwlock_wrlock(&lock);
	for (p = entries.next; p != &entries; p = next) {
		struct entry *e = (struct entry *)p;

		next = p->next;
		if (!strncmp(e->path, path, len) &&
		    (!e->path[len] || e->path[len] == '/')) {
			kapi_list_del_init(&e->list);
			free(e);
		}
	}
	pthread_rwlock_unlock(&lock);
}

/* ---- The built-in kobjects ---- */

static struct kobject builtin[] = {
	{ .name = "kernel", .kref = 1 }, { .name = "mm", .kref = 1 },
	{ .name = "fs", .kref = 1 }, { .name = "firmware", .kref = 1 },
	{ .name = "hypervisor", .kref = 1 }, { .name = "power", .kref = 1 },
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
		add_entry(builtin[i].name, S_IFDIR | 0755, &builtin[i], NULL, false);
}

static void setup(void)
{
	pthread_once(&builtin_once, add_builtin);
}

/* ---- kobjects ---- */

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

/* kobject_create's: the kobject and its name freed with it. */
static void dynamic_kobj_release(struct kobject *kobj)
{
	kfree(kobj->name);
	kfree(kobj);
}

static const struct kobj_type dynamic_kobj_ktype = {
	.release = dynamic_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
};

void kobject_init(struct kobject *kobj, const struct kobj_type *ktype)
{
	if (!kobj || !ktype) {
		kapi_warn("kobject: %p: no kobject or ktype\n", (void *)kobj);
		return;
	}
	memset(kobj, 0, sizeof(*kobj));
	kapi_list_init(&kobj->entry);
	kobj->kref = 1;
	kobj->ktype = ktype;
	kobj->state_initialized = 1;
}
EXPORT_SYMBOL(kobject_init);

static int kobject_add_varg(struct kobject *kobj, struct kobject *parent,
			    const char *fmt, va_list ap)
{
	char path[KOBJ_PATH_MAX];
	char *name;
	int err;

	if (!kobj->state_initialized) {
		kapi_warn("kobject '%s' (%p): tried to add an uninitialized object\n",
			  kobj->name ? kobj->name : "", (void *)kobj);
		return -EINVAL;
	}
	name = kvasprintf(GFP_KERNEL, fmt, ap);
	if (!name)
		return -ENOMEM;
	kfree(kobj->name);
	kobj->name = name;
	kobj->parent = parent;
	if (parent)
		__atomic_add_fetch(&parent->kref, 1, __ATOMIC_SEQ_CST);
	setup();
	err = kobj_path(kobj, path, sizeof(path));
	if (!err)
		err = add_entry(path, S_IFDIR | 0755, kobj, NULL, false);
	if (err) {
		if (parent)
			__atomic_sub_fetch(&parent->kref, 1, __ATOMIC_SEQ_CST);
		kobj->parent = NULL;
		return err;
	}
	kobj->state_in_sysfs = 1;
	return 0;
}

int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...)
{
	va_list ap;
	int err;

	if (!kobj)
		return -EINVAL;
	va_start(ap, fmt);
	err = kobject_add_varg(kobj, parent, fmt, ap);
	va_end(ap);
	return err;
}
EXPORT_SYMBOL(kobject_add);

int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype,
			 struct kobject *parent, const char *fmt, ...)
{
	va_list ap;
	int err;

	kobject_init(kobj, ktype);
	va_start(ap, fmt);
	err = kobject_add_varg(kobj, parent, fmt, ap);
	va_end(ap);
	return err;
}
EXPORT_SYMBOL(kobject_init_and_add);

struct kobject *kobject_create_and_add(const char *name, struct kobject *parent)
{
	struct kobject *kobj = __kmalloc(sizeof(*kobj), GFP_KERNEL | __GFP_ZERO);

	if (!kobj)
		return NULL;
	kobject_init(kobj, &dynamic_kobj_ktype);
	if (kobject_add(kobj, parent, "%s", name)) {
		kapi_printk(KERN_WARNING "kobject_create_and_add: kobject_add error\n");
		kobject_put(kobj);
		return NULL;
	}
	return kobj;
}
EXPORT_SYMBOL(kobject_create_and_add);

struct kobject *kobject_get(struct kobject *kobj)
{
	if (kobj)
		__atomic_add_fetch(&kobj->kref, 1, __ATOMIC_SEQ_CST);
	return kobj;
}
EXPORT_SYMBOL(kobject_get);

/* Out of sysfs: the directory, its files and groups, gone. */
void kobject_del(struct kobject *kobj)
{
	char path[KOBJ_PATH_MAX];
	struct kobject *parent;

	if (!kobj || !kobj->state_in_sysfs)
		return;
	if (!kobj_path(kobj, path, sizeof(path)))
		remove_tree(path);
	kobj->state_in_sysfs = 0;
	parent = kobj->parent;
	kobj->parent = NULL;
	kobject_put(parent);
}
EXPORT_SYMBOL(kobject_del);

struct release_call {
	void (*release)(struct kobject *kobj);
	struct kobject *kobj;
};

static void run_release(void *p)
{
	struct release_call *c = p;

	c->release(c->kobj);
}

/* The last reference: out of sysfs, then the ktype's release (the
 * module's, under the guard), as kobject_cleanup. */
void kobject_put(struct kobject *kobj)
{
	struct release_call c;

	if (!kobj || __atomic_sub_fetch(&kobj->kref, 1, __ATOMIC_SEQ_CST))
		return;
	if (kobj >= builtin && kobj < builtin + sizeof(builtin) / sizeof(builtin[0]))
		return;
	kobject_del(kobj);
	c.release = kobj->ktype ? kobj->ktype->release : NULL;
	c.kobj = kobj;
	if (!c.release) {
		kapi_printk(KERN_ERR "kobject: '%s' (%p): does not have a release() function, it is broken and must be fixed.\n",
			    kobj->name ? kobj->name : "", (void *)kobj);
		return;
	}
	kapi_call_module(c.release, "kobject release", run_release, &c);
}
EXPORT_SYMBOL(kobject_put);

/* ---- Attributes and groups ---- */

static int add_attr(struct kobject *kobj, const char *group,
		    struct attribute *attr, unsigned short mode)
{
	char path[KOBJ_PATH_MAX], file[KOBJ_PATH_MAX + 128];

	if (!kobj || !kobj->state_in_sysfs || !attr || !attr->name)
		return -EINVAL;
	if (kobj_path(kobj, path, sizeof(path)))
		return -ENOENT;
	snprintf(file, sizeof(file), group ? "%s/%s/%s" : "%s/%s", path,
		 group ? group : attr->name, attr->name);
	return add_entry(file, S_IFREG | (mode & 0777), kobj, attr, false);
}

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

struct visible_call {
	const struct attribute_group *grp;
	struct kobject *kobj;
	struct attribute *attr;
	int i;
	unsigned short mode;
};

static void run_is_visible(void *p)
{
	struct visible_call *c = p;

	c->mode = c->grp->is_visible(c->kobj, c->attr, c->i);
}

/* create_files' rule: is_visible may hide an attribute (0) or give
 * it another mode. */
static int group_attr_mode(const struct attribute_group *grp,
			   struct kobject *kobj, struct attribute *attr, int i)
{
	struct visible_call c = { grp, kobj, attr, i, attr->mode };

	if (grp->is_visible &&
	    kapi_call_module(grp->is_visible, "is_visible", run_is_visible, &c))
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
		err = add_entry(path, S_IFDIR | 0755, kobj, NULL, true);
		if (err)
			return err;
	}
	for (i = 0; grp->attrs && grp->attrs[i] && !err; i++) {
		int mode = group_attr_mode(grp, kobj, grp->attrs[i], i);

		if (mode)
			err = add_attr(kobj, grp->name, grp->attrs[i], mode);
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

/* ---- The host's side ---- */

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

/* With the registry held for reading: the entry stays while its
 * handler runs. */
static long call_attr(const char *path, bool store, char *buf, size_t len)
{
	struct attr_call c = { .buf = buf, .len = len, .ret = -ENOENT };
	int err;

	pthread_rwlock_rdlock(&lock);
	c.e = find(path);
	if (!c.e || !c.e->attr) {
		pthread_rwlock_unlock(&lock);
		return c.e ? -EISDIR : -ENOENT;
	}
	c.ops = c.e->kobj->ktype ? c.e->kobj->ktype->sysfs_ops : NULL;
	if (!c.ops || !(store ? (void *)c.ops->store : (void *)c.ops->show)) {
		pthread_rwlock_unlock(&lock);
		return -EIO;
	}
	err = kapi_call_module(store ? (void *)c.ops->store : (void *)c.ops->show,
			       store ? "store" : "show",
			       store ? run_store : run_show, &c);
	pthread_rwlock_unlock(&lock);
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
