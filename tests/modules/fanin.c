// SPDX-License-Identifier: MIT
/* fanin - imports from five modules, two symbols from one of them: the
 * loader references each exporter once, however many imports it serves. */
#include <umod/module.h>
#include "testhost.h"

extern int stack_a_data;
int stack_a_value(void);
int stack_b_value(void);
int hello_greet(void);
int gplmod_probe(void);
int weak_probe(void);

int fanin_value(void)
{
	return stack_a_value() + stack_a_data + stack_b_value() + hello_greet() +
	       gplmod_probe() + weak_probe();
}
EXPORT_SYMBOL(fanin_value);

MODULE_LICENSE("GPL");
