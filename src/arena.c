// SPDX-License-Identifier: MIT
/*
 * arena.c - where module memory comes from.
 *
 * x86-64 code reaches other code and data through 32-bit signed
 * displacements, and Linux keeps modules within 2 GiB of the kernel so
 * they always do.  We do the same: reserve address space (PROT_NONE,
 * nothing committed) close enough to the host executable that every byte
 * of it is within reach of every byte of the image, and hand out pages
 * from there.  Code with absolute 32-bit relocations (-fno-pie objects,
 * -mcmodel=kernel) needs addresses below 2 GiB instead: a low reserve.
 *
 * Each reserve is a chunk with a sorted array of free extents; allocation
 * is first fit, free coalesces and gives the pages back to the kernel, so
 * an unloaded module costs nothing but a few bytes of bookkeeping.
 */
#define _GNU_SOURCE
#include <link.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

/* struct module, and its pointers into the heap, live in module memory:
 * LeakSanitizer must scan it as it scans the heap, or it calls what only
 * a module points to a leak.  It skips the parts not mapped readable. */
#if defined(__SANITIZE_ADDRESS__)
#define UMOD_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UMOD_LSAN 1
#endif
#endif
#ifdef UMOD_LSAN
#include <sanitizer/lsan_interface.h>
#define lsan_root(p, len)	__lsan_register_root_region((void *)(p), len)
#define lsan_unroot(p, len)	__lsan_unregister_root_region((void *)(p), len)
#else
#define lsan_root(p, len)	((void)0)
#define lsan_unroot(p, len)	((void)0)
#endif

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define GiB		(1ul << 30)
#define MiB		(1ul << 20)
#define LOW_LIMIT	(2 * GiB)	/* absolute 32-bit addresses */
#define NEAR_REACH	(2 * GiB - 64 * MiB)	/* PC32 reach, with margin */
#define CHUNK_ALIGN	(2 * MiB)
#define PROBE_STEP	(16 * MiB)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct extent {
	uintptr_t start;
	size_t len;
};

struct chunk {
	uintptr_t base;
	size_t len;
	bool near;		/* every byte within reach of the whole image */
	bool low;		/* every byte below LOW_LIMIT */
	struct extent *free;	/* sorted by start, never adjacent */
	size_t nfree, cap;
	size_t nallocs;
	struct chunk *next;
};

/* Each chunk's range, for the fault handler: it may read these at any
 * moment, so they are atomics set under arena_lock, and never freed.
 * A chunk past the last slot holds modules whose faults are fatal. */
#define MAX_RANGES 64
static _Atomic uintptr_t range_lo[MAX_RANGES], range_hi[MAX_RANGES];

static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static struct chunk *chunks;
static size_t page_size;
static size_t in_use;
/* The executable's image, and the addresses a near chunk may span. */
static uintptr_t image_lo, image_hi;
static uintptr_t near_lo, near_hi;


static uintptr_t align_down(uintptr_t x, size_t a)
{
	return x & ~(uintptr_t)(a - 1);
}

static uintptr_t align_up(uintptr_t x, size_t a)
{
	return (x + a - 1) & ~(uintptr_t)(a - 1);
}

/* The main executable is dl_iterate_phdr's first object. */
static int image_bounds(struct dl_phdr_info *info, size_t size, void *arg)
{
	uintptr_t *b = arg, lo = UINTPTR_MAX, hi = 0, start, end;
	int i;

	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		start = info->dlpi_addr + ph->p_vaddr;
		end = start + ph->p_memsz;
		lo = start < lo ? start : lo;
		hi = end > hi ? end : hi;
	}
	b[0] = lo;
	b[1] = hi;
	return 1;
}

/*
 * A byte at a is within reach of the whole image [lo, hi) when
 * hi - REACH <= a and a < lo + REACH.
 */
static void find_near_window(void)
{
	uintptr_t b[2] = { UINTPTR_MAX, 0 };

	dl_iterate_phdr(image_bounds, b);
	if (b[0] >= b[1])
		return;		/* no image found: nothing is near */
	image_lo = align_down(b[0], CHUNK_ALIGN);
	image_hi = align_up(b[1], CHUNK_ALIGN);
	near_lo = b[1] > NEAR_REACH ? align_up(b[1] - NEAR_REACH, CHUNK_ALIGN) : 0;
	near_hi = align_down(b[0] + NEAR_REACH, CHUNK_ALIGN);
	/* A non-PIE image below 2 GiB reaches all of [near_lo, 2 GiB),
	 * near_lo's 2 MiB to spare for addends: low chunks are near too. */
	if (b[1] <= LOW_LIMIT && near_hi < LOW_LIMIT)
		near_hi = LOW_LIMIT;
	if (near_lo < CHUNK_ALIGN)
		near_lo = CHUNK_ALIGN;	/* never page 0 */
}

static bool in_near_window(uintptr_t base, size_t len)
{
	return base >= near_lo && base + len <= near_hi && base + len > base;
}

static void *map_reserve(void *hint, size_t len, int flags)
{
	void *p = umod_mmap(hint, len, PROT_NONE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | flags, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	/* Kernels before 4.17 take MAP_FIXED_NOREPLACE as a mere hint. */
	if ((flags & MAP_FIXED_NOREPLACE) && p != hint) {
		munmap(p, len);
		return NULL;
	}
	return p;
}

/* Try [lo, hi) for a free run of len bytes, from the top down. */
static void *reserve_between(uintptr_t lo, uintptr_t hi, size_t len)
{
	uintptr_t a;
	void *p;

	if (hi <= lo || hi - lo < len)
		return NULL;
	for (a = align_down(hi - len, CHUNK_ALIGN); a >= lo; a -= PROBE_STEP) {
		p = map_reserve((void *)a, len, MAP_FIXED_NOREPLACE);
		if (p)
			return p;
		if (a < lo + PROBE_STEP)
			break;
	}
	return NULL;
}

/*
 * Below the image first: nothing grows there.  Above it, start from the
 * far end of reach, leaving the room just past the image to the brk heap.
 */
static void *reserve_near(size_t len)
{
	void *p;

	p = reserve_between(near_lo, image_lo, len);
	if (!p)
		p = reserve_between(image_hi, near_hi, len);
	return p;
}

static void *reserve_low(size_t len)
{
	void *p = NULL;

#ifdef MAP_32BIT
	p = map_reserve(NULL, len, MAP_32BIT);
	if (p && (uintptr_t)p + len > LOW_LIMIT) {
		munmap(p, len);
		p = NULL;
	}
#endif
	if (!p)
		p = reserve_between(64 * MiB, LOW_LIMIT, len);
	return p;
}

/* A free slot has lo 0.  Filled hi first and emptied lo first, so a
 * reader never sees a range that is not reserved. */
static void add_range(uintptr_t lo, uintptr_t hi)
{
	for (size_t i = 0; i < MAX_RANGES; i++)
		if (!atomic_load(&range_lo[i])) {
			atomic_store(&range_hi[i], hi);
			atomic_store(&range_lo[i], lo);
			return;
		}
}

static void remove_range(uintptr_t lo)
{
	for (size_t i = 0; i < MAX_RANGES; i++)
		if (atomic_load(&range_lo[i]) == lo) {
			atomic_store(&range_lo[i], 0);
			atomic_store(&range_hi[i], 0);
			return;
		}
}

bool umod_arena_contains(uintptr_t p)
{
	for (size_t i = 0; i < MAX_RANGES; i++) {
		uintptr_t lo = atomic_load(&range_lo[i]);

		if (lo && p >= lo && p < atomic_load(&range_hi[i]))
			return true;
	}
	return false;
}

static struct chunk *add_chunk(void *base, size_t len)
{
	struct chunk *c = umod_calloc(1, sizeof(*c));

	if (!c)
		goto fail;
	c->free = umod_malloc(4 * sizeof(*c->free));
	if (!c->free)
		goto fail;
	c->cap = 4;
	c->base = (uintptr_t)base;
	c->len = len;
	c->near = in_near_window(c->base, len);
	c->low = c->base + len <= LOW_LIMIT;
	c->free[0] = (struct extent){ c->base, len };
	c->nfree = 1;
	c->next = chunks;
	chunks = c;
	add_range(c->base, c->base + len);
	lsan_root(base, len);
	return c;
fail:
	free(c);
	munmap(base, len);
	return NULL;
}

enum want { WANT_NEAR, WANT_LOW, WANT_ANY };

static bool chunk_fits(const struct chunk *c, enum want w)
{
	return w == WANT_ANY || (w == WANT_LOW ? c->low : c->near);
}

/*
 * A new chunk of at least len bytes, as large as the place allows.  Not
 * too large: the near window is some 4 GiB, the brk heap splits it and
 * MAP_32BIT draws from a single GiB, and a chunk holds hundreds of modules.
 */
static struct chunk *new_chunk(size_t len, enum want w)
{
	static const size_t sizes[] = { 256 * MiB, 64 * MiB, 16 * MiB };
	size_t i, sz = 0;
	void *p = NULL;

	for (i = 0; i < ARRAY_SIZE(sizes) && !p; i++) {
		sz = len > sizes[i] ? align_up(len, CHUNK_ALIGN) : sizes[i];
		if (w == WANT_LOW)
			p = reserve_low(sz);
		else if (w == WANT_NEAR)
			p = reserve_near(sz);
		else
			p = map_reserve(NULL, sz, 0);
		if (sz > sizes[i])
			break;
	}
	return p ? add_chunk(p, sz) : NULL;
}

/* Room for one more extent per allocation keeps free from ever failing:
 * free runs are separated by allocations, so nfree <= nallocs + 1. */
static bool reserve_extents(struct chunk *c)
{
	struct extent *e;
	size_t cap;

	if (c->nallocs + 2 <= c->cap)
		return true;
	cap = c->cap * 2;
	e = umod_realloc(c->free, cap * sizeof(*e));
	if (!e)
		return false;
	c->free = e;
	c->cap = cap;
	return true;
}

static void *carve(struct chunk *c, size_t len)
{
	struct extent *e;
	uintptr_t p;
	size_t i;

	for (i = 0; i < c->nfree; i++) {
		e = &c->free[i];
		if (e->len < len)
			continue;
		if (!reserve_extents(c))
			return NULL;
		e = &c->free[i];
		p = e->start;
		if (umod_mprotect((void *)p, len, PROT_READ | PROT_WRITE))
			return NULL;
		e->start += len;
		e->len -= len;
		if (!e->len) {
			memmove(e, e + 1, (c->nfree - i - 1) * sizeof(*e));
			c->nfree--;
		}
		c->nallocs++;
		return (void *)p;
	}
	return NULL;
}

static void *alloc_from(size_t len, enum want w)
{
	struct chunk *c;
	void *p;

	for (c = chunks; c; c = c->next) {
		if (!chunk_fits(c, w))
			continue;
		p = carve(c, len);
		if (p)
			return p;
	}
	c = new_chunk(len, w);
	return c ? carve(c, len) : NULL;
}

static void arena_init(void)
{
	page_size = sysconf(_SC_PAGESIZE);
	find_near_window();
}

static void arena_setup(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, arena_init);
}

void *umod_arena_alloc(size_t len, bool low)
{
	void *p;

	arena_setup();
	if (!len)
		return NULL;
	len = align_up(len, page_size);
	pthread_mutex_lock(&arena_lock);
	/* Far from the image only as a last resort: data references fail. */
	p = alloc_from(len, low ? WANT_LOW : WANT_NEAR);
	if (!p && !low)
		p = alloc_from(len, WANT_ANY);
	if (p)
		in_use += len;
	pthread_mutex_unlock(&arena_lock);
	return p;
}

static struct chunk *find_chunk(uintptr_t p, size_t len)
{
	struct chunk *c;

	for (c = chunks; c; c = c->next)
		if (p >= c->base && p - c->base < c->len)
			return p + len <= c->base + c->len ? c : NULL;
	return NULL;
}

/* Put [p, p+len) back in c's sorted extents, merging with neighbours. */
static bool release_extent(struct chunk *c, uintptr_t p, size_t len)
{
	struct extent *f = c->free;
	size_t i, n = c->nfree;
	bool join_prev, join_next;

	for (i = 0; i < n && f[i].start < p; i++)
		;
	if ((i > 0 && f[i - 1].start + f[i - 1].len > p) ||
	    (i < n && p + len > f[i].start))
		return false;	/* overlaps free space: a double free */
	join_prev = i > 0 && f[i - 1].start + f[i - 1].len == p;
	join_next = i < n && p + len == f[i].start;
	if (join_prev && join_next) {
		f[i - 1].len += len + f[i].len;
		memmove(&f[i], &f[i + 1], (n - i - 1) * sizeof(*f));
		c->nfree--;
	} else if (join_prev) {
		f[i - 1].len += len;
	} else if (join_next) {
		f[i].start = p;
		f[i].len += len;
	} else {
		memmove(&f[i + 1], &f[i], (n - i) * sizeof(*f));
		f[i] = (struct extent){ p, len };
		c->nfree++;
	}
	c->nallocs--;
	return true;
}

/* Drop the pages and their protection: the range is a plain reserve again. */
static void decommit(void *p, size_t len)
{
	if (map_reserve(p, len, MAP_FIXED) == p)
		return;
	madvise(p, len, MADV_DONTNEED);
	umod_mprotect(p, len, PROT_NONE);
}

/*
 * An empty chunk goes back to the kernel unless it is the last of its
 * kind: the near window is scarce, but one chunk kept spares a host that
 * loads and unloads in a loop the probing for a new one.
 */
static bool is_spare(const struct chunk *c)
{
	const struct chunk *o;

	if (c->nallocs)
		return false;
	for (o = chunks; o; o = o->next)
		if (o != c && o->near == c->near && o->low == c->low)
			return true;
	return false;
}

static void drop_chunk(struct chunk *c)
{
	struct chunk **pp;

	for (pp = &chunks; *pp != c; pp = &(*pp)->next)
		;
	*pp = c->next;
	remove_range(c->base);
	lsan_unroot(c->base, c->len);
	munmap((void *)c->base, c->len);
	free(c->free);
	free(c);
}

void umod_arena_free(void *p, size_t len)
{
	struct chunk *c;
	bool ok;

	if (!p || !len)
		return;
	arena_setup();
	len = align_up(len, page_size);
	pthread_mutex_lock(&arena_lock);
	c = find_chunk((uintptr_t)p, len);
	ok = c && !((uintptr_t)p & (page_size - 1)) &&
	     release_extent(c, (uintptr_t)p, len);
	if (ok) {
		if (is_spare(c))
			drop_chunk(c);
		else
			decommit(p, len);
		in_use -= len;
	}
	pthread_mutex_unlock(&arena_lock);
	if (!ok) {
		fprintf(stderr, "umod: bad arena free of %p, %zu bytes\n", p, len);
		abort();
	}
}

bool umod_arena_is_low(const void *p)
{
	return (uintptr_t)p < LOW_LIMIT;
}

size_t umod_arena_bytes_in_use(void)
{
	size_t n;

	pthread_mutex_lock(&arena_lock);
	n = in_use;
	pthread_mutex_unlock(&arena_lock);
	return n;
}
