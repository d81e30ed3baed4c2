// SPDX-License-Identifier: MIT
/*
 * builtins.c - what every host exports without asking: the parameter ops
 * module_param expands to, reference counting, printk and Linux's
 * sprintf family (printk.c, vsprintf.c), and the few libc functions
 * compilers call on their own (memcpy for a struct copy, say).
 * A host's own export of the same name takes precedence.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"

/*
 * libc assumes a 16-byte-aligned stack, module code keeps 8: module code
 * reaches libc through these, built to realign (UMOD_KABI_CFLAGS).
 */
extern void __stack_chk_fail(void) __attribute__((noreturn));

static void *k_memcpy(void *d, const void *s, size_t n) { return memcpy(d, s, n); }
static void *k_memmove(void *d, const void *s, size_t n) { return memmove(d, s, n); }
static void *k_memset(void *s, int c, size_t n) { return memset(s, c, n); }
static int k_memcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }
static void k_stack_chk_fail(void) { __stack_chk_fail(); }
#if !defined(__x86_64__) && !defined(__i386__)
/* arm, arm64 and RISC-V code reads its canary from a global, not
 * %fs/%gs: libc's, as Linux exports its own. */
extern uintptr_t __stack_chk_guard;
#endif

#define SYM(s) { #s, (const void *)&(s) }
#define PARAM(t) SYM(param_ops_##t), SYM(param_set_##t), SYM(param_get_##t)

const struct umod_symbol umod_builtin_symbols[] = {
	PARAM(byte), PARAM(short), PARAM(ushort), PARAM(int), PARAM(uint),
	PARAM(long), PARAM(ulong), PARAM(ullong), PARAM(hexint), PARAM(charp),
	PARAM(bool), PARAM(invbool), PARAM(bint), PARAM(string),
	SYM(param_array_ops), SYM(param_set_copystring), SYM(param_free_charp),
	SYM(kernel_param_lock), SYM(kernel_param_unlock),
	SYM(try_module_get), SYM(module_put), SYM(module_name),
	SYM(request_module), SYM(__request_module),
	{ "printk", (const void *)umod_printk },
	{ "_printk", (const void *)umod_printk },	/* its name since 5.15 */
	{ "vprintk", (const void *)umod_vprintk },
	{ "__warn_printk", (const void *)umod_warn_printk },
	{ "warn_slowpath_fmt", (const void *)umod_warn_slowpath_fmt },
	{ "panic", (const void *)umod_panic },
	{ "dump_stack", (const void *)umod_dump_stack },
	{ "dump_stack_lvl", (const void *)umod_dump_stack_lvl },
	{ "vsnprintf", (const void *)umod_vsnprintf },
	{ "snprintf", (const void *)umod_snprintf },
	{ "vscnprintf", (const void *)umod_vscnprintf },
	{ "scnprintf", (const void *)umod_scnprintf },
	{ "vsprintf", (const void *)umod_vsprintf },
	{ "sprintf", (const void *)umod_sprintf },
	{ "memcpy", (const void *)k_memcpy }, { "memmove", (const void *)k_memmove },
	{ "memset", (const void *)k_memset }, { "memcmp", (const void *)k_memcmp },
	{ "__stack_chk_fail", (const void *)k_stack_chk_fail },
#if !defined(__x86_64__) && !defined(__i386__)
	SYM(__stack_chk_guard),
#endif
#ifdef __i386__
	/* i386 PIC code calls the canary's failure through a local alias. */
	{ "__stack_chk_fail_local", (const void *)k_stack_chk_fail },
#endif
};
const size_t umod_num_builtin_symbols =
	sizeof(umod_builtin_symbols) / sizeof(umod_builtin_symbols[0]);

const struct umod_symbol *umod_builtin_exports(size_t *n)
{
	*n = umod_num_builtin_symbols;
	return umod_builtin_symbols;
}

bool is_builtin(const char *name, const void *addr)
{
	for (size_t i = 0; i < umod_num_builtin_symbols; i++)
		if (umod_builtin_symbols[i].addr == addr &&
		    !strcmp(umod_builtin_symbols[i].name, name))
			return true;
	return false;
}
