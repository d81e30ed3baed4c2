// SPDX-License-Identifier: MIT
/*
 * chardev.c - the classic first character device, as Linux 6.1 lays out
 * its structures: "chardev_echo" (alloc_chrdev_region, cdev_add,
 * class_create, device_create) counts its opens and gives back what was
 * last written to it; "chardev_count" (misc_register) reads and ioctls
 * that count; "chardev_fifo" (misc_register) hands each write to one
 * read, which sleeps on a wait queue until there is one (EAGAIN with
 * O_NONBLOCK), and polls readable while one waits.
 */
#include <umod/module.h>

#include "kapi.h"

#define EINVAL	22
#define ENOSPC	28
#define EFAULT	14
#define ENOTTY	25
#define EAGAIN	11
#define O_NONBLOCK 04000
#define TASK_INTERRUPTIBLE 1
#define EPOLLIN	0x1
#define EPOLLOUT 0x4
#define EPOLLRDNORM 0x40
#define EPOLLWRNORM 0x100
#define FILE_FLAGS(file) (*(unsigned int *)((char *)(file) + 64))
#define MISC_DYNAMIC_MINOR 255
#define CHARDEV_GET_OPENS 0x80046301u	/* _IOR('c', 1, int) */
#define CHARDEV_OOPS		0x6303

typedef unsigned int dev_t;
typedef long long loff_t;
struct file;
struct inode;

struct file_operations {		/* Linux 6.1's, to .release */
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	long (*read)(struct file *, char *, size_t, loff_t *);
	long (*write)(struct file *, const char *, size_t, loff_t *);
	void *read_iter, *write_iter, *iopoll, *iterate, *iterate_shared;
	unsigned int (*poll)(struct file *, void *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	void *compat_ioctl, *mmap;
	unsigned long mmap_supported_flags;
	int (*open)(struct inode *, struct file *);
	void *flush;
	int (*release)(struct inode *, struct file *);
	void *rest[18];
};

struct cdev { char opaque[104]; };

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	void *list[2], *parent, *this_device, *groups;
	const char *nodename;
	unsigned short mode;
};

int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count,
			const char *name);
void unregister_chrdev_region(dev_t from, unsigned int count);
void cdev_init(struct cdev *cdev, const struct file_operations *fops);
int cdev_add(struct cdev *cdev, dev_t dev, unsigned int count);
void cdev_del(struct cdev *cdev);
void *__class_create(struct module *owner, const char *name, void *key);
void class_destroy(void *cls);
void *device_create(void *cls, void *parent, dev_t devt, void *drvdata,
		    const char *fmt, ...);
void device_destroy(void *cls, dev_t devt);
int misc_register(struct miscdevice *misc);
void misc_deregister(struct miscdevice *misc);
struct list_head { struct list_head *next, *prev; };
struct wait_queue_head { unsigned int lock; struct list_head head; };
struct wait_queue_entry {
	unsigned int flags;
	void *private;
	void *func;
	struct list_head entry;
};
struct poll_table_struct {
	void (*qproc)(struct file *, struct wait_queue_head *,
		      struct poll_table_struct *);
	unsigned int key;
};
void init_wait_entry(struct wait_queue_entry *e, int flags);
long prepare_to_wait_event(struct wait_queue_head *wq,
			   struct wait_queue_entry *e, int state);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e);
void schedule(void);
void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr, void *key);
unsigned long _copy_to_user(void *to, const void *from, unsigned long n);
unsigned long _copy_from_user(void *to, const void *from, unsigned long n);
int printk(const char *fmt, ...);

static char message[64] = "nothing written yet\n";
static size_t message_len = 20;
static int opens;
static dev_t devt;
static struct cdev cdev;
static void *cls;

/* simple_read_from_buffer, by hand. */
static long give(char *buf, size_t len, loff_t *pos, const char *text,
		 size_t size)
{
	if (*pos >= (loff_t)size)
		return 0;
	if (len > size - *pos)
		len = size - *pos;
	if (_copy_to_user(buf, text + *pos, len))
		return -EFAULT;
	*pos += len;
	return len;
}

static int echo_open(struct inode *inode, struct file *file)
{
	opens++;
	return 0;
}

static long echo_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	return give(buf, len, pos, message, message_len);
}

/* A message longer than the buffer is refused whole. */
static long echo_write(struct file *file, const char *buf, size_t len,
		       loff_t *pos)
{
	if (len > sizeof(message))
		return -ENOSPC;
	if (_copy_from_user(message, buf, len))
		return -EFAULT;
	message_len = len;
	return len;
}

static const struct file_operations echo_fops = {
	.owner = THIS_MODULE,
	.open = echo_open,
	.read = echo_read,
	.write = echo_write,
};

static long count_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	char text[16];

	return give(buf, len, pos, text, snprintf(text, sizeof(text), "%d\n", opens));
}

static long count_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (cmd == CHARDEV_OOPS)
		*(volatile int *)0 = 1;	/* a driver's bug: an oops, not umodd's death */
	if (cmd != CHARDEV_GET_OPENS)
		return -ENOTTY;
	return _copy_to_user((void *)arg, &opens, sizeof(opens)) ? -EFAULT : 0;
}

static const struct file_operations count_fops = {
	.owner = THIS_MODULE,
	.read = count_read,
	.unlocked_ioctl = count_ioctl,
};

static struct miscdevice count_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "chardev_count",
	.fops = &count_fops,
	.mode = 0444,
};

static struct wait_queue_head fifo_wq = {
	.head = { &fifo_wq.head, &fifo_wq.head },
};
static char fifo[64];
static size_t fifo_len;		/* a write waiting for its read, or 0 */

/* wait_event_interruptible(fifo_wq, fifo_len), as Linux expands it. */
static long fifo_wait(void)
{
	struct wait_queue_entry e;
	long r = 0;

	init_wait_entry(&e, 0);
	for (;;) {
		long intr = prepare_to_wait_event(&fifo_wq, &e, TASK_INTERRUPTIBLE);

		if (__atomic_load_n(&fifo_len, __ATOMIC_ACQUIRE))
			break;
		if (intr) {
			r = intr;
			break;
		}
		schedule();
	}
	finish_wait(&fifo_wq, &e);
	return r;
}

static long fifo_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	long r;

	if (!__atomic_load_n(&fifo_len, __ATOMIC_ACQUIRE) &&
	    FILE_FLAGS(file) & O_NONBLOCK)
		return -EAGAIN;
	r = fifo_wait();
	if (r)
		return r;
	if (len > fifo_len)
		len = fifo_len;
	if (_copy_to_user(buf, fifo, len))
		return -EFAULT;
	__atomic_store_n(&fifo_len, 0, __ATOMIC_RELEASE);
	return len;
}

static long fifo_write(struct file *file, const char *buf, size_t len,
		       loff_t *pos)
{
	if (len > sizeof(fifo))
		return -ENOSPC;
	if (_copy_from_user(fifo, buf, len))
		return -EFAULT;
	__atomic_store_n(&fifo_len, len, __ATOMIC_RELEASE);
	__wake_up(&fifo_wq, TASK_INTERRUPTIBLE, 1, NULL);	/* wake_up_interruptible */
	return len;
}

static unsigned int fifo_poll(struct file *file, struct poll_table_struct *pt)
{
	if (pt && pt->qproc)		/* poll_wait */
		pt->qproc(file, &fifo_wq, pt);
	return EPOLLOUT | EPOLLWRNORM |
	       (__atomic_load_n(&fifo_len, __ATOMIC_ACQUIRE) ? EPOLLIN | EPOLLRDNORM : 0);
}

static const struct file_operations fifo_fops = {
	.owner = THIS_MODULE,
	.read = fifo_read,
	.write = fifo_write,
	.poll = (unsigned int (*)(struct file *, void *))fifo_poll,
};

static struct miscdevice fifo_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "chardev_fifo",
	.fops = &fifo_fops,
	.mode = 0666,
};

static int __init chardev_init(void)
{
	void *dev;
	int err;

	err = alloc_chrdev_region(&devt, 0, 1, "chardev");
	if (err)
		return err;
	cdev_init(&cdev, &echo_fops);
	err = cdev_add(&cdev, devt, 1);
	if (err)
		goto region;
	cls = __class_create(THIS_MODULE, "chardev", NULL);
	err = (long)cls;
	if ((unsigned long)cls >= -4095ul)
		goto cdev;
	dev = device_create(cls, NULL, devt, NULL, "chardev_%s", "echo");
	err = (long)dev;
	if ((unsigned long)dev >= -4095ul)
		goto class;
	err = misc_register(&count_dev);
	if (err)
		goto device;
	err = misc_register(&fifo_dev);
	if (err)
		goto count;
	printk("\0016chardev: major %u, misc minor %d\n", devt >> 20, count_dev.minor);
	return 0;
count:
	misc_deregister(&count_dev);
device:
	device_destroy(cls, devt);
class:
	class_destroy(cls);
cdev:
	cdev_del(&cdev);
region:
	unregister_chrdev_region(devt, 1);
	return err;
}

static void __exit chardev_exit(void)
{
	misc_deregister(&fifo_dev);
	misc_deregister(&count_dev);
	device_destroy(cls, devt);
	class_destroy(cls);
	cdev_del(&cdev);
	unregister_chrdev_region(devt, 1);
}

module_init(chardev_init);
module_exit(chardev_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("counts its opens, echoes what is written");
