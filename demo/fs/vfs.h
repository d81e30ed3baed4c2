/* SPDX-License-Identifier: MIT */
/*
 * vfs.h - the demo host's VFS (demo/vfshost.c), as its filesystem modules
 * see it: a cut of Linux's <linux/fs.h> and <linux/buffer_head.h>.
 *
 * A filesystem registers a file_system_type; mount finds it by name,
 * asking for module "fs-<name>" when it is not there yet, as Linux's
 * get_fs_type does, and holds a reference on its module while mounted.
 * The filesystem reads its image through sb_bread, a small buffer cache
 * over the image file, and answers lookup, iterate and read on inodes.
 */
#ifndef DEMO_VFS_H
#define DEMO_VFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct module;
struct super_block;
struct inode;

/* ---- Blocks ---- */

struct buffer_head {
	uint64_t b_blocknr;
	size_t b_size;
	unsigned char *b_data;
};

/* The block size reads are in; a power of two, 512 to 65536. */
int sb_set_blocksize(struct super_block *sb, unsigned long size);
/* Block `block` of the image, or NULL past its end or on a read error. */
struct buffer_head *sb_bread(struct super_block *sb, uint64_t block);
void brelse(struct buffer_head *bh);

/* ---- Inodes and directories ---- */

struct inode {
	uint64_t i_ino;
	mode_t i_mode;			/* S_IFDIR or S_IFREG, and permissions */
	uint64_t i_size;
	struct super_block *i_sb;
	void *i_private;		/* the filesystem's */
	unsigned int i_count;		/* the host's */
};

/* Linux's dir_context: actor is called for each entry; non-zero stops. */
struct dir_context;
typedef int (*filldir_t)(struct dir_context *ctx, const char *name, int len,
			 uint64_t ino, mode_t mode, uint64_t size);
struct dir_context {
	filldir_t actor;
};

struct super_operations {
	/* The entry name of dir, as a new inode (new_inode), or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	int (*iterate)(struct inode *dir, struct dir_context *ctx);
	/* Up to len bytes at pos: the count, 0 at the end, or -errno. */
	ssize_t (*read)(struct inode *inode, char *buf, size_t len, uint64_t pos);
	void (*evict_inode)(struct inode *inode);	/* free i_private */
	void (*put_super)(struct super_block *sb);	/* free s_fs_info */
};

struct super_block {
	const struct super_operations *s_op;
	struct file_system_type *s_type;
	struct inode *s_root;
	unsigned long s_blocksize;
	uint64_t s_bdev_size;		/* the image's bytes */
	void *s_fs_info;		/* the filesystem's */
	char s_id[32];			/* the image's name, for messages */
};

/* An inode of sb with i_count 1; the filesystem fills the rest. */
struct inode *new_inode(struct super_block *sb);
void iput(struct inode *inode);

/* ---- Filesystems ---- */

struct file_system_type {
	const char *name;
	struct module *owner;		/* THIS_MODULE */
	/* Read the superblock, set s_op and s_root: 0 or -errno. */
	int (*fill_super)(struct super_block *sb, const char *options,
			  int silent);
	struct file_system_type *next;	/* the host's */
};

int register_filesystem(struct file_system_type *fs);
int unregister_filesystem(struct file_system_type *fs);

/* Linux's name for the alias mount asks modprobe for. */
#define MODULE_ALIAS_FS(name)	MODULE_ALIAS("fs-" name)

/* ---- Memory ---- */

typedef unsigned int gfp_t;
#define GFP_KERNEL	0u

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *p);

#endif /* DEMO_VFS_H */
