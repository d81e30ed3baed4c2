// SPDX-License-Identifier: MIT
/*
 * vfshost.c - the demo's host: a small VFS whose filesystems are modules
 * loaded on demand.
 *
 * It exports to modules what demo/fs/vfs.h declares: register_filesystem,
 * a buffer cache over image files (sb_bread), inodes, kmalloc.  "mount -t
 * TYPE" finds TYPE among the registered filesystems, and when it is not
 * there asks for module "fs-TYPE" with request_module, as Linux's
 * get_fs_type does: kerneld, or the host itself, runs modprobe, which
 * loads the module and what it depends on through the control socket.  A
 * mount holds a reference on its filesystem's module, so autoclean leaves
 * it alone until the umount, and a sweep after that.
 *
 * Commands come from a script or, interactively, from the terminal:
 * mount, umount, ls, cat, lsmod, and a few to drive a demonstration
 * (echo, sleep, wait-kerneld, ! shell command).  A script's commands are
 * shown as if typed; its lines starting "==" are headings, printed as
 * they are, and "#" starts a comment.  Filesystem calls come
 * from the command loop alone, so the VFS needs no locks of its own
 * beyond the filesystem list, which module init and exit change from the
 * control channel's threads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <umod/linux.h>

#include "fs/vfs.h"

#define BCACHE_SIZE	32		/* blocks each mount keeps */
#define LINE_MAX_LEN	4096

static struct umod_ctx *ctx;
static struct umod_ctl *ctl;

/* ---- Memory ---- */

void *kmalloc(size_t size, gfp_t flags)
{
	return malloc(size ? size : 1);
}
EXPORT_SYMBOL(kmalloc);

void *kzalloc(size_t size, gfp_t flags)
{
	return calloc(1, size ? size : 1);
}
EXPORT_SYMBOL(kzalloc);

void kfree(const void *p)
{
	free((void *)p);
}
EXPORT_SYMBOL(kfree);

/* ---- The buffer cache: each mount's last blocks, over its image ---- */

struct bcache_entry {
	struct buffer_head bh;
	unsigned int refs;
	uint64_t used;			/* for least recently used */
	bool valid;
};

struct vfs_sb {
	struct super_block sb;
	int fd;
	uint64_t tick;
	struct bcache_entry cache[BCACHE_SIZE];
};

static struct vfs_sb *VFS_SB(struct super_block *sb)
{
	return (struct vfs_sb *)sb;	/* sb is its first member */
}

static void bcache_drop(struct vfs_sb *v)
{
	for (int i = 0; i < BCACHE_SIZE; i++) {
		free(v->cache[i].bh.b_data);
		memset(&v->cache[i], 0, sizeof(v->cache[i]));
	}
}

int sb_set_blocksize(struct super_block *sb, unsigned long size)
{
	struct vfs_sb *v = VFS_SB(sb);

	if (size < 512 || size > 65536 || (size & (size - 1)))
		return -EINVAL;
	for (int i = 0; i < BCACHE_SIZE; i++)
		if (v->cache[i].refs)
			return -EBUSY;
	bcache_drop(v);
	sb->s_blocksize = size;
	return 0;
}
EXPORT_SYMBOL(sb_set_blocksize);

/* A free entry to reuse: never read, else the least recently used. */
static struct bcache_entry *bcache_victim(struct vfs_sb *v)
{
	struct bcache_entry *best = NULL;

	for (int i = 0; i < BCACHE_SIZE; i++) {
		struct bcache_entry *e = &v->cache[i];

		if (e->refs)
			continue;
		if (!e->valid)
			return e;
		if (!best || e->used < best->used)
			best = e;
	}
	return best;
}

static int read_block(struct vfs_sb *v, struct bcache_entry *e, uint64_t block)
{
	size_t bs = v->sb.s_blocksize, got = 0;

	if (!e->bh.b_data && !(e->bh.b_data = malloc(bs)))
		return -ENOMEM;
	while (got < bs) {
		ssize_t n = pread(v->fd, e->bh.b_data + got, bs - got,
				  (off_t)(block * bs + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		got += n;
	}
	e->bh.b_blocknr = block;
	e->bh.b_size = bs;
	return 0;
}

struct buffer_head *sb_bread(struct super_block *sb, uint64_t block)
{
	struct vfs_sb *v = VFS_SB(sb);
	struct bcache_entry *e;

	if (!sb->s_blocksize || block >= sb->s_bdev_size / sb->s_blocksize)
		return NULL;
	for (int i = 0; i < BCACHE_SIZE; i++) {
		e = &v->cache[i];
		if (e->valid && e->bh.b_blocknr == block)
			goto hit;
	}
	e = bcache_victim(v);
	if (!e) {
		fprintf(stderr, "vfshost: %s: every cached block is in use\n",
			sb->s_id);
		return NULL;
	}
	e->valid = false;
	if (read_block(v, e, block))
		return NULL;
	e->valid = true;
hit:
	e->refs++;
	e->used = ++v->tick;
	return &e->bh;
}
EXPORT_SYMBOL(sb_bread);

void brelse(struct buffer_head *bh)
{
	if (bh)
		((struct bcache_entry *)bh)->refs--;	/* bh is its first member */
}
EXPORT_SYMBOL(brelse);

/* ---- Inodes ---- */

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = calloc(1, sizeof(*inode));

	if (inode) {
		inode->i_sb = sb;
		inode->i_count = 1;
	}
	return inode;
}
EXPORT_SYMBOL(new_inode);

void iput(struct inode *inode)
{
	if (!inode || --inode->i_count)
		return;
	if (inode->i_sb->s_op && inode->i_sb->s_op->evict_inode)
		inode->i_sb->s_op->evict_inode(inode);
	free(inode);
}
EXPORT_SYMBOL(iput);

/* ---- Filesystems ---- */

static pthread_mutex_t fs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct file_system_type *file_systems;

static struct file_system_type **find_filesystem(const char *name)
{
	struct file_system_type **p;

	for (p = &file_systems; *p; p = &(*p)->next)
		if (!strcmp((*p)->name, name))
			break;
	return p;
}

int register_filesystem(struct file_system_type *fs)
{
	struct file_system_type **p;
	int ret = 0;

	pthread_mutex_lock(&fs_lock);
	p = find_filesystem(fs->name);
	if (*p)
		ret = -EBUSY;
	else
		*p = fs;
	fs->next = NULL;
	pthread_mutex_unlock(&fs_lock);
	return ret;
}
EXPORT_SYMBOL(register_filesystem);

int unregister_filesystem(struct file_system_type *fs)
{
	struct file_system_type **p;

	pthread_mutex_lock(&fs_lock);
	for (p = &file_systems; *p; p = &(*p)->next) {
		if (*p == fs) {
			*p = fs->next;
			pthread_mutex_unlock(&fs_lock);
			return 0;
		}
	}
	pthread_mutex_unlock(&fs_lock);
	return -EINVAL;
}
EXPORT_SYMBOL(unregister_filesystem);

/* The filesystem, with its module pinned; NULL if absent or going. */
static struct file_system_type *grab_filesystem(const char *name)
{
	struct file_system_type *fs;

	pthread_mutex_lock(&fs_lock);
	fs = *find_filesystem(name);
	if (fs && !try_module_get(fs->owner))
		fs = NULL;
	pthread_mutex_unlock(&fs_lock);
	return fs;
}

/* Linux's get_fs_type: what is not there is asked for. */
static struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *fs = grab_filesystem(name);
	int ret;

	if (fs)
		return fs;
	printf("vfshost: no %s filesystem yet: request_module(\"fs-%s\")\n",
	       name, name);
	ret = request_module("fs-%s", name);
	if (ret)
		printf("vfshost: request_module: %s\n", umod_errmsg());
	return grab_filesystem(name);
}

/* ---- Mounts ---- */

struct mount {
	char dir[PATH_MAX];
	char dev[PATH_MAX];
	struct vfs_sb *vsb;
	struct mount *next;
};

static struct mount *mounts;

/* An absolute path without repeated or trailing slashes. */
static int normalize(const char *in, char *out, size_t len)
{
	size_t n = 0;

	if (in[0] != '/')
		return -EINVAL;
	for (const char *p = in; *p; p++) {
		if (*p == '/' && n && out[n - 1] == '/')
			continue;
		if (n + 1 >= len)
			return -ENAMETOOLONG;
		out[n++] = *p;
	}
	if (n > 1 && out[n - 1] == '/')
		n--;
	out[n] = '\0';
	return 0;
}

/* Whether path is dir or beneath it. */
static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return true;
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

/* The mount a path is in: the deepest that holds it. */
static struct mount *mount_of(const char *path)
{
	struct mount *m, *best = NULL;

	for (m = mounts; m; m = m->next)
		if (under(path, m->dir) &&
		    (!best || strlen(m->dir) > strlen(best->dir)))
			best = m;
	return best;
}

static struct mount *mount_at(const char *dir)
{
	struct mount *m;

	for (m = mounts; m; m = m->next)
		if (!strcmp(m->dir, dir))
			return m;
	return NULL;
}

static struct vfs_sb *open_image(const char *image, struct file_system_type *fs)
{
	struct vfs_sb *v = calloc(1, sizeof(*v));
	const char *base = strrchr(image, '/');
	struct stat st;

	if (!v)
		return NULL;
	v->fd = open(image, O_RDONLY | O_CLOEXEC);
	if (v->fd < 0 || fstat(v->fd, &st) < 0) {
		if (v->fd >= 0)
			close(v->fd);
		free(v);
		return NULL;
	}
	v->sb.s_type = fs;
	v->sb.s_bdev_size = st.st_size;
	snprintf(v->sb.s_id, sizeof(v->sb.s_id), "%s", base ? base + 1 : image);
	return v;
}

static void close_image(struct vfs_sb *v)
{
	bcache_drop(v);
	close(v->fd);
	free(v);
}

static void kill_sb(struct vfs_sb *v)
{
	struct super_block *sb = &v->sb;

	iput(sb->s_root);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	close_image(v);
}

/*
 * A filesystem's operations are module code: each runs guarded, so that
 * a fault in one is an oops in the log (umod dmesg) and the operation
 * fails with EFAULT, as a Linux system call would end in an oops, while
 * the host and its other mounts go on.
 */
struct fs_call {
	struct inode *inode;
	const char *name;
	void *out;
	char *buf;
	size_t len;
	uint64_t pos;
	long ret;
};

static void call_fill_super(void *arg)
{
	struct fs_call *c = arg;
	struct super_block *sb = c->out;

	c->ret = sb->s_type->fill_super(sb, "", 0);
}

static void call_lookup(void *arg)
{
	struct fs_call *c = arg;

	c->ret = c->inode->i_sb->s_op->lookup(c->inode, c->name, c->out);
}

static void call_iterate(void *arg)
{
	struct fs_call *c = arg;

	c->ret = c->inode->i_sb->s_op->iterate(c->inode, c->out);
}

static void call_read(void *arg)
{
	struct fs_call *c = arg;

	c->ret = c->inode->i_sb->s_op->read(c->inode, c->buf, c->len, c->pos);
}

static long fs_guarded(struct file_system_type *fs, const char *what,
		       void (*fn)(void *), struct fs_call *c)
{
	int ret;

	if (!fs->owner) {	/* the host's own */
		fn(c);
		return c->ret;
	}
	ret = umod_call_guarded(fs->owner, what, fn, c);
	return ret ? ret : c->ret;
}

static int do_mount(const char *type, const char *image, const char *dir_in)
{
	struct file_system_type *fs;
	struct mount *m;
	char dir[PATH_MAX];
	int ret;

	if (normalize(dir_in, dir, sizeof(dir)))
		return printf("mount: %s: not an absolute path\n", dir_in), 1;
	if (mount_at(dir))
		return printf("mount: %s: already mounted\n", dir), 1;
	fs = get_fs_type(type);
	if (!fs)
		return printf("mount: unknown filesystem type '%s'\n", type), 1;
	m = calloc(1, sizeof(*m));
	if (!m || !(m->vsb = open_image(image, fs))) {
		printf("mount: %s: cannot open %s: %s\n", dir, image,
		       m ? strerror(errno) : "out of memory");
		goto fail;
	}
	ret = fs_guarded(fs, "fill_super", call_fill_super,
			 &(struct fs_call){ .out = &m->vsb->sb });
	if (!ret && !m->vsb->sb.s_root)
		ret = -EINVAL;
	if (ret) {
		printf("mount: %s: cannot mount %s as %s: %s\n", dir, image,
		       type, strerror(-ret));
		kill_sb(m->vsb);
		m->vsb = NULL;
		goto fail;
	}
	snprintf(m->dir, sizeof(m->dir), "%s", dir);
	snprintf(m->dev, sizeof(m->dev), "%s", image);
	m->next = mounts;
	mounts = m;
	return 0;
fail:
	free(m);
	module_put(fs->owner);
	return 1;
}

static void unmount(struct mount *m)
{
	struct file_system_type *fs = m->vsb->sb.s_type;

	kill_sb(m->vsb);
	module_put(fs->owner);	/* the module may go now */
	free(m);
}

static int do_umount(const char *dir_in)
{
	struct mount **p;
	char dir[PATH_MAX];

	if (normalize(dir_in, dir, sizeof(dir)))
		return printf("umount: %s: not an absolute path\n", dir_in), 1;
	for (p = &mounts; *p; p = &(*p)->next) {
		struct mount *m = *p;

		if (strcmp(m->dir, dir))
			continue;
		*p = m->next;
		unmount(m);
		return 0;
	}
	return printf("umount: %s: not mounted\n", dir), 1;
}

/* The inode at path, with a reference, found component by component
 * from the root of the mount that holds it. */
static int path_lookup(const char *path, struct inode **out)
{
	char norm[PATH_MAX], *save, *comp;
	struct inode *inode;
	struct mount *m;
	int ret;

	if ((ret = normalize(path, norm, sizeof(norm))))
		return ret;
	if (!(m = mount_of(norm)))
		return -ENOENT;
	inode = m->vsb->sb.s_root;
	inode->i_count++;
	for (comp = strtok_r(norm + strlen(m->dir), "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		struct inode *child;

		if (!strcmp(comp, "."))
			continue;
		if (!S_ISDIR(inode->i_mode))
			ret = -ENOTDIR;
		else
			ret = fs_guarded(inode->i_sb->s_type, "lookup", call_lookup,
					 &(struct fs_call){ .inode = inode, .name = comp,
							    .out = &child });
		iput(inode);
		if (ret)
			return ret;
		inode = child;
	}
	*out = inode;
	return 0;
}

/* ---- ls and cat ---- */

struct listing {
	struct dir_context ctx;
	struct entry {
		char *name;
		mode_t mode;
		uint64_t size;
	} *e;
	size_t n, cap;
};

static int add_entry(struct listing *l, const char *name, int len,
		     mode_t mode, uint64_t size)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct entry *e = realloc(l->e, cap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		l->e = e;
		l->cap = cap;
	}
	l->e[l->n] = (struct entry){ strndup(name, len), mode, size };
	return l->e[l->n++].name ? 0 : -ENOMEM;
}

static int fill(struct dir_context *ctx, const char *name, int len,
		uint64_t ino, mode_t mode, uint64_t size)
{
	return add_entry((struct listing *)ctx, name, len, mode, size);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static void mode_string(mode_t mode, char *s)
{
	static const char rwx[] = "rwxrwxrwx";

	s[0] = S_ISDIR(mode) ? 'd' : '-';
	for (int i = 0; i < 9; i++)
		s[i + 1] = mode & (0400 >> i) ? rwx[i] : '-';
	s[10] = '\0';
}

static void print_listing(struct listing *l)
{
	char mode[11];

	qsort(l->e, l->n, sizeof(*l->e), by_name);
	for (size_t i = 0; i < l->n; i++) {
		mode_string(l->e[i].mode, mode);
		printf("%s %10llu  %s\n", mode, (unsigned long long)l->e[i].size,
		       l->e[i].name);
	}
}

static void free_listing(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->e[i].name);
	free(l->e);
}

/* A path above the mounts lists the mount points beneath it. */
static int list_mount_points(const char *path, struct listing *l)
{
	char norm[PATH_MAX];
	struct mount *m;

	if (normalize(path, norm, sizeof(norm)))
		return -ENOENT;
	for (m = mounts; m; m = m->next) {
		const char *rest = m->dir + (strcmp(norm, "/") ? strlen(norm) : 0);

		if (!under(m->dir, norm) || !strcmp(m->dir, norm) || *rest != '/')
			continue;
		rest++;
		if (!strchr(rest, '/'))
			add_entry(l, rest, strlen(rest), S_IFDIR | 0755, 0);
	}
	return l->n ? 0 : -ENOENT;
}

static int do_ls(const char *path)
{
	struct listing l = { .ctx.actor = fill };
	struct inode *inode = NULL;
	int ret = path_lookup(path, &inode);

	if (ret == -ENOENT && !mount_of(path)) {
		ret = list_mount_points(path, &l);
	} else if (!ret && S_ISDIR(inode->i_mode)) {
		ret = fs_guarded(inode->i_sb->s_type, "iterate", call_iterate,
				 &(struct fs_call){ .inode = inode, .out = &l.ctx });
	} else if (!ret) {
		const char *base = strrchr(path, '/') + 1;

		ret = add_entry(&l, base, strlen(base), inode->i_mode,
				inode->i_size);
	}
	iput(inode);
	if (ret)	/* what a failed walk gathered is not shown */
		printf("ls: cannot access '%s': %s\n", path, strerror(-ret));
	else
		print_listing(&l);
	free_listing(&l);
	return !!ret;
}

static int do_cat(const char *path)
{
	struct inode *inode = NULL;
	char buf[4096];
	uint64_t pos = 0;
	ssize_t n = 0;
	int ret = path_lookup(path, &inode);

	if (!ret && S_ISDIR(inode->i_mode))
		ret = -EISDIR;
	while (!ret && (n = fs_guarded(inode->i_sb->s_type, "read", call_read,
				       &(struct fs_call){ .inode = inode, .buf = buf,
							  .len = sizeof(buf),
							  .pos = pos })) > 0) {
		fwrite(buf, 1, n, stdout);
		pos += n;
	}
	if (n < 0)
		ret = n;
	iput(inode);
	if (ret)
		printf("cat: %s: %s\n", path, strerror(-ret));
	return !!ret;
}

static int do_mounts(void)
{
	for (struct mount *m = mounts; m; m = m->next)
		printf("%s %s %s ro 0 0\n", m->dev, m->dir,
		       m->vsb->sb.s_type->name);
	return 0;
}

static int do_filesystems(void)
{
	pthread_mutex_lock(&fs_lock);
	for (struct file_system_type *fs = file_systems; fs; fs = fs->next)
		printf("\t%s\t(%s)\n", fs->name, module_name(fs->owner));
	pthread_mutex_unlock(&fs_lock);
	return 0;
}

/* ---- The kernel's side: modules, kerneld, the log ---- */

struct users {
	char list[256];
	size_t len;
};

static int add_user(struct module *user, void *arg)
{
	struct users *u = arg;

	if (u->len < sizeof(u->list))
		u->len += snprintf(u->list + u->len, sizeof(u->list) - u->len,
				   "%s%s", u->len ? "," : "", module_name(user));
	return 0;
}

/* One line of lsmod, copied out under the module lock. */
struct modline {
	char name[64];
	size_t size;
	int refcnt;
	struct users users;
	bool autoclean;
};

struct modlist {
	struct modline *l;
	size_t n, cap;
};

static int collect(struct module *mod, void *arg)
{
	struct modlist *l = arg;
	struct umod_module_info info;
	struct modline *line;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct modline *m = realloc(l->l, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		l->l = m;
		l->cap = cap;
	}
	line = &l->l[l->n++];
	umod_module_info(mod, &info);
	snprintf(line->name, sizeof(line->name), "%s", info.name);
	line->size = info.size;
	line->refcnt = info.refcnt;
	line->users = (struct users){ "", 0 };
	umod_for_each_user(mod, add_user, &line->users);
	line->autoclean = umod_module_autoclean(mod);
	return 0;
}

/* lsmod's view from inside, newest first, with lsmod's (autoclean). */
static int do_lsmod(void)
{
	struct modlist l = { 0 };

	umod_for_each_module(ctx, collect, &l);
	printf("Module                  Size  Used by\n");
	for (size_t i = l.n; i-- > 0;)
		printf("%-19s %8zu  %d%s%s%s\n", l.l[i].name, l.l[i].size,
		       l.l[i].refcnt, l.l[i].users.len ? " " : "",
		       l.l[i].users.list, l.l[i].autoclean ? " (autoclean)" : "");
	free(l.l);
	return 0;
}

static int do_wait_kerneld(const char *arg)
{
	double secs = arg ? atof(arg) : 10;
	int pid;

	for (int i = 0; !(pid = umod_kerneld_pid(ctx)) && i < secs * 100; i++)
		usleep(10000);
	if (!pid)
		return printf("vfshost: no kerneld after %g s\n", secs), 1;
	printf("vfshost: kerneld (pid %d) serves this host\n", pid);
	return 0;
}

static int do_sleep(const char *arg)
{
	double secs = arg ? atof(arg) : 1;
	struct timespec ts = { (time_t)secs, (long)((secs - (time_t)secs) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}

/* The host's log: loader messages, printk, kerneld's comings and
 * goings; the control channel keeps them for dmesg and passes them here. */
static int log_level = UMOD_LOG_INFO;

static void print_log(int level, const char *msg, void *arg)
{
	if (level <= log_level)
		printf("kernel: %s\n", msg);
	fflush(stdout);
}

/* printk, for modules: one record, formatted by libumod as Linux does. */
static void printk_to_log(int level, const char *msg, void *arg)
{
	umod_ctl_log(ctl, level, msg);
}

static int announce(struct module *mod, enum module_state state, void *arg)
{
	char msg[128];

	if (state != MODULE_STATE_LIVE)
		return 0;
	snprintf(msg, sizeof(msg), "%s: loaded%s", module_name(mod),
		 umod_module_autoclean(mod) ? " on demand (autoclean)" : "");
	umod_ctl_log(ctl, UMOD_LOG_INFO, msg);
	return 0;
}

/* ---- Commands ---- */

#define MAX_ARGS 8

static int cmd_mount(int argc, char **argv)
{
	if (argc == 1)
		return do_mounts();
	if (argc != 5 || strcmp(argv[1], "-t"))
		return printf("usage: mount -t TYPE IMAGE DIR\n"), 1;
	return do_mount(argv[2], argv[3], argv[4]);
}

static int cmd_umount(int argc, char **argv)
{
	return do_umount(argv[1]);
}

static int cmd_ls(int argc, char **argv)
{
	return do_ls(argc > 1 ? argv[1] : "/");
}

static int cmd_cat(int argc, char **argv)
{
	int ret = 0;

	for (int i = 1; i < argc; i++)
		ret |= do_cat(argv[i]);
	return ret;
}

static int cmd_filesystems(int argc, char **argv)
{
	return do_filesystems();
}

static int cmd_lsmod(int argc, char **argv)
{
	return do_lsmod();
}

static int cmd_autoclean(int argc, char **argv)
{
	int n = umod_autoclean(ctx);

	printf("autoclean: %d module%s removed\n", n, n == 1 ? "" : "s");
	return n < 0;
}

static int cmd_wait_kerneld(int argc, char **argv)
{
	return do_wait_kerneld(argv[1]);
}

static int cmd_sleep(int argc, char **argv)
{
	return do_sleep(argv[1]);
}

static int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	putchar('\n');
	return 0;
}

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int min, max;			/* arguments, the name included */
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{ "mount", 1, 5, cmd_mount, "mount [-t TYPE IMAGE DIR]" },
	{ "umount", 2, 2, cmd_umount, "umount DIR" },
	{ "ls", 1, 2, cmd_ls, "ls [PATH]" },
	{ "cat", 2, MAX_ARGS, cmd_cat, "cat PATH..." },
	{ "filesystems", 1, 1, cmd_filesystems, "filesystems" },
	{ "lsmod", 1, 1, cmd_lsmod, "lsmod" },
	{ "autoclean", 1, 1, cmd_autoclean, "autoclean" },
	{ "wait-kerneld", 1, 2, cmd_wait_kerneld, "wait-kerneld [SECONDS]" },
	{ "sleep", 2, 2, cmd_sleep, "sleep SECONDS" },
	{ "echo", 1, MAX_ARGS, cmd_echo, "echo TEXT" },
	{ "help", 1, 1, cmd_help, "help" },
};

static int cmd_help(int argc, char **argv)
{
	printf("Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		printf("  %s\n", commands[i].usage);
	printf("  ! SHELL COMMAND (UMOD_HOST is this host)\n  quit\n");
	return 0;
}

/* Words split at blanks; double quotes group.  -1 if too many. */
static int split(char *line, char **argv)
{
	int argc = 0;
	char *p = line;

	while (*p) {
		bool quoted;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (argc == MAX_ARGS)
			return -1;
		quoted = *p == '"';
		argv[argc++] = p += quoted;
		while (*p && (quoted ? *p != '"' : *p != ' ' && *p != '\t'))
			p++;
		if (*p)
			*p++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

/* 0 done, 1 failed, -1 quit. */
static int run_line(char *line)
{
	char *argv[MAX_ARGS + 1];
	int argc;

	fflush(stdout);
	if (line[0] == '!') {
		int st = system(line + 1);

		return st != 0;
	}
	argc = split(line, argv);
	if (argc < 0)
		return printf("vfshost: too many words\n"), 1;
	if (argc == 0)
		return 0;
	if (!strcmp(argv[0], "quit") || !strcmp(argv[0], "exit"))
		return -1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++) {
		const struct command *c = &commands[i];

		if (strcmp(c->name, argv[0]))
			continue;
		if (argc < c->min || argc > c->max)
			return printf("usage: %s\n", c->usage), 1;
		return c->run(argc, argv);
	}
	return printf("vfshost: %s: unknown command (try help)\n", argv[0]), 1;
}

/* A script's lines are shown as typed at the prompt. */
static int run_commands(FILE *in, bool interactive)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int failed = 0, ret = 0;
	bool heading = false;

	for (;;) {
		if (interactive) {
			printf("vfs> ");
			fflush(stdout);
		}
		if ((n = getline(&line, &cap, in)) < 0)
			break;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!line[strspn(line, " \t")] || line[strspn(line, " \t")] == '#')
			continue;
		/* A heading, for scripts: a blank line before its first line. */
		if (!strncmp(line, "==", 2)) {
			printf("%s%s\n", heading ? "" : "\n", line);
			heading = true;
			continue;
		}
		heading = false;
		if (!interactive)
			printf("vfs> %s\n", line);
		ret = run_line(line);
		if (ret < 0)
			break;
		failed += ret;
		fflush(stdout);
	}
	if (interactive && n < 0)
		putchar('\n');
	free(line);
	return failed;
}

/* ---- Starting and stopping ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vfshost [options] [SCRIPT]\n"
		"A host with a small VFS; its filesystems are modules, loaded on\n"
		"demand.  Commands come from SCRIPT, else from standard input.\n"
		"Options:\n"
		"  -S, --socket=PATH     the control socket (default: $UMOD_HOST,\n"
		"                        else umod's standard one)\n"
		"  -r, --release=STRING  the release modules are installed under\n"
		"      --modprobe=PATH   the modprobe to run without kerneld\n"
		"      --dirname=DIR     modprobe's root for /lib/modules\n"
		"      --request=MODE    auto (kerneld, else modprobe), kerneld\n"
		"                        or modprobe; default auto\n"
		"      --timeout=SECS    request_module's limit (default 60)\n"
		"  -q, --quiet           print only warnings from the kernel log\n"
		"  -h, --help            show this help\n");
}

struct options {
	const char *socket, *release, *modprobe, *dirname, *script;
	enum umod_request_mode mode;
	unsigned int timeout_ms;
};

static int parse_mode(const char *s, enum umod_request_mode *mode)
{
	static const char *const names[] = { "auto", "kerneld", "modprobe" };

	for (int i = 0; i < 3; i++) {
		if (!strcmp(s, names[i])) {
			*mode = i;
			return 0;
		}
	}
	return -1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_MODPROBE = 256, OPT_DIRNAME, OPT_REQUEST, OPT_TIMEOUT };
	static const struct option opts[] = {
		{ "socket", required_argument, 0, 'S' },
		{ "release", required_argument, 0, 'r' },
		{ "modprobe", required_argument, 0, OPT_MODPROBE },
		{ "dirname", required_argument, 0, OPT_DIRNAME },
		{ "request", required_argument, 0, OPT_REQUEST },
		{ "timeout", required_argument, 0, OPT_TIMEOUT },
		{ "quiet", no_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "S:r:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'S': o->socket = optarg; break;
		case 'r': o->release = optarg; break;
		case OPT_MODPROBE: o->modprobe = optarg; break;
		case OPT_DIRNAME: o->dirname = optarg; break;
		case 'q': log_level = UMOD_LOG_WARNING; break;
		case 'h': usage(stdout); exit(0);
		case OPT_REQUEST:
			if (parse_mode(optarg, &o->mode) == 0)
				break;
			fprintf(stderr, "vfshost: --request: auto, kerneld or modprobe\n");
			return -1;
		case OPT_TIMEOUT:
			o->timeout_ms = atof(optarg) * 1000;
			if (o->timeout_ms)
				break;
			fprintf(stderr, "vfshost: --timeout: seconds, more than 0\n");
			return -1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind + 1 < argc) {
		usage(stderr);
		return -1;
	}
	o->script = argv[optind];
	if (!o->socket)
		o->socket = getenv("UMOD_HOST");
	return 0;
}

static int start_kernel(const struct options *o)
{
	const char *args[] = { "-d", o->dirname, NULL };
	struct umod_ctl_config cc = {
		.size = sizeof(cc),
		.path = o->socket && *o->socket ? o->socket : NULL,
		.release = o->release, .log = print_log,
	};
	struct umod_request_config rc = {
		.size = sizeof(rc), .mode = o->mode, .modprobe = o->modprobe,
		.modprobe_args = o->dirname ? args : NULL,
		.timeout_ms = o->timeout_ms,
	};
	int ret;

	ctx = umod_ctx_new();
	if (!ctx) {
		fprintf(stderr, "vfshost: %s\n", umod_errmsg());
		return -1;
	}
	/* This thread calls into filesystems that others loaded. */
	ret = umod_thread_prepare();
	if (!ret)
		ret = umod_ctl_start(ctx, &cc, &ctl);
	if (ret) {
		fprintf(stderr, "vfshost: cannot start the kernel: %s\n",
			*umod_errmsg() ? umod_errmsg() : strerror(-ret));
		return -1;
	}
	umod_set_printk(printk_to_log, NULL);
	umod_register_notifier(ctx, announce, NULL);
	umod_set_request_config(ctx, &rc);
	/* Tools run from here (! lsmod) reach this host. */
	setenv("UMOD_HOST", umod_ctl_path(ctl), 1);
	printf("vfshost: control socket %s\n", umod_ctl_path(ctl));
	return 0;
}

/* Unmount, let the tools go, then unload what is left, as a shutdown. */
static void stop_kernel(void)
{
	while (mounts) {
		struct mount *m = mounts;

		mounts = m->next;
		unmount(m);
	}
	umod_unregister_notifier(ctx, announce, NULL);
	umod_ctl_stop(ctl);
	ctl = NULL;
	umod_set_printk(NULL, NULL);
	umod_ctx_free(ctx);
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	FILE *in = stdin;
	int failed;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_options(argc, argv, &o))
		return 2;
	if (o.script && !(in = fopen(o.script, "r"))) {
		fprintf(stderr, "vfshost: %s: %s\n", o.script, strerror(errno));
		return 2;
	}
	if (start_kernel(&o))
		return 1;
	failed = run_commands(in, !o.script && isatty(0));
	stop_kernel();
	if (in != stdin)
		fclose(in);
	return failed ? 1 : 0;
}
