// SPDX-License-Identifier: MIT
/*
 * badexport.c - exports a function under a name with a newline in it,
 * which would add a forged line to ksyms and kallsyms if indexed.
 */
#include <umod/module.h>

int badexport_fn(void)
{
	return 0;
}

__asm__("	.section \"__ksymtab_strings\",\"aMS\",%progbits,1\n"
	"__kstrtab_forged:\n"
	"	.asciz \"badexport_fn\\n0000000000000000 T forged\"\n"
	"__kstrtabns_forged:\n"
	"	.asciz \"\"\n"
	"	.previous\n"
	"	.section \"__ksymtab\",\"a\"\n"
	"	.balign 4\n"
	"__ksymtab_forged:\n"
	"	.long badexport_fn - .\n"
	"	.long __kstrtab_forged - .\n"
	"	.long __kstrtabns_forged - .\n"
	"	.previous\n");

MODULE_LICENSE("GPL");
