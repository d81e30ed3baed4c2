// SPDX-License-Identifier: MIT
/* dm_user - depends on dm_leaf: modprobe loads that first. */
#include <umod/module.h>
#include "dm.h"

MODULE_LICENSE("GPL");
MODULE_ALIAS("dm-alias-user");

int dm_leaf_value(void);

static int __init dm_user_init(void)
{
	dm_note("dm_user", "leaf", dm_leaf_value());
	return 0;
}

static void __exit dm_user_exit(void)
{
	dm_note("dm_user", "exit", 0);
}

module_init(dm_user_init);
module_exit(dm_user_exit);
