/* SPDX-License-Identifier: MIT */
/*
 * umod/export.h - EXPORT_SYMBOL, shared by hosts and modules.
 *
 * An export is a `struct kernel_symbol` in section __ksymtab (or
 * __ksymtab_gpl), laid out exactly as Linux does with
 * CONFIG_HAVE_ARCH_PREL32_RELOCATIONS: three 32-bit offsets, each relative
 * to its own field, to the symbol, its name and its namespace.  Position
 * relative entries need no run-time relocation in a host executable and are
 * what genuine Linux modules carry, so one reader serves both.
 */
#ifndef UMOD_EXPORT_H
#define UMOD_EXPORT_H

struct kernel_symbol {
	int value_offset;
	int name_offset;
	int namespace_offset;
};

#define __UMOD_STR(x) #x
#define __UMOD_XSTR(x) __UMOD_STR(x)

/*
 * The whole entry is written in assembly, as Linux 5.x did, so the labels
 * __kstrtab_<sym> and __ksymtab_<sym> keep their names in the object's
 * symbol table: modpost finds exports by the __ksymtab_ prefix.
 */
#define __UMOD_KSYMTAB(sym, sec, ns)					\
	extern __typeof__(sym) sym;					\
	__asm__("	.section \"__ksymtab_strings\",\"aMS\",%progbits,1\n" \
		"__kstrtab_" #sym ":\n"					\
		"	.asciz \"" #sym "\"\n"				\
		"__kstrtabns_" #sym ":\n"				\
		"	.asciz \"" ns "\"\n"				\
		"	.previous\n"					\
		"	.section \"" sec "\",\"a\"\n"			\
		"	.balign 4\n"					\
		"__ksymtab_" #sym ":\n"					\
		"	.long " #sym " - .\n"				\
		"	.long __kstrtab_" #sym " - .\n"			\
		"	.long __kstrtabns_" #sym " - .\n"		\
		"	.previous\n")

/* genksyms (mk/genksyms.c) reads the unit preprocessed with __GENKSYMS__
 * and versions each symbol so marked, as Linux's genksyms does. */
#ifdef __GENKSYMS__
#undef __UMOD_KSYMTAB
#define __UMOD_KSYMTAB(sym, sec, ns)	__GENKSYMS_EXPORT_SYMBOL(sym);
#endif

#define EXPORT_SYMBOL(sym)		__UMOD_KSYMTAB(sym, "__ksymtab", "")
#define EXPORT_SYMBOL_GPL(sym)		__UMOD_KSYMTAB(sym, "__ksymtab_gpl", "")
#define EXPORT_SYMBOL_NS(sym, ns)	__UMOD_KSYMTAB(sym, "__ksymtab", #ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	__UMOD_KSYMTAB(sym, "__ksymtab_gpl", #ns)

#endif /* UMOD_EXPORT_H */
