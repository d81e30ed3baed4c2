// SPDX-License-Identifier: MIT
/* greetdup.c - exports a name greet already exports. */
#include <umod/module.h>

int greet_hello(const char *name)
{
	return 0;
}
EXPORT_SYMBOL(greet_hello);
MODULE_LICENSE("GPL");
