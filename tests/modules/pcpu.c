// SPDX-License-Identifier: MIT
/*
 * pcpu - reads the machine's per-CPU and current registers as Linux's
 * percpu.h and current.h have module code read them: x86-64 %gs and
 * i386 %fs (the area's host part at the base), arm64 TPIDR_EL1 and
 * SP_EL0, arm TPIDRPRW (the reads user space may not make: the host
 * makes them).  Its init records whether each is the thread's area and
 * current task, as the test host set them, and reads its own per-CPU
 * variable through the register: this CPU's copy, which starts as the
 * file's value.  RISC-V's tp is libc's.
 */
#include <stdint.h>
#include <umod/host.h>
#include <umod/module.h>
#include "testhost.h"

/* DEFINE_PER_CPU(int, pcpu_counter) = 42 */
static int __attribute__((section(".data..percpu"), used)) pcpu_counter = 42;

static __attribute__((unused)) void check(const char *what, const void *got, const void *want)
{
	host_record(got == want ? what : "pcpu: wrong");
}

static int __init pcpu_init(void)
{
	void *cur, *off;
	int v = 0;

#if defined(__x86_64__)
	__asm__("mov %%gs:%c1, %0" : "=r" (cur) : "i" (UMOD_PERCPU_CURRENT_OFFSET));
	check("pcpu: current from %gs", cur, host_current());
	(void)off;
	__asm__("movl %%gs:%c1, %0" : "=r" (v) : "i" (&pcpu_counter));
	host_record(v == 42 ? "pcpu: this CPU's copy at %gs" : "pcpu: wrong");
#elif defined(__i386__)
	__asm__("mov %%fs:%c1, %0" : "=r" (cur) : "i" (UMOD_PERCPU_CURRENT_OFFSET));
	check("pcpu: current from %fs", cur, host_current());
	(void)off;
	__asm__("movl %%fs:(%1), %0" : "=r" (v) : "r" (&pcpu_counter));
	host_record(v == 42 ? "pcpu: this CPU's copy at %fs" : "pcpu: wrong");
#elif defined(__aarch64__)
	__asm__ volatile("mrs %0, tpidr_el1" : "=r" (off));
	check("pcpu: offset from tpidr_el1", off, host_percpu_area());
	__asm__ volatile("mrs %0, sp_el0" : "=r" (cur));
	check("pcpu: current from sp_el0", cur, host_current());
	__asm__ volatile("mrs %0, tpidr_el1" : "=r" (off));
	check("pcpu: offset from tpidr_el1 again", off, host_percpu_area());
	(void)v;
#elif defined(__arm__)
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 4" : "=r" (off));
	check("pcpu: offset from tpidrprw", off, host_percpu_area());
	(void)cur;
	v = *(int *)((char *)&pcpu_counter + (uintptr_t)off);
	host_record(v == 42 ? "pcpu: this CPU's copy at tpidrprw" : "pcpu: wrong");
#else
	(void)cur;
	(void)off;
	(void)v;
	host_record("pcpu: no per-CPU register");
#endif
	return 0;
}
module_init(pcpu_init);
MODULE_LICENSE("GPL");
