// SPDX-License-Identifier: MIT
/*
 * signal.c - a pending signal, as the inline signal_pending() reads it:
 * TIF_SIGPENDING in the task's thread_info flags, the first word of
 * Debian 6.1's task_struct (THREAD_INFO_IN_TASK).  The host sets it
 * (<umod/task.h>) when the process a handler runs for is interrupted;
 * waits in TASK_INTERRUPTIBLE then end (sched.c, wait.c) and the driver
 * sees -ERESTARTSYS, as kernel/signal.c's signal_wake_up would have it.
 */
#include <umod/task.h>

#include "kernel.h"

#define TIF_SIGPENDING	KAPI_TIF_SIGPENDING

static unsigned long *thread_flags(struct task_struct *t)
{
	return (unsigned long *)t;
}

struct umod_task *umod_task_current(void)
{
	return (struct umod_task *)kapi_current();
}

/* Pending first, then the wake-up: a task about to sleep checks for a
 * signal after setting its state (sleep_until_woken), so one of the two
 * sees the other. */
void umod_task_interrupt(struct umod_task *task)
{
	struct task_struct *t = (struct task_struct *)task;

	__atomic_or_fetch(thread_flags(t), 1ul << TIF_SIGPENDING, __ATOMIC_SEQ_CST);
	try_to_wake_up(t, TASK_INTERRUPTIBLE, 0);
}

void umod_task_signal_delivered(void)
{
	__atomic_and_fetch(thread_flags(kapi_current()), ~(1ul << TIF_SIGPENDING),
			   __ATOMIC_SEQ_CST);
}

/* Kernel threads that allowed signals flush them; nothing else queues. */
void flush_signals(struct task_struct *t)
{
	__atomic_and_fetch(thread_flags(t), ~(1ul << TIF_SIGPENDING),
			   __ATOMIC_SEQ_CST);
}
EXPORT_SYMBOL(flush_signals);
