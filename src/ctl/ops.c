// SPDX-License-Identifier: MIT
/*
 * ops.c - what each request does, run in its worker thread.
 *
 * Requests that change the host (INIT, DELETE, PARAM_SET) and reading
 * the log need an admitted client, as Linux wants CAP_SYS_MODULE and
 * CAP_SYSLOG (dmesg_restrict); the rest is the world-readable /proc view,
 * with addresses hidden as kptr_restrict does and parameters readable only
 * where their mode lets others read.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "../internal.h"
#include "../kmod.h"
#include "ctl.h"

#define REPLY_CHUNK	(64 * 1024)	/* start another message past this */
#define MSG_MAX		512

static const char *const op_names[UMOD_OP_NUM] = {
	[UMOD_OP_ERROR] = "ERROR",
	[UMOD_OP_INIT] = "INIT",
	[UMOD_OP_DELETE] = "DELETE",
	[UMOD_OP_LIST] = "LIST",
	[UMOD_OP_SYMBOLS] = "SYMBOLS",
	[UMOD_OP_PARAM_GET] = "PARAM_GET",
	[UMOD_OP_PARAM_SET] = "PARAM_SET",
	[UMOD_OP_RELEASE] = "RELEASE",
	[UMOD_OP_LOG] = "LOG",
	[UMOD_OP_KERNELD] = "KERNELD",
	[UMOD_OP_AUTOCLEAN] = "AUTOCLEAN",
};

/* ---- Replies ---- */

struct reply {
	struct umod_wbuf *b;
	unsigned int op;
	size_t msg;			/* the message being filled */
	char text[MSG_MAX];		/* A_MSG, when there is one */
};

static void reply_begin(struct reply *r, struct umod_wbuf *b, unsigned int op)
{
	r->b = b;
	r->op = op;
	r->text[0] = '\0';
	r->msg = umod_msg_begin(b, op, 0);
}

/* Before each record: a full message is closed and another started. */
static void reply_room(struct reply *r)
{
	if (umod_msg_payload(r->b, r->msg) < REPLY_CHUNK)
		return;
	umod_msg_end(r->b, r->msg, UMOD_MSG_MORE);
	r->msg = umod_msg_begin(r->b, r->op, 0);
}

static void reply_end(struct reply *r, int err)
{
	umod_put_u32(r->b, UMOD_A_ERRNO, err < 0 ? -err : err);
	if (r->text[0])
		umod_put_str(r->b, UMOD_A_MSG, r->text);
	if (umod_msg_end(r->b, r->msg, 0) == 0)
		return;
	/* Out of memory or over the limit: say so instead, if we can. */
	umod_wbuf_free(r->b);
	r->msg = umod_msg_begin(r->b, r->op, 0);
	umod_put_u32(r->b, UMOD_A_ERRNO, ENOMEM);
	umod_msg_end(r->b, r->msg, 0);
}

static int reply_fail(struct reply *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int reply_fail(struct reply *r, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
	return err;
}

void ctl_error_reply(struct umod_wbuf *out, int err, const char *fmt, ...)
{
	struct reply r;
	va_list ap;

	reply_begin(&r, out, UMOD_OP_ERROR);
	va_start(ap, fmt);
	vsnprintf(r.text, sizeof(r.text), fmt, ap);
	va_end(ap);
	reply_end(&r, err);
}

/* ---- Requests ---- */

struct args {
	const char *name, *params, *param, *value;
};

/* Every attribute must be well framed; known strings must be strings. */
static int parse_args(const struct ctl_request *req, struct args *a)
{
	struct umod_attr_iter it;
	struct umod_attr_val v;
	int ret;

	memset(a, 0, sizeof(*a));
	umod_attr_iter_init(&it, req->payload, req->hdr.len);
	while ((ret = umod_attr_next(&it, &v)) > 0) {
		const char **slot;

		switch (v.type) {
		case UMOD_A_NAME:	slot = &a->name; break;
		case UMOD_A_PARAMS:	slot = &a->params; break;
		case UMOD_A_PARAM:	slot = &a->param; break;
		case UMOD_A_VALUE:	slot = &a->value; break;
		default:		continue;	/* newer clients' */
		}
		*slot = umod_attr_str(&v);
		if (!*slot)
			return -EBADMSG;
	}
	return ret;
}

static int refuse(struct ctl_client *c, struct reply *r)
{
	if (ctl_ratelimit(c->ctl))
		umod_log(c->ctl->ctx, UMOD_LOG_NOTICE,
			 "umod: %s refused for uid %u (pid %d): not permitted",
			 op_names[r->op], (unsigned int)c->uid, (int)c->pid);
	return reply_fail(r, -EPERM, "uid %u may not %s",
			  (unsigned int)c->uid,
			  r->op == UMOD_OP_LOG ? "read the log"
					       : "change modules");
}

/* The loader's reason for a failure, as it set it for this thread. */
static int loader_result(struct reply *r, int err)
{
	const char *why = err ? umod_errmsg() : NULL;

	if (why && *why)
		snprintf(r->text, sizeof(r->text), "%s", why);
	return err;
}

/* Each problem the loader finds, in the reply, as it finds it. */
static void reply_problem(const char *msg, void *arg)
{
	struct reply *r = arg;

	reply_room(r);
	umod_put_str(r->b, UMOD_A_PROBLEM, msg);
}

static int op_init(struct ctl_client *c, struct reply *r, struct args *a)
{
	const unsigned int known = UMOD_INIT_FORCE | UMOD_INIT_AUTOCLEAN |
				   UMOD_INIT_DRY_RUN;
	struct ctl_request *req = &c->req;
	struct stat st;
	int ret;

	if (req->fd < 0)
		return reply_fail(r, -EBADF, "no module file passed");
	if (req->hdr.flags & ~known)
		return reply_fail(r, -EINVAL, "unknown flags %#x",
				  req->hdr.flags & ~known);
	/* A pipe or socket could stall the worker forever. */
	if (fstat(req->fd, &st) < 0 || !S_ISREG(st.st_mode))
		return reply_fail(r, -EINVAL, "not a regular file");
	umod_set_problem_sink(reply_problem, r);
	ret = umod_load_fd(c->ctl->ctx, req->fd, a->params ? a->params : "",
			   req->hdr.flags, NULL);
	umod_set_problem_sink(NULL, NULL);
	return loader_result(r, ret);
}

static int count_user(struct module *user, void *arg)
{
	++*(int *)arg;
	return 0;
}

/* References held other than by using modules: what a wait outlasts. */
static bool only_referenced(struct umod_ctx *ctx, const char *name)
{
	struct module *mod = umod_module_get(ctx, name);
	struct umod_module_info info;
	int users = 0;

	if (!mod)
		return false;
	umod_module_info(mod, &info);
	umod_for_each_user(mod, count_user, &users);
	module_put(mod);
	return !users && info.refcnt > 1;	/* ours is one of them */
}

/*
 * Without O_NONBLOCK, delete_module once slept until the last reference
 * went (rmmod -w).  Poll for it here, in the request's own worker, and
 * give up when the host stops.
 */
static void wait_unused(struct umod_ctl *ctl, const char *name)
{
	unsigned int ms = 10;

	while (only_referenced(ctl->ctx, name) && !atomic_load(&ctl->stopping)) {
		struct timespec ts = { 0, ms * 1000000L };

		nanosleep(&ts, NULL);
		if (ms < 200)
			ms *= 2;
	}
}

static int op_delete(struct ctl_client *c, struct reply *r, struct args *a)
{
	const unsigned int known = UMOD_UNLOAD_NONBLOCK | UMOD_UNLOAD_FORCE;
	unsigned int flags = c->req.hdr.flags;

	if (!a->name)
		return reply_fail(r, -EINVAL, "no module name");
	if (flags & ~known)
		return reply_fail(r, -EINVAL, "unknown flags %#x", flags & ~known);
	if (!(flags & (UMOD_UNLOAD_NONBLOCK | UMOD_UNLOAD_FORCE)))
		wait_unused(c->ctl, a->name);
	return loader_result(r, umod_unload(c->ctl->ctx, a->name, flags));
}

/* ---- LIST: /proc/modules ---- */

struct list_walk {
	struct umod_wbuf recs;		/* one A_MODULE each, in load order */
	size_t *offs;
	size_t n, cap;
	bool show_addr;
};

static int put_user(struct module *user, void *arg)
{
	umod_put_str(arg, UMOD_A_USER, module_name(user));
	return 0;
}

static unsigned int module_proto_flags(const struct module *mod)
{
	return umod_module_autoclean(mod) ? UMOD_PROTO_MOD_AUTOCLEAN : 0;
}

static int put_module(struct module *mod, void *arg)
{
	struct list_walk *w = arg;
	struct umod_module_info info;
	size_t nest;

	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 32;
		size_t *offs = umod_realloc(w->offs, cap * sizeof(*offs));

		if (!offs)
			return -ENOMEM;
		w->offs = offs;
		w->cap = cap;
	}
	umod_module_info(mod, &info);
	if (info.state == MODULE_STATE_UNFORMED)
		return 0;	/* not yet a module, as /proc/modules */
	w->offs[w->n++] = w->recs.len;
	nest = umod_nest_begin(&w->recs, UMOD_A_MODULE);
	umod_put_str(&w->recs, UMOD_A_NAME, info.name);
	umod_put_u64(&w->recs, UMOD_A_SIZE, info.size);
	umod_put_u32(&w->recs, UMOD_A_REFCNT, (uint32_t)info.refcnt);
	umod_for_each_user(mod, put_user, &w->recs);
	umod_put_u32(&w->recs, UMOD_A_STATE, info.state);
	umod_put_u64(&w->recs, UMOD_A_ADDR,
		     w->show_addr ? (uintptr_t)info.base : 0);
	umod_put_u32(&w->recs, UMOD_A_TAINTS, info.taints);
	umod_put_u32(&w->recs, UMOD_A_MODFLAGS, module_proto_flags(mod));
	umod_nest_end(&w->recs, nest);
	return w->recs.oom ? -ENOMEM : 0;
}

static int op_list(struct ctl_client *c, struct reply *r, struct args *a)
{
	struct list_walk w = { .show_addr = c->admitted };
	int err;
	size_t i;

	err = umod_for_each_module(c->ctl->ctx, put_module, &w);
	/* Newest first, as /proc/modules. */
	for (i = w.n; !err && i-- > 0;) {
		size_t end = i + 1 < w.n ? w.offs[i + 1] : w.recs.len;
		unsigned char *p;

		reply_room(r);
		p = umod_wbuf_reserve(r->b, end - w.offs[i]);
		if (p)
			memcpy(p, w.recs.data + w.offs[i], end - w.offs[i]);
	}
	umod_wbuf_free(&w.recs);
	free(w.offs);
	return err;
}

/* ---- SYMBOLS: /proc/kallsyms ---- */

struct sym_walk {
	struct reply *r;
	bool show_addr;
};

static int put_symbol(const struct umod_symbol_info *sym, void *arg)
{
	struct sym_walk *w = arg;
	struct umod_wbuf *b = w->r->b;
	size_t nest;

	reply_room(w->r);
	nest = umod_nest_begin(b, UMOD_A_SYMBOL);
	umod_put_u64(b, UMOD_A_ADDR, w->show_addr ? (uintptr_t)sym->addr : 0);
	umod_put_u32(b, UMOD_A_TYPE, (unsigned char)sym->type);
	umod_put_str(b, UMOD_A_NAME, sym->name);
	if (sym->owner)
		umod_put_str(b, UMOD_A_OWNER, module_name(sym->owner));
	umod_nest_end(b, nest);
	return b->oom ? -ENOMEM : 0;
}

static int op_symbols(struct ctl_client *c, struct reply *r, struct args *a)
{
	struct sym_walk w = { r, c->admitted };
	unsigned int flags = c->req.hdr.flags;

	if (flags & ~UMOD_SYMBOLS_ALL)
		return reply_fail(r, -EINVAL, "unknown flags %#x",
				  flags & ~UMOD_SYMBOLS_ALL);
	return umod_for_each_symbol(c->ctl->ctx, !(flags & UMOD_SYMBOLS_ALL),
				    put_symbol, &w);
}

/* ---- Parameters ---- */

struct perm_find {
	const char *name;
	int perm;
};

static int find_perm(struct module *mod, const struct umod_param_info *p,
		     void *arg)
{
	struct perm_find *f = arg;

	if (strcmp(p->name, f->name))
		return 0;
	f->perm = p->perm;
	return 1;
}

/* Others may read a parameter whose mode has S_IROTH, as in sysfs. */
static bool others_may_read(struct umod_ctx *ctx, const char *module,
			    const char *param)
{
	struct perm_find f = { param, -1 };
	struct module *mod = umod_module_get(ctx, module);

	if (!mod)
		return true;	/* the read fails with the right error */
	umod_for_each_param(mod, find_perm, &f);
	module_put(mod);
	return f.perm < 0 || (f.perm & S_IROTH);
}

static int op_param_get(struct ctl_client *c, struct reply *r, struct args *a)
{
	char *buf;
	int err;

	if (!a->name || !a->param)
		return reply_fail(r, -EINVAL, "no module or parameter name");
	if (!c->admitted && !others_may_read(c->ctl->ctx, a->name, a->param))
		return reply_fail(r, -EACCES, "%s: parameter %s is not "
				  "readable by others", a->name, a->param);
	buf = umod_malloc(UMOD_PARAM_BUFSIZE + 1);
	if (!buf)
		return -ENOMEM;
	err = umod_param_get(c->ctl->ctx, a->name, a->param, buf,
			     UMOD_PARAM_BUFSIZE + 1);
	if (err >= 0) {
		umod_put_str(r->b, UMOD_A_VALUE, buf);
		err = 0;
	}
	free(buf);
	return loader_result(r, err);
}

static int op_param_set(struct ctl_client *c, struct reply *r, struct args *a)
{
	if (!a->name || !a->param || !a->value)
		return reply_fail(r, -EINVAL, "no module, parameter or value");
	return loader_result(r, umod_param_set(c->ctl->ctx, a->name, a->param,
					       a->value));
}

static int op_release(struct ctl_client *c, struct reply *r, struct args *a)
{
	umod_put_str(r->b, UMOD_A_VALUE, c->ctl->release);
	return 0;
}

/* ---- LOG: dmesg ---- */

static void put_record(const struct ctl_log_rec *rec, void *arg)
{
	struct reply *r = arg;
	size_t nest;

	reply_room(r);
	nest = umod_nest_begin(r->b, UMOD_A_RECORD);
	umod_put_u64(r->b, UMOD_A_SEQ, rec->seq);
	umod_put_u64(r->b, UMOD_A_TIME, rec->usec);
	umod_put_u32(r->b, UMOD_A_LEVEL, rec->level);
	umod_put_strn(r->b, UMOD_A_TEXT, rec->text, rec->len);
	umod_nest_end(r->b, nest);
}

/* A follower's messages go out as they are made, from its worker: the
 * socket is non-blocking, so wait for room, as long as a client may stall. */
static int send_now(struct ctl_client *c, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = umod_send(c->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		struct pollfd pfd = { c->fd, POLLOUT, 0 };

		if (n < 0 && errno == EAGAIN &&
		    poll(&pfd, 1, (int)c->ctl->timeout_ms) > 0)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Close the message being filled as one of more, send, start another. */
static int follow_flush(struct ctl_client *c, struct reply *r)
{
	int err = umod_msg_end(r->b, r->msg, UMOD_MSG_MORE);

	if (!err)
		err = r->b->oom ? -ENOMEM : send_now(c, r->b->data, r->b->len);
	umod_wbuf_free(r->b);
	r->msg = umod_msg_begin(r->b, r->op, 0);
	return err;
}

/* A follower sends nothing: input, or end of file, means it is done. */
static bool follower_gone(const struct ctl_client *c)
{
	struct pollfd pfd = { c->fd, POLLIN, 0 };

	return poll(&pfd, 1, 0) != 0;
}

#define FOLLOW_POLL_MS 200	/* how soon a follower notices an end */

/*
 * dmesg -w: records as they come, each batch a message with MORE, until
 * the client goes (the connection is dropped unanswered) or the host
 * stops (the reply ends, errno 0).
 */
static int log_follow(struct ctl_client *c, struct reply *r, uint64_t from)
{
	struct umod_ctl *ctl = c->ctl;
	bool gone = false;

	while (!gone && !atomic_load(&ctl->stopping)) {
		if (follow_flush(c, r) < 0)
			gone = true;
		while (!gone && !atomic_load(&ctl->stopping) &&
		       !ctl_ring_follow(&ctl->ring, &from, FOLLOW_POLL_MS,
					put_record, r))
			gone = follower_gone(c);
	}
	c->handoff = gone;
	return 0;
}

static int op_log(struct ctl_client *c, struct reply *r, struct args *a)
{
	const unsigned int known = UMOD_LOG_CLEAR | UMOD_LOG_FOLLOW;
	unsigned int flags = c->req.hdr.flags;
	uint64_t from;

	if (flags & ~known)
		return reply_fail(r, -EINVAL, "unknown flags %#x", flags & ~known);
	umod_put_u64(r->b, UMOD_A_EPOCH, c->ctl->ring.boot_epoch_us);
	from = ctl_ring_read(&c->ctl->ring, flags & UMOD_LOG_CLEAR, put_record, r);
	if (flags & UMOD_LOG_FOLLOW)
		return log_follow(c, r, from);
	return r->b->oom ? -ENOMEM : 0;
}

/* ---- Demand loading: kerneld(8) ---- */

/* The connection becomes the kerneld channel (src/kerneld.c), which
 * sends the reply itself, so that it precedes every request. */
static int op_kerneld(struct ctl_client *c, struct reply *r, struct args *a)
{
	int err = kmod_kerneld_attach(c->ctl->ctx, c->fd, c->uid, c->pid);

	c->handoff = !err;
	return loader_result(r, err);
}

static void put_removed(const char *name, void *arg)
{
	umod_put_str(arg, UMOD_A_NAME, name);
}

/* delete_module(NULL): the modules removed, one A_NAME each. */
static int op_autoclean(struct ctl_client *c, struct reply *r, struct args *a)
{
	int n = autoclean_sweep(c->ctl->ctx, put_removed, r->b);

	return n < 0 ? n : 0;
}

/* ---- Dispatch ---- */

typedef int op_fn(struct ctl_client *c, struct reply *r, struct args *a);

static const struct {
	op_fn *fn;
	bool privileged;
} ops[UMOD_OP_NUM] = {
	[UMOD_OP_INIT] = { op_init, true },
	[UMOD_OP_DELETE] = { op_delete, true },
	[UMOD_OP_LIST] = { op_list, false },
	[UMOD_OP_SYMBOLS] = { op_symbols, false },
	[UMOD_OP_PARAM_GET] = { op_param_get, false },
	[UMOD_OP_PARAM_SET] = { op_param_set, true },
	[UMOD_OP_RELEASE] = { op_release, false },
	[UMOD_OP_LOG] = { op_log, true },
	[UMOD_OP_KERNELD] = { op_kerneld, true },
	[UMOD_OP_AUTOCLEAN] = { op_autoclean, true },
};

void ctl_handle(struct ctl_client *c)
{
	unsigned int op = c->req.hdr.op;
	struct reply r;
	struct args a;
	int err;

	reply_begin(&r, &c->out, op);
	if (op >= UMOD_OP_NUM || !ops[op].fn)
		err = reply_fail(&r, -EOPNOTSUPP, "unknown operation %u", op);
	else if (parse_args(&c->req, &a) < 0)
		err = reply_fail(&r, -EBADMSG, "malformed %s request",
				 op_names[op]);
	else if (c->req.fd >= 0 && op != UMOD_OP_INIT)
		err = reply_fail(&r, -EINVAL, "%s takes no file descriptor",
				 op_names[op]);
	else if (ops[op].privileged && !c->admitted)
		err = refuse(c, &r);
	else
		err = ops[op].fn(c, &r, &a);
	if (!c->handoff)
		reply_end(&r, err);
}
