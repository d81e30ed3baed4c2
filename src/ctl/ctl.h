/* SPDX-License-Identifier: MIT */
/*
 * ctl.h - the control channel's private structures.
 *
 * One server thread owns the sockets and never blocks: it reads requests,
 * hands each complete one to a worker thread (a request may run a
 * module's init or exit, which can take as long as it likes), and writes
 * the reply once the worker is done.  A client has at most one request
 * in flight; further bytes wait in its socket.
 */
#ifndef UMOD_CTL_H
#define UMOD_CTL_H

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <umod/linux.h>

#include "proto.h"

/* ---- ring.c: the log ring, as Linux's printk buffer ---- */

struct ctl_ring {
	pthread_mutex_t lock;
	unsigned char *buf;
	size_t size;
	size_t first, next;		/* byte offsets of the oldest, the next */
	uint64_t first_seq, next_seq;
	uint64_t clear_seq;		/* LOG_CLEAR moved the start here */
	uint64_t boot_ns;		/* CLOCK_MONOTONIC at start */
	uint64_t boot_epoch_us;		/* CLOCK_REALTIME then, for dmesg -T */
	pthread_cond_t grew;		/* a record was added: followers */
};

struct ctl_log_rec {
	uint64_t seq;
	uint64_t usec;
	unsigned int level;
	const char *text;
	size_t len;
};

int ctl_ring_init(struct ctl_ring *r, size_t size);
void ctl_ring_free(struct ctl_ring *r);
void ctl_ring_add(struct ctl_ring *r, int level, const char *text);
/* Calls cb for every record since the last clear, under the ring lock;
 * with clear, later reads start after them.  Returns the next record's
 * sequence number. */
typedef void ctl_ring_cb(const struct ctl_log_rec *rec, void *arg);
uint64_t ctl_ring_read(struct ctl_ring *r, bool clear, ctl_ring_cb *cb,
		       void *arg);
/* dmesg -w: waits up to wait_ms for records from *from on; calls cb for
 * each, moves *from past them and returns true, or returns false. */
bool ctl_ring_follow(struct ctl_ring *r, uint64_t *from, unsigned int wait_ms,
		     ctl_ring_cb *cb, void *arg);

/* ---- server.c ---- */

struct ctl_request {
	struct umod_msg_hdr hdr;
	unsigned char *payload;
	int fd;				/* INIT's module file, or -1 */
};

struct ctl_client {
	int fd;
	uid_t uid;
	pid_t pid;
	bool admitted;			/* may change the host's state */
	/* Input: a header, then its payload. */
	unsigned char hdr[UMOD_PROTO_HDR_LEN];
	size_t hdr_got, payload_got;
	struct ctl_request req;
	/* Output: whole messages, written as the socket takes them. */
	struct umod_wbuf out;
	size_t out_off;
	bool close_after;		/* a protocol error: flush, then close */
	bool handoff;			/* kerneld's channel now, or a follower
				 * gone: drop, unanswered */
	bool hangup;			/* the peer went away */
	int64_t deadline;		/* ms; a stalled message is dropped */
	/* The worker running the request. */
	pthread_t worker;
	bool busy;
	atomic_bool done;
	struct umod_ctl *ctl;
};

struct ctl_ratelimit {
	pthread_mutex_t lock;
	int64_t begin;			/* ms; the interval's start */
	unsigned int printed, missed;
};

struct umod_ctl {
	struct umod_ctx *ctx;
	char *path;
	dev_t sock_dev;			/* what we bound, to unlink only that */
	ino_t sock_ino;
	char *release;
	uid_t *allow;
	size_t num_allow;
	unsigned int max_clients;
	unsigned int timeout_ms;
	int listen_fd;
	bool inherited;			/* listen_fd was given us: not ours to unlink */
	int wake[2];			/* workers and stop poke the loop */
	atomic_bool stopping;
	pthread_t thread;
	struct ctl_client **clients;
	unsigned int num_clients;
	struct pollfd *pfd;		/* the loop's, sized for max_clients */
	struct ctl_client **polled;
	struct ctl_ring ring;
	struct ctl_ratelimit ratelimit;	/* what guests can make us log */
	umod_log_fn *log;		/* the tee: cfg->log */
	void *log_arg;
	umod_log_fn *prev_log;		/* the context's, restored at stop */
	void *prev_log_arg;
};

void ctl_wake(struct umod_ctl *ctl);

/* ratelimit.c: false when this message should be dropped: ten per five
 * seconds. */
bool ctl_ratelimit(struct umod_ctl *ctl);

/* ---- listen.c: the socket and its directory ---- */

int ctl_listen(struct umod_ctl *ctl, unsigned int mode);
int ctl_adopt(struct umod_ctl *ctl, int fd);
void ctl_unlisten(struct umod_ctl *ctl);

/* ---- ops.c: one request, in a worker thread ---- */

/* Build the reply to c->req in c->out. */
void ctl_handle(struct ctl_client *c);
/* An ERROR message: the connection closes once it is sent. */
void ctl_error_reply(struct umod_wbuf *out, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool ctl_uid_admitted(const struct umod_ctl *ctl, uid_t uid);

#endif /* UMOD_CTL_H */
