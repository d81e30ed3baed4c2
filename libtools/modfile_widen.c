// SPDX-License-Identifier: MIT
/*
 * modfile_widen.c - a module of another class or byte order as a
 * little-endian image of the host's class (ELF64 on 64-bit hosts, ELF32
 * on 32-bit ones), so one checked reader (src/elf.c) serves the modules
 * of every architecture kmod reads.
 *
 * Headers and the symbol table are converted; other sections are copied
 * as they are (strings need nothing, and the readers of __versions and
 * CRC sections take the file's class and byte order from the modfile).
 * Relocations are left out: the tools never apply them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "umod-tools.h"

struct foreign {
	const unsigned char *p;
	size_t size;
	bool elf32, msb;
};

static uint64_t get(const struct foreign *f, size_t off, unsigned int len)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < len; i++)
		v = f->msb ? v << 8 | f->p[off + i] : v | (uint64_t)f->p[off + i] << (8 * i);
	return v;
}

/* A field of the header, section header or symbol at off: its offset and
 * size in ELF32 and in ELF64. */
#define FIELD(f, off, type, field) \
	((f)->elf32 ? get(f, (off) + offsetof(Elf32_##type, field),		\
			  sizeof(((Elf32_##type *)0)->field)) :			\
		      get(f, (off) + offsetof(Elf64_##type, field),		\
			  sizeof(((Elf64_##type *)0)->field)))

static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -ENOEXEC;
}

static bool in_file(const struct foreign *f, uint64_t off, uint64_t len)
{
	return off <= f->size && len <= f->size - off;
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static void read_shdr(const struct foreign *f, size_t off, Elf64_Shdr *s)
{
	s->sh_name = FIELD(f, off, Shdr, sh_name);
	s->sh_type = FIELD(f, off, Shdr, sh_type);
	s->sh_flags = FIELD(f, off, Shdr, sh_flags);
	s->sh_addr = FIELD(f, off, Shdr, sh_addr);
	s->sh_offset = FIELD(f, off, Shdr, sh_offset);
	s->sh_size = FIELD(f, off, Shdr, sh_size);
	s->sh_link = FIELD(f, off, Shdr, sh_link);
	s->sh_info = FIELD(f, off, Shdr, sh_info);
	s->sh_addralign = FIELD(f, off, Shdr, sh_addralign);
	s->sh_entsize = FIELD(f, off, Shdr, sh_entsize);
}

static void read_sym(const struct foreign *f, size_t off, Elf64_Sym *s)
{
	s->st_name = FIELD(f, off, Sym, st_name);
	s->st_info = FIELD(f, off, Sym, st_info);
	s->st_other = FIELD(f, off, Sym, st_other);
	s->st_shndx = FIELD(f, off, Sym, st_shndx);
	s->st_value = FIELD(f, off, Sym, st_value);
	s->st_size = FIELD(f, off, Sym, st_size);
}

/* The new size of section s's contents: symbols change size, relocations go. */
static size_t widened_size(const struct foreign *f, const Elf64_Shdr *s)
{
	size_t symsize = f->elf32 ? sizeof(Elf32_Sym) : sizeof(Elf64_Sym);

	switch (s->sh_type) {
	case SHT_NULL:
	case SHT_NOBITS:
	case SHT_REL:
	case SHT_RELA:
		return 0;
	case SHT_SYMTAB:
		return s->sh_size / symsize * sizeof(ElfW(Sym));
	default:
		return s->sh_size;
	}
}

static void widen_section(const struct foreign *f, const Elf64_Shdr *in,
			  ElfW(Shdr) *out, unsigned char *dst)
{
	size_t symsize = f->elf32 ? sizeof(Elf32_Sym) : sizeof(Elf64_Sym);

	*out = (ElfW(Shdr)){
		.sh_name = in->sh_name, .sh_type = in->sh_type,
		.sh_flags = in->sh_flags, .sh_addr = in->sh_addr,
		.sh_link = in->sh_link, .sh_info = in->sh_info,
		.sh_addralign = in->sh_addralign, .sh_entsize = in->sh_entsize,
	};
	if (in->sh_type == SHT_REL || in->sh_type == SHT_RELA) {
		out->sh_type = SHT_PROGBITS;	/* kept for its name only */
		out->sh_link = out->sh_info = 0;
		out->sh_entsize = 0;
	}
	out->sh_size = widened_size(f, in);
	if (in->sh_type == SHT_NOBITS)
		out->sh_size = in->sh_size;
	if (in->sh_type != SHT_SYMTAB) {
		if (out->sh_size && in->sh_type != SHT_NOBITS)
			memcpy(dst, f->p + in->sh_offset, out->sh_size);
		return;
	}
	out->sh_entsize = sizeof(ElfW(Sym));
	for (size_t i = 0; i < in->sh_size / symsize; i++) {
		Elf64_Sym sym;
		ElfW(Sym) native;

		read_sym(f, in->sh_offset + i * symsize, &sym);
		native = (ElfW(Sym)){
			.st_name = sym.st_name, .st_info = sym.st_info,
			.st_other = sym.st_other, .st_shndx = sym.st_shndx,
			.st_value = sym.st_value, .st_size = sym.st_size,
		};
		memcpy(dst + i * sizeof(native), &native, sizeof(native));
	}
}

int modfile_widen(struct modfile *mf, char *err, size_t errlen)
{
	struct foreign f = { mf->data, mf->size, mf->data[EI_CLASS] == ELFCLASS32,
			     mf->data[EI_DATA] == ELFDATA2MSB };
	size_t ehsize = f.elf32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
	size_t shentsize = f.elf32 ? sizeof(Elf32_Shdr) : sizeof(Elf64_Shdr);
	Elf64_Shdr *in = NULL;
	ElfW(Shdr) *out;
	ElfW(Ehdr) eh;
	uint64_t shoff;
	size_t shnum, total;
	unsigned char *img;

	if (mf->size < ehsize)
		return bad(err, errlen, "ELF header truncated");
	shoff = FIELD(&f, 0, Ehdr, e_shoff);
	shnum = FIELD(&f, 0, Ehdr, e_shnum);
	if (FIELD(&f, 0, Ehdr, e_shentsize) != shentsize)
		return bad(err, errlen, "section header size %u, expected %zu",
			   (unsigned int)FIELD(&f, 0, Ehdr, e_shentsize), shentsize);
	if (!shnum || !in_file(&f, shoff, (uint64_t)shnum * shentsize))
		return bad(err, errlen, "section headers extend past end of file");
	in = calloc(shnum, sizeof(*in));
	if (!in)
		return -ENOMEM;
	total = align8(sizeof(ElfW(Ehdr)));
	for (size_t i = 0; i < shnum; i++) {
		read_shdr(&f, shoff + i * shentsize, &in[i]);
		if (in[i].sh_type != SHT_NOBITS && in[i].sh_type != SHT_NULL &&
		    !in_file(&f, in[i].sh_offset, in[i].sh_size)) {
			free(in);
			return bad(err, errlen, "section %zu extends past end of file", i);
		}
		total += align8(widened_size(&f, &in[i]));
	}
	img = calloc(1, total + shnum * sizeof(ElfW(Shdr)));
	if (!img) {
		free(in);
		return -ENOMEM;
	}

	memcpy(eh.e_ident, mf->data, EI_NIDENT);
	eh.e_ident[EI_CLASS] = UMOD_ELF_CLASS;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_type = FIELD(&f, 0, Ehdr, e_type);
	eh.e_machine = FIELD(&f, 0, Ehdr, e_machine);
	eh.e_version = FIELD(&f, 0, Ehdr, e_version);
	eh.e_entry = eh.e_phoff = 0;
	eh.e_flags = FIELD(&f, 0, Ehdr, e_flags);
	eh.e_ehsize = sizeof(ElfW(Ehdr));
	eh.e_phentsize = eh.e_phnum = 0;
	eh.e_shentsize = sizeof(ElfW(Shdr));
	eh.e_shnum = shnum;
	eh.e_shstrndx = FIELD(&f, 0, Ehdr, e_shstrndx);
	eh.e_shoff = total;
	memcpy(img, &eh, sizeof(eh));

	out = (ElfW(Shdr) *)(img + total);
	total = align8(sizeof(ElfW(Ehdr)));
	for (size_t i = 0; i < shnum; i++) {
		widen_section(&f, &in[i], &out[i], img + total);
		out[i].sh_offset = total;
		if (in[i].sh_type != SHT_NOBITS)
			total += align8(out[i].sh_size);
	}
	free(in);
	mf->image = img;
	mf->image_size = eh.e_shoff + shnum * sizeof(ElfW(Shdr));
	mf->elf32 = f.elf32;
	mf->msb = f.msb;
	return 0;
}
