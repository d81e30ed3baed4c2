// SPDX-License-Identifier: MIT
/* selfref - init pins THIS_MODULE; unload is refused until it lets go. */
#include <umod/module.h>

static int strcmp_(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a - *b;
}

/* 1 if THIS_MODULE is this module. */
int selfref_is_me(void)
{
	return !strcmp_(module_name(THIS_MODULE), "selfref");
}
EXPORT_SYMBOL(selfref_is_me);

int selfref_release(void)
{
	module_put(THIS_MODULE);
	return 0;
}
EXPORT_SYMBOL(selfref_release);

static int __init selfref_init(void)
{
	return try_module_get(THIS_MODULE) ? 0 : -1;
}

static void __exit selfref_exit(void) { }

module_init(selfref_init);
module_exit(selfref_exit);
MODULE_LICENSE("GPL");
