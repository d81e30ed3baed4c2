// SPDX-License-Identifier: MIT
/* futex.c - the one blocking primitive kapi's locks are built on. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel.h"

void kapi_futex_wait(u32 *word, u32 val)
{
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

void kapi_futex_wake(u32 *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}
