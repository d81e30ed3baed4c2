// SPDX-License-Identifier: MIT
/* common - a tentative definition; built with -fcommon it is a COMMON
 * symbol, which a module cannot have: the loader must say so. */
#include <umod/module.h>

int common_counter;

int common_value(void)
{
	return ++common_counter;
}
EXPORT_SYMBOL(common_value);
MODULE_LICENSE("GPL");
