// SPDX-License-Identifier: MIT
/*
 * fat.c - the FAT12/16/32 core, after Linux's fs/fat: the boot sector's
 * BIOS parameter block, cluster chains through the allocation table,
 * and the directory walk.  It registers no filesystem: vfat and msdos
 * do, and name the entries it finds.  Everything read from the image is
 * checked before use; chains are bounded by the cluster count, so a
 * loop in the table ends in -EIO, not a hang.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <umod/module.h>

#include "fat.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("FAT12/16/32 core for vfat and msdos");

struct fat_sb {
	const struct fat_name_ops *ops;
	unsigned int bits;		/* 12, 16 or 32 */
	unsigned int sec_size, clus_size;
	uint64_t fat_start;		/* bytes */
	uint64_t fat_len;
	uint64_t root_start;		/* bytes: FAT12/16's fixed root */
	uint32_t root_entries;
	uint32_t root_cluster;		/* FAT32's root */
	uint64_t data_start;		/* bytes: cluster 2 */
	uint32_t clusters;		/* valid clusters: 2 .. clusters + 1 */
};

/* A file or directory: its first cluster; 0 is FAT12/16's fixed root.
 * The last cluster read is kept, so sequential reads walk the chain once. */
struct fat_inode {
	uint32_t start;
	uint32_t cur_index, cur_cluster;
};

static struct fat_sb *FAT_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

static uint16_t le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | (uint32_t)le16(p + 2) << 16;
}

/* ---- Reading the image ---- */

static int read_bytes(struct super_block *sb, uint64_t off, void *buf,
		      size_t len)
{
	unsigned char *out = buf;

	while (len) {
		uint64_t block = off / sb->s_blocksize;
		size_t in = off % sb->s_blocksize;
		size_t n = sb->s_blocksize - in;
		struct buffer_head *bh = sb_bread(sb, block);

		if (!bh)
			return -EIO;
		if (n > len)
			n = len;
		memcpy(out, bh->b_data + in, n);
		brelse(bh);
		out += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* ---- The allocation table ---- */

static bool valid_cluster(const struct fat_sb *f, uint32_t c)
{
	return c >= 2 && c - 2 < f->clusters;
}

static bool end_of_chain(const struct fat_sb *f, uint32_t v)
{
	return v >= (f->bits == 12 ? 0xff8u : f->bits == 16 ? 0xfff8u
							 : 0x0ffffff8u);
}

/* The entry for cluster n: FAT12 packs two entries in three bytes. */
static int fat_entry(struct super_block *sb, uint32_t n, uint32_t *v)
{
	struct fat_sb *f = FAT_SB(sb);
	unsigned char b[4];
	uint64_t off;
	int ret;

	off = f->bits == 12 ? n + n / 2 : (uint64_t)n * (f->bits / 8);
	if (off + f->bits / 8 > f->fat_len)
		return -EIO;
	ret = read_bytes(sb, f->fat_start + off, b, f->bits == 32 ? 4 : 2);
	if (ret)
		return ret;
	if (f->bits == 12)
		*v = n & 1 ? le16(b) >> 4 : le16(b) & 0xfff;
	else if (f->bits == 16)
		*v = le16(b);
	else
		*v = le32(b) & 0x0fffffff;
	return 0;
}

/* The cluster after c: 1 and *next, 0 at the end, -EIO if the table is
 * bad. */
static int next_cluster(struct super_block *sb, uint32_t c, uint32_t *next)
{
	struct fat_sb *f = FAT_SB(sb);
	uint32_t v;
	int ret = fat_entry(sb, c, &v);

	if (ret)
		return ret;
	if (end_of_chain(f, v))
		return 0;
	if (!valid_cluster(f, v)) {
		printk(KERN_ERR "FAT-fs (%s): bad cluster %u after %u\n",
		       sb->s_id, v, c);
		return -EIO;
	}
	*next = v;
	return 1;
}

static uint64_t cluster_offset(const struct fat_sb *f, uint32_t c)
{
	return f->data_start + (uint64_t)(c - 2) * f->clus_size;
}

/* The index-th cluster of the file, from where the last read left off
 * when it can. */
static int seek_cluster(struct super_block *sb, struct fat_inode *fi,
			uint32_t index, uint32_t *cluster)
{
	uint32_t i = 0, c = fi->start;
	int ret;

	if (fi->cur_cluster && fi->cur_index <= index) {
		i = fi->cur_index;
		c = fi->cur_cluster;
	}
	for (; i < index; i++) {
		ret = next_cluster(sb, c, &c);
		if (ret <= 0)
			return ret ? ret : -EIO;	/* shorter than its size */
	}
	if (!valid_cluster(FAT_SB(sb), c))
		return -EIO;
	fi->cur_index = index;
	fi->cur_cluster = c;
	*cluster = c;
	return 0;
}

/* ---- Directories ---- */

#define FAT_MAX_DIR_SIZE	(65536 * FAT_DIRENT_SIZE)	/* Linux's, 2 MiB */

struct fat_walk {
	struct super_block *sb;
	uint32_t cluster;		/* 0: the fixed root */
	uint32_t off;			/* bytes into the cluster or the root */
	uint32_t hops;			/* clusters followed, against loops */
};

static void walk_start(struct fat_walk *w, struct inode *dir)
{
	struct fat_inode *fi = dir->i_private;

	w->sb = dir->i_sb;
	w->cluster = fi->start;
	w->off = 0;
	w->hops = 0;
}

/* The next raw 32-byte entry: 1, 0 at the end, or -errno. */
static int walk_raw(struct fat_walk *w, unsigned char *de)
{
	struct fat_sb *f = FAT_SB(w->sb);
	int ret;

	if (w->cluster && !valid_cluster(f, w->cluster))
		return -EIO;
	if (!w->cluster) {
		if (w->off / FAT_DIRENT_SIZE >= f->root_entries)
			return 0;
		ret = read_bytes(w->sb, f->root_start + w->off, de,
				 FAT_DIRENT_SIZE);
	} else {
		if (w->off == f->clus_size) {
			ret = next_cluster(w->sb, w->cluster, &w->cluster);
			if (ret <= 0)
				return ret;
			/* A chain that loops, or runs past Linux's limit
			 * on a directory's size. */
			if (++w->hops > f->clusters ||
			    (uint64_t)w->hops * f->clus_size >= FAT_MAX_DIR_SIZE)
				return -EIO;
			w->off = 0;
		}
		ret = read_bytes(w->sb, cluster_offset(f, w->cluster) + w->off,
				 de, FAT_DIRENT_SIZE);
	}
	if (ret)
		return ret;
	w->off += FAT_DIRENT_SIZE;
	return 1;
}

static bool is_dot(const unsigned char *de)
{
	return de[0] == '.' && (de[1] == ' ' || (de[1] == '.' && de[2] == ' '));
}

/* The next file's entries: 1, 0 at the end, or -errno.  Deleted entries,
 * volume labels, "." and ".." are passed over; slots that do not lead
 * straight to an 8.3 entry are dropped. */
static int walk_entry(struct fat_walk *w, struct fat_entry *e)
{
	unsigned char de[FAT_DIRENT_SIZE];
	int ret;

	e->nslots = 0;
	while ((ret = walk_raw(w, de)) > 0) {
		if (de[0] == 0x00)
			return 0;		/* nothing used beyond */
		if (de[0] == 0xe5) {
			e->nslots = 0;
			continue;
		}
		if (de[11] == ATTR_LFN) {
			if (e->nslots == FAT_MAX_SLOTS)
				e->nslots = 0;	/* too long to be real */
			memcpy(e->slots[e->nslots++], de, sizeof(de));
			continue;
		}
		if ((de[11] & ATTR_VOLUME) || is_dot(de)) {
			e->nslots = 0;
			continue;
		}
		memcpy(e->de, de, sizeof(de));
		return 1;
	}
	return ret;
}

/* ---- Names ---- */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

bool fat_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}
EXPORT_SYMBOL_GPL(fat_name_eq);

int fat_short_name(const unsigned char *de, char *buf, size_t len,
		   bool lower_base, bool lower_ext)
{
	size_t n = 0;
	int i, end;

	if (len < 13)
		return 0;
	for (end = 8; end > 0 && de[end - 1] == ' '; end--)
		;
	for (i = 0; i < end; i++) {
		/* 0x05 stands for a name that starts with 0xe5 */
		char c = i == 0 && de[0] == 0x05 ? (char)0xe5 : (char)de[i];

		buf[n++] = lower_base ? lower(c) : c;
	}
	for (end = 11; end > 8 && de[end - 1] == ' '; end--)
		;
	if (end > 8)
		buf[n++] = '.';
	for (i = 8; i < end; i++)
		buf[n++] = lower_ext ? lower(de[i]) : (char)de[i];
	buf[n] = '\0';
	return (int)n;
}
EXPORT_SYMBOL_GPL(fat_short_name);

/* ---- Inodes ---- */

static struct inode *fat_iget(struct super_block *sb, const unsigned char *de)
{
	struct fat_sb *f = FAT_SB(sb);
	struct inode *inode = new_inode(sb);
	struct fat_inode *fi = kzalloc(sizeof(*fi), GFP_KERNEL);
	uint32_t start = le16(de + 26);

	if (!inode || !fi) {
		kfree(fi);
		if (inode)
			iput(inode);
		return NULL;
	}
	if (f->bits == 32)
		start |= (uint32_t)le16(de + 20) << 16;
	/* A directory whose entry says cluster 0 is the root. */
	if ((de[11] & ATTR_DIR) && !start && f->bits == 32)
		start = f->root_cluster;
	fi->start = start;
	inode->i_private = fi;
	inode->i_ino = start;
	if (de[11] & ATTR_DIR) {
		inode->i_mode = S_IFDIR | 0755;
	} else {
		inode->i_mode = S_IFREG | (de[11] & ATTR_RO ? 0444 : 0644);
		inode->i_size = le32(de + 28);
	}
	return inode;
}

static int fat_lookup(struct inode *dir, const char *name, struct inode **out)
{
	const struct fat_name_ops *ops = FAT_SB(dir->i_sb)->ops;
	struct fat_entry *e = kmalloc(sizeof(*e), GFP_KERNEL);
	struct fat_walk w;
	int ret;

	if (!e)
		return -ENOMEM;
	walk_start(&w, dir);
	while ((ret = walk_entry(&w, e)) > 0)
		if (ops->match(e, name))
			break;
	if (ret > 0)
		*out = fat_iget(dir->i_sb, e->de);
	kfree(e);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return -ENOENT;
	return *out ? 0 : -ENOMEM;
}

static int fat_iterate(struct inode *dir, struct dir_context *ctx)
{
	const struct fat_name_ops *ops = FAT_SB(dir->i_sb)->ops;
	struct fat_entry *e = kmalloc(sizeof(*e), GFP_KERNEL);
	char *name = kmalloc(1024, GFP_KERNEL);
	struct fat_walk w;
	int ret = -ENOMEM, len;

	if (!e || !name)
		goto out;
	walk_start(&w, dir);
	while ((ret = walk_entry(&w, e)) > 0) {
		const unsigned char *de = e->de;
		bool is_dir = de[11] & ATTR_DIR;

		len = ops->name(e, name, 1024);
		if (len > 0 && ctx->actor(ctx, name, len, le16(de + 26),
					  is_dir ? S_IFDIR | 0755 :
					  S_IFREG | (de[11] & ATTR_RO ? 0444 : 0644),
					  is_dir ? 0 : le32(de + 28)))
			break;
	}
out:
	kfree(name);
	kfree(e);
	return ret < 0 ? ret : 0;
}

static ssize_t fat_read(struct inode *inode, char *buf, size_t len,
			uint64_t pos)
{
	struct fat_sb *f = FAT_SB(inode->i_sb);
	struct fat_inode *fi = inode->i_private;
	size_t done = 0;

	if (pos >= inode->i_size)
		return 0;
	if (len > inode->i_size - pos)
		len = inode->i_size - pos;
	while (done < len) {
		uint64_t at = pos + done;
		uint32_t in = at % f->clus_size, c;
		size_t n = f->clus_size - in;
		int ret = seek_cluster(inode->i_sb, fi, at / f->clus_size, &c);

		if (n > len - done)
			n = len - done;
		if (!ret)
			ret = read_bytes(inode->i_sb, cluster_offset(f, c) + in,
					 buf + done, n);
		if (ret)
			return done ? (ssize_t)done : ret;
		done += n;
	}
	return done;
}

static void fat_evict_inode(struct inode *inode)
{
	kfree(inode->i_private);
}

static void fat_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
}

static const struct super_operations fat_sops = {
	.lookup = fat_lookup,
	.iterate = fat_iterate,
	.read = fat_read,
	.evict_inode = fat_evict_inode,
	.put_super = fat_put_super,
};

/* ---- The boot sector ---- */

static bool power_of_2(unsigned int v)
{
	return v && !(v & (v - 1));
}

#define bogus(...) do { if (!silent) printk(KERN_ERR __VA_ARGS__); return -EINVAL; } while (0)

/* The BIOS parameter block, checked field by field; the FAT type follows
 * from the cluster count, as Microsoft's specification says. */
static int parse_bpb(struct super_block *sb, const unsigned char *b,
		     struct fat_sb *f, int silent)
{
	unsigned int sec = le16(b + 11), spc = b[13], reserved = le16(b + 14);
	unsigned int nfats = b[16], root_entries = le16(b + 17);
	uint32_t total = le16(b + 19) ? le16(b + 19) : le32(b + 32);
	uint32_t fat_size = le16(b + 22) ? le16(b + 22) : le32(b + 36);
	uint32_t root_secs, meta;

	if (b[510] != 0x55 || b[511] != 0xaa)
		bogus("FAT-fs (%s): no boot sector signature\n", sb->s_id);
	if (sec < 512 || sec > 4096 || !power_of_2(sec) || !power_of_2(spc) ||
	    !reserved || !nfats || !fat_size)
		bogus("FAT-fs (%s): bogus BIOS parameter block\n", sb->s_id);
	root_secs = (root_entries * FAT_DIRENT_SIZE + sec - 1) / sec;
	meta = reserved + (uint64_t)nfats * fat_size + root_secs;
	if ((uint64_t)total * sec > sb->s_bdev_size || total <= meta)
		bogus("FAT-fs (%s): %u sectors do not fit the image\n",
		      sb->s_id, total);
	f->sec_size = sec;
	f->clus_size = sec * spc;
	f->clusters = (total - meta) / spc;
	f->bits = f->clusters < 4085 ? 12 : f->clusters < 65525 ? 16 : 32;
	f->fat_start = (uint64_t)reserved * sec;
	f->fat_len = (uint64_t)fat_size * sec;
	f->root_start = f->fat_start + nfats * f->fat_len;
	f->root_entries = root_entries;
	f->data_start = (uint64_t)meta * sec;
	if ((uint64_t)(f->clusters + 2) * f->bits / 8 > f->fat_len)
		bogus("FAT-fs (%s): the table is too short for %u clusters\n",
		      sb->s_id, f->clusters);
	if (f->bits == 32) {
		f->root_cluster = le32(b + 44);
		if (root_entries || !valid_cluster(f, f->root_cluster))
			bogus("FAT-fs (%s): bogus FAT32 root\n", sb->s_id);
	} else if (!root_entries) {
		bogus("FAT-fs (%s): no root directory\n", sb->s_id);
	}
	return 0;
}

int fat_fill_super(struct super_block *sb, int silent,
		   const struct fat_name_ops *ops)
{
	struct fat_sb *f = kzalloc(sizeof(*f), GFP_KERNEL);
	struct fat_inode *fi = kzalloc(sizeof(*fi), GFP_KERNEL);
	struct buffer_head *bh;
	int ret = -ENOMEM;

	if (!f || !fi)
		goto fail;
	f->ops = ops;
	ret = sb_set_blocksize(sb, 512);
	if (ret)
		goto fail;
	bh = sb_bread(sb, 0);
	if (!bh) {
		ret = -EIO;
		goto fail;
	}
	ret = parse_bpb(sb, bh->b_data, f, silent);
	brelse(bh);
	if (ret || (ret = sb_set_blocksize(sb, f->sec_size)))
		goto fail;
	sb->s_fs_info = f;
	sb->s_op = &fat_sops;
	sb->s_root = new_inode(sb);
	if (!sb->s_root) {
		ret = -ENOMEM;
		sb->s_fs_info = NULL;
		goto fail;
	}
	fi->start = f->bits == 32 ? f->root_cluster : 0;
	sb->s_root->i_private = fi;
	sb->s_root->i_ino = 1;
	sb->s_root->i_mode = S_IFDIR | 0755;
	printk(KERN_INFO "FAT-fs (%s): FAT%u, %u clusters of %u bytes\n",
	       sb->s_id, f->bits, f->clusters, f->clus_size);
	return 0;
fail:
	kfree(fi);
	kfree(f);
	return ret;
}
EXPORT_SYMBOL_GPL(fat_fill_super);
