// SPDX-License-Identifier: MIT
/* roinit - __ro_after_init data is written by init, then read-only. */
#include <umod/module.h>

static int ro_value __ro_after_init = 1;
int roinit_data = 3;
EXPORT_SYMBOL(roinit_data);

int roinit_value(void)
{
	return ro_value;
}
EXPORT_SYMBOL(roinit_value);

const int *roinit_addr(void)
{
	return &ro_value;
}
EXPORT_SYMBOL(roinit_addr);

static int __init roinit_init(void)
{
	ro_value = 42;
	return 0;
}

module_init(roinit_init);
static void __exit roinit_exit(void) { }
module_exit(roinit_exit);
MODULE_LICENSE("GPL");
