// SPDX-License-Identifier: MIT
/* dm_nested - what dm_req's init asks for. */
#include <umod/module.h>
#include "dm.h"

MODULE_LICENSE("GPL");
MODULE_ALIAS("dm-alias-nested");

static int __init dm_nested_init(void)
{
	dm_note("dm_nested", "init", 0);
	return 0;
}

static void __exit dm_nested_exit(void)
{
}

module_init(dm_nested_init);
module_exit(dm_nested_exit);
