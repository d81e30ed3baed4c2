// SPDX-License-Identifier: MIT
/*
 * iso9660.c - CD-ROM images, after Linux's fs/isofs.
 *
 * The primary volume descriptor (sector 16 on) gives the root directory's
 * record; a directory is a run of records that never cross a 2048-byte
 * sector, each naming an extent.  Names are Rock Ridge's NM entries when
 * the image has them (the SUSP "SP" entry in the root's "." says so),
 * else the ISO name shown as Linux's map=normal does: lower case, without
 * the ";1" version and a trailing dot.  Every record is bounds-checked
 * against its sector and every extent against the image.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <umod/module.h>

#include "vfs.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ISO 9660 CD-ROM filesystem, with Rock Ridge names");
MODULE_ALIAS_FS("iso9660");

#define ISO_BLOCK	2048
#define ISO_VD_START	16		/* the first volume descriptor */
#define ISO_VD_MAX	32		/* descriptors looked at */
#define ISO_DR_MIN	33		/* a record's fixed part */
#define ISO_NAME_MAX	255

#define DR_LEN		0
#define DR_EXTENT	2		/* both-endian; little first */
#define DR_SIZE		10
#define DR_FLAGS	25
#define DR_NAME_LEN	32
#define DR_NAME		33
#define FLAG_DIR	0x02

struct iso_sb {
	bool rock;			/* Rock Ridge names */
	unsigned int su_skip;		/* SP's bytes to skip in each SU area */
};

struct iso_inode {
	uint32_t extent;
};

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- Directory records ---- */

/* One record, checked to fit its sector. */
struct iso_rec {
	const unsigned char *p;
	unsigned int len;
};

static bool rec_ok(const unsigned char *p, unsigned int room)
{
	return room >= ISO_DR_MIN && p[DR_LEN] >= ISO_DR_MIN &&
	       p[DR_LEN] <= room && DR_NAME + p[DR_NAME_LEN] <= p[DR_LEN];
}

/* The System Use area: after the name and its pad to an even offset. */
static const unsigned char *su_area(const struct iso_sb *s,
				    const unsigned char *p, unsigned int *len)
{
	unsigned int start = DR_NAME + p[DR_NAME_LEN];

	start += !(p[DR_NAME_LEN] & 1);
	start += s->su_skip;
	if (start >= p[DR_LEN]) {
		*len = 0;
		return p;
	}
	*len = p[DR_LEN] - start;
	return p + start;
}

/* Rock Ridge's name: NM entries, joined while CONTINUE is set.  0 if
 * there is none. */
static int rock_name(const struct iso_sb *s, const unsigned char *p,
		     char *buf, size_t len)
{
	unsigned int left, n = 0;
	const unsigned char *su = su_area(s, p, &left);

	while (left >= 4 && su[2] >= 4 && su[2] <= left) {
		unsigned int elen = su[2];

		if (su[0] == 'N' && su[1] == 'M' && elen >= 5 && !(su[4] & 0x06)) {
			unsigned int part = elen - 5;

			if (n + part >= len)
				return 0;
			memcpy(buf + n, su + 5, part);
			n += part;
			if (!(su[4] & 0x01))
				break;
		}
		if (su[0] == 'S' && su[1] == 'T')
			break;
		su += elen;
		left -= elen;
	}
	buf[n] = '\0';
	return (int)n;
}

/* The ISO name as Linux's map=normal shows it. */
static int iso_name(const unsigned char *p, char *buf, size_t len)
{
	unsigned int n = p[DR_NAME_LEN], i, out = 0;
	const unsigned char *name = p + DR_NAME;

	for (i = 0; i < n && name[i] != ';' && out + 1 < len; i++) {
		char c = name[i];

		buf[out++] = c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
	}
	if (out && buf[out - 1] == '.')
		out--;
	buf[out] = '\0';
	return (int)out;
}

static int rec_name(struct super_block *sb, const unsigned char *p,
		    char *buf, size_t len)
{
	struct iso_sb *s = sb->s_fs_info;
	int n = s->rock ? rock_name(s, p, buf, len) : 0;

	return n ? n : iso_name(p, buf, len);
}

static bool is_dot(const unsigned char *p)
{
	return p[DR_NAME_LEN] == 1 && p[DR_NAME] <= 1;
}

/* Walk dir's records; cb returns non-zero to stop, and that is returned. */
typedef int rec_cb(struct super_block *sb, const unsigned char *p, void *arg);

static int walk_dir(struct inode *dir, rec_cb *cb, void *arg)
{
	struct iso_inode *ii = dir->i_private;
	uint64_t blocks = (dir->i_size + ISO_BLOCK - 1) / ISO_BLOCK;
	int ret = 0;

	for (uint64_t b = 0; b < blocks && !ret; b++) {
		struct buffer_head *bh = sb_bread(dir->i_sb, ii->extent + b);
		unsigned int off = 0;

		if (!bh)
			return -EIO;
		while (!ret && off < ISO_BLOCK && bh->b_data[off]) {
			const unsigned char *p = bh->b_data + off;

			if (!rec_ok(p, ISO_BLOCK - off)) {
				ret = -EIO;
				break;
			}
			if (!is_dot(p))
				ret = cb(dir->i_sb, p, arg);
			off += p[DR_LEN];
		}
		brelse(bh);
	}
	return ret < 0 ? ret : 0;
}

/* ---- Inodes ---- */

static struct inode *iso_iget(struct super_block *sb, const unsigned char *p)
{
	struct inode *inode = new_inode(sb);
	struct iso_inode *ii = kzalloc(sizeof(*ii), GFP_KERNEL);
	uint32_t extent = le32(p + DR_EXTENT), size = le32(p + DR_SIZE);

	if (!inode || !ii) {
		kfree(ii);
		if (inode)
			iput(inode);
		return NULL;
	}
	ii->extent = extent;
	inode->i_private = ii;
	inode->i_ino = extent;
	inode->i_size = size;
	inode->i_mode = p[DR_FLAGS] & FLAG_DIR ? S_IFDIR | 0555 : S_IFREG | 0444;
	/* An extent past the image's end reads as an I/O error later. */
	if ((uint64_t)extent * ISO_BLOCK + size > sb->s_bdev_size)
		printk(KERN_WARNING "ISOFS (%s): extent %u runs past the image\n",
		       sb->s_id, extent);
	return inode;
}

struct lookup {
	const char *name;
	struct inode *found;
	char buf[ISO_NAME_MAX + 1];
};

static bool iso_name_eq(struct super_block *sb, const char *a, const char *b)
{
	struct iso_sb *s = sb->s_fs_info;

	/* Rock Ridge names are POSIX names: case counts. */
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;

		if (!s->rock) {
			x = x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x;
			y = y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y;
		}
		if (x != y)
			return false;
	}
	return *a == *b;
}

static int lookup_cb(struct super_block *sb, const unsigned char *p, void *arg)
{
	struct lookup *l = arg;

	if (!rec_name(sb, p, l->buf, sizeof(l->buf)) ||
	    !iso_name_eq(sb, l->buf, l->name))
		return 0;
	l->found = iso_iget(sb, p);
	return l->found ? 1 : -ENOMEM;
}

static int iso_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct lookup *l = kzalloc(sizeof(*l), GFP_KERNEL);
	int ret;

	if (!l)
		return -ENOMEM;
	l->name = name;
	ret = walk_dir(dir, lookup_cb, l);
	*out = l->found;
	kfree(l);
	if (ret)
		return ret;
	return *out ? 0 : -ENOENT;
}

struct iterate {
	struct dir_context *ctx;
	char buf[ISO_NAME_MAX + 1];
};

static int iterate_cb(struct super_block *sb, const unsigned char *p, void *arg)
{
	struct iterate *it = arg;
	bool is_dir = p[DR_FLAGS] & FLAG_DIR;
	int len = rec_name(sb, p, it->buf, sizeof(it->buf));

	if (!len)
		return 0;
	return it->ctx->actor(it->ctx, it->buf, len, le32(p + DR_EXTENT),
			      is_dir ? S_IFDIR | 0555 : S_IFREG | 0444,
			      is_dir ? 0 : le32(p + DR_SIZE)) ? 1 : 0;
}

static int iso_iterate(struct inode *dir, struct dir_context *ctx)
{
	struct iterate *it = kzalloc(sizeof(*it), GFP_KERNEL);
	int ret;

	if (!it)
		return -ENOMEM;
	it->ctx = ctx;
	ret = walk_dir(dir, iterate_cb, it);
	kfree(it);
	return ret;
}

/* A file is one extent: its bytes follow each other on the image. */
static ssize_t iso_read(struct inode *inode, char *buf, size_t len,
			uint64_t pos)
{
	struct iso_inode *ii = inode->i_private;
	size_t done = 0;

	if (pos >= inode->i_size)
		return 0;
	if (len > inode->i_size - pos)
		len = inode->i_size - pos;
	while (done < len) {
		uint64_t at = pos + done;
		size_t in = at % ISO_BLOCK, n = ISO_BLOCK - in;
		struct buffer_head *bh = sb_bread(inode->i_sb,
						  ii->extent + at / ISO_BLOCK);

		if (!bh)
			return done ? (ssize_t)done : -EIO;
		if (n > len - done)
			n = len - done;
		memcpy(buf + done, bh->b_data + in, n);
		brelse(bh);
		done += n;
	}
	return done;
}

static void iso_evict_inode(struct inode *inode)
{
	kfree(inode->i_private);
}

static void iso_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
}

static const struct super_operations iso_sops = {
	.lookup = iso_lookup,
	.iterate = iso_iterate,
	.read = iso_read,
	.evict_inode = iso_evict_inode,
	.put_super = iso_put_super,
};

/* ---- The volume ---- */

/* The primary volume descriptor's root record, copied to root. */
static int find_pvd(struct super_block *sb, unsigned char *root, int silent)
{
	for (int i = ISO_VD_START; i < ISO_VD_START + ISO_VD_MAX; i++) {
		struct buffer_head *bh = sb_bread(sb, i);
		const unsigned char *d;
		int type;

		if (!bh)
			break;
		d = bh->b_data;
		type = d[0];
		if (memcmp(d + 1, "CD001", 5)) {
			brelse(bh);
			break;
		}
		if (type == 1 && (d[128] | d[129] << 8) == ISO_BLOCK &&
		    rec_ok(d + 156, 34)) {
			memcpy(root, d + 156, 34);
			brelse(bh);
			return 0;
		}
		brelse(bh);
		if (type == 255)
			break;
	}
	if (!silent)
		printk(KERN_ERR "ISOFS (%s): no primary volume descriptor\n",
		       sb->s_id);
	return -EINVAL;
}

/* Rock Ridge is there if the root's "." record starts its System Use
 * area with SUSP's SP entry (BE EF, then the bytes to skip). */
static void detect_rock(struct super_block *sb, struct inode *root)
{
	struct iso_inode *ii = root->i_private;
	struct iso_sb *s = sb->s_fs_info;
	struct buffer_head *bh = sb_bread(sb, ii->extent);
	const unsigned char *p, *su;
	unsigned int len;

	if (!bh)
		return;
	p = bh->b_data;
	if (rec_ok(p, ISO_BLOCK)) {
		su = su_area(s, p, &len);
		if (len >= 7 && su[0] == 'S' && su[1] == 'P' && su[2] >= 7 &&
		    su[4] == 0xbe && su[5] == 0xef) {
			s->rock = true;
			s->su_skip = su[6];
		}
	}
	brelse(bh);
}

static int iso_fill_super(struct super_block *sb, const char *options,
			  int silent)
{
	struct iso_sb *s = kzalloc(sizeof(*s), GFP_KERNEL);
	unsigned char root[34];
	int ret = -ENOMEM;

	if (!s)
		return ret;
	ret = sb_set_blocksize(sb, ISO_BLOCK);
	if (!ret)
		ret = find_pvd(sb, root, silent);
	if (ret) {
		kfree(s);
		return ret;
	}
	sb->s_fs_info = s;
	sb->s_op = &iso_sops;
	sb->s_root = iso_iget(sb, root);
	if (!sb->s_root) {
		sb->s_fs_info = NULL;
		kfree(s);
		return -ENOMEM;
	}
	detect_rock(sb, sb->s_root);
	printk(KERN_INFO "ISOFS (%s): ISO 9660%s\n", sb->s_id,
	       s->rock ? " with Rock Ridge names" : "");
	return 0;
}

static struct file_system_type iso9660_fs_type = {
	.name = "iso9660",
	.owner = THIS_MODULE,
	.fill_super = iso_fill_super,
};

static int __init init_iso9660_fs(void)
{
	return register_filesystem(&iso9660_fs_type);
}

static void __exit exit_iso9660_fs(void)
{
	unregister_filesystem(&iso9660_fs_type);
}

module_init(init_iso9660_fs);
module_exit(exit_iso9660_fs);
