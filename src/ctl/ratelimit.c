// SPDX-License-Identifier: MIT
/* ratelimit.c - what guests can make the host log. */
#include "../internal.h"
#include "ctl.h"

/*
 * Linux's ___ratelimit with its printk defaults: ten messages per five
 * seconds, then a count of those suppressed.  A guest can make the host
 * log at will (refusals, drops); unlimited, it would empty the ring of
 * everything else.
 */
#define CTL_RATELIMIT_MS	5000
#define CTL_RATELIMIT_BURST	10

bool ctl_ratelimit(struct umod_ctl *ctl)
{
	struct ctl_ratelimit *rs = &ctl->ratelimit;
	int64_t now = umod_now_ms();
	unsigned int missed = 0;
	bool ok;

	pthread_mutex_lock(&rs->lock);
	if (!rs->begin || now - rs->begin >= CTL_RATELIMIT_MS) {
		missed = rs->missed;
		rs->begin = now;
		rs->printed = rs->missed = 0;
	}
	ok = rs->printed < CTL_RATELIMIT_BURST;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	pthread_mutex_unlock(&rs->lock);
	if (missed)
		umod_log(ctl->ctx, UMOD_LOG_WARNING,
			 "umod: %u callbacks suppressed", missed);
	return ok;
}
