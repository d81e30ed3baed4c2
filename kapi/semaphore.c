// SPDX-License-Identifier: MIT
/*
 * semaphore.c - counting semaphores (kernel/locking/semaphore.c) in
 * Linux 6.1's struct semaphore, which sema_init fills inline: the count
 * is the futex word, down takes one or sleeps while it is 0, up gives
 * one back and wakes a sleeper.  No signals here: down_interruptible and
 * down_killable never return -EINTR; down_timeout returns -ETIME once
 * its jiffies have passed.
 */
#include <errno.h>
#include <time.h>

#include "kernel.h"

struct semaphore {
	raw_spinlock_t lock;
	unsigned int count;
	struct list_head wait_list;
};
KAPI_LAYOUT(sizeof(struct semaphore) == 24, "Linux 6.1's semaphore");

#define NS_PER_JIFFY	4000000LL	/* HZ=250 */

static s64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int down_trylock(struct semaphore *sem)
{
	unsigned int c = __atomic_load_n(&sem->count, __ATOMIC_RELAXED);

	while (c > 0)
		if (__atomic_compare_exchange_n(&sem->count, &c, c - 1, true,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return 0;
	return 1;	/* Linux's: 1 if it could not be had */
}
EXPORT_SYMBOL(down_trylock);

/* timeout in jiffies, or MAX_SCHEDULE_TIMEOUT: 0 or -ETIME. */
static int down_wait(struct semaphore *sem, long timeout)
{
	s64 end = timeout == MAX_SCHEDULE_TIMEOUT ? -1 : now_ns() + timeout * NS_PER_JIFFY;

	while (down_trylock(sem)) {
		s64 left = end < 0 ? -1 : end - now_ns();

		if (end >= 0 && left <= 0)
			return -ETIME;
		kapi_futex_wait_ns(&sem->count, 0, left);
	}
	return 0;
}

void down(struct semaphore *sem)
{
	down_wait(sem, MAX_SCHEDULE_TIMEOUT);
}
EXPORT_SYMBOL(down);

int down_interruptible(struct semaphore *sem)
{
	return down_wait(sem, MAX_SCHEDULE_TIMEOUT);
}
EXPORT_SYMBOL(down_interruptible);

int down_killable(struct semaphore *sem)
{
	return down_wait(sem, MAX_SCHEDULE_TIMEOUT);
}
EXPORT_SYMBOL(down_killable);

int down_timeout(struct semaphore *sem, long timeout)
{
	return down_wait(sem, timeout < 0 ? 0 : timeout);
}
EXPORT_SYMBOL(down_timeout);

void up(struct semaphore *sem)
{
	__atomic_fetch_add(&sem->count, 1, __ATOMIC_RELEASE);
	kapi_futex_wake(&sem->count, 1);
}
EXPORT_SYMBOL(up);
