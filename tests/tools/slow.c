// SPDX-License-Identifier: MIT
/* slow.c - an init that takes its time, as probing hardware can. */
#include <umod/module.h>

#include "kapi.h"

static unsigned int delay_ms = 1000;
module_param(delay_ms, uint, 0444);

static int __init slow_init(void)
{
	msleep(delay_ms);
	pr_info("slow: ready after %u ms\n", delay_ms);
	return 0;
}

static void __exit slow_exit(void)
{
}

module_init(slow_init);
module_exit(slow_exit);
MODULE_LICENSE("GPL");
