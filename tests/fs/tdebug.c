// SPDX-License-Identifier: GPL-2.0
/*
 * tdebug.c - the teaching debugfs files, as a genuine Linux module:
 * /sys/kernel/debug/tdebug/ with a counter (u32, read and written), a
 * register (x8), a flag (bool, read-only) and a subdirectory with an
 * atomic_t.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/atomic.h>

static struct dentry *dir;
static u32 counter = 42;
static u8 reg = 0xa5;
static bool flag = true;
static atomic_t events = ATOMIC_INIT(-3);

static int __init tdebug_init(void)
{
	struct dentry *sub;

	dir = debugfs_create_dir("tdebug", NULL);
	debugfs_create_u32("counter", 0644, dir, &counter);
	debugfs_create_x8("reg", 0600, dir, &reg);
	debugfs_create_bool("flag", 0444, dir, &flag);
	sub = debugfs_create_dir("stats", dir);
	debugfs_create_atomic_t("events", 0644, sub, &events);
	return 0;
}

static void __exit tdebug_exit(void)
{
	debugfs_remove_recursive(dir);
}
module_init(tdebug_init);
module_exit(tdebug_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("debugfs value files");
