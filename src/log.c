// SPDX-License-Identifier: MIT
/*
 * log.c - the loader's messages: the context's log sink, the calling
 * thread's error message (umod_errmsg, as dlerror) and its problem sink.
 * A leaf: it calls nothing else of libumod.
 */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

static _Thread_local char errmsg[UMOD_ERRMSG_LEN];

/* Where the calling thread's load problems go besides the log, if set. */
static _Thread_local struct {
	umod_problem_fn *fn;
	void *arg;
} problem_sink;

const char *umod_errmsg(void)
{
	return errmsg;
}

void umod_set_errmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errmsg, sizeof(errmsg), fmt, ap);
	va_end(ap);
}

/* Every operation starts with a clean message: no formatting for that. */
void umod_clear_errmsg(void)
{
	errmsg[0] = '\0';
}

void umod_log_stderr(int level, const char *msg, void *arg)
{
	fprintf(stderr, "umod: %s\n", msg);
}

void umod_set_log(struct umod_ctx *ctx, umod_log_fn *fn, void *arg)
{
	ctx->log = fn;
	ctx->log_arg = arg;
}

static void vlog(struct umod_ctx *ctx, int level, const char *fmt, va_list ap)
{
	char buf[UMOD_ERRMSG_LEN];

	if (!ctx->log)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	ctx->log(level, buf, ctx->log_arg);
}

void umod_log(struct umod_ctx *ctx, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(ctx, level, fmt, ap);
	va_end(ap);
}

void umod_set_problem_sink(umod_problem_fn *fn, void *arg)
{
	problem_sink.fn = fn;
	problem_sink.arg = arg;
}

static void sink_problem(const char *msg)
{
	if (problem_sink.fn)
		problem_sink.fn(msg, problem_sink.arg);
}

void umod_problem(struct umod_ctx *ctx, const char *fmt, ...)
{
	char buf[UMOD_ERRMSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	umod_log(ctx, UMOD_LOG_WARNING, "%s", buf);
	sink_problem(buf);
}

int umod_fail(struct umod_ctx *ctx, const char *name, int err,
	      const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = (size_t)snprintf(errmsg, sizeof(errmsg), "%s: ", name ? name : "module");
	if (n >= sizeof(errmsg))
		n = sizeof(errmsg) - 1;
	va_start(ap, fmt);
	vsnprintf(errmsg + n, sizeof(errmsg) - n, fmt, ap);
	va_end(ap);
	if (ctx)
		umod_log(ctx, UMOD_LOG_ERR, "%s", errmsg);
	sink_problem(errmsg);
	return err;
}
