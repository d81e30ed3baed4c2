// SPDX-License-Identifier: MIT
/* proplib - a proprietary module using plain exports: loads, tainted. */
#include <umod/module.h>
#include "testhost.h"

int proplib_value(void)
{
	return host_add(40, 2);
}
EXPORT_SYMBOL(proplib_value);

static int __init proplib_init(void)
{
	return 0;
}

module_init(proplib_init);
static void __exit proplib_exit(void) { }
module_exit(proplib_exit);
MODULE_LICENSE("Proprietary");
