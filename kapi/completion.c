// SPDX-License-Identifier: MIT
/*
 * completion.c - completions, in Linux 6.1's struct completion: done
 * counts completions (UINT_MAX after complete_all); a waiter queues its
 * task on the swait queue and sleeps in the state its variant names, as
 * kernel/sched/completion.c's do_wait_for_common: complete() wakes the
 * first, complete_all() all, and a signal ends an interruptible wait (a
 * fatal one a killable wait) with -ERESTARTSYS (signal.c).  Timeouts are
 * in jiffies and return what is left, at least 1, or 0 on timeout.  A
 * waiter is a task, so it waits on a thread that can run module code
 * (umod_thread_prepare); complete() may come from any thread.
 */
#include <limits.h>

#include "kernel.h"

struct completion {
	unsigned int done;
	struct {
		raw_spinlock_t lock;
		struct list_head task_list;
	} wait;
};
struct swait_queue {
	struct task_struct *task;
	struct list_head task_list;
};

#define ERESTARTSYS	512

KAPI_LAYOUT(offsetof(struct completion, wait) == 8 &&
	       sizeof(struct completion) == 32, "Linux 6.1's struct completion");

void __init_swait_queue_head(void *q, const char *name, void *key)
{
	struct { raw_spinlock_t lock; struct list_head task_list; } *sq = q;

	sq->lock.val = 0;
	kapi_list_init(&sq->task_list);
}
EXPORT_SYMBOL(__init_swait_queue_head);

/* swake_up_locked: the first waiter off the queue, woken. */
static void wake_first(struct completion *x)
{
	struct swait_queue *w;

	if (kapi_list_empty(&x->wait.task_list))
		return;
	w = (struct swait_queue *)((char *)x->wait.task_list.next -
				   offsetof(struct swait_queue, task_list));
	kapi_list_del_init(&w->task_list);
	try_to_wake_up(w->task, TASK_NORMAL, 0);
}

void complete(struct completion *x)
{
	_raw_spin_lock(&x->wait.lock);
	if (x->done != UINT_MAX)
		__atomic_add_fetch(&x->done, 1, __ATOMIC_SEQ_CST);
	wake_first(x);
	_raw_spin_unlock(&x->wait.lock);
}
EXPORT_SYMBOL(complete);

void complete_all(struct completion *x)
{
	_raw_spin_lock(&x->wait.lock);
	__atomic_store_n(&x->done, UINT_MAX, __ATOMIC_SEQ_CST);
	while (!kapi_list_empty(&x->wait.task_list))
		wake_first(x);
	_raw_spin_unlock(&x->wait.lock);
}
EXPORT_SYMBOL(complete_all);

bool try_wait_for_completion(struct completion *x)
{
	bool ret = false;

	_raw_spin_lock(&x->wait.lock);
	if (x->done) {
		if (x->done != UINT_MAX)
			__atomic_sub_fetch(&x->done, 1, __ATOMIC_SEQ_CST);
		ret = true;
	}
	_raw_spin_unlock(&x->wait.lock);
	return ret;
}
EXPORT_SYMBOL(try_wait_for_completion);

bool completion_done(struct completion *x)
{
	return __atomic_load_n(&x->done, __ATOMIC_SEQ_CST) != 0;
}
EXPORT_SYMBOL(completion_done);

/* do_wait_for_common: the jiffies left (at least 1), 0 on timeout, or
 * -ERESTARTSYS when a signal ends a wait in state. */
static long wait_common(struct completion *x, long timeout, unsigned int state)
{
	struct swait_queue w = { .task = kapi_current() };

	kapi_list_init(&w.task_list);
	_raw_spin_lock(&x->wait.lock);
	while (!x->done && timeout) {
		if (kapi_signal_pending_state(state, w.task)) {
			timeout = -ERESTARTSYS;
			break;
		}
		if (kapi_list_empty(&w.task_list))
			kapi_list_add_tail(&w.task_list, &x->wait.task_list);
		kapi_set_current_state(state);
		_raw_spin_unlock(&x->wait.lock);
		timeout = schedule_timeout(timeout);
		_raw_spin_lock(&x->wait.lock);
	}
	if (!kapi_list_empty(&w.task_list))
		kapi_list_del_init(&w.task_list);
	kapi_set_current_state(TASK_RUNNING);
	if (x->done && timeout >= 0) {
		if (x->done != UINT_MAX)
			__atomic_sub_fetch(&x->done, 1, __ATOMIC_SEQ_CST);
		timeout = timeout ? timeout : 1;
	}
	_raw_spin_unlock(&x->wait.lock);
	return timeout;
}

void wait_for_completion(struct completion *x)
{
	wait_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}
EXPORT_SYMBOL(wait_for_completion);

void wait_for_completion_io(struct completion *x)
{
	wait_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}
EXPORT_SYMBOL(wait_for_completion_io);

unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	return wait_common(x, timeout, TASK_UNINTERRUPTIBLE);
}
EXPORT_SYMBOL(wait_for_completion_timeout);

unsigned long wait_for_completion_io_timeout(struct completion *x,
					     unsigned long timeout)
{
	return wait_common(x, timeout, TASK_UNINTERRUPTIBLE);
}
EXPORT_SYMBOL(wait_for_completion_io_timeout);

int wait_for_completion_interruptible(struct completion *x)
{
	long t = wait_common(x, MAX_SCHEDULE_TIMEOUT, TASK_INTERRUPTIBLE);

	return t == -ERESTARTSYS ? t : 0;
}
EXPORT_SYMBOL(wait_for_completion_interruptible);

int wait_for_completion_killable(struct completion *x)
{
	long t = wait_common(x, MAX_SCHEDULE_TIMEOUT, TASK_KILLABLE);

	return t == -ERESTARTSYS ? t : 0;
}
EXPORT_SYMBOL(wait_for_completion_killable);

long wait_for_completion_interruptible_timeout(struct completion *x,
					       unsigned long timeout)
{
	return wait_common(x, timeout, TASK_INTERRUPTIBLE);
}
EXPORT_SYMBOL(wait_for_completion_interruptible_timeout);

long wait_for_completion_killable_timeout(struct completion *x,
					  unsigned long timeout)
{
	return wait_common(x, timeout, TASK_KILLABLE);
}
EXPORT_SYMBOL(wait_for_completion_killable_timeout);
