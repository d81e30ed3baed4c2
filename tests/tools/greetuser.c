// SPDX-License-Identifier: MIT
/* greetuser.c - uses greet's export, so greet is in use while it lives. */
#include <umod/module.h>

int greet_hello(const char *name);

static int __init greetuser_init(void)
{
	pr_info("greetuser: greet_hello returned %d\n", greet_hello("greetuser"));
	return 0;
}

static void __exit greetuser_exit(void)
{
	printk(KERN_NOTICE "greetuser: goodbye\n");
}

module_init(greetuser_init);
module_exit(greetuser_exit);
MODULE_LICENSE("GPL");
