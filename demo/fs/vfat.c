// SPDX-License-Identifier: MIT
/*
 * vfat.c - long file names on the FAT core, after Linux's fs/fat/namei_vfat.c.
 *
 * A long name is stored in slots before the file's 8.3 entry, last part
 * first: each slot holds 13 UTF-16 units, its place in the name, and a
 * checksum of the 8.3 name it belongs to.  A run of slots that is out of
 * order or whose checksum does not match is an orphan, left by a
 * filesystem that knew nothing of long names: the 8.3 name is used, in
 * the case its NT bits say.  A file answers to its long name and to its
 * 8.3 alias, without regard to ASCII case.
 */
#include <errno.h>
#include <string.h>
#include <umod/module.h>

#include "fat.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VFAT filesystem: FAT with long file names");
MODULE_ALIAS_FS("vfat");

#define LFN_LAST	0x40		/* on the first slot: the name's last part */
#define LFN_CHARS	13

/* The 8.3 name's checksum every slot carries. */
static unsigned char lfn_checksum(const unsigned char *de)
{
	unsigned char sum = 0;

	for (int i = 0; i < 11; i++)
		sum = ((sum & 1) << 7) + (sum >> 1) + de[i];
	return sum;
}

/* Slots N|LAST, N-1, ..., 1, all for this 8.3 name. */
static bool lfn_valid(const struct fat_entry *e)
{
	unsigned char sum = lfn_checksum(e->de);
	int n = e->nslots;

	if (!n || e->slots[0][0] != (LFN_LAST | n))
		return false;
	for (int i = 0; i < n; i++) {
		const unsigned char *s = e->slots[i];

		if ((s[0] & 0x1f) != n - i || s[13] != sum || s[12] || s[26] || s[27])
			return false;
	}
	return true;
}

/* The i-th UTF-16 unit of the name: slot n-1-i/13 in disk order. */
static unsigned int lfn_unit(const struct fat_entry *e, int i)
{
	static const unsigned char at[LFN_CHARS] = {
		1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30
	};
	const unsigned char *s = e->slots[e->nslots - 1 - i / LFN_CHARS];
	const unsigned char *p = s + at[i % LFN_CHARS];

	return p[0] | p[1] << 8;
}

static size_t put_utf8(char *out, unsigned int c)
{
	if (c < 0x80) {
		out[0] = c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = 0xc0 | c >> 6;
		out[1] = 0x80 | (c & 0x3f);
		return 2;
	}
	if (c < 0x10000) {
		out[0] = 0xe0 | c >> 12;
		out[1] = 0x80 | (c >> 6 & 0x3f);
		out[2] = 0x80 | (c & 0x3f);
		return 3;
	}
	out[0] = 0xf0 | c >> 18;
	out[1] = 0x80 | (c >> 12 & 0x3f);
	out[2] = 0x80 | (c >> 6 & 0x3f);
	out[3] = 0x80 | (c & 0x3f);
	return 4;
}

/* UTF-16 to UTF-8, surrogate pairs joined; a lone surrogate shows as
 * U+FFFD. */
static int lfn_name(const struct fat_entry *e, char *buf, size_t len)
{
	int units = e->nslots * LFN_CHARS;
	size_t n = 0;

	for (int i = 0; i < units; i++) {
		unsigned int c = lfn_unit(e, i);

		if (c == 0)
			break;
		if (c >= 0xd800 && c < 0xdc00 && i + 1 < units) {
			unsigned int lo = lfn_unit(e, i + 1);

			if (lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i++;
			}
		}
		if (c >= 0xd800 && c < 0xe000)
			c = 0xfffd;
		if (n + 4 >= len)
			return 0;
		n += put_utf8(buf + n, c);
	}
	buf[n] = '\0';
	return (int)n;
}

static int short_name(const struct fat_entry *e, char *buf, size_t len)
{
	return fat_short_name(e->de, buf, len, e->de[12] & CASE_LOWER_BASE,
			      e->de[12] & CASE_LOWER_EXT);
}

static int vfat_name(const struct fat_entry *e, char *buf, size_t len)
{
	int n = lfn_valid(e) ? lfn_name(e, buf, len) : 0;

	return n ? n : short_name(e, buf, len);
}

static bool vfat_match(const struct fat_entry *e, const char *name)
{
	char buf[1024];

	if (lfn_valid(e) && lfn_name(e, buf, sizeof(buf)) &&
	    fat_name_eq(buf, name))
		return true;
	return short_name(e, buf, sizeof(buf)) && fat_name_eq(buf, name);
}

static const struct fat_name_ops vfat_name_ops = {
	.name = vfat_name,
	.match = vfat_match,
};

static int vfat_fill_super(struct super_block *sb, const char *options,
			   int silent)
{
	return fat_fill_super(sb, silent, &vfat_name_ops);
}

static struct file_system_type vfat_fs_type = {
	.name = "vfat",
	.owner = THIS_MODULE,
	.fill_super = vfat_fill_super,
};

static int __init init_vfat_fs(void)
{
	return register_filesystem(&vfat_fs_type);
}

static void __exit exit_vfat_fs(void)
{
	unregister_filesystem(&vfat_fs_type);
}

module_init(init_vfat_fs);
module_exit(exit_vfat_fs);
