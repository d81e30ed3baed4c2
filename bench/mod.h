/* SPDX-License-Identifier: MIT */
/*
 * mod.h - what every benchmark module carries: the .modinfo that modpost
 * would add, and, for the shared-object twin of a module that dlopen
 * loads, exports left to the dynamic symbol table (BENCH_SHARED).
 */
#ifndef UMOD_BENCH_MOD_H
#define UMOD_BENCH_MOD_H

#include <umod/module.h>
#include <umod/host.h>		/* UMOD_VERMAGIC */

#define BENCH_MODULE(n)				\
	MODULE_INFO(name, n);			\
	MODULE_INFO(vermagic, UMOD_VERMAGIC);	\
	MODULE_LICENSE("GPL")

#ifdef BENCH_SHARED
/* A __ksymtab entry is PC-relative to a preemptible symbol, which a shared
 * object cannot hold; dlsym finds the export in .dynsym instead. */
#undef EXPORT_SYMBOL
#define EXPORT_SYMBOL(sym) extern __typeof__(sym) sym
#endif

#endif /* UMOD_BENCH_MOD_H */
