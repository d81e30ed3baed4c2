// SPDX-License-Identifier: MIT
/*
 * hostconn.c - the user half's one client of the control channel: one
 * blocking request, then its reply, which may come as several messages;
 * and, for kerneld, the channel the connection becomes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <umod/host.h>

#include "proto.h"
#include "umod-tools.h"

#define REPLY_MAX	(256u << 20)	/* all messages of one reply */

struct umod_conn {
	int fd;
	unsigned char *in;		/* umod_conn_next_msg's message so far */
	size_t in_len, in_max;		/* in_max: its largest payload */
	bool in_taken;			/* returned: start afresh */
};

const char *umod_conn_default_path(void)
{
	static char buf[sizeof(((struct sockaddr_un *)0)->sun_path)];
	const char *env = getenv("UMOD_HOST");

	if (env && *env)
		return env;
	if (umod_proto_default_path(buf, sizeof(buf)) < 0)
		return "/run/umod/umodd.sock";
	return buf;
}

int umod_conn_check_peer(int fd, char *msg, size_t msglen)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct passwd *pw;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return -errno;
	if (cred.uid == 0 || cred.uid == geteuid() || cred.uid == getuid())
		return 0;
	if (msg) {
		pw = getpwuid(cred.uid);
		snprintf(msg, msglen, "the host is run by uid %u%s%s%s, "
			 "neither root nor you: refusing it",
			 (unsigned int)cred.uid, pw ? " (" : "",
			 pw ? pw->pw_name : "", pw ? ")" : "");
	}
	return -EPERM;
}

int umod_conn_open_msg(const char *path, struct umod_conn **out,
		       char *msg, size_t msglen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct umod_conn *c;
	int err;

	if (msg && msglen)
		*msg = '\0';
	if (!path)
		path = umod_conn_default_path();
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		goto fail;
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto fail;
	err = umod_conn_check_peer(c->fd, msg, msglen);
	if (err) {
		errno = -err;
		goto fail;
	}
	*out = c;
	return 0;
fail:
	err = -errno;
	if (c->fd >= 0)
		close(c->fd);
	free(c);
	return err;
}

int umod_conn_open(const char *path, struct umod_conn **out)
{
	return umod_conn_open_msg(path, out, NULL, 0);
}

void umod_conn_close(struct umod_conn *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c->in);
	free(c);
}

int umod_conn_fd(const struct umod_conn *c)
{
	return c->fd;
}

int umod_conn_set_timeout(struct umod_conn *c, unsigned int seconds)
{
	struct timeval tv = { seconds, 0 };

	if (setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		return -errno;
	return 0;
}

/* ---- One exchange ---- */

typedef umod_conn_attr_fn reply_cb;

struct call {
	unsigned int op;
	struct umod_wbuf req;
	size_t msg;
	int fd;				/* INIT's module file, or -1 */
	reply_cb *cb;
	void *arg;
	char *errmsg;			/* the host's reason, if it gives one */
	size_t errmsglen;
	bool endless;			/* dmesg -w: no size limit; cb ends it */
};

static void call_begin(struct call *k, unsigned int op, uint32_t flags)
{
	memset(k, 0, sizeof(*k));
	k->op = op;
	k->fd = -1;
	k->msg = umod_msg_begin(&k->req, op, flags);
}

static int send_all(struct umod_conn *c, const unsigned char *p, size_t len,
		    int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cbuf = { 0 };

	while (len) {
		struct iovec iov = { (void *)p, len };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n;

		if (fd >= 0) {	/* the descriptor rides on the first byte */
			struct cmsghdr *cm;

			mh.msg_control = cbuf.buf;
			mh.msg_controllen = sizeof(cbuf.buf);
			cm = CMSG_FIRSTHDR(&mh);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(cm), &fd, sizeof(int));
		}
		n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)	/* EAGAIN: the timeout set ran out */
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		p += n;
		len -= n;
		fd = -1;
	}
	return 0;
}

static int recv_all(struct umod_conn *c, void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = recv(c->fd, p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		if (n == 0)
			return -ECONNRESET;
		p += n;
		len -= n;
	}
	return 0;
}

struct reply_state {
	int err;			/* from ERRNO; 1 until it comes */
	int cb_err;
};

static int take_attrs(struct call *k, struct reply_state *st,
		      const unsigned char *payload, size_t len)
{
	struct umod_attr_iter it;
	struct umod_attr_val a;
	uint32_t v;
	int ret;

	umod_attr_iter_init(&it, payload, len);
	while ((ret = umod_attr_next(&it, &a)) > 0) {
		const char *s;

		switch (a.type) {
		case UMOD_A_ERRNO:
			if (umod_attr_u32(&a, &v) < 0 || v > 4095)
				return -EPROTO;
			st->err = -(int)v;
			break;
		case UMOD_A_MSG:
			s = umod_attr_str(&a);
			if (!s)
				return -EPROTO;
			if (k->errmsg)
				snprintf(k->errmsg, k->errmsglen, "%s", s);
			break;
		default:
			if (k->cb && !st->cb_err)
				st->cb_err = k->cb(&a, k->arg);
		}
	}
	return ret < 0 ? -EPROTO : 0;
}

/* Read reply messages until one without MORE. */
static int read_reply(struct umod_conn *c, struct call *k)
{
	struct reply_state st = { 1, 0 };
	size_t total = 0;
	bool more = true;
	int err = 0;

	while (more && !err) {
		unsigned char hdr[UMOD_PROTO_HDR_LEN], *payload;
		struct umod_msg_hdr h;

		err = recv_all(c, hdr, sizeof(hdr));
		if (err)
			break;
		if (umod_hdr_decode(hdr, &h) < 0 ||
		    (h.op != k->op && h.op != UMOD_OP_ERROR))
			return -EPROTO;
		total += h.len;
		if (total > REPLY_MAX && !k->endless)
			return -EMSGSIZE;
		payload = malloc(h.len ? h.len : 1);
		if (!payload)
			return -ENOMEM;
		err = recv_all(c, payload, h.len);
		if (!err)
			err = take_attrs(k, &st, payload, h.len);
		free(payload);
		more = h.op != UMOD_OP_ERROR && (h.flags & UMOD_MSG_MORE);
		if (k->endless && st.cb_err)
			return st.cb_err;
	}
	if (err)
		return err;
	if (st.err > 0)
		return -EPROTO;		/* the last message had no ERRNO */
	return st.err ? st.err : st.cb_err;
}

static int call(struct umod_conn *c, struct call *k)
{
	int err;

	if (k->errmsg && k->errmsglen)
		k->errmsg[0] = '\0';
	err = umod_msg_end(&k->req, k->msg, 0);
	if (!err)
		err = send_all(c, k->req.data, k->req.len, k->fd);
	umod_wbuf_free(&k->req);
	if (!err)
		return read_reply(c, k);
	/* A host that turned us away said why before it closed. */
	if (err == -EPIPE || err == -ECONNRESET) {
		int why = read_reply(c, k);

		if (why != -ECONNRESET && why != -EPROTO)
			return why;
	}
	return err;
}

int umod_conn_call(struct umod_conn *c, unsigned int op, uint32_t flags,
		   const struct umod_wbuf *attrs, umod_conn_attr_fn *cb,
		   void *arg, char *msg, size_t msglen)
{
	struct call k;
	void *p;

	call_begin(&k, op, flags);
	k.cb = cb;
	k.arg = arg;
	k.errmsg = msg;
	k.errmsglen = msglen;
	if (attrs && attrs->oom)
		k.req.oom = true;
	if (attrs && attrs->len && (p = umod_wbuf_reserve(&k.req, attrs->len)))
		memcpy(p, attrs->data, attrs->len);
	return call(c, &k);
}

/* ---- The channel: the host asks, kerneld answers ---- */

int umod_conn_send(struct umod_conn *c, const struct umod_wbuf *msgs)
{
	if (msgs->oom)
		return -ENOMEM;
	return send_all(c, msgs->data, msgs->len, -1);
}

int umod_conn_next_msg(struct umod_conn *c, size_t max,
		       struct umod_msg_hdr *h, const unsigned char **payload)
{
	size_t want = UMOD_PROTO_HDR_LEN;

	if (!c->in) {
		c->in = malloc(UMOD_PROTO_HDR_LEN + max);
		if (!c->in)
			return -ENOMEM;
		c->in_max = max;
	}
	if (c->in_taken) {
		c->in_len = 0;
		c->in_taken = false;
	}
	for (;;) {
		ssize_t n;

		if (c->in_len >= UMOD_PROTO_HDR_LEN) {
			if (umod_hdr_decode(c->in, h) || h->len > c->in_max)
				return -EBADMSG;
			want = UMOD_PROTO_HDR_LEN + h->len;
			if (c->in_len == want) {
				*payload = c->in + UMOD_PROTO_HDR_LEN;
				c->in_taken = true;
				return 1;
			}
		}
		n = recv(c->fd, c->in + c->in_len, want - c->in_len,
			 MSG_DONTWAIT);
		if (n > 0)
			c->in_len += n;
		else if (n < 0 && errno == EAGAIN)
			return 0;
		else if (n == 0)
			return -ECONNRESET;
		else if (errno != EINTR)
			return -errno;
	}
}

/* ---- Requests ---- */

struct problems {
	umod_conn_problem_fn *fn;
	void *arg;
};

static int take_problem(const struct umod_attr_val *a, void *arg)
{
	struct problems *p = arg;
	const char *s;

	if (a->type != UMOD_A_PROBLEM)
		return 0;
	s = umod_attr_str(a);
	if (!s)
		return -EPROTO;
	p->fn(s, p->arg);
	return 0;
}

int umod_conn_init_module_report(struct umod_conn *c, int fd, const char *params,
				 unsigned int flags, char *msg, size_t msglen,
				 umod_conn_problem_fn *problem, void *arg)
{
	struct problems p = { problem, arg };
	struct call k;

	call_begin(&k, UMOD_OP_INIT, flags);
	k.fd = fd;
	k.errmsg = msg;
	k.errmsglen = msglen;
	if (problem) {
		k.cb = take_problem;
		k.arg = &p;
	}
	if (params)
		umod_put_str(&k.req, UMOD_A_PARAMS, params);
	return call(c, &k);
}

int umod_conn_init_module(struct umod_conn *c, int fd, const char *params,
			  unsigned int flags, char *msg, size_t msglen)
{
	return umod_conn_init_module_report(c, fd, params, flags, msg, msglen,
					    NULL, NULL);
}

int umod_conn_delete_module(struct umod_conn *c, const char *name,
			    unsigned int flags, char *msg, size_t msglen)
{
	struct call k;

	call_begin(&k, UMOD_OP_DELETE, flags);
	k.errmsg = msg;
	k.errmsglen = msglen;
	umod_put_str(&k.req, UMOD_A_NAME, name);
	return call(c, &k);
}

static int take_str(const struct umod_attr_val *a, char *buf, size_t len)
{
	const char *s = umod_attr_str(a);

	if (!s)
		return -EPROTO;
	if ((size_t)snprintf(buf, len, "%s", s) >= len)
		return -ENOSPC;
	return 0;
}

struct strbuf {
	char *buf;
	size_t len;
};

static int take_value(const struct umod_attr_val *a, void *arg)
{
	struct strbuf *out = arg;

	return a->type == UMOD_A_VALUE ? take_str(a, out->buf, out->len) : 0;
}

int umod_conn_release(struct umod_conn *c, char *buf, size_t len)
{
	struct strbuf out = { buf, len };
	struct call k;

	call_begin(&k, UMOD_OP_RELEASE, 0);
	k.cb = take_value;
	k.arg = &out;
	return call(c, &k);
}

int umod_conn_param_get(struct umod_conn *c, const char *module,
			const char *param, char *buf, size_t len)
{
	struct strbuf out = { buf, len };
	struct call k;

	call_begin(&k, UMOD_OP_PARAM_GET, 0);
	k.cb = take_value;
	k.arg = &out;
	umod_put_str(&k.req, UMOD_A_NAME, module);
	umod_put_str(&k.req, UMOD_A_PARAM, param);
	return call(c, &k);
}

int umod_conn_param_set(struct umod_conn *c, const char *module,
			const char *param, const char *value,
			char *msg, size_t msglen)
{
	struct call k;

	call_begin(&k, UMOD_OP_PARAM_SET, 0);
	k.errmsg = msg;
	k.errmsglen = msglen;
	umod_put_str(&k.req, UMOD_A_NAME, module);
	umod_put_str(&k.req, UMOD_A_PARAM, param);
	umod_put_str(&k.req, UMOD_A_VALUE, value);
	return call(c, &k);
}

/* ---- LIST ---- */

struct mod_list {
	struct umod_conn_module *v;
	size_t n, cap;
};

static const char *state_name(uint32_t state)
{
	switch (state) {
	case UMOD_MODULE_LIVE:		return "Live";
	case UMOD_MODULE_COMING:	return "Loading";
	case UMOD_MODULE_GOING:	return "Unloading";
	default:			return "Unformed";
	}
}

/* /proc/modules spells users "a,b," and none as "-"; users past
 * sizeof(users) are left out. */
static int add_user(struct umod_conn_module *m, const struct umod_attr_val *a)
{
	const char *user = umod_attr_str(a);
	size_t used = strlen(m->users);

	if (!user)
		return -EPROTO;
	if (used + strlen(user) + 2 <= sizeof(m->users))
		sprintf(m->users + used, "%s,", user);
	return 0;
}

static int take_module_attr(struct umod_conn_module *m,
			    const struct umod_attr_val *a)
{
	uint32_t v;

	switch (a->type) {
	case UMOD_A_NAME:
		return take_str(a, m->name, sizeof(m->name));
	case UMOD_A_SIZE:
		return umod_attr_u64(a, &m->size);
	case UMOD_A_REFCNT:
		if (umod_attr_u32(a, &v) < 0)
			return -EPROTO;
		m->refcnt = (int32_t)v;
		return 0;
	case UMOD_A_USER:
		return add_user(m, a);
	case UMOD_A_STATE:
		if (umod_attr_u32(a, &v) < 0)
			return -EPROTO;
		snprintf(m->state, sizeof(m->state), "%s", state_name(v));
		return 0;
	case UMOD_A_ADDR:
		return umod_attr_u64(a, &m->addr);
	case UMOD_A_MODFLAGS:
		if (umod_attr_u32(a, &v) < 0)
			return -EPROTO;
		m->flags = v & UMOD_PROTO_MOD_AUTOCLEAN ?
			   UMOD_CONN_MOD_AUTOCLEAN : 0;
		return 0;
	}
	return 0;
}

static int take_module(const struct umod_attr_val *a, void *arg)
{
	struct mod_list *l = arg;
	struct umod_conn_module *m;
	struct umod_attr_iter it;
	struct umod_attr_val v;
	int ret, err;

	if (a->type != UMOD_A_MODULE)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;

		m = realloc(l->v, cap * sizeof(*m));
		if (!m)
			return -ENOMEM;
		l->v = m;
		l->cap = cap;
	}
	m = memset(&l->v[l->n], 0, sizeof(*m));
	umod_attr_iter_init(&it, a->data, a->len);
	while ((ret = umod_attr_next(&it, &v)) > 0)
		if ((err = take_module_attr(m, &v)) < 0)
			return err;
	if (ret < 0 || !m->name[0])
		return -EPROTO;
	if (!m->users[0])
		strcpy(m->users, "-");
	l->n++;
	return 0;
}

int umod_conn_list(struct umod_conn *c, struct umod_conn_module **mods,
		   size_t *n)
{
	struct mod_list l = { 0 };
	struct call k;
	int err;

	call_begin(&k, UMOD_OP_LIST, 0);
	k.cb = take_module;
	k.arg = &l;
	err = call(c, &k);
	if (err) {
		free(l.v);
		return err;
	}
	*mods = l.v;
	*n = l.n;
	return 0;
}

/* ---- SYMBOLS and LOG: text, as /proc/kallsyms and syslog(2) ---- */

static int take_symbol(const struct umod_attr_val *a, void *arg)
{
	const char *name = NULL, *owner = NULL;
	struct umod_attr_iter it;
	struct umod_attr_val v;
	uint64_t addr = 0;
	uint32_t type = '?';
	int ret;

	if (a->type != UMOD_A_SYMBOL)
		return 0;
	umod_attr_iter_init(&it, a->data, a->len);
	while ((ret = umod_attr_next(&it, &v)) > 0) {
		if (v.type == UMOD_A_NAME)
			name = umod_attr_str(&v);
		else if (v.type == UMOD_A_OWNER && !(owner = umod_attr_str(&v)))
			return -EPROTO;
		else if (v.type == UMOD_A_ADDR && umod_attr_u64(&v, &addr) < 0)
			return -EPROTO;
		else if (v.type == UMOD_A_TYPE &&
			 (umod_attr_u32(&v, &type) < 0 || type < 0x21 ||
			  type > 0x7e))
			return -EPROTO;
	}
	if (ret < 0 || !name)
		return -EPROTO;
	fprintf(arg, "%016" PRIx64 " %c %s", addr, (char)type, name);
	if (owner)
		fprintf(arg, "\t[%s]", owner);
	fputc('\n', arg);
	return 0;
}

/* One RECORD's attributes; rec->epoch_us is the caller's. */
static int parse_record(const struct umod_attr_val *a,
			struct umod_conn_record *rec)
{
	struct umod_attr_iter it;
	struct umod_attr_val v;
	uint32_t level = 4;
	int ret;

	rec->text = NULL;
	rec->usec = 0;
	umod_attr_iter_init(&it, a->data, a->len);
	while ((ret = umod_attr_next(&it, &v)) > 0) {
		if (v.type == UMOD_A_TEXT)
			rec->text = umod_attr_str(&v);
		else if (v.type == UMOD_A_TIME && umod_attr_u64(&v, &rec->usec) < 0)
			return -EPROTO;
		else if (v.type == UMOD_A_LEVEL &&
			 (umod_attr_u32(&v, &level) < 0 || level > 7))
			return -EPROTO;
	}
	rec->level = level;
	return ret < 0 || !rec->text ? -EPROTO : 0;
}

static int take_record(const struct umod_attr_val *a, void *arg)
{
	struct umod_conn_record rec;

	if (a->type != UMOD_A_RECORD)
		return 0;
	if (parse_record(a, &rec))
		return -EPROTO;
	fprintf(arg, "<%u>[%5" PRIu64 ".%06" PRIu64 "] %s\n", rec.level,
		rec.usec / 1000000, rec.usec % 1000000, rec.text);
	return 0;
}

struct records {
	umod_conn_record_fn *cb;
	void *arg;
	uint64_t epoch_us;
};

static int take_each(const struct umod_attr_val *a, void *arg)
{
	struct records *rs = arg;
	struct umod_conn_record rec;

	if (a->type == UMOD_A_EPOCH)
		return umod_attr_u64(a, &rs->epoch_us) < 0 ? -EPROTO : 0;
	if (a->type != UMOD_A_RECORD)
		return 0;
	if (parse_record(a, &rec))
		return -EPROTO;
	rec.epoch_us = rs->epoch_us;
	return rs->cb(&rec, rs->arg);
}

int umod_conn_log_each(struct umod_conn *c, unsigned int flags,
		       umod_conn_record_fn *cb, void *arg)
{
	struct records rs = { cb, arg, 0 };
	struct call k;

	call_begin(&k, UMOD_OP_LOG,
		   (flags & UMOD_CONN_LOG_CLEAR ? UMOD_LOG_CLEAR : 0) |
		   (flags & UMOD_CONN_LOG_FOLLOW ? UMOD_LOG_FOLLOW : 0));
	k.cb = cb ? take_each : NULL;
	k.arg = &rs;
	k.endless = flags & UMOD_CONN_LOG_FOLLOW;
	return call(c, &k);
}

static int call_text(struct umod_conn *c, unsigned int op, uint32_t flags,
		     reply_cb *cb, char **text, size_t *len)
{
	struct call k;
	FILE *f;
	int err;

	*text = NULL;
	*len = 0;
	f = open_memstream(text, len);
	if (!f)
		return -errno;
	call_begin(&k, op, flags);
	k.cb = cb;
	k.arg = f;
	err = call(c, &k);
	if (fclose(f) != 0 && !err)
		err = -ENOMEM;
	if (err) {
		free(*text);
		*text = NULL;
		*len = 0;
	}
	return err;
}

int umod_conn_symbols(struct umod_conn *c, int exported_only, char **text,
		      size_t *len)
{
	return call_text(c, UMOD_OP_SYMBOLS,
			 exported_only ? 0 : UMOD_SYMBOLS_ALL, take_symbol,
			 text, len);
}

int umod_conn_log(struct umod_conn *c, unsigned int flags, char **text,
		  size_t *len)
{
	return call_text(c, UMOD_OP_LOG,
			 flags & UMOD_CONN_LOG_CLEAR ? UMOD_LOG_CLEAR : 0,
			 take_record, text, len);
}
