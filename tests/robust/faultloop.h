/* SPDX-License-Identifier: MIT */
/*
 * faultloop.h - fail the n-th fallible call of an operation, for every n
 * (src/fault.c), and check what each failure leaves: the caller is told
 * with an errno it expects and a message, and the host is as it was.
 * Included by the test programs, which share tap.h's one counter.
 */
#ifndef TESTS_ROBUST_FAULTLOOP_H
#define TESTS_ROBUST_FAULTLOOP_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "tap.h"
#include "robust/host.h"

struct fault_op {
	const char *name;
	int (*run)(void);		/* 0 or -errno */
	void (*undo)(void);		/* puts back what a success did */
	/*
	 * Whether a failed run had its effect all the same: a reply lost
	 * after the module loaded, say.  The effect must then be whole; it
	 * is undone before the host is compared.  NULL: never.
	 */
	bool (*took_effect)(void);
	unsigned int sites;		/* UMOD_FAULT_* to try in turn */
	int errnos[4];			/* what a failure may return; 0 ends */
};

#define MAX_N 100000

static char fault_before[1 << 18], fault_after[1 << 18];
static void (*settle_fn)(void);

/* Settles what runs on after an operation (a server dropping a client)
 * before the host is compared; may be NULL. */
static inline void fault_settle(void (*settle)(void))
{
	settle_fn = settle;
}

static const char *site_name(unsigned int site)
{
	switch (site) {
	case UMOD_FAULT_ALLOC:		return "allocation";
	case UMOD_FAULT_MMAP:		return "mmap";
	case UMOD_FAULT_MPROTECT:	return "mprotect";
	case UMOD_FAULT_READ:		return "read";
	case UMOD_FAULT_SOCKET:		return "socket";
	}
	return "?";
}

static void snapshot(struct umod_ctx *ctx, char *buf)
{
	if (settle_fn)
		settle_fn();
	if (robust_snapshot(ctx, buf, sizeof(fault_before), true)) {
		printf("Bail out! snapshot too large\n");
		exit(1);
	}
}

static bool expected(const struct fault_op *op, int ret)
{
	for (size_t i = 0; i < sizeof(op->errnos) / sizeof(op->errnos[0]) &&
			   op->errnos[i]; i++)
		if (ret == -op->errnos[i])
			return true;
	return false;
}

static void errnos_text(const struct fault_op *op, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(op->errnos) / sizeof(op->errnos[0]) &&
			   op->errnos[i] && n < len; i++)
		n += snprintf(buf + n, len - n, "%s-%s", i ? " or " : "",
			      strerrorname_np(op->errnos[i]));
}

/* The n-th call fails: did the run leave things right?  why says not. */
static bool one(struct umod_ctx *ctx, const struct fault_op *op,
		unsigned int site, unsigned long n, bool *fired, int *ret,
		unsigned long *absorbed, char *why, size_t len)
{
	char diff[1024], verbose[1024], msg[512];
	bool effect;

	snapshot(ctx, fault_before);
	umod_fault_arm(site, n);
	*ret = op->run();
	*fired = umod_fault_fired();
	umod_fault_arm(0, 0);
	if (!*fired)
		return true;
	/* The run's message, before took_effect's calls replace it. */
	snprintf(msg, sizeof(msg), "%s", umod_errmsg());
	effect = *ret == 0 || (op->took_effect && op->took_effect());
	snprintf(verbose, sizeof(verbose), "%s: %s call %lu: %d %s%s", op->name,
		 site_name(site), n, *ret, *ret ? msg : "",
		 effect ? " (took effect)" : "");
	if (*ret && (!expected(op, *ret) || !*msg)) {
		snprintf(why, len, "call %lu: returned %d (%s)", n, *ret, msg);
		return false;
	}
	if (effect) {
		++*absorbed;	/* a fallback, or a late failure: the full effect */
		op->undo();
	}
	if (!robust_events_consistent(ctx)) {
		snprintf(why, len, "call %lu: a GOING notification was lost", n);
		return false;
	}
	/* A server thread may still be tearing the failed client down: the
	 * state must come back, but it gets a moment (at most 0.5 s) to. */
	for (int tries = 0; tries < 250; tries++) {
		snapshot(ctx, fault_after);
		if (!robust_diff(fault_before, fault_after, diff, sizeof(diff)))
			break;
		nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
	}
	if (getenv("FAULT_VERBOSE"))
		diag("%s", verbose);	/* after: stdout's buffer is heap */
	if (robust_diff(fault_before, fault_after, diff, sizeof(diff))) {
		snprintf(why, len, "call %lu failed (%.300s): %.600s", n,
			 *ret ? msg : "absorbed", diff);
		return false;
	}
	return true;
}

static bool each_site(struct umod_ctx *ctx, const struct fault_op *op,
		      unsigned int site)
{
	char why[1024] = "", errs[64];
	unsigned long n, absorbed = 0, failures = 0;
	bool fired = true;
	int ret = 0;

	for (n = 1; n < MAX_N && fired && !why[0]; n++) {
		one(ctx, op, site, n, &fired, &ret, &absorbed, why, sizeof(why));
		failures += fired && ret;
	}
	if (!why[0] && ret)
		snprintf(why, sizeof(why), "with no fault it failed: %d (%s)",
			 ret, umod_errmsg());
	if (!why[0] && fired)
		snprintf(why, sizeof(why), "still failing after %d calls", MAX_N);
	if (!why[0])
		op->undo();
	errnos_text(op, errs, sizeof(errs));
	ok(!why[0], "%s: %lu %s failures, each %s, the host unchanged%s",
	   op->name, failures, site_name(site), errs,
	   absorbed ? " (some absorbed: full effect)" : "");
	if (why[0])
		diag("%s", why);
	return !why[0];
}

static bool fault_each(struct umod_ctx *ctx, const struct fault_op *op)
{
	bool all = true;

	for (unsigned int site = 1; site <= UMOD_FAULT_ALL; site <<= 1)
		if (op->sites & site)
			all &= each_site(ctx, op, site);
	return all;
}

#endif
