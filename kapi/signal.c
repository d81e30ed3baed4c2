// SPDX-License-Identifier: MIT
/*
 * signal.c - a pending signal, as the inline signal_pending() reads it:
 * TIF_SIGPENDING in the task's thread_info flags, the first word of
 * Debian 6.1's task_struct (THREAD_INFO_IN_TASK).  The host sets it
 * (<umod/task.h>) when the process a handler runs for is interrupted;
 * waits in TASK_INTERRUPTIBLE then end (sched.c, wait.c) and the driver
 * sees -ERESTARTSYS, as kernel/signal.c's signal_wake_up would have it.
 * A fatal signal is SIGKILL in task->pending.signal besides, as
 * complete_signal queues it for a signal whose default action kills:
 * then killable waits (TASK_WAKEKILL) end too.
 */
#include <umod/task.h>

#include "kernel.h"

#define TIF_SIGPENDING	KAPI_TIF_SIGPENDING

static unsigned long *thread_flags(struct task_struct *t)
{
	return (unsigned long *)t;
}

static unsigned long *pending_signal(struct task_struct *t)
{
	return (unsigned long *)((char *)t + KAPI_TASK_PENDING_SIGNAL);
}

struct umod_task *umod_task_current(void)
{
	return (struct umod_task *)kapi_current();
}

/* Pending first, then the wake-up: a task about to sleep checks for a
 * signal after setting its state (sleep_until_woken), so one of the two
 * sees the other. */
static void signal_wake_up(struct task_struct *t, bool fatal)
{
	if (fatal)
		__atomic_or_fetch(pending_signal(t), KAPI_SIGKILL_BIT, __ATOMIC_SEQ_CST);
	__atomic_or_fetch(thread_flags(t), 1ul << TIF_SIGPENDING, __ATOMIC_SEQ_CST);
	try_to_wake_up(t, TASK_INTERRUPTIBLE | (fatal ? TASK_WAKEKILL : 0), 0);
}

void umod_task_interrupt(struct umod_task *task)
{
	signal_wake_up((struct task_struct *)task, false);
}

void umod_task_kill(struct umod_task *task)
{
	signal_wake_up((struct task_struct *)task, true);
}

void umod_task_signal_delivered(void)
{
	struct task_struct *t = kapi_current();

	__atomic_and_fetch(pending_signal(t), ~KAPI_SIGKILL_BIT, __ATOMIC_SEQ_CST);
	__atomic_and_fetch(thread_flags(t), ~(1ul << TIF_SIGPENDING),
			   __ATOMIC_SEQ_CST);
}

/* Kernel threads that allowed signals flush them; nothing else queues. */
void flush_signals(struct task_struct *t)
{
	__atomic_and_fetch(pending_signal(t), ~KAPI_SIGKILL_BIT, __ATOMIC_SEQ_CST);
	__atomic_and_fetch(thread_flags(t), ~(1ul << TIF_SIGPENDING),
			   __ATOMIC_SEQ_CST);
}
EXPORT_SYMBOL(flush_signals);
