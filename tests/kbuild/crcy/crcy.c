// SPDX-License-Identifier: MIT
/* crcy: built against crcx's Module.symvers (KBUILD_EXTRA_SYMBOLS). */
#include <umod/module.h>
#include "crcx.h"

static int __init crcy_init(void)
{
	struct crcx_conf conf = { "crcy", { 1, 4 } };

	return crcx_add(crcx_width(&conf), crcx_neg(3));
}
module_init(crcy_init);

MODULE_LICENSE("GPL");
