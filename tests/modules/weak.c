// SPDX-License-Identifier: MIT
/* weak - an undefined weak reference stays NULL; a defined one binds. */
#include <umod/module.h>

extern int umod_test_absent(void) __attribute__((__weak__));
extern int umod_test_absent_data __attribute__((__weak__));
extern int host_add(int, int) __attribute__((__weak__));

/* 0 if both absent symbols are NULL, host_add(2, 3) when it is bound. */
int weak_probe(void)
{
	if (umod_test_absent || &umod_test_absent_data)
		return -1;
	return host_add ? host_add(2, 3) : -2;
}
EXPORT_SYMBOL(weak_probe);

static int __init weak_init(void)
{
	return 0;
}

module_init(weak_init);
static void __exit weak_exit(void) { }
module_exit(weak_exit);
MODULE_LICENSE("GPL");
