// SPDX-License-Identifier: MIT
/*
 * paravirt.c - pv_ops, the table x86-64 Linux with PARAVIRT_XXL (Debian's
 * config) calls its privileged operations through, where the kernel has
 * not patched the call site into the native instruction: kapi loads
 * modules without applying .parainstructions, so genuine code calls
 * these.  Filled in: io_delay (outb_p's pause, 2 us as Linux's
 * io_delay=udelay), cpuid (unprivileged: the instruction itself),
 * wbinvd (no cache to write back from user space: a full barrier), and
 * the interrupt flag (paravirt_x86_64.S: per thread, no interrupts to
 * hold off).  The rest are privileged instructions a user-space host
 * cannot run (control and debug registers, MSRs, descriptor tables,
 * page tables): they stay NULL, and a call oopses in the module.
 */
#ifdef __x86_64__
#include <cpuid.h>

#include "kernel.h"

void kapi_pv_save_fl(void);
void kapi_pv_irq_disable(void);
void kapi_pv_irq_enable(void);
void __const_udelay(unsigned long xloops);

static void io_delay(void)
{
	__const_udelay(2 * 0x10c7);	/* udelay(2) */
}

static void pv_cpuid(unsigned int *ax, unsigned int *bx, unsigned int *cx,
		     unsigned int *dx)
{
	__cpuid_count(*ax, *cx, *ax, *bx, *cx, *dx);
}

static void wbinvd(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* struct paravirt_patch_template: cpu, irq, mmu and lock ops, Linux
 * 6.1's order; only the slots filled in are named. */
struct paravirt_patch_template {
	void (*io_delay)(void);
	void *cpu0[20];				/* get_debugreg..update_io_bitmap */
	void (*wbinvd)(void);
	void (*cpuid)(unsigned int *, unsigned int *, unsigned int *,
		      unsigned int *);
	void *cpu1[7];				/* read_msr..end_context_switch */
	void (*save_fl)(void);			/* irq: callee-save */
	void (*irq_disable)(void);
	void (*irq_enable)(void);
	void *irq1[2];				/* safe_halt, halt */
	void *mmu_lock[64];			/* mmu and lock ops */
} pv_ops = {
	.io_delay = io_delay,
	.wbinvd = wbinvd,
	.cpuid = pv_cpuid,
	.save_fl = kapi_pv_save_fl,
	.irq_disable = kapi_pv_irq_disable,
	.irq_enable = kapi_pv_irq_enable,
};
EXPORT_SYMBOL(pv_ops);
KAPI_LAYOUT(offsetof(struct paravirt_patch_template, wbinvd) == 0xa8, "pv_ops.cpu.wbinvd");
KAPI_LAYOUT(offsetof(struct paravirt_patch_template, save_fl) == 0xf0, "pv_ops.irq.save_fl");
#endif
