// SPDX-License-Identifier: MIT
/* crcexp.c - exports crcexp_fn with a symbol version (__kcrctab), as a
 * module built with CONFIG_MODVERSIONS does. */
#include <umod/module.h>

int crcexp_fn(int x)
{
	return x + 1;
}
EXPORT_SYMBOL(crcexp_fn);

/* One CRC per export, in __ksymtab's order. */
__asm__("	.section \"__kcrctab\",\"a\"\n"
	"	.balign 4\n"
	"	.long 0x1234abcd\n"
	"	.previous\n");

MODULE_LICENSE("GPL");
