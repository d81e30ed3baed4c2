// SPDX-License-Identifier: MIT
/*
 * listen.c - the control socket: a private directory, a stale socket
 * from a host that died cleared away, a live one left alone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../internal.h"
#include "ctl.h"

/* Create the socket's directory 0700, or accept one that only we (or
 * root) could have made and nobody else can write to (or, as /tmp,
 * sticky): anyone else could swap the socket under us.  lstat, as a
 * symlink to /tmp planted at /tmp/umod-UID would pass stat. */
static int make_dir(const char *path)
{
	char *dir = umod_strdup(path), *slash;
	struct stat st;
	int err = 0;

	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		goto out;
	*slash = '\0';
	if (mkdir(dir, 0700) == 0)
		goto out;
	if (errno != EEXIST) {
		err = -errno;
		umod_set_errmsg("cannot create %s: %s", dir, strerror(errno));
		goto out;
	}
	if (lstat(dir, &st) < 0) {
		err = -errno;
		umod_set_errmsg("cannot use %s: %s", dir, strerror(errno));
	} else if (S_ISLNK(st.st_mode)) {
		err = -ELOOP;
		umod_set_errmsg("cannot use %s: it is a symbolic link", dir);
	} else if (!S_ISDIR(st.st_mode)) {
		err = -ENOTDIR;
		umod_set_errmsg("cannot use %s: Not a directory", dir);
	} else if (st.st_uid != geteuid() && st.st_uid != 0) {
		err = -EPERM;
		umod_set_errmsg("%s belongs to uid %u, not to us", dir,
				(unsigned int)st.st_uid);
	} else if ((st.st_mode & (S_IWGRP | S_IWOTH)) &&
		   !(st.st_mode & S_ISVTX)) {
		err = -EPERM;
		umod_set_errmsg("%s is writable by others (mode %04o)", dir,
				(unsigned int)st.st_mode & 07777);
	}
out:
	free(dir);
	return err;
}

/* A socket nobody answers on is a dead host's: remove it. */
static int clear_stale(const struct sockaddr_un *sa)
{
	struct stat st;
	int fd, err;

	if (lstat(sa->sun_path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		umod_set_errmsg("%s exists and is not a socket", sa->sun_path);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	err = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) ? errno : 0;
	close(fd);
	if (!err) {
		umod_set_errmsg("a host is already listening on %s",
				sa->sun_path);
		return -EADDRINUSE;
	}
	if (err != ECONNREFUSED)
		return -err;
	return unlink(sa->sun_path) < 0 && errno != ENOENT ? -errno : 0;
}

/*
 * Give the socket we just bound its mode through a descriptor of what
 * the path now names, never the path itself: a swapped-in symlink would
 * have chmod change a victim's file.  It must be a socket of ours.
 */
static int set_socket_mode(const char *path, unsigned int mode,
			   struct stat *st)
{
	char proc[32];
	int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0) {
		err = -errno;
	} else if (!S_ISSOCK(st->st_mode) || st->st_uid != geteuid()) {
		err = -EEXIST;
	} else if ((st->st_mode & 07777) != mode) {
		/* /proc/self/fd/N is the inode itself, not a path walk */
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		if (chmod(proc, mode) < 0)
			err = -errno;
	}
	close(fd);
	return err;
}

int ctl_listen(struct umod_ctl *ctl, unsigned int mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, err;

	if (strlen(ctl->path) >= sizeof(sa.sun_path)) {
		umod_set_errmsg("socket path too long: %s", ctl->path);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, ctl->path);
	err = make_dir(ctl->path);
	if (!err)
		err = clear_stale(&sa);
	if (err)
		return err;

	/* Bound under a private name, linked to the real one once listening:
	 * a client that sees the path can connect, and link, as bind, fails
	 * if another host took the path meanwhile. */
	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s.%d", ctl->path,
		     (int)getpid()) >= (int)sizeof(sa.sun_path)) {
		umod_set_errmsg("socket path too long: %s", ctl->path);
		return -ENAMETOOLONG;
	}
	unlink(sa.sun_path);	/* ours, from a host of this pid that died */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* bind creates the node with this mode less the umask: never
	 * looser than asked, even for the moment before set_socket_mode. */
	if (fchmod(fd, mode) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto fail;
	err = set_socket_mode(sa.sun_path, mode, &st);
	if (!err && listen(fd, SOMAXCONN) < 0)
		err = -errno;
	if (!err && link(sa.sun_path, ctl->path) < 0)
		err = errno == EEXIST ? -EADDRINUSE : -errno;
	if (err != -EEXIST)
		unlink(sa.sun_path);
	if (err) {
		errno = -err;
		goto fail;
	}
	ctl->listen_fd = fd;
	ctl->sock_dev = st.st_dev;
	ctl->sock_ino = st.st_ino;
	return 0;
fail:
	err = -errno;
	if (err == -EEXIST)
		umod_set_errmsg("cannot listen on %s: replaced by another file "
				"after bind", ctl->path);
	else if (err == -EADDRINUSE)
		umod_set_errmsg("a host is already listening on %s", ctl->path);
	else
		umod_set_errmsg("cannot listen on %s: %s", ctl->path,
				strerror(-err));
	close(fd);
	return err;
}

/* A socket bound and listening already, handed over by a service manager
 * (systemd's socket activation): our path is the one it is bound to. */
int ctl_adopt(struct umod_ctl *ctl, int fd)
{
	struct sockaddr_un sa = { 0 };
	socklen_t len = sizeof(sa), optlen = sizeof(int);
	char path[sizeof(sa.sun_path) + 1] = "";
	int type = 0, listening = 0, flags;

	if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0 &&
	    sa.sun_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path))
		memcpy(path, sa.sun_path, len - offsetof(struct sockaddr_un, sun_path));
	if (!path[0] ||
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &optlen) < 0 ||
	    type != SOCK_STREAM ||
	    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &optlen) < 0 ||
	    !listening) {
		umod_set_errmsg("fd %d is not a listening Unix stream socket", fd);
		return -ENOTSOCK;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -errno;
	free(ctl->path);
	ctl->path = umod_strdup(path);
	if (!ctl->path)
		return -ENOMEM;
	ctl->listen_fd = fd;
	ctl->inherited = true;
	return 0;
}

/* Remove the socket unless another host has replaced it meanwhile, or it
 * was given us: its owner keeps it for the next host. */
void ctl_unlisten(struct umod_ctl *ctl)
{
	struct stat st;

	if (ctl->listen_fd < 0)
		return;
	close(ctl->listen_fd);
	ctl->listen_fd = -1;
	if (ctl->inherited)
		return;
	if (lstat(ctl->path, &st) == 0 && st.st_dev == ctl->sock_dev &&
	    st.st_ino == ctl->sock_ino)
		unlink(ctl->path);
}
