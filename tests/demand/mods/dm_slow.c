// SPDX-License-Identifier: MIT
/* dm_slow - asked for as "slow-dm", which the test's modprobe wrapper
 * takes its time over, so requests pile up behind it. */
#include <umod/module.h>
#include "dm.h"

MODULE_LICENSE("GPL");
MODULE_ALIAS("slow-dm");

static int __init dm_slow_init(void)
{
	dm_note("dm_slow", "init", 0);
	return 0;
}

static void __exit dm_slow_exit(void)
{
}

module_init(dm_slow_init);
module_exit(dm_slow_exit);
