/* SPDX-License-Identifier: MIT */
/* internal.h - libumod's private structures, shared by the loader steps. */
#ifndef UMOD_INTERNAL_H
#define UMOD_INTERNAL_H

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include <umod/linux.h>
#include <umod/module.h>

#include "clock.h"
#include "elf.h"
#include "list.h"
#include "log.h"

#define MODULE_NAME_LEN 56	/* Linux's 64 - sizeof(unsigned long) */

/* Linux's mod_mem_type.  Core kinds first, init kinds last: each group is
 * one allocation, so freeing init memory frees one block. */
enum mod_mem_type {
	MOD_TEXT,
	MOD_RODATA,
	MOD_RO_AFTER_INIT,
	MOD_DATA,
	MOD_INIT_TEXT,
	MOD_INIT_RODATA,
	MOD_INIT_DATA,
	MOD_MEM_NUM_TYPES,
	MOD_CORE_TYPES = MOD_INIT_TEXT,
};
#define mod_mem_is_init(t) ((t) >= MOD_INIT_TEXT)

struct module_memory {
	unsigned char *base;
	size_t size;		/* bytes laid out */
	size_t alloc;		/* page-rounded */
	ptrdiff_t alias;	/* the loader's writable view less base; 0 but
				 * for text and rodata in two views (arena.c) */
};

/* A module's arena memory: one block, or in two views (arena.c) an
 * extent of text, of rodata and of data, in one chunk. */
#define UMOD_ARENA_PARTS 3
enum { UMOD_PART_TEXT, UMOD_PART_RODATA, UMOD_PART_DATA };
struct umod_block {
	unsigned char *part[UMOD_ARENA_PARTS];
	size_t len[UMOD_ARENA_PARTS];
};

/* One entry of the symbol index: an export of the host or of a module.
 * In the index, a record of its pool with the name copied in after it. */
struct umod_ksym {
	const char *name;
	void *addr;
	struct module *owner;	/* NULL: the host */
	const int32_t *crc;	/* its __kcrctab entry; NULL: none */
	uint32_t hash;
	uint32_t owner_num : 31;	/* owner->num; 0: the host */
	bool gpl : 1;
};

/* Dependency link: source uses target (Linux's struct module_use). */
struct module_use {
	struct list_head source_list;	/* on target->source_list */
	struct list_head target_list;	/* on source->target_list */
	struct module *source, *target;
};

/* A symbol kept for the kallsyms view. */
struct umod_kallsym {
	uintptr_t addr;
	uint32_t name;		/* offset in module->kallsyms_names */
	char type;
};

/* refcnt holds MODULE_REF_BASE while the module is alive, plus one per
 * reference; unload claims the base, so try_module_get fails from then. */
#define MODULE_REF_BASE 1

/*
 * What using a module writes of it, kept out of struct module: a loader
 * referencing thousands of exporters then walks a dense table (32 bytes
 * a module) rather than a page per module (struct module heads its core
 * block).  Numbered slots of the context's table, reached by the number
 * an export carries (umod_ksym's owner_num), or by mod->ref.
 */
struct module_ref {
	atomic_int refcnt;
	atomic_uint flags;		/* UMOD_MOD_* */
	struct list_head source_list;	/* modules that use this one */
	unsigned int next_free;		/* released: the next released number */
};

#define MODULE_REFS_CHUNK	1024	/* slots a chunk; chunks never move */
#define MODULE_REFS_CHUNKS	1024

/* module.c: numbers hand out slots; 0 is the host's, never a slot. */
struct module_refs {
	pthread_mutex_t lock;
	unsigned int next;		/* numbers used so far, 0 included */
	unsigned int free;		/* a released number; 0: none */
	struct module_ref *chunk[MODULE_REFS_CHUNKS];
};

struct module {
	enum module_state state;
	struct list_head list;
	char name[MODULE_NAME_LEN];
	struct umod_ctx *ctx;
	struct module_memory mem[MOD_MEM_NUM_TYPES];
	int (*init)(void);
	void (*exit)(void);
	struct module_ref *ref;		/* count, flags, users: dense */
	unsigned int num;		/* ref's number in ctx->refs */
	struct list_head target_list;	/* modules this one uses */
	const struct kernel_symbol *ksyms, *gpl_ksyms;	/* its exports */
	unsigned int num_ksyms, num_gpl_ksyms;
	struct umod_block core_block, init_block;	/* arena memory */
	struct kernel_param *kp;
	unsigned int num_kp;
	pthread_mutex_t param_lock;
	struct umod_jit *jit;		/* gdbjit.c: the debugger's view */
	char *modinfo;			/* a copy of .modinfo */
	size_t modinfo_len;
	char *args;
	struct umod_kallsym *kallsyms;	/* core symbols, then init ones */
	unsigned int num_kallsyms;	/* core */
	unsigned int num_init_kallsyms;	/* until init memory is freed */
	char *kallsyms_names;
	unsigned int taints;
	const struct bug_entry *bugs;	/* __bug_table: BUG() and WARN() sites */
	unsigned int num_bugs;
	struct umod_sect_attr *sect_attrs;	/* sections.c: sysfs' sections/ */
	unsigned int num_sect_attrs;
	void *percpu;			/* its .data..percpu: a per-CPU pointer */
};

/* mod->ref->flags, with Linux 2.2's values (autoclean.c). */
#define UMOD_MOD_AUTOCLEAN	(1u << 2)	/* loaded on demand */
#define UMOD_MOD_VISITED	(1u << 3)	/* used since the last sweep */
#define UMOD_MOD_DIED		(1u << 4)	/* its code oopsed: never run it again */

/* try_module_get's mark; a plain load first keeps the line shared. */
static inline void module_visit(struct module_ref *ref)
{
	if (!(atomic_load_explicit(&ref->flags, memory_order_relaxed) &
	      UMOD_MOD_VISITED))
		atomic_fetch_or(&ref->flags, UMOD_MOD_VISITED);
}

/* The slot of a module's number.  Under the module lock, or with the
 * number from an export of a module known to be listed. */
static inline struct module_ref *module_ref_of(struct module_refs *refs,
					       unsigned int num)
{
	return &refs->chunk[num / MODULE_REFS_CHUNK][num % MODULE_REFS_CHUNK];
}

struct umod_notifier {
	umod_notifier_fn *fn;
	void *arg;
};

/* References besides the base: users, and each dependent module. */
static inline int module_refcount(const struct module *mod)
{
	return atomic_load(&mod->ref->refcnt) - MODULE_REF_BASE;
}

/* state changes under the module lock; lookups read it without. */
static inline enum module_state module_state(const struct module *mod)
{
	return __atomic_load_n(&mod->state, __ATOMIC_ACQUIRE);
}

/* Mark mod's exports live or not, as its state enters or leaves LIVE. */
void module_exports_set_live(struct module *mod, bool live);

static inline void set_module_state(struct module *mod, enum module_state s)
{
	bool was_live = mod->state == MODULE_STATE_LIVE;

	__atomic_store_n(&mod->state, s, __ATOMIC_RELEASE);
	if (was_live != (s == MODULE_STATE_LIVE))
		module_exports_set_live(mod, s == MODULE_STATE_LIVE);
}

/* Open-addressing hash of every export, keyed by name (symbols.c): a
 * slot is the name's hash and its record's number in the pool, with the
 * owner's liveness in the low bit; ref 0 is an empty slot. */
struct umod_symslot {
	uint32_t hash;
	uint32_t ref;
};

#define SYMPOOL_CLASSES	64	/* free lists of records up to 1 KiB */

struct umod_sympool {
	char **blocks;
	size_t *lens;
	size_t nblocks, cap;
	size_t used, len;		/* bytes taken in the last block, its size */
	uint32_t free[SYMPOOL_CLASSES];	/* a free record per size, ref-coded */
	uint32_t free_big;		/* larger ones, any size */
};

struct umod_symindex {
	struct umod_symslot *slots;
	size_t mask;			/* capacity - 1; capacity is a power of 2 */
	size_t count;
	struct umod_sympool pool;
};

struct umod_ctx {
	pthread_mutex_t module_mutex;	/* module list, deps, index writers */
	_Atomic uintptr_t module_owner;	/* module.c: the thread holding it */
	pthread_rwlock_t index_lock;	/* index readers that skip module_mutex */
	struct list_head modules;
	struct umod_symindex index;
	struct umod_symindex modnames;	/* every listed module, by name */
	struct module_refs refs;	/* module.c: each module's struct module_ref */
	atomic_uint taints;		/* dumpstack.c: UMOD_TAINT_DIE, _WARN */
	umod_resolver_fn *resolver;
	void *resolver_arg;
	char *vermagic;
	umod_log_fn *log;
	void *log_arg;
	pthread_mutex_t notifier_lock;
	struct umod_notifier *notifiers;
	size_t num_notifiers;
	struct umod_kmod *kmod;		/* kmod.c: demand loading, or NULL */
	void (*kmod_free)(struct umod_ctx *ctx);	/* kmod.c's, with kmod */
	struct list_head contexts;	/* on umod_contexts */
	umod_sig_verify_fn *sig_verify;	/* signing.c; under module_mutex */
	void *sig_verify_arg;
	atomic_bool sig_enforce;
	atomic_bool sig_taint_told;	/* "tainting kernel" said once */
	atomic_bool vers_missing_told;	/* "no symbol version" said once */
};

/*
 * module.c: every context, so an address can be looked up from any thread
 * without knowing its context (kallsyms.c).  Written, after the module
 * lock, when a context comes or goes, when a module joins or leaves a
 * list and when init memory goes; never held while module code runs.
 */
extern pthread_rwlock_t umod_contexts_lock;
extern struct list_head umod_contexts;
void context_list_add(struct umod_ctx *ctx);
void context_list_del(struct umod_ctx *ctx);

/* Everything the load steps share; freed when the load ends either way. */
struct load_info {
	struct umod_ctx *ctx;
	const char *name;		/* from .modinfo, or the file name */
	const unsigned char *image;	/* read only; the caller's for umod_load_image */
	size_t len;
	struct umod_elf elf;
	ElfW(Shdr) *sechdrs;		/* a copy; sh_addr is set by layout */
	ElfW(Sym) *syms;		/* a copy; st_value is made absolute */
	unsigned int flags;
	const char *modinfo;
	size_t modinfo_len;
	unsigned int index_mod;		/* .gnu.linkonce.this_module, or 0 */
	unsigned int index_pcpu;	/* .data..percpu, or 0 */
	int *sec_type;			/* per section: enum mod_mem_type, or -1 */
	size_t *sec_off;		/* per section: offset in its memory */
	struct module *mod;
	struct module_memory mem[MOD_MEM_NUM_TYPES];
	struct umod_block core_block, init_block;
	size_t stub_off, got_off;	/* arch areas in MOD_TEXT, MOD_RODATA */
	size_t stub_bytes, got_bytes;
	bool needs_low;			/* absolute 32-bit relocations: low 2 GiB */
	struct arch_load *arch;
	bool gplok;			/* licence may link GPL-only exports */
	int dry_run_err;		/* what fails a dry run once it is checked */
	bool sig_ok;			/* a signature a key of ours made */
	bool linux_crcs;		/* __versions of Linux's Kbuild (version.c) */
	bool forced_told;		/* "kernel tainted" (F) said (version.c) */
};

/* ctx.c: a host's sized configuration (umod_exports, umod_ctl_config,
 * umod_request_config) into ours; -EINVAL, -E2BIG with the message set. */
int umod_config_copy(void *dst, size_t min, size_t known, const void *src,
		     const char *what);

/* signing.c: strips the signature from *len; 0 to go on (*sig_ok says
 * whether it was good), else the errno, with *reason said either way. */
int umod_module_sig_check(struct umod_ctx *ctx, const unsigned char *image,
			  size_t *len, unsigned int flags, bool *sig_ok,
			  const char **reason);
/* A verifier or enforcement: Linux's CONFIG_MODULE_SIG, which says so
 * when it taints. */
bool umod_sig_configured(struct umod_ctx *ctx);

/* symbols.c */
int symindex_insert(struct umod_symindex *ix, const struct umod_ksym *sym,
		    const struct umod_ksym **clash);
void symindex_remove(struct umod_symindex *ix, const char *name);
size_t umod_arena_bytes_in_use(void);
const struct umod_ksym *symindex_find(const struct umod_symindex *ix,
				      const char *name);
/* Give name's record the CRC at crc (symbols.c); false if none is indexed. */
bool symindex_set_crc(struct umod_symindex *ix, const char *name,
		      const int32_t *crc);
/* The same, and whether its owner is live (the host always is). */
const struct umod_ksym *symindex_find_live(const struct umod_symindex *ix,
					   const char *name, bool *live);
/* Many names at once, their cache misses overlapped: for each q[i].name,
 * q[i].sym and q[i].live as symindex_find_live gives them. */
struct symindex_query {
	const char *name;
	const struct umod_ksym *sym;
	bool live;
	uint32_t hash, slot;		/* the lookup's own, between its steps */
};
void symindex_find_many(const struct umod_symindex *ix,
			struct symindex_query *q, size_t n);
/* Slot i's entry, NULL when it is empty: for walks over the index. */
const struct umod_ksym *symindex_at(const struct umod_symindex *ix, size_t i);
void symindex_free(struct umod_symindex *ix);
uint32_t symindex_hash(const char *name);
int add_kernel_symbols(struct umod_ctx *ctx, const struct kernel_symbol *start,
		       const struct kernel_symbol *stop, bool gpl,
		       struct module *owner, char *err, size_t errlen);
/* The same with each export's CRC, crcs[i] for start[i] (__kcrctab). */
int add_kernel_symbols_crc(struct umod_ctx *ctx,
			   const struct kernel_symbol *start,
			   const struct kernel_symbol *stop, bool gpl,
			   const int32_t *crcs, struct module *owner,
			   char *err, size_t errlen);

/* kallsyms.c: what lies at addr, in any module of any context (its
 * kallsyms, locals included) or in the host (dladdr, then host exports). */
struct umod_symbolized {
	const char *modname;	/* NULL: the host */
	char name[128];
	uintptr_t offset, size;	/* size 0 when unknown */
	char modbuf[MODULE_NAME_LEN];	/* modname points here: it outlives unload */
};
bool umod_symbolize(uintptr_t addr, struct umod_symbolized *out);
/* Linux's sprint_symbol: "name+0xoff/0xsize [mod]"; the address in hex when unknown. */
int umod_sprint_symbol(char *buf, size_t len, uintptr_t addr);
/* The same without "+0xoff/0xsize" (%ps), and for a return address (%pB):
 * the call before it, so a call that ends a function names that function. */
int umod_sprint_symbol_no_offset(char *buf, size_t len, uintptr_t addr);
int umod_sprint_backtrace(char *buf, size_t len, uintptr_t addr);

/* arena.c: page-granular memory near the host, or in the low 2 GiB.
 * reserve gives a block with nothing accessible, open makes part of it
 * read-write and zero; alloc is both, for the whole block.  Freed pages
 * up to UMOD_ARENA_KEEP bytes stay committed for reuse.
 * In two views (umod_arena_two_views; UMOD_STRICT_WX=1 turns them off),
 * reserve_parts gives text and rodata extents, zero, executable and
 * read-only where modules run them and writable *alias bytes away, and
 * a data extent to open; protect changes only what differs (a no-op for
 * text and rodata there).  Free takes any block or part. */
#define UMOD_ARENA_KEEP	(16ul << 20)
void *umod_arena_reserve(size_t len, bool low);
int umod_arena_open(void *p, size_t len);
void *umod_arena_alloc(size_t len, bool low);
void umod_arena_free(void *p, size_t len);
bool umod_arena_two_views(void);
int umod_arena_reserve_parts(struct umod_block *b, bool low, ptrdiff_t *alias);
int umod_arena_protect(void *p, size_t len, int prot);
void umod_arena_free_block(const struct umod_block *b);
bool umod_arena_is_low(const void *p);
/* Whether p is in memory the arena reserved: lock-free, async-signal-safe. */
bool umod_arena_contains(uintptr_t p);

/* params.c */
int umod_parse_args(const char *modname, char *args, struct kernel_param *kp,
		    unsigned int num, char *err, size_t errlen);
void umod_destroy_params(struct kernel_param *kp, unsigned int num);
const struct kernel_param *umod_find_param(const struct kernel_param *kp,
					   unsigned int num, const char *name);
/* Set one parameter; on failure err has Linux's message, naming modname
 * and the name as given. */
int umod_param_store(const char *modname, const struct kernel_param *kp,
		     const char *name, const char *val, char *err, size_t errlen);

/* notifier.c: a refused COMING is rolled back with GOING to those told. */
int umod_notify(struct umod_ctx *ctx, struct module *mod, enum module_state s);

/* gdbjit.c: the module for gdb, from before init until free_module;
 * never fails a load.  perfmap.c: its functions in /tmp/perf-PID.map,
 * when the host asked for it (UMOD_PERF_MAP=1), for as long. */
void gdbjit_register(struct load_info *info);
/* sections.c: the allocated sections' names and addresses, once laid out. */
int add_sect_attrs(struct load_info *info);
void free_sect_attrs(struct module *mod);
void gdbjit_drop_init(struct module *mod);
void gdbjit_unregister(struct module *mod);
/* init_module, cleanup_module: named for debuggers by what they alias. */
bool gdbjit_entry_alias(const struct load_info *info, size_t idx);
void perfmap_add(const struct load_info *info);
void perfmap_drop_init(const struct module *mod);
void perfmap_remove(const struct module *mod);

/*
 * module.c: the module lock.  It is plain (error-checking unless NDEBUG:
 * taking it twice aborts, naming the bug), so a lock-order mistake shows
 * instead of hiding.  A function callers may reach with the lock held
 * comes in two forms, as in Linux: name() takes it, name_locked() wants
 * it held.  The public views (umod_for_each_*, umod_module_get and
 * _address) run their callbacks under it and may be called from those
 * callbacks: they take it through module_view_lock, which leaves it
 * alone when this thread holds it already.
 */
void module_lock_init(struct umod_ctx *ctx);
void module_lock(struct umod_ctx *ctx);
void module_unlock(struct umod_ctx *ctx);
bool module_lock_held(const struct umod_ctx *ctx);
#define module_assert_locked(ctx) assert(module_lock_held(ctx))
/* True if it took the lock: pass that to module_view_unlock. */
bool module_view_lock(struct umod_ctx *ctx);
void module_view_unlock(struct umod_ctx *ctx, bool took);

/* module.c: the module list, dependencies and references */
int use_module(struct module *a, struct module *b, struct module_ref *bref);
int module_ref_alloc(struct module *mod, unsigned int flags);
void module_refs_free(struct module_refs *refs);
void module_unload_free(struct module *mod);
struct module *find_module(struct umod_ctx *ctx, const char *name);
int module_list_add(struct umod_ctx *ctx, struct module *mod);
void module_list_del(struct module *mod);
void module_remove_exports(struct module *mod);
void free_module(struct module *mod);

/*
 * oops.c: module code runs under a guard; a fault in it becomes Linux's
 * oops (a report, taint D, the module marked died) and the guarded call
 * returns -EFAULT (umod_call_guarded, host.h).  oops_setup installs the
 * fault handler, once; the first context does.
 */
void oops_setup(void);
static inline bool module_died(const struct module *mod)
{
	return atomic_load(&mod->ref->flags) & UMOD_MOD_DIED;
}

/*
 * request.c: request_module's entry points.  Demand loading (kmod.c,
 * kerneld.c, autoclean.c) sits above the core, which never calls it by
 * name: kmod.c registers these ops when a context first uses it, and
 * sets the context's kmod_free, which umod_ctx_free calls.
 */
struct umod_demand_ops {
	/* name is formatted and checked; caller is the return address */
	int (*request)(const void *caller, bool wait, const char *name);
};
void umod_demand_register(const struct umod_demand_ops *ops);
/* Format a request's name, as Linux does: -ENAMETOOLONG, -EINVAL. */
int umod_request_name(char name[MODULE_NAME_LEN], const char *fmt, va_list ap);

/*
 * fault.c: every allocation, mapping, protection change, read and socket
 * send or receive of the library goes through these, so that a test can
 * make the n-th such call fail (Linux's fail-nth) and check what follows.
 * umod_fault_arm(sites, n) counts calls to the sites from then on and
 * fails the n-th; n 0 disarms.  The errors are ENOMEM (allocation, mmap,
 * mprotect), EIO (read) and ECONNRESET (sockets).
 */
#define UMOD_FAULT_ALLOC	(1u << 0)	/* malloc, calloc, realloc, strdup */
#define UMOD_FAULT_MMAP		(1u << 1)
#define UMOD_FAULT_MPROTECT	(1u << 2)
#define UMOD_FAULT_READ		(1u << 3)	/* read, pread */
#define UMOD_FAULT_SOCKET	(1u << 4)	/* send, recv, sendmsg, recvmsg */
#define UMOD_FAULT_ALL		((1u << 5) - 1)
void umod_fault_arm(unsigned int sites, unsigned long nth);
unsigned long umod_fault_calls(void);	/* counted since arming */
bool umod_fault_fired(void);
bool umod_should_fail(unsigned int site);

void *umod_malloc(size_t n);
void *umod_calloc(size_t n, size_t size);
void *umod_realloc(void *p, size_t n);
char *umod_strdup(const char *s);
void *umod_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int umod_mprotect(void *addr, size_t len, int prot);
ssize_t umod_read(int fd, void *buf, size_t len);
ssize_t umod_pread(int fd, void *buf, size_t len, off_t off);
struct msghdr;
ssize_t umod_sendmsg(int fd, const struct msghdr *mh, int flags);
ssize_t umod_recvmsg(int fd, struct msghdr *mh, int flags);
ssize_t umod_recv(int fd, void *buf, size_t len, int flags);
ssize_t umod_send(int fd, const void *buf, size_t len, int flags);

/* vsprintf.c: Linux's formatting, for module code (host.h has
 * umod_vsnprintf); the library's own messages keep libc's. */
int umod_vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int umod_snprintf(char *buf, size_t size, const char *fmt, ...);
int umod_scnprintf(char *buf, size_t size, const char *fmt, ...);
int umod_vsprintf(char *buf, const char *fmt, va_list ap);
int umod_sprintf(char *buf, const char *fmt, ...);

/* printk.c: printk and its kin (host.h has umod_printk, umod_vprintk and
 * umod_warn_printk), formatted by vsprintf.c. */
void umod_panic(const char *fmt, ...) __attribute__((noreturn));
/* dumpstack.c: Linux's warn_slowpath_fmt, WARN() where it does not trap (arm). */
void umod_warn_slowpath_fmt(const char *file, int line, unsigned int taint,
			    const char *fmt, ...);
/* dumpstack.c: dump_stack and dump_stack_lvl, the calling module's task
 * line and trace into its context's log. */
void umod_dump_stack(void);
void umod_dump_stack_lvl(const char *log_lvl);

/*
 * percpu.c: the per-CPU area each thread that runs module code has at
 * %gs, laid out as x86-64 Linux's: struct fixed_percpu_data, then room
 * for per-CPU variables, the kernel API's and modules' .data..percpu
 * (Linux reserves 8 KiB for modules; Debian 6.1's need 1.5 KiB in all).
 */
#define UMOD_PERCPU_SIZE	(256 * 1024)
/* Per-CPU memory: past the host's variables; Linux's limits on a unit
 * (PCPU_MIN_UNIT_SIZE) and its alignment (a page). */
#define UMOD_PERCPU_DYNAMIC_OFFSET	(UMOD_PERCPU_HOST_OFFSET + UMOD_PERCPU_HOST_SIZE)
#define UMOD_PERCPU_UNIT_MAX	(32 * 1024)
#define UMOD_PERCPU_ALIGN_MAX	4096
struct fixed_percpu_data {
	char gs_base[40];
	unsigned long stack_canary;	/* %gs:0x28, where GCC looks */
};
_Static_assert(__builtin_offsetof(struct fixed_percpu_data, stack_canary) == 0x28,
	       "the stack protector reads %gs:0x28");
/* umod_thread_prepare, failing with a message that names the module. */
int umod_percpu_enter(struct umod_ctx *ctx, const char *name);

/* builtins.c: libumod's own exports (param ops, refcounts, printk...). */
extern const struct umod_symbol umod_builtin_symbols[];
extern const size_t umod_num_builtin_symbols;
bool is_builtin(const char *name, const void *addr);

#endif /* UMOD_INTERNAL_H */
