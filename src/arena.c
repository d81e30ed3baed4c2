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
 * is first fit and free coalesces.  A block comes PROT_NONE: the loader
 * opens what it writes and leaves its guard pages as they are.  Freed
 * pages, up to UMOD_ARENA_KEEP bytes of them, stay committed (PROT_NONE)
 * for the next load, which then takes no fresh-page faults and its free
 * no unmapping; past that they go back to the kernel.  A bitmap per chunk
 * marks the pages that may still hold something, so that reuse zeroes
 * exactly those, and fresh blocks are populated in one call.
 *
 * That costs a load four mprotect calls (open, text, rodata, retire),
 * three quarters of a small module's load.  So by default (x86-64, where
 * relocation writes apart from the place it computes) a chunk is split
 * into three regions of fixed protection where modules run: text (RX)
 * and rodata (R) are a memfd, mapped a second time read-write elsewhere
 * for the loader (the alias), and data is private memory whose pages
 * are opened and guarded lazily, a bitmap telling what each page is, so
 * a reload into the same place changes nothing.  A module takes one
 * extent of each, from one chunk so that they reach each other.  The
 * price is a writable alias of module text in the process (W^X holds per
 * view, not per page); UMOD_STRICT_WX=1 keeps the single-view chunks.
 * docs/robustness.md weighs it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
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

/* Where extents are carved: a whole chunk, or one region of it. */
struct pool {
	uintptr_t base;
	size_t len;
	struct extent *free;	/* sorted by start, never adjacent */
	size_t nfree, cap;
	size_t nallocs;
};

struct chunk {
	uintptr_t base;
	size_t len;
	bool near;		/* every byte within reach of the whole image */
	bool low;		/* every byte below LOW_LIMIT */
	bool dual;		/* two views: pool[UMOD_PART_*] are regions */
	uintptr_t alias;	/* dual: text and rodata, writable */
	int fd;			/* dual: the memfd, for remapping text */
	size_t region;		/* dual: each region's length */
	struct pool pool[UMOD_ARENA_PARTS];	/* single view: pool[0] */
	size_t nallocs;
	unsigned long *dirty;	/* per page: may be committed */
	unsigned long *rw, *ro;	/* dual data pages: RW, R, or else none */
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
static size_t kept;		/* free bytes with their dirty bit set */
static bool two_views;
/* Marks a freed text page in the memfd (AT_RANDOM: not code by chance). */
static uint64_t freed_mark;
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

#define LONG_BITS	(8 * sizeof(unsigned long))
/* Below this a fresh block is cheaper faulted in than populated; above
 * the other, it may be a .bss reserved rather than meant to be touched. */
#define POPULATE_MIN	(16 * page_size)
#define POPULATE_MAX	(64 * MiB)

/* Set, clear or count the bits of pages [i, end) in map, a word at a
 * time: a block may span a reserved .bss of a terabyte. */
static size_t bits_op(unsigned long *map, size_t i, size_t end, int op)
{
	size_t n = 0;

	while (i < end) {
		size_t bit = i % LONG_BITS, k = end - i < LONG_BITS - bit ?
						end - i : LONG_BITS - bit;
		unsigned long m = (k == LONG_BITS ? ~0ul : ((1ul << k) - 1)) << bit;
		unsigned long *w = &map[i / LONG_BITS];

		if (!op)
			n += *w & m ? __builtin_popcountl(*w & m) : 0;
		else if (op > 0)
			*w |= m;
		else
			*w &= ~m;
		i += k;
	}
	return n;
}

#define dirty_op(c, i, end, op) bits_op((c)->dirty, i, end, op)

static size_t page_index(const struct chunk *c, uintptr_t p)
{
	return (p - c->base) / page_size;
}

#define dirty_count(c, p, len) \
	dirty_op(c, page_index(c, p), page_index(c, (p) + (len)), 0)
#define dirty_set(c, p, len) \
	((void)dirty_op(c, page_index(c, p), page_index(c, (p) + (len)), 1))
#define dirty_clear(c, p, len) \
	((void)dirty_op(c, page_index(c, p), page_index(c, (p) + (len)), -1))

/* Zero the pages of [p, p+len) that may hold something, run by run,
 * through the view alias bytes away. */
static void zero_dirty(struct chunk *c, uintptr_t p, size_t len, ptrdiff_t alias)
{
	size_t i = page_index(c, p), end = page_index(c, p + len), run;

	while (i < end) {
		if (!(i % LONG_BITS) && !c->dirty[i / LONG_BITS]) {
			i += LONG_BITS;
			continue;
		}
		if (!dirty_op(c, i, i + 1, 0)) {
			i++;
			continue;
		}
		for (run = 1; i + run < end && dirty_op(c, i + run, i + run + 1, 0); run++)
			;
		memset((void *)(c->base + i * page_size + alias), 0, run * page_size);
		i += run;
	}
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

static void pool_init(struct pool *pl, uintptr_t base, size_t len)
{
	pl->base = base;
	pl->len = len;
	pl->free[0] = (struct extent){ base, len };
	pl->nfree = 1;
	pl->cap = 4;
}

static void free_chunk_state(struct chunk *c)
{
	for (size_t r = 0; r < UMOD_ARENA_PARTS; r++)
		free(c->pool[r].free);
	free(c->dirty);
	free(c->rw);
	free(c->ro);
	free(c);
}

/* What LeakSanitizer scans of a chunk: a dual chunk's data region alone,
 * as nothing of the heap is in text or rodata, and their views span
 * as much as the largest part of a block (a .bss of a terabyte). */
static inline uintptr_t lsan_start(const struct chunk *c)
{
	return c->dual ? c->base + 2 * c->region : c->base;
}

static inline size_t lsan_len(const struct chunk *c)
{
	return c->dual ? c->region : c->len;
}

/* A chunk over [base, base+len); dual ones have three regions of region
 * bytes, alias the writable view of the first two. */
static struct chunk *add_chunk(void *base, size_t len, size_t region, void *alias,
			       int fd)
{
	size_t words = len / page_size / LONG_BITS + 1, npools = region ? 3 : 1;
	struct chunk *c = umod_calloc(1, sizeof(*c));

	if (!c)
		goto fail;
	for (size_t r = 0; r < npools; r++)
		if (!(c->pool[r].free = umod_malloc(4 * sizeof(*c->pool[r].free))))
			goto fail;
	c->dirty = umod_calloc(words, sizeof(*c->dirty));
	if (!c->dirty)
		goto fail;
	if (region) {
		c->rw = umod_calloc(words, sizeof(*c->rw));
		c->ro = umod_calloc(words, sizeof(*c->ro));
		if (!c->rw || !c->ro)
			goto fail;
	}
	c->base = (uintptr_t)base;
	c->len = len;
	c->near = in_near_window(c->base, len);
	c->low = c->base + len <= LOW_LIMIT;
	c->dual = region;
	c->region = region;
	c->alias = (uintptr_t)alias;
	c->fd = fd;
	for (size_t r = 0; r < npools; r++)
		pool_init(&c->pool[r], c->base + r * region, region ? region : len);
	c->next = chunks;
	chunks = c;
	add_range(c->base, c->base + len);
	lsan_root(lsan_start(c), lsan_len(c));
	return c;
fail:
	if (c)
		free_chunk_state(c);
	munmap(base, len);
	if (alias) {
		munmap(alias, 2 * region);
		close(fd);
	}
	return NULL;
}

enum want { WANT_NEAR, WANT_LOW, WANT_ANY };

static bool chunk_fits(const struct chunk *c, enum want w, bool dual)
{
	if (c->dual != dual)
		return false;
	return w == WANT_ANY || (w == WANT_LOW ? c->low : c->near);
}

static void *reserve_where(size_t len, enum want w)
{
	if (w == WANT_LOW)
		return reserve_low(len);
	if (w == WANT_NEAR)
		return reserve_near(len);
	return map_reserve(NULL, len, 0);
}

#ifndef MFD_EXEC
#define MFD_EXEC 0x10u
#endif

/* A memfd for two views, executable where the kernel asks it be said
 * (vm.memfd_noexec); kernels before 6.3 refuse the flag. */
static int exec_memfd(size_t len)
{
	int fd = memfd_create("umod-modules", MFD_CLOEXEC | MFD_EXEC);

	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("umod-modules", MFD_CLOEXEC);
	if (fd >= 0 && ftruncate(fd, (off_t)len)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * Text where modules run it: the memfd's pages, mapped private so that a
 * debugger can still write its breakpoints (ptrace may not write to a
 * shared read-only mapping); a page it wrote is a private copy from then
 * on, which reuse detects (text_mirrors) and maps afresh.
 */
static int map_text(void *p, size_t len, int fd, off_t off)
{
	return umod_mmap(p, len, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED,
			 fd, off) == p ? 0 : -ENOMEM;
}

/*
 * Lay the memfd over the text and rodata regions of a reserve, with
 * their run protections, and map it again read-write anywhere: the
 * alias, which nothing within a module's reach points to.  Data stays
 * the reserve's private memory.
 */
static void *map_views(void *base, size_t region, int *fdp)
{
	int fd = exec_memfd(2 * region);
	void *alias = MAP_FAILED;

	if (fd < 0)
		return NULL;
	if (map_text(base, region, fd, 0) ||
	    umod_mmap((char *)base + region, region, PROT_READ,
		      MAP_SHARED | MAP_FIXED, fd, (off_t)region) != (char *)base + region)
		goto out;
	alias = umod_mmap(NULL, 2 * region, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
out:
	if (alias == MAP_FAILED) {
		close(fd);
		return NULL;
	}
	*fdp = fd;
	return alias;
}

/*
 * A new chunk of at least len bytes (dual: regions of len), as large as
 * the place allows.  Not too large: the near window is some 4 GiB, the
 * brk heap splits it and MAP_32BIT draws from a single GiB, and a chunk
 * holds hundreds of modules.
 */
static struct chunk *new_chunk(size_t len, enum want w, bool dual)
{
	static const size_t sizes[] = { 256 * MiB, 64 * MiB, 16 * MiB };
	size_t i, sz = 0, n = dual ? 3 : 1;
	void *p = NULL, *alias = NULL;
	int fd = -1;

	for (i = 0; i < ARRAY_SIZE(sizes) && !p; i++) {
		sz = len > sizes[i] / n ? align_up(len, CHUNK_ALIGN) : sizes[i] / n;
		sz = align_up(sz, CHUNK_ALIGN);
		p = reserve_where(n * sz, w);
		if (sz > sizes[i] / n)
			break;
	}
	if (!p)
		return NULL;
	if (dual && !(alias = map_views(p, sz, &fd))) {
		munmap(p, n * sz);
		return NULL;
	}
	return add_chunk(p, n * sz, dual ? sz : 0, alias, fd);
}

/* Room for one more extent per allocation keeps free from ever failing:
 * free runs are separated by allocations, so nfree <= nallocs + 1. */
static bool reserve_extents(struct pool *pl)
{
	struct extent *e;
	size_t cap;

	if (pl->nallocs + 2 <= pl->cap)
		return true;
	cap = pl->cap * 2;
	e = umod_realloc(pl->free, cap * sizeof(*e));
	if (!e)
		return false;
	pl->free = e;
	pl->cap = cap;
	return true;
}

static void *carve(struct chunk *c, struct pool *pl, size_t len)
{
	struct extent *e;
	uintptr_t p;
	size_t i;

	for (i = 0; i < pl->nfree; i++) {
		e = &pl->free[i];
		if (e->len < len)
			continue;
		if (!reserve_extents(pl))
			return NULL;
		e = &pl->free[i];
		p = e->start;
		e->start += len;
		e->len -= len;
		if (!e->len) {
			memmove(e, e + 1, (pl->nfree - i - 1) * sizeof(*e));
			pl->nfree--;
		}
		pl->nallocs++;
		c->nallocs++;
		kept -= dirty_count(c, p, len) * page_size;
		return (void *)p;
	}
	return NULL;
}

static void *alloc_from(size_t len, enum want w)
{
	struct chunk *c;
	void *p;

	for (c = chunks; c; c = c->next) {
		if (!chunk_fits(c, w, false))
			continue;
		p = carve(c, &c->pool[0], len);
		if (p)
			return p;
	}
	c = new_chunk(len, w, false);
	return c ? carve(c, &c->pool[0], len) : NULL;
}

/* An environment switch is on when set to anything but "" or "0". */
static bool env_on(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0");
}

/* The back ends whose relocation writes apart from the place it
 * computes; the others (arm64, riscv64, arm, i386) keep one view. */
#ifdef __x86_64__
#define ARCH_TWO_VIEWS	true
#else
#define ARCH_TWO_VIEWS	false
#endif

/*
 * Two views unless the host asks for strict W^X, or writes a perf map:
 * perf names samples from the map only in memory it takes for anonymous,
 * and a memfd is a file to it (perf 6.1), so a profiled host keeps one
 * view.  And only where memfd memory may be executable.
 */
static bool probe_two_views(void)
{
	int fd;
	void *p;

	if (!ARCH_TWO_VIEWS || env_on("UMOD_STRICT_WX") || env_on("UMOD_PERF_MAP"))
		return false;
	fd = exec_memfd(page_size);
	if (fd < 0)
		return false;
	p = mmap(NULL, page_size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return false;
	munmap(p, page_size);
	return true;
}

static void arena_init(void)
{
	page_size = sysconf(_SC_PAGESIZE);
	find_near_window();
	two_views = probe_two_views();
	if (getauxval(AT_RANDOM))
		memcpy(&freed_mark, (const void *)getauxval(AT_RANDOM), sizeof(freed_mark));
	freed_mark |= 1;	/* never all zero, as a fresh page is */
}

static void arena_setup(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, arena_init);
}

bool umod_arena_two_views(void)
{
	arena_setup();
	return two_views;
}

/* A block of len bytes, nothing in it accessible yet. */
void *umod_arena_reserve(size_t len, bool low)
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

static void release_extent(struct chunk *c, struct pool *pl, uintptr_t p, size_t len);

/* Every non-empty part of b from c's regions, or none. */
static bool carve_parts(struct chunk *c, struct umod_block *b)
{
	size_t r;

	for (r = 0; r < UMOD_ARENA_PARTS; r++) {
		b->part[r] = NULL;
		if (b->len[r] && !(b->part[r] = carve(c, &c->pool[r], b->len[r])))
			break;
	}
	if (r == UMOD_ARENA_PARTS)
		return true;
	while (r--)
		if (b->part[r])
			release_extent(c, &c->pool[r], (uintptr_t)b->part[r], b->len[r]);
	return false;
}

static struct chunk *alloc_parts(struct umod_block *b, enum want w)
{
	struct chunk *c;
	size_t most = 0;

	for (c = chunks; c; c = c->next)
		if (chunk_fits(c, w, true) && carve_parts(c, b))
			return c;
	for (size_t r = 0; r < UMOD_ARENA_PARTS; r++)
		most = b->len[r] > most ? b->len[r] : most;
	c = new_chunk(most, w, true);
	return c && carve_parts(c, b) ? c : NULL;
}

#ifdef MADV_POPULATE_WRITE
#define populate(p, len)	madvise(p, len, MADV_POPULATE_WRITE)
#else
#define populate(p, len)	((void)0)
#endif

/*
 * Whether the freed text pages of [p, p+len) still show the memfd where
 * modules run: a page a debugger wrote to (a breakpoint) is a private
 * copy, which would go on showing the old module; map those afresh.
 * A page freed carries freed_mark at its start, a copy the old code.
 */
static int text_mirrors(struct chunk *c, uintptr_t p, size_t len)
{
	for (uintptr_t a = p; a < p + len; a += page_size) {
		if (!dirty_op(c, page_index(c, a), page_index(c, a) + 1, 0) ||
		    !memcmp((const void *)a, &freed_mark, sizeof(freed_mark)))
			continue;
		if (map_text((void *)a, page_size, c->fd, (off_t)(a - c->base)))
			return -ENOMEM;
	}
	return 0;
}

/* Zero what a part's pages may hold, through the alias; fresh ones come
 * zero, and a large run of them is populated in one call. */
static int ready_part(struct chunk *c, uintptr_t p, size_t len)
{
	ptrdiff_t alias = (ptrdiff_t)(c->alias - c->base);
	size_t dirty = dirty_count(c, p, len);

	if (dirty && p < c->base + c->region && text_mirrors(c, p, len))
		return -ENOMEM;
	if (dirty)
		zero_dirty(c, p, len, alias);
	else if (len >= POPULATE_MIN && len <= POPULATE_MAX)
		populate((void *)(p + alias), len);
	dirty_set(c, p, len);
	return 0;
}

/*
 * Two views: text and rodata extents ready (zero, at their protection,
 * written *alias bytes away), a data extent with nothing opened by this
 * call.  b->len[] in, b->part[] out; an empty part is NULL.
 */
int umod_arena_reserve_parts(struct umod_block *b, bool low, ptrdiff_t *alias)
{
	struct chunk *c;
	size_t total = 0;

	arena_setup();
	for (size_t r = 0; r < UMOD_ARENA_PARTS; r++) {
		b->len[r] = align_up(b->len[r], page_size);
		total += b->len[r];
	}
	pthread_mutex_lock(&arena_lock);
	c = alloc_parts(b, low ? WANT_LOW : WANT_NEAR);
	if (!c && !low)
		c = alloc_parts(b, WANT_ANY);
	for (size_t r = UMOD_PART_TEXT; c && r < UMOD_PART_DATA; r++)
		if (b->part[r] && ready_part(c, (uintptr_t)b->part[r], b->len[r])) {
			for (r = 0; r < UMOD_ARENA_PARTS; r++)
				if (b->part[r])
					release_extent(c, &c->pool[r], (uintptr_t)b->part[r], b->len[r]);
			c = NULL;
		}
	if (c) {
		in_use += total;
		*alias = (ptrdiff_t)(c->alias - c->base);
	}
	pthread_mutex_unlock(&arena_lock);
	return c ? 0 : -ENOMEM;
}

static struct chunk *find_chunk(uintptr_t p, size_t len);

/* Which region of a dual chunk p is in. */
static size_t region_of(const struct chunk *c, uintptr_t p)
{
	return c->dual ? (p - c->base) / c->region : 0;
}

/* The pages of bitmap word w that have protection prot, a bit each. */
static unsigned long prot_word(const struct chunk *c, size_t w, int prot)
{
	unsigned long rw = c->rw[w], ro = c->ro[w];

	if (prot == (PROT_READ | PROT_WRITE))
		return rw;
	return prot == PROT_READ ? ro & ~rw : ~(rw | ro);
}

/* The first page of [i, end) that has prot (has, true) or has not; end
 * if none.  A word at a time: a block may span a terabyte's pages. */
static size_t next_prot(const struct chunk *c, size_t i, size_t end,
			int prot, bool has)
{
	while (i < end) {
		size_t bit = i % LONG_BITS;
		unsigned long m = prot_word(c, i / LONG_BITS, prot);

		m = (has ? m : ~m) & (~0ul << bit);
		if (m)
			return i - bit + __builtin_ctzl(m) < end ?
			       i - bit + __builtin_ctzl(m) : end;
		i += LONG_BITS - bit;
	}
	return end;
}

/* Give the data pages [p, p+len) of a dual chunk prot, with an mprotect
 * only for the runs whose protection differs. */
static int lazy_protect(struct chunk *c, uintptr_t p, size_t len, int prot)
{
	size_t i = page_index(c, p), end = page_index(c, p + len), run_end;

	while ((i = next_prot(c, i, end, prot, false)) < end) {
		run_end = next_prot(c, i, end, prot, true);
		if (umod_mprotect((void *)(c->base + i * page_size),
				  (run_end - i) * page_size, prot))
			return -errno;
		bits_op(c->rw, i, run_end, prot & PROT_WRITE ? 1 : -1);
		bits_op(c->ro, i, run_end, prot == PROT_READ ? 1 : -1);
		i = run_end;
	}
	return 0;
}

/*
 * Make [p, p+len) of a reserved block readable, writable and zero.  Pages
 * a freed block left committed are zeroed here; a block all fresh comes
 * zeroed from the kernel, and a large one (up to 64 MiB) is populated in
 * one call rather than a fault per page (a hint: its failure costs only
 * time).  In a dual chunk's data region only what is not yet RW changes.
 */
int umod_arena_open(void *p, size_t len)
{
	struct chunk *c;
	size_t dirty;
	int err = 0;

	if (!len)
		return 0;
	len = align_up(len, page_size);
	pthread_mutex_lock(&arena_lock);
	c = find_chunk((uintptr_t)p, len);
	if (c && c->dual)
		err = lazy_protect(c, (uintptr_t)p, len, PROT_READ | PROT_WRITE);
	else if (umod_mprotect(p, len, PROT_READ | PROT_WRITE))
		err = -errno;
	dirty = c && !err ? dirty_count(c, (uintptr_t)p, len) : 0;
	if (dirty)
		zero_dirty(c, (uintptr_t)p, len, 0);
	if (c && !err)
		dirty_set(c, (uintptr_t)p, len);
	pthread_mutex_unlock(&arena_lock);
	if (!err && !dirty && len >= POPULATE_MIN && len <= POPULATE_MAX)
		populate(p, len);
	return err;
}

/*
 * Give [p, p+len) of a module's memory prot.  Text and rodata of a dual
 * chunk have theirs for good (asking for another is EPERM), its data
 * pages change only where they differ; elsewhere it is mprotect.
 */
int umod_arena_protect(void *p, size_t len, int prot)
{
	static const int fixed[] = { PROT_READ | PROT_EXEC, PROT_READ };
	struct chunk *c;
	size_t r;
	int err = 0;

	if (!len)
		return 0;
	len = align_up(len, page_size);
	pthread_mutex_lock(&arena_lock);
	c = find_chunk((uintptr_t)p, len);
	r = c ? region_of(c, (uintptr_t)p) : 0;
	if (c && c->dual && r < UMOD_PART_DATA)
		err = prot == fixed[r] ? 0 : -EPERM;
	else if (c && c->dual)
		err = lazy_protect(c, (uintptr_t)p, len, prot);
	else if (umod_mprotect(p, len, prot))
		err = -errno;
	pthread_mutex_unlock(&arena_lock);
	return err;
}

void *umod_arena_alloc(size_t len, bool low)
{
	void *p = umod_arena_reserve(len, low);

	if (p && umod_arena_open(p, len)) {
		umod_arena_free(p, len);
		return NULL;
	}
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

/* Put [p, p+len) back in pl's sorted extents, merging with neighbours;
 * false if it overlaps free space (a double free) or leaves the pool. */
static bool put_extent(struct pool *pl, uintptr_t p, size_t len)
{
	struct extent *f = pl->free;
	size_t i, n = pl->nfree;
	bool join_prev, join_next;

	if (p < pl->base || p + len > pl->base + pl->len)
		return false;
	for (i = 0; i < n && f[i].start < p; i++)
		;
	if ((i > 0 && f[i - 1].start + f[i - 1].len > p) ||
	    (i < n && p + len > f[i].start))
		return false;
	join_prev = i > 0 && f[i - 1].start + f[i - 1].len == p;
	join_next = i < n && p + len == f[i].start;
	if (join_prev && join_next) {
		f[i - 1].len += len + f[i].len;
		memmove(&f[i], &f[i + 1], (n - i - 1) * sizeof(*f));
		pl->nfree--;
	} else if (join_prev) {
		f[i - 1].len += len;
	} else if (join_next) {
		f[i].start = p;
		f[i].len += len;
	} else {
		memmove(&f[i + 1], &f[i], (n - i) * sizeof(*f));
		f[i] = (struct extent){ p, len };
		pl->nfree++;
	}
	return true;
}

/* Undo a carve: the pages' dirty bits say what they hold, as before. */
static void release_extent(struct chunk *c, struct pool *pl, uintptr_t p, size_t len)
{
	put_extent(pl, p, len);
	kept += dirty_count(c, p, len) * page_size;
	pl->nallocs--;
	c->nallocs--;
}

/* x86's int3: a call into freed text traps at once. */
#if defined(__x86_64__) || defined(__i386__)
#define FREED_TEXT	0xcc
#else
#define FREED_TEXT	0
#endif

/* A dual chunk's p, through its writable view: in integers, as that view
 * may lie below. */
static void *writable_view(const struct chunk *c, uintptr_t p)
{
	return (void *)(p - c->base + c->alias);
}

/* Freed text traps, and its pages carry freed_mark for text_mirrors. */
static void mark_freed_text(struct chunk *c, uintptr_t p, size_t len)
{
	unsigned char *w = writable_view(c, p);

	memset(w, FREED_TEXT, len);
	for (size_t off = 0; off < len; off += page_size)
		memcpy(w + off, &freed_mark, sizeof(freed_mark));
}

/* Drop the pages: the range is a plain reserve again, or in a dual chunk
 * pages the kernel gives zero, their protection left as it is. */
static void decommit(struct chunk *c, void *p, size_t len)
{
	size_t r = region_of(c, (uintptr_t)p);

	dirty_clear(c, (uintptr_t)p, len);
	if (c->dual && r < UMOD_PART_DATA) {
		/* Text: a debugger's private copies go too, mapped afresh. */
		if ((r == UMOD_PART_TEXT && map_text(p, len, c->fd, (off_t)((uintptr_t)p - c->base))) ||
		    madvise(writable_view(c, (uintptr_t)p), len, MADV_REMOVE)) {
			if (r == UMOD_PART_TEXT)
				mark_freed_text(c, (uintptr_t)p, len);
			dirty_set(c, (uintptr_t)p, len);
		}
		return;
	}
	if (c->dual) {
		/* Closed too: free data nothing writes to stays zero. */
		if (madvise(p, len, MADV_DONTNEED) ||
		    lazy_protect(c, (uintptr_t)p, len, PROT_NONE))
			dirty_set(c, (uintptr_t)p, len);
		return;
	}
	if (map_reserve(p, len, MAP_FIXED) == p)
		return;
	madvise(p, len, MADV_DONTNEED);
	umod_mprotect(p, len, PROT_NONE);
}

/*
 * Keep the pages for the next block, out of reach until then: PROT_NONE
 * in a single-view chunk.  A dual chunk keeps its protections (that is
 * the point): freed text is overwritten with traps through the alias,
 * freed rodata and data keep their bytes until reused, zeroed then.
 */
static void retire(struct chunk *c, void *p, size_t len)
{
	size_t r = region_of(c, (uintptr_t)p);

	if (kept + len > UMOD_ARENA_KEEP ||
	    (!c->dual && umod_mprotect(p, len, PROT_NONE))) {
		decommit(c, p, len);
		return;
	}
	if (c->dual && r == UMOD_PART_TEXT)
		mark_freed_text(c, (uintptr_t)p, len);
	dirty_set(c, (uintptr_t)p, len);
	kept += len;
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
		if (o != c && o->near == c->near && o->low == c->low && o->dual == c->dual)
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
	lsan_unroot(lsan_start(c), lsan_len(c));
	kept -= dirty_count(c, c->base, c->len) * page_size;
	munmap((void *)c->base, c->len);
	if (c->dual) {
		munmap((void *)c->alias, 2 * c->region);
		close(c->fd);
	}
	free_chunk_state(c);
}

void umod_arena_free(void *p, size_t len)
{
	struct chunk *c;
	struct pool *pl = NULL;
	bool ok;

	if (!p || !len)
		return;
	arena_setup();
	len = align_up(len, page_size);
	pthread_mutex_lock(&arena_lock);
	c = find_chunk((uintptr_t)p, len);
	if (c)
		pl = &c->pool[region_of(c, (uintptr_t)p)];
	ok = c && !((uintptr_t)p & (page_size - 1)) && put_extent(pl, (uintptr_t)p, len);
	if (ok) {
		pl->nallocs--;
		c->nallocs--;
		if (is_spare(c)) {
			/* Its pages were in use, not counted as kept. */
			dirty_clear(c, (uintptr_t)p, len);
			drop_chunk(c);
		} else
			retire(c, p, len);
		in_use -= len;
	}
	pthread_mutex_unlock(&arena_lock);
	if (!ok) {
		fprintf(stderr, "umod: bad arena free of %p, %zu bytes\n", p, len);
		abort();
	}
}

void umod_arena_free_block(const struct umod_block *b)
{
	for (size_t r = 0; r < UMOD_ARENA_PARTS; r++)
		umod_arena_free(b->part[r], b->len[r]);
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
