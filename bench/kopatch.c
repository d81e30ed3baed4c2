// SPDX-License-Identifier: MIT
/*
 * kopatch.c - rename strings in a compiled module template.
 *
 * The templates are our own gcc output, built by make moments before, so
 * the checks here are the ones that catch a wrong file, not an attack.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "kopatch.h"

static const Elf64_Shdr *section_headers(const unsigned char *image, size_t len,
					 unsigned int *n)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_REL ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff > len || (len - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum ||
	    eh->e_shstrndx >= eh->e_shnum)
		bench_die("module template is not a 64-bit relocatable ELF object");
	*n = eh->e_shnum;
	return (const Elf64_Shdr *)(image + eh->e_shoff);
}

static const char *section_name(const unsigned char *image,
				const Elf64_Shdr *sh, unsigned int i)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;

	return (const char *)image + sh[eh->e_shstrndx].sh_offset + sh[i].sh_name;
}

/* The symbol string table and the two string sections modules carry. */
static bool is_name_table(const unsigned char *image, const Elf64_Shdr *sh,
			  unsigned int i)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;
	const char *name = section_name(image, sh, i);

	if (sh[i].sh_type == SHT_STRTAB)
		return i != eh->e_shstrndx;
	return !strcmp(name, ".modinfo") || !strcmp(name, "__ksymtab_strings");
}

size_t ko_rename(unsigned char *image, size_t len, const char *from,
		 const char *to)
{
	size_t flen = strlen(from), count = 0;
	unsigned int n;
	const Elf64_Shdr *sh = section_headers(image, len, &n);

	if (strlen(to) != flen)
		bench_die("ko_rename: '%s' and '%s' differ in length", from, to);
	for (unsigned int i = 1; i < n; i++) {
		unsigned char *p, *end;

		if (!is_name_table(image, sh, i) || sh[i].sh_offset + sh[i].sh_size > len)
			continue;
		p = image + sh[i].sh_offset;
		end = p + sh[i].sh_size;
		while ((p = memmem(p, (size_t)(end - p), from, flen))) {
			memcpy(p, to, flen);
			p += flen;
			count++;
		}
	}
	return count;
}

static const Elf64_Shdr *find_symtab(const unsigned char *image, size_t len,
				     const Elf64_Shdr **strtab)
{
	unsigned int n;
	const Elf64_Shdr *sh = section_headers(image, len, &n);

	for (unsigned int i = 1; i < n; i++)
		if (sh[i].sh_type == SHT_SYMTAB && sh[i].sh_link < n) {
			*strtab = &sh[sh[i].sh_link];
			return &sh[i];
		}
	bench_die("module template has no symbol table");
}

size_t ko_import_slots(const unsigned char *image, size_t len,
		       const char *prefix, size_t *slots, size_t nslots)
{
	const Elf64_Shdr *strtab, *symtab = find_symtab(image, len, &strtab);
	const Elf64_Sym *sym = (const Elf64_Sym *)(image + symtab->sh_offset);
	size_t nsyms = symtab->sh_size / sizeof(*sym), plen = strlen(prefix), found = 0;

	memset(slots, 0, nslots * sizeof(*slots));
	for (size_t i = 1; i < nsyms; i++) {
		const char *name = (const char *)image + strtab->sh_offset + sym[i].st_name;
		char *end;
		unsigned long idx;

		if (sym[i].st_shndx != SHN_UNDEF || strncmp(name, prefix, plen))
			continue;
		idx = strtoul(name + plen, &end, 10);
		if (*end || idx >= nslots)
			continue;
		slots[idx] = (size_t)((const unsigned char *)name - image);
		found++;
	}
	return found;
}

size_t ko_count_relocs(const unsigned char *image, size_t len)
{
	unsigned int n;
	const Elf64_Shdr *sh = section_headers(image, len, &n);
	size_t count = 0;

	for (unsigned int i = 1; i < n; i++)
		if (sh[i].sh_type == SHT_RELA && sh[i].sh_info < n &&
		    (sh[sh[i].sh_info].sh_flags & SHF_ALLOC))
			count += sh[i].sh_size / sizeof(Elf64_Rela);
	return count;
}

size_t ko_alloc_bytes(const unsigned char *image, size_t len)
{
	unsigned int n;
	const Elf64_Shdr *sh = section_headers(image, len, &n);
	size_t bytes = 0;

	for (unsigned int i = 1; i < n; i++)
		if ((sh[i].sh_flags & SHF_ALLOC) && sh[i].sh_type != SHT_NOBITS &&
		    strcmp(section_name(image, sh, i), ".modinfo"))
			bytes += sh[i].sh_size;
	return bytes;
}
