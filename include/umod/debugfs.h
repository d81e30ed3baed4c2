/* SPDX-License-Identifier: MIT */
/*
 * umod/debugfs.h - the debugfs directories and value files modules make
 * through libumod-kapi.a (debugfs_create_dir, debugfs_create_u32,
 * debugfs_create_bool...), for a host that serves them (umodd --fs, at
 * sys/kernel/debug).  Paths are relative to debugfs' root ("tdebug/n").
 */
#ifndef UMOD_DEBUGFS_H
#define UMOD_DEBUGFS_H

#include <stddef.h>

#include <umod/chrdev.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 0 with the st_mode, or -ENOENT. */
int umod_debugfs_lookup(const char *path, unsigned int *mode);
typedef int umod_debugfs_cb(const char *name, unsigned int mode, void *arg);
/* A directory's entries ("" is the root), under the registry's lock. */
int umod_debugfs_for_each(const char *dir, umod_debugfs_cb *cb, void *arg);
/* open(2): a file made with debugfs_create_file is the module's own
 * file_operations, opened on them (*out), the module pinned until the
 * release; a value file has no file of its own (*out NULL: read and
 * write it below).  -ENOENT, -EISDIR, or what the driver's open gave.
 * Reads, writes, ioctls and polls run the driver's as <umod/chrdev.h>'s
 * do (the calling thread prepared), and fail with -EIO (a poll with
 * EPOLLHUP) once the file is removed, unless it was made with debugfs_create_file_unsafe; the
 * release runs the driver's all the same. */
struct umod_debugfile;
int umod_debugfs_open(const char *path, int flags, struct umod_debugfile **out);
long umod_debugfs_file_read(struct umod_debugfile *f, char *buf, size_t len,
			    long long *pos);
long umod_debugfs_file_write(struct umod_debugfile *f, const char *buf,
			     size_t len, long long *pos);
long umod_debugfs_file_ioctl(struct umod_debugfile *f, unsigned int cmd,
			     unsigned long arg);
/* umod_dev_poll's, or EPOLLHUP once removed. */
unsigned int umod_debugfs_file_poll(struct umod_debugfile *f,
				    umod_devpoll_fn *notify, umod_devpoll_fn *done,
				    void *arg);
void umod_debugfs_file_release(struct umod_debugfile *f);
/* The value as its file shows it, into buf: its length, or -errno. */
long umod_debugfs_read(const char *path, char *buf, size_t size);
/* A write of the value, parsed as debugfs does: len, or -errno. */
long umod_debugfs_write(const char *path, const char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* UMOD_DEBUGFS_H */
