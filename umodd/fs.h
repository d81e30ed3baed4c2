/* SPDX-License-Identifier: MIT */
/* fs.h - what umodd --fs's files (fs*.c) share. */
#ifndef UMODD_FS_H
#define UMODD_FS_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <signal.h>

/* fs_call.c: a call into module code for a process.  begin prepares the
 * thread and makes the call interruptible; end gives the handler's
 * result as the process's system call returns it. */
#define FS_INTR_SIGNAL	SIGUSR1		/* libfuse's intr_signal default */
struct umod_task;
struct fs_call {
	struct umod_task *task;
	pthread_t thread;	/* the worker serving the request */
	int pid;		/* the process it serves (its thread) */
	struct fs_call *next, **pprev;
};
int fs_call_setup(void);
int fs_call_begin(struct fs_call *c);
long fs_call_end(struct fs_call *c, long ret);
/* At unmount: every call in module code now, and any to come, is
 * interrupted. */
void fs_call_interrupt_all(void);

/* fs_cloexec.c: the descriptors open before fuse_mount, and the
 * sockets it opened after, made close-on-exec (fusermount3's watchdog
 * socket: see there). */
#define FS_FDS_MAX	1024
struct fs_fds {
	int n;
	int fd[FS_FDS_MAX];
};
int fs_fds_snapshot(struct fs_fds *s);
void fs_cloexec_new_sockets(const struct fs_fds *before);

#endif /* UMODD_FS_H */
