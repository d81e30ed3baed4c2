/* SPDX-License-Identifier: MIT */
/*
 * umod/chrdev.h - the character devices modules register through
 * libumod-kapi.a (register_chrdev, cdev_add, device_create,
 * misc_register), for a host that serves them as files (umodd --fs).
 *
 * A node is what devtmpfs would make: a name, a dev_t (major << 20 |
 * minor) and a mode.  A file opened on one pins the module whose
 * file_operations serve it until released; each call below runs the
 * module's handler on the calling thread, which must be prepared
 * (umod_thread_prepare), and returns what the handler returned: a count
 * or a negative errno.  Buffers are the "user" memory the handler's
 * copy_to_user and copy_from_user reach.
 */
#ifndef UMOD_CHRDEV_H
#define UMOD_CHRDEV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct umod_devfile;

typedef int umod_devnode_cb(const char *name, unsigned int devt,
			    unsigned int mode, void *arg);
/* Every node, under the registry's lock: cb must not register. */
int umod_dev_for_each_node(umod_devnode_cb *cb, void *arg);
/* 0 or -ENOENT. */
int umod_dev_lookup(const char *name, unsigned int *devt, unsigned int *mode);

/* open(2) with flags (O_RDWR...): -ENOENT no node, -ENXIO nothing
 * serves its numbers, or what the driver's open returned. */
int umod_dev_open(const char *name, int flags, struct umod_devfile **out);
/* read(2), write(2) at *pos, which moves as the driver moves it. */
long umod_dev_read(struct umod_devfile *f, char *buf, size_t len, long long *pos);
long umod_dev_write(struct umod_devfile *f, const char *buf, size_t len,
		    long long *pos);
/* ioctl(2): -ENOTTY without a handler. */
long umod_dev_ioctl(struct umod_devfile *f, unsigned int cmd, unsigned long arg);
/* poll(2): the driver's mask (Linux's EPOLL bits).  With notify, the
 * file waits on the queues the driver's poll_wait named, and the first
 * wake-up on any calls notify(arg), from the waker's thread; the next
 * poll or the release ends that wait and calls done(arg).  Without
 * notify, nothing waits (done is called at once). */
typedef void umod_devpoll_fn(void *arg);
unsigned int umod_dev_poll(struct umod_devfile *f, umod_devpoll_fn *notify,
			   umod_devpoll_fn *done, void *arg);
/* close(2)'s last reference: the driver's release, the module unpinned. */
void umod_dev_release(struct umod_devfile *f);

#ifdef __cplusplus
}
#endif
#endif /* UMOD_CHRDEV_H */
