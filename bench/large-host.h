/* SPDX-License-Identifier: MIT */
/* large-host.h - what bench-large exports to figure 2's module: a table,
 * host_data, and 64 functions named with two octal digits, host_fn0 to
 * host_fn77, which a macro can spell. */
#ifndef UMOD_BENCH_LARGE_HOST_H
#define UMOD_BENCH_LARGE_HOST_H

#define LARGE_HOST_DATA 256

#define LARGE_HOST_FNS8(X, h)	X(h##0) X(h##1) X(h##2) X(h##3) \
				X(h##4) X(h##5) X(h##6) X(h##7)
#define LARGE_HOST_FNS(X)	LARGE_HOST_FNS8(X, ) LARGE_HOST_FNS8(X, 1) \
	LARGE_HOST_FNS8(X, 2) LARGE_HOST_FNS8(X, 3) LARGE_HOST_FNS8(X, 4) \
	LARGE_HOST_FNS8(X, 5) LARGE_HOST_FNS8(X, 6) LARGE_HOST_FNS8(X, 7)

extern long host_data[LARGE_HOST_DATA];
#define LARGE_HOST_DECLARE(i) long host_fn##i(long a, long b);
LARGE_HOST_FNS(LARGE_HOST_DECLARE)

#endif
