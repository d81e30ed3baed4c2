// SPDX-License-Identifier: GPL-2.0
/*
 * tchar.c - the teaching character devices, as a genuine Linux module:
 *
 *	/dev/tchar	counts its opens (alloc_chrdev_region, cdev_add,
 *			class_create, device_create); ioctls read and set
 *			the count (_IOR, _IOW) under a mutex, with an
 *			atomic_t of the files open now
 *	/dev/tchar_pipe	read sleeps in wait_event_interruptible until a
 *			write from another process wakes it; a signal ends
 *			the wait with -ERESTARTSYS
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/uaccess.h>
#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/wait.h>
#include <linux/ioctl.h>
#include <linux/sched/signal.h>

#define TCHAR_GET_OPENS	_IOR('t', 1, int)
#define TCHAR_SET_OPENS	_IOW('t', 2, int)
#define TCHAR_OPEN_NOW	_IO('t', 3)

static dev_t first;
static struct cdev cdev;
static struct class *cls;
static DEFINE_MUTEX(lock);
static int opens;			/* under lock */
static atomic_t open_now = ATOMIC_INIT(0);

static DECLARE_WAIT_QUEUE_HEAD(pipe_wait);
static DEFINE_SPINLOCK(pipe_lock);
static char pipe_buf[64];
static size_t pipe_len;			/* under pipe_lock */

static int tchar_open(struct inode *inode, struct file *file)
{
	file->private_data = (void *)(long)iminor(inode);
	atomic_inc(&open_now);
	if (iminor(inode) == 0) {
		mutex_lock(&lock);
		opens++;
		mutex_unlock(&lock);
	}
	return 0;
}

static int tchar_release(struct inode *inode, struct file *file)
{
	atomic_dec(&open_now);
	return 0;
}

static ssize_t count_read(struct file *file, char __user *buf, size_t len,
			  loff_t *pos)
{
	char msg[64];
	int n;

	mutex_lock(&lock);
	n = scnprintf(msg, sizeof(msg), "opened %d times\n", opens);
	mutex_unlock(&lock);
	return simple_read_from_buffer(buf, len, pos, msg, n);
}

static bool pipe_ready(void)
{
	bool ready;

	spin_lock(&pipe_lock);
	ready = pipe_len;
	spin_unlock(&pipe_lock);
	return ready;
}

static ssize_t pipe_read(struct file *file, char __user *buf, size_t len,
			 loff_t *pos)
{
	char msg[sizeof(pipe_buf)];
	size_t n;

	if (wait_event_interruptible(pipe_wait, pipe_ready()))
		return -ERESTARTSYS;
	spin_lock(&pipe_lock);
	n = min(len, pipe_len);
	memcpy(msg, pipe_buf, n);
	memmove(pipe_buf, pipe_buf + n, pipe_len - n);
	pipe_len -= n;
	spin_unlock(&pipe_lock);
	if (copy_to_user(buf, msg, n))
		return -EFAULT;
	return n;
}

static ssize_t pipe_write(struct file *file, const char __user *buf,
			  size_t len, loff_t *pos)
{
	char msg[sizeof(pipe_buf)];

	if (len > sizeof(msg))
		return -ENOSPC;
	if (copy_from_user(msg, buf, len))
		return -EFAULT;
	spin_lock(&pipe_lock);
	if (pipe_len + len > sizeof(pipe_buf)) {
		spin_unlock(&pipe_lock);
		return -ENOSPC;
	}
	memcpy(pipe_buf + pipe_len, msg, len);
	pipe_len += len;
	spin_unlock(&pipe_lock);
	wake_up_interruptible(&pipe_wait);
	return len;
}

static ssize_t tchar_read(struct file *file, char __user *buf, size_t len,
			  loff_t *pos)
{
	if (file->private_data)
		return pipe_read(file, buf, len, pos);
	return count_read(file, buf, len, pos);
}

static ssize_t tchar_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *pos)
{
	if (file->private_data)
		return pipe_write(file, buf, len, pos);
	return -EINVAL;
}

static long tchar_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int __user *p = (int __user *)arg;
	int val;

	switch (cmd) {
	case TCHAR_GET_OPENS:
		mutex_lock(&lock);
		val = opens;
		mutex_unlock(&lock);
		return put_user(val, p);
	case TCHAR_SET_OPENS:
		if (get_user(val, p))
			return -EFAULT;
		if (val < 0)
			return -EINVAL;
		mutex_lock(&lock);
		opens = val;
		mutex_unlock(&lock);
		return 0;
	case TCHAR_OPEN_NOW:
		return atomic_read(&open_now);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations tchar_fops = {
	.owner = THIS_MODULE,
	.open = tchar_open,
	.release = tchar_release,
	.read = tchar_read,
	.write = tchar_write,
	.unlocked_ioctl = tchar_ioctl,
	.llseek = no_llseek,
};

static char *tchar_devnode(struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0666;
	return NULL;
}

static int __init tchar_init(void)
{
	struct device *d;
	int err;

	err = alloc_chrdev_region(&first, 0, 2, "tchar");
	if (err)
		return err;
	cdev_init(&cdev, &tchar_fops);
	err = cdev_add(&cdev, first, 2);
	if (err)
		goto unregister;
	cls = class_create(THIS_MODULE, "tchar");
	if (IS_ERR(cls)) {
		err = PTR_ERR(cls);
		goto del;
	}
	cls->devnode = tchar_devnode;
	d = device_create(cls, NULL, first, NULL, "tchar");
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto destroy_class;
	}
	d = device_create(cls, NULL, first + 1, NULL, "tchar_pipe");
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto destroy_dev;
	}
	pr_info("tchar: major %d\n", MAJOR(first));
	return 0;

destroy_dev:
	device_destroy(cls, first);
destroy_class:
	class_destroy(cls);
del:
	cdev_del(&cdev);
unregister:
	unregister_chrdev_region(first, 2);
	return err;
}

static void __exit tchar_exit(void)
{
	device_destroy(cls, first + 1);
	device_destroy(cls, first);
	class_destroy(cls);
	cdev_del(&cdev);
	unregister_chrdev_region(first, 2);
}
module_init(tchar_init);
module_exit(tchar_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A character device that counts its opens, and a pipe");
