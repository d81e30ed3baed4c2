// SPDX-License-Identifier: MIT
/* nosym.c - needs a symbol no host exports. */
#include <umod/module.h>

int no_such_function(void);

static int __init nosym_init(void)
{
	return no_such_function();
}

module_init(nosym_init);
MODULE_LICENSE("GPL");
