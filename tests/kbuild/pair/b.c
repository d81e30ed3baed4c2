// SPDX-License-Identifier: MIT
/* b: uses a's exports and libumod's. */
#include <umod/module.h>

int a_add(int x, int y);
int a_gpl(void);
int a_ns(void);

static int __init b_init(void)
{
	pr_info("b: %d\n", a_add(a_gpl(), a_ns()));
	return try_module_get(THIS_MODULE) ? 0 : -1;
}
module_init(b_init);

MODULE_IMPORT_NS(A_NS);
MODULE_LICENSE("GPL v2");
