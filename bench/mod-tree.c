// SPDX-License-Identifier: MIT
/*
 * mod-tree - figure 6's modules, as a distribution's tree holds them:
 * twenty exports (tQQQQQ_00 to tQQQQQ_19), thirty imports (z00000000 to
 * z00000029, which bench-tools renames to kernel symbols or to exports of
 * the modules this one depends on), a parameter, aliases and the usual
 * .modinfo.  Never loaded: the tools only read it.
 */
#include "mod.h"

BENCH_MODULE("tQQQQQ");
MODULE_AUTHOR("umod benchmarks");
MODULE_DESCRIPTION("figure 6 module tQQQQQ");
MODULE_ALIAS("tQQQQQ-alias");
MODULE_ALIAS("bench:tQQQQQ*");
MODULE_VERSION("1.0");

static int level = 1;
module_param(level, int, 0644);
MODULE_PARM_DESC(level, "how hard to try");

#define Z(n) extern long z000000##n(long);
#define Z10(t) Z(t##0) Z(t##1) Z(t##2) Z(t##3) Z(t##4) \
	Z(t##5) Z(t##6) Z(t##7) Z(t##8) Z(t##9)
Z10(0) Z10(1) Z10(2)
#undef Z

/* Export k calls imports k and k + 10, and the last ten call import 20
 * on: each import used once or more. */
#define T(k, a, b)						\
	long tQQQQQ_##k(long x)					\
	{							\
		return z000000##a(x) + z000000##b(x * level);	\
	}							\
	EXPORT_SYMBOL(tQQQQQ_##k);

T(00, 00, 10) T(01, 01, 11) T(02, 02, 12) T(03, 03, 13) T(04, 04, 14)
T(05, 05, 15) T(06, 06, 16) T(07, 07, 17) T(08, 08, 18) T(09, 09, 19)
T(10, 20, 21) T(11, 22, 23) T(12, 24, 25) T(13, 26, 27) T(14, 28, 29)
T(15, 20, 22) T(16, 24, 26) T(17, 28, 21) T(18, 23, 25) T(19, 27, 29)
