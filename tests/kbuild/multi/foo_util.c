// SPDX-License-Identifier: MIT
#include "foo.h"

#ifndef UTIL_ONLY
#error CFLAGS_foo_util.o was not applied
#endif

int foo_util(int x)
{
	return 2 * x;
}
