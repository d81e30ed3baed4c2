// SPDX-License-Identifier: MIT
/* initfail - init fails after linking to stack_a: nothing may remain. */
#include <errno.h>
#include <umod/module.h>
#include "testhost.h"

int stack_a_value(void);

int initfail_value(void)
{
	return stack_a_value();
}
EXPORT_SYMBOL(initfail_value);

static int __init initfail_init(void)
{
	host_record("initfail init");
	return -ENODEV;
}

static void __exit initfail_exit(void)
{
	host_record("initfail exit");	/* must never run */
}

module_init(initfail_init);
module_exit(initfail_exit);
MODULE_LICENSE("GPL");
