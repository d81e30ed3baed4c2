// SPDX-License-Identifier: MIT
/*
 * fs_call.c - umodd --fs's calls into module code on behalf of a
 * process, and the signals that end them.
 *
 * A reader interrupted in a read that sleeps in a driver: the kernel
 * sends FUSE an INTERRUPT, and libfuse (mounted with "intr") signals the
 * worker thread serving the read with SIGUSR1 until it answers.  The
 * handler here makes the worker's task the interrupted process: a signal
 * pending (umod_task_interrupt), so the driver's wait_event_interruptible
 * ends with -ERESTARTSYS, which the reader sees as EINTR, as on Linux
 * with a handler that does not restart (FUSE cannot restart a call).
 * When umodd stops, every call still in a driver is interrupted the same
 * way, so libfuse's workers come back and the unmount finishes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include <umod/host.h>
#include <umod/task.h>

#include "fs.h"

#define ERESTARTSYS		512
#define ENOIOCTLCMD		515
#define ERESTART_RESTARTBLOCK	516

static pthread_mutex_t calls_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fs_call *calls;
static bool stopping;
/* The task a call runs on, while it is in module code: the handler's. */
static __thread struct umod_task *in_call;

static void interrupt_handler(int sig)
{
	struct umod_task *t = in_call;

	(void)sig;
	if (t)
		umod_task_interrupt(t);
}

/* Before libfuse's own (fuse_new installs one only over SIG_DFL). */
int fs_call_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = interrupt_handler;
	sigemptyset(&sa.sa_mask);
	return sigaction(FS_INTR_SIGNAL, &sa, NULL) ? -errno : 0;
}

int fs_call_begin(struct fs_call *c)
{
	int err = umod_thread_prepare();	/* module code runs on this thread */

	if (err)
		return err;
	c->task = umod_task_current();
	pthread_mutex_lock(&calls_lock);
	c->next = calls;
	if (calls)
		calls->pprev = &c->next;
	c->pprev = &calls;
	calls = c;
	__atomic_store_n(&in_call, c->task, __ATOMIC_SEQ_CST);
	if (stopping)
		umod_task_interrupt(c->task);
	pthread_mutex_unlock(&calls_lock);
	return 0;
}

/* What a handler returned, as the caller's system call returns it:
 * the restart codes as EINTR, -ENOIOCTLCMD as vfs_ioctl's ENOTTY, and
 * the other kernel-internal codes, which FUSE refuses to carry, as EIO. */
static long for_user(long ret)
{
	if (ret > -ERESTARTSYS)
		return ret;
	if (ret == -ENOIOCTLCMD)
		return -ENOTTY;
	if (ret >= -ERESTART_RESTARTBLOCK)
		return -EINTR;
	return -EIO;
}

long fs_call_end(struct fs_call *c, long ret)
{
	pthread_mutex_lock(&calls_lock);
	__atomic_store_n(&in_call, NULL, __ATOMIC_SEQ_CST);
	*c->pprev = c->next;
	if (c->next)
		c->next->pprev = c->pprev;
	pthread_mutex_unlock(&calls_lock);
	umod_task_signal_delivered();
	return for_user(ret);
}

void fs_call_interrupt_all(void)
{
	pthread_mutex_lock(&calls_lock);
	stopping = true;
	for (struct fs_call *c = calls; c; c = c->next)
		umod_task_interrupt(c->task);
	pthread_mutex_unlock(&calls_lock);
}
