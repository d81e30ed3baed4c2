/* SPDX-License-Identifier: MIT */
/*
 * umod/task.h - signals for the tasks module code runs on, for a host
 * that runs handlers on behalf of processes (umodd --fs): a process
 * interrupted while a driver sleeps for it is the driver's task with a
 * signal pending, as Linux's.
 *
 * umod_task_interrupt sets the task's TIF_SIGPENDING and wakes it from
 * an interruptible sleep, so the driver's wait_event_interruptible (and
 * schedule_timeout_interruptible, or any wait through schedule() in
 * TASK_INTERRUPTIBLE) ends, and signal_pending(current) is true: the
 * driver returns -ERESTARTSYS.  It is async-signal-safe, so a signal
 * handler on the task's own thread may call it.  The signal stays
 * pending until umod_task_signal_delivered, as until Linux delivers it
 * on the way back to user space.  umod_task_kill is the same for a
 * fatal signal (one whose default action kills the process): killable
 * waits (wait_for_completion_killable, mutex_lock_killable...) end too,
 * and fatal_signal_pending(current) is true.
 */
#ifndef UMOD_TASK_H
#define UMOD_TASK_H

#ifdef __cplusplus
extern "C" {
#endif

struct umod_task;

/* The calling thread's task; the thread must be prepared
 * (umod_thread_prepare). */
struct umod_task *umod_task_current(void);
void umod_task_interrupt(struct umod_task *t);
void umod_task_kill(struct umod_task *t);
/* The calling thread's pending signal taken away. */
void umod_task_signal_delivered(void);

#ifdef __cplusplus
}
#endif
#endif /* UMOD_TASK_H */
