// SPDX-License-Identifier: MIT
/*
 * percpu.c - the kernel's own per-CPU variables, at %gs as module code
 * reads them: current_task (`current`), __preempt_count, cpu_number
 * (smp_processor_id), this_cpu_off (this_cpu_ptr's base) and numa_node
 * (node 0).
 *
 * x86-64 Linux links its per-CPU section at 0, so such a symbol's value
 * is its offset in the area, and `mov %gs:current_task, %rax` reads this
 * CPU's copy.  Here each thread that runs module code is a CPU with an
 * area of its own (libumod's umod_thread_prepare); the variables sit in
 * the part libumod leaves the host (UMOD_PERCPU_HOST_OFFSET), and are
 * exported as absolute symbols of those offsets.  Each thread gets a
 * task of its own (task.c).
 *
 * Each thread is a CPU of its own, numbered as libumod numbers its
 * area: cpu_number is that, __per_cpu_offset[cpu] the area's base, and
 * this_cpu_off the calling thread's.  alloc_percpu's memory is libumod's
 * (umod_percpu_alloc), the same offset in each area.  All UMOD_NR_CPUS
 * CPUs are possible, present and online: a CPU whose thread is not
 * running is an idle one.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

struct kapi_percpu {
	struct task_struct *current_task;
	int preempt_count;
	int cpu_number;
	unsigned long this_cpu_off;
	int numa_node;
	struct task_struct *task;	/* the area's task, kept on reuse */
	char pad[64 - 40];
	/* x86's cpu_info: this CPU's struct cpuinfo_x86, boot_cpu_data's copy */
	_Alignas(8) char cpu_info[KAPI_CPUINFO_SIZE];
};
_Static_assert(sizeof(struct kapi_percpu) <= UMOD_PERCPU_HOST_SIZE,
	       "kapi's per-CPU variables fit the host's part of the area");
/* arm64's SP_EL0 reads, which libumod answers, find current there. */
_Static_assert(offsetof(struct kapi_percpu, current_task) ==
	       UMOD_PERCPU_CURRENT_OFFSET - UMOD_PERCPU_HOST_OFFSET,
	       "current is the host part's first word");

#ifdef __x86_64__
extern char boot_cpu_data[];	/* cpu.c's struct cpuinfo_x86 */
#endif

#define PCPU(field)	(UMOD_PERCPU_HOST_OFFSET + offsetof(struct kapi_percpu, field))
#define __S(x)	#x
#define S(x)	__S(x)

/* The offsets, as the absolute symbols Linux's per-CPU variables are;
 * top-level asm takes no operands, so each is spelt out and checked. */
#define PERCPU_SYMBOL(name, field, off)					\
	KAPI_LAYOUT(offsetof(struct kapi_percpu, field) == off, #name); \
	__asm__(".globl " #name "\n.set " #name ", "			\
		S(UMOD_PERCPU_HOST_OFFSET) " + " #off);			\
	extern char name[];						\
	EXPORT_SYMBOL(name)

/* Preemption enabled and no reschedule pending: x86's preempt count
 * keeps PREEMPT_NEED_RESCHED inverted in its top bit. */
#define PREEMPT_ENABLED	0x80000000

#ifndef __x86_64__
static __thread struct kapi_percpu *this_area;
#endif

/* Called on the thread the area is for, when it is prepared. */
static void init_area(void *area, unsigned int cpu)
{
	struct kapi_percpu *p = (void *)((char *)area + UMOD_PERCPU_HOST_OFFSET);

#ifndef __x86_64__
	this_area = p;
#endif

	if (!p->task)
		p->task = kapi_task_new();
	if (p->task)
		kapi_task_init(p->task);
	p->current_task = p->task;
	p->preempt_count = PREEMPT_ENABLED;
	p->cpu_number = cpu;
	p->this_cpu_off = (unsigned long)area;
	p->numa_node = 0;
#ifdef __x86_64__
	memcpy(p->cpu_info, boot_cpu_data, KAPI_CPUINFO_SIZE);
	memcpy(p->cpu_info + KAPI_CPUINFO_CPU_INDEX, &(uint16_t){ cpu }, 2);
#endif
}

/* Each CPU's area: per_cpu_ptr(p, cpu) is p + __per_cpu_offset[cpu]. */
unsigned long __per_cpu_offset[UMOD_NR_CPUS];
EXPORT_SYMBOL(__per_cpu_offset);

/* umod_kapi_attach's: before any module code runs. */
void kapi_percpu_setup(void)
{
	for (unsigned int cpu = 0; cpu < UMOD_NR_CPUS; cpu++)
		__per_cpu_offset[cpu] = (unsigned long)umod_percpu_offset(cpu);
	umod_set_percpu_init(init_area);
	umod_thread_prepare();
}

#ifdef __x86_64__
struct task_struct *kapi_current(void)
{
	struct task_struct *t;

	__asm__("mov %%gs:%c1, %0" : "=r" (t) : "i" (PCPU(current_task)));
	return t;
}

void kapi_preempt_add(int n)
{
	__asm__ volatile("addl %0, %%gs:%c1" :: "ri" (n), "i" (PCPU(preempt_count))
			 : "memory");
}
#else
/* Elsewhere module code has no per-CPU register (docs/design.md): the
 * host's own calls find the thread's area through a thread-local. */
struct task_struct *kapi_current(void)
{
	return this_area ? this_area->current_task : NULL;
}

void kapi_preempt_add(int n)
{
	if (this_area)
		this_area->preempt_count += n;
}
#endif

/* x86-64's per-CPU offsets: meaningless where nothing reads %gs. */
#ifdef __x86_64__
PERCPU_SYMBOL(current_task, current_task, 0);
PERCPU_SYMBOL(__preempt_count, preempt_count, 8);
PERCPU_SYMBOL(cpu_number, cpu_number, 12);
PERCPU_SYMBOL(this_cpu_off, this_cpu_off, 16);
PERCPU_SYMBOL(numa_node, numa_node, 24);
#ifdef __x86_64__
PERCPU_SYMBOL(cpu_info, cpu_info, 64);
#endif
#endif

/* The CPUs, all possible, present and online. */
#define BITS_PER_LONG	64
#define CPU_MASK_LONGS	((UMOD_NR_CPUS + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define ALL_CPUS	[0 ... CPU_MASK_LONGS - 1] = ~0ul

_Static_assert(UMOD_NR_CPUS % BITS_PER_LONG == 0, "whole words of CPUs");
unsigned int nr_cpu_ids = UMOD_NR_CPUS;
EXPORT_SYMBOL(nr_cpu_ids);
unsigned long __cpu_possible_mask[CPU_MASK_LONGS] = { ALL_CPUS };
EXPORT_SYMBOL(__cpu_possible_mask);
unsigned long __cpu_online_mask[CPU_MASK_LONGS] = { ALL_CPUS };
EXPORT_SYMBOL(__cpu_online_mask);
unsigned long __cpu_present_mask[CPU_MASK_LONGS] = { ALL_CPUS };
EXPORT_SYMBOL(__cpu_present_mask);
unsigned long __cpu_active_mask[CPU_MASK_LONGS] = { ALL_CPUS };
EXPORT_SYMBOL(__cpu_active_mask);
int __num_online_cpus = UMOD_NR_CPUS;
EXPORT_SYMBOL(__num_online_cpus);

/* mm/percpu.c's, over libumod's per-CPU memory.  Linux warns of a size
 * or alignment it cannot give, and returns NULL. */
void *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp)
{
	void *p = umod_percpu_alloc(size, align);

	if (!p && (!size || size > 32 * 1024 || align > 4096 || (align & (align - 1))))
		kapi_warn(KERN_WARNING "illegal size (%zu) or align (%zu) for percpu allocation\n",
			  size, align);
	return p;
}
EXPORT_SYMBOL(__alloc_percpu_gfp);

void *__alloc_percpu(size_t size, size_t align)
{
	return __alloc_percpu_gfp(size, align, GFP_KERNEL);
}
EXPORT_SYMBOL(__alloc_percpu);

void free_percpu(void *ptr)
{
	umod_percpu_free(ptr);
}
EXPORT_SYMBOL(free_percpu);
