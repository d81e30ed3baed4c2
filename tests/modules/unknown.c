// SPDX-License-Identifier: MIT
/* unknown - imports a symbol nobody exports. */
#include <umod/module.h>

int foo_bar(void);

static int __init unknown_init(void)
{
	return foo_bar();
}

module_init(unknown_init);
MODULE_LICENSE("GPL");
