// SPDX-License-Identifier: MIT
/* stack_b - uses stack_a's function and data; exports GPL-only. */
#include <umod/module.h>
#include "testhost.h"

extern int stack_a_data;
int stack_a_value(void);

int stack_b_value(void)
{
	return stack_a_value() + 10 * stack_a_data;
}
EXPORT_SYMBOL_GPL(stack_b_value);

static int __init stack_b_init(void)
{
	host_record("stack_b init");
	return 0;
}

static void __exit stack_b_exit(void)
{
	host_record("stack_b exit");
}

module_init(stack_b_init);
module_exit(stack_b_exit);
MODULE_LICENSE("GPL");
