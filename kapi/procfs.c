// SPDX-License-Identifier: MIT
/*
 * procfs.c - the /proc entries modules create (proc_create, proc_mkdir,
 * proc_create_single_data, remove_proc_entry...), and the files a host
 * opens on them (<umod/procfs.h>), run through the module's struct
 * proc_ops as fs/proc/inode.c's proc_reg_* do.
 *
 * As Linux's, an entry does not pin its module: removing it waits for
 * the calls in flight, then releases the files still open on it, whose
 * later reads and writes fail with EIO (proc_entry_rundown).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <umod/procfs.h>

#include "kernel.h"

typedef long long kloff_t;

/* Linux 6.1's struct proc_ops, to proc_ioctl. */
struct proc_ops {
	unsigned int proc_flags;
	int (*proc_open)(void *inode, void *file);
	long (*proc_read)(void *file, char *, size_t, kloff_t *);
	void *proc_read_iter;
	long (*proc_write)(void *file, const char *, size_t, kloff_t *);
	kloff_t (*proc_lseek)(void *file, kloff_t, int);
	int (*proc_release)(void *inode, void *file);
	void *proc_poll;
	long (*proc_ioctl)(void *file, unsigned int, unsigned long);
};
KAPI_LAYOUT(offsetof(struct proc_ops, proc_ioctl) == 64, "proc_ops");

/*
 * One call into the entry's proc_ops, under its module's fault guard
 * (guard.c): an oops in a handler fails that request with -EFAULT.
 */
enum pop { POP_OPEN, POP_READ, POP_WRITE, POP_RELEASE };

struct pop_call {
	const struct proc_ops *ops;
	enum pop op;
	void *inode, *file, *buf;
	size_t len;
	kloff_t *pos;
	long ret;
};

static void run_pop(void *p)
{
	struct pop_call *c = p;

	switch (c->op) {
	case POP_OPEN: c->ret = c->ops->proc_open(c->inode, c->file); break;
	case POP_READ: c->ret = c->ops->proc_read(c->file, c->buf, c->len, c->pos); break;
	case POP_WRITE: c->ret = c->ops->proc_write(c->file, c->buf, c->len, c->pos); break;
	case POP_RELEASE: c->ret = c->ops->proc_release(c->inode, c->file); break;
	}
}

static long call_pop(struct pop_call *c, const void *handler, const char *what)
{
	int err = kapi_call_module(handler, what, run_pop, c);

	return err ? err : c->ret;
}

#define FILE_SIZE	232
#define FILE_INODE	32
#define FILE_COUNT	56
#define FILE_FLAGS	64
#define FILE_MODE	68
#define INODE_SIZE	632
#define INODE_MODE	0
#define INODE_PRIVATE	624
#define FMODE_READ	0x1u
#define FMODE_WRITE	0x2u
#define FMODE_LSEEK	0x4u
#define FMODE_PREAD	0x8u
#define FMODE_PWRITE	0x10u
#define FIELD(p, off, type)	(*(type *)((char *)(p) + (off)))

struct seq_file;
struct seq_operations;
int seq_open(void *file, const struct seq_operations *op);
int seq_release(void *inode, void *file);
void *__seq_open_private(void *file, const struct seq_operations *ops, int psize);
int seq_release_private(void *inode, void *file);
int single_open(void *file, int (*show)(struct seq_file *, void *), void *data);
int single_release(void *inode, void *file);
long seq_read(void *file, char *buf, size_t size, kloff_t *ppos);
kloff_t seq_lseek(void *file, kloff_t offset, int whence);

struct proc_dir_entry {
	struct list_head list;		/* in the parent's children */
	struct list_head children;
	struct list_head openers;
	struct proc_dir_entry *parent;
	char name[64];
	unsigned int mode;		/* S_IFDIR or S_IFREG, and permissions */
	const struct proc_ops *ops;
	void *data;
	int (*single_show)(struct seq_file *, void *);
	const struct seq_operations *seq_ops;	/* proc_create_seq_private's */
	unsigned int state_size;
	unsigned int uid, gid;		/* proc_set_user's owner, kuid_t/kgid_t */
	int in_use;			/* calls in flight */
	int refs;			/* the tree's, and each opener's */
	bool removed;
};

struct umod_procfile {
	struct list_head list;		/* in the entry's openers */
	struct proc_dir_entry *pde;
	void *file;
	void *inode;
	bool closed;			/* released by the entry's removal */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t unused = PTHREAD_COND_INITIALIZER;
static struct proc_dir_entry proc_root = {
	.children = { &proc_root.children, &proc_root.children },
	.mode = S_IFDIR | 0555,
	.refs = 1,
};

#define for_each(pos, head) \
	for (struct list_head *pos = (head)->next; pos != (head); pos = pos->next)
#define pde_of(pos)	((struct proc_dir_entry *)(pos))

/* The names the host's own /proc has: not for modules to take. */
static bool reserved(const struct proc_dir_entry *dir, const char *name)
{
	return dir == &proc_root &&
	       (!strcmp(name, "modules") || !strcmp(name, "kallsyms"));
}

static struct proc_dir_entry *child(struct proc_dir_entry *dir,
				    const char *name, size_t len)
{
	for_each(p, &dir->children)
		if (strlen(pde_of(p)->name) == len &&
		    !memcmp(pde_of(p)->name, name, len))
			return pde_of(p);
	return NULL;
}

/* Linux's xlate_proc_name: "driver/rtc" under dir is rtc in dir's
 * driver; *last is what is left.  Under the lock. */
static struct proc_dir_entry *walk(struct proc_dir_entry *dir,
				   const char *path, const char **last)
{
	const char *slash;

	if (!dir)
		dir = &proc_root;
	while ((slash = strchr(path, '/'))) {
		dir = child(dir, path, slash - path);
		if (!dir || !S_ISDIR(dir->mode))
			return NULL;
		path = slash + 1;
	}
	*last = path;
	return dir;
}

static void put_pde(struct proc_dir_entry *pde)
{
	if (!--pde->refs)
		free(pde);
}

/* Linux's proc_register: a duplicate is refused with its warning. */
static struct proc_dir_entry *add_entry(struct proc_dir_entry *parent,
					const char *path, unsigned int mode,
					const struct proc_ops *ops, void *data)
{
	struct proc_dir_entry *dir, *pde;
	const char *name;

	pde = calloc(1, sizeof(*pde));
	if (!pde)
		return NULL;
	kapi_list_init(&pde->children);
	kapi_list_init(&pde->openers);
	pde->mode = mode;
	pde->ops = ops;
	pde->data = data;
	pde->refs = 1;
	pthread_mutex_lock(&lock);
	dir = walk(parent, path, &name);
	if (!dir || !*name || strlen(name) >= sizeof(pde->name) || dir->removed) {
		pthread_mutex_unlock(&lock);
		kapi_printk(KERN_WARNING "name '%s'\n", path);
		free(pde);
		return NULL;
	}
	if (child(dir, name, strlen(name)) || reserved(dir, name)) {
		pthread_mutex_unlock(&lock);
		kapi_printk(KERN_WARNING "proc_dir_entry '%s/%s' already registered\n",
			    dir == &proc_root ? "" : dir->name, name);
		free(pde);
		return NULL;
	}
	strcpy(pde->name, name);
	pde->parent = dir;
	kapi_list_add_tail(&pde->list, &dir->children);
	pthread_mutex_unlock(&lock);
	return pde;
}

struct proc_dir_entry *proc_create_data(const char *name, unsigned short mode,
					struct proc_dir_entry *parent,
					const struct proc_ops *ops, void *data)
{
	if (!(mode & 0777))
		mode |= 0444;
	return add_entry(parent, name, S_IFREG | (mode & 07777), ops, data);
}
EXPORT_SYMBOL(proc_create_data);

struct proc_dir_entry *proc_create(const char *name, unsigned short mode,
				   struct proc_dir_entry *parent,
				   const struct proc_ops *ops)
{
	return proc_create_data(name, mode, parent, ops, NULL);
}
EXPORT_SYMBOL(proc_create);

static int proc_single_open(void *inode, void *file);

/* proc_create_single_data's files are single_open on the show given. */
static const struct proc_ops proc_single_ops = {
	.proc_open = proc_single_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

struct proc_dir_entry *proc_create_single_data(const char *name,
		unsigned short mode, struct proc_dir_entry *parent,
		int (*show)(struct seq_file *, void *), void *data)
{
	struct proc_dir_entry *pde;

	pde = proc_create_data(name, mode, parent, &proc_single_ops, data);
	if (pde)
		pde->single_show = show;
	return pde;
}
EXPORT_SYMBOL(proc_create_single_data);

/* proc_create_seq_private: seq_open on the entry's seq_operations, with
 * state_size bytes of private state. */
static int proc_seq_open(void *inode, void *file);
static int proc_seq_release(void *inode, void *file);

static const struct proc_ops proc_seq_ops = {
	.proc_open = proc_seq_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = proc_seq_release,
};

struct proc_dir_entry *proc_create_seq_private(const char *name,
		unsigned short mode, struct proc_dir_entry *parent,
		const struct seq_operations *ops, unsigned int state_size,
		void *data)
{
	struct proc_dir_entry *pde;

	pde = proc_create_data(name, mode, parent, &proc_seq_ops, data);
	if (pde) {
		pde->seq_ops = ops;
		pde->state_size = state_size;
	}
	return pde;
}
EXPORT_SYMBOL(proc_create_seq_private);

/*
 * /proc/net's entries (fs/proc/proc_net.c): their files open on the
 * namespace of the directory they are in (PDE_NET: the parent's data),
 * which the private state's first word (struct seq_net_private), or a
 * single_open's data, receives.  Opening one for writing is -EACCES, as
 * these have no write handler.
 */
static int seq_open_net(void *inode, void *file);
static int single_open_net(void *inode, void *file);

static const struct proc_ops proc_net_seq_ops = {
	.proc_open = seq_open_net,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release_private,
};

static const struct proc_ops proc_net_single_ops = {
	.proc_open = single_open_net,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

struct proc_dir_entry *proc_create_net_data(const char *name,
		unsigned short mode, struct proc_dir_entry *parent,
		const struct seq_operations *ops, unsigned int state_size,
		void *data)
{
	struct proc_dir_entry *pde;

	pde = proc_create_data(name, mode, parent, &proc_net_seq_ops, data);
	if (pde) {
		pde->seq_ops = ops;
		pde->state_size = state_size;
	}
	return pde;
}
EXPORT_SYMBOL(proc_create_net_data);

struct proc_dir_entry *proc_create_net_single(const char *name,
		unsigned short mode, struct proc_dir_entry *parent,
		int (*show)(struct seq_file *, void *), void *data)
{
	struct proc_dir_entry *pde;

	pde = proc_create_data(name, mode, parent, &proc_net_single_ops, data);
	if (pde)
		pde->single_show = show;
	return pde;
}
EXPORT_SYMBOL(proc_create_net_single);

struct proc_dir_entry *proc_mkdir_data(const char *name, unsigned short mode,
				       struct proc_dir_entry *parent, void *data);

void proc_set_user(struct proc_dir_entry *de, unsigned int uid, unsigned int gid)
{
	de->uid = uid;
	de->gid = gid;
}
EXPORT_SYMBOL(proc_set_user);

/* proc_net_mkdir's: a directory whose data is its namespace. */
struct proc_dir_entry *_proc_mkdir(const char *name, unsigned short mode,
				   struct proc_dir_entry *parent, void *data,
				   bool force_lookup)
{
	(void)force_lookup;
	return proc_mkdir_data(name, mode, parent, data);
}
EXPORT_SYMBOL(_proc_mkdir);

struct proc_dir_entry *proc_mkdir_data(const char *name, unsigned short mode,
				       struct proc_dir_entry *parent, void *data)
{
	if (!(mode & 0777))
		mode |= 0555;
	return add_entry(parent, name, S_IFDIR | (mode & 07777), NULL, data);
}
EXPORT_SYMBOL(proc_mkdir_data);

struct proc_dir_entry *proc_mkdir_mode(const char *name, unsigned short mode,
				       struct proc_dir_entry *parent)
{
	return proc_mkdir_data(name, mode, parent, NULL);
}
EXPORT_SYMBOL(proc_mkdir_mode);

struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent)
{
	return proc_mkdir_data(name, 0, parent, NULL);
}
EXPORT_SYMBOL(proc_mkdir);

void proc_set_size(struct proc_dir_entry *pde, kloff_t size)
{
	(void)pde, (void)size;	/* sizes are not shown: procfs' are 0 too */
}
EXPORT_SYMBOL(proc_set_size);

/* Linux's proc_entry_rundown, under the lock: wait out the calls in
 * flight, then release every file still open, with the lock dropped
 * around each release, which is module code. */
static void rundown(struct proc_dir_entry *pde)
{
	pde->removed = true;
	while (pde->in_use)
		pthread_cond_wait(&unused, &lock);
	for (;;) {
		struct umod_procfile *f = NULL;

		for_each(p, &pde->openers)
			if (!((struct umod_procfile *)p)->closed)
				f = (struct umod_procfile *)p;
		if (!f)
			break;
		f->closed = true;
		pthread_mutex_unlock(&lock);
		if (pde->ops && pde->ops->proc_release)
			call_pop(&(struct pop_call){ pde->ops, POP_RELEASE, f->inode, f->file },
				 pde->ops->proc_release, "release");
		pthread_mutex_lock(&lock);
	}
}

/* The entry and everything under it, deepest first; under the lock. */
static void remove_tree(struct proc_dir_entry *pde)
{
	while (!kapi_list_empty(&pde->children))
		remove_tree(pde_of(pde->children.next));
	kapi_list_del_init(&pde->list);
	rundown(pde);
	put_pde(pde);
}

static void remove_entry(const char *name, struct proc_dir_entry *parent,
			 bool subtree)
{
	struct proc_dir_entry *dir, *pde = NULL;
	const char *last;

	pthread_mutex_lock(&lock);
	dir = walk(parent, name, &last);
	if (dir)
		pde = child(dir, last, strlen(last));
	if (!pde) {
		pthread_mutex_unlock(&lock);
		kapi_printk(KERN_WARNING "name '%s'\n", name);
		return;
	}
	if (!subtree && !kapi_list_empty(&pde->children))
		kapi_printk(KERN_WARNING "%s: removing non-empty directory '%s', leaking at least '%s'\n",
			    __func__, pde->name, pde_of(pde->children.next)->name);
	remove_tree(pde);
	pthread_mutex_unlock(&lock);
}

void remove_proc_entry(const char *name, struct proc_dir_entry *parent)
{
	remove_entry(name, parent, false);
}
EXPORT_SYMBOL(remove_proc_entry);

int remove_proc_subtree(const char *name, struct proc_dir_entry *parent)
{
	remove_entry(name, parent, true);
	return 0;
}
EXPORT_SYMBOL(remove_proc_subtree);

void proc_remove(struct proc_dir_entry *pde)
{
	if (!pde)
		return;
	pthread_mutex_lock(&lock);
	if (!pde->removed)
		remove_tree(pde);
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(proc_remove);

/* ---- Files, for the host ---- */

static struct proc_dir_entry *lookup(const char *path)
{
	struct proc_dir_entry *dir;
	const char *last;

	while (*path == '/')
		path++;
	if (!*path)
		return &proc_root;
	dir = walk(&proc_root, path, &last);
	return dir ? child(dir, last, strlen(last)) : NULL;
}

int umod_proc_lookup(const char *path, unsigned int *mode)
{
	struct proc_dir_entry *pde;

	pthread_mutex_lock(&lock);
	pde = lookup(path);
	if (pde)
		*mode = pde->mode;
	pthread_mutex_unlock(&lock);
	return pde ? 0 : -ENOENT;
}

int umod_proc_for_each(const char *dir, umod_proc_cb *cb, void *arg)
{
	struct proc_dir_entry *pde;
	int r = -ENOENT;

	pthread_mutex_lock(&lock);
	pde = lookup(dir);
	if (pde && S_ISDIR(pde->mode)) {
		r = 0;
		for_each(p, &pde->children)
			if ((r = cb(pde_of(p)->name, pde_of(p)->mode, arg)))
				break;
	}
	pthread_mutex_unlock(&lock);
	return r;
}

/* Linux's use_pde: false once the entry is going. */
static bool use_pde(struct proc_dir_entry *pde)
{
	bool ok;

	pthread_mutex_lock(&lock);
	ok = !pde->removed;
	if (ok)
		pde->in_use++;
	pthread_mutex_unlock(&lock);
	return ok;
}

static void unuse_pde(struct proc_dir_entry *pde)
{
	pthread_mutex_lock(&lock);
	if (!--pde->in_use && pde->removed)
		pthread_cond_broadcast(&unused);
	pthread_mutex_unlock(&lock);
}

/* Our inodes carry their entry past Linux's struct inode, where
 * proc_inode's container_of would not look: only we read it. */
#define INODE_PDE	INODE_SIZE

static int proc_single_open(void *inode, void *file)
{
	struct proc_dir_entry *pde = FIELD(inode, INODE_PDE,
					   struct proc_dir_entry *);

	return single_open(file, pde->single_show, pde->data);
}

static struct proc_dir_entry *pde_of_inode(void *inode)
{
	return FIELD(inode, INODE_PDE, struct proc_dir_entry *);
}

static int proc_seq_open(void *inode, void *file)
{
	struct proc_dir_entry *pde = pde_of_inode(inode);

	if (!pde->state_size)
		return seq_open(file, pde->seq_ops);
	return __seq_open_private(file, pde->seq_ops, pde->state_size) ?
	       0 : -ENOMEM;
}

static int proc_seq_release(void *inode, void *file)
{
	if (pde_of_inode(inode)->state_size)
		return seq_release_private(inode, file);
	return seq_release(inode, file);
}

static int seq_open_net(void *inode, void *file)
{
	struct proc_dir_entry *pde = pde_of_inode(inode);
	void **net_private;

	if (FIELD(file, FILE_MODE, unsigned int) & FMODE_WRITE)
		return -EACCES;
	if (pde->state_size < sizeof(void *))
		kapi_warn("seq_open_net: state_size %u\n", pde->state_size);
	net_private = __seq_open_private(file, pde->seq_ops, pde->state_size);
	if (!net_private)
		return -ENOMEM;
	*net_private = pde->parent->data;	/* seq_net_private.net */
	return 0;
}

static int single_open_net(void *inode, void *file)
{
	struct proc_dir_entry *pde = pde_of_inode(inode);

	return single_open(file, pde->single_show, pde->parent->data);
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

static void free_procfile(struct umod_procfile *f)
{
	free(f->file);
	free(f->inode);
	free(f);
}

/* Linux's proc_reg_open: the entry in use around the driver's open. */
int umod_proc_open(const char *path, int flags, struct umod_procfile **out)
{
	struct umod_procfile *f;
	struct proc_dir_entry *pde;
	int err = -ENOENT;

	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->file = calloc(1, FILE_SIZE);
	f->inode = calloc(1, INODE_SIZE + sizeof(pde));
	if (!f->file || !f->inode) {
		free_procfile(f);
		return -ENOMEM;
	}
	pthread_mutex_lock(&lock);
	pde = lookup(path);
	if (pde && !S_ISDIR(pde->mode) && !pde->removed) {
		pde->in_use++;
		pde->refs++;
		f->pde = pde;
		kapi_list_add_tail(&f->list, &pde->openers);
		err = 0;
	}
	pthread_mutex_unlock(&lock);
	if (err) {
		free_procfile(f);
		return err;
	}
	FIELD(f->inode, INODE_MODE, unsigned short) = pde->mode;
	FIELD(f->inode, INODE_PRIVATE, void *) = pde->data;	/* pde_data */
	FIELD(f->inode, INODE_PDE, struct proc_dir_entry *) = pde;
	FIELD(f->file, FILE_INODE, void *) = f->inode;
	FIELD(f->file, FILE_COUNT, long) = 1;
	FIELD(f->file, FILE_FLAGS, unsigned int) = flags;
	FIELD(f->file, FILE_MODE, unsigned int) = fmode_of(flags);
	if (pde->ops && pde->ops->proc_open)
		err = call_pop(&(struct pop_call){ pde->ops, POP_OPEN, f->inode, f->file },
			       pde->ops->proc_open, "open");
	unuse_pde(pde);
	if (err) {
		f->closed = true;
		umod_proc_release(f);
		return err;
	}
	*out = f;
	return 0;
}

/* proc_reg_read and proc_reg_write: EIO without a handler, or once the
 * entry is gone. */
long umod_proc_read(struct umod_procfile *f, char *buf, size_t len,
		    long long *pos)
{
	struct proc_dir_entry *pde = f->pde;
	long r = -EIO;

	if (!use_pde(pde))
		return -EIO;
	if (pde->ops && pde->ops->proc_read)
		r = call_pop(&(struct pop_call){ pde->ops, POP_READ, NULL, f->file,
						  buf, len, pos },
			     pde->ops->proc_read, "read");
	unuse_pde(pde);
	return r;
}

long umod_proc_write(struct umod_procfile *f, const char *buf, size_t len,
		     long long *pos)
{
	struct proc_dir_entry *pde = f->pde;
	long r = -EIO;

	if (!use_pde(pde))
		return -EIO;
	if (pde->ops && pde->ops->proc_write)
		r = call_pop(&(struct pop_call){ pde->ops, POP_WRITE, NULL, f->file,
						  (void *)buf, len, pos },
			     pde->ops->proc_write, "write");
	unuse_pde(pde);
	return r;
}

/* proc_reg_release: the driver's release, unless the entry's removal
 * has run it already. */
void umod_proc_release(struct umod_procfile *f)
{
	struct proc_dir_entry *pde = f->pde;
	bool release;

	pthread_mutex_lock(&lock);
	release = !f->closed;
	f->closed = true;
	if (release)
		pde->in_use++;	/* the removal waits for this release */
	pthread_mutex_unlock(&lock);
	if (release && pde->ops && pde->ops->proc_release)
		call_pop(&(struct pop_call){ pde->ops, POP_RELEASE, f->inode, f->file },
			 pde->ops->proc_release, "release");
	if (release)
		unuse_pde(pde);
	pthread_mutex_lock(&lock);
	kapi_list_del_init(&f->list);
	put_pde(pde);
	pthread_mutex_unlock(&lock);
	free_procfile(f);
}
