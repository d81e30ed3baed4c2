/* SPDX-License-Identifier: MIT */
/*
 * clock.h - now, on CLOCK_MONOTONIC: the one clock the tools' timeouts,
 * umodd's console stamps and the benchmarks read.  It never steps, and
 * it cannot fail on Linux for a valid clock id, hence no error path.
 */
#ifndef UMOD_CLOCK_H
#define UMOD_CLOCK_H

#include <stdint.h>
#include <time.h>

#define UMOD_NSEC_PER_MSEC	1000000ull
#define UMOD_NSEC_PER_SEC	1000000000ull

static inline uint64_t umod_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * UMOD_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

static inline int64_t umod_monotonic_ms(void)
{
	return (int64_t)(umod_monotonic_ns() / UMOD_NSEC_PER_MSEC);
}

#endif /* UMOD_CLOCK_H */
