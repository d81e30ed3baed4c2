// SPDX-License-Identifier: MIT
/* unknowns - three imports nobody exports (two functions and data), and
 * the host's data, which an absolute relocation cannot reach from a PIE
 * host: a dry run names all three and still checks the relocations. */
#include <umod/module.h>
#include "testhost.h"

int foo_bar(void);
int foo_baz(int);
extern int foo_data;

static int __init unknowns_init(void)
{
	host_record("unknowns init");
	return foo_bar() + foo_baz(foo_data) + host_counter;
}

module_init(unknowns_init);
MODULE_LICENSE("GPL");
