/* SPDX-License-Identifier: MIT */
/*
 * log.h - libumod's one logger and the calling thread's error message
 * (log.c), a leaf every other file of the library uses: messages name
 * the module, as the kernel's do, and go to the context's log sink.
 */
#ifndef UMOD_LOG_H
#define UMOD_LOG_H

#include <umod/linux.h>

#define UMOD_ERRMSG_LEN 512

void umod_log(struct umod_ctx *ctx, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets the thread's message to "<name>: <fmt...>", logs it, returns err. */
int umod_fail(struct umod_ctx *ctx, const char *name, int err,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void umod_set_errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Every fallible public call starts with this: a success leaves "". */
void umod_clear_errmsg(void);
/* A problem that does not end the load by itself (an unknown symbol):
 * logged as a warning.  It and every umod_fail message also go to the
 * calling thread's problem sink, if it set one: the control channel
 * lists a load's problems in its reply. */
void umod_problem(struct umod_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
typedef void umod_problem_fn(const char *msg, void *arg);
void umod_set_problem_sink(umod_problem_fn *fn, void *arg);
/* The sink a new context logs to: stderr, "umod: " first. */
void umod_log_stderr(int level, const char *msg, void *arg);

#endif /* UMOD_LOG_H */
