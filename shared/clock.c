// SPDX-License-Identifier: MIT
/* clock.c - the monotonic clock every timeout and measurement is made on. */
#include <time.h>

#include "clock.h"

uint64_t umod_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

int64_t umod_now_ms(void)
{
	return (int64_t)(umod_now_ns() / 1000000);
}

void umod_cond_init(pthread_cond_t *cond)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(cond, &attr);
	pthread_condattr_destroy(&attr);
}

int umod_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock,
			 int64_t deadline)
{
	struct timespec ts = { deadline / 1000, (deadline % 1000) * 1000000 };

	return pthread_cond_timedwait(cond, lock, &ts);
}
