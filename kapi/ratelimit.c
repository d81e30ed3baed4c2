// SPDX-License-Identifier: MIT
/*
 * ratelimit.c - ___ratelimit, behind printk_ratelimited and
 * dev_err_ratelimited: at most burst messages each interval jiffies, the
 * rest counted as missed and reported when the next interval opens, in
 * Linux 6.1's words (lib/ratelimit.c).
 */
#include "kernel.h"

#define RATELIMIT_MSG_ON_RELEASE	1ul

int _raw_spin_trylock(raw_spinlock_t *lock);

int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	int interval = __atomic_load_n(&rs->interval, __ATOMIC_RELAXED);
	int burst = __atomic_load_n(&rs->burst, __ATOMIC_RELAXED);
	int ret;

	if (!interval)
		return 1;
	/* Contended: someone else is deciding; this one is dropped. */
	if (!_raw_spin_trylock(&rs->lock))
		return 0;
	if (!rs->begin)
		rs->begin = kapi_jiffies();
	if ((long)(rs->begin + interval - kapi_jiffies()) < 0) {
		if (rs->missed && !(rs->flags & RATELIMIT_MSG_ON_RELEASE)) {
			kapi_printk(KERN_WARNING "%s: %d callbacks suppressed\n",
				    func, rs->missed);
			rs->missed = 0;
		}
		rs->begin = kapi_jiffies();
		rs->printed = 0;
	}
	if (burst && burst > rs->printed) {
		rs->printed++;
		ret = 1;
	} else {
		rs->missed++;
		ret = 0;
	}
	_raw_spin_unlock(&rs->lock);
	return ret;
}
EXPORT_SYMBOL(___ratelimit);

/* printk_ratelimit()'s state: ten messages each five seconds (HZ=250). */
struct ratelimit_state printk_ratelimit_state = { .interval = 5 * 250, .burst = 10 };
EXPORT_SYMBOL(printk_ratelimit_state);

int __printk_ratelimit(const char *func)
{
	return ___ratelimit(&printk_ratelimit_state, func);
}
EXPORT_SYMBOL(__printk_ratelimit);
