// SPDX-License-Identifier: MIT
/* dm_leaf - a module others use; loaded by its alias. */
#include <umod/module.h>
#include "dm.h"

MODULE_LICENSE("GPL");
MODULE_ALIAS("dm-alias-leaf");

int dm_leaf_value(void)
{
	return 42;
}
EXPORT_SYMBOL(dm_leaf_value);

static int __init dm_leaf_init(void)
{
	dm_note("dm_leaf", "init", 0);
	return 0;
}

static void __exit dm_leaf_exit(void)
{
	dm_note("dm_leaf", "exit", 0);
}

module_init(dm_leaf_init);
module_exit(dm_leaf_exit);
