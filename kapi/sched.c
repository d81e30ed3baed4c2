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

#include "kernel.h"

int __cond_resched(void)
{
	return 0;
}
EXPORT_SYMBOL(__cond_resched);

int __SCT__cond_resched(void) __attribute__((alias("__cond_resched")));
EXPORT_SYMBOL(__SCT__cond_resched);

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
