// SPDX-License-Identifier: MIT
/* dataimp - reads and writes the host's exported data. */
#include <umod/module.h>
#include "testhost.h"

static int *const counter_ptr = &host_counter;	/* an absolute reference */

int dataimp_value(void)
{
	return host_counter * 1000 + *counter_ptr;
}
EXPORT_SYMBOL(dataimp_value);

static int __init dataimp_init(void)
{
	host_counter++;
	return 0;
}

static void __exit dataimp_exit(void)
{
	host_counter--;
}

module_init(dataimp_init);
module_exit(dataimp_exit);
MODULE_LICENSE("GPL");
