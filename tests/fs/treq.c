// SPDX-License-Identifier: GPL-2.0
/*
 * treq.c - a module whose init asks for another, as a filesystem asks
 * for "fs-<type>": request_module runs the host's modprobe helper and
 * waits for it.
 */
#include <linux/module.h>
#include <linux/kmod.h>

static int __init treq_init(void)
{
	int ret = request_module("treq-helper");

	pr_info("treq: request_module returned %d\n", ret);
	return 0;
}

static void __exit treq_exit(void)
{
}
module_init(treq_init);
module_exit(treq_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("request_module from init");
