// SPDX-License-Identifier: MIT
/*
 * symbols.c - one hash index over every export, the host's and modules'.
 *
 * Open addressing with linear probing: a lookup is one hash and, at the
 * load kept here, one or two cache lines, whatever the number of modules.
 * Removal shifts the rest of the cluster back instead of leaving
 * tombstones, so a host that loads and unloads forever never degrades.
 * Entries are stored inline; names are not copied, they live in the host's
 * image or the owning module's memory, which outlive the entry.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SYMINDEX_MIN_SLOTS	64

/* FNV-1a 64, folded to 32 bits so the low bits, which pick the slot, see
 * the well-mixed high half too. */
uint32_t symindex_hash(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	uint64_t h = 0xcbf29ce484222325ull;

	while (*p) {
		h ^= *p++;
		h *= 0x100000001b3ull;
	}
	return (uint32_t)(h ^ (h >> 32));
}

/* The slot holding name, or the empty slot ending its probe sequence. */
static size_t probe(const struct umod_symindex *ix, const char *name,
		    uint32_t hash)
{
	size_t i = hash & ix->mask;
	const struct umod_ksym *s;

	for (;; i = (i + 1) & ix->mask) {
		s = &ix->slots[i];
		if (!s->name || (s->hash == hash && !strcmp(s->name, name)))
			return i;
	}
}

const struct umod_ksym *symindex_find(const struct umod_symindex *ix,
				      const char *name)
{
	size_t i;

	if (!ix->count)
		return NULL;
	i = probe(ix, name, symindex_hash(name));
	return ix->slots[i].name ? &ix->slots[i] : NULL;
}

/* Grow past 5/8 full: linear probing stays short below that. */
static bool needs_grow(const struct umod_symindex *ix)
{
	size_t cap = ix->slots ? ix->mask + 1 : 0;

	return (ix->count + 1) * 8 > cap * 5;
}

static int grow(struct umod_symindex *ix)
{
	size_t cap = ix->slots ? (ix->mask + 1) * 2 : SYMINDEX_MIN_SLOTS;
	struct umod_ksym *slots, *s;
	size_t i, j;

	if (cap > SIZE_MAX / 2 / sizeof(*slots))
		return -ENOMEM;
	slots = umod_calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (i = 0; ix->slots && i <= ix->mask; i++) {
		s = &ix->slots[i];
		if (!s->name)
			continue;
		for (j = s->hash & (cap - 1); slots[j].name; j = (j + 1) & (cap - 1))
			;
		slots[j] = *s;
	}
	free(ix->slots);
	ix->slots = slots;
	ix->mask = cap - 1;
	return 0;
}

int symindex_insert(struct umod_symindex *ix, const struct umod_ksym *sym,
		    const struct umod_ksym **clash)
{
	uint32_t hash = symindex_hash(sym->name);
	size_t i = 0;

	if (ix->slots) {
		i = probe(ix, sym->name, hash);
		if (ix->slots[i].name) {
			if (clash)
				*clash = &ix->slots[i];
			return -EEXIST;
		}
	}
	if (needs_grow(ix)) {
		if (grow(ix))
			return -ENOMEM;
		i = probe(ix, sym->name, hash);
	}
	ix->slots[i] = *sym;
	ix->slots[i].hash = hash;
	ix->count++;
	return 0;
}

/*
 * Backward-shift deletion: walk the cluster after the hole and move back
 * every entry whose home slot does not lie between the hole and itself,
 * so each remaining entry stays reachable from its home without gaps.
 */
void symindex_remove(struct umod_symindex *ix, const char *name)
{
	size_t hole, j, home;

	if (!ix->count)
		return;
	hole = probe(ix, name, symindex_hash(name));
	if (!ix->slots[hole].name)
		return;
	for (j = (hole + 1) & ix->mask; ix->slots[j].name;
	     j = (j + 1) & ix->mask) {
		home = ix->slots[j].hash & ix->mask;
		if (((j - home) & ix->mask) >= ((j - hole) & ix->mask)) {
			ix->slots[hole] = ix->slots[j];
			hole = j;
		}
	}
	memset(&ix->slots[hole], 0, sizeof(ix->slots[hole]));
	ix->count--;
}

void symindex_free(struct umod_symindex *ix)
{
	free(ix->slots);
	memset(ix, 0, sizeof(*ix));
}

/* Linux's PREL32 entries: each offset is relative to its own field.  The
 * target is another object, so the sum is done on integers. */
static const char *ksym_name(const struct kernel_symbol *ks)
{
	return (const char *)((uintptr_t)&ks->name_offset + (intptr_t)ks->name_offset);
}

static void *ksym_value(const struct kernel_symbol *ks)
{
	return (void *)((uintptr_t)&ks->value_offset + (intptr_t)ks->value_offset);
}

static void remove_kernel_symbols(struct umod_symindex *ix,
				  const struct kernel_symbol *start,
				  const struct kernel_symbol *stop)
{
	const struct kernel_symbol *ks;

	for (ks = start; ks < stop; ks++)
		if (*ksym_name(ks))
			symindex_remove(ix, ksym_name(ks));
}

int add_kernel_symbols(struct umod_ctx *ctx, const struct kernel_symbol *start,
		       const struct kernel_symbol *stop, bool gpl,
		       struct module *owner, char *err, size_t errlen)
{
	return add_kernel_symbols_crc(ctx, start, stop, gpl, NULL, owner, err,
				      errlen);
}

int add_kernel_symbols_crc(struct umod_ctx *ctx,
			   const struct kernel_symbol *start,
			   const struct kernel_symbol *stop, bool gpl,
			   const int32_t *crcs, struct module *owner,
			   char *err, size_t errlen)
{
	const struct kernel_symbol *ks;
	const struct umod_ksym *clash;
	struct umod_ksym sym;
	int ret;

	for (ks = start; start && ks < stop; ks++) {
		sym = (struct umod_ksym){
			.name = ksym_name(ks),
			.addr = ksym_value(ks),
			.owner = owner,
			.crc = crcs ? &crcs[ks - start] : NULL,
			.gpl = gpl,
		};
		if (!*sym.name)
			continue;
		ret = symindex_insert(&ctx->index, &sym, &clash);
		if (ret)
			goto undo;
	}
	return 0;

undo:
	if (ret == -EEXIST) {
		snprintf(err, errlen, "exports duplicate symbol %s (owned by %s)",
			 sym.name, clash->owner ? clash->owner->name : "kernel");
		ret = -ENOEXEC;
	} else {
		snprintf(err, errlen, "out of memory indexing symbol %s",
			 sym.name);
	}
	remove_kernel_symbols(&ctx->index, start, ks);
	return ret;
}
