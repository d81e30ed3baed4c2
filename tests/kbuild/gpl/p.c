// SPDX-License-Identifier: MIT
/* p: a proprietary module reaching for a GPL-only export and a namespace
 * it does not import. */
#include <umod/module.h>

int a_gpl(void);
int a_ns(void);

static int __init p_init(void)
{
	return a_gpl() + a_ns();
}
module_init(p_init);
MODULE_LICENSE("Proprietary");
