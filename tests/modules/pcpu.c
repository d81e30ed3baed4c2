// SPDX-License-Identifier: MIT
/*
 * pcpu - reads the machine's per-CPU and current registers as Linux's
 * percpu.h and current.h have module code read them: x86-64 %gs and
 * i386 %fs (the area's host part at the base), arm64 TPIDR_EL1 and
 * SP_EL0, arm TPIDRPRW (the reads user space may not make: the host
 * makes them).  Its init records whether each is the thread's area and
 * current task, as the test host set them.  RISC-V's tp is libc's.
 */
#include <umod/host.h>
#include <umod/module.h>
#include "testhost.h"

static __attribute__((unused)) void check(const char *what, const void *got, const void *want)
{
	host_record(got == want ? what : "pcpu: wrong");
}

static int __init pcpu_init(void)
{
	void *cur, *off;

#if defined(__x86_64__)
	__asm__("mov %%gs:%c1, %0" : "=r" (cur) : "i" (UMOD_PERCPU_CURRENT_OFFSET));
	check("pcpu: current from %gs", cur, host_current());
	(void)off;
#elif defined(__i386__)
	__asm__("mov %%fs:%c1, %0" : "=r" (cur) : "i" (UMOD_PERCPU_CURRENT_OFFSET));
	check("pcpu: current from %fs", cur, host_current());
	(void)off;
#elif defined(__aarch64__)
	__asm__ volatile("mrs %0, tpidr_el1" : "=r" (off));
	check("pcpu: offset from tpidr_el1", off, host_percpu_area());
	__asm__ volatile("mrs %0, sp_el0" : "=r" (cur));
	check("pcpu: current from sp_el0", cur, host_current());
	__asm__ volatile("mrs %0, tpidr_el1" : "=r" (off));
	check("pcpu: offset from tpidr_el1 again", off, host_percpu_area());
#elif defined(__arm__)
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 4" : "=r" (off));
	check("pcpu: offset from tpidrprw", off, host_percpu_area());
	(void)cur;
#else
	(void)cur;
	(void)off;
	host_record("pcpu: no per-CPU register");
#endif
	return 0;
}
module_init(pcpu_init);
MODULE_LICENSE("GPL");
