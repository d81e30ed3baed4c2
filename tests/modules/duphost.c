// SPDX-License-Identifier: MIT
/* duphost - exports a name the host already exports. */
#include <umod/module.h>

int host_add(int a, int b)
{
	return a - b;
}
EXPORT_SYMBOL(host_add);
MODULE_LICENSE("GPL");
