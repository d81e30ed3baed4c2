// SPDX-License-Identifier: MIT
/* c: uses an export of a module built in another directory. */
#include <umod/module.h>

int a_add(int x, int y);

static int __init c_init(void)
{
	return a_add(1, -1);
}
module_init(c_init);
MODULE_LICENSE("GPL");
