// SPDX-License-Identifier: MIT
/* u: a symbol nobody exports, and a weak one nobody needs to. */
#include <umod/module.h>

int nosuch_function(void);
int maybe_function(void) __attribute__((weak));

static int __init u_init(void)
{
	return nosuch_function() + (maybe_function ? maybe_function() : 0);
}
module_init(u_init);
MODULE_LICENSE("GPL");
