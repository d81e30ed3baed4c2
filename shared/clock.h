/* SPDX-License-Identifier: MIT */
/*
 * clock.h - the one monotonic clock (clock.c), for both halves: deadlines
 * in milliseconds of CLOCK_MONOTONIC, and condition variables that wait
 * on the same clock, so a change of the wall clock moves no timeout.
 */
#ifndef UMOD_CLOCK_H
#define UMOD_CLOCK_H

#include <pthread.h>
#include <stdint.h>

int64_t umod_now_ms(void);
uint64_t umod_now_ns(void);
/* A condition variable whose timed waits use the monotonic clock. */
void umod_cond_init(pthread_cond_t *cond);
/* Wait on cond until the deadline (umod_now_ms's); ETIMEDOUT after it. */
int umod_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock,
			 int64_t deadline);

#endif /* UMOD_CLOCK_H */
