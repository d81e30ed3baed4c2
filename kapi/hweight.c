// SPDX-License-Identifier: MIT
/*
 * hweight.c - lib/hweight.c's population counts, called out of line
 * where the compiler does not count bits itself.  On x86-64 the 32 and
 * 64-bit ones are hweight_x86_64.S's, which keep every register but
 * %rax, as the inline asm calling them expects.
 */
#include "kernel.h"

unsigned int __sw_hweight8(unsigned int w)
{
	return __builtin_popcount(w & 0xff);
}
EXPORT_SYMBOL(__sw_hweight8);

unsigned int __sw_hweight16(unsigned int w)
{
	return __builtin_popcount(w & 0xffff);
}
EXPORT_SYMBOL(__sw_hweight16);

#ifdef __x86_64__
unsigned int __sw_hweight32(unsigned int w);
unsigned long __sw_hweight64(u64 w);
#else
unsigned int __sw_hweight32(unsigned int w)
{
	return __builtin_popcount(w);
}

unsigned long __sw_hweight64(u64 w)
{
	return __builtin_popcountll(w);
}
#endif
EXPORT_SYMBOL(__sw_hweight32);
EXPORT_SYMBOL(__sw_hweight64);
