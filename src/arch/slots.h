/* SPDX-License-Identifier: MIT */
/*
 * slots.h - what every back end shares (src/arch/slots.c): the GOT slots
 * and branch stubs it reserves inside the module, counted before layout
 * one per symbol, as arm64 Linux's module-plts.c counts its PLT entries,
 * and the walk over a relocation section.  The back end says what each
 * relocation needs, how a slot and a stub look, and applies one
 * relocation.
 */
#ifndef UMOD_ARCH_SLOTS_H
#define UMOD_ARCH_SLOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "elf.h"		/* shared/ */

struct load_info;

/* One relocation, as counting sees it, SHT_REL or SHT_RELA. */
struct slot_reloc {
	unsigned int type;
	size_t sym;
	unsigned int dstsec;		/* the section it patches */
	int64_t addend;			/* SHT_RELA's; 0 for SHT_REL */
	const unsigned char *loc;	/* the place in the file, room bytes */
	size_t room;
};

/* What it may need: a GOT slot for its symbol, a stub of a kind (-1:
 * none), shared by the symbol's branches unless own. */
struct slot_need {
	bool got;
	int stub;
	bool own;
};

/* One relocation being applied, SHT_REL or SHT_RELA. */
struct arch_reloc {
	unsigned int relsec, type;
	size_t sym;
	int64_t addend;			/* SHT_RELA's; SHT_REL's is in the place */
	uint64_t offset;		/* in the section it patches */
	unsigned char *loc;		/* where the place is written */
	ptrdiff_t alias;		/* loc less where the place runs: 0 but
					 * in x86-64's two views (arena.c) */
	size_t room;			/* bytes from loc to the section's end */
};

struct slot_ops {
	size_t got_size, stub_size;	/* bytes of each */
	unsigned int stub_kinds;	/* arm: ARM and Thumb stubs */
	void (*classify)(struct load_info *info, const struct slot_reloc *r,
			 struct slot_need *need);
	void (*write_got)(unsigned char *slot, uintptr_t value);
	/* A stub of kind that jumps to target; its own slot, if it has one,
	 * is part of it. */
	void (*write_stub)(unsigned char *stub, unsigned int kind, uintptr_t target);
	/* Apply r; 0, or the load's failure with its message. */
	int (*apply_one)(struct load_info *info, const struct arch_reloc *r);
};

struct arch_slots {
	const struct slot_ops *ops;
	int32_t *got_idx;		/* per symbol: its slot, or -1 */
	int32_t *stub_idx;		/* per symbol and kind: its stub, or -1 */
	size_t ngot, nstub;		/* counted */
	size_t used_got, used_stub;
	unsigned char *got, *stubs;
	ptrdiff_t got_alias, stub_alias;	/* where they are written, less
						 * where they are (arena.c) */
};

/* A load's state on every machine: its slots. */
struct arch_load {
	struct arch_slots slots;
};

/* Before layout: count every allocated section's relocations. */
int slots_count(struct load_info *info, struct arch_slots *s,
		const struct slot_ops *ops, size_t *stub_bytes, size_t *got_bytes);
void slots_place(struct arch_slots *s, void *stubs, void *got,
		 ptrdiff_t stub_alias, ptrdiff_t got_alias);
void slots_free(struct arch_slots *s);
/* sym's GOT slot, holding value from its first use. */
uintptr_t slots_got(struct arch_slots *s, size_t sym, uintptr_t value);
/* A stub of kind to target for sym (shared unless own), or 0 when none
 * was counted for it. */
uintptr_t slots_stub(struct arch_slots *s, size_t sym, unsigned int kind,
		     uintptr_t target, bool own);

/* The failures every back end reports, in the same words. */
int reloc_past_end(struct load_info *info, const struct arch_reloc *r);
int reloc_unsupported(struct load_info *info, const struct arch_reloc *r, bool tls);
/* type is named; why ends the message (": the symbol is too far..."). */
int reloc_out_of_range(struct load_info *info, const struct arch_reloc *r,
		       const char *type, const char *why);
#define TOO_FAR	": the symbol is too far from the module"

/* A 32-bit place, which may be unaligned. */
static inline uint32_t get32(const unsigned char *loc)
{
	uint32_t v;

	memcpy(&v, loc, 4);
	return v;
}

static inline void put32(unsigned char *loc, uint32_t v)
{
	memcpy(loc, &v, 4);
}

/* arch_reloc_data for the 32-bit REL machines' word types: S + A, or
 * S + A - P when pcrel. */
int rel_reloc_data32(unsigned char *loc, size_t room, uint64_t S, int64_t A,
		     uint64_t P, bool pcrel);

#endif /* UMOD_ARCH_SLOTS_H */
