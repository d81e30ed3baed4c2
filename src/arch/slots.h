/* SPDX-License-Identifier: MIT */
/*
 * slots.h - what every back end shares (src/arch/slots.c): the GOT slots
 * and branch stubs it reserves inside the module, counted before layout
 * one per symbol, as arm64 Linux's module-plts.c counts its PLT entries,
 * and the two walks over a relocation section.  The back end says what
 * each relocation needs, how a slot and a stub look, and applies one
 * relocation; the walks are inline templates here, which each back end
 * instantiates with its own classify and apply_one, so that the loops
 * over tens of thousands of entries make no indirect call per entry.
 */
#ifndef UMOD_ARCH_SLOTS_H
#define UMOD_ARCH_SLOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "elf.h"		/* shared/ */
#include "../arch.h"

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
	uint64_t S;			/* the symbol's final value */
	uint64_t offset;		/* in the section it patches */
	unsigned char *loc;		/* where the place is written */
	ptrdiff_t alias;		/* loc less where the place runs: 0 but
					 * in x86-64's two views (arena.c) */
	size_t room;			/* bytes from loc to the section's end */
};

struct arch_slots;

/* One relocation section of the machine's kind (SLOT_SHT), as both
 * walks see it. */
struct reloc_walk {
	const unsigned char *rel, *end;	/* its entries */
	unsigned int relsec, dstsec;
	unsigned char *base;		/* counting: the patched section in
					 * the file (NULL: no bits); applying:
					 * where it is written */
	ptrdiff_t alias;		/* applying: base less where it runs */
	size_t size;			/* the patched section's */
	const uint64_t *values;		/* applying: arch_slots.values */
};

struct slot_ops {
	size_t got_size, stub_size;	/* bytes of each */
	unsigned int stub_kinds;	/* arm: ARM and Thumb stubs */
	/* Mark what one section's relocations need (slots_count_walk). */
	void (*count_section)(struct load_info *info, struct arch_slots *s,
			      const struct reloc_walk *w);
	/* Optional: which of a symbol's marks stand, once all are in (a
	 * test on the symbol made once rather than per relocation). */
	unsigned int (*sym_marks)(struct load_info *info, size_t sym, unsigned int marks);
	void (*write_got)(unsigned char *slot, uintptr_t value);
	/* A stub of kind that jumps to target; its own slot, if it has one,
	 * is part of it. */
	void (*write_stub)(unsigned char *stub, unsigned int kind, uintptr_t target);
	/* Apply one section (slots_apply_walk); 0, or the load's failure
	 * with its message. */
	int (*apply_section)(struct load_info *info, const struct reloc_walk *w);
};

/* A symbol's mark while counting: it needs a GOT slot; it needs a
 * shared stub of kind k (SLOT_STUB << k). */
#define SLOT_GOT	1u
#define SLOT_STUB	2u

struct arch_slots {
	const struct slot_ops *ops;
	uint8_t *marks;			/* while counting: per symbol, SLOT_* */
	uint64_t *values;		/* while applying: per symbol, its
					 * st_value, a third of the lines */
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

/* The kind of relocation section the machine's modules have: SHT_REL on
 * i386 and arm, SHT_RELA on the others (arch.h).  The walks are built for
 * it alone; a section of the other kind is not counted, and applying
 * refuses it, as Linux does. */
#ifdef UMOD_ARCH_HAS_REL
#define SLOT_RELA	false
#define SLOT_SHT	SHT_REL
#else
#define SLOT_RELA	true
#define SLOT_SHT	SHT_RELA
#endif

/* A back end's classify: what r needs. */
typedef void slot_classify_fn(struct load_info *info, const struct slot_reloc *r,
			      struct slot_need *need);
/* A back end's apply_one: apply r; 0, or the load's failure. */
typedef int slot_apply_fn(struct load_info *info, const struct arch_reloc *r);

/* Count one section: a byte of marks per symbol, OR-ed in without a
 * test, stands for the "seen" check of a dedup (Linux's count_plts sorts
 * instead); stubs of their own (a branch with its own addend) are
 * counted as they come.  The fields are read once, into locals, since
 * classify may write through info. */
static inline __attribute__((always_inline)) void
slots_count_walk(struct load_info *info, struct arch_slots *s,
		 const struct reloc_walk *w, slot_classify_fn *classify)
{
	const unsigned char *p = w->rel, *end = w->end, *base = w->base;
	const size_t entsize = SLOT_RELA ? sizeof(ElfW(Rela)) : sizeof(ElfW(Rel));
	size_t size = w->size, own = 0;
	unsigned int dstsec = w->dstsec;
	const bool rela = SLOT_RELA;
	uint8_t *marks = s->marks;

	for (; p < end; p += entsize) {
		const ElfW(Rela) *e = (const void *)p;
		struct slot_reloc r = {
			.type = ELFW(R_TYPE)(e->r_info), .sym = ELFW(R_SYM)(e->r_info),
			.dstsec = dstsec,
			.addend = rela ? (int64_t)e->r_addend : 0,
			.loc = base ? base + e->r_offset : NULL,
			.room = base ? size - e->r_offset : 0,
		};
		struct slot_need need = { false, -1, false };
		bool shared;

		classify(info, &r, &need);
		shared = need.stub >= 0 && !need.own;
		marks[r.sym] |= (uint8_t)((need.got ? SLOT_GOT : 0) |
					  (shared ? SLOT_STUB << need.stub : 0));
		own += need.stub >= 0 && need.own;
	}
	s->nstub += own;
}

/* Apply one section, entry by entry. */
static inline __attribute__((always_inline)) int
slots_apply_walk(struct load_info *info, const struct reloc_walk *w,
		 slot_apply_fn *apply_one)
{
	const unsigned char *p = w->rel, *end = w->end;
	unsigned char *base = w->base;
	const size_t entsize = SLOT_RELA ? sizeof(ElfW(Rela)) : sizeof(ElfW(Rel));
	size_t size = w->size;
	unsigned int relsec = w->relsec;
	ptrdiff_t alias = w->alias;
	const bool rela = SLOT_RELA;
	const uint64_t *values = w->values;

	for (; p < end; p += entsize) {
		const ElfW(Rela) *e = (const void *)p;
		struct arch_reloc r = {
			.relsec = relsec, .type = ELFW(R_TYPE)(e->r_info),
			.sym = ELFW(R_SYM)(e->r_info),
			.addend = rela ? (int64_t)e->r_addend : 0,
			.S = values[ELFW(R_SYM)(e->r_info)],
			.offset = e->r_offset,
			.loc = base + e->r_offset,
			.alias = alias,
			.room = size - e->r_offset,
		};
		int ret = apply_one(info, &r);

		if (ret)
			return ret;
	}
	return 0;
}

/* A back end's two section walks, its classify and apply_one inlined. */
#define SLOT_WALKS(classify, apply_one)						\
static void count_section(struct load_info *info, struct arch_slots *s,	\
			  const struct reloc_walk *w)				\
{										\
	slots_count_walk(info, s, w, classify);					\
}										\
static int apply_section(struct load_info *info, const struct reloc_walk *w)	\
{										\
	return slots_apply_walk(info, w, apply_one);				\
}

/* Before layout: count every allocated section's relocations. */
int slots_count(struct load_info *info, struct arch_slots *s,
		const struct slot_ops *ops, size_t *stub_bytes, size_t *got_bytes);
void slots_place(struct arch_slots *s, void *stubs, void *got,
		 ptrdiff_t stub_alias, ptrdiff_t got_alias);
void slots_free(struct arch_slots *s);
/* sym's GOT slot, holding value from its first use; 0 when none was
 * counted. */
uintptr_t slots_got(struct arch_slots *s, size_t sym, uintptr_t value);
/* A stub of kind to target for sym (shared unless own), or 0 when none
 * was counted for it. */
uintptr_t slots_stub(struct arch_slots *s, size_t sym, unsigned int kind,
		     uintptr_t target, bool own);

/* The failures every back end reports, in the same words.  They take
 * the fields they name, not the relocation: were the walk's struct to
 * escape into these cold calls, the compiler would store all its fields
 * to the stack for every entry rather than keep them in registers. */
int __reloc_past_end(struct load_info *info, unsigned int relsec, uint64_t offset);
int __reloc_unsupported(struct load_info *info, unsigned int relsec, unsigned int type,
			bool tls);
int __reloc_out_of_range(struct load_info *info, unsigned int relsec, size_t sym,
			 const void *place, const char *type, const char *why);

static inline int reloc_past_end(struct load_info *info, const struct arch_reloc *r)
{
	return __reloc_past_end(info, r->relsec, r->offset);
}

static inline int reloc_unsupported(struct load_info *info, const struct arch_reloc *r,
				    bool tls)
{
	return __reloc_unsupported(info, r->relsec, r->type, tls);
}

/* type is named; why ends the message (": the symbol is too far..."). */
static inline int reloc_out_of_range(struct load_info *info, const struct arch_reloc *r,
				     const char *type, const char *why)
{
	return __reloc_out_of_range(info, r->relsec, r->sym, r->loc - r->alias, type, why);
}
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
