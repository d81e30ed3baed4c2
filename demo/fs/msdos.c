// SPDX-License-Identifier: MIT
/*
 * msdos.c - plain 8.3 names on the FAT core, after Linux's
 * fs/fat/namei_msdos.c: long-name slots are ignored, names show in lower
 * case (Linux's default, without "nocase"), and match without regard to
 * case, so "readme.txt", "README.TXT" and "ReadMe.Txt" are one file.
 */
#include <errno.h>
#include <umod/module.h>

#include "fat.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("MS-DOS filesystem: FAT with 8.3 names");
MODULE_ALIAS_FS("msdos");

static int msdos_name(const struct fat_entry *e, char *buf, size_t len)
{
	return fat_short_name(e->de, buf, len, true, true);
}

static bool msdos_match(const struct fat_entry *e, const char *name)
{
	char buf[16];

	return msdos_name(e, buf, sizeof(buf)) && fat_name_eq(buf, name);
}

static const struct fat_name_ops msdos_name_ops = {
	.name = msdos_name,
	.match = msdos_match,
};

static int msdos_fill_super(struct super_block *sb, const char *options,
			    int silent)
{
	return fat_fill_super(sb, silent, &msdos_name_ops);
}

static struct file_system_type msdos_fs_type = {
	.name = "msdos",
	.owner = THIS_MODULE,
	.fill_super = msdos_fill_super,
};

static int __init init_msdos_fs(void)
{
	return register_filesystem(&msdos_fs_type);
}

static void __exit exit_msdos_fs(void)
{
	unregister_filesystem(&msdos_fs_type);
}

module_init(init_msdos_fs);
module_exit(exit_msdos_fs);
