// SPDX-License-Identifier: MIT
/*
 * procseq.c - /proc files read through seq_file, as Linux 6.1 lays out
 * struct proc_ops: /proc/procseq/hello (proc_create_single_data) counts
 * its reads; /proc/procseq/lines (proc_create, seq_open) lists as many
 * lines as were last written to it, one record each.
 */
#include <umod/module.h>

#include "kapi.h"

#define EINVAL	22
#define EFAULT	14

typedef long long loff_t;
struct file;
struct inode;
struct seq_file;
struct proc_dir_entry;

struct proc_ops {			/* Linux 6.1's */
	unsigned int proc_flags;
	int (*proc_open)(struct inode *, struct file *);
	long (*proc_read)(struct file *, char *, size_t, loff_t *);
	void *proc_read_iter;
	long (*proc_write)(struct file *, const char *, size_t, loff_t *);
	loff_t (*proc_lseek)(struct file *, loff_t, int);
	int (*proc_release)(struct inode *, struct file *);
	void *proc_poll, *proc_ioctl, *proc_compat_ioctl, *proc_mmap;
	void *proc_get_unmapped_area;
};

struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent);
struct proc_dir_entry *proc_create(const char *name, unsigned short mode,
				   struct proc_dir_entry *parent,
				   const struct proc_ops *ops);
struct proc_dir_entry *proc_create_single_data(const char *name,
		unsigned short mode, struct proc_dir_entry *parent,
		int (*show)(struct seq_file *, void *), void *data);
void remove_proc_entry(const char *name, struct proc_dir_entry *parent);
int seq_open(struct file *file, const struct seq_operations *op);
long seq_read(struct file *file, char *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);
int seq_release(struct inode *inode, struct file *file);
void seq_printf(struct seq_file *m, const char *fmt, ...);
unsigned long _copy_from_user(void *to, const void *from, unsigned long n);

static struct proc_dir_entry *dir;
static int reads;
static long nlines = 3;

static int hello_show(struct seq_file *m, void *v)
{
	seq_printf(m, "hello from procseq, shown %d times\n", ++reads);
	return 0;
}

static void *lines_start(struct seq_file *m, loff_t *pos)
{
	return *pos < nlines ? pos : NULL;
}

static void *lines_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return *pos < nlines ? pos : NULL;
}

static void lines_stop(struct seq_file *m, void *v)
{
}

static int lines_show(struct seq_file *m, void *v)
{
	seq_printf(m, "line %lld of %ld\n", *(loff_t *)v + 1, nlines);
	return 0;
}

static const struct seq_operations lines_seq = {
	.start = lines_start,
	.next = lines_next,
	.stop = lines_stop,
	.show = lines_show,
};

static int lines_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &lines_seq);
}

/* A count of lines, in decimal, a newline allowed. */
static long lines_write(struct file *file, const char *buf, size_t len,
			loff_t *pos)
{
	char text[16];
	long n = 0;
	size_t i;

	if (!len || len >= sizeof(text))
		return -EINVAL;
	if (_copy_from_user(text, buf, len))
		return -EFAULT;
	for (i = 0; i < len && text[i] >= '0' && text[i] <= '9'; i++)
		n = n * 10 + text[i] - '0';
	if (!i || (i < len && !(text[i] == '\n' && i == len - 1)) || n > 100000)
		return -EINVAL;
	nlines = n;
	return len;
}

static const struct proc_ops lines_ops = {
	.proc_open = lines_open,
	.proc_read = seq_read,
	.proc_write = lines_write,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release,
};

static int __init procseq_init(void)
{
	dir = proc_mkdir("procseq", NULL);
	if (!dir)
		return -12;
	if (!proc_create_single_data("hello", 0444, dir, hello_show, NULL) ||
	    !proc_create("procseq/lines", 0644, NULL, &lines_ops)) {
		remove_proc_entry("procseq/hello", NULL);
		remove_proc_entry("procseq", NULL);
		return -12;
	}
	return 0;
}

static void __exit procseq_exit(void)
{
	remove_proc_entry("lines", dir);
	remove_proc_entry("hello", dir);
	remove_proc_entry("procseq", NULL);
}

module_init(procseq_init);
module_exit(procseq_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("/proc files through seq_file");
