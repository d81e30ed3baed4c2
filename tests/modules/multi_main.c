// SPDX-License-Identifier: MIT
/* multi - two objects linked into one module; each has a static helper(). */
#include <umod/module.h>
#include "testhost.h"

int multi_util_twice(int x);	/* multi_util.c */
int multi_util_helper(void);

static int __attribute__((noinline)) helper(void)
{
	return 1;
}

int multi_value(void)
{
	return multi_util_twice(helper() * 100 + multi_util_helper());
}
EXPORT_SYMBOL(multi_value);

static int __init multi_init(void)
{
	host_record("multi init");
	return 0;
}

module_init(multi_init);
static void __exit multi_exit(void) { }
module_exit(multi_exit);
MODULE_LICENSE("GPL");
