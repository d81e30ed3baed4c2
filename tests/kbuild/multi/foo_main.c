// SPDX-License-Identifier: MIT
#include <umod/module.h>
#include "foo.h"	/* found through ccflags-y's -I$(src)/inc */

#if FOO_ANSWER != 42
#error ccflags-y was not applied
#endif
#ifdef UTIL_ONLY
#error CFLAGS_foo_util.o leaked to foo_main.o
#endif

static int __init foo_init(void)
{
	return foo_util(FOO_ANSWER) - 2 * FOO_ANSWER;
}
module_init(foo_init);
MODULE_LICENSE("GPL");
