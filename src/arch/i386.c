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
#include <asm/ldt.h>
#include <sys/syscall.h>
#include <unistd.h>

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

static bool is_tls(unsigned int type)
{
	return (type >= R_386_TLS_TPOFF && type <= R_386_TLS_LDM) ||
	       (type >= R_386_TLS_GD_32 && type <= R_386_TLS_TPOFF32) ||
	       (type >= R_386_TLS_GOTDESC && type <= R_386_TLS_DESC);
}

/* The word relocation r puts in its place, which holds its addend. */
static int relocate(struct load_info *info, const struct arch_reloc *r, uint32_t *word)
{
	struct arch_slots *s = &info->arch->slots;
	uint32_t S = (uint32_t)r->S;
	uint32_t A = *word, P = (uint32_t)(uintptr_t)r->loc;
	uint32_t GOT = (uint32_t)(uintptr_t)s->got;

	switch (r->type) {
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
		*word = (uint32_t)slots_got(s, r->sym, S) - GOT + A;
		return 0;
	default:
		return -ENOEXEC;
	}
}

static int apply_one(struct load_info *info, const struct arch_reloc *r)
{
	uint32_t word;

	if (r->type == R_386_NONE)
		return 0;
	if (r->room < 4)
		return reloc_past_end(info, r);
	word = get32(r->loc);
	if (relocate(info, r, &word))
		return reloc_unsupported(info, r, is_tls(r->type));
	put32(r->loc, word);
	return 0;
}

SLOT_WALKS(classify, apply_one)

const struct slot_ops arch_slot_ops = {
	.got_size = 4, .stub_size = 0, .stub_kinds = 1,
	.count_section = count_section, .write_got = write_got,
	.apply_section = apply_section,
};

int arch_reloc_data(unsigned int type, unsigned char *loc, size_t room,
		    uint64_t S, int64_t A, uint64_t P)
{
	switch (type) {
	case R_386_NONE:
		return 0;
	case R_386_32:
	case R_386_PC32:
		return rel_reloc_data32(loc, room, S, A, P, type == R_386_PC32);
	default:
		return -ENOEXEC;
	}
}

/*
 * i386 Linux keeps its per-CPU offset in FS, and module code reads
 * per-CPU variables and current %fs-relative.  libc's thread pointer is
 * GS: FS is ours, a TLS descriptor (set_thread_area) based at the area.
 * As libc does for GS, every thread uses the entry the first one got:
 * the kernel keeps one per thread, and qemu-user's one GDT has no room
 * for an entry per thread.
 */
static int fs_entry = -1;

int arch_set_percpu_base(void *base)
{
	struct user_desc d = {
		.entry_number = (unsigned int)__atomic_load_n(&fs_entry, __ATOMIC_RELAXED),
		.base_addr = (unsigned int)(uintptr_t)base,
		.limit = 0xfffff, .seg_32bit = 1, .limit_in_pages = 1, .useable = 1,
	};
	unsigned short sel = 0;

	if (base) {
		if (syscall(SYS_set_thread_area, &d))
			return -errno;
		__atomic_store_n(&fs_entry, (int)d.entry_number, __ATOMIC_RELAXED);
		sel = (unsigned short)(d.entry_number << 3 | 3);	/* GDT, ring 3 */
	}
	__asm__ volatile("mov %0, %%fs" : : "r" (sel));
	return 0;
}
