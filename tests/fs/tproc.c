// SPDX-License-Identifier: GPL-2.0
/*
 * tproc.c - the teaching /proc files, as a genuine Linux module:
 *
 *	/proc/tproc/		proc_mkdir
 *	/proc/tproc/squares	seq_file's iterator (start, next, stop,
 *				show): a record per line, limit of them
 *	/proc/tproc/limit	single_open, read and written: the number
 *				of squares, kstrtouint_from_user, -EINVAL
 *				for what is not a number, -ERANGE past 100000
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/kernel.h>

static struct proc_dir_entry *dir;
static unsigned int limit = 5;

static void *sq_start(struct seq_file *m, loff_t *pos)
{
	return *pos < limit ? pos : NULL;
}

static void *sq_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return *pos < limit ? pos : NULL;
}

static void sq_stop(struct seq_file *m, void *v)
{
}

static int sq_show(struct seq_file *m, void *v)
{
	unsigned long long n = *(loff_t *)v + 1;

	seq_printf(m, "%llu squared is %llu\n", n, n * n);
	return 0;
}

static const struct seq_operations sq_ops = {
	.start = sq_start,
	.next = sq_next,
	.stop = sq_stop,
	.show = sq_show,
};

static int sq_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &sq_ops);
}

static const struct proc_ops squares_ops = {
	.proc_open = sq_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release,
};

static int limit_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%u\n", limit);
	return 0;
}

static int limit_open(struct inode *inode, struct file *file)
{
	return single_open(file, limit_show, NULL);
}

static ssize_t limit_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *pos)
{
	unsigned int val;
	int err;

	err = kstrtouint_from_user(buf, len, 10, &val);
	if (err)
		return err;
	if (val > 100000)
		return -ERANGE;
	limit = val;
	return len;
}

static const struct proc_ops limit_ops = {
	.proc_open = limit_open,
	.proc_read = seq_read,
	.proc_write = limit_write,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static int __init tproc_init(void)
{
	dir = proc_mkdir("tproc", NULL);
	if (!dir)
		return -ENOMEM;
	if (!proc_create("squares", 0444, dir, &squares_ops) ||
	    !proc_create("limit", 0644, dir, &limit_ops)) {
		proc_remove(dir);
		return -ENOMEM;
	}
	return 0;
}

static void __exit tproc_exit(void)
{
	remove_proc_subtree("tproc", NULL);
}
module_init(tproc_init);
module_exit(tproc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("/proc files through seq_file and single_open");
