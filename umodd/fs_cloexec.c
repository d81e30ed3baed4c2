// SPDX-License-Identifier: MIT
/*
 * fs_cloexec.c - the mount never outlives umodd.
 *
 * With auto_unmount, libfuse has fusermount3 mount and stay behind as a
 * watchdog that unmounts once the socket between them closes, which is
 * when umodd's end of it is closed everywhere.  libfuse (3.14) keeps
 * that end without FD_CLOEXEC, so every program umodd runs (request_
 * module's modprobe) holds it too, and a umodd killed with SIGKILL
 * leaves the mount in place until the last of them exits.  The socket
 * is the one fuse_mount opened and kept: marked close-on-exec here.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"

/* The descriptors open now, sorted; 0 or -errno. */
int fs_fds_snapshot(struct fs_fds *s)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	s->n = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d)) && s->n < FS_FDS_MAX)
		if (e->d_name[0] != '.')
			s->fd[s->n++] = atoi(e->d_name);
	closedir(d);
	return 0;
}

static bool was_open(const struct fs_fds *s, int fd)
{
	for (int i = 0; i < s->n; i++)
		if (s->fd[i] == fd)
			return true;
	return false;
}

/* Sockets opened since the snapshot, and inherited by exec: no more. */
void fs_cloexec_new_sockets(const struct fs_fds *before)
{
	struct fs_fds now;
	struct stat st;

	if (fs_fds_snapshot(&now))
		return;
	for (int i = 0; i < now.n; i++) {
		int fd = now.fd[i], flags;

		if (was_open(before, fd) || fstat(fd, &st) || !S_ISSOCK(st.st_mode))
			continue;
		flags = fcntl(fd, F_GETFD);
		if (flags >= 0 && !(flags & FD_CLOEXEC))
			fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
	}
}
