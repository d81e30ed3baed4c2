// SPDX-License-Identifier: MIT
/* propmod - a proprietary module importing a GPL-only export: refused. */
#include <umod/module.h>
#include "testhost.h"

int propmod_probe(void)
{
	return host_gpl_only();
}
EXPORT_SYMBOL(propmod_probe);

static int __init propmod_init(void)
{
	return 0;
}

module_init(propmod_init);
static void __exit propmod_exit(void) { }
module_exit(propmod_exit);
MODULE_LICENSE("Proprietary");
