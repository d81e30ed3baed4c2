/* SPDX-License-Identifier: MIT */
/*
 * kmod.h - demand loading's private parts: request_module's state
 * (kmod.c), the host's end of the kerneld channel (kerneld.c), the
 * autoclean sweep (autoclean.c) and the control channel ops that reach
 * them (src/ctl/ops.c).
 */
#ifndef UMOD_KMOD_H
#define UMOD_KMOD_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "internal.h"

#define KMOD_MSG_LEN	256

/* What a request asks for: the UMOD_KERNELD_* flags on the wire. */
enum kmod_kind { KMOD_LOAD = 1, KMOD_RELEASE = 2 };

struct kerneld;

/* Per context, created on first use; kmod_ctx_free ends it. */
struct umod_kmod {
	struct umod_ctx *ctx;
	struct list_head node;		/* on the registry request_module walks */
	pthread_mutex_t sweep_lock;	/* one autoclean sweep at a time */
	pthread_mutex_t lock;		/* everything below */
	pthread_cond_t slot_freed;
	struct list_head inflight;	/* struct kmod_req */
	unsigned int running;		/* distinct requests holding a slot */
	unsigned int detached;		/* request_module_nowait's threads */
	pthread_cond_t detached_done;
	/* umod_set_request_config, and the control channel's socket */
	enum umod_request_mode mode;
	char *modprobe;			/* NULL: the default */
	char **modprobe_args;
	char *socket;			/* the configured one, or NULL */
	char *ctl_path;			/* the running control channel's */
	unsigned int timeout_ms, max_requests, busy_timeout_ms;
	/* kerneld.c: the channel, live or dead; dead ones wait to be joined */
	struct kerneld *kd;
};

/* kmod.c */
struct umod_kmod *kmod_get(struct umod_ctx *ctx);
/* The control channel tells where modprobe reaches the host, and hands
 * over a client that asked to be kerneld (kerneld_attach). */
int kmod_ctl_started(struct umod_ctx *ctx, const char *path);
void kmod_ctl_stopped(struct umod_ctx *ctx);
int kmod_kerneld_attach(struct umod_ctx *ctx, int fd, uid_t uid, pid_t pid);

/*
 * kerneld.c, which only kmod.c calls: kmod.c owns the per-context state
 * and kerneld works inside it, never the other way.  kerneld_attach
 * takes over a control channel client that asked to be kerneld: fd is
 * its socket (the caller keeps its own copy and closes it), and the
 * registration's reply is sent from here, so nothing reaches kerneld
 * before it.
 */
int kerneld_attach(struct umod_kmod *km, int fd, uid_t uid, pid_t pid);
/* Ask kerneld: 0, a positive modprobe status, or -errno (-ENODEV: there
 * is no kerneld).  msg gets kerneld's explanation. */
int kerneld_call(struct umod_kmod *km, enum kmod_kind kind, const char *name,
		 int64_t deadline, char *msg, size_t len);
pid_t kerneld_pid(struct umod_kmod *km);
/* Close the channel and wait for its thread; km->lock not held. */
void kerneld_shutdown(struct umod_kmod *km);

/* autoclean.c: one sweep; cb (may be NULL) hears each module removed. */
typedef void autoclean_cb(const char *name, void *arg);
int autoclean_sweep(struct umod_ctx *ctx, autoclean_cb *cb, void *arg);

#endif /* UMOD_KMOD_H */
