// SPDX-License-Identifier: MIT
/*
 * module_ref.c - __module_get, which takes one more reference on a
 * module its caller already holds one on (a driver handing its own
 * module to an open file): with a reference held the count is not zero,
 * so libumod's try_module_get takes it.
 */
#include "kernel.h"

void __module_get(struct module *mod)
{
	if (!umod_try_module_get((struct umod_module *)mod))
		kapi_warn("__module_get: %s is going, and its caller held no reference\n",
			  umod_module_name((struct umod_module *)mod));
}
EXPORT_SYMBOL(__module_get);
