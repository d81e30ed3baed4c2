// SPDX-License-Identifier: MIT
/* A host executable with exports of its own. */
#include <umod/export.h>

int host_fn(int x)
{
	return x + 1;
}
EXPORT_SYMBOL(host_fn);

int host_gpl_fn(void)
{
	return 3;
}
EXPORT_SYMBOL_GPL(host_gpl_fn);

int host_ns_fn(void)
{
	return 4;
}
EXPORT_SYMBOL_NS(host_ns_fn, HOST_NS);

int main(void)
{
	return 0;
}
