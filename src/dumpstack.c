// SPDX-License-Identifier: MIT
/*
 * dumpstack.c - what an oops or a warning prints, in the shape and words
 * of Linux's (arch/x86/kernel/dumpstack.c and traps.c, arch/x86/mm/fault.c,
 * lib/bug.c, kernel/panic.c): the header the fault calls for, the
 * CPU/PID/Comm/Tainted line, RIP with its code bytes, the registers, the
 * Call Trace, the modules with their flags, the end marker.  oops.c
 * decides when; this file only reports, and reads what it reports with
 * care: a module's memory may be anything by now.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "elf.h"
#include "oops.h"

#define CODE_BEFORE		42	/* Linux's show_opcodes prologue */
#define CODE_AFTER		21

/* x86 page fault error code bits (Linux's X86_PF_*). */
#define PF_PROT		(1u << 0)
#define PF_WRITE	(1u << 1)
#define PF_USER		(1u << 2)
#define PF_INSTR	(1u << 4)

static atomic_uint die_counter;

/* ---- BUG() and WARN(): the __bug_table (Linux's lib/bug.c) ---- */

static uintptr_t bug_addr(const struct bug_entry *b)
{
	return (uintptr_t)&b->bug_addr_disp + b->bug_addr_disp;
}

static const char *bug_file(const struct bug_entry *b)
{
	return (const char *)&b->file_disp + b->file_disp;
}

struct module *module_at(uintptr_t pc)
{
	struct umod_ctx *ctx;
	struct module *mod;

	list_for_each_entry(ctx, &umod_contexts, contexts)
		list_for_each_entry(mod, &ctx->modules, list) {
			if (module_state(mod) == MODULE_STATE_UNFORMED)
				continue;
			for (int t = 0; t < MOD_MEM_NUM_TYPES; t++)
				if (pc >= (uintptr_t)mod->mem[t].base &&
				    pc - (uintptr_t)mod->mem[t].base < mod->mem[t].size)
					return mod;
		}
	return NULL;
}

struct bug_entry *find_bug(struct module *mod, uintptr_t pc)
{
	for (unsigned int i = 0; mod && i < mod->num_bugs; i++)
		if (bug_addr(&mod->bugs[i]) == pc)
			return (struct bug_entry *)&mod->bugs[i];
	return NULL;
}

/* ---- Report lines ---- */

struct report {
	struct umod_ctx *ctx;
	const mcontext_t *regs;
	uintptr_t stack_lo, stack_hi;	/* the copied or live stack */
	const uintptr_t *stack;
};

#define say(r, level, ...) umod_log((r)->ctx, level, __VA_ARGS__)
#define KERN_ALERT_LEVEL 1
#define KERN_CRIT_LEVEL 2
#define KERN_DEFAULT_LEVEL 4

/* Linux's taint_flags, in order, with umod's bit for each it has; those
 * a module can carry show in its flags. */
static const struct { char c; unsigned int bit; bool module; } taint_chars[] = {
	{ 'P', UMOD_TAINT_PROPRIETARY, true }, { 'F', UMOD_TAINT_FORCED, true },
	{ 'S', 0, false }, { 'R', 0, false }, { 'M', 0, false },
	{ 'B', 0, false }, { 'U', 0, false }, { 'D', UMOD_TAINT_DIE, false },
	{ 'A', 0, false }, { 'W', UMOD_TAINT_WARN, false }, { 'C', 0, true },
	{ 'I', 0, false }, { 'O', UMOD_TAINT_OOT, true },
	{ 'E', UMOD_TAINT_UNSIGNED, true }, { 'L', 0, false },
	{ 'K', 0, true }, { 'X', 0, true }, { 'T', 0, false },
};
#define NUM_TAINTS (sizeof(taint_chars) / sizeof(taint_chars[0]))

static int add_taints(struct module *mod, void *arg)
{
	*(unsigned int *)arg |= mod->taints & ~UMOD_TAINT_DIE;
	return 0;
}

unsigned int umod_tainted(struct umod_ctx *ctx)
{
	unsigned int t = atomic_load(&ctx->taints);

	umod_for_each_module(ctx, add_taints, &t);
	return t;
}

/* Linux's print_tainted: "Tainted: G      D      " or "Not tainted". */
static void print_tainted(struct umod_ctx *ctx, char *buf, size_t len)
{
	unsigned int t = umod_tainted(ctx);
	size_t n;

	if (!t) {
		snprintf(buf, len, "Not tainted");
		return;
	}
	n = (size_t)snprintf(buf, len, "Tainted: ");
	for (size_t i = 0; i < NUM_TAINTS && n + 1 < len; i++)
		buf[n++] = t & taint_chars[i].bit && taint_chars[i].bit ?
			   taint_chars[i].c : (i ? ' ' : 'G');
	buf[n] = '\0';
}

/* Linux's module_flags: "(PE+)", taints then '+' coming, '-' going. */
static void module_flags(const struct module *mod, char *buf)
{
	enum module_state s = module_state(mod);
	size_t n = 0;

	buf[n++] = '(';
	for (size_t i = 0; i < NUM_TAINTS; i++)
		if (taint_chars[i].module && mod->taints & taint_chars[i].bit &&
		    taint_chars[i].bit)
			buf[n++] = taint_chars[i].c;
	if (s == MODULE_STATE_COMING)
		buf[n++] = '+';
	else if (s == MODULE_STATE_GOING)
		buf[n++] = '-';
	buf[n++] = ')';
	buf[n == 2 ? 0 : n] = '\0';
}

struct modlist {
	char text[1024];
	size_t n;
};

/* Newest first, as Linux's list: each one goes in front. */
static int add_module_name(struct module *mod, void *arg)
{
	struct modlist *l = arg;
	char flags[NUM_TAINTS + 4], item[MODULE_NAME_LEN + sizeof(flags) + 1];
	size_t n = (size_t)snprintf(item, sizeof(item), " %s", mod->name);

	module_flags(mod, flags);
	n += (size_t)snprintf(item + n, sizeof(item) - n, "%s", flags);
	if (l->n + n >= sizeof(l->text))
		return 0;	/* the oldest are left out */
	memmove(l->text + n, l->text, l->n + 1);
	memcpy(l->text, item, n);
	l->n += n;
	return 0;
}

static void print_modules(struct report *r)
{
	struct modlist l = { "", 0 };

	umod_for_each_module(r->ctx, add_module_name, &l);
	say(r, KERN_DEFAULT_LEVEL, "Modules linked in:%s", l.text);
}

/* Linux's dump_stack_print_info line; the release is vermagic's first word. */
static void print_task(struct report *r)
{
	char comm[17] = "", tainted[32], release[64];
	const char *magic = umod_vermagic(r->ctx);
	int cpu = sched_getcpu();

	prctl(PR_GET_NAME, comm);
	print_tainted(r->ctx, tainted, sizeof(tainted));
	snprintf(release, sizeof(release), "%.*s", (int)strcspn(magic, " "), magic);
	say(r, KERN_DEFAULT_LEVEL, "CPU: %d PID: %d Comm: %.20s %s %s #1",
	    cpu < 0 ? 0 : cpu, (int)gettid(), comm, tainted, release);
}

/* Copy len bytes from src, or fail where any is unreadable: the
 * kernel checks, so a guard page costs an error, not a second fault. */
bool safe_copy(void *dst, uintptr_t src, size_t len)
{
	struct iovec local = { dst, len }, remote = { (void *)src, len };

	return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)len;
}

/* Linux's show_opcodes: 42 bytes before the PC, the PC's in <>, 21 after. */
static void print_code(struct report *r, uintptr_t pc)
{
	unsigned char code[CODE_BEFORE + 1 + CODE_AFTER];
	char buf[sizeof(code) * 3 + 8];
	size_t n = 0;

	if (!safe_copy(code, pc - CODE_BEFORE, sizeof(code))) {
		say(r, KERN_DEFAULT_LEVEL,
		    "Code: Unable to access opcode bytes at 0x%lx.",
		    (unsigned long)(pc - CODE_BEFORE));
		return;
	}
	for (size_t i = 0; i < sizeof(code); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
				      i == CODE_BEFORE ? "<%02x> " : "%02x ", code[i]);
	buf[n - 1] = '\0';
	say(r, KERN_DEFAULT_LEVEL, "Code: %s", buf);
}

/* Linux's __show_regs, short: what user space can see of a CPU. */
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
#elif defined(__i386__)
/* i386's __show_regs. */
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
	say(r, KERN_DEFAULT_LEVEL, "EFLAGS: %08lx", (unsigned long)fault_reg(m, REG_EFL));
}
#elif defined(__arm__)
/* arm's __show_regs: pc, lr, then the registers four a line, highest first. */
static void print_regs(struct report *r)
{
	const mcontext_t *m = r->regs;
	const unsigned long *x = &m->arm_r0;	/* r0..r10, fp, ip, sp, lr, pc */
	char sym[256];

	umod_sprint_symbol(sym, sizeof(sym), fault_pc(m));
	say(r, KERN_DEFAULT_LEVEL, "PC is at %s", sym);
	umod_sprint_symbol(sym, sizeof(sym), m->arm_lr);
	say(r, KERN_DEFAULT_LEVEL, "LR is at %s", sym);
	print_code(r, fault_pc(m));
	say(r, KERN_DEFAULT_LEVEL, "pc : [<%08lx>]    lr : [<%08lx>]    psr: %08lx",
	    m->arm_pc, m->arm_lr, m->arm_cpsr);
	say(r, KERN_DEFAULT_LEVEL, "sp : %08lx  ip : %08lx  fp : %08lx",
	    m->arm_sp, m->arm_ip, m->arm_fp);
	for (int i = 10; i >= 0; i -= 4) {
		if (i >= 3)
			say(r, KERN_DEFAULT_LEVEL, "r%-2d: %08lx  r%-2d: %08lx  r%-2d: %08lx  r%-2d: %08lx",
			    i, x[i], i - 1, x[i - 1], i - 2, x[i - 2], i - 3, x[i - 3]);
		else
			say(r, KERN_DEFAULT_LEVEL, "r2 : %08lx  r1 : %08lx  r0 : %08lx",
			    x[2], x[1], x[0]);
	}
}
#else
/* arm64's and RISC-V's: pc, sp, then the general registers two a line,
 * highest first, as arm64's __show_regs. */
static void print_regs(struct report *r)
{
	const mcontext_t *m = r->regs;
#ifdef __aarch64__
	const unsigned long long *x = m->regs;	/* x0..x30 */
	const char *name = "x";
	int n = 31;
#else
	const unsigned long *x = m->__gregs;	/* pc, then x1..x31 */
	const char *name = "x";
	int n = 32;
#endif
	char sym[256];

	umod_sprint_symbol(sym, sizeof(sym), fault_pc(m));
	say(r, KERN_DEFAULT_LEVEL, "pc : %s", sym);
	print_code(r, fault_pc(m));
	say(r, KERN_DEFAULT_LEVEL, "sp : %016lx", (unsigned long)fault_sp(m));
	for (int i = n - 1; i > 0; i -= 2)
		say(r, KERN_DEFAULT_LEVEL, "%s%-2d: %016llx %s%-2d: %016llx", name, i,
		    (unsigned long long)x[i], name, i - 1, (unsigned long long)x[i - 1]);
}
#endif

/* ---- Call Trace ---- */

static int text_segment(struct dl_phdr_info *info, size_t size, void *arg)
{
	uintptr_t a = *(uintptr_t *)arg;

	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && ph->p_flags & PF_X &&
		    a >= lo && a - lo < ph->p_memsz)
			return 1;
	}
	return 0;
}

/* Code of a module or of the host: what a stack scan reports. */
static bool is_text(uintptr_t a)
{
	struct module *mod;
	bool text = false;

	if (!umod_arena_contains(a))
		return dl_iterate_phdr(text_segment, &a);
	pthread_rwlock_rdlock(&umod_contexts_lock);
	mod = module_at(a);
	for (int t = MOD_TEXT; mod && t <= MOD_INIT_TEXT; t += MOD_INIT_TEXT - MOD_TEXT)
		text |= a >= (uintptr_t)mod->mem[t].base &&
			a - (uintptr_t)mod->mem[t].base < mod->mem[t].size;
	pthread_rwlock_unlock(&umod_contexts_lock);
	return text;
}

/* The object holding an address: its file and load bias. */
struct object {
	uintptr_t addr, bias;
	const char *path;
};

static int find_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct object *o = arg;

	if (!text_segment(info, size, &o->addr))
		return 0;
	o->bias = info->dlpi_addr;
	o->path = info->dlpi_name && *info->dlpi_name ? info->dlpi_name
						     : "/proc/self/exe";
	return 1;
}

/* The function of .symtab holding the call before return address addr
 * (file offsets checked against the file's size), with the offset of addr
 * as %pB gives it: static functions have no dynamic symbol for dladdr. */
static bool symtab_lookup(const unsigned char *f, size_t size, uintptr_t addr,
			  char *buf, size_t len)
{
	const ElfW(Ehdr) *eh = (const void *)f;
	const ElfW(Shdr) *sh;
	const ElfW(Sym) *best = NULL;
	const char *strtab;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(*sh) ||
	    eh->e_shoff > size || eh->e_shnum > (size - eh->e_shoff) / sizeof(*sh))
		return false;
	sh = (const void *)(f + eh->e_shoff);
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		const ElfW(Shdr) *st = &sh[sh[i].sh_link < eh->e_shnum ? sh[i].sh_link : 0];
		const ElfW(Sym) *sym = (const void *)(f + sh[i].sh_offset);
		size_t n = sh[i].sh_size / sizeof(*sym);

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_offset > size ||
		    n > (size - sh[i].sh_offset) / sizeof(*sym) ||
		    st->sh_offset > size || st->sh_size > size - st->sh_offset)
			continue;
		strtab = (const char *)f + st->sh_offset;
		for (size_t j = 0; j < n; j++)
			if (ELFW(ST_TYPE)(sym[j].st_info) == STT_FUNC &&
			    addr - 1 - sym[j].st_value < sym[j].st_size &&
			    sym[j].st_name < st->sh_size &&
			    memchr(strtab + sym[j].st_name, '\0', st->sh_size - sym[j].st_name))
				best = &sym[j];
		if (best) {
			snprintf(buf, len, "%s+0x%lx/0x%lx", strtab + best->st_name,
				 (unsigned long)(addr - best->st_value),
				 (unsigned long)best->st_size);
			return true;
		}
	}
	return false;
}

static bool host_symbol(char *buf, size_t len, uintptr_t addr)
{
	struct object o = { addr - 1, 0, NULL };
	struct stat st;
	bool found = false;
	void *f;
	int fd;

	if (!dl_iterate_phdr(find_object, &o))
		return false;
	fd = open(o.path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (!fstat(fd, &st) && st.st_size > 0) {
		f = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (f != MAP_FAILED) {
			found = symtab_lookup(f, (size_t)st.st_size, addr - o.bias,
					      buf, len);
			munmap(f, (size_t)st.st_size);
		}
	}
	close(fd);
	return found;
}

/* %pB, else the host's .symtab, else the bare address, as Linux prints
 * an address outside kallsyms. */
static void trace_symbol(char *buf, size_t len, uintptr_t addr)
{
	struct umod_symbolized s;

	if (umod_symbolize(addr - 1, &s) && (s.modname || s.size))
		umod_sprint_backtrace(buf, len, addr);
	else if (!host_symbol(buf, len, addr))
		snprintf(buf, len, "0x%lx", (unsigned long)addr);
}

/*
 * Linux's show_trace_log_lvl: every word of the stack that points into
 * code, marked "? " as unreliable, then the host frames the unwinder
 * could follow (the callers of the guard), as reliable ones.
 */
static void print_trace(struct report *r, void *const *host, int nhost)
{
	char sym[256];

	say(r, KERN_DEFAULT_LEVEL, "Call Trace:");
	say(r, KERN_DEFAULT_LEVEL, " <TASK>");
	for (size_t i = 0; i < (r->stack_hi - r->stack_lo) / sizeof(uintptr_t); i++) {
		if (!is_text(r->stack[i]))
			continue;
		trace_symbol(sym, sizeof(sym), r->stack[i]);
		say(r, KERN_DEFAULT_LEVEL, " ? %s", sym);
	}
	for (int i = 0; i < nhost; i++) {
		trace_symbol(sym, sizeof(sym), (uintptr_t)host[i]);
		say(r, KERN_DEFAULT_LEVEL, " %s", sym);
	}
	say(r, KERN_DEFAULT_LEVEL, " </TASK>");
}

static void print_end(struct report *r)
{
	say(r, KERN_DEFAULT_LEVEL, "---[ end trace %016llx ]---", 0ull);
}

/* ---- The oops ---- */

/* Linux's __die_header: "Oops: 0002 [#1] SMP". */
static void die_header(struct report *r, const char *str, unsigned long err)
{
	say(r, KERN_DEFAULT_LEVEL, "%s: %04lx [#%u] SMP", str, err & 0xffff,
	    atomic_fetch_add(&die_counter, 1) + 1);
}

/* A fault in the guard page of the thread's stack. */
static bool stack_overflow(struct report *r, uintptr_t addr)
{
	pthread_attr_t attr;
	size_t size = 0, guard = 0;
	void *lo = NULL;

	if (pthread_getattr_np(pthread_self(), &attr))
		return false;
	pthread_attr_getstack(&attr, &lo, &size);
	pthread_attr_getguardsize(&attr, &guard);
	pthread_attr_destroy(&attr);
	if (addr >= (uintptr_t)lo || (uintptr_t)lo - addr > (guard > 4096 ? guard : 4096))
		return false;
	say(r, 0, "BUG: stack guard page was hit at %p (stack is %p..%p)",
	    (void *)addr, lo, (void *)((uintptr_t)lo + size));
	die_header(r, "stack guard page", 0);
	return true;
}

/* Linux's show_fault_oops, then die("Oops"). */
static void page_fault(struct report *r, uintptr_t addr)
{
#ifdef __x86_64__
	unsigned long err = fault_reg(r->regs, REG_ERR) & ~(unsigned long)PF_USER;
#else
	unsigned long err = 0;	/* x86's page fault error code: not here */
#endif

	if (addr < 4096)
		say(r, KERN_ALERT_LEVEL, "BUG: kernel NULL pointer dereference, address: %016lx",
		    (unsigned long)addr);
	else
		say(r, KERN_ALERT_LEVEL, "BUG: unable to handle page fault for address: %016lx",
		    (unsigned long)addr);
	say(r, KERN_ALERT_LEVEL, "#PF: supervisor %s in kernel mode",
	    err & PF_INSTR ? "instruction fetch" :
	    err & PF_WRITE ? "write access" : "read access");
	say(r, KERN_ALERT_LEVEL, "#PF: error_code(0x%04lx) - %s", err,
	    err & PF_PROT ? "permissions violation" : "not-present page");
	die_header(r, "Oops", err);
}

/* What Linux would have printed before the registers; the summary for
 * the caller's message goes to what.  In a signal handler the stack's
 * bounds are not asked for (that reads /proc and allocates): an overflow
 * is then a plain page fault. */
static void oops_header(struct report *r, const struct fault *f,
			const struct bug_entry *bug, bool in_handler,
			const char **what)
{
	switch (f->sig) {
	case SIGSEGV:
		if (f->code == SI_KERNEL) {
			*what = "general protection fault";
			die_header(r, *what, 0);
		} else if (!in_handler && stack_overflow(r, f->addr)) {
			*what = "stack overflow";
		} else {
			*what = f->addr < 4096 ? "kernel NULL pointer dereference"
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
		*what = "invalid opcode";
		if (bug) {
			say(r, KERN_DEFAULT_LEVEL, "------------[ cut here ]------------");
			say(r, KERN_CRIT_LEVEL, "kernel BUG at %s:%u!", bug_file(bug),
			    bug->line);
			*what = "kernel BUG";
		}
		die_header(r, "invalid opcode", 0);
	}
}

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

	if (f->sig == SIGILL) {
		pthread_rwlock_rdlock(&umod_contexts_lock);
		bug = find_bug(module_at(pc), pc);
		pthread_rwlock_unlock(&umod_contexts_lock);
	}
	oops_header(&r, f, bug, in_handler, &kind);
	print_task(&r);
	print_regs(&r);
	print_trace(&r, host, nhost);
	print_modules(&r);
	if (f->sig == SIGSEGV && f->code != SI_KERNEL)
		say(&r, KERN_DEFAULT_LEVEL, "CR2: %016lx", (unsigned long)f->addr);
	print_end(&r);
	/* As Linux's oops_end: the oops that taints is not itself marked. */
	took = module_view_lock(ctx);
	mod->taints |= UMOD_TAINT_DIE;
	module_view_unlock(ctx, took);
	atomic_fetch_or(&ctx->taints, UMOD_TAINT_DIE);
	umod_sprint_symbol(sym, sizeof(sym), pc);
	umod_set_errmsg("%s: oops in %s: %s at %s", mod->name, what, kind, sym);
}

/* The live stack from sp to end, as far as it is readable. */
size_t copy_live_stack(uintptr_t sp, uintptr_t end, uintptr_t *buf)
{
	size_t n = end > sp ? (end - sp) / sizeof(uintptr_t) : 0;

	if (n > STACK_COPY_WORDS)
		n = STACK_COPY_WORDS;
	while (n && !safe_copy(buf, sp, n * sizeof(uintptr_t)))
		n /= 2;
	return n;
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
	print_task(&r);
	print_regs(&r);
	print_trace(&r, NULL, 0);
	print_end(&r);
	atomic_fetch_or(&mod->ctx->taints, UMOD_TAINT_WARN);
}
