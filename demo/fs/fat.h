/* SPDX-License-Identifier: MIT */
/*
 * fat.h - the FAT core (fat.ko) as the filesystems stacked on it see it,
 * after Linux's fs/fat: fat reads the boot sector, follows cluster chains
 * and walks directories; vfat and msdos decide what the entries are
 * called.
 */
#ifndef DEMO_FAT_H
#define DEMO_FAT_H

#include <stdbool.h>

#include "vfs.h"

#define FAT_DIRENT_SIZE	32
#define FAT_MAX_SLOTS	20		/* 255 UTF-16 units, 13 a slot */

/* Directory entry attributes. */
#define ATTR_RO		0x01
#define ATTR_HIDDEN	0x02
#define ATTR_SYS	0x04
#define ATTR_VOLUME	0x08
#define ATTR_DIR	0x10
#define ATTR_ARCH	0x20
#define ATTR_LFN	0x0f		/* a long-name slot */

/* The NT reserved byte's case bits for 8.3 names. */
#define CASE_LOWER_BASE	0x08
#define CASE_LOWER_EXT	0x10

/* One file's directory entries as the walk met them: its 8.3 entry, and
 * the long-name slots just before it, in disk order. */
struct fat_entry {
	unsigned char de[FAT_DIRENT_SIZE];
	unsigned char slots[FAT_MAX_SLOTS][FAT_DIRENT_SIZE];
	int nslots;
};

struct fat_name_ops {
	/* The name shown for e, NUL-terminated in buf: its length, or 0 to
	 * hide the entry. */
	int (*name)(const struct fat_entry *e, char *buf, size_t len);
	/* Whether e answers to name, as the user spelt it. */
	bool (*match)(const struct fat_entry *e, const char *name);
};

int fat_fill_super(struct super_block *sb, int silent,
		   const struct fat_name_ops *ops);

/* "NAME.EXT" from an 8.3 entry, each part lowercased if asked: the
 * length. */
int fat_short_name(const unsigned char *de, char *buf, size_t len,
		   bool lower_base, bool lower_ext);

/* ASCII letters compare without case, as FAT names do. */
bool fat_name_eq(const char *a, const char *b);

#endif /* DEMO_FAT_H */
