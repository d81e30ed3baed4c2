// SPDX-License-Identifier: MIT
/*
 * arm.c - 32-bit ARM relocations, ARM and Thumb-2, after Linux's
 * arch/arm/kernel/module.c and module-plts.c: SHT_REL, the addend in the
 * place (the instruction's own immediate), and gcc's PIE GOT forms.
 *
 * B and BL reach ±32 MiB (ARM) or ±16 MiB (Thumb-2); a branch to another
 * section may not, and a branch to code of the other instruction set
 * cannot (Debian's libc is Thumb-2; -marm module code is ARM): it goes
 * through a veneer of the branch's own set, counted before layout one
 * per target and set as module-plts.c counts its PLT entries.  The
 * veneer loads pc from a literal beside it, which reaches anywhere and
 * switches instruction set by the target's low bit.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../arch.h"
#include "../internal.h"
#include "slots.h"

/* The AAELF names glibc's <elf.h> predates (Linux's asm/elf.h has them). */
#ifndef R_ARM_THM_CALL
#define R_ARM_THM_CALL	R_ARM_THM_PC22
#endif
#define R_ARM_GOTOFF32	R_ARM_GOTOFF
#define R_ARM_BASE_PREL	R_ARM_GOTPC
#define R_ARM_GOT_BREL	R_ARM_GOT32

#define VENEER_SIZE	8
#define INSN_ARM_LDR_PC		0xe51ff004u	/* ldr pc, [pc, #-4] */
#define INSN_THM_LDR_PC		0xf000f8dfu	/* ldr.w pc, [pc, #0], halfwords swapped */

enum { ARM_VENEER, THUMB_VENEER, VENEER_KINDS };

unsigned int arch_elf_machine(void)
{
	return EM_ARM;
}

static bool is_arm_branch(unsigned int type)
{
	return type == R_ARM_PC24 || type == R_ARM_CALL || type == R_ARM_JUMP24;
}

static bool is_thumb_branch(unsigned int type)
{
	return type == R_ARM_THM_CALL || type == R_ARM_THM_JUMP24;
}

static bool uses_got(unsigned int type)
{
	return type == R_ARM_GOT_PREL || type == R_ARM_GOT_BREL ||
	       type == R_ARM_BASE_PREL || type == R_ARM_GOTOFF32;
}

static int32_t sign_extend(uint32_t v, int bit)
{
	return (int32_t)(v << (31 - bit)) >> (31 - bit);
}

/* ---- The branch immediates, as module.c decodes and encodes them ---- */

static int32_t arm_branch_addend(uint32_t insn)
{
	return sign_extend((insn & 0x00ffffff) << 2, 25);
}

static void arm_branch_set(unsigned char *loc, int32_t off)
{
	put32(loc, (get32(loc) & 0xff000000u) | (((uint32_t)off >> 2) & 0x00ffffff));
}

/* S:I1:I2:imm10:imm11:0, I1 = ~(J1 ^ S), I2 = ~(J2 ^ S). */
static int32_t thumb_branch_addend(const unsigned char *loc)
{
	uint16_t upper, lower;
	uint32_t sign, j1, j2;

	memcpy(&upper, loc, 2);
	memcpy(&lower, loc + 2, 2);
	sign = (upper >> 10) & 1;
	j1 = (lower >> 13) & 1;
	j2 = (lower >> 11) & 1;
	return sign_extend(sign << 24 | (~(j1 ^ sign) & 1) << 23 |
			   (~(j2 ^ sign) & 1) << 22 | (upper & 0x03ffu) << 12 |
			   (lower & 0x07ffu) << 1, 24);
}

static void thumb_branch_set(unsigned char *loc, int32_t off)
{
	uint16_t upper, lower;
	uint32_t o = (uint32_t)off, sign = (o >> 24) & 1;
	uint32_t j1 = sign ^ (~(o >> 23) & 1), j2 = sign ^ (~(o >> 22) & 1);

	memcpy(&upper, loc, 2);
	memcpy(&lower, loc + 2, 2);
	upper = (uint16_t)((upper & 0xf800) | sign << 10 | ((o >> 12) & 0x03ff));
	lower = (uint16_t)((lower & 0xd000) | j1 << 13 | j2 << 11 | ((o >> 1) & 0x07ff));
	memcpy(loc, &upper, 2);
	memcpy(loc + 2, &lower, 2);
}

/* MOVW/MOVT imm16: ARM imm4:imm12; Thumb-2 imm4:i:imm3:imm8. */
static uint32_t arm_movw_get(uint32_t insn)
{
	return (insn & 0xf0000) >> 4 | (insn & 0xfff);
}

static uint32_t arm_movw_set(uint32_t insn, uint32_t imm)
{
	return (insn & 0xfff0f000u) | (imm & 0xf000) << 4 | (imm & 0x0fff);
}

static uint32_t thumb_movw_get(const unsigned char *loc)
{
	uint16_t upper, lower;

	memcpy(&upper, loc, 2);
	memcpy(&lower, loc + 2, 2);
	return (upper & 0x000fu) << 12 | (upper & 0x0400u) << 1 |
	       (lower & 0x7000u) >> 4 | (lower & 0x00ffu);
}

static void thumb_movw_set(unsigned char *loc, uint32_t imm)
{
	uint16_t upper, lower;

	memcpy(&upper, loc, 2);
	memcpy(&lower, loc + 2, 2);
	upper = (uint16_t)((upper & 0xfbf0) | (imm & 0xf000) >> 12 | (imm & 0x0800) >> 1);
	lower = (uint16_t)((lower & 0x8f00) | (imm & 0x0700) << 4 | (imm & 0x00ff));
	memcpy(loc, &upper, 2);
	memcpy(loc + 2, &lower, 2);
}

/* ---- Slots: veneers of either set, GOT slots for PIE objects ---- */

/* A branch to another section may be out of reach, or of the other set;
 * its veneer is shared when the addend is the usual pc bias. */
static void classify(struct load_info *info, const struct slot_reloc *r,
		     struct slot_need *need)
{
	const ElfW(Sym) *sym = &info->elf.syms[r->sym];

	need->got = uses_got(r->type);
	if ((!is_arm_branch(r->type) && !is_thumb_branch(r->type)) ||
	    sym->st_shndx == r->dstsec || !r->loc || r->room < 4)
		return;
	if (is_arm_branch(r->type)) {
		need->stub = ARM_VENEER;
		need->own = arm_branch_addend(get32(r->loc)) != -8;
	} else {
		need->stub = THUMB_VENEER;
		need->own = thumb_branch_addend(r->loc) != -4;
	}
}

static void write_got(unsigned char *slot, uintptr_t value)
{
	put32(slot, (uint32_t)value);
}

static void write_veneer(unsigned char *v, unsigned int kind, uintptr_t target)
{
	put32(v, kind == ARM_VENEER ? INSN_ARM_LDR_PC : INSN_THM_LDR_PC);
	put32(v + 4, (uint32_t)target);
}

/* ---- Relocation ---- */

struct reloc_ctx {
	struct load_info *info;
	size_t symidx;
	uint32_t S, P;
	bool thumb_target, arm_target;	/* by the symbol's low bit, if code */
};

/* module.c's PC24/CALL/JUMP24, with a veneer for a target out of reach
 * or in Thumb code (Linux refuses interworking). */
static int arm_branch(const struct reloc_ctx *rc, unsigned char *loc)
{
	int32_t off = (int32_t)(rc->S + (uint32_t)arm_branch_addend(get32(loc)) - rc->P);

	if (off <= (int32_t)0xfe000000 || off >= 0x02000000 || rc->thumb_target) {
		uintptr_t v = slots_stub(&rc->info->arch->slots, rc->symidx, ARM_VENEER,
					 (uint32_t)(off + (int32_t)rc->P + 8),
					 arm_branch_addend(get32(loc)) != -8);

		if (v)
			off = (int32_t)((uint32_t)v - rc->P - 8);
		else if (rc->thumb_target)
			return -EINVAL;
	}
	if (off <= (int32_t)0xfe000000 || off >= 0x02000000)
		return -ERANGE;
	arm_branch_set(loc, off);
	return 0;
}

static int thumb_branch(const struct reloc_ctx *rc, unsigned char *loc)
{
	int32_t off = (int32_t)(rc->S + (uint32_t)thumb_branch_addend(loc) - rc->P);

	if (off <= (int32_t)0xff000000 || off >= 0x01000000 || rc->arm_target) {
		uintptr_t v = slots_stub(&rc->info->arch->slots, rc->symidx, THUMB_VENEER,
					 (uint32_t)(off + (int32_t)rc->P + 4),
					 thumb_branch_addend(loc) != -4);

		if (v)
			off = (int32_t)((uint32_t)v - rc->P - 4);
		else if (rc->arm_target)
			return -EINVAL;
	}
	if (off <= (int32_t)0xff000000 || off >= 0x01000000)
		return -ERANGE;
	thumb_branch_set(loc, off);
	return 0;
}

static int relocate(const struct reloc_ctx *rc, unsigned int type, unsigned char *loc)
{
	struct arch_slots *s = &rc->info->arch->slots;
	uint32_t S = rc->S, P = rc->P, GOT = (uint32_t)(uintptr_t)s->got;
	uint32_t insn = get32(loc), imm;
	int32_t off;

	switch (type) {
	case R_ARM_NONE:
		return 0;
	case R_ARM_ABS32:
	case R_ARM_TARGET1:
		put32(loc, insn + S);
		return 0;
	case R_ARM_REL32:
		put32(loc, insn + S - P);
		return 0;
	case R_ARM_PREL31:
		off = sign_extend(insn, 30) + (int32_t)(S - P);
		if (off >= 0x40000000 || off < -0x40000000)
			return -ERANGE;
		put32(loc, (insn & 0x80000000u) | ((uint32_t)off & 0x7fffffff));
		return 0;
	case R_ARM_V4BX:	/* mov pc, Rm, for ARMv4 without bx */
		put32(loc, (insn & 0xf000000fu) | 0x01a0f000u);
		return 0;
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
		return arm_branch(rc, loc);
	case R_ARM_THM_CALL:
	case R_ARM_THM_JUMP24:
		return thumb_branch(rc, loc);
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_MOVW_PREL_NC:
	case R_ARM_MOVT_PREL:
		imm = (uint32_t)sign_extend(arm_movw_get(insn), 15) + S;
		if (type == R_ARM_MOVW_PREL_NC || type == R_ARM_MOVT_PREL)
			imm -= P;
		if (type == R_ARM_MOVT_ABS || type == R_ARM_MOVT_PREL)
			imm >>= 16;
		put32(loc, arm_movw_set(insn, imm));
		return 0;
	case R_ARM_THM_MOVW_ABS_NC:
	case R_ARM_THM_MOVT_ABS:
	case R_ARM_THM_MOVW_PREL_NC:
	case R_ARM_THM_MOVT_PREL:
		imm = (uint32_t)sign_extend(thumb_movw_get(loc), 15) + S;
		if (type == R_ARM_THM_MOVW_PREL_NC || type == R_ARM_THM_MOVT_PREL)
			imm -= P;
		if (type == R_ARM_THM_MOVT_ABS || type == R_ARM_THM_MOVT_PREL)
			imm >>= 16;
		thumb_movw_set(loc, imm);
		return 0;
	case R_ARM_GOT_PREL:
		put32(loc, (uint32_t)slots_got(s, rc->symidx, S) + insn - P);
		return 0;
	case R_ARM_GOT_BREL:
		put32(loc, (uint32_t)slots_got(s, rc->symidx, S) + insn - GOT);
		return 0;
	case R_ARM_BASE_PREL:	/* _GLOBAL_OFFSET_TABLE_ - P */
		put32(loc, GOT + insn - P);
		return 0;
	case R_ARM_GOTOFF32:
		put32(loc, S + insn - GOT);
		return 0;
	default:
		return -ENOEXEC;
	}
}

static const char *type_name(unsigned int type, char *buf, size_t len)
{
	switch (type) {
	case R_ARM_PC24: return "R_ARM_PC24";
	case R_ARM_CALL: return "R_ARM_CALL";
	case R_ARM_JUMP24: return "R_ARM_JUMP24";
	case R_ARM_THM_CALL: return "R_ARM_THM_CALL";
	case R_ARM_THM_JUMP24: return "R_ARM_THM_JUMP24";
	case R_ARM_PREL31: return "R_ARM_PREL31";
	}
	snprintf(buf, len, "relocation type %u", type);
	return buf;
}

static bool is_tls(unsigned int type)
{
	return (type >= R_ARM_TLS_DTPMOD32 && type <= R_ARM_TLS_TPOFF32) ||
	       (type >= R_ARM_TLS_GOTDESC && type <= R_ARM_THM_TLS_CALL) ||
	       (type >= R_ARM_TLS_GD32 && type <= R_ARM_TLS_IE12GP) ||
	       type == R_ARM_THM_TLS_DESCSEQ16 || type == R_ARM_THM_TLS_DESCSEQ32;
}

static int apply_one(struct load_info *info, const struct arch_reloc *r)
{
	const ElfW(Sym) *orig = &info->elf.syms[r->sym];
	struct reloc_ctx rc = { info, r->sym, (uint32_t)r->S,
				(uint32_t)(uintptr_t)r->loc, false, false };
	bool code = orig->st_shndx == SHN_UNDEF || ELFW(ST_TYPE)(orig->st_info) == STT_FUNC;
	char buf[32];
	int ret;

	if (r->type == R_ARM_NONE)
		return 0;
	if (r->room < 4)
		return reloc_past_end(info, r);
	rc.thumb_target = code && (rc.S & 1);
	rc.arm_target = code && !(rc.S & 1);
	ret = relocate(&rc, r->type, r->loc);
	if (ret == -ENOEXEC)
		return reloc_unsupported(info, r, is_tls(r->type));
	if (ret == -EINVAL)
		return umod_fail(info->ctx, info->name, -ENOEXEC,
				 "%s relocation against %s in %s: interworking call with no veneer",
				 type_name(r->type, buf, sizeof(buf)),
				 umod_elf_sym_name(&info->elf, orig),
				 umod_elf_section_name(&info->elf, r->relsec));
	if (ret)
		return reloc_out_of_range(info, r, type_name(r->type, buf, sizeof(buf)), TOO_FAR);
	return 0;
}

SLOT_WALKS(classify, apply_one)

const struct slot_ops arch_slot_ops = {
	.got_size = 4, .stub_size = VENEER_SIZE, .stub_kinds = VENEER_KINDS,
	.count_section = count_section, .write_got = write_got, .write_stub = write_veneer,
	.apply_section = apply_section,
};

int arch_reloc_data(unsigned int type, unsigned char *loc, size_t room,
		    uint64_t S, int64_t A, uint64_t P)
{
	switch (type) {
	case R_ARM_NONE:
		return 0;
	case R_ARM_ABS32:
	case R_ARM_REL32:
		return rel_reloc_data32(loc, room, S, A, P, type == R_ARM_REL32);
	default:
		return -ENOEXEC;
	}
}

/* arm Linux finds its per-CPU offset in TPIDRPRW, which user space may
 * not read: module code's reads trap, and the fault handler gives them
 * this thread's base (traps.c).  current is TPIDRURO, libc's thread
 * pointer here, which reads without a trap.  The stack canary is
 * __stack_chk_guard (builtins.c). */
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
