/* SPDX-License-Identifier: MIT */
/* umodd.h - what the reference host's files share. */
#ifndef UMODD_H
#define UMODD_H

#include <stddef.h>

#include <umod/host.h>

/* umodd.c: one message for the log, from printk or the loader: into the
 * control channel's ring while it runs, and to the console (stderr or
 * syslog).  level is the KERN_ digit. */
void umodd_log(int level, const char *msg);

/* listenfds.c: the socket systemd passed us (socket activation), 0 if
 * none, -1 if we cannot take what it passed. */
int umodd_listen_fd(void);

/* fs.c: the host's /proc and /sys at dir, through FUSE (umodd --fs), on
 * threads of its own until unmounted.  0 or a negative errno. */
struct umod_ctx;
struct umodd_fs;
int umodd_fs_mount(struct umod_ctx *ctx, const char *dir, struct umodd_fs **out);
void umodd_fs_unmount(struct umodd_fs *fs);

#endif /* UMODD_H */
