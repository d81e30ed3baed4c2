// SPDX-License-Identifier: MIT
/*
 * traps.c - an oops or a warning as the machine's Linux reports it:
 * report_oops and report_warning (lib/bug.c's __warn, kernel/panic.c),
 * and dump_stack (lib/dump_stack.c), their common lines from dumpstack.c,
 * and the machine's part: the BUG() trap and its length
 * (arch/<arch>/include/asm/bug.h),
 * the header the fault calls for (mm/fault.c, kernel/traps.c's die), the
 * registers as __show_regs prints them (kernel/process.c), the trace's
 * lines and the order of it all; and, on arm64 and arm, the reads of the
 * per-CPU and current registers user space may not make, done for module
 * code (Linux's percpu.h and current.h read them inline).
 *
 * What user space cannot see is left out rather than made up: control
 * registers, page tables, and on RISC-V the status and cause CSRs.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "arch.h"

#include "oops.h"

/* A user-space fault has no fault address of its kind: "NULL pointer
 * dereference" below the first page, as Linux says. */
static bool null_page(uintptr_t addr)
{
	return addr < 4096;
}

#if !defined(__x86_64__) && !defined(__i386__)
/* A fault Linux reports as a paging request. */
static bool page_fault_signal(const struct fault *f)
{
	return f->sig == SIGSEGV || (f->sig == SIGBUS && f->code != BUS_ADRALN);
}
#endif

/* One line of the trace, " ? " for an entry the stack scan found. */
static void trace_line(struct report *r, uintptr_t addr, bool reliable)
{
	char sym[256];

	trace_symbol(sym, sizeof(sym), addr);
	say(r, KERN_DEFAULT_LEVEL, " %s%s", reliable ? "" : "? ", sym);
}

#if defined(__x86_64__) || defined(__i386__)
/* ---- x86: arch/x86/kernel/traps.c, dumpstack.c, process_{64,32}.c,
 * arch/x86/mm/fault.c ---- */

#define CODE_BEFORE	42	/* show_opcodes' prologue */
#define CODE_AFTER	21
#define PF_PROT		(1u << 0)	/* X86_PF_* */
#define PF_WRITE	(1u << 1)
#define PF_USER		(1u << 2)
#define PF_INSTR	(1u << 4)
#ifdef __x86_64__
#define ADDR_FMT	"%016lx"
#else
#define ADDR_FMT	"%08lx"
#endif

size_t arch_bug_len(const mcontext_t *m)
{
	const unsigned char *p = (const unsigned char *)fault_pc(m);

	return p[0] == 0x0f && p[1] == 0x0b ? 2 : 0;	/* ud2 */
}

/* show_opcodes: 42 bytes before the PC, the PC's in <>, 21 after. */
static void print_code(struct report *r, uintptr_t pc)
{
	unsigned char code[CODE_BEFORE + 1 + CODE_AFTER];
	char buf[sizeof(code) * 3 + 8];
	size_t n = 0;

	if (!safe_copy(code, pc - CODE_BEFORE, sizeof(code))) {
		say(r, KERN_DEFAULT_LEVEL, "Code: Unable to access opcode bytes at 0x%lx.",
		    (unsigned long)(pc - CODE_BEFORE));
		return;
	}
	for (size_t i = 0; i < sizeof(code); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
				      i == CODE_BEFORE ? "<%02x> " : "%02x ", code[i]);
	buf[n - 1] = '\0';
	say(r, KERN_DEFAULT_LEVEL, "Code: %s", buf);
}

#ifdef __x86_64__
static void print_regs(struct report *r)
{
	const mcontext_t *m = r->regs;
	char sym[256];
	uintptr_t csgsfs = fault_reg(m, REG_CSGSFS);

	umod_sprint_symbol(sym, sizeof(sym), fault_pc(m));
	say(r, KERN_DEFAULT_LEVEL, "RIP: %04x:%s", (unsigned)(csgsfs & 0xffff), sym);
	print_code(r, fault_pc(m));
	say(r, KERN_DEFAULT_LEVEL, "RSP: %04x:%016lx EFLAGS: %08lx",
	    (unsigned)(csgsfs >> 48), (unsigned long)fault_sp(m),
	    (unsigned long)fault_reg(m, REG_EFL));
#define R3(a, ra, b, rb, c, rc)						\
	say(r, KERN_DEFAULT_LEVEL, a ": %016lx " b ": %016lx " c ": %016lx", \
	    (unsigned long)fault_reg(m, ra), (unsigned long)fault_reg(m, rb),	\
	    (unsigned long)fault_reg(m, rc))
	R3("RAX", REG_RAX, "RBX", REG_RBX, "RCX", REG_RCX);
	R3("RDX", REG_RDX, "RSI", REG_RSI, "RDI", REG_RDI);
	R3("RBP", REG_RBP, "R08", REG_R8, "R09", REG_R9);
	R3("R10", REG_R10, "R11", REG_R11, "R12", REG_R12);
	R3("R13", REG_R13, "R14", REG_R14, "R15", REG_R15);
#undef R3
}
#else
static void print_regs(struct report *r)
{
	const mcontext_t *m = r->regs;
	char sym[256];

	umod_sprint_symbol(sym, sizeof(sym), fault_pc(m));
	say(r, KERN_DEFAULT_LEVEL, "EIP: %s", sym);
	print_code(r, fault_pc(m));
#define R4(a, ra, b, rb, c, rc, d, rd)					\
	say(r, KERN_DEFAULT_LEVEL, a ": %08lx " b ": %08lx " c ": %08lx " d ": %08lx", \
	    (unsigned long)fault_reg(m, ra), (unsigned long)fault_reg(m, rb),	\
	    (unsigned long)fault_reg(m, rc), (unsigned long)fault_reg(m, rd))
	R4("EAX", REG_EAX, "EBX", REG_EBX, "ECX", REG_ECX, "EDX", REG_EDX);
	R4("ESI", REG_ESI, "EDI", REG_EDI, "EBP", REG_EBP, "ESP", REG_ESP);
#undef R4
	say(r, KERN_DEFAULT_LEVEL, "DS: %04x ES: %04x FS: %04x GS: %04x SS: %04x EFLAGS: %08lx",
	    (unsigned)fault_reg(m, REG_DS) & 0xffff, (unsigned)fault_reg(m, REG_ES) & 0xffff,
	    (unsigned)fault_reg(m, REG_FS) & 0xffff, (unsigned)fault_reg(m, REG_GS) & 0xffff,
	    (unsigned)fault_reg(m, REG_SS) & 0xffff, (unsigned long)fault_reg(m, REG_EFL));
}
#endif

/* show_trace_log_lvl. */
void arch_show_trace(struct report *r, void *const *host, int nhost)
{
	say(r, KERN_DEFAULT_LEVEL, "Call Trace:");
	say(r, KERN_DEFAULT_LEVEL, " <TASK>");
	print_trace_entries(r, host, nhost, trace_line);
	say(r, KERN_DEFAULT_LEVEL, " </TASK>");
}

/* __die_header: "Oops: 0002 [#1] SMP". */
static void die_header(struct report *r, const char *str, unsigned long err)
{
	say(r, KERN_DEFAULT_LEVEL, "%s: %04lx [#%u] SMP", str, err & 0xffff, next_die());
}

/* show_fault_oops, then die("Oops"). */
static void page_fault(struct report *r, uintptr_t addr)
{
	unsigned long err = fault_reg(r->regs, REG_ERR) & ~(unsigned long)PF_USER;

	if (null_page(addr))
		say(r, KERN_ALERT_LEVEL, "BUG: kernel NULL pointer dereference, address: " ADDR_FMT,
		    (unsigned long)addr);
	else
		say(r, KERN_ALERT_LEVEL, "BUG: unable to handle page fault for address: " ADDR_FMT,
		    (unsigned long)addr);
	say(r, KERN_ALERT_LEVEL, "#PF: supervisor %s in kernel mode",
	    err & PF_INSTR ? "instruction fetch" :
	    err & PF_WRITE ? "write access" : "read access");
	say(r, KERN_ALERT_LEVEL, "#PF: error_code(0x%04lx) - %s", err,
	    err & PF_PROT ? "permissions violation" : "not-present page");
	die_header(r, "Oops", err);
}

/* What Linux prints before the registers.  In a signal handler the
 * stack's bounds are not asked for (that reads /proc and allocates): an
 * overflow is then a plain page fault. */
static void die_start(struct report *r, const struct fault *f, const struct bug_entry *bug,
		      bool in_handler, const char **what)
{
	switch (f->sig) {
	case SIGSEGV:
		if (f->code == SI_KERNEL) {
			*what = "general protection fault";
			die_header(r, *what, 0);
		} else if (!in_handler && stack_overflow(r, f->addr)) {
			*what = "stack overflow";
			die_header(r, "stack guard page", 0);
		} else {
			*what = null_page(f->addr) ? "kernel NULL pointer dereference"
						   : "unable to handle page fault";
			page_fault(r, f->addr);
		}
		break;
	case SIGBUS:
		*what = f->code == BUS_ADRALN ? "alignment check" : "bus error";
		if (f->code == BUS_ADRALN)
			die_header(r, *what, 0);
		else
			page_fault(r, f->addr);
		break;
	case SIGFPE:
		*what = f->code == FPE_INTDIV || f->code == FPE_INTOVF ?
			"divide error" : "simd exception";
		die_header(r, *what, 0);
		break;
	default:
		*what = bug ? "kernel BUG" : "invalid opcode";
		die_header(r, "invalid opcode", 0);
	}
}

void arch_die(struct report *r, const struct fault *f, const struct bug_entry *bug,
	      bool in_handler, const char **what, void *const *host, int nhost)
{
	die_start(r, f, bug, in_handler, what);
	arch_show_regs(r, host, nhost);
	print_modules(r);
	if (f->sig == SIGSEGV && f->code != SI_KERNEL)
		say(r, KERN_DEFAULT_LEVEL, "CR2: %016lx", (unsigned long)f->addr);
}

#elif defined(__aarch64__)
/* ---- arm64: arch/arm64/kernel/traps.c, process.c, mm/fault.c ---- */

#define INSN_BUG		0xd4210000u	/* brk #0x800 (BUG_BRK_IMM) */
#define ESR_EC_BRK64		(0x3cul << 26)
#define ESR_IL			(1ul << 25)

size_t arch_bug_len(const mcontext_t *m)
{
	return *(const uint32_t *)fault_pc(m) == INSN_BUG ? 4 : 0;
}

/* The syndrome the kernel gave the signal frame (esr_context), if any. */
static unsigned long frame_esr(const mcontext_t *m)
{
	const unsigned char *p = m->__reserved, *end = p + sizeof(m->__reserved);
	uint32_t head[2];

	while (p + 16 <= end) {
		memcpy(head, p, sizeof(head));
		if (!head[0] || head[1] < 8 || head[1] > (size_t)(end - p))
			break;
		if (head[0] == ESR_MAGIC && head[1] >= 16) {
			uint64_t esr;

			memcpy(&esr, p + 8, 8);
			return (unsigned long)esr;
		}
		p += head[1];
	}
	return 0;
}

/* The syndrome of a BRK: its class and immediate; of an undefined
 * instruction: class 0. */
static unsigned long trap_esr(const mcontext_t *m, int sig)
{
	uint32_t insn = *(const uint32_t *)fault_pc(m);

	if (sig == SIGTRAP && (insn & 0xffe0001fu) == 0xd4200000u)
		return ESR_EC_BRK64 | ESR_IL | ((insn >> 5) & 0xffff);
	return ESR_IL;
}

static void print_pstate(struct report *r, unsigned long long ps)
{
	static const char *const btypes[] = { "--", "-c", "j-", "jc" };

	say(r, KERN_DEFAULT_LEVEL,
	    "pstate: %08llx (%c%c%c%c %c%c%c%c %cPAN %cUAO %cTCO %cDIT %cSSBS BTYPE=%s)",
	    ps, ps & (1u << 31) ? 'N' : 'n', ps & (1u << 30) ? 'Z' : 'z',
	    ps & (1u << 29) ? 'C' : 'c', ps & (1u << 28) ? 'V' : 'v',
	    ps & (1u << 9) ? 'D' : 'd', ps & (1u << 8) ? 'A' : 'a',
	    ps & (1u << 7) ? 'I' : 'i', ps & (1u << 6) ? 'F' : 'f',
	    ps & (1u << 22) ? '+' : '-', ps & (1u << 23) ? '+' : '-',
	    ps & (1u << 25) ? '+' : '-', ps & (1u << 24) ? '+' : '-',
	    ps & (1u << 12) ? '+' : '-', btypes[(ps >> 10) & 3]);
}

/* __show_regs: pc, lr, sp, then x29 down to x0, three a line. */
static void print_regs(struct report *r)
{
	const mcontext_t *m = r->regs;
	char sym[256], line[128];

	print_pstate(r, m->pstate);
	umod_sprint_symbol(sym, sizeof(sym), fault_pc(m));
	say(r, KERN_DEFAULT_LEVEL, "pc : %s", sym);
	umod_sprint_symbol(sym, sizeof(sym), m->regs[30]);
	say(r, KERN_DEFAULT_LEVEL, "lr : %s", sym);
	say(r, KERN_DEFAULT_LEVEL, "sp : %016llx", m->sp);
	for (int i = 29; i >= 0; i -= 3) {
		size_t n = 0;

		for (int j = i; j > i - 3; j--)
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%sx%-2d: %016llx",
					      j == i ? "" : " ", j, m->regs[j]);
		say(r, KERN_DEFAULT_LEVEL, "%s", line);
	}
}

/* dump_backtrace from the pc. */
void arch_show_trace(struct report *r, void *const *host, int nhost)
{
	say(r, KERN_DEFAULT_LEVEL, "Call trace:");
	trace_line(r, fault_pc(r->regs) + 1, true);	/* %pS of the pc itself */
	print_trace_entries(r, host, nhost, trace_line);
}

/* dump_kernel_instr: four words before the pc, the pc's in (). */
static void print_code(struct report *r, uintptr_t pc)
{
	char buf[64];
	size_t n = 0;

	for (int i = -4; i < 1; i++) {
		uint32_t insn;

		if (!safe_copy(&insn, pc + (uintptr_t)(i * 4), 4)) {
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "bad PC value ");
			break;
		}
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, i ? "%08x " : "(%08x) ", insn);
	}
	buf[n - 1] = '\0';
	say(r, KERN_EMERG_LEVEL, "Code: %s", buf);
}

void arch_die(struct report *r, const struct fault *f, const struct bug_entry *bug,
	      bool in_handler, const char **what, void *const *host, int nhost)
{
	const char *str = "Oops";
	unsigned long esr = frame_esr(r->regs);

	(void)in_handler;
	if (page_fault_signal(f)) {
		*what = null_page(f->addr) ? "NULL pointer dereference" : "paging request";
		say(r, KERN_ALERT_LEVEL, "Unable to handle kernel %s at virtual address %016lx",
		    *what, (unsigned long)f->addr);
	} else if (f->sig == SIGTRAP) {
		str = bug ? "Oops - BUG" : "Oops - BRK";
		*what = bug ? "kernel BUG" : "BRK";
		esr = trap_esr(r->regs, f->sig);
	} else if (f->sig == SIGILL) {
		str = "Oops - Undefined instruction";
		*what = "undefined instruction";
		esr = trap_esr(r->regs, f->sig);
	} else {
		*what = f->sig == SIGBUS ? "alignment fault" : "arithmetic fault";
	}
	say(r, KERN_EMERG_LEVEL, "Internal error: %s: %016lx [#%u] SMP", str, esr, next_die());
	print_modules(r);
	arch_show_regs(r, host, nhost);
	print_code(r, fault_pc(r->regs));
}

#elif defined(__riscv)
/* ---- RISC-V: arch/riscv/kernel/traps.c, process.c, mm/fault.c ---- */

#define INSN_EBREAK	0x00100073u
#define INSN_C_EBREAK	0x9002u

size_t arch_bug_len(const mcontext_t *m)
{
	const uint16_t *p = (const uint16_t *)fault_pc(m);

	if ((p[0] & 3) != 3)
		return p[0] == INSN_C_EBREAK ? 2 : 0;
	return (p[0] | (uint32_t)p[1] << 16) == INSN_EBREAK ? 4 : 0;
}

/* __show_regs: epc and ra by name, then the registers three a line. */
static void print_regs(struct report *r)
{
	static const char names[32][5] = {
		"epc ", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
		"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3",
		"s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
		"t5", "t6",
	};
	const unsigned long *x = r->regs->__gregs;
	char sym[256], line[128];

	umod_sprint_symbol(sym, sizeof(sym), x[0]);
	say(r, KERN_DEFAULT_LEVEL, "epc : %s", sym);
	umod_sprint_symbol(sym, sizeof(sym), x[1]);
	say(r, KERN_DEFAULT_LEVEL, " ra : %s", sym);
	for (int i = 0; i < 32; i += 3) {
		size_t n = 0;

		for (int j = i; j < i + 3 && j < 32; j++)
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%-3s: %016lx",
					      j == i ? (i ? " " : "") : " ", names[j], x[j]);
		say(r, KERN_DEFAULT_LEVEL, "%s", line);
	}
}

/* print_trace_address: "[<address>] symbol". */
static void riscv_trace_line(struct report *r, uintptr_t addr, bool reliable)
{
	char sym[256];

	trace_symbol(sym, sizeof(sym), addr);
	say(r, KERN_DEFAULT_LEVEL, "[<%016lx>] %s%s", (unsigned long)addr,
	    reliable ? "" : "? ", sym);
}

void arch_show_trace(struct report *r, void *const *host, int nhost)
{
	say(r, KERN_DEFAULT_LEVEL, "Call Trace:");
	riscv_trace_line(r, fault_pc(r->regs) + 1, true);
	print_trace_entries(r, host, nhost, riscv_trace_line);
}

void arch_die(struct report *r, const struct fault *f, const struct bug_entry *bug,
	      bool in_handler, const char **what, void *const *host, int nhost)
{
	const char *str = "Oops";

	(void)in_handler;
	(void)bug;
	if (page_fault_signal(f)) {
		*what = null_page(f->addr) ? "NULL pointer dereference" : "paging request";
		say(r, KERN_ALERT_LEVEL, "Unable to handle kernel %s at virtual address %016lx",
		    *what, (unsigned long)f->addr);
	} else if (f->sig == SIGTRAP) {	/* handle_break: with or without an entry */
		str = "Kernel BUG";
		*what = "kernel BUG";
	} else if (f->sig == SIGILL) {
		str = "Oops - illegal instruction";
		*what = "illegal instruction";
	} else {
		*what = f->sig == SIGBUS ? "misaligned access" : "arithmetic fault";
	}
	say(r, KERN_EMERG_LEVEL, "%s [#%u]", str, next_die());
	print_modules(r);
	arch_show_regs(r, host, nhost);
}

#elif defined(__arm__)
/* ---- arm: arch/arm/kernel/traps.c, process.c, mm/fault.c ---- */

#define INSN_BUG_ARM	0xe7f001f2u
#define INSN_BUG_THUMB	0xde02u
#define PSR_T		(1ul << 5)

static bool thumb(const mcontext_t *m)
{
	return m->arm_cpsr & PSR_T;
}

size_t arch_bug_len(const mcontext_t *m)
{
	if (thumb(m))
		return *(const uint16_t *)fault_pc(m) == INSN_BUG_THUMB ? 2 : 0;
	return *(const uint32_t *)fault_pc(m) == INSN_BUG_ARM ? 4 : 0;
}

/* __show_regs, without what user space cannot read (CP15). */
static void print_regs(struct report *r)
{
	static const char *const modes[32] = {
		[0x10] = "USER_32", [0x11] = "FIQ_32", [0x12] = "IRQ_32", [0x13] = "SVC_32",
		[0x16] = "MON_32", [0x17] = "ABT_32", [0x1a] = "HYP_32", [0x1b] = "UND_32",
		[0x1f] = "SYSTEM_32",
	};
	const mcontext_t *m = r->regs;
	unsigned long psr = m->arm_cpsr;
	char sym[256];

	umod_sprint_symbol(sym, sizeof(sym), fault_pc(m));
	say(r, KERN_DEFAULT_LEVEL, "PC is at %s", sym);
	umod_sprint_symbol(sym, sizeof(sym), m->arm_lr);
	say(r, KERN_DEFAULT_LEVEL, "LR is at %s", sym);
	say(r, KERN_DEFAULT_LEVEL, "pc : [<%08lx>]    lr : [<%08lx>]    psr: %08lx",
	    m->arm_pc, m->arm_lr, psr);
	say(r, KERN_DEFAULT_LEVEL, "sp : %08lx  ip : %08lx  fp : %08lx",
	    m->arm_sp, m->arm_ip, m->arm_fp);
	say(r, KERN_DEFAULT_LEVEL, "r10: %08lx  r9 : %08lx  r8 : %08lx",
	    m->arm_r10, m->arm_r9, m->arm_r8);
	say(r, KERN_DEFAULT_LEVEL, "r7 : %08lx  r6 : %08lx  r5 : %08lx  r4 : %08lx",
	    m->arm_r7, m->arm_r6, m->arm_r5, m->arm_r4);
	say(r, KERN_DEFAULT_LEVEL, "r3 : %08lx  r2 : %08lx  r1 : %08lx  r0 : %08lx",
	    m->arm_r3, m->arm_r2, m->arm_r1, m->arm_r0);
	say(r, KERN_DEFAULT_LEVEL, "Flags: %c%c%c%c  IRQs o%s  FIQs o%s  Mode %s  ISA %s  Segment none",
	    psr & (1ul << 31) ? 'N' : 'n', psr & (1ul << 30) ? 'Z' : 'z',
	    psr & (1ul << 29) ? 'C' : 'c', psr & (1ul << 28) ? 'V' : 'v',
	    psr & (1ul << 7) ? "ff" : "n", psr & (1ul << 6) ? "ff" : "n",
	    modes[psr & 0x1f] ? modes[psr & 0x1f] : "UK", thumb(m) ? "Thumb" : "ARM");
}

/* dump_backtrace_entry: "where from caller"; scanned words alone. */
static void arm_trace(struct report *r, void *const *host, int nhost)
{
	char where[256], from[256];

	trace_symbol(where, sizeof(where), fault_pc(r->regs) + 1);
	trace_symbol(from, sizeof(from), r->regs->arm_lr);
	say(r, KERN_DEFAULT_LEVEL, " %s from %s", where, from);
	print_trace_entries(r, host, nhost, trace_line);
}

void arch_show_trace(struct report *r, void *const *host, int nhost)
{
	arm_trace(r, host, nhost);
}

/* dump_instr: four instructions before the pc, the pc's in (). */
static void print_code(struct report *r, const mcontext_t *m)
{
	int width = thumb(m) ? 4 : 8, step = thumb(m) ? 2 : 4;
	char buf[80];
	size_t n = 0;

	for (int i = -4; i < 1 + thumb(m); i++) {
		uint32_t insn = 0;

		if (!safe_copy(&insn, fault_pc(m) + (uintptr_t)(i * step), (size_t)step)) {
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "bad PC value");
			break;
		}
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, i ? "%0*x " : "(%0*x) ",
				      width, insn);
	}
	if (n && buf[n - 1] == ' ')
		buf[n - 1] = '\0';
	say(r, KERN_EMERG_LEVEL, "Code: %s", buf);
}

void arch_die(struct report *r, const struct fault *f, const struct bug_entry *bug,
	      bool in_handler, const char **what, void *const *host, int nhost)
{
	const char *str = "Oops";
	unsigned long err = 0;
	char comm[17] = "";

	(void)in_handler;
	if (page_fault_signal(f)) {
		*what = null_page(f->addr) ? "NULL pointer dereference" : "paging request";
		say(r, KERN_ALERT_LEVEL, "8<--- cut here ---");
		say(r, KERN_ALERT_LEVEL, "Unable to handle kernel %s at virtual address %08lx",
		    *what, (unsigned long)f->addr);
		err = r->regs->error_code;	/* the fault status, as __do_kernel_fault's fsr */
	} else if (f->sig == SIGILL) {
		str = bug ? "Oops - BUG" : "Oops - undefined instruction";
		*what = bug ? "kernel BUG" : "undefined instruction";
	} else {
		*what = f->sig == SIGBUS ? "alignment fault" : "arithmetic fault";
	}
	say(r, KERN_EMERG_LEVEL, "Internal error: %s: %lx [#%u] SMP %s", str, err,
	    next_die(), thumb(r->regs) ? "THUMB2" : "ARM");
	print_modules(r);
	print_task(r);
	print_regs(r);
	prctl(PR_GET_NAME, comm);
	say(r, KERN_EMERG_LEVEL, "Process %.16s (pid: %d, stack limit = 0x%08lx)", comm,
	    (int)gettid(), (unsigned long)r->stack_lo);
	arm_trace(r, host, nhost);
	print_code(r, r->regs);
}
#endif

/* Linux's show_regs: the task, the machine's registers, its trace. */
void arch_show_regs(struct report *r, void *const *host, int nhost)
{
	print_task(r);
	print_regs(r);
	arch_show_trace(r, host, nhost);
}

/* ---- The kernel's registers, read for module code ---- */

#if defined(__aarch64__)
#define MRS_TPIDR_EL1	0xd538d080u	/* mrs xt, tpidr_el1 */
#define MRS_TPIDR_EL2	0xd53cd040u
#define MRS_SP_EL0	0xd5384100u

/* percpu.h's __my_cpu_offset and current.h's get_current. */
bool arch_emulate(ucontext_t *uc)
{
	mcontext_t *m = &uc->uc_mcontext;
	uint32_t insn = *(const uint32_t *)fault_pc(m);
	char *base = arch_percpu_base();
	unsigned long long v;

	switch (insn & ~31u) {
	case MRS_TPIDR_EL1:
	case MRS_TPIDR_EL2:
		v = (uintptr_t)base;
		break;
	case MRS_SP_EL0:
		v = base ? *(uintptr_t *)(base + UMOD_PERCPU_CURRENT_OFFSET) : 0;
		break;
	default:
		return false;
	}
	if ((insn & 31) != 31)	/* xzr */
		m->regs[insn & 31] = v;
	m->pc += 4;
	return true;
}
#elif defined(__arm__)
#define MRC_TPIDRPRW	0x0e1d0f90u	/* mrc p15, 0, rt, c13, c0, 4, cond and rt masked */

/* percpu.h's __my_cpu_offset, ARM and Thumb-2 encodings. */
bool arch_emulate(ucontext_t *uc)
{
	mcontext_t *m = &uc->uc_mcontext;
	const uint16_t *p = (const uint16_t *)fault_pc(m);
	uint32_t insn = thumb(m) ? (uint32_t)p[0] << 16 | p[1]
				 : *(const uint32_t *)fault_pc(m);
	unsigned int rt = (insn >> 12) & 15;

	if ((insn & 0x0fff0fffu) != MRC_TPIDRPRW || rt == 15 ||
	    (thumb(m) && insn >> 28 != 0xe))
		return false;
	(&m->arm_r0)[rt] = (uintptr_t)arch_percpu_base();
	m->arm_pc += 4;
	return true;
}
#else
/* x86 module code reads its per-CPU register (GS, FS) itself; RISC-V's
 * is tp, libc's thread pointer here, read without a trap. */
bool arch_emulate(ucontext_t *uc)
{
	(void)uc;
	return false;
}
#endif

/* ---- The reports, every machine's part around the machine's ---- */

void report_oops(struct module *mod, const char *what, const struct fault *f,
		 void *const *host, int nhost, bool in_handler)
{
	bool took;
	struct umod_ctx *ctx = mod->ctx;
	uintptr_t pc = fault_pc(&f->regs);
	struct report r = { ctx, &f->regs, f->stack_base,
			    f->stack_base + f->nstack * sizeof(uintptr_t), f->stack };
	const struct bug_entry *bug = NULL;
	const char *kind = "";
	char sym[256];

	if (f->sig == BUG_TRAP_SIGNAL) {
		pthread_rwlock_rdlock(&umod_contexts_lock);
		bug = find_bug(module_at(pc), pc);
		pthread_rwlock_unlock(&umod_contexts_lock);
	}
	if (bug) {
		say(&r, KERN_DEFAULT_LEVEL, "------------[ cut here ]------------");
		say(&r, KERN_CRIT_LEVEL, "kernel BUG at %s:%u!", bug_file(bug), bug->line);
	}
	arch_die(&r, f, bug, in_handler, &kind, host, nhost);
	print_end(&r);
	/* As Linux's oops_end: the oops that taints is not itself marked. */
	took = module_view_lock(ctx);
	mod->taints |= UMOD_TAINT_DIE;
	module_view_unlock(ctx, took);
	atomic_fetch_or(&ctx->taints, UMOD_TAINT_DIE);
	umod_sprint_symbol(sym, sizeof(sym), pc);
	umod_set_errmsg("%s: oops in %s: %s at %s", mod->name, what, kind, sym);
}

void umod_warn_slowpath_fmt(const char *file, int line, unsigned int taint,
			    const char *fmt, ...)
{
	uintptr_t caller = (uintptr_t)__builtin_return_address(0);
	uintptr_t stack[STACK_COPY_WORDS], sp = (uintptr_t)&caller;
	struct module *mod;
	struct report r;
	char sym[256];
	va_list ap;

	(void)taint;	/* W, as every WARN */
	pthread_rwlock_rdlock(&umod_contexts_lock);
	mod = module_at(caller);
	pthread_rwlock_unlock(&umod_contexts_lock);
	if (!mod) {	/* a host's own call: no module's context to log in */
		umod_printk(KERN_WARNING "WARNING: CPU: %d PID: %d at %s:%d\n",
			    sched_getcpu() < 0 ? 0 : sched_getcpu(), (int)gettid(), file, line);
		return;
	}
	r = (struct report){ mod->ctx, NULL, sp, sp, stack };
	r.stack_hi = sp + copy_live_stack(sp, sp + sizeof(stack), stack) * sizeof(uintptr_t);
	say(&r, KERN_DEFAULT_LEVEL, "------------[ cut here ]------------");
	umod_sprint_symbol(sym, sizeof(sym), caller);
	say(&r, KERN_DEFAULT_LEVEL, "WARNING: CPU: %d PID: %d at %s:%d %s",
	    sched_getcpu() < 0 ? 0 : sched_getcpu(), (int)gettid(), file, line, sym);
	if (fmt) {
		va_start(ap, fmt);
		umod_vprintk(fmt, ap);
		va_end(ap);
	}
	print_modules(&r);
	print_task(&r);
	say(&r, KERN_DEFAULT_LEVEL, "Call trace:");
	print_trace_entries(&r, NULL, 0, trace_line);
	print_end(&r);
	atomic_fetch_or(&mod->ctx->taints, UMOD_TAINT_WARN);
}

/* Linux's __warn, for a WARN() at bug in mod. */
void report_warning(struct module *mod, const struct bug_entry *bug,
		    const struct fault *f)
{
	uintptr_t pc = fault_pc(&f->regs);
	struct report r = { mod->ctx, &f->regs, f->stack_base,
			    f->stack_base + f->nstack * sizeof(uintptr_t), f->stack };
	char sym[256];

	if (!(bug->flags & BUGFLAG_NO_CUT_HERE))
		say(&r, KERN_DEFAULT_LEVEL, "------------[ cut here ]------------");
	umod_sprint_symbol(sym, sizeof(sym), pc);
	say(&r, KERN_DEFAULT_LEVEL, "WARNING: CPU: %d PID: %d at %s:%u %s",
	    sched_getcpu() < 0 ? 0 : sched_getcpu(), (int)gettid(),
	    bug_file(bug), bug->line, sym);
	print_modules(&r);
	arch_show_regs(&r, NULL, 0);
	print_end(&r);
	atomic_fetch_or(&mod->ctx->taints, UMOD_TAINT_WARN);
}

/* ---- dump_stack ---- */

/* The calling thread's stack from sp up, as much as a fault's copy holds,
 * all of it mapped, up to the stack's top. */
static size_t copy_own_stack(uintptr_t sp, uintptr_t *buf)
{
	uintptr_t end = sp + STACK_COPY_WORDS * sizeof(uintptr_t);
	pthread_attr_t attr;
	size_t size = 0;
	void *lo = NULL;

	if (pthread_getattr_np(pthread_self(), &attr))
		return 0;
	pthread_attr_getstack(&attr, &lo, &size);
	pthread_attr_destroy(&attr);
	if (sp < (uintptr_t)lo || sp >= (uintptr_t)lo + size)
		return 0;
	if (end > (uintptr_t)lo + size)
		end = (uintptr_t)lo + size;
	/* Without process_vm_readv (qemu-user), directly: under ASan it
	 * would trip on the frames' redzones. */
	if (!safe_copy(buf, sp, end - sp))
		memcpy(buf, (const void *)sp, end - sp);
	return (end - sp) / sizeof(uintptr_t);
}

/*
 * Linux's dump_stack_lvl, for the module at caller: the task line and
 * the trace from here, into the log of the module's context.  The level
 * is the log's default, whatever a module asks.
 */
static __attribute__((noinline)) void dump_stack_from(uintptr_t caller)
{
	/* Off the stack, which the trace reads: else the copy holds itself. */
	struct { struct fault f; ucontext_t uc; } *d = umod_malloc(sizeof(*d));
	struct module *mod;
	struct report r;

	pthread_rwlock_rdlock(&umod_contexts_lock);
	mod = module_at(caller);
	pthread_rwlock_unlock(&umod_contexts_lock);
	if (!mod || !d || getcontext(&d->uc))
		goto out;
	d->f.stack_base = fault_sp(&d->uc.uc_mcontext);
	d->f.nstack = copy_own_stack(d->f.stack_base, d->f.stack);
	r = (struct report){ mod->ctx, &d->uc.uc_mcontext, d->f.stack_base,
			     d->f.stack_base + d->f.nstack * sizeof(uintptr_t), d->f.stack };
	print_task(&r);
	arch_show_trace(&r, NULL, 0);
out:
	free(d);
}

void umod_dump_stack_lvl(const char *log_lvl)
{
	(void)log_lvl;
	dump_stack_from((uintptr_t)__builtin_return_address(0));
}

void umod_dump_stack(void)
{
	dump_stack_from((uintptr_t)__builtin_return_address(0));
}
