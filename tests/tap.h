/* SPDX-License-Identifier: MIT */
/* tap.h - the Test Anything Protocol for C tests run by prove. */
#ifndef UMOD_TAP_H
#define UMOD_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void plan(int n) { printf("1..%d\n", n); fflush(stdout); }

static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

#define is_int(got, want, ...) \
	(ok((long long)(got) == (long long)(want), __VA_ARGS__) ? 1 : \
	 (printf("#   got %lld, want %lld\n", (long long)(got), (long long)(want)), 0))
#define is_str(got, want, ...) \
	(ok((got) && !strcmp((got), (want)), __VA_ARGS__) ? 1 : \
	 (printf("#   got '%s', want '%s'\n", (got) ? (got) : "(null)", (want)), 0))
#define diag(...) (printf("# "), printf(__VA_ARGS__), putchar('\n'))

/* A check that cannot be made here, and why. */
static inline void skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_n, why);
	fflush(stdout);
}

static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* UMOD_TAP_H */
