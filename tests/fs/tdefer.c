// SPDX-License-Identifier: GPL-2.0
/*
 * tdefer.c - the teaching deferred work and locking, as a genuine Linux
 * module.  Writing "go" to /proc/tdefer starts a round: a work item on
 * the system workqueue, a tasklet, a timer a few jiffies ahead, and two
 * kthreads that each add to three counters many times, one under a
 * spinlock, one under a rwlock's write side, one an atomic_t.  Each
 * signals a completion; the write returns when all have, and reading
 * /proc/tdefer shows what each saw.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/spinlock.h>
#include <linux/rwlock.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>

#define ADDS 20000

static DEFINE_MUTEX(round_lock);	/* one round at a time */
static int rounds;
static bool work_in_task, tasklet_in_softirq, timer_ran, timer_late;
static unsigned long timer_due;
static int thread_results;

static DEFINE_SPINLOCK(spin);
static DEFINE_RWLOCK(rw);
static atomic_t atomic_count = ATOMIC_INIT(0);
static unsigned long spin_count, rw_count;

static struct completion work_done, tasklet_done, timer_done, threads_done[2];

static void work_fn(struct work_struct *w)
{
	work_in_task = in_task();
	complete(&work_done);
}
static DECLARE_WORK(work, work_fn);

static void tasklet_fn(struct tasklet_struct *t)
{
	tasklet_in_softirq = in_softirq();
	complete(&tasklet_done);
}
static DECLARE_TASKLET(tasklet, tasklet_fn);

static void timer_fn(struct timer_list *t)
{
	timer_ran = true;
	timer_late = time_after_eq(jiffies, timer_due);
	complete(&timer_done);
}
static DEFINE_TIMER(timer, timer_fn);

static int adder(void *arg)
{
	struct completion *done = arg;
	int i;

	for (i = 0; i < ADDS; i++) {
		spin_lock(&spin);
		spin_count++;
		spin_unlock(&spin);
		write_lock(&rw);
		rw_count++;
		write_unlock(&rw);
		atomic_inc(&atomic_count);
		if (i % 5000 == 0)
			msleep(1);
	}
	complete(done);
	/* As kthread_stop expects: run until told to stop. */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 7;
}

static int run_round(void)
{
	struct task_struct *threads[2];
	int i, result = 0;

	init_completion(&work_done);
	init_completion(&tasklet_done);
	init_completion(&timer_done);
	for (i = 0; i < 2; i++) {
		init_completion(&threads_done[i]);
		threads[i] = kthread_run(adder, &threads_done[i], "tdefer/%d", i);
		if (IS_ERR(threads[i])) {
			while (i--)
				kthread_stop(threads[i]);
			return PTR_ERR(threads[i]);
		}
	}
	schedule_work(&work);
	tasklet_schedule(&tasklet);
	timer_due = jiffies + 3;
	mod_timer(&timer, timer_due);
	wait_for_completion(&work_done);
	wait_for_completion(&tasklet_done);
	wait_for_completion(&timer_done);
	for (i = 0; i < 2; i++) {
		wait_for_completion(&threads_done[i]);
		result += kthread_stop(threads[i]);
	}
	thread_results = result;
	rounds++;
	return 0;
}

static ssize_t tdefer_write(struct file *file, const char __user *buf,
			    size_t len, loff_t *pos)
{
	char cmd[8] = "";
	int err;

	if (len > sizeof(cmd) - 1)
		return -EINVAL;
	if (copy_from_user(cmd, buf, len))
		return -EFAULT;
	if (strcmp(strim(cmd), "go"))
		return -EINVAL;
	if (mutex_lock_interruptible(&round_lock))
		return -ERESTARTSYS;
	err = run_round();
	mutex_unlock(&round_lock);
	return err ? err : len;
}

static int tdefer_show(struct seq_file *m, void *v)
{
	unsigned long s, w;

	spin_lock(&spin);
	s = spin_count;
	spin_unlock(&spin);
	read_lock(&rw);
	w = rw_count;
	read_unlock(&rw);
	seq_printf(m, "rounds: %d\n", rounds);
	seq_printf(m, "work in task context: %d\n", work_in_task);
	seq_printf(m, "tasklet in softirq: %d\n", tasklet_in_softirq);
	seq_printf(m, "timer ran, not early: %d %d\n", timer_ran, timer_late);
	seq_printf(m, "kthreads returned: %d\n", thread_results);
	seq_printf(m, "spinlock %lu rwlock %lu atomic %d\n", s, w,
		   atomic_read(&atomic_count));
	return 0;
}

static int tdefer_open(struct inode *inode, struct file *file)
{
	return single_open(file, tdefer_show, NULL);
}

static const struct proc_ops tdefer_ops = {
	.proc_open = tdefer_open,
	.proc_read = seq_read,
	.proc_write = tdefer_write,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static int __init tdefer_init(void)
{
	if (!proc_create("tdefer", 0644, NULL, &tdefer_ops))
		return -ENOMEM;
	return 0;
}

static void __exit tdefer_exit(void)
{
	remove_proc_entry("tdefer", NULL);
	del_timer_sync(&timer);
	tasklet_kill(&tasklet);
	flush_work(&work);
}
module_init(tdefer_init);
module_exit(tdefer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Workqueues, tasklets, timers, kthreads, completions, locks");
