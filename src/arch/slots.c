// SPDX-License-Identifier: MIT
/*
 * slots.c - what every back end shares.  GOT slots and branch stubs
 * inside the module: counted before layout from a byte of marks per
 * symbol (so layout can reserve them in the module's own text and
 * rodata), then handed out in first-use order as relocations are
 * applied.  Each relocation section, SHT_RELA on the 64-bit machines
 * and SHT_REL on i386 and arm (as Linux's apply_relocate_add and
 * apply_relocate), is walked by the back end's instance of slots.h's
 * walks, its classify and apply_one inlined.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../arch.h"
#include "../internal.h"
#include "slots.h"

/* Where a section's entries and the section they patch are; counting
 * reads the patched bytes in the file, applying writes the loaded copy. */
static void walk_init(struct load_info *info, unsigned int relsec, bool apply,
		      struct reloc_walk *w)
{
	const ElfW(Shdr) *rs = &info->sechdrs[relsec];
	const ElfW(Shdr) *dst = &info->sechdrs[rs->sh_info];

	w->rel = info->image + rs->sh_offset;
	w->end = w->rel + rs->sh_size;	/* a multiple of the entry (elf.c) */
	w->relsec = relsec;
	w->dstsec = rs->sh_info;
	w->size = dst->sh_size;
	w->values = NULL;
	w->alias = apply ? info->mem[info->sec_type[rs->sh_info]].alias : 0;
	if (apply)
		w->base = (unsigned char *)(uintptr_t)dst->sh_addr + w->alias;
	else
		w->base = dst->sh_type == SHT_NOBITS ? NULL :
			  (unsigned char *)(uintptr_t)(info->image + dst->sh_offset);
}

static int32_t *new_index(size_t n)
{
	int32_t *idx = umod_malloc(n ? n * sizeof(*idx) : 1);

	if (idx)
		memset(idx, 0xff, n * sizeof(*idx));
	return idx;
}

/* The marks, one pass over the symbols: how many slots and shared stubs. */
static void count_marks(struct load_info *info, struct arch_slots *s, size_t nsyms)
{
	for (size_t i = 0; i < nsyms; i++) {
		unsigned int m = s->marks[i];

		if (m && s->ops->sym_marks)
			m = s->ops->sym_marks(info, i, m);
		s->ngot += m & SLOT_GOT;
		for (unsigned int k = 0; k < s->ops->stub_kinds; k++)
			s->nstub += m >> k & SLOT_STUB ? 1 : 0;
	}
}

int slots_count(struct load_info *info, struct arch_slots *s,
		const struct slot_ops *ops, size_t *stub_bytes, size_t *got_bytes)
{
	size_t nsyms = info->elf.nsyms;

	s->ops = ops;
	s->marks = umod_calloc(nsyms ? nsyms : 1, 1);
	if (!s->marks)
		goto nomem;
	for (unsigned int i = 1; i < info->elf.shnum; i++) {
		const ElfW(Shdr) *rs = &info->sechdrs[i];
		struct reloc_walk w;

		if (rs->sh_type == SLOT_SHT &&
		    info->sechdrs[rs->sh_info].sh_flags & SHF_ALLOC) {
			walk_init(info, i, false, &w);
			ops->count_section(info, s, &w);
		}
	}
	count_marks(info, s, nsyms);
	free(s->marks);
	s->marks = NULL;
	/* Most modules need no GOT, many no stub: no index either. */
	if ((s->ngot && !(s->got_idx = new_index(nsyms))) ||
	    (s->nstub && !(s->stub_idx = new_index(nsyms * ops->stub_kinds))))
		goto nomem;
	*stub_bytes = s->nstub * ops->stub_size;
	*got_bytes = s->ngot * ops->got_size;
	return 0;

nomem:
	return umod_fail(info->ctx, info->name, -ENOMEM, "out of memory");
}

void slots_place(struct arch_slots *s, void *stubs, void *got,
		 ptrdiff_t stub_alias, ptrdiff_t got_alias)
{
	s->stubs = stubs;
	s->got = got;
	s->stub_alias = stub_alias;
	s->got_alias = got_alias;
}

void slots_free(struct arch_slots *s)
{
	free(s->marks);
	free(s->values);
	free(s->got_idx);
	free(s->stub_idx);
	s->marks = NULL;
	s->values = NULL;
	s->got_idx = s->stub_idx = NULL;
}

uintptr_t slots_got(struct arch_slots *s, size_t sym, uintptr_t value)
{
	if (!s->ngot)
		return 0;	/* none counted: classify and apply disagree */
	if (s->got_idx[sym] < 0) {
		s->got_idx[sym] = (int32_t)s->used_got++;
		s->ops->write_got(s->got + (size_t)s->got_idx[sym] * s->ops->got_size +
				  s->got_alias, value);
	}
	return (uintptr_t)(s->got + (size_t)s->got_idx[sym] * s->ops->got_size);
}

uintptr_t slots_stub(struct arch_slots *s, size_t sym, unsigned int kind,
		     uintptr_t target, bool own)
{
	int32_t *idx;
	unsigned char *stub;

	if (!s->nstub)
		return 0;
	idx = &s->stub_idx[sym * s->ops->stub_kinds + kind];
	if (!own && *idx >= 0)
		return (uintptr_t)(s->stubs + (size_t)*idx * s->ops->stub_size);
	if (s->used_stub == s->nstub)
		return 0;
	stub = s->stubs + s->used_stub * s->ops->stub_size;
	if (!own)
		*idx = (int32_t)s->used_stub;
	s->used_stub++;
	s->ops->write_stub(stub + s->stub_alias, kind, target);
	return (uintptr_t)stub;
}

/* ---- arch.h's per-load steps, the same on every machine ---- */

int arch_frob_sections(struct load_info *info, const struct slot_ops *ops,
		       size_t *stub_bytes, size_t *got_bytes)
{
	info->arch = umod_calloc(1, sizeof(*info->arch));
	if (!info->arch)
		return umod_fail(info->ctx, info->name, -ENOMEM, "out of memory");
	return slots_count(info, &info->arch->slots, ops, stub_bytes, got_bytes);
}

void arch_place_stubs(struct load_info *info, void *stubs, void *got)
{
	slots_place(&info->arch->slots, stubs, got, info->mem[MOD_TEXT].alias,
		    info->mem[MOD_RODATA].alias);
}

void arch_load_free(struct load_info *info)
{
	if (!info->arch)
		return;
	slots_free(&info->arch->slots);
	free(info->arch);
	info->arch = NULL;
}

/* ---- Applying a relocation section ---- */

__attribute__((cold))
int __reloc_past_end(struct load_info *info, unsigned int relsec, uint64_t offset)
{
	return umod_fail(info->ctx, info->name, -ENOEXEC,
			 "relocation at offset %#llx runs past the end of its section in %s",
			 (unsigned long long)offset, umod_elf_section_name(&info->elf, relsec));
}

__attribute__((cold))
int __reloc_unsupported(struct load_info *info, unsigned int relsec, unsigned int type,
			bool tls)
{
	return umod_fail(info->ctx, info->name, -ENOEXEC,
			 "relocation type %u%s not supported in %s", type,
			 tls ? " (thread-local storage)" : "",
			 umod_elf_section_name(&info->elf, relsec));
}

__attribute__((cold))
int __reloc_out_of_range(struct load_info *info, unsigned int relsec, size_t sym,
			 const void *place, const char *type, const char *why)
{
	return umod_fail(info->ctx, info->name, -ENOEXEC,
			 "%s relocation against %s out of range in %s "
			 "(target %#llx, place %p)%s", type,
			 umod_elf_sym_name(&info->elf, &info->syms[sym]),
			 umod_elf_section_name(&info->elf, relsec),
			 (unsigned long long)info->syms[sym].st_value, place, why);
}

int rel_reloc_data32(unsigned char *loc, size_t room, uint64_t S, int64_t A,
		     uint64_t P, bool pcrel)
{
	if (room < 4)
		return -ENOEXEC;
	put32(loc, (uint32_t)(S + (uint64_t)A - (pcrel ? P : 0)));
	return 4;
}

/* The symbols' final values, dense: the walk reads one per entry. */
static int gather_values(struct load_info *info, struct arch_slots *s)
{
	size_t nsyms = info->elf.nsyms;

	s->values = umod_malloc(nsyms ? nsyms * sizeof(*s->values) : 1);
	if (!s->values)
		return umod_fail(info->ctx, info->name, -ENOMEM, "out of memory");
	for (size_t i = 0; i < nsyms; i++)
		s->values[i] = info->syms[i].st_value;
	return 0;
}

static int apply_section(struct load_info *info, unsigned int relsec)
{
	const ElfW(Shdr) *rs = &info->sechdrs[relsec];
	struct arch_slots *s = &info->arch->slots;
	struct reloc_walk w;

	if (info->sechdrs[rs->sh_info].sh_type == SHT_NOBITS && rs->sh_size)
		return umod_fail(info->ctx, info->name, -ENOEXEC,
				 "relocations against %s, which has no bits",
				 umod_elf_section_name(&info->elf, rs->sh_info));
	if (!s->values && gather_values(info, s))
		return -ENOMEM;
	walk_init(info, relsec, true, &w);
	w.values = s->values;
	return s->ops->apply_section(info, &w);
}

#ifdef UMOD_ARCH_HAS_REL
int arch_apply_relocate(struct load_info *info, unsigned int relsec)
{
	return apply_section(info, relsec);
}

/* RELA is refused, as Linux's default apply_relocate_add. */
int arch_apply_relocate_add(struct load_info *info, unsigned int relsec)
{
	return umod_fail(info->ctx, info->name, -ENOEXEC, "RELA relocation unsupported in %s",
			 umod_elf_section_name(&info->elf, relsec));
}
#else
int arch_apply_relocate_add(struct load_info *info, unsigned int relsec)
{
	return apply_section(info, relsec);
}
#endif
