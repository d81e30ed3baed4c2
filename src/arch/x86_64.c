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

static const ElfW(Rela) *rela_of(const struct load_info *info, unsigned int sec,
				 size_t *n)
{
	const ElfW(Shdr) *s = &info->sechdrs[sec];

	*n = s->sh_size / sizeof(ElfW(Rela));
	return (const ElfW(Rela) *)(info->image + s->sh_offset);
}

/* What a relocation needs: a GOT slot for a GOT load, a stub for a
 * branch to an import; absolute 32-bit ones need the low 2 GiB. */
static void classify(struct load_info *info, const struct slot_reloc *r,
		     struct slot_need *need)
{
	if (r->type == R_X86_64_32 || r->type == R_X86_64_32S)
		info->needs_low = true;
	need->got = is_got_type(r->type);
	if (is_branch_type(r->type) && info->elf.syms[r->sym].st_shndx == SHN_UNDEF)
		need->stub = 0;
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

const struct slot_ops arch_slot_ops = {
	.got_size = 8, .stub_size = STUB_SIZE, .stub_kinds = 1,
	.classify = classify, .write_got = write_got, .write_stub = write_stub,
};


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

struct reloc_ctx {
	struct load_info *info;
	unsigned int relsec;
	const ElfW(Sym) *sym;	/* named only in a message */
	ptrdiff_t alias;	/* where places are written, less where they are */
};

static int out_of_range(const struct reloc_ctx *rc, unsigned int type, uint64_t target,
			const void *loc)
{
	struct load_info *info = rc->info;

	return umod_fail(info->ctx, info->name, -ENOEXEC,
			 "%s relocation against %s out of range in %s "
			 "(target %#llx, place %p)%s",
			 type_names[type], umod_elf_sym_name(&info->elf, rc->sym),
			 umod_elf_section_name(&info->elf, rc->relsec),
			 (unsigned long long)target, loc,
			 type == R_X86_64_32 || type == R_X86_64_32S ?
			 ": absolute 32-bit addresses need a non-PIE host" :
			 ": the symbol is too far from the module");
}

static int apply_one(const struct reloc_ctx *rc, const ElfW(Rela) *r,
		     unsigned char *loc, size_t room)
{
	struct load_info *info = rc->info;
	struct arch_load *a = info->arch;
	unsigned int type = ELFW(R_TYPE)(r->r_info);
	size_t symidx = ELFW(R_SYM)(r->r_info);
	const ElfW(Sym) *sym = &info->syms[symidx];
	uint64_t S = sym->st_value, P = (uint64_t)((uintptr_t)loc - rc->alias);
	int64_t A = r->r_addend, v;
	size_t width = (type == R_X86_64_64 || type == R_X86_64_PC64 ||
			type == R_X86_64_SIZE64) ? 8 : 4;

	if (type != R_X86_64_NONE && room < width)
		return umod_fail(info->ctx, info->name, -ENOEXEC,
				 "relocation at offset %#llx runs past the end of its section in %s",
				 (unsigned long long)r->r_offset,
				 umod_elf_section_name(&info->elf, rc->relsec));
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
		v = (int64_t)(sym->st_size + A);
		memcpy(loc, &v, 8);
		return 0;
	case R_X86_64_SIZE32:
		v = (int64_t)(sym->st_size + A);
		break;
	case R_X86_64_32:
		v = (int64_t)(S + A);
		if ((uint64_t)v > UINT32_MAX)
			return out_of_range(rc, type, S, loc - rc->alias);
		memcpy(loc, &(uint32_t){ (uint32_t)v }, 4);
		return 0;
	case R_X86_64_32S:
		v = (int64_t)(S + A);
		if (!fits_s32(v))
			return out_of_range(rc, type, S, loc - rc->alias);
		break;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		v = (int64_t)(S + A - P);
		/* A call or jump to a far import goes through a stub; a data
		 * reference cannot, so it must reach. */
		if (!fits_s32(v) && sym->st_shndx == SHN_UNDEF &&
		    (type == R_X86_64_PLT32 ||
		     (r->r_offset >= 1 && (loc[-1] == 0xe8 || loc[-1] == 0xe9)))) {
			uint64_t stub = stub_for(a, symidx, S);

			if (stub)
				v = (int64_t)(stub + A - P);
		}
		if (!fits_s32(v))
			return out_of_range(rc, type, S, loc - rc->alias);
		break;
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		v = (int64_t)((uint64_t)(uintptr_t)got_slot(a, symidx, S) + A - P);
		if (!fits_s32(v))
			return out_of_range(rc, type, S, loc - rc->alias);
		break;
	default:
		if (type >= R_X86_64_DTPMOD64 && type <= R_X86_64_TPOFF32)
			return umod_fail(info->ctx, info->name, -ENOEXEC,
					 "relocation type %u (thread-local storage) not supported in %s",
					 type, umod_elf_section_name(&info->elf, rc->relsec));
		return umod_fail(info->ctx, info->name, -ENOEXEC,
				 "relocation type %u not supported in %s", type,
				 umod_elf_section_name(&info->elf, rc->relsec));
	}
	memcpy(loc, &(int32_t){ (int32_t)v }, 4);
	return 0;
}

int arch_apply_relocate_add(struct load_info *info, unsigned int relsec)
{
	unsigned int tsec = info->sechdrs[relsec].sh_info;
	const ElfW(Shdr) *target = &info->sechdrs[tsec];
	ptrdiff_t alias = info->mem[info->sec_type[tsec]].alias;
	unsigned char *base = (unsigned char *)(uintptr_t)target->sh_addr + alias;
	struct reloc_ctx rc = { info, relsec, NULL, alias };
	const ElfW(Rela) *r;
	size_t n;

	r = rela_of(info, relsec, &n);
	for (size_t k = 0; k < n; k++) {
		const ElfW(Sym) *sym = &info->syms[ELFW(R_SYM)(r[k].r_info)];
		int ret;

		if (target->sh_type == SHT_NOBITS)
			return umod_fail(info->ctx, info->name, -ENOEXEC,
					 "relocations against %s, which has no bits",
					 umod_elf_section_name(&info->elf, info->sechdrs[relsec].sh_info));
		rc.sym = sym;
		ret = apply_one(&rc, &r[k], base + r[k].r_offset,
				target->sh_size - r[k].r_offset);
		if (ret)
			return ret;
	}
	return 0;
}

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
