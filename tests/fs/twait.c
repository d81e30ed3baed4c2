// SPDX-License-Identifier: GPL-2.0
/*
 * twait.c - the teaching pattern of a read that waits for an event and
 * gives up on a signal, as a genuine Linux module: /dev/twait's read
 * takes a mutex (mutex_lock_interruptible, or _killable), then waits
 * for a completion that a write of "done" completes; "wait" picks the
 * variant: 0 wait_for_completion_interruptible, 1 _killable,
 * 2 _interruptible_timeout (a minute).  A signal makes the read return
 * -ERESTARTSYS; the parameters count what was interrupted.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/uaccess.h>

static int wait;
module_param(wait, int, 0644);
MODULE_PARM_DESC(wait, "0 interruptible, 1 killable, 2 interruptible with a timeout");
static int waits_interrupted;
module_param(waits_interrupted, int, 0444);
static int locks_interrupted;
module_param(locks_interrupted, int, 0444);

static DEFINE_MUTEX(lock);
static DECLARE_COMPLETION(done);

static long wait_done(void)
{
	switch (wait) {
	case 1:
		return wait_for_completion_killable(&done);
	case 2:
		return wait_for_completion_interruptible_timeout(&done, 60 * HZ);
	default:
		return wait_for_completion_interruptible(&done);
	}
}

static ssize_t twait_read(struct file *file, char __user *buf, size_t len,
			  loff_t *off)
{
	static const char msg[] = "done\n";
	long ret;

	ret = wait == 1 ? mutex_lock_killable(&lock) : mutex_lock_interruptible(&lock);
	if (ret) {
		locks_interrupted++;
		return -ERESTARTSYS;
	}
	ret = wait_done();
	if (ret < 0)
		waits_interrupted++;
	mutex_unlock(&lock);
	if (ret < 0)
		return ret;
	if (ret == 0 && wait == 2)
		return -ETIMEDOUT;
	return simple_read_from_buffer(buf, len, off, msg, sizeof(msg) - 1);
}

static ssize_t twait_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *off)
{
	char word[8] = "";

	if (copy_from_user(word, buf, min(len, sizeof(word) - 1)))
		return -EFAULT;
	if (strncmp(word, "done", 4))
		return -EINVAL;
	complete(&done);
	return len;
}

static const struct file_operations twait_fops = {
	.owner = THIS_MODULE,
	.read = twait_read,
	.write = twait_write,
};

static struct miscdevice twait_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "twait",
	.fops = &twait_fops,
	.mode = 0666,
};

static int __init twait_init(void)
{
	return misc_register(&twait_dev);
}

static void __exit twait_exit(void)
{
	misc_deregister(&twait_dev);
}
module_init(twait_init);
module_exit(twait_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("reads that wait, and give up on a signal");
