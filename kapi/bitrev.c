// SPDX-License-Identifier: MIT
/*
 * bitrev.c - lib/bitrev.c's table, each byte with its bits reversed,
 * which <linux/bitrev.h>'s inline bitrev8/16/32 index.  (Not
 * lib/math/rational.c: the cloud kernel kapi stands in for has it as
 * rational.ko, which must be able to load.)
 */
#include "kernel.h"

#define R2(n)	(n), (n) + 2 * 64, (n) + 1 * 64, (n) + 3 * 64
#define R4(n)	R2(n), R2((n) + 2 * 16), R2((n) + 1 * 16), R2((n) + 3 * 16)
#define R6(n)	R4(n), R4((n) + 2 * 4), R4((n) + 1 * 4), R4((n) + 3 * 4)

const u8 byte_rev_table[256] = {
	R6(0), R6(2), R6(1), R6(3),
};
EXPORT_SYMBOL(byte_rev_table);
