// SPDX-License-Identifier: MIT
/* greet.c - a module that allocates, logs, has parameters and exports. */
#include <umod/module.h>

#include "kapi.h"

static char *who = "world";
module_param(who, charp, 0644);
MODULE_PARM_DESC(who, "whom to greet");

static int times = 1;
module_param(times, int, 0444);

static int secret = 42;
module_param(secret, int, 0600);

static char *greeting;
static int count;

int greet_hello(const char *name)
{
	pr_info("greet: hello, %s\n", name);
	return ++count;
}
EXPORT_SYMBOL(greet_hello);

static int __init greet_init(void)
{
	int i;

	greeting = kzalloc(64, GFP_KERNEL);
	if (!greeting)
		return -12;
	snprintf(greeting, 64, "hello, %s", who);
	for (i = 0; i < times; i++)
		pr_info("greet: %s\n", greeting);
	return 0;
}

static void __exit greet_exit(void)
{
	pr_info("greet: goodbye after %d greetings\n", count);
	kfree(greeting);
}

module_init(greet_init);
module_exit(greet_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("says hello");
