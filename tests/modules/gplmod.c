// SPDX-License-Identifier: GPL-2.0
/* gplmod - a GPL module may link against EXPORT_SYMBOL_GPL. */
#include <umod/module.h>
#include "testhost.h"

int gplmod_probe(void)
{
	return host_gpl_only();
}
EXPORT_SYMBOL_GPL(gplmod_probe);

static int __init gplmod_init(void)
{
	return 0;
}

module_init(gplmod_init);
static void __exit gplmod_exit(void) { }
module_exit(gplmod_exit);
MODULE_LICENSE("GPL v2");
