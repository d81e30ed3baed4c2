// SPDX-License-Identifier: MIT
/*
 * usercopy.c - copy_to_user and copy_from_user.  A host has no user
 * space: the "user" buffer a module is given is the caller's memory in
 * this process.  Each returns the bytes not copied, 0 here: a bad pointer
 * faults as any access does, where Linux would return what was left.
 */
#include <errno.h>
#include <string.h>

#include "kernel.h"

unsigned long _copy_from_user(void *to, const void *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}
EXPORT_SYMBOL(_copy_from_user);

unsigned long _copy_to_user(void *to, const void *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}
EXPORT_SYMBOL(_copy_to_user);

/* mm/util.c's: a kmalloc'd copy of user memory, or an error pointer. */
void *memdup_user(const void *src, size_t len)
{
	void *p = __kmalloc(len, GFP_KERNEL);

	if (!p)
		return (void *)(long)-ENOMEM;
	if (_copy_from_user(p, src, len)) {
		kfree(p);
		return (void *)(long)-EFAULT;
	}
	return p;
}
EXPORT_SYMBOL(memdup_user);

#ifdef __x86_64__
/* uaccess_x86_64.S's, which EXPORT_SYMBOL needs C names for. */
#define UACCESS(name) void name(void); EXPORT_SYMBOL(name)
UACCESS(__get_user_1);
UACCESS(__get_user_2);
UACCESS(__get_user_4);
UACCESS(__get_user_8);
UACCESS(__get_user_nocheck_1);
UACCESS(__get_user_nocheck_2);
UACCESS(__get_user_nocheck_4);
UACCESS(__get_user_nocheck_8);
UACCESS(__put_user_1);
UACCESS(__put_user_2);
UACCESS(__put_user_4);
UACCESS(__put_user_8);
UACCESS(clear_user_erms);
UACCESS(clear_user_rep_good);
UACCESS(clear_user_original);
UACCESS(__put_user_nocheck_1);
UACCESS(__put_user_nocheck_2);
UACCESS(__put_user_nocheck_4);
UACCESS(__put_user_nocheck_8);
#endif
