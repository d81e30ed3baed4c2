// SPDX-License-Identifier: MIT
/*
 * aarch64.c - AArch64 relocations, after Linux's arch/arm64/kernel/module.c
 * and module-plts.c: the kernel's own objects (-fno-pic, ADRP pairs, MOVW
 * groups, PREL32 tables) and gcc's and clang's PIE objects (GOT loads).
 *
 * A B or BL reaches ±128 MiB; the host and its libraries are farther, so
 * a call out of the module goes through a veneer in the module's text,
 * counted before layout as module-plts.c counts its PLT entries: one per
 * branch target outside the branch's own section, shared between branches
 * with no addend.  The veneer loads its target from a literal beside it,
 * so it reaches anywhere.  ADRP reaches ±4 GiB, which the arena's
 * placement near the host guarantees for the host's own symbols; a GOT
 * load (PIE objects) goes through a slot in the module's rodata.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../arch.h"
#include "../internal.h"
#include "slots.h"

/* ldr x16, 1f; br x16; 1: .quad target */
#define VENEER_SIZE	16
#define INSN_LDR_X16_8	0x58000050u
#define INSN_BR_X16	0xd61f0200u

unsigned int arch_elf_machine(void)
{
	return EM_AARCH64;
}

#define NAME(t) [R_AARCH64_##t - R_AARCH64_ABS64] = "R_AARCH64_" #t
static const char *const type_names[] = {
	NAME(ABS64), NAME(ABS32), NAME(ABS16), NAME(PREL64), NAME(PREL32),
	NAME(PREL16), NAME(MOVW_UABS_G0), NAME(MOVW_UABS_G0_NC),
	NAME(MOVW_UABS_G1), NAME(MOVW_UABS_G1_NC), NAME(MOVW_UABS_G2),
	NAME(MOVW_UABS_G2_NC), NAME(MOVW_UABS_G3), NAME(MOVW_SABS_G0),
	NAME(MOVW_SABS_G1), NAME(MOVW_SABS_G2), NAME(LD_PREL_LO19),
	NAME(ADR_PREL_LO21), NAME(ADR_PREL_PG_HI21), NAME(ADR_PREL_PG_HI21_NC),
	NAME(ADD_ABS_LO12_NC), NAME(LDST8_ABS_LO12_NC), NAME(TSTBR14),
	NAME(CONDBR19), NAME(JUMP26), NAME(CALL26), NAME(LDST16_ABS_LO12_NC),
	NAME(LDST32_ABS_LO12_NC), NAME(LDST64_ABS_LO12_NC), NAME(MOVW_PREL_G0),
	NAME(MOVW_PREL_G0_NC), NAME(MOVW_PREL_G1), NAME(MOVW_PREL_G1_NC),
	NAME(MOVW_PREL_G2), NAME(MOVW_PREL_G2_NC), NAME(MOVW_PREL_G3),
	NAME(LDST128_ABS_LO12_NC), NAME(ADR_GOT_PAGE), NAME(LD64_GOT_LO12_NC),
};
#undef NAME

static const char *type_name(unsigned int type)
{
	static __thread char buf[32];
	unsigned int i = type - R_AARCH64_ABS64;

	if (type >= R_AARCH64_ABS64 && i < sizeof(type_names) / sizeof(*type_names) &&
	    type_names[i])
		return type_names[i];
	snprintf(buf, sizeof(buf), "type %u", type);
	return buf;
}

static bool is_got_type(unsigned int type)
{
	return type == R_AARCH64_ADR_GOT_PAGE || type == R_AARCH64_LD64_GOT_LO12_NC;
}

static bool is_branch_type(unsigned int type)
{
	return type == R_AARCH64_CALL26 || type == R_AARCH64_JUMP26;
}

/* What a relocation needs: a GOT slot for a GOT load; a veneer for a
 * branch to another section (module-plts.c's branch_rela_needs_plt:
 * within its own section a branch always reaches), shared per symbol
 * when the addend is 0. */
static void classify(struct load_info *info, const struct slot_reloc *r,
		     struct slot_need *need)
{
	need->got = is_got_type(r->type);
	if (is_branch_type(r->type) && info->elf.syms[r->sym].st_shndx != r->dstsec) {
		need->stub = 0;
		need->own = r->addend != 0;
	}
}

static void write_got(unsigned char *slot, uintptr_t value)
{
	memcpy(slot, &(uint64_t){ value }, 8);
}

static void write_veneer(unsigned char *v, unsigned int kind, uintptr_t target)
{
	memcpy(v, &(uint32_t){ INSN_LDR_X16_8 }, 4);
	memcpy(v + 4, &(uint32_t){ INSN_BR_X16 }, 4);
	memcpy(v + 8, &(uint64_t){ target }, 8);
}

static uint64_t got_slot(struct arch_load *a, size_t sym, uint64_t value)
{
	return slots_got(&a->slots, sym, (uintptr_t)value);
}

/* The veneer for S + A, or 0 if none was counted for this branch. */
static uint64_t veneer_for(struct arch_load *a, size_t sym, uint64_t S, int64_t A)
{
	return slots_stub(&a->slots, sym, 0, (uintptr_t)(S + (uint64_t)A), A != 0);
}

/* ---- Instruction fields, as arch/arm64/kernel/module.c sets them ---- */

static void put_field(unsigned char *loc, uint32_t mask, int shift, uint64_t imm)
{
	uint32_t insn = get32(loc);

	insn = (insn & ~(mask << shift)) | (((uint32_t)imm & mask) << shift);
	memcpy(loc, &insn, 4);
}

static bool fits_signed(int64_t v, int bits)
{
	return v >= -((int64_t)1 << (bits - 1)) && v < ((int64_t)1 << (bits - 1));
}

/* ADR and ADRP: immlo in bits 29-30, immhi in bits 5-23. */
static void put_adr_imm(unsigned char *loc, int64_t imm)
{
	put_field(loc, 0x3, 29, (uint64_t)imm);
	put_field(loc, 0x7ffff, 5, (uint64_t)imm >> 2);
}

/* A PC-relative immediate of `bits` bits at `shift`, in units of 4 bytes. */
static int put_branch(unsigned char *loc, int64_t off, int bits, int shift)
{
	if (off & 3 || !fits_signed(off >> 2, bits))
		return -ERANGE;
	put_field(loc, (uint32_t)((1ull << bits) - 1), shift, (uint64_t)(off >> 2));
	return 0;
}

/* reloc_insn_movw: MOVZ/MOVK take the 16 bits at lsb; the signed groups
 * turn the instruction into MOVN for a negative value. */
static int put_movw(unsigned char *loc, int64_t sval, int lsb, bool movnz,
		    bool check)
{
	uint64_t imm = (uint64_t)(sval >> lsb);

	if (movnz) {
		uint32_t insn = get32(loc) & ~(3u << 29);

		if (sval >= 0)
			insn |= 2u << 29;
		else
			imm = ~imm;
		memcpy(loc, &insn, 4);
	}
	put_field(loc, 0xffff, 5, imm);
	return check && imm > UINT16_MAX ? -ERANGE : 0;
}

/* reloc_data: the range Linux accepts for each width and operation. */
static int put_data(unsigned char *loc, int64_t sval, int width, bool prel)
{
	switch (width) {
	case 16:
		memcpy(loc, &(int16_t){ (int16_t)sval }, 2);
		if (prel ? !fits_signed(sval, 16) : (sval < 0 || sval > UINT16_MAX))
			return -ERANGE;
		return 0;
	case 32:
		memcpy(loc, &(int32_t){ (int32_t)sval }, 4);
		if (prel ? !fits_signed(sval, 32) : (sval < 0 || sval > UINT32_MAX))
			return -ERANGE;
		return 0;
	default:
		memcpy(loc, &sval, 8);
		return 0;
	}
}

static size_t width_of(unsigned int type)
{
	switch (type) {
	case R_AARCH64_NONE: return 0;
	case R_AARCH64_ABS64: case R_AARCH64_PREL64: return 8;
	case R_AARCH64_ABS16: case R_AARCH64_PREL16: return 2;
	default: return 4;
	}
}

static int64_t page_delta(uint64_t target, uint64_t place)
{
	return (int64_t)((target & ~0xfffull) - (place & ~0xfffull)) >> 12;
}

/* The value a relocation puts at loc, after module.c's switch; -ERANGE
 * when it does not fit, -ENOEXEC for a type Linux does not know. */
static int relocate(struct load_info *info, const struct arch_reloc *r)
{
	struct arch_load *a = info->arch;
	unsigned int type = r->type;
	size_t symidx = r->sym;
	unsigned char *loc = r->loc;
	uint64_t S = r->S, P = (uint64_t)(uintptr_t)loc;
	int64_t A = r->addend, off;
	uint64_t val = S + (uint64_t)A;

	switch (type) {
	case R_AARCH64_NONE:
		return 0;
	case R_AARCH64_ABS64: return put_data(loc, (int64_t)val, 64, false);
	case R_AARCH64_ABS32: return put_data(loc, (int64_t)val, 32, false);
	case R_AARCH64_ABS16: return put_data(loc, (int64_t)val, 16, false);
	case R_AARCH64_PREL64: return put_data(loc, (int64_t)(val - P), 64, true);
	case R_AARCH64_PREL32: return put_data(loc, (int64_t)(val - P), 32, true);
	case R_AARCH64_PREL16: return put_data(loc, (int64_t)(val - P), 16, true);

	case R_AARCH64_MOVW_UABS_G0_NC: return put_movw(loc, (int64_t)val, 0, false, false);
	case R_AARCH64_MOVW_UABS_G0: return put_movw(loc, (int64_t)val, 0, false, true);
	case R_AARCH64_MOVW_UABS_G1_NC: return put_movw(loc, (int64_t)val, 16, false, false);
	case R_AARCH64_MOVW_UABS_G1: return put_movw(loc, (int64_t)val, 16, false, true);
	case R_AARCH64_MOVW_UABS_G2_NC: return put_movw(loc, (int64_t)val, 32, false, false);
	case R_AARCH64_MOVW_UABS_G2: return put_movw(loc, (int64_t)val, 32, false, true);
	case R_AARCH64_MOVW_UABS_G3: return put_movw(loc, (int64_t)val, 48, false, false);
	case R_AARCH64_MOVW_SABS_G0: return put_movw(loc, (int64_t)val, 0, true, true);
	case R_AARCH64_MOVW_SABS_G1: return put_movw(loc, (int64_t)val, 16, true, true);
	case R_AARCH64_MOVW_SABS_G2: return put_movw(loc, (int64_t)val, 32, true, true);
	case R_AARCH64_MOVW_PREL_G0_NC: return put_movw(loc, (int64_t)(val - P), 0, false, false);
	case R_AARCH64_MOVW_PREL_G0: return put_movw(loc, (int64_t)(val - P), 0, true, true);
	case R_AARCH64_MOVW_PREL_G1_NC: return put_movw(loc, (int64_t)(val - P), 16, false, false);
	case R_AARCH64_MOVW_PREL_G1: return put_movw(loc, (int64_t)(val - P), 16, true, true);
	case R_AARCH64_MOVW_PREL_G2_NC: return put_movw(loc, (int64_t)(val - P), 32, false, false);
	case R_AARCH64_MOVW_PREL_G2: return put_movw(loc, (int64_t)(val - P), 32, true, true);
	case R_AARCH64_MOVW_PREL_G3: return put_movw(loc, (int64_t)(val - P), 48, true, false);

	case R_AARCH64_LD_PREL_LO19:
		return put_branch(loc, (int64_t)(val - P), 19, 5);
	case R_AARCH64_ADR_PREL_LO21:
		off = (int64_t)(val - P);
		if (!fits_signed(off, 21))
			return -ERANGE;
		put_adr_imm(loc, off);
		return 0;
	case R_AARCH64_ADR_PREL_PG_HI21:
	case R_AARCH64_ADR_PREL_PG_HI21_NC:
		off = page_delta(val, P);
		if (type == R_AARCH64_ADR_PREL_PG_HI21 && !fits_signed(off, 21))
			return -ERANGE;
		put_adr_imm(loc, off);
		return 0;
	case R_AARCH64_ADR_GOT_PAGE:
		off = page_delta(got_slot(a, symidx, S) + (uint64_t)A, P);
		if (!fits_signed(off, 21))
			return -ERANGE;
		put_adr_imm(loc, off);
		return 0;
	case R_AARCH64_ADD_ABS_LO12_NC:
	case R_AARCH64_LDST8_ABS_LO12_NC:
		put_field(loc, 0xfff, 10, val & 0xfff);
		return 0;
	case R_AARCH64_LDST16_ABS_LO12_NC:
		put_field(loc, 0xfff, 10, (val & 0xfff) >> 1);
		return 0;
	case R_AARCH64_LDST32_ABS_LO12_NC:
		put_field(loc, 0xfff, 10, (val & 0xfff) >> 2);
		return 0;
	case R_AARCH64_LDST64_ABS_LO12_NC:
		put_field(loc, 0xfff, 10, (val & 0xfff) >> 3);
		return 0;
	case R_AARCH64_LDST128_ABS_LO12_NC:
		put_field(loc, 0xfff, 10, (val & 0xfff) >> 4);
		return 0;
	case R_AARCH64_LD64_GOT_LO12_NC:
		put_field(loc, 0xfff, 10, ((got_slot(a, symidx, S) + (uint64_t)A) & 0xfff) >> 3);
		return 0;
	case R_AARCH64_TSTBR14:
		return put_branch(loc, (int64_t)(val - P), 14, 5);
	case R_AARCH64_CONDBR19:
		return put_branch(loc, (int64_t)(val - P), 19, 5);
	case R_AARCH64_JUMP26:
	case R_AARCH64_CALL26:
		off = (int64_t)(val - P);
		if (!fits_signed(off, 28)) {
			uint64_t v = veneer_for(a, symidx, S, A);

			if (v)
				off = (int64_t)(v - P);
		}
		return put_branch(loc, off, 26, 0);
	default:
		return -ENOEXEC;
	}
}

static int apply_one(struct load_info *info, const struct arch_reloc *r)
{
	unsigned int type = r->type;
	int ret;

	if (r->room < width_of(type))
		return reloc_past_end(info, r);
	if ((type != R_AARCH64_ABS64 && type != R_AARCH64_PREL64 &&
	     type != R_AARCH64_ABS16 && type != R_AARCH64_PREL16 &&
	     type != R_AARCH64_ABS32 && type != R_AARCH64_PREL32 &&
	     type != R_AARCH64_NONE) && (uintptr_t)r->loc & 3)
		return umod_fail(info->ctx, info->name, -ENOEXEC,
				 "%s relocation at misaligned offset %#llx in %s",
				 type_name(type), (unsigned long long)r->offset,
				 umod_elf_section_name(&info->elf, r->relsec));
	ret = relocate(info, r);
	if (ret == -ENOEXEC)
		return reloc_unsupported(info, r, type >= R_AARCH64_TLSGD_ADR_PREL21 &&
				type <= R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC);
	if (ret)
		return reloc_out_of_range(info, r, type_name(type), TOO_FAR);
	return 0;
}

SLOT_WALKS(classify, apply_one)

const struct slot_ops arch_slot_ops = {
	.got_size = 8, .stub_size = VENEER_SIZE, .stub_kinds = 1,
	.count_section = count_section, .write_got = write_got, .write_stub = write_veneer,
	.apply_section = apply_section,
};

int arch_reloc_data(unsigned int type, unsigned char *loc, size_t room,
		    uint64_t S, int64_t A, uint64_t P)
{
	bool prel = type == R_AARCH64_PREL64 || type == R_AARCH64_PREL32 ||
		    type == R_AARCH64_PREL16;
	int64_t v = (int64_t)(S + (uint64_t)A - (prel ? P : 0));
	size_t width = width_of(type);

	switch (type) {
	case R_AARCH64_NONE:
		return 0;
	case R_AARCH64_ABS64: case R_AARCH64_PREL64:
	case R_AARCH64_ABS32: case R_AARCH64_PREL32:
	case R_AARCH64_ABS16: case R_AARCH64_PREL16:
		if (room < width || put_data(loc, v, (int)width * 8, prel))
			return -ENOEXEC;
		return (int)width;
	default:
		return -ENOEXEC;
	}
}

/* arm64 Linux finds its per-CPU offset in TPIDR_EL1 (TPIDR_EL2 with
 * VHE) and current in SP_EL0, which user space may not read: module
 * code's reads trap, and the fault handler gives them this thread's
 * base and current (traps.c).  The stack canary is __stack_chk_guard
 * (builtins.c). */
static __thread void *percpu_base __attribute__((tls_model("initial-exec")));

int arch_set_percpu_base(void *base)
{
	percpu_base = base;
	return 0;
}

void *arch_percpu_base(void)
{
	return percpu_base;
}
