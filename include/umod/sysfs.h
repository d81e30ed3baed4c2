/* SPDX-License-Identifier: MIT */
/*
 * umod/sysfs.h - the kobjects and attributes modules add to sysfs
 * through libumod-kapi.a (kobject_create_and_add under kernel_kobj,
 * kset_create_and_add, sysfs_create_file, sysfs_create_bin_file,
 * sysfs_create_group...), for a host that serves them as files (umodd
 * --fs), and the uevents they send.
 *
 * Paths are relative to /sys ("kernel/hello/value").  A read is the
 * attribute's show() into a page, a write its store(), each run on the
 * calling thread, which must be prepared (umod_thread_prepare), under
 * the fault guard.  Removing an attribute or its kobject waits for the
 * calls in flight, as kernfs drains them.
 */
#ifndef UMOD_SYSFS_H
#define UMOD_SYSFS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 0 with the st_mode (S_IFDIR, S_IFLNK, or S_IFREG and the attribute's
 * mode), or -ENOENT. */
int umod_sysfs_lookup(const char *path, unsigned int *mode);
typedef int umod_sysfs_cb(const char *name, unsigned int mode, void *arg);
/* A directory's entries ("" is /sys), under the registry's lock: cb
 * must not add or remove. */
int umod_sysfs_for_each(const char *dir, umod_sysfs_cb *cb, void *arg);
/* show() into buf (4096 bytes, a page): its length, or a negative errno
 * (-ENOENT gone, -EIO without show, the handler's own). */
long umod_sysfs_show(const char *path, char *buf);
/* store() of len bytes (less than a page): what it returned. */
long umod_sysfs_store(const char *path, const char *buf, size_t len);

/* A symbolic link (sysfs_create_link): its target relative to the
 * link's directory, as kernfs gives it; -EINVAL for any other file,
 * -ENOENT, -ENAMETOOLONG past size. */
int umod_sysfs_readlink(const char *path, char *buf, size_t size);

/* A binary attribute (sysfs_create_bin_file): its size (0 if it has
 * none), -EINVAL for any other file, -ENOENT.  Reads and writes at pos
 * run its read() and write(), a page at most, within the size: a read
 * past it gives 0, a write there -EFBIG; -EIO without the method. */
long long umod_sysfs_bin_size(const char *path);
long umod_sysfs_bin_read(const char *path, char *buf, size_t len, long long pos);
long umod_sysfs_bin_write(const char *path, const char *buf, size_t len,
			  long long pos);

/* Each uevent, as Linux's netlink socket carries it to udev: the
 * action, the kobject's path ("/kernel/tkset/foo") and its n keys
 * ("ACTION=add", "DEVPATH=...", "SUBSYSTEM=...", the kset's, "SEQNUM=");
 * called on the sender's thread, one at a time, in SEQNUM order.  fn
 * must not add or remove kobjects.  NULL stops it. */
typedef void umod_uevent_fn(const char *action, const char *devpath,
			    char *const *envp, int n, void *arg);
void umod_uevent_listen(umod_uevent_fn *fn, void *arg);

#ifdef __cplusplus
}
#endif
#endif /* UMOD_SYSFS_H */
