/* SPDX-License-Identifier: MIT */
/* oops.h - between the fault handler (oops.c) and the report (traps.c,
 * with dumpstack.c's common lines). */
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

/* The signal a BUG()/WARN() trap raises: ud2 and arm's undefined
 * instruction are illegal, arm64's BRK and RISC-V's ebreak breakpoints. */
#if defined(__aarch64__) || defined(__riscv)
#define BUG_TRAP_SIGNAL	SIGTRAP
#else
#define BUG_TRAP_SIGNAL	SIGILL
#endif

/* A report being written: its context, the registers, the stack. */
struct report {
	struct umod_ctx *ctx;
	const mcontext_t *regs;
	uintptr_t stack_lo, stack_hi;	/* the copied or live stack */
	const uintptr_t *stack;
};

#define say(r, level, ...) umod_log((r)->ctx, level, __VA_ARGS__)
#define KERN_EMERG_LEVEL 0
#define KERN_ALERT_LEVEL 1
#define KERN_CRIT_LEVEL 2
#define KERN_DEFAULT_LEVEL 4

/*
 * traps.c, the machine's part (Linux's arch/<arch>/kernel/traps.c,
 * process.c and mm/fault.c).  arch_bug_len: the length of the BUG()
 * trap at the faulting pc, or 0 if the instruction there is none.
 * arch_die: an oops's lines from the header the fault calls for to the
 * last before the end marker; *what gets its summary.  arch_show_regs:
 * Linux's show_regs, the CPU line, the registers and the trace;
 * arch_show_trace: the trace alone, from the pc, in the machine's words.
 * arch_emulate: an instruction module code may run that user space may
 * not (arm64's and arm's per-CPU and current registers), done for it;
 * false when pc holds none.
 */
size_t arch_bug_len(const mcontext_t *m);
void arch_die(struct report *r, const struct fault *f, const struct bug_entry *bug,
	      bool in_handler, const char **what, void *const *host, int nhost);
void arch_show_regs(struct report *r, void *const *host, int nhost);
void arch_show_trace(struct report *r, void *const *host, int nhost);
bool arch_emulate(ucontext_t *uc);

/*
 * dumpstack.c: the lines every machine's report has.  module_at and find_bug want the contexts lock, which
 * nobody holds while module code runs; safe_copy reads what may be
 * unmapped without faulting.
 */
struct module *module_at(uintptr_t pc);
struct bug_entry *find_bug(struct module *mod, uintptr_t pc);
bool safe_copy(void *dst, uintptr_t src, size_t len);
size_t copy_live_stack(uintptr_t sp, uintptr_t end, uintptr_t *buf);
const char *bug_file(const struct bug_entry *b);
void print_task(struct report *r);
void print_modules(struct report *r);
void print_end(struct report *r);
void trace_symbol(char *buf, size_t len, uintptr_t addr);
void print_trace_entries(struct report *r, void *const *host, int nhost,
			 void (*entry)(struct report *r, uintptr_t addr, bool reliable));
unsigned int next_die(void);
bool stack_overflow(struct report *r, uintptr_t addr);
/* traps.c: the oops of mod's call what (its report, taint D, the caller's
 * message); host: the frames above the guard. */
void report_oops(struct module *mod, const char *what, const struct fault *f,
		 void *const *host, int nhost, bool in_handler);
/* A WARN() at bug: its report, taint W. */
void report_warning(struct module *mod, const struct bug_entry *bug,
		    const struct fault *f);

#endif /* UMOD_OOPS_H */
