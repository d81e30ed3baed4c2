// SPDX-License-Identifier: MIT
/*
 * x86_64.c - x86-64 relocations, for PIE objects (gcc's default), non-PIE
 * objects, and the kernel code model (-mcmodel=kernel -fno-pic).
 *
 * Modules sit within 2 GiB of the host executable, so 32-bit displacements
 * to the host's own code and data reach.  libc and other shared objects are
 * farther: a call there goes through a stub (jmp *0(%rip), the target
 * beside it), and a GOTPCREL load through a GOT slot, both inside the
 * module.  Slots and stubs are counted before layout, one per symbol, as
 * arm64 Linux counts its PLT entries (slots.c).  The per-CPU register is
 * GS, as in the kernel.
 */
#include <asm/prctl.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../arch.h"
#include "../internal.h"
#include "slots.h"

/* ff 25 00 00 00 00: jmp *0(%rip); the target; int3 padding */
#define STUB_SIZE 16

unsigned int arch_elf_machine(void)
{
	return EM_X86_64;
}

static const char *const type_names[] = {
	[R_X86_64_NONE] = "R_X86_64_NONE",	[R_X86_64_64] = "R_X86_64_64",
	[R_X86_64_PC32] = "R_X86_64_PC32",	[R_X86_64_PLT32] = "R_X86_64_PLT32",
	[R_X86_64_GOTPCREL] = "R_X86_64_GOTPCREL", [R_X86_64_32] = "R_X86_64_32",
	[R_X86_64_32S] = "R_X86_64_32S",	[R_X86_64_PC64] = "R_X86_64_PC64",
	[R_X86_64_SIZE32] = "R_X86_64_SIZE32",	[R_X86_64_SIZE64] = "R_X86_64_SIZE64",
	[R_X86_64_GOTPCRELX] = "R_X86_64_GOTPCRELX",
	[R_X86_64_REX_GOTPCRELX] = "R_X86_64_REX_GOTPCRELX",
};

static bool is_got_type(unsigned int type)
{
	return type == R_X86_64_GOTPCREL || type == R_X86_64_GOTPCRELX ||
	       type == R_X86_64_REX_GOTPCRELX;
}

/* A branch may need a stub when its target is outside the module. */
static bool is_branch_type(unsigned int type)
{
	return type == R_X86_64_PLT32 || type == R_X86_64_PC32;
}

/* What a relocation needs: a GOT slot for a GOT load, a stub for a
 * branch, which only a branch to an import keeps (sym_marks: the symbol
 * is looked at once, not per relocation); absolute 32-bit ones need the
 * low 2 GiB. */
static void classify(struct load_info *info, const struct slot_reloc *r,
		     struct slot_need *need)
{
	if (r->type == R_X86_64_32 || r->type == R_X86_64_32S)
		info->needs_low = true;
	need->got = is_got_type(r->type);
	if (is_branch_type(r->type))
		need->stub = 0;
}

static unsigned int sym_marks(struct load_info *info, size_t sym, unsigned int marks)
{
	return info->elf.syms[sym].st_shndx == SHN_UNDEF ? marks : marks & ~SLOT_STUB;
}

static void write_got(unsigned char *slot, uintptr_t value)
{
	memcpy(slot, &(uint64_t){ value }, 8);
}

static void write_stub(unsigned char *stub, unsigned int kind, uintptr_t target)
{
	static const unsigned char jmp[6] = { 0xff, 0x25, 0, 0, 0, 0 };

	memcpy(stub, jmp, sizeof(jmp));
	memcpy(stub + 6, &(uint64_t){ target }, 8);
	stub[14] = stub[15] = 0xcc;
}

static uint64_t *got_slot(struct arch_load *a, size_t sym, uint64_t value)
{
	return (uint64_t *)slots_got(&a->slots, sym, (uintptr_t)value);
}

static uint64_t stub_for(struct arch_load *a, size_t sym, uint64_t value)
{
	return slots_stub(&a->slots, sym, 0, (uintptr_t)value, false);
}

static bool fits_s32(int64_t v)
{
	return v == (int32_t)v;
}

static int out_of_range(struct load_info *info, const struct arch_reloc *r)
{
	return reloc_out_of_range(info, r, type_names[r->type],
				  r->type == R_X86_64_32 || r->type == R_X86_64_32S ?
				  ": absolute 32-bit addresses need a non-PIE host" : TOO_FAR);
}

static int apply_one(struct load_info *info, const struct arch_reloc *r)
{
	unsigned int type = r->type;
	unsigned char *loc = r->loc;
	uint64_t S = r->S, P = (uint64_t)(uintptr_t)(loc - r->alias);
	int64_t A = r->addend, v;
	size_t width = (type == R_X86_64_64 || type == R_X86_64_PC64 ||
			type == R_X86_64_SIZE64) ? 8 : 4;

	if (type != R_X86_64_NONE && r->room < width)
		return reloc_past_end(info, r);
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
		v = (int64_t)(S + A);
		memcpy(loc, &v, 8);
		return 0;
	case R_X86_64_PC64:
		v = (int64_t)(S + A - P);
		memcpy(loc, &v, 8);
		return 0;
	case R_X86_64_SIZE64:
		v = (int64_t)(info->syms[r->sym].st_size + A);
		memcpy(loc, &v, 8);
		return 0;
	case R_X86_64_SIZE32:
		v = (int64_t)(info->syms[r->sym].st_size + A);
		break;
	case R_X86_64_32:
		v = (int64_t)(S + A);
		if ((uint64_t)v > UINT32_MAX)
			return out_of_range(info, r);
		put32(loc, (uint32_t)v);
		return 0;
	case R_X86_64_32S:
		v = (int64_t)(S + A);
		if (!fits_s32(v))
			return out_of_range(info, r);
		break;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		v = (int64_t)(S + A - P);
		/* A call or jump to a far import goes through a stub; a data
		 * reference cannot, so it must reach. */
		if (!fits_s32(v) && info->syms[r->sym].st_shndx == SHN_UNDEF &&
		    (type == R_X86_64_PLT32 ||
		     (r->offset >= 1 && (loc[-1] == 0xe8 || loc[-1] == 0xe9)))) {
			uint64_t stub = stub_for(info->arch, r->sym, S);

			if (stub)
				v = (int64_t)(stub + A - P);
		}
		if (!fits_s32(v))
			return out_of_range(info, r);
		break;
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		v = (int64_t)((uint64_t)(uintptr_t)got_slot(info->arch, r->sym, S) + A - P);
		if (!fits_s32(v))
			return out_of_range(info, r);
		break;
	default:
		return reloc_unsupported(info, r, type >= R_X86_64_DTPMOD64 &&
						  type <= R_X86_64_TPOFF32);
	}
	put32(loc, (uint32_t)(int32_t)v);
	return 0;
}

SLOT_WALKS(classify, apply_one)

const struct slot_ops arch_slot_ops = {
	.got_size = 8, .stub_size = STUB_SIZE, .stub_kinds = 1,
	.count_section = count_section, .sym_marks = sym_marks,
	.write_got = write_got, .write_stub = write_stub,
	.apply_section = apply_section,
};

int arch_reloc_data(unsigned int type, unsigned char *loc, size_t room,
		    uint64_t S, int64_t A, uint64_t P)
{
	int64_t v;

	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
	case R_X86_64_PC64:
		if (room < 8)
			return -ENOEXEC;
		v = (int64_t)(S + A - (type == R_X86_64_PC64 ? P : 0));
		memcpy(loc, &v, 8);
		return 8;
	case R_X86_64_32:
		v = (int64_t)(S + A);
		if ((uint64_t)v > UINT32_MAX)
			return -ENOEXEC;
		break;
	case R_X86_64_32S:
	case R_X86_64_PC32:
		v = (int64_t)(S + A - (type == R_X86_64_PC32 ? P : 0));
		if (!fits_s32(v))
			return -ENOEXEC;
		break;
	default:
		return -ENOEXEC;
	}
	if (room < 4)
		return -ENOEXEC;
	memcpy(loc, &(uint32_t){ (uint32_t)v }, 4);
	return 4;
}

/* GS base, as Linux's per-CPU pointer; libc's thread pointer is FS. */
int arch_set_percpu_base(void *base)
{
	if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)base))
		return -errno;
	return 0;
}
