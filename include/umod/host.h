/* SPDX-License-Identifier: MIT */
/*
 * umod/host.h - the kernel half: what a host program includes.
 *
 * A host owns a struct umod_ctx: the module list, the symbol index and
 * the exports everything links against.  Functions that can fail return 0
 * or a negative errno, as the kernel's do; umod_errmsg() then gives the
 * precise reason ("hello: Unknown symbol foo_bar") for the calling thread.
 *
 * Every function is safe to call from any thread.  Callbacks (notifiers,
 * iterators) run without the module lock except where noted.
 *
 * Every name here is umod_'s: a host that wants Linux's (struct module,
 * try_module_get, request_module, MODULE_STATE_LIVE...) includes
 * <umod/linux.h> instead.  Structures a host fills in for libumod start
 * with their size, so that they can grow: set it to sizeof the structure.
 * libumod.so exports the symbols of src/libumod.sym, version UMOD_1.
 */
#ifndef UMOD_HOST_H
#define UMOD_HOST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <umod/export.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

struct umod_ctx;
struct umod_module;	/* a loaded module: Linux's struct module */

/* Linux's values, so the numbers in logs and on the wire mean the same. */
enum umod_module_state {
	UMOD_MODULE_LIVE,	/* normal state */
	UMOD_MODULE_COMING,	/* linked, running init */
	UMOD_MODULE_GOING,	/* going away */
	UMOD_MODULE_UNFORMED,	/* still being laid out */
};

/* ---- Context ---- */

/* The vermagic a context expects unless told otherwise, and the release
 * (Linux's `uname -r`) modules are installed under.  modpost writes the
 * same vermagic into every module it finishes. */
#define UMOD_RELEASE_DEFAULT	"umod-1"
#define UMOD_VERMAGIC		UMOD_RELEASE_DEFAULT " SMP mod_unload "

struct umod_exports {
	size_t size;					  /* sizeof(struct umod_exports) */
	const struct kernel_symbol *start, *stop;	  /* __ksymtab */
	const struct kernel_symbol *gpl_start, *gpl_stop; /* __ksymtab_gpl */
};

/* The host executable's own EXPORT_SYMBOLs, found through the linker. */
extern const struct kernel_symbol __start___ksymtab[] __attribute__((__weak__));
extern const struct kernel_symbol __stop___ksymtab[] __attribute__((__weak__));
extern const struct kernel_symbol __start___ksymtab_gpl[] __attribute__((__weak__));
extern const struct kernel_symbol __stop___ksymtab_gpl[] __attribute__((__weak__));

struct umod_ctx *umod_ctx_new_exports(const struct umod_exports *exports);

/* A context exporting what the calling executable marked EXPORT_SYMBOL. */
static inline struct umod_ctx *umod_ctx_new(void)
{
	struct umod_exports e = {
		sizeof(e), __start___ksymtab, __stop___ksymtab,
		__start___ksymtab_gpl, __stop___ksymtab_gpl,
	};
	return umod_ctx_new_exports(&e);
}

/* Unloads every module, dependents first, then frees the context. */
void umod_ctx_free(struct umod_ctx *ctx);

/* Extra exports, for symbols EXPORT_SYMBOL cannot name (libc's, say). */
struct umod_symbol {
	const char *name;
	const void *addr;
};
#define UMOD_SYMBOL(sym) { #sym, (const void *)&(sym) }

#define UMOD_EXPORT_GPL 1u	/* only GPL-compatible modules may link */
int umod_export_table(struct umod_ctx *ctx, const struct umod_symbol *tab,
		      size_t n, unsigned int flags);
/*
 * Symbol versions of the host's exports, as Linux's __kcrctab gives
 * vmlinux's: each name's CRC, genksyms' over the declaration modules
 * include (genksyms -a over the host's headers: see mk/kbuild.mk), the
 * CRC modpost -H lists and writes into modules' __versions.  A module
 * built with symbol versions that disagrees is refused, -EINVAL, "m:
 * disagrees about version of symbol x"; insmod --force-modversion loads
 * it tainted F.  Exports without a CRC are not compared.  Applies to the
 * host's exports (EXPORT_SYMBOL, tables, libumod's) of the names in tab
 * at the time of the call, so call it after exporting; others are
 * skipped.  tab must stay while ctx does.  Returns how many got a CRC.
 */
struct umod_symbol_crc {
	const char *name;
	unsigned int crc;
};
int umod_export_crcs(struct umod_ctx *ctx, const struct umod_symbol_crc *tab,
		     size_t n);
/*
 * Withdraw the host's own export of name (EXPORT_SYMBOL, a table,
 * libumod's), so that a module may export it: a host standing in for a
 * kernel that has the symbol in a module, not built in.  Modules already
 * linked to it keep its address.  0, or -ENOENT when the host exports
 * no such name (a module's export is not the host's to withdraw).
 */
int umod_unexport(struct umod_ctx *ctx, const char *name);
/* libumod's own exports, which every context has (printk, the param ops,
 * module refcounts...): *n of them.  What modpost checks modules against
 * when the host exports nothing else. */
const struct umod_symbol *umod_builtin_exports(size_t *n);
/* The CRC of module_layout (struct module and the tables a module shares
 * with the loader) that modules built with symbol versions must carry:
 * what modpost writes into their __versions. */
unsigned int umod_module_layout_version(void);

/* Asked for any name no export provides; return NULL to refuse. */
typedef const void *umod_resolver_fn(const char *name, void *arg);
void umod_set_resolver(struct umod_ctx *ctx, umod_resolver_fn *fn, void *arg);

/* The vermagic modules must carry; the default is UMOD_VERMAGIC. */
int umod_set_vermagic(struct umod_ctx *ctx, const char *vermagic);
const char *umod_vermagic(const struct umod_ctx *ctx);

/*
 * Module signatures (Linux's module signing).  libumod checks the
 * appended descriptor and calls fn for the PKCS#7 signature over the
 * module's first len bytes; fn returns 0, -ENOKEY (no key of ours made
 * it), -EKEYREJECTED (it does not match), -ENOPKG or -EBADMSG.  libumod
 * needs libc alone: libumod-sig (<umod/sig.h>, OpenSSL) provides one
 * with a keyring.  Without fn every key is unavailable.  Unsigned
 * modules, and those whose key is unavailable, load and taint ('E')
 * unless enforcing, which refuses them with ENOKEY; a bad signature is
 * always refused, EKEYREJECTED.
 */
typedef int umod_sig_verify_fn(const void *data, size_t len, const void *sig,
			       size_t sig_len, void *arg);
void umod_set_sig_verifier(struct umod_ctx *ctx, umod_sig_verify_fn *fn,
			   void *arg);
void umod_set_sig_enforce(struct umod_ctx *ctx, bool enforce);

/* Where the loader's messages go; the default is stderr. */
enum umod_log_level { UMOD_LOG_ERR = 3, UMOD_LOG_WARNING = 4,
		      UMOD_LOG_NOTICE = 5, UMOD_LOG_INFO = 6, UMOD_LOG_DEBUG = 7 };
typedef void umod_log_fn(int level, const char *msg, void *arg);
void umod_set_log(struct umod_ctx *ctx, umod_log_fn *fn, void *arg);

/* Where printk from modules goes when the host exports no printk of its
 * own: one call per record; level is the KERN_ digit (4 without one), msg
 * the text without its level prefix and trailing newline.  stderr until set. */
void umod_set_printk(umod_log_fn *fn, void *arg);

/* Linux's printk and vprintk, which module printk goes through: a record
 * for the sink above, formatted by umod_vsnprintf; its KERN_ prefix is
 * its level.  For host code that prints on a module's behalf
 * (libumod-kapi's dev_err).  umod_warn_printk is WARN()'s: "cut here",
 * then the message. */
int umod_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int umod_vprintk(const char *fmt, va_list ap);
void umod_warn_printk(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Linux's vsnprintf, which module code gets as vsnprintf, snprintf,
 * printk and the rest: %pS, %pe, "(null)" for a NULL %s, no %n
 * (docs/design.md).  Returns the length the whole would have. */
int umod_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* The calling thread's last error message, as dlerror() gives: every
 * function here that can fail sets it when it does and clears it ("")
 * when it starts, so it never describes an earlier call. */
const char *umod_errmsg(void);

/*
 * Module code runs on a CPU as Linux sets one up: on x86-64 the thread's
 * GS points at a per-CPU area (256 KiB), whose struct fixed_percpu_data
 * holds the stack canary at %gs:0x28 that stack-protected code (Debian
 * builds every module so) checks in each function.  libumod prepares its
 * own threads and every thread that loads or unloads a module or reads
 * or sets a parameter.  A host thread that calls module code otherwise
 * (an export it looked up, a callback a module registered) calls this
 * first, once; the area goes when the thread exits.  0 or -ENOMEM.
 */
int umod_thread_prepare(void);

/*
 * The host's own per-CPU variables (current_task, __preempt_count...): the
 * UMOD_PERCPU_HOST_SIZE bytes at offset UMOD_PERCPU_HOST_OFFSET of every
 * thread's area, so module code finds them at %gs:offset.  A host exports
 * each by its offset (umod_export_table), as Linux's per-CPU symbols are
 * offsets into the area.  fn runs on each thread that gets an area, after
 * GS is set and before any module code runs there, with the area's base,
 * to fill in that thread's copy (the area may be a finished thread's).
 * Set it once, before the first module loads.
 */
#define UMOD_PERCPU_HOST_OFFSET	0x1000
#define UMOD_PERCPU_HOST_SIZE	0x1000
/* The host part's first word is the thread's current task: what arm64
 * module code reads from SP_EL0 (the read traps; libumod answers it). */
#define UMOD_PERCPU_CURRENT_OFFSET	UMOD_PERCPU_HOST_OFFSET
/* fn gets the area's base and its CPU's number. */
typedef void umod_percpu_init_fn(void *area, unsigned int cpu);
void umod_set_percpu_init(umod_percpu_init_fn *fn);

/*
 * CPUs: each thread that runs module code is one, of UMOD_NR_CPUS, all
 * possible and online; more threads at once than that fail to prepare
 * (-EAGAIN).  umod_percpu_offset(cpu) is Linux's __per_cpu_offset[cpu]:
 * the base of that CPU's area (NULL past the last).
 *
 * Per-CPU memory, Linux's __alloc_percpu: umod_percpu_alloc gives a
 * per-CPU pointer, an offset the same in every area (%gs-relative for
 * module code: this_cpu_ptr adds this_cpu_off, per_cpu_ptr the CPU's
 * offset), its size bytes zeroed in each; NULL for a size of 0 or over
 * 32 KiB, an alignment that is not a power of two up to a page, or when
 * it is full.  Modules' .data..percpu come from it too.
 */
#define UMOD_NR_CPUS	256
void *umod_percpu_offset(unsigned int cpu);
void *umod_percpu_alloc(size_t size, size_t align);
void umod_percpu_free(void *ptr);

/* ---- Loading and unloading ---- */

/* Linux's finit_module flags. */
#define UMOD_INIT_IGNORE_MODVERSIONS	1u	/* insmod --force-modversion */
#define UMOD_INIT_IGNORE_VERMAGIC	2u	/* insmod --force-vermagic */
#define UMOD_INIT_FORCE	(UMOD_INIT_IGNORE_MODVERSIONS | UMOD_INIT_IGNORE_VERMAGIC)
/*
 * Ours: would the module load?  The load runs through layout, symbol
 * resolution, relocation and the export checks, then unwinds as a failed
 * load does: no module code runs (no init, no parameter ops, no
 * notifiers), no reference is taken, nothing stays.  Every unknown symbol
 * is logged ("m: Unknown symbol x (err -2)") and linked, for the checks
 * that follow, as if the host exported it.  Returns 0 if the module would
 * load, else the error the load would fail with (-ENOENT for unknown
 * symbols); *out is left alone.  Parameters are not checked.  As a real
 * load, it fails with -EEXIST while a module of that name is loaded or
 * loading, and a module loading meanwhile finds its exports busy.
 */
#define UMOD_INIT_DRY_RUN	(1u << 17)

/*
 * Load a module: validate, lay out, link, run init.  params is a
 * command line such as "count=3 name=\"a b\"", or NULL.  On success *out (if
 * not NULL) is the module, with no reference taken.  Errors: -ENOEXEC bad
 * format, -ENOENT unknown symbol or parameter, -EEXIST already loaded,
 * -EINVAL bad parameter value, -EPERM refused, -ENOMEM, -EBUSY, or what
 * the module's init returned.
 */
int umod_load_file(struct umod_ctx *ctx, const char *path, const char *params,
		   unsigned int flags, struct umod_module **out);
int umod_load_fd(struct umod_ctx *ctx, int fd, const char *params,
		 unsigned int flags, struct umod_module **out);
/* image is read in place, not copied: it must not change during the call. */
int umod_load_image(struct umod_ctx *ctx, const void *image, size_t len,
		    const char *params, unsigned int flags, struct umod_module **out);

/* Linux's delete_module flags. */
#define UMOD_UNLOAD_NONBLOCK	04000u	/* O_NONBLOCK */
#define UMOD_UNLOAD_FORCE	01000u	/* O_TRUNC: ignore references, missing exit */

/* -ENOENT not loaded, -EWOULDBLOCK used by a module or referenced,
 * -EBUSY still loading or has init but no exit. */
int umod_unload(struct umod_ctx *ctx, const char *name, unsigned int flags);

/* ---- Modules ---- */

/* The module, with a reference taken (drop it with umod_module_put), or
 * NULL. */
struct umod_module *umod_module_get(struct umod_ctx *ctx, const char *name);

/* Linux's try_module_get and module_put; NULL is the host, always there. */
bool umod_try_module_get(struct umod_module *mod);	/* false once it is going */
void umod_module_put(struct umod_module *mod);

/* The module that contains addr, or NULL (Linux's __module_address). */
struct umod_module *umod_module_address(struct umod_ctx *ctx, const void *addr);

struct umod_module_info {
	const char *name;
	enum umod_module_state state;
	size_t size;		/* bytes of memory, core and init */
	int refcnt;		/* references, each dependent module counts one */
	const void *base;	/* the start of its text */
	unsigned int taints;	/* UMOD_TAINT_* */
};
#define UMOD_TAINT_PROPRIETARY	(1u << 0)	/* 'P' */
#define UMOD_TAINT_FORCED	(1u << 1)	/* 'F' */
#define UMOD_TAINT_UNSIGNED	(1u << 2)	/* 'E' */
#define UMOD_TAINT_OOT		(1u << 3)	/* 'O' */
#define UMOD_TAINT_DIE		(1u << 4)	/* 'D': its code oopsed */
#define UMOD_TAINT_WARN		(1u << 5)	/* 'W': a WARN() fired (host only) */
void umod_module_info(const struct umod_module *mod,
		      struct umod_module_info *info);
/* Linux's module_name: "kernel" for NULL, the host. */
const char *umod_module_name(const struct umod_module *mod);

/* A .modinfo value of a loaded module ("license", "version", ...), the
 * index-th of that key, or NULL. */
const char *umod_module_modinfo(const struct umod_module *mod, const char *key,
				unsigned int index);

/*
 * Walk the modules in load order, under the module lock: cb must not load
 * or unload.  A non-zero return from cb stops the walk and is returned.
 */
typedef int umod_module_cb(struct umod_module *mod, void *arg);
int umod_for_each_module(struct umod_ctx *ctx, umod_module_cb *cb, void *arg);
/* The modules that depend on mod (lsmod's "Used by"), same rules. */
int umod_for_each_user(struct umod_module *mod, umod_module_cb *cb, void *arg);
/* The modules mod depends on, same rules. */
int umod_for_each_dependency(struct umod_module *mod, umod_module_cb *cb,
			     void *arg);
/* Its allocated sections with a size, by name and load address
 * (/sys/module/NAME/sections/), in the file's order; mod must be held
 * (a reference, or the module lock). */
typedef int umod_section_cb(const char *name, unsigned long addr, void *arg);
int umod_for_each_section(struct umod_module *mod, umod_section_cb *cb,
			  void *arg);

/* The host's taints, Linux's tainted_mask: its modules' and D after an
 * oops, W after a WARN(). */
unsigned int umod_tainted(struct umod_ctx *ctx);

/* ---- Calls into module code: a fault there is an oops ---- */

/*
 * Run fn(arg), code of mod or code that calls into it (a filesystem
 * module's operation, say), as libumod runs init and exit: a SIGSEGV,
 * SIGBUS, SIGILL or SIGFPE at a PC in module code is logged as Linux's
 * oops naming what ran ("read", say), taints the host and mod D, and
 * returns -EFAULT here with umod_errmsg() saying where; mod stays as it
 * was.  0 when fn returned; -EINVAL without a module.  Do not hold a
 * lock fn may need: the jump back skips fn's frames.  A fault in host
 * code stays fatal.  The fault handler is libumod's from the first
 * context on; see docs/robustness.md.
 */
typedef void umod_guarded_fn(void *arg);
int umod_call_guarded(struct umod_module *mod, const char *what,
		      umod_guarded_fn *fn, void *arg);

/* ---- Symbols ---- */

/* An export's address, or NULL.  No reference is taken: a host that may
 * race with unload uses umod_symbol_get. */
void *umod_find_symbol(struct umod_ctx *ctx, const char *name);

/* Linux's symbol_get/symbol_put: the owner is pinned in between. */
void *umod_symbol_get(struct umod_ctx *ctx, const char *name);
void umod_symbol_put(struct umod_ctx *ctx, const char *name);

struct umod_symbol_info {
	const char *name;
	const void *addr;
	struct umod_module *owner;	/* NULL for the host */
	bool gpl;
	char type;		/* kallsyms letter: 'T', 't', 'D', ... */
};
/* Every export (exported_only) or every symbol with an address, the
 * /proc/kallsyms view; under the module lock. */
typedef int umod_symbol_cb(const struct umod_symbol_info *sym, void *arg);
int umod_for_each_symbol(struct umod_ctx *ctx, bool exported_only,
			 umod_symbol_cb *cb, void *arg);

/* ---- Notifiers ---- */

/*
 * Called on each state change: COMING (before init; a non-zero return
 * refuses the load, and the notifiers already told hear GOING), LIVE
 * (after init), GOING (after exit, or after a failed init), as in Linux.
 * Called without the module lock, in registration order.
 */
typedef int umod_notifier_fn(struct umod_module *mod,
			     enum umod_module_state state, void *arg);
int umod_register_notifier(struct umod_ctx *ctx, umod_notifier_fn *fn, void *arg);
int umod_unregister_notifier(struct umod_ctx *ctx, umod_notifier_fn *fn, void *arg);

/* ---- Parameters: the /sys/module/<m>/parameters view ---- */

/* -ENOENT no such module or parameter, -EPERM not readable or writable
 * (perm), -EINVAL bad value, -ENOSPC buffer too small. */
int umod_param_get(struct umod_ctx *ctx, const char *module, const char *param,
		   char *buf, size_t len);
int umod_param_set(struct umod_ctx *ctx, const char *module, const char *param,
		   const char *value);

struct umod_param_info {
	const char *name;
	unsigned int perm;
	const char *type;	/* from .modinfo parmtype, or NULL */
	const char *desc;	/* from .modinfo parm, or NULL */
};
typedef int umod_param_cb(struct umod_module *mod,
			  const struct umod_param_info *p, void *arg);
int umod_for_each_param(struct umod_module *mod, umod_param_cb *cb, void *arg);

/* ---- Control channel: the socket insmod, rmmod, lsmod... talk to ---- */

/*
 * A server thread on a Unix socket (docs/protocol.md).  Clients are
 * authorized by their credentials: root, the host's own uid and allow_uids
 * may load, unload, set parameters and read the log; anyone who can reach
 * the socket may list modules, symbols (addresses hidden) and readable
 * parameters.  Loader messages go to the log ring while it runs.
 */
struct umod_ctl;

struct umod_ctl_config {
	size_t size;			/* sizeof(struct umod_ctl_config) */
	const char *path;		/* NULL: the default socket, see umodd(8) */
	const char *release;		/* uname -r; NULL: UMOD_RELEASE_DEFAULT */
	const unsigned int *allow_uids;	/* admitted besides root and our uid */
	size_t num_allow_uids;
	size_t log_size;		/* log ring bytes; 0: 128 KiB */
	unsigned int socket_mode;	/* 0: 0600 */
	unsigned int max_clients;	/* 0: 64 */
	unsigned int timeout_ms;	/* a stalled message is dropped; 0: 10 s */
	umod_log_fn *log;		/* also given every message, or NULL */
	void *log_arg;
	int listen_fd;			/* > 0: a socket bound and listening
					 * already (systemd's socket activation):
					 * path is ignored, and the socket is
					 * left in place at stop */
};

/* -EINVAL if cfg->size is not that of a umod_ctl_config libumod knows
 * (a newer one's extra fields must be zero: else -E2BIG). */
int umod_ctl_start(struct umod_ctx *ctx, const struct umod_ctl_config *cfg,
		   struct umod_ctl **out);
/* Waits for requests in progress, closes clients, removes the socket. */
void umod_ctl_stop(struct umod_ctl *ctl);
const char *umod_ctl_path(const struct umod_ctl *ctl);
/* Record a message in the log ring, as printk does; level is 0-7. */
void umod_ctl_log(struct umod_ctl *ctl, int level, const char *msg);
/* One request without a socket, for a host carrying the protocol over a
 * transport of its own: msg is one whole message (docs/protocol.md), uid
 * the client's, as SO_PEERCRED would give it, and decides what it may
 * change as for a connection.  The reply's messages go to *reply, malloc'd
 * (free it).  0, or -EBADMSG (not one whole message), -EOPNOTSUPP (what
 * needs the connection: kerneld's channel, a log that follows), -ENOMEM. */
int umod_ctl_request(struct umod_ctl *ctl, const void *msg, size_t len,
		     unsigned int uid, void **reply, size_t *reply_len);

/* ---- Demand loading: request_module, kerneld, autoclean ---- */

/*
 * umod_request_module(ctx, "fs-%s", type) loads a module by name or
 * alias, with its dependencies, into the host and returns once it is in
 * or the attempt failed: 0, a negative errno, or modprobe's exit status
 * (positive), as Linux's does; umod_errmsg() says why.  It asks kerneld
 * when one is connected (kerneld(8)); without one the host runs modprobe
 * itself, as Linux's usermode helper does:
 *
 *	<modprobe> [modprobe_args...] -q -k --host <socket> -- <name>
 *
 * Modules loaded on demand are marked autoclean (-k).  Identical requests
 * in flight are merged into one.  At most max_requests distinct requests
 * run at once (Linux allows 50 modprobes); past that a request waits up
 * to busy_timeout_ms for a slot, then fails with -ETIME.  Each request
 * fails with -ETIMEDOUT after timeout_ms, and a modprobe the host started
 * is then killed.  A module's init may call it for another module.
 *
 * umod_request_module asks ctx.  Linux's request_module and
 * __request_module (<umod/linux.h>, and modules' <umod/module.h>) ask,
 * from a module, the module's own host; from host code, the first
 * context that started a control channel or was given a request
 * configuration.
 */
int umod_request_module(struct umod_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Ask for name's removal with its unused dependencies (modprobe -r), as
 * Linux 2.0's release_module asked kerneld. */
int umod_release_module(struct umod_ctx *ctx, const char *name);

enum umod_request_mode {
	UMOD_REQUEST_AUTO,	/* kerneld when connected, else run modprobe */
	UMOD_REQUEST_KERNELD,	/* kerneld only: -ENODEV while there is none */
	UMOD_REQUEST_MODPROBE,	/* always run modprobe, never kerneld */
};

#define UMOD_MODPROBE_DEFAULT	"/sbin/modprobe"	/* Linux's default */

struct umod_request_config {
	size_t size;			/* sizeof(struct umod_request_config) */
	enum umod_request_mode mode;
	const char *modprobe;		/* NULL: UMOD_MODPROBE_DEFAULT; "": off */
	const char *const *modprobe_args; /* NULL-terminated, or NULL */
	const char *socket;		/* NULL: the control channel's */
	unsigned int timeout_ms;	/* 0: 60 s */
	unsigned int max_requests;	/* 0: 50 */
	unsigned int busy_timeout_ms;	/* 0: 5 s */
};

/* Like Linux's /proc/sys/kernel/modprobe, and the rest; cfg NULL restores
 * the defaults.  Requests in flight finish under the old settings.
 * cfg->size as umod_ctl_start's. */
int umod_set_request_config(struct umod_ctx *ctx,
			    const struct umod_request_config *cfg);

/* The process id of the kerneld serving ctx, or 0 while there is none. */
int umod_kerneld_pid(struct umod_ctx *ctx);

/*
 * Autoclean, as Linux 2.2's delete_module(NULL): remove every module that
 * is marked autoclean, unused (no references, no dependent modules) and
 * not visited since the previous sweep, then clear the visited marks of
 * those kept.  try_module_get marks a module visited, so a module in use
 * until just now survives one more sweep; loading it counts as a visit.
 * A dependency whose last user goes in a sweep goes in the same sweep.
 * Returns the number of modules removed.  kerneld calls it periodically.
 */
int umod_autoclean(struct umod_ctx *ctx);
#define UMOD_INIT_AUTOCLEAN	(1u << 16)	/* load flag: insmod -k */
bool umod_module_autoclean(const struct umod_module *mod);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* UMOD_HOST_H */
