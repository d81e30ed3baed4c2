// SPDX-License-Identifier: GPL-2.0
/*
 * tdbgfile.c - debugfs files with their own file_operations, as a
 * genuine Linux module: /sys/kernel/debug/tdbgfile/ with a message
 * read and written through simple_read_from_buffer and
 * simple_write_to_buffer (fixed_size_llseek: no seek past its end), a
 * DEFINE_SHOW_ATTRIBUTE file (single_open, seq_printf) counting what
 * the message saw, a write-only _unsafe file in nested directories that
 * removes the message when told "drop", and debugfs_remove_recursive at
 * exit.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#define MSG_SIZE 32

struct tdbg {
	char msg[MSG_SIZE];
	size_t len;
	int opens, releases, writes, seeks;
};

static struct tdbg state = { .msg = "hello debugfs\n", .len = 14 };
static struct dentry *dir, *message;
static char last_word[16];

static int msg_open(struct inode *inode, struct file *file)
{
	struct tdbg *t = inode->i_private;

	t->opens++;
	file->private_data = t;
	return 0;
}

static ssize_t msg_read(struct file *file, char __user *buf, size_t len,
			loff_t *pos)
{
	struct tdbg *t = file->private_data;

	return simple_read_from_buffer(buf, len, pos, t->msg, t->len);
}

/* The whole message is what was written from position 0; more than fits
 * is refused. */
static ssize_t msg_write(struct file *file, const char __user *buf, size_t len,
			 loff_t *pos)
{
	struct tdbg *t = file->private_data;
	ssize_t n;

	if (*pos + len > MSG_SIZE)
		return -ENOSPC;
	n = simple_write_to_buffer(t->msg, MSG_SIZE, pos, buf, len);
	if (n > 0) {
		t->len = *pos;
		t->writes++;
	}
	return n;
}

static loff_t msg_llseek(struct file *file, loff_t off, int whence)
{
	struct tdbg *t = file->private_data;

	t->seeks++;
	return fixed_size_llseek(file, off, whence, t->len);
}

static int msg_release(struct inode *inode, struct file *file)
{
	struct tdbg *t = file->private_data;

	t->releases++;
	return 0;
}

static const struct file_operations msg_fops = {
	.owner = THIS_MODULE,
	.open = msg_open,
	.read = msg_read,
	.write = msg_write,
	.llseek = msg_llseek,
	.release = msg_release,
};

static int stats_show(struct seq_file *s, void *unused)
{
	struct tdbg *t = s->private;

	seq_printf(s, "opens %d releases %d writes %d seeks %d\n",
		   t->opens, t->releases, t->writes, t->seeks);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static ssize_t word_write(struct file *file, const char __user *buf,
			  size_t len, loff_t *pos)
{
	if (len >= sizeof(last_word))
		return -EINVAL;
	if (copy_from_user(last_word, buf, len))
		return -EFAULT;
	last_word[len] = '\0';
	pr_info("tdbgfile: word %s", last_word);
	if (!strcmp(last_word, "drop\n")) {
		debugfs_remove(message);
		message = NULL;
	}
	return len;
}

static const struct file_operations word_fops = {
	.owner = THIS_MODULE,
	.write = word_write,
};

static int __init tdbgfile_init(void)
{
	struct dentry *inner;

	dir = debugfs_create_dir("tdbgfile", NULL);
	message = debugfs_create_file("message", 0644, dir, &state, &msg_fops);
	debugfs_create_file("stats", 0444, dir, &state, &stats_fops);
	inner = debugfs_create_dir("deeper", debugfs_create_dir("inner", dir));
	debugfs_create_file_unsafe("word", 0200, inner, NULL, &word_fops);
	return 0;
}

static void __exit tdbgfile_exit(void)
{
	debugfs_remove_recursive(dir);
}
module_init(tdbgfile_init);
module_exit(tdbgfile_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("debugfs files with their own file_operations");
