// SPDX-License-Identifier: MIT
/*
 * bug.c - what hardened code calls when it finds a bug: fortify_panic
 * (a FORTIFY_SOURCE overflow), refcount_warn_saturate (refcount_t gone
 * wrong), __check_object_size (hardened usercopy).  Words are Linux
 * 6.1's.  A BUG is Linux's: ud2, which the host turns into an oops.
 */
#include <limits.h>

#include "kernel.h"

__attribute__((noreturn)) void fortify_panic(const char *name)
{
	kapi_printk(KERN_EMERG "detected buffer overflow in %s\n", name);
	__builtin_trap();
}
EXPORT_SYMBOL(fortify_panic);

enum refcount_saturation_type {
	REFCOUNT_ADD_NOT_ZERO_OVF,
	REFCOUNT_ADD_OVF,
	REFCOUNT_ADD_UAF,
	REFCOUNT_SUB_UAF,
	REFCOUNT_DEC_LEAK,
};

#define REFCOUNT_SATURATED	(INT_MIN / 2)

/* The count stays saturated: the object leaks rather than is freed
 * while in use. */
void refcount_warn_saturate(int *r, enum refcount_saturation_type t)
{
	static const char *const what[] = {
		[REFCOUNT_ADD_NOT_ZERO_OVF] = "saturated; leaking memory",
		[REFCOUNT_ADD_OVF] = "saturated; leaking memory",
		[REFCOUNT_ADD_UAF] = "addition on 0; use-after-free",
		[REFCOUNT_SUB_UAF] = "underflow; use-after-free",
		[REFCOUNT_DEC_LEAK] = "decrement hit 0; leaking memory",
	};

	__atomic_store_n(r, REFCOUNT_SATURATED, __ATOMIC_RELAXED);
	if ((unsigned int)t < sizeof(what) / sizeof(what[0]))
		kapi_warn("refcount_t: %s.\n", what[t]);
	else
		kapi_warn("refcount_t: unknown saturation event!?\n");
}
EXPORT_SYMBOL(refcount_warn_saturate);

/*
 * Hardened usercopy: Linux checks that the object lies within one heap
 * object or stack frame.  malloc cannot say where an object starts, so
 * only the checks on the address itself are made (check_bogus_address).
 */
void __check_object_size(const void *ptr, unsigned long n, bool to_user)
{
	if (!n)
		return;
	if ((unsigned long)ptr + n < (unsigned long)ptr ||
	    (unsigned long)ptr <= 16) {
		kapi_printk(KERN_EMERG "usercopy: Kernel memory %s attempt detected to %s (offset %lu, size %lu)!\n",
		       to_user ? "exposure" : "overwrite",
		       (unsigned long)ptr <= 16 ? "null address" : "wrapped address",
		       (unsigned long)ptr, n);
		__builtin_trap();
	}
}
EXPORT_SYMBOL(__check_object_size);
