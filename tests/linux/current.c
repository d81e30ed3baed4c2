// SPDX-License-Identifier: GPL-2.0
/*
 * current.c - a module that reads `current` as Linux modules do, inline
 * at its kernel's offsets (tests/linux-current.t): the pid, tgid and comm
 * of the thread running its init and of a kthread it starts, which runs
 * until the module goes, and the ids behind current_cred().
 */
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>

static struct task_struct *thread;
static DECLARE_COMPLETION(started);

static void show(const char *who)
{
	char comm[TASK_COMM_LEN];

	pr_info("current_test: %s: pid %d tgid %d comm %s get_task_comm %s\n",
		who, task_pid_nr(current), task_tgid_nr(current), current->comm,
		get_task_comm(comm, current));
}

static int worker(void *data)
{
	show("kthread");
	complete(&started);
	while (!kthread_should_stop())
		msleep(10);
	return 0;
}

static int __init current_test_init(void)
{
	show("init");
	pr_info("current_test: uid %u euid %u suid %u fsuid %u gid %u egid %u sgid %u fsgid %u\n",
		current_uid().val, current_euid().val, current_suid().val,
		current_fsuid().val, current_gid().val, current_egid().val,
		current_sgid().val, current_fsgid().val);
	thread = kthread_run(worker, NULL, "curtest/%d", 7);
	if (IS_ERR(thread))
		return PTR_ERR(thread);
	wait_for_completion(&started);
	return 0;
}

static void __exit current_test_exit(void)
{
	kthread_stop(thread);
}

module_init(current_test_init);
module_exit(current_test_exit);
MODULE_LICENSE("GPL");
