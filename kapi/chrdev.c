// SPDX-License-Identifier: MIT
/*
 * chrdev.c - character devices: the regions of register_chrdev and
 * alloc_chrdev_region, cdevs, classes and their devices, misc devices,
 * and the files a host opens on them (<umod/chrdev.h>), run through the
 * module's struct file_operations as Linux's chrdev_open and the VFS do.
 *
 * Numbers are Linux's: kdev_t is major << 20 | minor, dynamic majors come
 * from 254 down (CHRDEV_MAJOR_DYN_END..), misc devices are major 10 with
 * dynamic minors from 127 down.  A node exists where Linux's devtmpfs
 * would make one: for device_create and misc_register, named as they ask.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <umod/chrdev.h>

#include "kernel.h"

#define MINORBITS	20
#define MKDEV(ma, mi)	((unsigned int)(ma) << MINORBITS | (mi))
#define MAJOR(dev)	((unsigned int)(dev) >> MINORBITS)
#define MINOR(dev)	((unsigned int)(dev) & ((1u << MINORBITS) - 1))
#define CHRDEV_MAJOR_MAX	512
#define CHRDEV_MAJOR_DYN_END	234
#define CHRDEV_MAJOR_DYN_EXT_START 511
#define CHRDEV_MAJOR_DYN_EXT_END 384
#define MISC_MAJOR		10
#define MISC_DYNAMIC_MINOR	255
#define DYNAMIC_MINORS		128

typedef unsigned int kdev_t;	/* the kernel's, not libc's */
typedef long long kloff_t;

/* Linux 6.1's layouts, x86-64, Debian's config: the fields we touch. */
struct file;
struct inode;
struct file_operations {
	struct module *owner;
	kloff_t (*llseek)(struct file *, kloff_t, int);
	ssize_t (*read)(struct file *, char *, size_t, kloff_t *);
	ssize_t (*write)(struct file *, const char *, size_t, kloff_t *);
	void *read_iter, *write_iter, *iopoll, *iterate, *iterate_shared;
	unsigned int (*poll)(struct file *, void *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	void *compat_ioctl, *mmap;
	unsigned long mmap_supported_flags;
	int (*open)(struct inode *, struct file *);
	void *flush;
	int (*release)(struct inode *, struct file *);
};
KAPI_LAYOUT(offsetof(struct file_operations, poll) == 72, "fops");
KAPI_LAYOUT(offsetof(struct file_operations, open) == 112, "fops");
KAPI_LAYOUT(offsetof(struct file_operations, release) == 128, "fops");

#define FILE_SIZE	232
#define FILE_INODE	32
#define FILE_OP		40
#define FILE_COUNT	56
#define FILE_FLAGS	64
#define FILE_MODE	68
#define FILE_POS	104
#define FILE_PRIVATE	200
#define INODE_SIZE	632
#define INODE_MODE	0
#define INODE_RDEV	76
#define INODE_PRIVATE	624
#define INODE_CDEV	584
#define DEVICE_SIZE	744
#define DEVICE_DRVDATA	120
#define DEVICE_DEVT	652
#define CLASS_SIZE	120
#define CLASS_DEVNODE	48

#define FMODE_READ	0x1u
#define FMODE_WRITE	0x2u
#define FMODE_LSEEK	0x4u
#define FMODE_PREAD	0x8u
#define FMODE_PWRITE	0x10u
#define FMODE_STREAM	0x200000u
#define SEEK_SET	0

struct cdev {
	char kobj[64];
	struct module *owner;
	const struct file_operations *ops;
	struct list_head list;
	kdev_t dev;
	unsigned int count;
};
KAPI_LAYOUT(sizeof(struct cdev) == 104, "cdev");

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
	void *parent;
	void *this_device;
	const void **groups;
	const char *nodename;
	unsigned short mode;
};
KAPI_LAYOUT(sizeof(struct miscdevice) == 80, "miscdevice");

#define FIELD(p, off, type)	(*(type *)((char *)(p) + (off)))

/* A registered range: a region (fops NULL unless register_chrdev's), or
 * a cdev added over it. */
struct range {
	struct list_head list;
	kdev_t first;
	unsigned int count;
	char name[64];
	const struct file_operations *fops;
	struct cdev *cdev;
	bool allocated;		/* a cdev_alloc'd cdev, freed at cdev_del */
};

/* A node, as devtmpfs would make it. */
struct node {
	struct list_head list;
	char name[64];
	kdev_t devt;
	unsigned int mode;
	void *class;
	void *device;
	struct miscdevice *misc;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct list_head regions = { &regions, &regions };
static struct list_head cdevs = { &cdevs, &cdevs };
static struct list_head nodes = { &nodes, &nodes };
static unsigned char misc_minors[DYNAMIC_MINORS];

#define for_each(pos, head) \
	for (struct list_head *pos = (head)->next; pos != (head); pos = pos->next)
#define entry(pos, type)	((type *)(pos))	/* list is each one's first */

static bool overlaps(const struct range *r, kdev_t first, unsigned int count)
{
	return MAJOR(r->first) == MAJOR(first) &&
	       MINOR(first) < MINOR(r->first) + r->count &&
	       MINOR(r->first) < MINOR(first) + count;
}

/* ---- Regions ---- */

static bool major_used(unsigned int major)
{
	for_each(p, &regions)
		if (MAJOR(entry(p, struct range)->first) == major)
			return true;
	return false;
}

/* Linux's find_dynamic_major: 254..234, then 511..384. */
static int find_dynamic_major(void)
{
	int i;

	for (i = 254; i >= CHRDEV_MAJOR_DYN_END; i--)
		if (!major_used(i))
			return i;
	for (i = CHRDEV_MAJOR_DYN_EXT_START; i >= CHRDEV_MAJOR_DYN_EXT_END; i--)
		if (!major_used(i))
			return i;
	return -EBUSY;
}

/* Linux's __register_chrdev_region: major 0 picks one; returns the range
 * or an ERR_PTR. */
static struct range *add_region(unsigned int major, unsigned int baseminor,
				unsigned int count, const char *name)
{
	struct range *r;
	int m = major;

	if (major >= CHRDEV_MAJOR_MAX || !count ||
	    baseminor + count - 1 > MINOR(~0u) || baseminor + count < baseminor) {
		kapi_printk(KERN_ERR "CHRDEV \"%s\" major requested (%u) is greater than the maximum (%d)\n",
		       name, major, CHRDEV_MAJOR_MAX - 1);
		return ERR_PTR(-EINVAL);
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return ERR_PTR(-ENOMEM);
	pthread_mutex_lock(&lock);
	if (!major && (m = find_dynamic_major()) < 0) {
		kapi_printk(KERN_ERR "CHRDEV \"%s\" dynamic allocation region is full\n", name);
		goto busy;
	}
	r->first = MKDEV(m, baseminor);
	r->count = count;
	for_each(p, &regions)
		if (overlaps(entry(p, struct range), r->first, count))
			goto busy;
	snprintf(r->name, sizeof(r->name), "%s", name);
	kapi_list_add_tail(&r->list, &regions);
	pthread_mutex_unlock(&lock);
	return r;
busy:
	pthread_mutex_unlock(&lock);
	free(r);
	return ERR_PTR(-EBUSY);
}

static void del_region(unsigned int major, unsigned int baseminor,
		       unsigned int count)
{
	struct range *found = NULL;

	pthread_mutex_lock(&lock);
	for_each(p, &regions) {
		struct range *r = entry(p, struct range);

		if (r->first == MKDEV(major, baseminor) && r->count == count) {
			found = r;
			kapi_list_del_init(&r->list);
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	free(found);
}

int register_chrdev_region(kdev_t from, unsigned int count, const char *name)
{
	struct range *r = add_region(MAJOR(from), MINOR(from), count, name);

	return (unsigned long)r >= -4095ul ? (int)(long)r : 0;
}
EXPORT_SYMBOL(register_chrdev_region);

int alloc_chrdev_region(kdev_t *dev, unsigned int baseminor, unsigned int count,
			const char *name)
{
	struct range *r = add_region(0, baseminor, count, name);

	if ((unsigned long)r >= -4095ul)
		return (int)(long)r;
	*dev = r->first;
	return 0;
}
EXPORT_SYMBOL(alloc_chrdev_region);

void unregister_chrdev_region(kdev_t from, unsigned int count)
{
	del_region(MAJOR(from), MINOR(from), count);
}
EXPORT_SYMBOL(unregister_chrdev_region);

/* register_chrdev(major, name, fops) is this with 0, 256. */
int __register_chrdev(unsigned int major, unsigned int baseminor,
		      unsigned int count, const char *name,
		      const struct file_operations *fops)
{
	struct range *r = add_region(major, baseminor, count, name);

	if ((unsigned long)r >= -4095ul)
		return (int)(long)r;
	r->fops = fops;		/* set before anyone can open: no lock */
	return major ? 0 : (int)MAJOR(r->first);
}
EXPORT_SYMBOL(__register_chrdev);

void __unregister_chrdev(unsigned int major, unsigned int baseminor,
			 unsigned int count, const char *name)
{
	(void)name;
	del_region(major, baseminor, count);
}
EXPORT_SYMBOL(__unregister_chrdev);

/* ---- cdevs ---- */

void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof(*cdev));
	kapi_list_init(&cdev->list);
	cdev->ops = fops;
}
EXPORT_SYMBOL(cdev_init);

struct cdev *cdev_alloc(void)
{
	struct cdev *cdev = calloc(1, sizeof(*cdev));

	if (cdev)
		kapi_list_init(&cdev->list);
	return cdev;
}
EXPORT_SYMBOL(cdev_alloc);

/* The map Linux's kobj_map keeps: a later cdev over the same numbers
 * takes precedence, as there. */
int cdev_add(struct cdev *cdev, kdev_t dev, unsigned int count)
{
	struct range *r;

	if (!count)
		return -EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	cdev->dev = dev;
	cdev->count = count;
	r->first = dev;
	r->count = count;
	r->cdev = cdev;
	pthread_mutex_lock(&lock);
	kapi_list_add(&r->list, &cdevs);
	pthread_mutex_unlock(&lock);
	return 0;
}
EXPORT_SYMBOL(cdev_add);

void cdev_del(struct cdev *cdev)
{
	struct range *found = NULL;

	pthread_mutex_lock(&lock);
	for_each(p, &cdevs) {
		struct range *r = entry(p, struct range);

		if (r->cdev == cdev) {
			found = r;
			kapi_list_del_init(&r->list);
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	free(found);
}
EXPORT_SYMBOL(cdev_del);

/* ---- Classes and devices ---- */

void *__class_create(struct module *owner, const char *name, void *key)
{
	void *cls = calloc(1, CLASS_SIZE);

	(void)key;
	if (!cls)
		return ERR_PTR(-ENOMEM);
	FIELD(cls, 0, const char *) = name;
	FIELD(cls, 8, struct module *) = owner;
	return cls;
}
EXPORT_SYMBOL(__class_create);

void class_destroy(void *cls)
{
	if (cls && (unsigned long)cls < -4095ul)
		free(cls);
}
EXPORT_SYMBOL(class_destroy);

static bool node_exists(const char *name)
{
	for_each(p, &nodes)
		if (!strcmp(entry(p, struct node)->name, name))
			return true;
	return false;
}

struct devnode_call {
	char *(*devnode)(void *dev, unsigned short *mode);
	void *dev;
	unsigned short mode;
	char *name;
};

static void run_devnode(void *p)
{
	struct devnode_call *c = p;

	c->name = c->devnode(c->dev, &c->mode);
}

/* devtmpfs asks the class's devnode for the node's mode and name, as
 * device_get_devnode does; 0 is devtmpfs' 0600. */
static void class_devnode(struct node *n)
{
	struct devnode_call c = { .dev = n->device };

	if (!n->class || !(c.devnode = FIELD(n->class, CLASS_DEVNODE, void *)))
		return;
	if (kapi_call_module(c.devnode, "devnode", run_devnode, &c))
		return;
	if (c.mode)
		n->mode = c.mode & 07777;
	if (c.name) {
		snprintf(n->name, sizeof(n->name), "%s", c.name);
		kfree(c.name);
	}
}

/* A node and the struct device behind it, whose kobject's name (first)
 * is dev_name's. */
static struct node *add_node(const char *name, kdev_t devt, unsigned int mode,
			     void *cls, struct miscdevice *misc, void *drvdata,
			     int *err)
{
	struct node *n = calloc(1, sizeof(*n));

	*err = -ENOMEM;
	if (!n || !(n->device = calloc(1, DEVICE_SIZE)))
		goto free;
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->devt = devt;
	n->mode = mode;
	n->class = cls;
	n->misc = misc;		/* before the node is seen: find_ops reads it */
	FIELD(n->device, 0, const char *) = n->name;
	FIELD(n->device, DEVICE_DRVDATA, void *) = drvdata;
	FIELD(n->device, DEVICE_DEVT, kdev_t) = devt;
	class_devnode(n);
	*err = -EEXIST;
	pthread_mutex_lock(&lock);
	if (node_exists(n->name)) {
		pthread_mutex_unlock(&lock);
		kapi_printk(KERN_ERR "sysfs: cannot create duplicate filename '/devices/virtual/%s'\n",
		       n->name);
		goto free;
	}
	kapi_list_add_tail(&n->list, &nodes);
	pthread_mutex_unlock(&lock);
	return n;
free:
	if (n)
		free(n->device);
	free(n);
	return NULL;
}

void *device_create(void *cls, void *parent, kdev_t devt, void *drvdata,
		    const char *fmt, ...)
{
	char name[64];
	struct node *n;
	va_list ap;
	int err;

	(void)parent;
	va_start(ap, fmt);
	umod_vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	n = add_node(name, devt, 0600, cls, NULL, drvdata, &err);
	return n ? n->device : ERR_PTR(err);
}
EXPORT_SYMBOL(device_create);

void device_destroy(void *cls, kdev_t devt)
{
	struct node *found = NULL;

	pthread_mutex_lock(&lock);
	for_each(p, &nodes) {
		struct node *n = entry(p, struct node);

		if (n->class == cls && n->devt == devt && !n->misc) {
			found = n;
			kapi_list_del_init(&n->list);
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	if (found)
		free(found->device);
	free(found);
}
EXPORT_SYMBOL(device_destroy);

/* ---- misc devices ---- */

static int misc_take_minor(struct miscdevice *misc)
{
	int i;

	if (misc->minor == MISC_DYNAMIC_MINOR) {
		for (i = 0; i < DYNAMIC_MINORS && misc_minors[i]; i++)
			;
		if (i == DYNAMIC_MINORS)
			return -EBUSY;
		misc_minors[i] = 1;
		misc->minor = DYNAMIC_MINORS - i - 1;
		return 0;
	}
	for_each(p, &nodes) {
		struct node *n = entry(p, struct node);

		if (n->misc && n->misc->minor == misc->minor)
			return -EBUSY;
	}
	return 0;
}

static void misc_put_minor(struct miscdevice *misc, bool dynamic)
{
	int i = DYNAMIC_MINORS - misc->minor - 1;

	if (dynamic && i >= 0 && i < DYNAMIC_MINORS)
		misc_minors[i] = 0;
}

int misc_register(struct miscdevice *misc)
{
	bool dynamic = misc->minor == MISC_DYNAMIC_MINOR;
	struct node *n;
	int err;

	kapi_list_init(&misc->list);
	pthread_mutex_lock(&lock);
	err = misc_take_minor(misc);
	pthread_mutex_unlock(&lock);
	if (err)
		return err;
	n = add_node(misc->nodename ? misc->nodename : misc->name,
		     MKDEV(MISC_MAJOR, misc->minor),
		     misc->mode ? misc->mode : 0600, NULL, misc, misc, &err);
	if (!n) {
		pthread_mutex_lock(&lock);
		misc_put_minor(misc, dynamic);
		pthread_mutex_unlock(&lock);
		if (dynamic)
			misc->minor = MISC_DYNAMIC_MINOR;
		return err;
	}
	misc->this_device = n->device;
	return 0;
}
EXPORT_SYMBOL(misc_register);

void misc_deregister(struct miscdevice *misc)
{
	struct node *found = NULL;

	pthread_mutex_lock(&lock);
	for_each(p, &nodes) {
		struct node *n = entry(p, struct node);

		if (n->misc == misc) {
			found = n;
			kapi_list_del_init(&n->list);
			break;
		}
	}
	if (found)
		misc_put_minor(misc, misc->minor < DYNAMIC_MINORS);
	pthread_mutex_unlock(&lock);
	if (found)
		free(found->device);
	free(found);
}
EXPORT_SYMBOL(misc_deregister);

/* ---- Files, for the host ---- */

/* Linux 6.1's wait queues (wait.c's) and poll_table_struct. */
struct wait_queue_head {
	unsigned int lock;
	struct list_head head;
};

struct wait_queue_entry {
	unsigned int flags;
	void *private;
	int (*func)(struct wait_queue_entry *e, unsigned int mode, int flags,
		    void *key);
	struct list_head entry;
};

void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);

struct umod_devfile;

struct poll_table_struct {
	void (*qproc)(void *file, struct wait_queue_head *wq,
		      struct poll_table_struct *pt);
	unsigned int key;
	struct umod_devfile *f;		/* ours, past Linux's two fields */
};

/* A queue the driver's poll put us on, as fs/select.c's poll_table_entry. */
struct poll_entry {
	struct wait_queue_entry wait;
	struct wait_queue_head *wq;
	struct poll_entry *next;
};

struct umod_devfile {
	void *file;
	void *inode;
	const struct file_operations *fops;
	pthread_mutex_t poll_lock;	/* pollers may come two at a time */
	struct poll_entry *polls;	/* the last poll's queues */
	umod_devpoll_fn *notify, *done;
	void *notify_arg;
	long long vfs_pos;	/* where the kernel's file position is */
};

int umod_dev_for_each_node(umod_devnode_cb *cb, void *arg)
{
	int r = 0;

	pthread_mutex_lock(&lock);
	for_each(p, &nodes) {
		struct node *n = entry(p, struct node);

		r = cb(n->name, n->devt, n->mode, arg);
		if (r)
			break;
	}
	pthread_mutex_unlock(&lock);
	return r;
}

int umod_dev_lookup(const char *name, unsigned int *devt, unsigned int *mode)
{
	int err = -ENOENT;

	pthread_mutex_lock(&lock);
	for_each(p, &nodes) {
		struct node *n = entry(p, struct node);

		if (!strcmp(n->name, name)) {
			*devt = n->devt;
			*mode = n->mode;
			err = 0;
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	return err;
}

/* What chrdev_open and misc_open find for a node: the operations, with
 * their owner pinned, the cdev and the misc device.  -ENXIO for numbers
 * nothing serves, as Linux's. */
static int find_ops(const char *name, struct umod_devfile *f,
		    struct cdev **cdev, struct miscdevice **misc, kdev_t *devt)
{
	const struct file_operations *fops = NULL;
	struct node *node = NULL;

	pthread_mutex_lock(&lock);
	for_each(p, &nodes)
		if (!strcmp(entry(p, struct node)->name, name))
			node = entry(p, struct node);
	if (!node) {
		pthread_mutex_unlock(&lock);
		return -ENOENT;
	}
	*devt = node->devt;
	*misc = node->misc;
	if (node->misc)
		fops = node->misc->fops;
	for_each(p, &cdevs)
		if (!fops && overlaps(entry(p, struct range), node->devt, 1)) {
			*cdev = entry(p, struct range)->cdev;
			fops = (*cdev)->ops;
		}
	for_each(p, &regions)
		if (!fops && overlaps(entry(p, struct range), node->devt, 1))
			fops = entry(p, struct range)->fops;
	/* Pinned under the lock: the owner's exit unregisters under it. */
	if (fops && fops->owner && !try_module_get(fops->owner))
		fops = NULL;
	pthread_mutex_unlock(&lock);
	f->fops = fops;
	return fops ? 0 : -ENXIO;
}

static unsigned int fmode_of(int flags)
{
	unsigned int mode = FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;

	if ((flags & O_ACCMODE) != O_WRONLY)
		mode |= FMODE_READ;
	if ((flags & O_ACCMODE) != O_RDONLY)
		mode |= FMODE_WRITE;
	return mode;
}

/* Off every queue, then the registration handed back: no wake-up can
 * be running once remove_wait_queue has taken each queue's lock. */
static void poll_freewait(struct umod_devfile *f)
{
	while (f->polls) {
		struct poll_entry *e = f->polls;

		f->polls = e->next;
		remove_wait_queue(e->wq, &e->wait);
		free(e);
	}
	if (f->done)
		f->done(f->notify_arg);
	f->notify = f->done = NULL;
	f->notify_arg = NULL;
}

static void free_devfile(struct umod_devfile *f)
{
	if (f->fops && f->fops->owner)
		module_put(f->fops->owner);
	free(f->file);
	free(f->inode);
	free(f);
}

/*
 * One call into the driver, under its module's fault guard (guard.c): an
 * oops in a handler fails that request with -EFAULT, and umodd goes on.
 */
enum fop { FOP_OPEN, FOP_READ, FOP_WRITE, FOP_IOCTL, FOP_POLL, FOP_RELEASE,
	   FOP_LLSEEK };

struct fop_call {
	struct umod_devfile *f;
	enum fop op;
	void *buf;
	size_t len;
	kloff_t *pos;
	unsigned int cmd;
	unsigned long arg;
	struct poll_table_struct *pt;
	long ret;
};

static void run_fop(void *p)
{
	struct fop_call *c = p;
	const struct file_operations *fops = c->f->fops;

	switch (c->op) {
	case FOP_OPEN: c->ret = fops->open(c->f->inode, c->f->file); break;
	case FOP_READ: c->ret = fops->read(c->f->file, c->buf, c->len, c->pos); break;
	case FOP_WRITE: c->ret = fops->write(c->f->file, c->buf, c->len, c->pos); break;
	case FOP_IOCTL: c->ret = fops->unlocked_ioctl(c->f->file, c->cmd, c->arg); break;
	case FOP_POLL: c->ret = fops->poll(c->f->file, c->pt); break;
	case FOP_RELEASE: c->ret = fops->release(c->f->inode, c->f->file); break;
	case FOP_LLSEEK: c->ret = fops->llseek(c->f->file, *c->pos, SEEK_SET); break;
	}
}

static long call_fop(struct fop_call *c, const void *handler, const char *what)
{
	int err = kapi_call_module(handler, what, run_fop, c);

	return err ? err : c->ret;
}

/* do_dentry_open's part: the file and inode the driver sees, and its
 * open.  The fops' owner is pinned already; a failure unpins it. */
static int open_devfile(struct umod_devfile *f, unsigned int imode,
			kdev_t devt, struct cdev *cdev, void *i_private,
			void *private, int flags)
{
	int err = -ENOMEM;

	f->file = calloc(1, FILE_SIZE);
	f->inode = calloc(1, INODE_SIZE);
	if (!f->file || !f->inode)
		goto free;
	FIELD(f->inode, INODE_MODE, unsigned short) = imode;
	FIELD(f->inode, INODE_RDEV, kdev_t) = devt;
	FIELD(f->inode, INODE_PRIVATE, void *) = i_private;
	FIELD(f->inode, INODE_CDEV, struct cdev *) = cdev;
	FIELD(f->file, FILE_INODE, void *) = f->inode;
	FIELD(f->file, FILE_OP, const struct file_operations *) = f->fops;
	FIELD(f->file, FILE_COUNT, long) = 1;
	FIELD(f->file, FILE_FLAGS, unsigned int) = flags;
	FIELD(f->file, FILE_MODE, unsigned int) = fmode_of(flags);
	FIELD(f->file, FILE_PRIVATE, void *) = private;
	err = 0;
	if (f->fops->open)
		err = call_fop(&(struct fop_call){ f, FOP_OPEN }, f->fops->open, "open");
	if (!err)
		return 0;
free:
	free_devfile(f);
	return err;
}

int kapi_fops_open(const struct file_operations *fops, unsigned int imode,
		   void *i_private, int flags, struct umod_devfile **out)
{
	struct umod_devfile *f = calloc(1, sizeof(*f));
	int err;

	if (!f) {
		if (fops->owner)
			module_put(fops->owner);
		return -ENOMEM;
	}
	pthread_mutex_init(&f->poll_lock, NULL);
	f->fops = fops;
	err = open_devfile(f, imode, 0, NULL, i_private, NULL, flags);
	if (!err)
		*out = f;
	return err;
}

int umod_dev_open(const char *name, int flags, struct umod_devfile **out)
{
	struct miscdevice *misc = NULL;
	struct cdev *cdev = NULL;
	struct umod_devfile *f;
	unsigned int mode = 0600;
	kdev_t devt;
	int err;

	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	pthread_mutex_init(&f->poll_lock, NULL);
	err = find_ops(name, f, &cdev, &misc, &devt);
	if (err) {
		free(f);
		return err;
	}
	umod_dev_lookup(name, &devt, &mode);
	/* misc_open hands the driver its miscdevice. */
	err = open_devfile(f, S_IFCHR | (mode & 07777), devt, cdev, NULL, misc,
			   flags);
	if (!err)
		*out = f;
	return err;
}

/* The VFS's lseek, which FUSE does not pass on, as the driver sees it:
 * a read or write away from where the kernel's position would be had
 * nobody seeked (vfs_pos) first seeks there with the driver's llseek (no
 * llseek, or a nonseekable file: -ESPIPE); else it goes on from the
 * driver's own position, which it may not have moved. */
static long seek_to(struct umod_devfile *f, kloff_t pos)
{
	unsigned int mode = FIELD(f->file, FILE_MODE, unsigned int);
	kloff_t p = pos;
	long r;

	if (pos == f->vfs_pos || mode & FMODE_STREAM)
		return 0;
	if (!(mode & FMODE_LSEEK) || !f->fops->llseek)
		return -ESPIPE;
	r = call_fop(&(struct fop_call){ f, FOP_LLSEEK, .pos = &p },
		     f->fops->llseek, "llseek");
	return r < 0 ? r : 0;
}

/* A read or write at *pos (the kernel's), from the driver's position. */
static long call_rw(struct umod_devfile *f, enum fop op, void *buf,
		    size_t len, long long *pos)
{
	const void *handler = op == FOP_READ ? (void *)f->fops->read :
					       (void *)f->fops->write;
	kloff_t p;
	long r;

	if (!handler)
		return -EINVAL;	/* vfs_read's without .read (no read_iter) */
	r = seek_to(f, *pos);
	if (r)
		return r;
	p = FIELD(f->file, FILE_POS, kloff_t);
	r = call_fop(&(struct fop_call){ f, op, buf, len, &p }, handler,
		     op == FOP_READ ? "read" : "write");
	FIELD(f->file, FILE_POS, kloff_t) = p;
	f->vfs_pos = *pos + (r > 0 ? r : 0);
	*pos = p;
	return r;
}

long umod_dev_read(struct umod_devfile *f, char *buf, size_t len, long long *pos)
{
	return call_rw(f, FOP_READ, buf, len, pos);
}

long umod_dev_write(struct umod_devfile *f, const char *buf, size_t len,
		    long long *pos)
{
	return call_rw(f, FOP_WRITE, (void *)buf, len, pos);
}

/* Linux's vfs_ioctl: -ENOTTY without .unlocked_ioctl. */
long umod_dev_ioctl(struct umod_devfile *f, unsigned int cmd, unsigned long arg)
{
	if (!f->fops->unlocked_ioctl)
		return -ENOTTY;
	return call_fop(&(struct fop_call){ f, FOP_IOCTL, .cmd = cmd, .arg = arg },
			f->fops->unlocked_ioctl, "ioctl");
}

/* A wake-up on a queue we wait on: tell the host, once per poll. */
static int poll_wake(struct wait_queue_entry *wait, unsigned int mode,
		     int flags, void *key)
{
	struct umod_devfile *f = wait->private;

	(void)mode, (void)flags, (void)key;
	if (f->notify)
		f->notify(f->notify_arg);
	return 1;
}

static void poll_queue(void *file, struct wait_queue_head *wq,
		       struct poll_table_struct *pt)
{
	struct poll_entry *e = calloc(1, sizeof(*e));

	(void)file;
	if (!e)
		return;		/* as Linux's: the poller is not woken */
	e->wq = wq;
	e->wait.private = pt->f;
	e->wait.func = poll_wake;
	kapi_list_init(&e->wait.entry);
	add_wait_queue(wq, &e->wait);
	e->next = pt->f->polls;
	pt->f->polls = e;
}

/* Linux's vfs_poll: DEFAULT_POLLMASK without .poll. */
unsigned int umod_dev_poll(struct umod_devfile *f, umod_devpoll_fn *notify,
			   umod_devpoll_fn *done, void *arg)
{
	struct poll_table_struct pt = { poll_queue, ~0u, f };
	unsigned int mask;
	long r;

	if (!f->fops->poll) {
		if (done)
			done(arg);
		return 0x145;	/* EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM */
	}
	pthread_mutex_lock(&f->poll_lock);
	poll_freewait(f);
	f->notify = notify;
	f->done = done;
	f->notify_arg = arg;
	r = call_fop(&(struct fop_call){ f, FOP_POLL, .pt = notify ? &pt : NULL },
		     f->fops->poll, "poll");
	mask = r < 0 ? 0x8 : (unsigned int)r;	/* EPOLLERR after an oops */
	pthread_mutex_unlock(&f->poll_lock);
	return mask;
}

void umod_dev_release(struct umod_devfile *f)
{
	pthread_mutex_lock(&f->poll_lock);
	poll_freewait(f);
	pthread_mutex_unlock(&f->poll_lock);
	if (f->fops->release)
		call_fop(&(struct fop_call){ f, FOP_RELEASE }, f->fops->release, "release");
	free_devfile(f);
}
