// SPDX-License-Identifier: MIT
/* farcall - calls the host's host_far, 6 GiB away: through the loader's
 * stub (x86-64), veneer (arm64) or PLT entry (RISC-V). */
#include <umod/module.h>

int host_far(void);

int farcall_value(void)
{
	return host_far() + 1;
}
EXPORT_SYMBOL(farcall_value);

MODULE_LICENSE("GPL");
