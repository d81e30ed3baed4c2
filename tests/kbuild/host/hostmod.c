// SPDX-License-Identifier: MIT
/* hostmod: uses the host's exports. */
#include <umod/module.h>

int host_fn(int x);
int host_ns_fn(void);

static int __init hostmod_init(void)
{
	return host_fn(-1) + host_ns_fn() - 4;
}
module_init(hostmod_init);
MODULE_IMPORT_NS(HOST_NS);
MODULE_LICENSE("GPL");
