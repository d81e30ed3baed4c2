/* SPDX-License-Identifier: MIT */
/*
 * umod/procfs.h - the /proc entries modules create through
 * libumod-kapi.a (proc_create, proc_mkdir, proc_create_single_data...),
 * for a host that serves them as files (umodd --fs).
 *
 * Paths are relative to /proc ("driver/rtc").  A file opened on an entry
 * does not pin its module: removing the entry releases the files still
 * open on it, whose reads and writes then fail with -EIO, as Linux's.
 * Each call runs the module's handler on the calling thread, which must
 * be prepared (umod_thread_prepare), and returns what it returned.
 */
#ifndef UMOD_PROCFS_H
#define UMOD_PROCFS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct umod_procfile;

/* 0 with the entry's st_mode (S_IFDIR or S_IFREG), or -ENOENT. */
int umod_proc_lookup(const char *path, unsigned int *mode);
typedef int umod_proc_cb(const char *name, unsigned int mode, void *arg);
/* A directory's entries, under the registry's lock: cb must not create
 * or remove entries.  -ENOENT if dir is none. */
int umod_proc_for_each(const char *dir, umod_proc_cb *cb, void *arg);

/* open(2): -ENOENT, or what the entry's proc_open returned. */
int umod_proc_open(const char *path, int flags, struct umod_procfile **out);
long umod_proc_read(struct umod_procfile *f, char *buf, size_t len,
		    long long *pos);
long umod_proc_write(struct umod_procfile *f, const char *buf, size_t len,
		     long long *pos);
void umod_proc_release(struct umod_procfile *f);

#ifdef __cplusplus
}
#endif
#endif /* UMOD_PROCFS_H */
