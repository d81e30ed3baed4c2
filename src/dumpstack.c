// SPDX-License-Identifier: MIT
/*
 * dumpstack.c - what an oops or a warning prints, in the shape and words
 * of Linux's (lib/bug.c, kernel/panic.c, lib/dump_stack.c): the
 * CPU/PID/Comm/Tainted line, the Call Trace's entries, the modules with
 * their flags, the end marker; the machine's own parts (the header the
 * fault calls for, the registers, their order) are traps.c's.  oops.c
 * decides when; this file only reports, and reads what it reports with
 * care: a module's memory may be anything by now.
 */
#define _GNU_SOURCE
#include <errno.h>
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

static atomic_uint die_counter;

/* ---- BUG() and WARN(): the __bug_table (Linux's lib/bug.c) ---- */

#if defined(__i386__) || defined(__arm__)
static uintptr_t bug_addr(const struct bug_entry *b)
{
	return b->bug_addr;
}

const char *bug_file(const struct bug_entry *b)
{
	return b->file;
}
#else
static uintptr_t bug_addr(const struct bug_entry *b)
{
	return (uintptr_t)&b->bug_addr_disp + b->bug_addr_disp;
}

const char *bug_file(const struct bug_entry *b)
{
	return (const char *)&b->file_disp + b->file_disp;
}
#endif

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

void print_modules(struct report *r)
{
	struct modlist l = { "", 0 };

	umod_for_each_module(r->ctx, add_module_name, &l);
	say(r, KERN_DEFAULT_LEVEL, "Modules linked in:%s", l.text);
}

/* Linux's dump_stack_print_info line; the release is vermagic's first word. */
void print_task(struct report *r)
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

	if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)len)
		return true;
	/* qemu-user has no process_vm_readv: module memory, which stays
	 * mapped while its module is listed, is read as it is. */
	if (errno != ENOSYS || !len || !umod_arena_contains(src) ||
	    !umod_arena_contains(src + len - 1))
		return false;
	memcpy(dst, (const void *)src, len);
	return true;
}

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
void trace_symbol(char *buf, size_t len, uintptr_t addr)
{
	struct umod_symbolized s;

	if (umod_symbolize(addr - 1, &s) && (s.modname || s.size))
		umod_sprint_backtrace(buf, len, addr);
	else if (!host_symbol(buf, len, addr))
		snprintf(buf, len, "0x%lx", (unsigned long)addr);
}

/*
 * The trace: every word of the stack that points into code, unreliable
 * (Linux marks such "? "), then the host frames the unwinder could
 * follow (the callers of the guard), reliable.  entry prints one line
 * in the machine's words.
 */
void print_trace_entries(struct report *r, void *const *host, int nhost,
			 void (*entry)(struct report *r, uintptr_t addr, bool reliable))
{
	for (size_t i = 0; i < (r->stack_hi - r->stack_lo) / sizeof(uintptr_t); i++)
		if (is_text(r->stack[i]))
			entry(r, r->stack[i], false);
	for (int i = 0; i < nhost; i++)
		entry(r, (uintptr_t)host[i], true);
}

void print_end(struct report *r)
{
	say(r, KERN_DEFAULT_LEVEL, "---[ end trace %016llx ]---", 0ull);
}

/* ---- The oops ---- */

/* The oops's number, from 1: "[#1]". */
unsigned int next_die(void)
{
	return atomic_fetch_add(&die_counter, 1) + 1;
}

/* A fault in the guard page of the thread's stack, said so. */
bool stack_overflow(struct report *r, uintptr_t addr)
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
	return true;
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

