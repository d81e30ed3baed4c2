// SPDX-License-Identifier: MIT
/* stack_a - the bottom of a three-deep stack: a function and data export. */
#include <umod/module.h>
#include "testhost.h"

int stack_a_data = 1;
EXPORT_SYMBOL(stack_a_data);

int stack_a_value(void)
{
	return stack_a_data;
}
EXPORT_SYMBOL(stack_a_value);

static int __init stack_a_init(void)
{
	host_record("stack_a init");
	return 0;
}

static void __exit stack_a_exit(void)
{
	host_record("stack_a exit");
}

module_init(stack_a_init);
module_exit(stack_a_exit);
MODULE_LICENSE("GPL");
