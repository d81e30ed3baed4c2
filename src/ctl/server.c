// SPDX-License-Identifier: MIT
/*
 * server.c - the control channel's thread: accept, read requests, hand
 * them to workers, write replies.  Nothing here blocks: every socket is
 * non-blocking, a stalled message is dropped after timeout_ms, and a
 * slow request runs in its worker while the others go on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../internal.h"
#include "../kmod.h"
#include "ctl.h"

#define CTL_MAX_CLIENTS	64
#define CTL_TIMEOUT_MS	10000
#define CTL_LOG_SIZE	(128 * 1024)
#define CTL_MAX_FDS	4		/* per read; more than one is an error */
#define ACCEPT_PAUSE_MS	100		/* out of fds: let clients leave */

void ctl_wake(struct umod_ctl *ctl)
{
	ssize_t n = write(ctl->wake[1], "", 1);

	(void)n;	/* a full pipe already wakes the loop */
}

static void drain_wake(struct umod_ctl *ctl)
{
	char buf[64];

	while (read(ctl->wake[0], buf, sizeof(buf)) > 0)
		;
}

/* ---- Clients ---- */

static void request_reset(struct ctl_request *req)
{
	free(req->payload);
	req->payload = NULL;
	if (req->fd >= 0)
		close(req->fd);
	req->fd = -1;
}

static void client_free(struct ctl_client *c)
{
	if (c->busy)
		pthread_join(c->worker, NULL);
	close(c->fd);
	request_reset(&c->req);
	umod_wbuf_free(&c->out);
	free(c);
}

static void client_remove(struct umod_ctl *ctl, unsigned int i)
{
	client_free(ctl->clients[i]);
	ctl->clients[i] = ctl->clients[--ctl->num_clients];
}

static unsigned int count_guests(const struct umod_ctl *ctl)
{
	unsigned int i, n = 0;

	for (i = 0; i < ctl->num_clients; i++)
		n += !ctl->clients[i]->admitted;
	return n;
}

/* A guest that sends nothing would hold its slot forever: between
 * requests it has timeout_ms to start the next.  The host's own users
 * may idle (modprobe, between the steps of an install command). */
static int64_t idle_deadline(const struct umod_ctl *ctl,
			     const struct ctl_client *c)
{
	return c->admitted ? 0 : umod_now_ms() + ctl->timeout_ms;
}

/* Turn a client away with an ERROR message a fresh socket has room for. */
static void refuse(int fd, int err, const char *why)
{
	struct umod_wbuf b = { 0 };

	ctl_error_reply(&b, err, "%s", why);
	if (!b.oom)
		umod_send(fd, b.data, b.len, MSG_NOSIGNAL | MSG_DONTWAIT);
	umod_wbuf_free(&b);
	close(fd);
}

/* Guests (not admitted) may hold half the slots, so they cannot lock
 * the administrator out. */
static void admit(struct umod_ctl *ctl, int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct ctl_client *c;
	bool admitted;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		close(fd);
		return;
	}
	admitted = ctl_uid_admitted(ctl, cred.uid);
	if (ctl->num_clients >= ctl->max_clients ||
	    (!admitted && count_guests(ctl) >= ctl->max_clients / 2)) {
		refuse(fd, EUSERS, "too many clients");
		return;
	}
	c = umod_calloc(1, sizeof(*c));
	if (!c) {
		refuse(fd, ENOMEM, "out of memory");
		return;
	}
	c->fd = fd;
	c->uid = cred.uid;
	c->pid = cred.pid;
	c->admitted = admitted;
	c->deadline = idle_deadline(ctl, c);
	c->req.fd = -1;
	c->ctl = ctl;
	ctl->clients[ctl->num_clients++] = c;
}

/* Returns true to keep listening now, false to pause (out of fds). */
static bool accept_all(struct umod_ctl *ctl)
{
	for (;;) {
		int fd = accept4(ctl->listen_fd, NULL, NULL,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd >= 0) {
			admit(ctl, fd);
			continue;
		}
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		return errno != EMFILE && errno != ENFILE && errno != ENOBUFS &&
		       errno != ENOMEM;
	}
}

/* ---- Requests ---- */

static void *worker_main(void *arg)
{
	struct ctl_client *c = arg;

	umod_thread_prepare();	/* else the load fails, saying why */
	ctl_handle(c);
	atomic_store(&c->done, true);
	ctl_wake(c->ctl);
	return NULL;
}

static void start_request(struct umod_ctl *ctl, struct ctl_client *c)
{
	c->deadline = 0;
	atomic_store(&c->done, false);
	if (pthread_create(&c->worker, NULL, worker_main, c) == 0) {
		c->busy = true;
		return;
	}
	ctl_error_reply(&c->out, EAGAIN, "cannot start a worker thread");
	c->close_after = true;
	request_reset(&c->req);
}

/* A complete header: check it before reading what it announces. */
static int take_header(struct umod_ctl *ctl, struct ctl_client *c)
{
	int err = umod_hdr_decode(c->hdr, &c->req.hdr);

	switch (err) {
	case 0:
		break;
	case -EMSGSIZE:
		ctl_error_reply(&c->out, EMSGSIZE,
				"message of %u bytes exceeds the %u-byte limit",
				c->req.hdr.len, UMOD_PROTO_MAX_PAYLOAD);
		return err;
	case -EPROTONOSUPPORT:
		ctl_error_reply(&c->out, EPROTONOSUPPORT,
				"protocol version %u not supported (host speaks %u)",
				c->req.hdr.version, UMOD_PROTO_VERSION);
		return err;
	default:
		ctl_error_reply(&c->out, EPROTO, "not a umod message");
		return err;
	}
	c->req.payload = umod_malloc(c->req.hdr.len ? c->req.hdr.len : 1);
	if (!c->req.payload) {
		ctl_error_reply(&c->out, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	c->payload_got = 0;
	return 0;
}

/* Keep the first descriptor passed with a message; more is an error. */
static int take_fds(struct ctl_client *c, struct msghdr *mh)
{
	struct cmsghdr *cm;
	int err = 0;

	if (mh->msg_flags & MSG_CTRUNC)
		err = -EBADMSG;
	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		int *fds = (int *)CMSG_DATA(cm);
		size_t i, n;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			if (c->req.fd < 0 && !err) {
				c->req.fd = fds[i];
				continue;
			}
			close(fds[i]);
			err = -EBADMSG;
		}
	}
	return err;
}

static ssize_t client_recv(struct ctl_client *c, void *buf, size_t len)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * CTL_MAX_FDS)];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = { buf, len };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.buf, .msg_controllen = sizeof(cbuf.buf),
	};
	ssize_t n;

	do
		n = umod_recvmsg(c->fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (take_fds(c, &mh) < 0) {
		ctl_error_reply(&c->out, EBADMSG,
				"one file descriptor per message at most");
		return -EBADMSG;
	}
	return n;
}

/* Read what has arrived; start the request once it is whole.  A negative
 * return closes the client at once. */
static int client_read(struct umod_ctl *ctl, struct ctl_client *c)
{
	for (;;) {
		bool in_hdr = c->hdr_got < UMOD_PROTO_HDR_LEN;
		unsigned char *dst;
		size_t want;
		ssize_t n;

		if (in_hdr) {
			dst = c->hdr + c->hdr_got;
			want = UMOD_PROTO_HDR_LEN - c->hdr_got;
		} else {
			dst = c->req.payload + c->payload_got;
			want = c->req.hdr.len - c->payload_got;
		}
		n = want ? client_recv(c, dst, want) : 0;
		if (n == -EAGAIN)
			return 0;
		if (n == -EBADMSG)
			goto protocol_error;
		if (n < 0)
			return n;
		if (n == 0 && want)
			return -ECONNRESET;
		if (in_hdr && !c->hdr_got)
			c->deadline = umod_now_ms() + ctl->timeout_ms;
		if (in_hdr) {
			c->hdr_got += n;
			if (c->hdr_got == UMOD_PROTO_HDR_LEN &&
			    take_header(ctl, c) < 0)
				goto protocol_error;
		} else {
			c->payload_got += n;
		}
		if (c->hdr_got == UMOD_PROTO_HDR_LEN &&
		    c->payload_got == c->req.hdr.len) {
			c->hdr_got = c->payload_got = 0;
			start_request(ctl, c);
			return 0;
		}
	}
protocol_error:
	c->close_after = true;
	c->deadline = umod_now_ms() + ctl->timeout_ms;
	return 0;
}

/* Write what the socket takes.  Negative: close the client. */
static int client_write(struct umod_ctl *ctl, struct ctl_client *c)
{
	if (c->out.oom)
		return -ENOMEM;
	while (c->out_off < c->out.len) {
		ssize_t n = umod_send(c->fd, c->out.data + c->out_off,
				      c->out.len - c->out_off,
				      MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			c->deadline = umod_now_ms() + ctl->timeout_ms;
			return 0;
		}
		if (n < 0)
			return -errno;
		c->out_off += n;
	}
	c->out.len = c->out_off = 0;
	c->deadline = idle_deadline(ctl, c);
	return c->close_after ? -ECONNRESET : 0;
}

static bool client_pending_out(const struct ctl_client *c)
{
	return c->out_off < c->out.len || c->out.oom;
}

/* Finished workers: collect them and send their replies. */
static void reap_workers(struct umod_ctl *ctl)
{
	unsigned int i = 0;

	while (i < ctl->num_clients) {
		struct ctl_client *c = ctl->clients[i];

		if (c->busy && atomic_load(&c->done)) {
			pthread_join(c->worker, NULL);
			c->busy = false;
			request_reset(&c->req);
			/* kerneld took the connection; our copy goes. */
			if (c->handoff || client_write(ctl, c) < 0) {
				client_remove(ctl, i);
				continue;
			}
		}
		i++;
	}
}

static short client_events(const struct ctl_client *c)
{
	if (c->busy)
		return 0;
	return client_pending_out(c) ? POLLOUT : POLLIN;
}

static int client_event(struct umod_ctl *ctl, struct ctl_client *c, short ev)
{
	int err = 0;

	if (c->busy)
		return 0;
	if (client_pending_out(c)) {
		if (ev & (POLLOUT | POLLERR | POLLHUP))
			err = client_write(ctl, c);
	} else if (ev & (POLLIN | POLLERR | POLLHUP)) {
		err = client_read(ctl, c);
		/* A protocol error or a refused worker queued a reply. */
		if (!err && !c->busy && client_pending_out(c))
			err = client_write(ctl, c);
	}
	return err;
}

/* ---- The loop ---- */

static int next_timeout(const struct umod_ctl *ctl, int64_t now,
			int64_t accept_at)
{
	int64_t soonest = accept_at;
	unsigned int i;

	for (i = 0; i < ctl->num_clients; i++) {
		int64_t d = ctl->clients[i]->deadline;

		if (d && !ctl->clients[i]->busy && (!soonest || d < soonest))
			soonest = d;
	}
	if (!soonest)
		return -1;
	return soonest <= now ? 0 : (int)(soonest - now);
}

static void expire_clients(struct umod_ctl *ctl, int64_t now)
{
	unsigned int i = 0;

	while (i < ctl->num_clients) {
		struct ctl_client *c = ctl->clients[i];

		if (c->deadline && !c->busy && now >= c->deadline) {
			bool idle = !c->hdr_got && !client_pending_out(c);

			if (ctl_ratelimit(ctl))
				umod_log(ctl->ctx, UMOD_LOG_INFO,
					 "umod: dropped %s client (uid %u, pid %d)",
					 idle ? "idle" : "stalled",
					 (unsigned int)c->uid, (int)c->pid);
			client_remove(ctl, i);
			continue;
		}
		i++;
	}
}

static void *server_main(void *arg)
{
	struct umod_ctl *ctl = arg;
	struct pollfd *pfd = ctl->pfd;
	struct ctl_client **polled = ctl->polled;
	int64_t accept_at = 0;

	umod_thread_prepare();
	while (!atomic_load(&ctl->stopping)) {
		unsigned int i, n = ctl->num_clients;
		int64_t now = umod_now_ms();

		if (accept_at && now >= accept_at)
			accept_at = 0;
		pfd[0] = (struct pollfd){ ctl->wake[0], POLLIN, 0 };
		pfd[1] = (struct pollfd){ accept_at ? -1 : ctl->listen_fd,
					  POLLIN, 0 };
		for (i = 0; i < n; i++) {
			struct ctl_client *c = ctl->clients[i];

			polled[i] = c;
			pfd[2 + i] = (struct pollfd){ c->busy ? -1 : c->fd,
						      client_events(c), 0 };
		}
		if (poll(pfd, n + 2, next_timeout(ctl, now, accept_at)) < 0 &&
		    errno != EINTR)
			break;

		if (pfd[0].revents)
			drain_wake(ctl);
		for (i = 0; i < n; i++) {
			struct ctl_client *c = polled[i];

			if (pfd[2 + i].revents &&
			    client_event(ctl, c, pfd[2 + i].revents) < 0)
				c->hangup = true;
		}
		for (i = 0; i < ctl->num_clients;) {
			if (ctl->clients[i]->hangup)
				client_remove(ctl, i);
			else
				i++;
		}
		reap_workers(ctl);
		if (pfd[1].revents && !accept_all(ctl))
			accept_at = umod_now_ms() + ACCEPT_PAUSE_MS;
		expire_clients(ctl, umod_now_ms());
	}
	/* Gone from the file system first: joining a worker waits for its
	 * request, and an init may never return. */
	ctl_unlisten(ctl);
	while (ctl->num_clients)
		client_remove(ctl, ctl->num_clients - 1);
	return NULL;
}

/* ---- Rate-limited logging ---- */

/* ---- Starting and stopping ---- */

bool ctl_uid_admitted(const struct umod_ctl *ctl, uid_t uid)
{
	size_t i;

	if (uid == 0 || uid == geteuid())
		return true;
	for (i = 0; i < ctl->num_allow; i++)
		if (ctl->allow[i] == uid)
			return true;
	return false;
}

/* The loader's messages, while the server runs: into the ring. */
static void ctl_loader_log(int level, const char *msg, void *arg)
{
	umod_ctl_log(arg, level, msg);
}

void umod_ctl_log(struct umod_ctl *ctl, int level, const char *msg)
{
	ctl_ring_add(&ctl->ring, level, msg);
	if (ctl->log)
		ctl->log(level, msg, ctl->log_arg);
}

const char *umod_ctl_path(const struct umod_ctl *ctl)
{
	return ctl->path;
}

static void ctl_free(struct umod_ctl *ctl)
{
	if (ctl->wake[0] >= 0)
		close(ctl->wake[0]);
	if (ctl->wake[1] >= 0)
		close(ctl->wake[1]);
	if (ctl->ring.buf)
		ctl_ring_free(&ctl->ring);
	free(ctl->clients);
	free(ctl->polled);
	free(ctl->pfd);
	free(ctl->allow);
	free(ctl->release);
	free(ctl->path);
	pthread_mutex_destroy(&ctl->ratelimit.lock);
	free(ctl);
}

static int ctl_configure(struct umod_ctl *ctl, const struct umod_ctl_config *cfg)
{
	char def[108];
	size_t i;
	int err;

	if (!cfg->path) {
		err = umod_proto_default_path(def, sizeof(def));
		if (err)
			return err;
	}
	ctl->path = umod_strdup(cfg->path ? cfg->path : def);
	ctl->release = umod_strdup(cfg->release ? cfg->release
						: UMOD_RELEASE_DEFAULT);
	ctl->max_clients = cfg->max_clients ? cfg->max_clients
					    : CTL_MAX_CLIENTS;
	ctl->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : CTL_TIMEOUT_MS;
	ctl->clients = umod_calloc(ctl->max_clients, sizeof(*ctl->clients));
	ctl->polled = umod_calloc(ctl->max_clients, sizeof(*ctl->polled));
	ctl->pfd = umod_calloc(ctl->max_clients + 2, sizeof(*ctl->pfd));
	if (cfg->num_allow_uids) {
		ctl->allow = umod_calloc(cfg->num_allow_uids, sizeof(*ctl->allow));
		if (!ctl->allow)
			return -ENOMEM;
		for (i = 0; i < cfg->num_allow_uids; i++)
			ctl->allow[i] = cfg->allow_uids[i];
		ctl->num_allow = cfg->num_allow_uids;
	}
	ctl->log = cfg->log;
	ctl->log_arg = cfg->log_arg;
	if (!ctl->path || !ctl->release || !ctl->clients || !ctl->polled ||
	    !ctl->pfd)
		return -ENOMEM;
	return ctl_ring_init(&ctl->ring, cfg->log_size ? cfg->log_size
						       : CTL_LOG_SIZE);
}

/* The thread takes no signals: they are the host's to handle. */
static int start_thread(struct umod_ctl *ctl)
{
	sigset_t all, old;
	int err;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&ctl->thread, NULL, server_main, ctl);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -err;
}

int umod_ctl_start(struct umod_ctx *ctx, const struct umod_ctl_config *cfg,
		   struct umod_ctl **out)
{
	struct umod_ctl_config c = { 0 };
	struct umod_ctl *ctl;
	int err;

	umod_clear_errmsg();
	if (cfg && (err = umod_config_copy(&c, sizeof(c), sizeof(c), cfg,
					   "umod_ctl_config")))
		return err;
	cfg = &c;
	ctl = umod_calloc(1, sizeof(*ctl));
	if (!ctl) {
		umod_set_errmsg("control channel: out of memory");
		return -ENOMEM;
	}
	ctl->ctx = ctx;
	ctl->listen_fd = ctl->wake[0] = ctl->wake[1] = -1;
	pthread_mutex_init(&ctl->ratelimit.lock, NULL);
	err = ctl_configure(ctl, cfg);
	if (err)
		goto fail;
	if (pipe2(ctl->wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		err = -errno;
		goto fail;
	}
	if (cfg->listen_fd > 0)
		err = ctl_adopt(ctl, cfg->listen_fd);
	else
		err = ctl_listen(ctl, cfg->socket_mode ? cfg->socket_mode : 0600);
	if (err)
		goto fail;
	/* request_module's modprobe is pointed here: first, as it may fail. */
	err = kmod_ctl_started(ctx, ctl->path);
	if (err) {
		ctl_unlisten(ctl);
		goto fail;
	}
	ctl->prev_log = ctx->log;
	ctl->prev_log_arg = ctx->log_arg;
	umod_set_log(ctx, ctl_loader_log, ctl);
	err = start_thread(ctl);
	if (err) {
		umod_set_log(ctx, ctl->prev_log, ctl->prev_log_arg);
		kmod_ctl_stopped(ctx);
		ctl_unlisten(ctl);
		goto fail;
	}
	*out = ctl;
	return 0;
fail:
	if (err == -ENOMEM)
		umod_set_errmsg("control channel: out of memory");
	ctl_free(ctl);
	return err;
}

void umod_ctl_stop(struct umod_ctl *ctl)
{
	if (!ctl)
		return;
	atomic_store(&ctl->stopping, true);
	ctl_wake(ctl);
	pthread_join(ctl->thread, NULL);
	kmod_ctl_stopped(ctl->ctx);
	umod_set_log(ctl->ctx, ctl->prev_log, ctl->prev_log_arg);
	ctl_unlisten(ctl);
	ctl_free(ctl);
}
