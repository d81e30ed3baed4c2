// SPDX-License-Identifier: MIT
/* hello: one source file, a parameter, init and exit. */
#include <umod/module.h>

static int count = 1;
module_param(count, int, 0644);
MODULE_PARM_DESC(count, "How many greetings");

static int __init hello_init(void)
{
	for (int i = 0; i < count; i++)
		pr_info("hello\n");
	return 0;
}

static void __exit hello_exit(void)
{
	pr_info("goodbye\n");
}

module_init(hello_init);
module_exit(hello_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("umod tests");
MODULE_DESCRIPTION("Greets");
