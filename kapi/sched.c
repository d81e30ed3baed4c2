// SPDX-License-Identifier: MIT
/*
 * sched.c - the scheduler calls module code makes where it may give up
 * the CPU.  The host's threads are scheduled by the system, which
 * preempts them anyway: cond_resched has nothing to do and says it did
 * not reschedule; local_bh_disable counts in the preempt count, as
 * Linux's does, and there are no softirqs to run when it is enabled.
 *
 * Debian's kernel has PREEMPT_DYNAMIC: modules call cond_resched through
 * its static call trampoline, __SCT__cond_resched.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <time.h>

#include "kernel.h"

int __cond_resched(void)
{
	return 0;
}
EXPORT_SYMBOL(__cond_resched);

int __SCT__cond_resched(void) __attribute__((alias("__cond_resched")));
EXPORT_SYMBOL(__SCT__cond_resched);
/* might_sleep()'s, the same under PREEMPT_DYNAMIC. */
int __SCT__might_resched(void) __attribute__((alias("__cond_resched")));
EXPORT_SYMBOL(__SCT__might_resched);

/* Reached when a preempt_enable() finds a reschedule pending, which
 * never is (PREEMPT_NEED_RESCHED stays clear): yield, as asked. */
void preempt_schedule(void)
{
	sched_yield();
}
EXPORT_SYMBOL(preempt_schedule);

void __SCT__preempt_schedule(void) __attribute__((alias("preempt_schedule")));
EXPORT_SYMBOL(__SCT__preempt_schedule);
void __SCT__preempt_schedule_notrace(void) __attribute__((alias("preempt_schedule")));
EXPORT_SYMBOL(__SCT__preempt_schedule_notrace);

void __local_bh_enable_ip(unsigned long ip, unsigned int cnt)
{
	kapi_preempt_add(-(int)cnt);
}
EXPORT_SYMBOL(__local_bh_enable_ip);

void yield(void)
{
	sched_yield();
}
EXPORT_SYMBOL(yield);

/* ---- Sleeping and waking: the task's __state is the futex ---- */

static u32 *task_state(struct task_struct *p)
{
	return (u32 *)((char *)p + KAPI_TASK_STATE_OFFSET);
}

void kapi_set_current_state(unsigned int state)
{
	__atomic_store_n(task_state(kapi_current()), state, __ATOMIC_SEQ_CST);
}

/* Sleeps while the state is not TASK_RUNNING, as Linux's schedule()
 * after set_current_state(): a wake-up that came first makes it return
 * at once, and so does a signal that ends a sleep in that state
 * (signal.c's: any in TASK_INTERRUPTIBLE, a fatal one in TASK_KILLABLE). */
static s64 sleep_until_woken(s64 timeout_ns)
{
	u32 *st = task_state(kapi_current());
	struct timespec t0, t;
	s64 left = timeout_ns;
	u32 s;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((s = __atomic_load_n(st, __ATOMIC_SEQ_CST)) != TASK_RUNNING) {
		if (kapi_signal_pending_state(s, kapi_current())) {
			__atomic_store_n(st, TASK_RUNNING, __ATOMIC_SEQ_CST);
			break;
		}
		if (timeout_ns >= 0 && left <= 0) {
			__atomic_store_n(st, TASK_RUNNING, __ATOMIC_SEQ_CST);
			return 0;
		}
		kapi_futex_wait_ns(st, s, left);
		if (timeout_ns >= 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			left = timeout_ns - ((t.tv_sec - t0.tv_sec) * 1000000000LL +
					     t.tv_nsec - t0.tv_nsec);
		}
	}
	return left > 0 ? left : 1;
}

void schedule(void)
{
	sleep_until_woken(-1);
}
EXPORT_SYMBOL(schedule);

void io_schedule(void)
{
	schedule();
}
EXPORT_SYMBOL(io_schedule);

#define NS_PER_JIFFY	4000000LL	/* HZ 250 */

/* The jiffies left when woken, 0 when the time ran out. */
long schedule_timeout(long timeout)
{
	s64 left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		kapi_printk(KERN_ERR "schedule_timeout: wrong timeout value %lx\n",
			    (unsigned long)timeout);
		kapi_set_current_state(TASK_RUNNING);
		return 0;
	}
	left = sleep_until_woken(timeout * NS_PER_JIFFY);
	return left ? (left + NS_PER_JIFFY - 1) / NS_PER_JIFFY : 0;
}
EXPORT_SYMBOL(schedule_timeout);

long io_schedule_timeout(long timeout)
{
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(io_schedule_timeout);

long schedule_timeout_interruptible(long timeout)
{
	kapi_set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_interruptible);

long schedule_timeout_uninterruptible(long timeout)
{
	kapi_set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_uninterruptible);

long schedule_timeout_killable(long timeout)
{
	return schedule_timeout_uninterruptible(timeout);
}
EXPORT_SYMBOL(schedule_timeout_killable);

long schedule_timeout_idle(long timeout)
{
	return schedule_timeout_uninterruptible(timeout);
}
EXPORT_SYMBOL(schedule_timeout_idle);

/* 1 if p slept in one of the states and is now running. */
int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)
{
	u32 *st = task_state(p);
	u32 s = __atomic_load_n(st, __ATOMIC_SEQ_CST);

	do {
		if (!(s & state))
			return 0;
	} while (!__atomic_compare_exchange_n(st, &s, TASK_RUNNING, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	kapi_futex_wake(st, 1);
	return 1;
}

int wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_NORMAL, 0);
}
EXPORT_SYMBOL(wake_up_process);

int wake_up_state(struct task_struct *p, unsigned int state)
{
	return try_to_wake_up(p, state, 0);
}
EXPORT_SYMBOL(wake_up_state);
