// SPDX-License-Identifier: MIT
/*
 * fuzz/elf.c - the ELF reader (shared/elf.c) over any bytes.
 *
 * What umod_elf_parse accepts, its readers then index without further
 * checks: every section's bytes, names, links, every symbol's name and
 * section, every relocation's symbol and place.  Read all of it, in a
 * buffer exactly the input's size, so AddressSanitizer sees any byte
 * past the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"

static volatile size_t sink;

static int count_entry(const char *key, size_t keylen, const char *value,
		       void *arg)
{
	*(size_t *)arg += keylen + strlen(value);
	return 0;
}

static void read_relocations(const struct umod_elf *e, unsigned int i)
{
	const Elf64_Shdr *s = &e->shdrs[i];
	const Elf64_Rela *r = (const Elf64_Rela *)(e->data + s->sh_offset);
	const Elf64_Shdr *target = &e->shdrs[s->sh_info];
	size_t n = s->sh_size / sizeof(*r);

	for (size_t k = 0; k < n; k++) {
		const Elf64_Sym *sym = &e->syms[ELF64_R_SYM(r[k].r_info)];

		sink += strlen(umod_elf_sym_name(e, sym));
		if (target->sh_type != SHT_NOBITS && target->sh_type != SHT_NULL)
			sink += e->data[target->sh_offset + r[k].r_offset];
	}
}

static void read_all(const struct umod_elf *e)
{
	size_t n = 0, size;

	for (unsigned int i = 0; i < e->shnum; i++) {
		const char *name = umod_elf_section_name(e, i);
		const unsigned char *p = umod_elf_section_data(e, i, &size);

		n += strlen(name) + e->shdrs[e->shdrs[i].sh_link].sh_type;
		if (p && size)
			n += p[0] + p[size - 1];
		if (p && !strcmp(name, ".modinfo"))
			umod_modinfo_walk((const char *)p, size, count_entry, &n);
		if (i && e->shdrs[i].sh_type == SHT_RELA && e->symtab &&
		    e->ehdr->e_type == ET_REL)
			read_relocations(e, i);
		if (i && umod_elf_find_section(e, name) > i)
			abort();	/* find gives the first of a name */
	}
	for (size_t i = 0; i < e->nsyms; i++) {
		const Elf64_Sym *sym = &e->syms[i];

		n += strlen(umod_elf_sym_name(e, sym));
		if (sym->st_shndx < SHN_LORESERVE)
			n += e->shdrs[sym->st_shndx].sh_type;
	}
	sink += n;
}

static void parse(const unsigned char *image, size_t len, unsigned int flags)
{
	struct umod_elf e;
	char err[256];

	err[0] = '\0';
	if (!umod_elf_parse(&e, image, len, flags, err, sizeof(err)))
		read_all(&e);
	else if (!err[0])
		abort();	/* a refusal always says why */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An aligned private copy, as the loader and the tools read. */
	unsigned char *image = malloc(size ? size : 1);
	struct umod_sig_view sig;
	size_t len;

	if (!image)
		return 0;
	memcpy(image, data, size);
	len = umod_elf_strip_signature(image, size, &sig);
	if (len > size)
		abort();
	if (len < size)
		sink += sig.desc->hash + (sig.blob_len ? sig.blob[sig.blob_len - 1] : 0);
	parse(image, len, UMOD_ELF_RELOCATABLE);
	parse(image, len, UMOD_ELF_RELOCATABLE | UMOD_ELF_ANY_MACHINE);
	parse(image, len, UMOD_ELF_ANY_MACHINE);
	free(image);
	return 0;
}
