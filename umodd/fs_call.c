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
 * FUSE interrupts for any signal; the signal is fatal when the process
 * has SIGKILL pending, as Linux's complete_signal queues it for a
 * signal whose default action kills (Ctrl-C on cat): then the task gets
 * a fatal signal (umod_task_kill) and killable waits end too.  A signal
 * also ends a futex wait on the worker's thread (mutex_lock_interruptible
 * sleeps in one), which is why it is sent there without SA_RESTART.
 * When umodd stops, every call still in a driver is interrupted the same
 * way, so libfuse's workers come back and the unmount finishes.
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 31
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <fuse.h>

#include <umod/host.h>
#include <umod/task.h>

#include "fs.h"

#define ERESTARTSYS		512
#define ENOIOCTLCMD		515
#define ERESTART_RESTARTBLOCK	516

static pthread_mutex_t calls_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fs_call *calls;
static bool stopping;
/* The call this thread serves, while it is in module code: the
 * handler's. */
static __thread struct fs_call *in_call;

/* SIGKILL (bit 8) in "SigPnd:" or "ShdPnd:" of /proc/PID/status;
 * open, read and close only, for a signal handler. */
static bool fatal_pending(int pid)
{
	char path[32] = "/proc/", text[2048], *p;
	int i = 6, fd, len;

	for (int d = 1000000000; d; d /= 10)
		if (pid / d || i > 6 || d == 1)
			path[i++] = '0' + pid / d % 10;
	memcpy(path + i, "/status", 8);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	len = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[len > 0 ? len : 0] = '\0';
	for (p = text; (p = strstr(p, "Pnd:\t")); p += 5) {
		const char *hex = p + 5;
		size_t n = strspn(hex, "0123456789abcdef");

		/* SIGKILL is bit 8: the third hex digit from the right. */
		if (n >= 3 && (hex[n - 3] <= '9' ? hex[n - 3] - '0' :
			       hex[n - 3] - 'a' + 10) & 1)
			return true;
	}
	return false;
}

static void interrupt_handler(int sig)
{
	struct fs_call *c = __atomic_load_n(&in_call, __ATOMIC_SEQ_CST);

	(void)sig;
	if (!c)
		return;
	if (c->pid > 0 && fatal_pending(c->pid))
		umod_task_kill(c->task);
	else
		umod_task_interrupt(c->task);
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
	c->thread = pthread_self();
	c->pid = fuse_get_context() ? fuse_get_context()->pid : 0;
	pthread_mutex_lock(&calls_lock);
	c->next = calls;
	if (calls)
		calls->pprev = &c->next;
	c->pprev = &calls;
	calls = c;
	__atomic_store_n(&in_call, c, __ATOMIC_SEQ_CST);
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
	for (struct fs_call *c = calls; c; c = c->next) {
		umod_task_interrupt(c->task);
		pthread_kill(c->thread, FS_INTR_SIGNAL);	/* out of a futex */
	}
	pthread_mutex_unlock(&calls_lock);
}
