/* SPDX-License-Identifier: MIT */
/*
 * umod/module.h - what a module author includes.
 *
 * The macros produce the sections a Linux module carries, with Linux's
 * names and layouts: .modinfo, __ksymtab*, __param, .init.text, .exit.text,
 * .data..ro_after_init; init_module and cleanup_module are the entry
 * points.  So a umod module is a valid .ko for kmod's tools, and a genuine
 * Linux .ko whose imports the host provides is a valid umod module.
 */
#ifndef UMOD_MODULE_H
#define UMOD_MODULE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <umod/export.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* The host's handle for a loaded module; opaque to modules. */
struct module;

/*
 * THIS_MODULE: the loader binds every reference to __this_module to the
 * module's own struct module, whether modpost defined the symbol or not.
 */
extern struct module __this_module;
#define THIS_MODULE (&__this_module)

#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME "module"
#endif

/* Section placement, as in Linux's <linux/init.h>. */
#define __init		__attribute__((__section__(".init.text"), __cold__, __used__))
#define __initdata	__attribute__((__section__(".init.data")))
#define __initconst	__attribute__((__section__(".init.rodata")))
#define __exit		__attribute__((__section__(".exit.text"), __cold__, __used__))
#define __exitdata	__attribute__((__section__(".exit.data")))
#define __ro_after_init	__attribute__((__section__(".data..ro_after_init")))

#define __UMOD_PASTE_(a, b) a##b
#define __UMOD_PASTE(a, b) __UMOD_PASTE_(a, b)
#define __UNIQUE_ID(prefix) __UMOD_PASTE(__UMOD_PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/* The alias takes the function's attributes (section, cold), as Linux's
 * __copy does, where the compiler knows how. */
#if defined(__has_attribute) && __has_attribute(__copy__)
#define __umod_copy(fn) __attribute__((__copy__(fn)))
#else
#define __umod_copy(fn)
#endif

/* init_module and cleanup_module are aliases, as in Linux. */
#define module_init(initfn)						\
	static inline __attribute__((__unused__))			\
	int (*__inittest(void))(void) { return initfn; }		\
	int init_module(void) __umod_copy(initfn) __attribute__((__alias__(#initfn)))

#define module_exit(exitfn)						\
	static inline __attribute__((__unused__))			\
	void (*__exittest(void))(void) { return exitfn; }		\
	void cleanup_module(void) __umod_copy(exitfn) __attribute__((__alias__(#exitfn)))

/* .modinfo holds "tag=value" strings, one after another. */
#define __MODULE_INFO(tag, name, info)					\
	static const char __UNIQUE_ID(name)[]				\
	__attribute__((__used__, __section__(".modinfo"), __aligned__(1))) \
	= __UMOD_STR(tag) "=" info

#define MODULE_INFO(tag, info)		__MODULE_INFO(tag, tag, info)
#define MODULE_LICENSE(l)		MODULE_INFO(license, l)
#define MODULE_AUTHOR(a)		MODULE_INFO(author, a)
#define MODULE_DESCRIPTION(d)		MODULE_INFO(description, d)
#define MODULE_ALIAS(a)			MODULE_INFO(alias, a)
#define MODULE_VERSION(v)		MODULE_INFO(version, v)
#define MODULE_SOFTDEP(s)		MODULE_INFO(softdep, s)
#define MODULE_WEAKDEP(w)		MODULE_INFO(weakdep, w)	/* Linux 6.11 */
#define MODULE_FIRMWARE(f)		MODULE_INFO(firmware, f)
#define MODULE_IMPORT_NS(ns)		MODULE_INFO(import_ns, __UMOD_STR(ns))

/* ---- Parameters: Linux's struct kernel_param and friends. ---- */

struct kernel_param;

#define KERNEL_PARAM_OPS_FL_NOARG	(1 << 0)	/* "name" alone is valid */

struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};

#define KERNEL_PARAM_FL_UNSAFE		(1 << 0)
#define KERNEL_PARAM_FL_HWPARAM		(1 << 1)

struct kparam_string {
	unsigned int maxlen;
	char *string;
};

struct kparam_array {
	unsigned int max;
	unsigned int elemsize;
	unsigned int *num;
	const struct kernel_param_ops *ops;
	void *elem;
};

struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	const unsigned short perm;
	signed char level;
	unsigned char flags;
	union {
		void *arg;
		const struct kparam_string *str;
		const struct kparam_array *arr;
	};
};

/* Buffer size a get() may fill, as Linux's PAGE_SIZE for sysfs. */
#define UMOD_PARAM_BUFSIZE 4096

#define __UMOD_PARAM_OPS(type)						\
	extern const struct kernel_param_ops param_ops_##type;		\
	int param_set_##type(const char *val, const struct kernel_param *kp); \
	int param_get_##type(char *buffer, const struct kernel_param *kp)
__UMOD_PARAM_OPS(byte);
__UMOD_PARAM_OPS(short);
__UMOD_PARAM_OPS(ushort);
__UMOD_PARAM_OPS(int);
__UMOD_PARAM_OPS(uint);
__UMOD_PARAM_OPS(long);
__UMOD_PARAM_OPS(ulong);
__UMOD_PARAM_OPS(ullong);
__UMOD_PARAM_OPS(hexint);
__UMOD_PARAM_OPS(charp);
__UMOD_PARAM_OPS(bool);
__UMOD_PARAM_OPS(invbool);
__UMOD_PARAM_OPS(bint);
__UMOD_PARAM_OPS(string);
extern const struct kernel_param_ops param_array_ops;
/* Linux's names for what param_ops_string and param_ops_charp use. */
int param_set_copystring(const char *val, const struct kernel_param *kp);
void param_free_charp(void *arg);
/* Held while a parameter is set; take it to read a charp safely. */
void kernel_param_lock(struct module *mod);
void kernel_param_unlock(struct module *mod);

/* Compile-time type checks, as Linux's param_check_<type>. */
#define __param_check(name, p, type) \
	static inline type __attribute__((__unused__)) *__check_##name(void) { return (p); }
#define param_check_byte(name, p)	__param_check(name, p, unsigned char)
#define param_check_short(name, p)	__param_check(name, p, short)
#define param_check_ushort(name, p)	__param_check(name, p, unsigned short)
#define param_check_int(name, p)	__param_check(name, p, int)
#define param_check_uint(name, p)	__param_check(name, p, unsigned int)
#define param_check_long(name, p)	__param_check(name, p, long)
#define param_check_ulong(name, p)	__param_check(name, p, unsigned long)
#define param_check_ullong(name, p)	__param_check(name, p, unsigned long long)
#define param_check_hexint(name, p)	__param_check(name, p, unsigned int)
#define param_check_charp(name, p)	__param_check(name, p, char *)
#define param_check_bool(name, p)	__param_check(name, p, bool)
#define param_check_invbool(name, p)	__param_check(name, p, bool)
#define param_check_bint(name, p)	__param_check(name, p, int)

#define __module_param_call(name, ops, arg, perm, level, flags)	\
	static const char __param_str_##name[] = #name;			\
	static const struct kernel_param __param_##name			\
	__attribute__((__used__, __section__("__param"),		\
		       __aligned__(__alignof__(struct kernel_param))))	\
	= { __param_str_##name, THIS_MODULE, ops, perm, level, flags, { arg } }

#define __MODULE_PARM_TYPE(name, _type) \
	__MODULE_INFO(parmtype, name##type, #name ":" _type)

#define MODULE_PARM_DESC(_parm, desc) \
	__MODULE_INFO(parm, _parm, #_parm ":" desc)

#define module_param_cb(name, ops, arg, perm) \
	__module_param_call(name, ops, arg, perm, -1, 0)

#define module_param_named(name, value, type, perm)			\
	param_check_##type(name, &(value))				\
	module_param_cb(name, &param_ops_##type, &(value), perm);	\
	__MODULE_PARM_TYPE(name, #type)

/* type is pasted, never passed on to another macro: <stdbool.h> makes
 * bool a macro, and an expanded _Bool names no param_ops. */
#define module_param(name, type, perm)					\
	param_check_##type(name, &(name))				\
	module_param_cb(name, &param_ops_##type, &(name), perm);	\
	__MODULE_PARM_TYPE(name, #type)

#define module_param_unsafe(name, type, perm)				\
	param_check_##type(name, &(name))				\
	__module_param_call(name, &param_ops_##type, &(name), perm, -1,	\
			    KERNEL_PARAM_FL_UNSAFE);			\
	__MODULE_PARM_TYPE(name, #type)

#define module_param_string(name, string, len, perm)			\
	static const struct kparam_string __param_string_##name	\
		= { len, string };					\
	__module_param_call(name, &param_ops_string,			\
			    (void *)&__param_string_##name, perm, -1, 0); \
	__MODULE_PARM_TYPE(name, "string")

#define module_param_array_named(name, array, type, nump, perm)		\
	param_check_##type(name, &(array)[0])				\
	static const struct kparam_array __param_arr_##name		\
	= { .max = sizeof(array) / sizeof((array)[0]), .num = nump,	\
	    .ops = &param_ops_##type,					\
	    .elemsize = sizeof((array)[0]), .elem = array };		\
	__module_param_call(name, &param_array_ops,			\
			    (void *)&__param_arr_##name, perm, -1, 0);	\
	__MODULE_PARM_TYPE(name, "array of " #type)

#define module_param_array(name, type, nump, perm)			\
	param_check_##type(name, &(name)[0])				\
	static const struct kparam_array __param_arr_##name		\
	= { .max = sizeof(name) / sizeof((name)[0]), .num = nump,	\
	    .ops = &param_ops_##type,					\
	    .elemsize = sizeof((name)[0]), .elem = name };		\
	__module_param_call(name, &param_array_ops,			\
			    (void *)&__param_arr_##name, perm, -1, 0);	\
	__MODULE_PARM_TYPE(name, "array of " #type)

/* ---- Services every umod host provides (libumod's own exports). ---- */

bool try_module_get(struct module *mod);
void module_put(struct module *mod);
const char *module_name(const struct module *mod);
/* Load a module by name or alias ("fs-vfat") from the host's modules
 * directory, with what it depends on; 0 once it is in.  See host.h.
 * Linux's request_module macros call __request_module, as here
 * request_module_nowait does: it returns at once. */
int request_module(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
int __request_module(bool wait, const char *fmt, ...)
	__attribute__((__format__(__printf__, 2, 3)));
#ifndef request_module_nowait
#define request_module_nowait(...) __request_module(false, __VA_ARGS__)
#endif

/*
 * BUG() and WARN(), as Linux 6.1 builds them on each machine: a trap
 * instruction with a __bug_table entry (file, line, flags) naming it.
 * x86 traps with ud2, arm64 with BRK #0x800, RISC-V with ebreak, arm
 * with the undefined instruction 0xe7f001f2 (Thumb: 0xde02).  The host's
 * fault handler finds the entry: BUG() oopses ("kernel BUG at
 * file:line!"), WARN() logs a warning with the registers, taints W and
 * goes on past the trap.  arm has no trapping WARN: its WARN() calls
 * warn_slowpath_fmt, as Linux's does.  The entry's pointers are relative
 * on the 64-bit machines (GENERIC_BUG_RELATIVE_POINTERS), absolute on
 * the 32-bit ones.
 */
#if defined(__i386__) || defined(__arm__)
struct bug_entry {
	unsigned long bug_addr;		/* the trap */
	const char *file;
	unsigned short line;
	unsigned short flags;
};
#else
struct bug_entry {
	signed int bug_addr_disp;	/* the trap, from this field */
	signed int file_disp;		/* __FILE__, from this field */
	unsigned short line;
	unsigned short flags;
};
#endif

#define BUGFLAG_WARNING		(1 << 0)
#define BUGFLAG_ONCE		(1 << 1)
#define BUGFLAG_DONE		(1 << 2)
#define BUGFLAG_NO_CUT_HERE	(1 << 3)
#define BUGFLAG_TAINT(taint)	((taint) << 8)
#define TAINT_WARN		9

/* The trap, then the entry: relative (64-bit) or absolute fields.  The
 * file name is in the template, as arm64 Linux's: an "i" operand cannot
 * be a string's address in position-independent code.  A bare
 * immediate is %c0, but %0 on RISC-V, whose compilers lack the c. */
#ifdef __riscv
#define __UMOD_IMM	"%"
#else
#define __UMOD_IMM	"%c"
#endif
#define __UMOD_BUG_ASM(insn, rel, flags)				\
	__asm__ __volatile__("1:\t" insn "\n"				\
		".pushsection .rodata.str1.1,\"aMS\",%%progbits,1\n"	\
		"3:\t.string \"" __FILE__ "\"\n"				\
		".popsection\n"						\
		".pushsection __bug_table,\"aw\"\n"				\
		"\t.balign 4\n"						\
		"2:\t.long 1b" rel "\n"					\
		"\t.long 3b" rel "\n"					\
		"\t.short " __UMOD_IMM "0\n"					\
		"\t.short " __UMOD_IMM "1\n"					\
		"\t.org 2b+" __UMOD_IMM "2\n"				\
		".popsection"							\
		: : "n" (__LINE__), "n" (flags), "n" (sizeof(struct bug_entry)))

#if defined(__x86_64__)
#define __UMOD_BUG_FLAGS(flags)	__UMOD_BUG_ASM("ud2", " - .", flags)
#elif defined(__i386__)
#define __UMOD_BUG_FLAGS(flags)	__UMOD_BUG_ASM("ud2", "", flags)
#elif defined(__aarch64__)
#define __UMOD_BUG_FLAGS(flags)	__UMOD_BUG_ASM("brk #0x800", " - .", flags)
#elif defined(__riscv)
#define __UMOD_BUG_FLAGS(flags)	__UMOD_BUG_ASM("ebreak", " - .", flags)
#elif defined(__arm__) && defined(__thumb__)
#define __UMOD_BUG_FLAGS(flags)	__UMOD_BUG_ASM(".inst.n 0xde02", "", flags)
#elif defined(__arm__)
#define __UMOD_BUG_FLAGS(flags)	__UMOD_BUG_ASM(".inst 0xe7f001f2", "", flags)
#else
#define __UMOD_BUG_FLAGS(flags)	__builtin_trap()
#endif

#ifdef __arm__
/* Linux's generic __WARN_printf: the report comes from the call. */
void warn_slowpath_fmt(const char *file, int line, unsigned int taint,
		       const char *fmt, ...);
#define __UMOD_WARN_ONCE(flags) ({					\
	static bool __attribute__((__section__(".data.once"))) __warned; \
	if (!((flags) & BUGFLAG_ONCE) || !__warned) {			\
		__warned = true;					\
		warn_slowpath_fmt(__FILE__, __LINE__, TAINT_WARN, NULL); \
	}								\
})
#define __WARN_FLAGS(flags)	__UMOD_WARN_ONCE(flags)
#define __WARN_printf(fmt, ...) \
	warn_slowpath_fmt(__FILE__, __LINE__, TAINT_WARN, fmt, ##__VA_ARGS__)
#endif

#ifndef __WARN_FLAGS
#define __WARN_FLAGS(flags) \
	__UMOD_BUG_FLAGS(BUGFLAG_WARNING | BUGFLAG_TAINT(TAINT_WARN) | (flags))
#endif

#define BUG() do { __UMOD_BUG_FLAGS(0); __builtin_unreachable(); } while (0)
#define BUG_ON(cond) do { if (__builtin_expect(!!(cond), 0)) BUG(); } while (0)

#define WARN_ON(cond) ({						\
	int __ret_warn_on = !!(cond);					\
	if (__builtin_expect(__ret_warn_on, 0))				\
		__WARN_FLAGS(0);					\
	__builtin_expect(__ret_warn_on, 0);				\
})

#define WARN_ON_ONCE(cond) ({						\
	int __ret_warn_on = !!(cond);					\
	if (__builtin_expect(__ret_warn_on, 0))				\
		__WARN_FLAGS(BUGFLAG_ONCE);				\
	__builtin_expect(__ret_warn_on, 0);				\
})

/* The host prints the cut line and the message (umodd does). */
void __warn_printk(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
#ifndef __WARN_printf
#define __WARN_printf(fmt, ...) do {					\
	__warn_printk(fmt, ##__VA_ARGS__);				\
	__WARN_FLAGS(BUGFLAG_NO_CUT_HERE);				\
} while (0)
#endif
#define WARN(cond, fmt, ...) ({						\
	int __ret_warn_on = !!(cond);					\
	if (__builtin_expect(__ret_warn_on, 0))				\
		__WARN_printf(fmt, ##__VA_ARGS__);			\
	__builtin_expect(__ret_warn_on, 0);				\
})

/* The task line and the call trace, into the host's log, and on. */
void dump_stack(void);

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"

/* printk goes to the host's log; a host may export its own to replace it. */
int printk(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* UMOD_MODULE_H */
