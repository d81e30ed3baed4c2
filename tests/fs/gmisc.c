// SPDX-License-Identifier: GPL-2.0
/*
 * gmisc.c - a genuine Linux module, built by tests/fs.t with Debian's
 * kernel headers and Kbuild: a misc device that echoes writes through
 * simple_read_from_buffer and counts its opens in a /proc file.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int opens;
static char msg[64] = "genuine\n";
static size_t msg_len = 8;

static int g_open(struct inode *inode, struct file *file)
{
	opens++;
	return 0;
}

static ssize_t g_read(struct file *file, char __user *buf, size_t len, loff_t *pos)
{
	return simple_read_from_buffer(buf, len, pos, msg, msg_len);
}

static ssize_t g_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	if (len > sizeof(msg))
		return -ENOSPC;
	if (copy_from_user(msg, buf, len))
		return -EFAULT;
	msg_len = len;
	return len;
}

static const struct file_operations g_fops = {
	.owner = THIS_MODULE,
	.open = g_open,
	.read = g_read,
	.write = g_write,
	.llseek = noop_llseek,
};

static struct miscdevice g_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "gmisc",
	.fops = &g_fops,
	.mode = 0666,
};

static int g_show(struct seq_file *m, void *v)
{
	seq_printf(m, "gmisc opened %d times\n", opens);
	return 0;
}

static int __init g_init(void)
{
	int err = misc_register(&g_dev);

	if (err)
		return err;
	if (!proc_create_single("gmisc", 0444, NULL, g_show)) {
		misc_deregister(&g_dev);
		return -ENOMEM;
	}
	return 0;
}

static void __exit g_exit(void)
{
	remove_proc_entry("gmisc", NULL);
	misc_deregister(&g_dev);
}
module_init(g_init);
module_exit(g_exit);
MODULE_LICENSE("GPL");
