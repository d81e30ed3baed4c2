// SPDX-License-Identifier: MIT
/*
 * dbg: a module for debuggers and profilers (tests/debug.t).  Its init
 * calls dbg_tick in a loop until the debugger sets dbg_release, or
 * wait_ms pass; with spin, dbg_spin first calls it that many times back
 * to back, for a profiler to sample.
 */
#include <umod/module.h>

void msleep(unsigned int ms);	/* umodd's */

static int wait_ms = 30000;
module_param(wait_ms, int, 0444);
MODULE_PARM_DESC(wait_ms, "How long init waits for dbg_release, at most");

static long spin;
module_param(spin, long, 0444);
MODULE_PARM_DESC(spin, "Calls to dbg_tick before waiting");

int dbg_release;
EXPORT_SYMBOL(dbg_release);

static volatile long dbg_sink;

/* Where the debugger stops: called on every turn. */
__attribute__((noinline)) long dbg_tick(long turn)
{
	return turn + 1;
}

/* Core code, not init: the profile names it for as long as it is loaded. */
__attribute__((noinline)) void dbg_spin(long n)
{
	for (long i = 0; i < n; i++)
		dbg_sink = dbg_tick(dbg_sink);
}

static int __init dbg_init(void)
{
	dbg_spin(spin);
	for (long turn = 0; !*(volatile int *)&dbg_release && turn < wait_ms / 10;) {
		turn = dbg_tick(turn);
		msleep(10);
	}
	pr_info("dbg: released\n");
	return 0;
}

static void __exit dbg_exit(void)
{
	pr_warn("dbg: exit\n");
}

module_init(dbg_init);
module_exit(dbg_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("For debuggers and profilers");
