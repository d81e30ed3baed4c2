/* SPDX-License-Identifier: MIT */
/* kabi_call.h - call a function on a misaligned stack (kabi_call.S). */
#ifndef TESTS_KABI_CALL_H
#define TESTS_KABI_CALL_H

long kabi_call(const void *fn, ...);

/* Up to five integer or pointer arguments; an int result is the low
 * half of what comes back. */
#define KCALL(fn, ...)	kabi_call((const void *)(fn), __VA_ARGS__)
#define KCALL_INT(fn, ...)	((int)KCALL(fn, __VA_ARGS__))

#endif
