// SPDX-License-Identifier: MIT
/*
 * i386.c - i386 relocations, after Linux's arch/x86/kernel/module.c
 * (32-bit apply_relocate: SHT_REL, the addend in the place): R_386_32,
 * PC32 and PLT32, what -fno-pic module code has, and the GOT forms of
 * gcc's and clang's PIE objects (GOTPC, GOTOFF, GOT32, GOT32X), which
 * Linux never sees.
 *
 * A 32-bit displacement reaches the whole address space, so calls need
 * no stubs; a GOT load goes through a slot in the module's rodata, and
 * that area's start is the GOT base GOTPC and GOTOFF compute against.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../arch.h"
#include "../internal.h"
#include "slots.h"

unsigned int arch_elf_machine(void)
{
	return EM_386;
}

static bool uses_got(unsigned int type)
{
	return type == R_386_GOT32 || type == R_386_GOT32X ||
	       type == R_386_GOTPC || type == R_386_GOTOFF;
}

/* GOTPC and GOTOFF need only the base: their symbol's slot provides it. */
static void classify(struct load_info *info, const struct slot_reloc *r,
		     struct slot_need *need)
{
	need->got = uses_got(r->type);
}

static void write_got(unsigned char *slot, uintptr_t value)
{
	memcpy(slot, &(uint32_t){ (uint32_t)value }, 4);
}

const struct slot_ops arch_slot_ops = {
	.got_size = 4, .stub_size = 0, .stub_kinds = 1,
	.classify = classify, .write_got = write_got,
};


static bool is_tls(unsigned int type)
{
	return (type >= R_386_TLS_TPOFF && type <= R_386_TLS_LDM) ||
	       (type >= R_386_TLS_GD_32 && type <= R_386_TLS_TPOFF32) ||
	       (type >= R_386_TLS_GOTDESC && type <= R_386_TLS_DESC);
}

/* The word relocation r puts at place P, which holds its addend. */
static int relocate(struct load_info *info, const ElfW(Rel) *r, uint32_t P,
		    uint32_t *word)
{
	struct arch_slots *s = &info->arch->slots;
	size_t symidx = ELFW(R_SYM)(r->r_info);
	uint32_t S = info->syms[symidx].st_value;
	uint32_t A = *word, GOT = (uint32_t)(uintptr_t)s->got;

	switch (ELFW(R_TYPE)(r->r_info)) {
	case R_386_NONE:
		return 0;
	case R_386_32:
		*word = S + A;
		return 0;
	case R_386_PC32:
	case R_386_PLT32:
		*word = S + A - P;
		return 0;
	case R_386_GOTPC:
		*word = GOT + A - P;
		return 0;
	case R_386_GOTOFF:
		*word = S + A - GOT;
		return 0;
	case R_386_GOT32:
	case R_386_GOT32X:
		*word = (uint32_t)slots_got(s, symidx, S) - GOT + A;
		return 0;
	default:
		return -ENOEXEC;
	}
}

int arch_apply_relocate(struct load_info *info, unsigned int relsec)
{
	const ElfW(Shdr) *rs = &info->sechdrs[relsec];
	const ElfW(Shdr) *target = &info->sechdrs[rs->sh_info];
	const char *secname = umod_elf_section_name(&info->elf, relsec);
	const ElfW(Rel) *r = (const ElfW(Rel) *)(info->image + rs->sh_offset);
	size_t n = rs->sh_size / sizeof(*r);

	if (target->sh_type == SHT_NOBITS && n)
		return umod_fail(info->ctx, info->name, -ENOEXEC,
				 "relocations against %s, which has no bits",
				 umod_elf_section_name(&info->elf, rs->sh_info));
	for (size_t k = 0; k < n; k++) {
		unsigned char *loc = (unsigned char *)target->sh_addr + r[k].r_offset;
		unsigned int type = ELFW(R_TYPE)(r[k].r_info);
		uint32_t word;

		if (type != R_386_NONE && target->sh_size - r[k].r_offset < 4)
			return umod_fail(info->ctx, info->name, -ENOEXEC,
					 "relocation at offset %#llx runs past the end of its section in %s",
					 (unsigned long long)r[k].r_offset, secname);
		if (type == R_386_NONE)
			continue;
		memcpy(&word, loc, 4);	/* the place may be unaligned */
		if (relocate(info, &r[k], (uint32_t)(uintptr_t)loc, &word))
			return umod_fail(info->ctx, info->name, -ENOEXEC,
					 "relocation type %u%s not supported in %s", type,
					 is_tls(type) ? " (thread-local storage)" : "", secname);
		memcpy(loc, &word, 4);
	}
	return 0;
}

int arch_apply_relocate_add(struct load_info *info, unsigned int relsec)
{
	return umod_fail(info->ctx, info->name, -ENOEXEC,
			 "RELA relocation unsupported in %s",
			 umod_elf_section_name(&info->elf, relsec));
}

int arch_reloc_data(unsigned int type, unsigned char *loc, size_t room,
		    uint64_t S, int64_t A, uint64_t P)
{
	uint32_t v;

	switch (type) {
	case R_386_NONE:
		return 0;
	case R_386_32:
	case R_386_PC32:
		if (room < 4)
			return -ENOEXEC;
		v = (uint32_t)(S + (uint64_t)A - (type == R_386_PC32 ? P : 0));
		memcpy(loc, &v, 4);
		return 4;
	default:
		return -ENOEXEC;
	}
}

/* i386 Linux keeps its per-CPU offset in FS; user space's FS and GS
 * belong to libc (GS is the thread pointer, and the stack canary is at
 * %gs:0x14, which module code compiled for user space reads as it is). */
int arch_set_percpu_base(void *base)
{
	(void)base;
	return 0;
}
