// SPDX-License-Identifier: MIT
/*
 * completion.c - completions, in Linux 6.1's struct completion: done
 * counts completions (UINT_MAX after complete_all), and is the futex
 * waiters sleep on; the swait queue's lock serializes them.  Timeouts are
 * in jiffies and return what is left, at least 1, or 0 on timeout.
 */
#include <limits.h>
#include <time.h>

#include "kernel.h"

struct completion {
	unsigned int done;
	struct {
		raw_spinlock_t lock;
		struct list_head task_list;
	} wait;
};
KAPI_LAYOUT(offsetof(struct completion, wait) == 8 &&
	       sizeof(struct completion) == 32, "Linux 6.1's struct completion");

void __init_swait_queue_head(void *q, const char *name, void *key)
{
	struct { raw_spinlock_t lock; struct list_head task_list; } *sq = q;

	sq->lock.val = 0;
	kapi_list_init(&sq->task_list);
}
EXPORT_SYMBOL(__init_swait_queue_head);

void complete(struct completion *x)
{
	_raw_spin_lock(&x->wait.lock);
	if (x->done != UINT_MAX)
		__atomic_add_fetch(&x->done, 1, __ATOMIC_SEQ_CST);
	_raw_spin_unlock(&x->wait.lock);
	kapi_futex_wake(&x->done, INT_MAX);
}
EXPORT_SYMBOL(complete);

void complete_all(struct completion *x)
{
	_raw_spin_lock(&x->wait.lock);
	__atomic_store_n(&x->done, UINT_MAX, __ATOMIC_SEQ_CST);
	_raw_spin_unlock(&x->wait.lock);
	kapi_futex_wake(&x->done, INT_MAX);
}
EXPORT_SYMBOL(complete_all);

bool try_wait_for_completion(struct completion *x)
{
	bool ret = false;

	_raw_spin_lock(&x->wait.lock);
	if (x->done) {
		if (x->done != UINT_MAX)
			__atomic_sub_fetch(&x->done, 1, __ATOMIC_SEQ_CST);
		ret = true;
	}
	_raw_spin_unlock(&x->wait.lock);
	return ret;
}
EXPORT_SYMBOL(try_wait_for_completion);

bool completion_done(struct completion *x)
{
	return __atomic_load_n(&x->done, __ATOMIC_SEQ_CST) != 0;
}
EXPORT_SYMBOL(completion_done);

static s64 now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

#define NS_PER_JIFFY	4000000LL

static long wait_timeout(struct completion *x, long timeout)
{
	s64 end = timeout == MAX_SCHEDULE_TIMEOUT ? -1 : now_ns() + timeout * NS_PER_JIFFY;

	for (;;) {
		s64 left = end < 0 ? -1 : end - now_ns();

		if (try_wait_for_completion(x))
			return end < 0 ? timeout :
			       left > 0 ? (left + NS_PER_JIFFY - 1) / NS_PER_JIFFY : 1;
		if (end >= 0 && left <= 0)
			return 0;
		kapi_futex_wait_ns(&x->done, 0, left);
	}
}

void wait_for_completion(struct completion *x)
{
	wait_timeout(x, MAX_SCHEDULE_TIMEOUT);
}
EXPORT_SYMBOL(wait_for_completion);

void wait_for_completion_io(struct completion *x)
{
	wait_timeout(x, MAX_SCHEDULE_TIMEOUT);
}
EXPORT_SYMBOL(wait_for_completion_io);

unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	return wait_timeout(x, timeout);
}
EXPORT_SYMBOL(wait_for_completion_timeout);

unsigned long wait_for_completion_io_timeout(struct completion *x,
					     unsigned long timeout)
{
	return wait_timeout(x, timeout);
}
EXPORT_SYMBOL(wait_for_completion_io_timeout);

/* No signals here: never -ERESTARTSYS. */
int wait_for_completion_interruptible(struct completion *x)
{
	wait_timeout(x, MAX_SCHEDULE_TIMEOUT);
	return 0;
}
EXPORT_SYMBOL(wait_for_completion_interruptible);

int wait_for_completion_killable(struct completion *x)
{
	wait_timeout(x, MAX_SCHEDULE_TIMEOUT);
	return 0;
}
EXPORT_SYMBOL(wait_for_completion_killable);

long wait_for_completion_interruptible_timeout(struct completion *x,
					       unsigned long timeout)
{
	return wait_timeout(x, timeout);
}
EXPORT_SYMBOL(wait_for_completion_interruptible_timeout);

long wait_for_completion_killable_timeout(struct completion *x,
					  unsigned long timeout)
{
	return wait_timeout(x, timeout);
}
EXPORT_SYMBOL(wait_for_completion_killable_timeout);
