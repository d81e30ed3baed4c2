// SPDX-License-Identifier: MIT
/*
 * riscv64.c - RISC-V 64 relocations, after Linux's arch/riscv/kernel/
 * module.c and module-sections.c: the kernel's medany objects (AUIPC
 * pairs, CALL_PLT), medlow ones (LUI pairs, which need the low 2 GiB),
 * and gcc's PIE objects (GOT_HI20).
 *
 * A PCREL_LO12 relocation names the AUIPC its high part was applied to,
 * not the target: the offset is found again from that HI20 relocation
 * (the paired lookup).  A call beyond ±2 GiB goes through a PLT entry in
 * the module's text, counted before layout one per target, as Linux
 * counts its PLT and GOT entries.  Relaxation is not done: RELAX is
 * ignored, and ALIGN, which only a relaxing link may resolve, refused,
 * as Linux does (Kbuild builds modules with -mno-relax).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../arch.h"
#include "../internal.h"
#include "slots.h"

/* auipc t1, 0; ld t1, 16(t1); jr t1; nop; .quad target */
#define PLT_SIZE	24
static const uint32_t plt_insns[4] = { 0x00000317, 0x01033303, 0x00030067, 0x00000013 };

unsigned int arch_elf_machine(void)
{
	return EM_RISCV;
}

#define NAME(t) [R_RISCV_##t] = "R_RISCV_" #t
static const char *const type_names[] = {
	NAME(32), NAME(64), NAME(BRANCH), NAME(JAL), NAME(CALL), NAME(CALL_PLT),
	NAME(GOT_HI20), NAME(PCREL_HI20), NAME(PCREL_LO12_I), NAME(PCREL_LO12_S),
	NAME(HI20), NAME(LO12_I), NAME(LO12_S), NAME(RVC_BRANCH), NAME(RVC_JUMP),
	NAME(32_PCREL),
};
#undef NAME

static const char *type_name(unsigned int type, char *buf, size_t len)
{
	if (type < sizeof(type_names) / sizeof(*type_names) && type_names[type])
		return type_names[type];
	snprintf(buf, len, "relocation type %u", type);
	return buf;
}

static bool is_call_type(unsigned int type)
{
	return type == R_RISCV_CALL || type == R_RISCV_CALL_PLT;
}

static const ElfW(Rela) *rela_of(const struct load_info *info, unsigned int sec,
				 size_t *n)
{
	const ElfW(Shdr) *s = &info->sechdrs[sec];

	*n = s->sh_size / sizeof(ElfW(Rela));
	return (const ElfW(Rela) *)(info->image + s->sh_offset);
}

/* What a relocation needs: a GOT slot for GOT_HI20; a PLT entry for a
 * call to another section (within its own it always reaches), shared
 * per symbol when the addend is 0.  LUI pairs need the low 2 GiB. */
static void classify(struct load_info *info, const struct slot_reloc *r,
		     struct slot_need *need)
{
	if (r->type == R_RISCV_HI20)
		info->needs_low = true;
	need->got = r->type == R_RISCV_GOT_HI20;
	if (is_call_type(r->type) && info->elf.syms[r->sym].st_shndx != r->dstsec) {
		need->stub = 0;
		need->own = r->addend != 0;
	}
}

static void write_got(unsigned char *slot, uintptr_t value)
{
	memcpy(slot, &(uint64_t){ value }, 8);
}

static void write_plt(unsigned char *p, unsigned int kind, uintptr_t target)
{
	memcpy(p, plt_insns, sizeof(plt_insns));
	memcpy(p + sizeof(plt_insns), &(uint64_t){ target }, 8);
}

static uint64_t got_slot(struct arch_load *a, size_t sym, uint64_t value)
{
	return slots_got(&a->slots, sym, (uintptr_t)value);
}

/* The PLT entry for S + A, or 0 if none was counted for this call. */
static uint64_t plt_for(struct arch_load *a, size_t sym, uint64_t S, int64_t A)
{
	return slots_stub(&a->slots, sym, 0, (uintptr_t)(S + (uint64_t)A), A != 0);
}

/* ---- Instruction fields ---- */

static bool fits_signed(int64_t v, int bits)
{
	return v >= -((int64_t)1 << (bits - 1)) && v < ((int64_t)1 << (bits - 1));
}

/* The upper 20 bits an AUIPC or LUI adds, rounded for the signed low 12. */
static int64_t hi20(int64_t v)
{
	return (v + 0x800) & ~(int64_t)0xfff;
}

static int put_u_type(unsigned char *loc, int64_t v)
{
	if (!fits_signed(hi20(v), 32))
		return -ERANGE;
	put32(loc, (get32(loc) & 0xfff) | (uint32_t)hi20(v));
	return 0;
}

static void put_i_type(unsigned char *loc, int64_t lo)
{
	put32(loc, (get32(loc) & 0xfffff) | ((uint32_t)lo & 0xfff) << 20);
}

static void put_s_type(unsigned char *loc, int64_t lo)
{
	uint32_t imm = (uint32_t)lo;

	put32(loc, (get32(loc) & 0x1fff07f) | (imm & 0xfe0) << 20 | (imm & 0x1f) << 7);
}

static int put_branch(unsigned char *loc, int64_t off)
{
	uint32_t imm = (uint32_t)off;

	if (off & 1 || !fits_signed(off, 13))
		return -ERANGE;
	put32(loc, (get32(loc) & 0x1fff07f) | (imm & 0x1000) << 19 |
	      (imm & 0x7e0) << 20 | (imm & 0x1e) << 7 | (imm & 0x800) >> 4);
	return 0;
}

static int put_jal(unsigned char *loc, int64_t off)
{
	uint32_t imm = (uint32_t)off;

	if (off & 1 || !fits_signed(off, 21))
		return -ERANGE;
	put32(loc, (get32(loc) & 0xfff) | (imm & 0x100000) << 11 |
	      (imm & 0x7fe) << 20 | (imm & 0x800) << 9 | (imm & 0xff000));
	return 0;
}

/* AUIPC + JALR: a call or a tail call anywhere in ±2 GiB. */
static int put_call(unsigned char *loc, int64_t off)
{
	if (!fits_signed(hi20(off), 32))
		return -ERANGE;
	put_u_type(loc, off);
	put_i_type(loc + 4, off - hi20(off));
	return 0;
}

static int put_rvc_branch(unsigned char *loc, int64_t off)
{
	uint16_t insn, imm = (uint16_t)off;

	if (off & 1 || !fits_signed(off, 9))
		return -ERANGE;
	memcpy(&insn, loc, 2);
	insn = (insn & 0xe383) | (imm & 0x100) << 4 | (imm & 0x18) << 7 |
	       (imm & 0xc0) >> 1 | (imm & 0x6) << 2 | (imm & 0x20) >> 3;
	memcpy(loc, &insn, 2);
	return 0;
}

static int put_rvc_jump(unsigned char *loc, int64_t off)
{
	uint16_t insn, imm = (uint16_t)off;

	if (off & 1 || !fits_signed(off, 12))
		return -ERANGE;
	memcpy(&insn, loc, 2);
	insn = (insn & 0xe003) | (imm & 0x800) << 1 | (imm & 0x10) << 7 |
	       (imm & 0x300) << 1 | (imm & 0x400) >> 2 | (imm & 0x40) << 1 |
	       (imm & 0x80) >> 1 | (imm & 0xe) << 2 | (imm & 0x20) >> 3;
	memcpy(loc, &insn, 2);
	return 0;
}

/* Add or subtract v at loc, in the field's width (the ADD/SUB pairs
 * compute a difference of two labels, as in DWARF and jump tables). */
static void add_to(unsigned char *loc, size_t width, int64_t v)
{
	uint64_t x = 0;

	memcpy(&x, loc, width);
	x += (uint64_t)v;
	memcpy(loc, &x, width);
}

/* The offset a HI20 relocation at hi_addr, in the same section, gave
 * its AUIPC: what the LO12 relocation naming that AUIPC completes. */
static int paired_hi20(struct load_info *info, unsigned int relsec, uint64_t hi_addr,
		       int64_t *off)
{
	const ElfW(Shdr) *target = &info->sechdrs[info->sechdrs[relsec].sh_info];
	const ElfW(Rela) *r;
	size_t n;

	r = rela_of(info, relsec, &n);
	for (size_t k = 0; k < n; k++) {
		unsigned int type = ELFW(R_TYPE)(r[k].r_info);
		size_t sym = ELFW(R_SYM)(r[k].r_info);
		uint64_t S = info->syms[sym].st_value;

		if (target->sh_addr + r[k].r_offset != hi_addr)
			continue;
		if (type == R_RISCV_PCREL_HI20) {
			*off = (int64_t)(S + (uint64_t)r[k].r_addend - hi_addr);
			return 0;
		}
		if (type == R_RISCV_GOT_HI20) {
			*off = (int64_t)(got_slot(info->arch, sym, S) +
					 (uint64_t)r[k].r_addend - hi_addr);
			return 0;
		}
	}
	return -ENOENT;
}

/* The value a relocation puts at loc, after module.c's handlers;
 * -ERANGE when it does not fit, -ENOENT for a LO12 without its HI20,
 * -ENOEXEC for a type Linux does not know. */
static int relocate(struct load_info *info, const struct arch_reloc *r)
{
	struct arch_load *a = info->arch;
	unsigned int type = r->type;
	size_t symidx = r->sym;
	unsigned char *loc = r->loc;
	uint64_t S = r->S, P = (uint64_t)(uintptr_t)loc;
	int64_t A = r->addend, v = (int64_t)(S + (uint64_t)A), off;
	int ret;

	switch (type) {
	case R_RISCV_NONE:
	case R_RISCV_RELAX:
		return 0;
	case R_RISCV_32:
		if ((uint64_t)v > UINT32_MAX)
			return -ERANGE;
		put32(loc, (uint32_t)v);
		return 0;
	case R_RISCV_64:
		memcpy(loc, &v, 8);
		return 0;
	case R_RISCV_32_PCREL:
		if (!fits_signed(v - (int64_t)P, 32))
			return -ERANGE;
		put32(loc, (uint32_t)(v - (int64_t)P));
		return 0;
	case R_RISCV_BRANCH:
		return put_branch(loc, v - (int64_t)P);
	case R_RISCV_JAL:
		return put_jal(loc, v - (int64_t)P);
	case R_RISCV_RVC_BRANCH:
		return put_rvc_branch(loc, v - (int64_t)P);
	case R_RISCV_RVC_JUMP:
		return put_rvc_jump(loc, v - (int64_t)P);
	case R_RISCV_CALL:
	case R_RISCV_CALL_PLT:
		off = v - (int64_t)P;
		if (!fits_signed(hi20(off), 32)) {
			uint64_t plt = plt_for(a, symidx, S, A);

			if (plt)
				off = (int64_t)(plt - P);
		}
		return put_call(loc, off);
	case R_RISCV_PCREL_HI20:
		return put_u_type(loc, v - (int64_t)P);
	case R_RISCV_GOT_HI20:
		return put_u_type(loc, (int64_t)(got_slot(a, symidx, S) + (uint64_t)A - P));
	case R_RISCV_PCREL_LO12_I:
	case R_RISCV_PCREL_LO12_S:
		ret = paired_hi20(info, r->relsec, S, &off);	/* S is the AUIPC's address */
		if (ret)
			return ret;
		if (type == R_RISCV_PCREL_LO12_I)
			put_i_type(loc, off - hi20(off));
		else
			put_s_type(loc, off - hi20(off));
		return 0;
	case R_RISCV_HI20:
		return put_u_type(loc, v);
	case R_RISCV_LO12_I:
		put_i_type(loc, v - hi20(v));
		return 0;
	case R_RISCV_LO12_S:
		put_s_type(loc, v - hi20(v));
		return 0;
	case R_RISCV_ADD8: add_to(loc, 1, v); return 0;
	case R_RISCV_ADD16: add_to(loc, 2, v); return 0;
	case R_RISCV_ADD32: add_to(loc, 4, v); return 0;
	case R_RISCV_ADD64: add_to(loc, 8, v); return 0;
	case R_RISCV_SUB8: add_to(loc, 1, -v); return 0;
	case R_RISCV_SUB16: add_to(loc, 2, -v); return 0;
	case R_RISCV_SUB32: add_to(loc, 4, -v); return 0;
	case R_RISCV_SUB64: add_to(loc, 8, -v); return 0;
	case R_RISCV_SUB6:
		*loc = (*loc & 0xc0) | ((uint8_t)(*loc - v) & 0x3f);
		return 0;
	case R_RISCV_SET6:
		*loc = (*loc & 0xc0) | ((uint8_t)v & 0x3f);
		return 0;
	case R_RISCV_SET8: *loc = (uint8_t)v; return 0;
	case R_RISCV_SET16: memcpy(loc, &(uint16_t){ (uint16_t)v }, 2); return 0;
	case R_RISCV_SET32: put32(loc, (uint32_t)v); return 0;
	default:
		return -ENOEXEC;
	}
}

static size_t width_of(unsigned int type)
{
	switch (type) {
	case R_RISCV_NONE: case R_RISCV_RELAX: case R_RISCV_ALIGN: return 0;
	case R_RISCV_64: case R_RISCV_ADD64: case R_RISCV_SUB64: return 8;
	case R_RISCV_CALL: case R_RISCV_CALL_PLT: return 8;
	case R_RISCV_ADD8: case R_RISCV_SUB8: case R_RISCV_SUB6:
	case R_RISCV_SET6: case R_RISCV_SET8: return 1;
	case R_RISCV_ADD16: case R_RISCV_SUB16: case R_RISCV_SET16:
	case R_RISCV_RVC_BRANCH: case R_RISCV_RVC_JUMP: return 2;
	default: return 4;
	}
}

static bool is_tls_type(unsigned int type)
{
	return (type >= R_RISCV_TLS_DTPMOD32 && type <= R_RISCV_TLS_TPREL64) ||
	       type == R_RISCV_TLS_GOT_HI20 || type == R_RISCV_TLS_GD_HI20 ||
	       (type >= R_RISCV_TPREL_HI20 && type <= R_RISCV_TPREL_ADD) ||
	       type == R_RISCV_TPREL_I || type == R_RISCV_TPREL_S;
}

static int apply_one(struct load_info *info, const struct arch_reloc *r)
{
	unsigned int type = r->type;
	const char *secname = umod_elf_section_name(&info->elf, r->relsec);
	char buf[32];
	int ret;

	if (r->room < width_of(type))
		return reloc_past_end(info, r);
	if (type == R_RISCV_ALIGN)
		return umod_fail(info->ctx, info->name, -ENOEXEC,
				 "unexpected relocation type R_RISCV_ALIGN in %s at offset %#llx: "
				 "build modules with -mno-relax",
				 secname, (unsigned long long)r->offset);
	ret = relocate(info, r);
	if (ret == -ENOEXEC)
		return reloc_unsupported(info, r, is_tls_type(type));
	if (ret == -ENOENT)
		return umod_fail(info->ctx, info->name, -ENOEXEC,
				 "relocation type %u at offset %#llx in %s: no HI20 relocation at %s",
				 type, (unsigned long long)r->offset, secname,
				 umod_elf_sym_name(&info->elf, &info->syms[r->sym]));
	if (ret)
		return reloc_out_of_range(info, r, type_name(type, buf, sizeof(buf)),
					  type == R_RISCV_HI20 ?
					  ": absolute 32-bit addresses need a non-PIE host" : TOO_FAR);
	return 0;
}

SLOT_WALKS(classify, apply_one)

const struct slot_ops arch_slot_ops = {
	.got_size = 8, .stub_size = PLT_SIZE, .stub_kinds = 1,
	.count_section = count_section, .write_got = write_got, .write_stub = write_plt,
	.apply_section = apply_section,
};

int arch_reloc_data(unsigned int type, unsigned char *loc, size_t room,
		    uint64_t S, int64_t A, uint64_t P)
{
	int64_t v = (int64_t)(S + (uint64_t)A);
	size_t width = width_of(type);

	if (room < width)
		return -ENOEXEC;
	switch (type) {
	case R_RISCV_NONE: case R_RISCV_RELAX: return 0;
	case R_RISCV_32:
		if ((uint64_t)v > UINT32_MAX)
			return -ENOEXEC;
		put32(loc, (uint32_t)v);
		break;
	case R_RISCV_64: memcpy(loc, &v, 8); break;
	case R_RISCV_32_PCREL:
		if (!fits_signed(v - (int64_t)P, 32))
			return -ENOEXEC;
		put32(loc, (uint32_t)(v - (int64_t)P));
		break;
	/* DWARF's lengths and offsets: label differences, ADD/SUB pairs. */
	case R_RISCV_ADD8: case R_RISCV_ADD16: case R_RISCV_ADD32: case R_RISCV_ADD64:
		add_to(loc, width, v);
		break;
	case R_RISCV_SUB8: case R_RISCV_SUB16: case R_RISCV_SUB32: case R_RISCV_SUB64:
		add_to(loc, width, -v);
		break;
	case R_RISCV_SUB6: *loc = (*loc & 0xc0) | ((uint8_t)(*loc - v) & 0x3f); break;
	case R_RISCV_SET6: *loc = (*loc & 0xc0) | ((uint8_t)v & 0x3f); break;
	case R_RISCV_SET8: *loc = (uint8_t)v; break;
	case R_RISCV_SET16: memcpy(loc, &(uint16_t){ (uint16_t)v }, 2); break;
	case R_RISCV_SET32: put32(loc, (uint32_t)v); break;
	default:
		return -ENOEXEC;
	}
	return (int)width;
}

/* RISC-V Linux keeps its per-CPU offset in a table indexed by the hart
 * id in tp's task, which is glibc's thread pointer here, and its stack
 * canary in __stack_chk_guard (builtins.c): no register for the area. */
int arch_set_percpu_base(void *base)
{
	(void)base;
	return 0;
}
