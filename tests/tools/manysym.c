// SPDX-License-Identifier: MIT
/* manysym.c - needs three symbols no host exports, and says when its init
 * runs, which a dry run must not let it. */
#include <umod/module.h>

int no_such_function(void);
int no_such_other(int);
extern int no_such_data;

static int __init manysym_init(void)
{
	pr_info("manysym: init ran\n");
	return no_such_function() + no_such_other(no_such_data);
}

module_init(manysym_init);
MODULE_LICENSE("GPL");
