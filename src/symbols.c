// SPDX-License-Identifier: MIT
/*
 * symbols.c - one hash index over every export, the host's and modules'.
 *
 * Open addressing with linear probing over compact slots: a slot is the
 * name's 32-bit hash and the number of its record, 8 bytes, so a probe
 * reads one cache line of slots and leaves it only for the final compare.
 * The records live in a pool of their own, each with its name copied in
 * just after it: the compare and what a hit returns (address, owner,
 * CRC) share a line or two, instead of the name in the owner's pages and
 * the owner's struct module on another.  Whether the owner is live is a
 * bit of the slot, kept by set_module_state, so resolving an import never
 * reads the module that exports it.
 *
 * Big tables and the pool are laid on huge pages (huge_alloc).  A load
 * looks its imports up together (symindex_find_many), the misses of some
 * dozen lookups overlapped.
 *
 * Removal shifts the rest of the cluster back instead of leaving
 * tombstones, and a removed record goes on a free list of its size: a
 * host that loads and unloads forever neither degrades nor grows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#define SYMINDEX_MIN_SLOTS	64
#define HUGE_PAGE	(2u << 20)
/* Record numbers are block << OFF_BITS | offset / POOL_ALIGN.  The first
 * block is small, for the many small indexes; the others are huge pages. */
#define POOL_FIRST	(64u << 10)
#define POOL_BLOCK	HUGE_PAGE
#define POOL_ALIGN	16
#define OFF_BITS	17
#define MAX_BLOCKS	(1u << 12)
#define CACHE_LINE	64
#define REF_LIVE	1u

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

/* ---- the record pool ---- */

/* A free record: the next one on its list, and its size. */
struct free_rec {
	uint32_t next;
	uint32_t size;
};

static uint32_t rec_ref(size_t block, size_t off)
{
	return (uint32_t)(((block << OFF_BITS | off / POOL_ALIGN) + 1) << 1);
}

static void *rec_at(const struct umod_sympool *p, uint32_t ref)
{
	uint32_t n = (ref >> 1) - 1;

	return p->blocks[n >> OFF_BITS] +
	       (size_t)(n & ((1u << OFF_BITS) - 1)) * POOL_ALIGN;
}

/*
 * A big table is looked up at random: one 2 MiB page covers what would
 * be 512 TLB entries, and a million exports need some 40 of them instead
 * of 20,000 (a TLB miss walks the page tables, two of them on a VM).  The
 * range is aligned so the kernel can back it with huge pages; a hint.
 */
static void *huge_alloc(size_t len)
{
	size_t span = len + HUGE_PAGE;
	char *p = umod_mmap(NULL, span, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *a;

	if (p == MAP_FAILED)
		return NULL;
	a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (a > p)
		munmap(p, a - p);
	munmap(a + len, p + span - (a + len));
#ifdef MADV_HUGEPAGE
	madvise(a, len, MADV_HUGEPAGE);
#endif
	return a;
}

static size_t rec_size(size_t namelen)
{
	return (sizeof(struct umod_ksym) + namelen + 1 + POOL_ALIGN - 1) &
	       ~(size_t)(POOL_ALIGN - 1);
}

static uint32_t *free_list(struct umod_sympool *p, size_t size)
{
	size_t class = size / POOL_ALIGN;

	return class < SYMPOOL_CLASSES ? &p->free[class] : &p->free_big;
}

static uint32_t reuse(struct umod_sympool *p, size_t size)
{
	uint32_t *link = free_list(p, size), ref;
	struct free_rec *f;

	for (; (ref = *link); link = &f->next) {
		f = rec_at(p, ref);
		if (f->size == size) {
			*link = f->next;
			return ref;
		}
	}
	return 0;
}

/* A block's length: the first is small, for the many small indexes. */
static size_t block_len(size_t i, size_t size)
{
	return i || size > POOL_FIRST ? POOL_BLOCK : POOL_FIRST;
}

static int add_block(struct umod_sympool *p, size_t size)
{
	size_t cap = p->cap ? p->cap * 2 : 16, len = block_len(p->nblocks, size);
	char **blocks = p->blocks, *b;
	size_t *lens = p->lens;

	if (p->nblocks >= MAX_BLOCKS || size > POOL_BLOCK)
		return -ENOMEM;		/* more than a record number holds */
	if (p->nblocks == p->cap) {
		blocks = umod_realloc(p->blocks, cap * sizeof(*blocks));
		if (blocks)
			p->blocks = blocks;
		lens = blocks ? umod_realloc(p->lens, cap * sizeof(*lens)) : NULL;
		if (!lens)
			return -ENOMEM;
		p->lens = lens;
		p->cap = cap;
	}
	b = p->nblocks ? huge_alloc(len) : umod_malloc(len);
	if (!b)
		return -ENOMEM;
	blocks[p->nblocks] = b;
	lens[p->nblocks++] = len;
	p->used = 0;
	p->len = len;
	return 0;
}

/* A record of size bytes, a line of its own where it fits in one. */
static uint32_t rec_alloc(struct umod_sympool *p, size_t size)
{
	uint32_t ref = reuse(p, size);
	size_t off;

	if (ref)
		return ref;
	off = p->used;
	if (size <= CACHE_LINE && off % CACHE_LINE + size > CACHE_LINE)
		off = (off + CACHE_LINE - 1) & ~(size_t)(CACHE_LINE - 1);
	if (!p->nblocks || off + size > p->len) {
		if (add_block(p, size))
			return 0;
		off = 0;
	}
	p->used = off + size;
	return rec_ref(p->nblocks - 1, off);
}

static void rec_free(struct umod_sympool *p, uint32_t ref)
{
	struct umod_ksym *k = rec_at(p, ref);
	size_t size = rec_size(strlen(k->name));
	struct free_rec *f = (struct free_rec *)k;
	uint32_t *link = free_list(p, size);

	ref &= ~REF_LIVE;
	f->size = size;
	f->next = *link;
	*link = ref;
}

static void pool_free(struct umod_sympool *p)
{
	for (size_t i = 0; i < p->nblocks; i++) {
		if (i)
			munmap(p->blocks[i], p->lens[i]);
		else
			free(p->blocks[i]);
	}
	free(p->blocks);
	free(p->lens);
}

/* ---- the slots ---- */

static const struct umod_ksym *slot_rec(const struct umod_symindex *ix, size_t i)
{
	return rec_at(&ix->pool, ix->slots[i].ref);
}

/* The slot holding name, or the empty slot ending its probe sequence,
 * from slot i of it on. */
static size_t probe_from(const struct umod_symindex *ix, const char *name,
			 uint32_t hash, size_t i)
{
	const struct umod_symslot *s;

	for (;; i = (i + 1) & ix->mask) {
		s = &ix->slots[i];
		if (!s->ref || (s->hash == hash && !strcmp(slot_rec(ix, i)->name, name)))
			return i;
	}
}

static size_t probe(const struct umod_symindex *ix, const char *name,
		    uint32_t hash)
{
	return probe_from(ix, name, hash, hash & ix->mask);
}

const struct umod_ksym *symindex_find_live(const struct umod_symindex *ix,
					   const char *name, bool *live)
{
	size_t i;

	if (!ix->count)
		return NULL;
	i = probe(ix, name, symindex_hash(name));
	if (!ix->slots[i].ref)
		return NULL;
	if (live)
		*live = ix->slots[i].ref & REF_LIVE;
	return slot_rec(ix, i);
}

const struct umod_ksym *symindex_find(const struct umod_symindex *ix,
				      const char *name)
{
	return symindex_find_live(ix, name, NULL);
}

bool symindex_set_crc(struct umod_symindex *ix, const char *name,
		      const int32_t *crc)
{
	size_t i;

	if (!ix->count)
		return false;
	i = probe(ix, name, symindex_hash(name));
	if (!ix->slots[i].ref)
		return false;
	((struct umod_ksym *)slot_rec(ix, i))->crc = crc;
	return true;
}

const struct umod_ksym *symindex_at(const struct umod_symindex *ix, size_t i)
{
	return ix->slots && i <= ix->mask && ix->slots[i].ref ? slot_rec(ix, i) : NULL;
}

static struct umod_symslot *slots_alloc(size_t cap)
{
	size_t len = cap * sizeof(struct umod_symslot);

	return len < HUGE_PAGE ? umod_calloc(cap, sizeof(struct umod_symslot)) :
				 huge_alloc(len);
}

static void slots_free(struct umod_symslot *slots, size_t cap)
{
	size_t len = cap * sizeof(*slots);

	if (len < HUGE_PAGE)
		free(slots);
	else if (slots)
		munmap(slots, len);
}

/*
 * A module's imports, looked up together.  One lookup on its own waits
 * for two misses in turn, its slot and then its record; here each is
 * three steps a few lookups apart (hash and fetch the slot, find the
 * hash in it and fetch the record, compare the name), so that the
 * misses of some thirty lookups are under way at once.  Only the third
 * step compares names: the first two read the slots alone.
 */
#define FIND_AHEAD	16

static void find_fetch_slot(const struct umod_symindex *ix,
			    struct symindex_query *q)
{
	q->hash = symindex_hash(q->name);
	__builtin_prefetch(&ix->slots[q->hash & ix->mask]);
}

/* The first slot with the hash, or the empty one ending the run. */
static void find_fetch_record(const struct umod_symindex *ix,
			      struct symindex_query *q)
{
	size_t i = q->hash & ix->mask;
	const struct umod_symslot *s;

	for (;; i = (i + 1) & ix->mask) {
		s = &ix->slots[i];
		if (!s->ref || s->hash == q->hash)
			break;
	}
	if (s->ref) {
		const struct umod_ksym *k = slot_rec(ix, i);

		/* strcmp reads the name a vector at a time, 32 bytes from
		 * its start, into the next line when the name starts late. */
		__builtin_prefetch(k);
		__builtin_prefetch((const char *)(k + 1) + 31);
	}
	q->slot = (uint32_t)i;
}

static void find_compare(const struct umod_symindex *ix, struct symindex_query *q)
{
	size_t i = q->slot;

	if (ix->slots[i].ref && strcmp(slot_rec(ix, i)->name, q->name))
		i = probe_from(ix, q->name, q->hash, (i + 1) & ix->mask);
	q->sym = ix->slots[i].ref ? slot_rec(ix, i) : NULL;
	q->live = ix->slots[i].ref & REF_LIVE;
}

void symindex_find_many(const struct umod_symindex *ix,
			struct symindex_query *q, size_t n)
{
	size_t i;

	if (!ix->count) {
		for (i = 0; i < n; i++)
			q[i] = (struct symindex_query){ .name = q[i].name };
		return;
	}
	for (i = 0; i < n + 2 * FIND_AHEAD; i++) {
		if (i < n)
			find_fetch_slot(ix, &q[i]);
		if (i >= FIND_AHEAD && i - FIND_AHEAD < n)
			find_fetch_record(ix, &q[i - FIND_AHEAD]);
		if (i >= 2 * FIND_AHEAD)
			find_compare(ix, &q[i - 2 * FIND_AHEAD]);
	}
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
	struct umod_symslot *slots, *s;
	size_t i, j;

	if (cap > SIZE_MAX / 2 / sizeof(*slots))
		return -ENOMEM;
	slots = slots_alloc(cap);
	if (!slots)
		return -ENOMEM;
	for (i = 0; ix->slots && i <= ix->mask; i++) {
		s = &ix->slots[i];
		if (!s->ref)
			continue;
		for (j = s->hash & (cap - 1); slots[j].ref; j = (j + 1) & (cap - 1))
			;
		slots[j] = *s;
	}
	if (ix->slots)
		slots_free(ix->slots, ix->mask + 1);
	ix->slots = slots;
	ix->mask = cap - 1;
	return 0;
}

/* The host's exports are live from the start, a module's once it is. */
static uint32_t new_record(struct umod_symindex *ix, const struct umod_ksym *sym,
			   uint32_t hash)
{
	size_t len = strlen(sym->name);
	uint32_t ref = rec_alloc(&ix->pool, rec_size(len));
	struct umod_ksym *k;

	if (!ref)
		return 0;
	k = rec_at(&ix->pool, ref);
	*k = *sym;
	k->name = memcpy(k + 1, sym->name, len + 1);
	k->hash = hash;
	return ref | (sym->owner ? 0 : REF_LIVE);
}

int symindex_insert(struct umod_symindex *ix, const struct umod_ksym *sym,
		    const struct umod_ksym **clash)
{
	uint32_t hash = symindex_hash(sym->name), ref;
	size_t i = 0;

	if (ix->slots) {
		i = probe(ix, sym->name, hash);
		if (ix->slots[i].ref) {
			if (clash)
				*clash = slot_rec(ix, i);
			return -EEXIST;
		}
	}
	ref = new_record(ix, sym, hash);
	if (!ref)
		return -ENOMEM;
	if (needs_grow(ix)) {
		if (grow(ix)) {
			rec_free(&ix->pool, ref);
			return -ENOMEM;
		}
		i = probe(ix, sym->name, hash);
	}
	ix->slots[i] = (struct umod_symslot){ hash, ref };
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
	if (!ix->slots[hole].ref)
		return;
	rec_free(&ix->pool, ix->slots[hole].ref);
	for (j = (hole + 1) & ix->mask; ix->slots[j].ref;
	     j = (j + 1) & ix->mask) {
		home = ix->slots[j].hash & ix->mask;
		if (((j - home) & ix->mask) >= ((j - hole) & ix->mask)) {
			ix->slots[hole] = ix->slots[j];
			hole = j;
		}
	}
	ix->slots[hole] = (struct umod_symslot){ 0, 0 };
	ix->count--;
}

void symindex_free(struct umod_symindex *ix)
{
	if (ix->slots)
		slots_free(ix->slots, ix->mask + 1);
	pool_free(&ix->pool);
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
			.owner_num = owner ? owner->num : 0,
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

static void set_live(struct umod_symindex *ix, const struct kernel_symbol *ks,
		     unsigned int n, const struct module *owner, bool live)
{
	for (unsigned int i = 0; i < n && ix->count; i++) {
		const char *name = ksym_name(&ks[i]);
		size_t j = probe(ix, name, symindex_hash(name));
		struct umod_symslot *s = &ix->slots[j];

		/* After a refused duplicate, the name is another owner's. */
		if (!s->ref || slot_rec(ix, j)->owner != owner)
			continue;
		s->ref = live ? s->ref | REF_LIVE : s->ref & ~REF_LIVE;
	}
}

/* Under the module lock, as every state change; readers hold the index's. */
void module_exports_set_live(struct module *mod, bool live)
{
	struct umod_ctx *ctx = mod->ctx;

	if (!ctx || !(mod->num_ksyms + mod->num_gpl_ksyms))
		return;
	pthread_rwlock_wrlock(&ctx->index_lock);
	set_live(&ctx->index, mod->ksyms, mod->num_ksyms, mod, live);
	set_live(&ctx->index, mod->gpl_ksyms, mod->num_gpl_ksyms, mod, live);
	pthread_rwlock_unlock(&ctx->index_lock);
}
