// SPDX-License-Identifier: MIT
#include <umod/module.h>

int bar2_value(void);

static int __init bar_init(void)
{
	return bar2_value();
}
module_init(bar_init);
MODULE_LICENSE("Dual MIT/GPL");
