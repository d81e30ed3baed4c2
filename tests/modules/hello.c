// SPDX-License-Identifier: MIT
/* hello - the example: modinfo, a parameter, an export, init/exit. */
#include <umod/module.h>
#include "testhost.h"

static char *whom = "world";
module_param(whom, charp, 0644);
MODULE_PARM_DESC(whom, "Whom to greet");

int hello_greet(void)
{
	pr_info("hello, %s\n", whom);
	return 42;
}
EXPORT_SYMBOL(hello_greet);

static int __init hello_init(void)
{
	host_record("hello init");
	hello_greet();
	return 0;
}

static void __exit hello_exit(void)
{
	host_record("hello exit");
}

module_init(hello_init);
module_exit(hello_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("umod tests");
MODULE_DESCRIPTION("Greets whom it is told to");
MODULE_ALIAS("greeter");
MODULE_VERSION("1.0");
