// SPDX-License-Identifier: MIT
/* dupexp - exports a name hello already exports. */
#include <umod/module.h>

int hello_greet(void)
{
	return -1;
}
EXPORT_SYMBOL(hello_greet);
MODULE_LICENSE("GPL");
