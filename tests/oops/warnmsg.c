// SPDX-License-Identifier: MIT
/* warnmsg.c - WARN() with a message, which the host's __warn_printk
 * prints after the cut line; init goes on past it. */
#include <umod/module.h>

static volatile int zero;

static int __init warnmsg_init(void)
{
	if (WARN(zero == 0, "warnmsg: zero is %d\n", zero))
		pr_info("warnmsg: warned, and went on\n");
	return 0;
}

static void __exit warnmsg_exit(void)
{
}

module_init(warnmsg_init);
module_exit(warnmsg_exit);
MODULE_LICENSE("GPL");
