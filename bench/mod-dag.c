// SPDX-License-Identifier: MIT
/*
 * mod-dag - figure 4's modules: three exports, dQQQQQ_0 to dQQQQQ_2 in the
 * template, and three imports, y0000000 to y0000002, which bench-many
 * renames in each copy to the same-numbered export of an earlier module
 * (or of the host, for the first).
 */
#include "mod.h"

BENCH_MODULE("dQQQQQ");

extern long y0000000(long), y0000001(long);
extern long y0000002;

long dQQQQQ_2;
EXPORT_SYMBOL(dQQQQQ_2);

long dQQQQQ_0(long x)
{
	return y0000000(x) + dQQQQQ_2;
}
EXPORT_SYMBOL(dQQQQQ_0);

long dQQQQQ_1(long x)
{
	return y0000001(x) * 3;
}
EXPORT_SYMBOL(dQQQQQ_1);

static int __init dag_init(void)
{
	dQQQQQ_2 = y0000002 + 1;
	return 0;
}

static void __exit dag_exit(void)
{
	dQQQQQ_2 = 0;
}

module_init(dag_init);
module_exit(dag_exit);
