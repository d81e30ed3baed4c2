// SPDX-License-Identifier: MIT
/*
 * mod-filler - figure 3's background modules: ten exports each, named
 * fQQQQQ_0 to fQQQQQ_9 in the template and f00000_0... in the copies
 * bench-symbols loads, and two imports from the host's million.
 */
#include "mod.h"

BENCH_MODULE("fQQQQQ");

extern long h0000001, h0000002;

#define FILLER_EXPORT(i)					\
	long fQQQQQ_##i(long x)					\
	{							\
		return x * (i + 3) + h0000001;			\
	}							\
	EXPORT_SYMBOL(fQQQQQ_##i);

FILLER_EXPORT(0) FILLER_EXPORT(1) FILLER_EXPORT(2) FILLER_EXPORT(3)
FILLER_EXPORT(4) FILLER_EXPORT(5) FILLER_EXPORT(6) FILLER_EXPORT(7)
FILLER_EXPORT(8) FILLER_EXPORT(9)

static int __init filler_init(void)
{
	h0000002++;
	return 0;
}

static void __exit filler_exit(void)
{
	h0000002--;
}

module_init(filler_init);
module_exit(filler_exit);
