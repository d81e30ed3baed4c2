// SPDX-License-Identifier: MIT
/* multi's second object: a helper() of its own, and a function's data. */
#include <umod/module.h>

static int __attribute__((noinline)) helper(void)
{
	return 2;
}

static int factor = 2;

int multi_util_helper(void)
{
	return helper();
}

int multi_util_twice(int x)
{
	return factor * x;
}
