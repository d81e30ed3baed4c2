// SPDX-License-Identifier: MIT
/* syms - functions to look up by address: exported, static, init. */
#include <umod/module.h>

void syms_note(const void *addr);	/* the test's: symbolizes addr */

static __attribute__((noinline)) int syms_static(int x)
{
	return x * 3 + 1;
}

int syms_exported(int x)
{
	return syms_static(x) + 1;
}
EXPORT_SYMBOL(syms_exported);

/* The static function's address, which no export gives. */
void *syms_static_addr(void)
{
	return (void *)syms_static;
}
EXPORT_SYMBOL(syms_static_addr);

static int __init syms_init(void)
{
	syms_note((const char *)syms_init + 1);
	return 0;
}
module_init(syms_init);

static void __exit syms_exit(void)
{
	syms_note((const char *)syms_exported + 2);
}
module_exit(syms_exit);
MODULE_LICENSE("GPL");
