// SPDX-License-Identifier: MIT
/* crcmod: uses crchost's exports, versioned and not. */
#include <umod/module.h>

#include "hostx.h"
#include "plain.h"

static int __init crcmod_init(void)
{
	struct hostx_range r = { .lo = 2, .hi = 5 };

	return hostx_add(hostx_width(&r), -3) + hostx_plain(0);
}
module_init(crcmod_init);
MODULE_LICENSE("GPL");
