// SPDX-License-Identifier: MIT
/* crcx: exports whose types kbuild-crc.t changes, one at a time. */
#include <umod/module.h>
#include "crcx.h"

int crcx_width(const struct crcx_conf *conf)
{
	return conf->range.hi - conf->range.lo;
}
EXPORT_SYMBOL_GPL(crcx_width);

int crcx_add(int x, int y)
{
	return x + y;
}
EXPORT_SYMBOL(crcx_add);

/* A second plain export: __kcrctab's order must be __ksymtab's. */
int crcx_neg(int x)
{
	return -x;
}
EXPORT_SYMBOL(crcx_neg);

MODULE_LICENSE("GPL");
