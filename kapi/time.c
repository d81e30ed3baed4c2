// SPDX-License-Identifier: MIT
/*
 * time.c - jiffies and ktime.  Module code reads jiffies inline, so it is
 * a variable a ticker thread advances, at Debian's HZ (250), from the
 * monotonic clock: jiffies is INITIAL_JIFFIES plus the ticks since the
 * host started, as Linux's begins 5 minutes before its wrap.  jiffies_64
 * is the same word, as on 64-bit Linux.  ktime_get is CLOCK_MONOTONIC,
 * the real-time calls CLOCK_REALTIME, boot time CLOCK_BOOTTIME.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "kernel.h"

#define HZ		250
#define NSEC_PER_SEC	1000000000LL
#define INITIAL_JIFFIES	((unsigned long)(unsigned int)(-300 * HZ))

volatile unsigned long jiffies __attribute__((aligned(64))) = INITIAL_JIFFIES;
EXPORT_SYMBOL(jiffies);
extern volatile unsigned long jiffies_64 __attribute__((alias("jiffies")));
EXPORT_SYMBOL(jiffies_64);

static struct timespec start;

static s64 ns_since(const struct timespec *t0, const struct timespec *t)
{
	return (t->tv_sec - t0->tv_sec) * NSEC_PER_SEC + t->tv_nsec - t0->tv_nsec;
}

static void *ticker(void *arg)
{
	struct timespec next = start, now;

	for (;;) {
		next.tv_nsec += NSEC_PER_SEC / HZ;
		if (next.tv_nsec >= NSEC_PER_SEC) {
			next.tv_nsec -= NSEC_PER_SEC;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
		clock_gettime(CLOCK_MONOTONIC, &now);
		__atomic_store_n(&jiffies, INITIAL_JIFFIES +
				 (unsigned long)(ns_since(&start, &now) / (NSEC_PER_SEC / HZ)),
				 __ATOMIC_RELAXED);
	}
	return NULL;
}

static int ticker_err;

static void start_ticker(void)
{
	pthread_attr_t attr;
	pthread_t t;

	clock_gettime(CLOCK_MONOTONIC, &start);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	ticker_err = -pthread_create(&t, &attr, ticker, NULL);
	pthread_attr_destroy(&attr);
}

int kapi_time_setup(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, start_ticker);
	return ticker_err;
}

u64 get_jiffies_64(void)
{
	return kapi_jiffies();
}
EXPORT_SYMBOL(get_jiffies_64);

unsigned long __msecs_to_jiffies(unsigned int m)
{
	if ((int)m < 0)
		return (unsigned long)-1 >> 1;	/* MAX_JIFFY_OFFSET */
	return (m + (1000 / HZ) - 1) / (1000 / HZ);
}
EXPORT_SYMBOL(__msecs_to_jiffies);

unsigned long __usecs_to_jiffies(unsigned int u)
{
	return (u + (1000000 / HZ) - 1) / (1000000 / HZ);
}
EXPORT_SYMBOL(__usecs_to_jiffies);

unsigned int jiffies_to_msecs(unsigned long j)
{
	return (1000 / HZ) * j;
}
EXPORT_SYMBOL(jiffies_to_msecs);

unsigned int jiffies_to_usecs(unsigned long j)
{
	return (1000000 / HZ) * j;
}
EXPORT_SYMBOL(jiffies_to_usecs);

static ktime_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

ktime_t ktime_get(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}
EXPORT_SYMBOL(ktime_get);

u64 ktime_get_mono_fast_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}
EXPORT_SYMBOL(ktime_get_mono_fast_ns);

u64 ktime_get_raw_fast_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC_RAW);
}
EXPORT_SYMBOL(ktime_get_raw_fast_ns);

ktime_t ktime_get_raw(void)
{
	return clock_ns(CLOCK_MONOTONIC_RAW);
}
EXPORT_SYMBOL(ktime_get_raw);

/* TK_OFFS_REAL 0, TK_OFFS_BOOT 1, TK_OFFS_TAI 2. */
ktime_t ktime_get_with_offset(int offs)
{
	static const clockid_t id[] = { CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_TAI };

	return clock_ns((unsigned int)offs < 3 ? id[offs] : CLOCK_MONOTONIC);
}
EXPORT_SYMBOL(ktime_get_with_offset);

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

static void clock_ts64(clockid_t id, struct timespec64 *ts)
{
	struct timespec t;

	clock_gettime(id, &t);
	ts->tv_sec = t.tv_sec;
	ts->tv_nsec = t.tv_nsec;
}

void ktime_get_real_ts64(struct timespec64 *ts)
{
	clock_ts64(CLOCK_REALTIME, ts);
}
EXPORT_SYMBOL(ktime_get_real_ts64);

void ktime_get_ts64(struct timespec64 *ts)
{
	clock_ts64(CLOCK_MONOTONIC, ts);
}
EXPORT_SYMBOL(ktime_get_ts64);

s64 ktime_get_real_seconds(void)
{
	return clock_ns(CLOCK_REALTIME) / NSEC_PER_SEC;
}
EXPORT_SYMBOL(ktime_get_real_seconds);

s64 ktime_get_seconds(void)
{
	return clock_ns(CLOCK_MONOTONIC) / NSEC_PER_SEC;
}
EXPORT_SYMBOL(ktime_get_seconds);
