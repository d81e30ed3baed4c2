// SPDX-License-Identifier: MIT
/* a: exports of each kind. */
#include <umod/module.h>

int a_add(int x, int y)
{
	return x + y;
}
EXPORT_SYMBOL(a_add);

int a_gpl(void)
{
	return 1;
}
EXPORT_SYMBOL_GPL(a_gpl);

int a_ns(void)
{
	return 2;
}
EXPORT_SYMBOL_NS(a_ns, A_NS);

MODULE_LICENSE("GPL");
