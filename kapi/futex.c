// SPDX-License-Identifier: MIT
/* futex.c - the one blocking primitive kapi's locks are built on. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kernel.h"

void kapi_futex_wait(u32 *word, u32 val)
{
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

void kapi_futex_wait_ns(u32 *word, u32 val, s64 timeout_ns)
{
	struct timespec ts = { timeout_ns / 1000000000, timeout_ns % 1000000000 };

	if (timeout_ns < 0) {
		kapi_futex_wait(word, val);
		return;
	}
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, &ts, NULL, 0);
}

void kapi_futex_wake(u32 *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}
