/* SPDX-License-Identifier: MIT */
/* umodd.h - what the reference host's files share. */
#ifndef UMODD_H
#define UMODD_H

#include <errno.h>
#include <stddef.h>

#include <umod/host.h>

/* umodd.c: one message for the log, from printk or the loader: into the
 * control channel's ring while it runs, and to the console (stderr or
 * syslog).  level is the KERN_ digit. */
void umodd_log(int level, const char *msg);

/* crcs.c: the CRCs of umodd's exports (umod_export_crcs), under the
 * name modpost -H looks for. */
extern const struct umod_symbol_crc umod_host_crcs[];
extern const size_t umod_host_num_crcs;

/* listenfds.c: the socket systemd passed us (socket activation), 0 if
 * none, -1 if we cannot take what it passed. */
int umodd_listen_fd(void);

/* fs.c: the host's /proc and /sys at dir, through FUSE (umodd --fs), on
 * threads of its own until unmounted.  0 or a negative errno.  Built
 * without libfuse3 (umodd/umodd.mk's WITH_FUSE=n), there is no fs.c and
 * --fs is refused: nothing is ever mounted. */
struct umod_ctx;
struct umodd_fs;
#if ENABLE_FUSE
int umodd_fs_mount(struct umod_ctx *ctx, const char *dir, struct umodd_fs **out);
void umodd_fs_unmount(struct umodd_fs *fs);
#else
static inline int umodd_fs_mount(struct umod_ctx *ctx, const char *dir,
				 struct umodd_fs **out)
{
	return -ENOSYS;
}
static inline void umodd_fs_unmount(struct umodd_fs *fs) {}
#endif

#endif /* UMODD_H */
