// SPDX-License-Identifier: MIT
/*
 * kapi.c - attaching the kernel API to a host: the per-CPU variables
 * every thread's area gets; the threads behind jiffies, timers, the
 * system workqueues and RCU callbacks; and the exports that are libc's
 * functions and so cannot be EXPORT_SYMBOLs of ours.  Call it once.
 */
#include <umod/linux.h>	/* before kapi.h: kapi keeps Linux's names */
#include <umod/kapi.h>

#include "kernel.h"
#include "net.h"
#include "page.h"

int umod_kapi_attach(struct umod_ctx *ctx)
{
	int err;

	kapi_task_attached();
	kapi_cpu_setup();
	kapi_percpu_setup();
	kapi_guard_setup(ctx);
	err = kapi_page_setup();
	if (!err)
		err = kapi_slab_setup();
	if (!err)
		err = kapi_net_setup();
	if (!err)
		err = kapi_time_setup();
	if (!err)
		err = kapi_timer_setup();
	if (!err)
		err = kapi_workqueue_setup();
	if (!err)
		err = kapi_rcu_setup();
	if (err)
		return err;
	return umod_export_table(ctx, kapi_libc_exports, kapi_num_libc_exports, 0);
}
