// SPDX-License-Identifier: MIT
/*
 * kerneld.c - the host's end of the kerneld channel.
 *
 * As Linux 2.0's kerneld opened an IPC message queue that the kernel sent
 * requests into, umod's kerneld connects to the host's control socket and
 * asks (UMOD_OP_KERNELD) to be the host's kerneld.  From the reply on,
 * the connection carries requests the other way: the host sends "load
 * NAME" or "release NAME" with a sequence number, kerneld runs modprobe
 * and answers with the same number, in any order.  A reader thread takes
 * the answers to the callers waiting for them; when kerneld goes away,
 * every caller still waiting fails with -ECONNRESET and the host carries
 * on until a kerneld connects again.  docs/protocol.md has the format.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kmod.h"
#include "proto.h"

#define KD_REPLY_TIMEOUT_MS	5000	/* the registration's reply */

struct kd_call {
	struct list_head list;		/* on kd->calls */
	uint64_t seq;
	bool done;
	int result;
	char *msg;
	size_t len;
	pthread_cond_t cond;
};

struct kerneld {
	struct umod_kmod *km;
	int fd;
	pid_t pid;
	uid_t uid;
	pthread_t reader;
	pthread_mutex_t send_lock;	/* one message on the socket at a time */
	/* under km->lock: */
	unsigned int refs;		/* km->kd, and each caller */
	bool ready;			/* the registration's reply went out */
	bool dead;			/* the reader has finished */
	uint64_t next_seq;
	struct list_head calls;		/* struct kd_call, waiting */
};

/* km->lock held. */
static void kd_put(struct kerneld *kd)
{
	if (--kd->refs)
		return;
	close(kd->fd);
	pthread_mutex_destroy(&kd->send_lock);
	free(kd);
}

static bool kd_alive(const struct kerneld *kd)
{
	return kd && kd->ready && !kd->dead;
}

/* ---- The socket ---- */

static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { fd, events, 0 };
	int64_t left = deadline < 0 ? -1 : deadline - umod_now_ms();
	int n;

	if (deadline >= 0 && left <= 0)
		return -ETIMEDOUT;
	n = poll(&pfd, 1, (int)left);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	return n ? 0 : -ETIMEDOUT;
}

/* kd->send_lock held. */
static int write_all(struct kerneld *kd, const struct umod_wbuf *b,
		     int64_t deadline)
{
	size_t off = 0;
	int ret = 0;

	if (b->oom)
		return -ENOMEM;
	while (!ret && off < b->len) {
		ssize_t n = umod_send(kd->fd, b->data + off, b->len - off,
				      MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n >= 0)
			off += n;
		else if (errno == EAGAIN)
			ret = wait_fd(kd->fd, POLLOUT, deadline);
		else if (errno != EINTR)
			ret = -errno;
	}
	return ret;
}

static int send_all(struct kerneld *kd, const struct umod_wbuf *b,
		    int64_t deadline)
{
	int ret;

	pthread_mutex_lock(&kd->send_lock);
	ret = write_all(kd, b, deadline);
	pthread_mutex_unlock(&kd->send_lock);
	return ret;
}

/* n bytes, however long it takes; -ECONNRESET at the end of the stream. */
static int recv_all(int fd, void *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = umod_recv(fd, (char *)buf + off, len - off, MSG_DONTWAIT);
		int ret;

		if (n > 0) {
			off += n;
			continue;
		}
		if (n == 0)
			return -ECONNRESET;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		if ((ret = wait_fd(fd, POLLIN, -1)))
			return ret;
	}
	return 0;
}

/* ---- kerneld's answers ---- */

struct kd_answer {
	uint64_t seq;
	bool has_seq;
	uint32_t err, status;
	const char *msg;
};

static int parse_answer(const unsigned char *p, size_t len, struct kd_answer *a)
{
	struct umod_attr_iter it;
	struct umod_attr_val v;
	int ret;

	memset(a, 0, sizeof(*a));
	umod_attr_iter_init(&it, p, len);
	while ((ret = umod_attr_next(&it, &v)) > 0) {
		switch (v.type) {
		case UMOD_A_SEQ:
			ret = umod_attr_u64(&v, &a->seq);
			a->has_seq = !ret;
			break;
		case UMOD_A_ERRNO:
			ret = umod_attr_u32(&v, &a->err);
			break;
		case UMOD_A_STATUS:
			ret = umod_attr_u32(&v, &a->status);
			break;
		case UMOD_A_MSG:
			ret = (a->msg = umod_attr_str(&v)) ? 0 : -EBADMSG;
			break;
		}
		if (ret < 0)
			return ret;
	}
	return ret < 0 || !a->has_seq ? -EBADMSG : 0;
}

/* Hand an answer to its caller; one nobody waits for is dropped. */
static void deliver(struct kerneld *kd, const struct kd_answer *a)
{
	struct umod_kmod *km = kd->km;
	struct kd_call *call;

	pthread_mutex_lock(&km->lock);
	list_for_each_entry(call, &kd->calls, list) {
		if (call->seq != a->seq)
			continue;
		call->result = a->err ? -(int)a->err : (int)a->status;
		snprintf(call->msg, call->len, "%s", a->msg ? a->msg : "");
		call->done = true;
		list_del(&call->list);
		pthread_cond_signal(&call->cond);
		break;
	}
	pthread_mutex_unlock(&km->lock);
}

static int read_answer(struct kerneld *kd, unsigned char **payload)
{
	unsigned char hdr[UMOD_PROTO_HDR_LEN];
	struct umod_msg_hdr h;
	struct kd_answer a;
	int ret;

	if ((ret = recv_all(kd->fd, hdr, sizeof(hdr))))
		return ret;
	if ((ret = umod_hdr_decode(hdr, &h)))
		return ret;
	if (h.op != UMOD_OP_KERNELD)
		return -EPROTO;
	free(*payload);
	if (!(*payload = umod_malloc(h.len ? h.len : 1)))
		return -ENOMEM;
	if ((ret = recv_all(kd->fd, *payload, h.len)))
		return ret;
	if ((ret = parse_answer(*payload, h.len, &a)))
		return ret;
	deliver(kd, &a);
	return 0;
}

/* Every caller still waiting hears that kerneld is gone. */
static void fail_calls(struct kerneld *kd)
{
	struct kd_call *call, *tmp;

	list_for_each_entry_safe(call, tmp, &kd->calls, list) {
		call->result = -ECONNRESET;
		snprintf(call->msg, call->len,
			 "kerneld (pid %d) went away before answering",
			 (int)kd->pid);
		call->done = true;
		list_del(&call->list);
		pthread_cond_signal(&call->cond);
	}
}

static void *reader_main(void *arg)
{
	struct kerneld *kd = arg;
	struct umod_kmod *km = kd->km;
	unsigned char *payload = NULL;
	int ret;

	umod_thread_prepare();
	while (!(ret = read_answer(kd, &payload)))
		;
	free(payload);
	shutdown(kd->fd, SHUT_RDWR);
	pthread_mutex_lock(&km->lock);
	kd->dead = true;
	fail_calls(kd);
	pthread_mutex_unlock(&km->lock);
	if (ret == -ECONNRESET)
		umod_log(km->ctx, UMOD_LOG_WARNING,
			 "kerneld: pid %d disconnected", (int)kd->pid);
	else
		umod_log(km->ctx, UMOD_LOG_WARNING,
			 "kerneld: pid %d dropped: %s", (int)kd->pid,
			 strerror(-ret));
	return NULL;
}

/* ---- Attaching and detaching ---- */

static int start_reader(struct kerneld *kd)
{
	sigset_t all, old;
	int err;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&kd->reader, NULL, reader_main, kd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -err;
}

/* The registration's reply.  Requests may be queued behind it on the
 * send lock already, but none goes out before it. */
static int send_welcome(struct kerneld *kd)
{
	struct umod_wbuf b = { 0 };
	size_t m = umod_msg_begin(&b, UMOD_OP_KERNELD, 0);
	int ret;

	umod_put_u32(&b, UMOD_A_ERRNO, 0);
	ret = umod_msg_end(&b, m, 0);
	pthread_mutex_lock(&kd->send_lock);
	pthread_mutex_lock(&kd->km->lock);
	kd->ready = true;
	pthread_mutex_unlock(&kd->km->lock);
	if (!ret)
		ret = write_all(kd, &b, umod_now_ms() + KD_REPLY_TIMEOUT_MS);
	pthread_mutex_unlock(&kd->send_lock);
	umod_wbuf_free(&b);
	return ret;
}

/* Claim the channel's place, or -EBUSY; returns the dead one it
 * replaces through *old.  km->lock held. */
static int claim(struct umod_kmod *km, struct kerneld *kd,
		 struct kerneld **old)
{
	if (km->kd && !km->kd->dead) {
		umod_set_errmsg("kerneld is already running (pid %d)",
				(int)km->kd->pid);
		return -EBUSY;
	}
	*old = km->kd;
	km->kd = kd;
	return 0;
}

/* A dead channel's reader has finished or is finishing. */
static void reap_old(struct umod_kmod *km, struct kerneld *old)
{
	if (!old)
		return;
	pthread_join(old->reader, NULL);
	pthread_mutex_lock(&km->lock);
	kd_put(old);
	pthread_mutex_unlock(&km->lock);
}

int kerneld_attach(struct umod_kmod *km, int fd, uid_t uid, pid_t pid)
{
	struct kerneld *kd, *old = NULL;
	int ret;

	if (!(kd = umod_calloc(1, sizeof(*kd)))) {
		umod_set_errmsg("kerneld: out of memory");
		return -ENOMEM;
	}
	kd->km = km;
	kd->pid = pid;
	kd->uid = uid;
	kd->refs = 1;
	INIT_LIST_HEAD(&kd->calls);
	pthread_mutex_init(&kd->send_lock, NULL);
	kd->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (kd->fd < 0) {
		ret = -errno;
		umod_set_errmsg("kerneld: %s", strerror(errno));
		pthread_mutex_destroy(&kd->send_lock);
		free(kd);
		return ret;
	}
	pthread_mutex_lock(&km->lock);
	ret = claim(km, kd, &old);
	if (ret)
		kd_put(kd);
	pthread_mutex_unlock(&km->lock);
	if (ret)
		return ret;
	reap_old(km, old);
	/* The reader first: once the reply is out, answers may come. */
	ret = start_reader(kd);
	if (ret) {
		pthread_mutex_lock(&km->lock);
		km->kd = NULL;
		kd_put(kd);
		pthread_mutex_unlock(&km->lock);
	} else if ((ret = send_welcome(kd))) {
		shutdown(kd->fd, SHUT_RDWR);	/* the reader buries it */
	}
	if (ret) {
		umod_set_errmsg("kerneld: cannot take the channel: %s",
				strerror(-ret));
		return ret;
	}
	umod_log(km->ctx, UMOD_LOG_INFO, "kerneld: pid %d connected (uid %u)",
		 (int)pid, (unsigned int)uid);
	return 0;
}

void kerneld_shutdown(struct umod_kmod *km)
{
	struct kerneld *kd;

	pthread_mutex_lock(&km->lock);
	kd = km->kd;
	km->kd = NULL;
	pthread_mutex_unlock(&km->lock);
	if (!kd)
		return;
	shutdown(kd->fd, SHUT_RDWR);	/* the reader sees the end */
	reap_old(km, kd);
}

pid_t kerneld_pid(struct umod_kmod *km)
{
	pid_t pid;

	pthread_mutex_lock(&km->lock);
	pid = kd_alive(km->kd) ? km->kd->pid : 0;
	pthread_mutex_unlock(&km->lock);
	return pid;
}

/* ---- Asking ---- */

static int send_request(struct kerneld *kd, enum kmod_kind kind, uint64_t seq,
			const char *name, int64_t deadline)
{
	struct umod_wbuf b = { 0 };
	size_t m = umod_msg_begin(&b, UMOD_OP_KERNELD, kind);
	int ret;

	umod_put_u64(&b, UMOD_A_SEQ, seq);
	umod_put_str(&b, UMOD_A_NAME, name);
	ret = umod_msg_end(&b, m, 0);
	if (!ret)
		ret = send_all(kd, &b, deadline);
	umod_wbuf_free(&b);
	return ret;
}

int kerneld_call(struct umod_kmod *km, enum kmod_kind kind, const char *name,
		 int64_t deadline, char *msg, size_t len)
{
	struct kd_call call = { .msg = msg, .len = len };
	struct kerneld *kd;
	int ret;

	pthread_mutex_lock(&km->lock);
	kd = km->kd;
	if (!kd_alive(kd)) {
		pthread_mutex_unlock(&km->lock);
		snprintf(msg, len, "kerneld is not running");
		return -ENODEV;
	}
	kd->refs++;
	call.seq = ++kd->next_seq;
	umod_cond_init(&call.cond);
	list_add_tail(&call.list, &kd->calls);
	pthread_mutex_unlock(&km->lock);

	ret = send_request(kd, kind, call.seq, name, deadline);

	pthread_mutex_lock(&km->lock);
	while (!ret && !call.done &&
	       umod_cond_wait_until(&call.cond, &km->lock, deadline) != ETIMEDOUT)
		;
	if (call.done) {
		ret = call.result;
	} else {
		list_del(&call.list);
		if (!ret)
			ret = -ETIMEDOUT;
		snprintf(msg, len, ret == -ETIMEDOUT ?
			 "no answer from kerneld (pid %d) in time" :
			 "cannot reach kerneld (pid %d): %s", (int)kd->pid,
			 strerror(-ret));
	}
	kd_put(kd);
	pthread_mutex_unlock(&km->lock);
	pthread_cond_destroy(&call.cond);
	return ret;
}
