// SPDX-License-Identifier: MIT
/*
 * faulty.c - a module whose init or exit faults as asked: fault=null
 * (a NULL write), div, ud2, bug (BUG()), stack (overflow), bus (a
 * misaligned load with alignment checking on), overrun and underrun (its
 * data page written through, then one byte past either end), host (a NULL
 * passed to the host's strlen: the fault is in host code), warn (WARN_ON,
 * which continues), warnonce (WARN_ON_ONCE, three times); when=init or
 * exit.  Reading its parameter trap
 * writes through NULL: a request's oops.  faulty_crash, exported, does
 * too, for a host that calls it without a guard.
 */
#include <stdint.h>
#include <umod/module.h>

#include "../tools/kapi.h"

size_t strlen(const char *s);

static char *fault = "none";
module_param(fault, charp, 0444);
static char *when = "init";
module_param(when, charp, 0444);

static int *volatile nullp;
static volatile int zero, one = 1, sink;

static int trap_get(char *buf, const struct kernel_param *kp)
{
	*nullp = 1;
	return 0;
}

static const struct kernel_param_ops trap_ops = { .get = trap_get };
module_param_cb(trap, &trap_ops, NULL, 0444);

int faulty_crash(void)
{
	*nullp = 1;
	return 0;
}
EXPORT_SYMBOL(faulty_crash);
static char page_data[64] = "faulty's data";

static bool is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static __attribute__((noinline)) int fault_stack(int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth == 1 << 30)	/* never: 512 GiB of stack */
		return 0;
	return fault_stack(depth + 1) + frame[0];
}

static __attribute__((noinline)) int fault_bus(void)
{
	static uint64_t words[2];
	int v;

	/* EFLAGS.AC: the CPU now checks alignment in user mode. */
	__asm__ volatile("pushfq; orq $0x40000, (%%rsp); popfq" ::: "cc", "memory");
	v = *(volatile int *)((char *)words + 1);
	__asm__ volatile("pushfq; andq $~0x40000, (%%rsp); popfq" ::: "cc", "memory");
	return v;
}

/* Everything from page_data to the end of its page, then one byte more. */
static __attribute__((noinline)) void fault_overrun(void)
{
	volatile char *p = page_data;
	uintptr_t end = ((uintptr_t)page_data | 4095) + 1;

	while ((uintptr_t)p < end)
		*p++ = 0x5a;
	*p = 0x5a;
}

static __attribute__((noinline)) void fault_underrun(void)
{
	volatile char *p = page_data;
	uintptr_t start = (uintptr_t)page_data & ~(uintptr_t)4095;

	while ((uintptr_t)p > start)
		*--p = 0x5a;
	*--p = 0x5a;
}

static __attribute__((noinline)) int do_fault(void)
{
	if (is(fault, "null"))
		*nullp = 1;
	else if (is(fault, "div"))
		sink = one / zero;
	else if (is(fault, "ud2"))
		__builtin_trap();
	else if (is(fault, "bug"))
		BUG();
	else if (is(fault, "stack"))
		return fault_stack(0);
	else if (is(fault, "bus"))
		return fault_bus();
	else if (is(fault, "overrun"))
		fault_overrun();
	else if (is(fault, "underrun"))
		fault_underrun();
	else if (is(fault, "host"))
		sink = (int)strlen((const char *)nullp);
	else if (is(fault, "warn") && WARN_ON(zero == 0))
		pr_info("faulty: warned, and went on\n");
	else if (is(fault, "warnonce"))
		for (int i = 0; i < 3; i++)
			if (WARN_ON_ONCE(zero == 0))
				pr_info("faulty: warned once, went on %d\n", i);
	return 0;
}

static int __init faulty_init(void)
{
	if (is(when, "init"))
		do_fault();
	pr_info("faulty: init done\n");
	return 0;
}

static void __exit faulty_exit(void)
{
	if (is(when, "exit"))
		do_fault();
	pr_info("faulty: exit done\n");
}

module_init(faulty_init);
module_exit(faulty_exit);
MODULE_LICENSE("GPL");
