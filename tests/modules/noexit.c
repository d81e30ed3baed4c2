// SPDX-License-Identifier: MIT
/* noexit - init but no exit: only a forced unload removes it. */
#include <umod/module.h>
#include "testhost.h"

static int __init noexit_init(void)
{
	host_record("noexit init");
	return 0;
}

module_init(noexit_init);
MODULE_LICENSE("GPL");
