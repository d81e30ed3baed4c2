// SPDX-License-Identifier: MIT
/*
 * oops.c - a fault in module code is an oops, not the host's death.
 *
 * Every call libumod makes into module code (init, exit, parameter ops)
 * and every call a host makes through umod_call_guarded runs under a
 * guard: a frame on the calling thread's stack with a sigjmp_buf.  The
 * handler of SIGSEGV, SIGBUS, SIGILL and SIGFPE (SA_ONSTACK, on a
 * per-thread alternate stack, so a stack overflow is caught too) only
 * decides: a fault the kernel raised at a PC in module memory, on a
 * thread with a guard, has its registers and a bounded copy of the stack
 * saved in the guard, and jumps back to it.  The report (dumpstack.c,
 * in the shape of Linux's) is written after the jump, in normal context;
 * the module and the host are tainted D, and the guarded call returns
 * -EFAULT.
 *
 * A trap with a __bug_table entry (ud2, arm64's BRK #0x800, RISC-V's
 * ebreak, arm's 0xe7f001f2) is BUG() or WARN(): BUG() says "kernel BUG
 * at file:line!" and oopses; WARN() is reported from the handler itself
 * and resumes past the trap.  An instruction user space may not run but
 * module code does, the per-CPU and current registers' reads of arm64
 * and arm, is done for it the same way (traps.c).  That is safe where an asynchronous
 * signal would not be: the thread stopped at a known instruction of
 * module code, which holds no lock of libc's or the loader's.
 *
 * Anything else, a fault in host code or a signal sent by kill, goes to
 * the handler that was there before (a sanitizer's, say), or is reported
 * and ends the process with the signal.  So does a fault in module code
 * with no guard to return to, once its oops is written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "oops.h"

#define ALTSTACK_SIZE		(128 * 1024)
#define MAX_HOST_FRAMES		32
#define EFLAGS_AC		(1ul << 18)

/* A guarded call: where to jump back to, and what the fault left. */
struct guard {
	sigjmp_buf env;
	struct module *mod;
	const char *what;
	struct guard *prev;
	struct fault f;			/* filled by the handler */
};

/* Initial-exec: the handler reads it without calling into the loader. */
static __thread struct guard *guard_top __attribute__((tls_model("initial-exec")));
static __thread bool has_altstack __attribute__((tls_model("initial-exec")));

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
#if BUG_TRAP_SIGNAL != SIGILL
				      BUG_TRAP_SIGNAL,
#endif
};
#define NUM_SIGNALS (sizeof(fault_signals) / sizeof(fault_signals[0]))
static struct sigaction old_action[NUM_SIGNALS];
static sigset_t fault_set;
static pthread_key_t altstack_key;

/* ---- Where a PC is ---- */

/*
 * Module code faulted, or module code called a bad pointer: then the PC
 * is the bad address and the return address on top of the stack is in
 * the module.  Both reads are of memory known to be there.
 */
__attribute__((no_sanitize_address))
static bool module_fault(const ucontext_t *uc, const siginfo_t *si)
{
	uintptr_t pc = fault_pc(&uc->uc_mcontext);
	uintptr_t sp = fault_sp(&uc->uc_mcontext);
	struct guard *g = guard_top;

	if (umod_arena_contains(pc))
		return true;
	if (!g || pc != (uintptr_t)si->si_addr || sp >= (uintptr_t)g ||
	    (uintptr_t)g - sp < sizeof(uintptr_t))
		return false;
	return umod_arena_contains(*(const uintptr_t *)sp);
}

/* The registers the report prints.  RISC-V's mcontext_t has room for
 * the Q extension's state, which a signal frame may not (qemu's does
 * not): reading it would run off the signal stack. */
static void save_regs(mcontext_t *dst, const mcontext_t *src)
{
#ifdef __riscv
	memcpy(dst->__gregs, src->__gregs, sizeof(src->__gregs));
#else
	*dst = *src;
#endif
}

/* Linux's report_bug for a warning: reported, then resumed past the trap. */
static bool warn(ucontext_t *uc)
{
	uintptr_t pc = fault_pc(&uc->uc_mcontext);
	uintptr_t sp = fault_sp(&uc->uc_mcontext);
	size_t len = arch_bug_len(&uc->uc_mcontext);
	struct bug_entry *bug;
	struct module *mod;
	struct fault f;

	pthread_rwlock_rdlock(&umod_contexts_lock);
	mod = module_at(pc);
	bug = find_bug(mod, pc);
	pthread_rwlock_unlock(&umod_contexts_lock);
	if (!bug || !(bug->flags & BUGFLAG_WARNING) || !len)
		return false;
	if (bug->flags & BUGFLAG_ONCE) {
		if (bug->flags & BUGFLAG_DONE)
			goto resume;
		bug->flags |= BUGFLAG_DONE;
	}
	save_regs(&f.regs, &uc->uc_mcontext);
	f.stack_base = sp;
	f.nstack = copy_live_stack(sp, guard_top ? (uintptr_t)guard_top
					       : sp + sizeof(f.stack), f.stack);
	report_warning(mod, bug, &f);
resume:
	FAULT_PC(&uc->uc_mcontext) += len;
	return true;
}

/* ---- Faults the host cannot survive ---- */

static void put(const char *s)
{
	ssize_t unused = write(STDERR_FILENO, s, strlen(s));

	(void)unused;
}

static void put_hex(uintptr_t v)
{
	char buf[19] = "0x";

	for (int i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = '\0';
	put(buf);
}

/* Async-signal-safe: write(2) and backtrace, which install loaded. */
static void host_fault(int sig, const siginfo_t *si, const ucontext_t *uc,
		       bool in_module)
{
	void *frames[MAX_HOST_FRAMES];
	int n;

	put("umod: fatal SIG");
	put(sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
	put(in_module ? " in module code at ip " : " in host code at ip ");
	put_hex(fault_pc(&uc->uc_mcontext));
	put(", address ");
	put_hex((uintptr_t)si->si_addr);
	if (in_module)
		put(": no guard to return to, the host cannot go on\n");
	else
		put(guard_top ? " (module code had called it): not a module's fault, the host cannot go on\n"
			      : ": not a module's fault, the host cannot go on\n");
	n = backtrace(frames, MAX_HOST_FRAMES);
	backtrace_symbols_fd(frames, n, STDERR_FILENO);
}

static const struct sigaction *old_for(int sig)
{
	for (size_t i = 0; i < NUM_SIGNALS; i++)
		if (fault_signals[i] == sig)
			return &old_action[i];
	return NULL;
}

static void chain(int sig, siginfo_t *si, void *uc, bool in_module)
{
	const struct sigaction *old = old_for(sig);
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	if (old->sa_flags & SA_SIGINFO) {
		old->sa_sigaction(sig, si, uc);
		return;
	}
	if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
		return;
	}
	/* Back to the faulting instruction, which kills us this time; a
	 * signal someone sent is no fault of ours, and is sent again. */
	sigaction(sig, &dfl, NULL);
	if (si->si_code <= 0)
		raise(sig);
	else
		host_fault(sig, si, uc, in_module);
}

/* The stack between the fault and the guard, as far as one copy goes;
 * a fault at or above sp (a stack overflow) skips the page that faulted.
 * Uninstrumented: host frames in there have sanitizer redzones. */
__attribute__((no_sanitize_address))
static void capture(struct guard *g, int sig, const siginfo_t *si,
		    const ucontext_t *uc)
{
	uintptr_t sp = fault_sp(&uc->uc_mcontext), end = (uintptr_t)g;
	struct fault *f = &g->f;
	const volatile uintptr_t *p;

	f->sig = sig;
	f->code = si->si_code;
	f->addr = (uintptr_t)si->si_addr;
	save_regs(&f->regs, &uc->uc_mcontext);
	f->nstack = 0;
	if (sig == SIGSEGV && f->addr >= sp && f->addr < end)
		sp = (f->addr | 4095) + 1;
	f->stack_base = sp;
	if (sp >= end)
		return;
	p = (const volatile uintptr_t *)sp;
	while (f->nstack < STACK_COPY_WORDS &&
	       sp + (f->nstack + 1) * sizeof(uintptr_t) <= end) {
		f->stack[f->nstack] = p[f->nstack];
		f->nstack++;
	}
}

/* Code that set the alignment-check flag leaves it set in the handler
 * and after the jump; host code must not run with it. */
static inline __attribute__((always_inline)) void clear_ac(void)
{
#ifdef __x86_64__
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	if (flags & EFLAGS_AC)
		__asm__ volatile("pushq %0; popfq" : : "r"(flags & ~EFLAGS_AC) : "cc");
#endif
}

/*
 * Module code with no guard to return to (a host calling it directly):
 * still Linux's report, from the handler as WARN's is, before the end.
 * Static: the stack may be a thread's last bytes; one report at a time.
 */
static void unguarded_oops(int sig, const siginfo_t *si, const ucontext_t *uc)
{
	static struct fault f;
	static atomic_flag busy = ATOMIC_FLAG_INIT;
	uintptr_t sp = fault_sp(&uc->uc_mcontext), ret;
	struct module *mod;

	if (atomic_flag_test_and_set(&busy))
		return;
	pthread_rwlock_rdlock(&umod_contexts_lock);
	mod = module_at(fault_pc(&uc->uc_mcontext));
	/* A call through a bad pointer: the caller is on top of the stack. */
	if (!mod && safe_copy(&ret, sp, sizeof(ret)))
		mod = module_at(ret);
	pthread_rwlock_unlock(&umod_contexts_lock);
	if (!mod)
		return;
	f.sig = sig;
	f.code = si->si_code;
	f.addr = (uintptr_t)si->si_addr;
	save_regs(&f.regs, &uc->uc_mcontext);
	f.stack_base = sp;
	f.nstack = copy_live_stack(sp, sp + sizeof(f.stack), f.stack);
	report_oops(mod, "a call with no guard", &f, NULL, 0, true);
}

static void fault_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	struct guard *g = guard_top;
	int saved_errno = errno;
	bool in_module;

	clear_ac();	/* restored on return by the saved context */
	/* si_code > 0: the kernel raised it for an instruction. */
	in_module = si->si_code > 0 && module_fault(uc, si);
	if (in_module) {
		if ((sig == SIGILL && arch_emulate(uc)) ||
		    (sig == BUG_TRAP_SIGNAL && warn(uc))) {
			errno = saved_errno;
			return;
		}
		if (g) {
			capture(g, sig, si, uc);
			siglongjmp(g->env, 1);
		}
		unguarded_oops(sig, si, uc);
	}
	chain(sig, si, ucv, in_module);
	errno = saved_errno;
}

/* ---- Guards ---- */

static void free_altstack(void *p)
{
	stack_t ss = { .ss_flags = SS_DISABLE };

	sigaltstack(&ss, NULL);
	munmap(p, ALTSTACK_SIZE + (size_t)sysconf(_SC_PAGESIZE));
}

static void install(void)
{
	struct sigaction sa = { .sa_sigaction = fault_handler,
				.sa_flags = SA_SIGINFO | SA_ONSTACK };
	pthread_key_create(&altstack_key, free_altstack);
	sigemptyset(&fault_set);
	for (size_t i = 0; i < NUM_SIGNALS; i++)
		sigaddset(&fault_set, fault_signals[i]);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NUM_SIGNALS; i++)
		sigaction(fault_signals[i], &sa, &old_action[i]);
}

/* One per thread that runs module code, unless it has one (a sanitizer's):
 * without it a stack overflow could not run the handler.  Freed with the
 * thread; if it cannot be had, a stack overflow is fatal. */
static void ensure_altstack(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	stack_t ss;
	void *p;

	if (has_altstack)
		return;
	if (!sigaltstack(NULL, &ss) && !(ss.ss_flags & SS_DISABLE)) {
		has_altstack = true;
		return;
	}
	p = mmap(NULL, ALTSTACK_SIZE + page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (p == MAP_FAILED)
		return;
	mprotect(p, page, PROT_NONE);	/* the altstack's own overflow */
	ss = (stack_t){ .ss_sp = (char *)p + page, .ss_size = ALTSTACK_SIZE };
	if (sigaltstack(&ss, NULL) || pthread_setspecific(altstack_key, p)) {
		ss.ss_flags = SS_DISABLE;
		sigaltstack(&ss, NULL);
		munmap(p, ALTSTACK_SIZE + page);
		return;
	}
	has_altstack = true;
}

void oops_setup(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, install);
}

/* backtrace loads the unwinder (and allocates) on its first call: before
 * a handler may need it, not when a context is made. */
static void load_unwinder(void)
{
	void *frame;

	backtrace(&frame, 1);
}

static bool any_blocked(const sigset_t *mask)
{
	for (size_t i = 0; i < NUM_SIGNALS; i++)
		if (sigismember(mask, fault_signals[i]) == 1)
			return true;
	return false;
}

int umod_call_guarded(struct module *mod, const char *what,
		      umod_guarded_fn *fn, void *arg)
{
	static pthread_once_t unwinder = PTHREAD_ONCE_INIT;
	void *host[MAX_HOST_FRAMES];
	struct guard g;
	sigset_t mask;
	int n;

	umod_clear_errmsg();
	if (!mod)
		return umod_fail(NULL, what, -EINVAL, "no module to run it in");
	oops_setup();
	pthread_once(&unwinder, load_unwinder);
	ensure_altstack();
	/* A fault while its signal is blocked kills the process: worker
	 * threads often block every signal.  The mask is restored by hand,
	 * and only when unblocking changed it: one system call per call
	 * where the signals are open, as they usually are. */
	pthread_sigmask(SIG_UNBLOCK, &fault_set, &mask);
	g.mod = mod;
	g.what = what;
	g.prev = guard_top;
	if (sigsetjmp(g.env, 0)) {
		guard_top = g.prev;
		clear_ac();
		/* Left from the handler with its mask: this puts back ours. */
		pthread_sigmask(SIG_SETMASK, &mask, NULL);
		n = backtrace(host, MAX_HOST_FRAMES);
		report_oops(mod, what, &g.f, host + 1, n > 1 ? n - 1 : 0, false);
		return -EFAULT;
	}
	guard_top = &g;
	fn(arg);
	guard_top = g.prev;
	if (any_blocked(&mask))
		pthread_sigmask(SIG_SETMASK, &mask, NULL);
	return 0;
}
