/* SPDX-License-Identifier: MIT */
/* oops.h - between the fault handler (oops.c) and the report (dumpstack.c). */
#ifndef UMOD_OOPS_H
#define UMOD_OOPS_H

#include <ucontext.h>

#include "internal.h"

#define STACK_COPY_WORDS	512	/* 4 KiB of the faulting stack */

/* What a fault left: the signal, the registers, a copy of the stack. */
struct fault {
	int sig, code;
	uintptr_t addr;			/* si_addr */
	mcontext_t regs;
	uintptr_t stack_base;		/* where the copy starts */
	size_t nstack;
	uintptr_t stack[STACK_COPY_WORDS];
};

/* The faulting context's program counter and stack pointer, per machine
 * (the registers' report: dumpstack.c's print_regs). */
#if defined(__x86_64__)
static inline uintptr_t fault_reg(const mcontext_t *m, int r)
{
	return (uintptr_t)m->gregs[r];
}
#define FAULT_PC(m)	((m)->gregs[REG_RIP])
#define FAULT_SP(m)	((m)->gregs[REG_RSP])
#elif defined(__aarch64__)
#define FAULT_PC(m)	((m)->pc)
#define FAULT_SP(m)	((m)->sp)
#elif defined(__riscv)
#define FAULT_PC(m)	((m)->__gregs[REG_PC])
#define FAULT_SP(m)	((m)->__gregs[REG_SP])
#elif defined(__i386__)
static inline uintptr_t fault_reg(const mcontext_t *m, int r)
{
	return (uintptr_t)m->gregs[r];
}
#define FAULT_PC(m)	((m)->gregs[REG_EIP])
#define FAULT_SP(m)	((m)->gregs[REG_ESP])
#elif defined(__arm__)
#define FAULT_PC(m)	((m)->arm_pc)
#define FAULT_SP(m)	((m)->arm_sp)
#endif

static inline uintptr_t fault_pc(const mcontext_t *m)
{
	return (uintptr_t)FAULT_PC(m);
}

static inline uintptr_t fault_sp(const mcontext_t *m)
{
	return (uintptr_t)FAULT_SP(m);
}

/*
 * dumpstack.c.  module_at and find_bug want the contexts lock, which
 * nobody holds while module code runs; safe_copy reads what may be
 * unmapped without faulting.
 */
struct module *module_at(uintptr_t pc);
struct bug_entry *find_bug(struct module *mod, uintptr_t pc);
bool safe_copy(void *dst, uintptr_t src, size_t len);
size_t copy_live_stack(uintptr_t sp, uintptr_t end, uintptr_t *buf);
/* The oops of mod's call what (its report, taint D, the caller's
 * message); host: the frames above the guard. */
void report_oops(struct module *mod, const char *what, const struct fault *f,
		 void *const *host, int nhost, bool in_handler);
/* A WARN() at bug: its report, taint W. */
void report_warning(struct module *mod, const struct bug_entry *bug,
		    const struct fault *f);

#endif /* UMOD_OOPS_H */
