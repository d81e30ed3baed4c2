// SPDX-License-Identifier: MIT
/* dm_req - its init asks for another module, as a driver asks for a
 * helper it finds it needs; the request must not deadlock. */
#include <umod/module.h>
#include "dm.h"

MODULE_LICENSE("GPL");

static int __init dm_req_init(void)
{
	dm_note("dm_req", "request", request_module("dm-alias-%s", "nested"));
	return 0;
}

static void __exit dm_req_exit(void)
{
}

module_init(dm_req_init);
module_exit(dm_req_exit);
