// SPDX-License-Identifier: MIT
/* stack_c - the top of the stack: uses stack_b's GPL-only export. */
#include <umod/module.h>
#include "testhost.h"

int stack_b_value(void);

int stack_c_value(void)
{
	return stack_b_value() + 100;
}
EXPORT_SYMBOL(stack_c_value);

static int __init stack_c_init(void)
{
	host_record("stack_c init");
	return 0;
}

static void __exit stack_c_exit(void)
{
	host_record("stack_c exit");
}

module_init(stack_c_init);
module_exit(stack_c_exit);
MODULE_LICENSE("Dual MIT/GPL");
