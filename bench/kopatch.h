/* SPDX-License-Identifier: MIT */
/*
 * kopatch.h - many modules from one compiled template.
 *
 * Compiling ten thousand modules would take longer than loading them a
 * hundred times over, so the benchmarks compile a template once with gcc
 * and rename its strings: names of the same length leave every offset,
 * size and relocation of the object as it was, so each copy is the
 * genuine compiler output under another name.  Only string tables change:
 * .strtab, __ksymtab_strings and .modinfo.
 */
#ifndef UMOD_BENCH_KOPATCH_H
#define UMOD_BENCH_KOPATCH_H

#include <stddef.h>

/* Replace every occurrence of from by to (the same length) in the
 * template's string tables; returns how many were replaced. */
size_t ko_rename(unsigned char *image, size_t len, const char *from,
		 const char *to);

/*
 * The undefined symbols named prefix followed by a decimal index: where
 * each name sits in the image, by index (0 where absent), so a copy's
 * imports can be pointed anywhere with a memcpy.  Returns the number found.
 */
size_t ko_import_slots(const unsigned char *image, size_t len,
		       const char *prefix, size_t *slots, size_t nslots);

/* Relocation entries against allocated sections: what the loader applies. */
size_t ko_count_relocs(const unsigned char *image, size_t len);
/* Bytes of allocated sections with contents: what the loader copies. */
size_t ko_alloc_bytes(const unsigned char *image, size_t len);

#endif /* UMOD_BENCH_KOPATCH_H */
