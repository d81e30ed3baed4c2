// SPDX-License-Identifier: MIT
/* test-arena.c - module memory: near the executable, or low, and reused;
 * in two views, loaded again with no system call. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "tap.h"

#define MiB (1ul << 20)
#define LOW_LIMIT 0x80000000ul

static size_t pg;
int global_var = 1;		/* .data of this executable */
static char bss_var[64];	/* .bss, the image's far end */

__attribute__((noinline)) static void anchor(void) { __asm__(""); }

/* Every byte of [p, p+len) within a signed 32-bit displacement of t. */
static bool reaches(const void *p, size_t len, const void *t)
{
	intptr_t first = (intptr_t)p - (intptr_t)t;
	intptr_t last = first + (intptr_t)len - 1;

	return first >= INT32_MIN && last <= INT32_MAX;
}

static bool near_image(const void *p, size_t len)
{
	return reaches(p, len, (const void *)anchor) &&
	       reaches(p, len, &global_var) && reaches(p, len, bss_var);
}

static bool all_zero(const void *p, size_t len)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (c[i])
			return false;
	return true;
}

static bool aligned(const void *p)
{
	return p && !((uintptr_t)p & (pg - 1));
}

static void test_near(void)
{
	size_t len = 4 * pg;
	unsigned char *p = umod_arena_alloc(len, false);

	ok(aligned(p), "near allocation is page aligned");
	ok(p && all_zero(p, len), "and zero-filled");
	ok(near_image(p, len), "and within 2 GiB of the executable's code and data");
	if (p)
		memset(p, 0xa5, len);
	ok(p && p[len - 1] == 0xa5, "and writable");
	is_int(umod_arena_bytes_in_use(), len, "bytes in use counts it");
	ok(umod_arena_is_low(p) == ((uintptr_t)p + len <= LOW_LIMIT),
	   "is_low tells whether it is below 2 GiB");
#ifndef __PIE__
	ok(umod_arena_is_low(p), "a non-PIE executable's near memory is low too");
#endif
	umod_arena_free(p, len);
	is_int(umod_arena_bytes_in_use(), 0, "bytes in use drops to zero");
}

static void test_low(void)
{
	size_t len = 3 * pg;
	unsigned char *p = umod_arena_alloc(len, true);

	ok(aligned(p), "low allocation is page aligned");
	ok(p && (uintptr_t)p + len <= LOW_LIMIT, "and lies wholly below 2 GiB");
	ok(umod_arena_is_low(p), "is_low says so");
	ok(p && all_zero(p, len), "and is zero-filled");
	if (p)
		memset(p, 0x5a, len);
	umod_arena_free(p, len);
	is_int(umod_arena_bytes_in_use(), 0, "bytes in use drops to zero");
}

static void test_reuse(void)
{
	unsigned char *a = umod_arena_alloc(2 * pg, false), *b;

	memset(a, 0xff, 2 * pg);
	umod_arena_free(a, 2 * pg);
	b = umod_arena_alloc(2 * pg, false);
	ok(b == a, "a freed block is reused by the next allocation");
	ok(b && all_zero(b, 2 * pg), "and its old contents are gone");
	umod_arena_free(b, 2 * pg);
}

static void test_coalesce(void)
{
	char *a = umod_arena_alloc(2 * pg, false);
	char *b = umod_arena_alloc(3 * pg, false);
	char *c = umod_arena_alloc(pg, false);
	char *d = umod_arena_alloc(pg, false);	/* bounds the hole */
	char *e;

	ok(b == a + 2 * pg && c == b + 3 * pg && d == c + pg,
	   "consecutive allocations are adjacent (first fit)");
	is_int(umod_arena_bytes_in_use(), 7 * pg, "bytes in use sums them");
	umod_arena_free(b, 3 * pg);
	umod_arena_free(a, 2 * pg);
	umod_arena_free(c, pg);
	e = umod_arena_alloc(6 * pg, false);
	ok(e == a, "freeing B, A, C merges them: 6 pages fit at A");
	umod_arena_free(e, 6 * pg);
	e = umod_arena_alloc(7 * pg, false);
	ok(e && e != a, "7 pages do not fit in the 6-page hole");
	umod_arena_free(e, 7 * pg);
	umod_arena_free(d, pg);
	is_int(umod_arena_bytes_in_use(), 0, "bytes in use drops to zero");
}

/* The loader leaves text RX and rodata R; free must undo that. */
static void test_protections(void)
{
	unsigned char *p = umod_arena_alloc(4 * pg, false), *q;

	memset(p, 0xcc, 4 * pg);
	ok(!mprotect(p, pg, PROT_READ | PROT_EXEC) &&
	   !mprotect(p + pg, pg, PROT_READ), "text and rodata protections set");
	umod_arena_free(p, 4 * pg);
	q = umod_arena_alloc(4 * pg, false);
	ok(q == p && all_zero(q, 4 * pg), "reallocated: same place, zeroed");
	memset(q, 1, 4 * pg);
	ok(q[0] == 1 && q[pg] == 1, "and writable throughout");
	umod_arena_free(q, 4 * pg);
}

static size_t resident_pages(const unsigned char *p, size_t n)
{
	unsigned char vec[64];
	size_t i, resident = 0;

	if (n > sizeof(vec) || mincore((void *)p, n * pg, vec))
		return (size_t)-1;
	for (i = 0; i < n; i++)
		resident += vec[i] & 1;
	return resident;
}

/* Freed pages stay committed for reuse up to UMOD_ARENA_KEEP bytes, out
 * of reach; past it a freed block's pages go back to the kernel. */
static void test_decommit(void)
{
	size_t n = 16, len = n * pg, big = UMOD_ARENA_KEEP + len;
	unsigned char *p = umod_arena_alloc(len, false), *q;

	memset(p, 0x77, len);
	is_int(resident_pages(p, n), n, "touched pages are resident");
	umod_arena_free(p, len);
	/* qemu-user (make check-cross) fails mincore on PROT_NONE pages. */
	if (getenv("UMOD_EMULATED")) {
		for (int i = 0; i < 5; i++)
			skip("freed pages kept or given back: mincore under qemu-user");
		return;
	}
	is_int(resident_pages(p, n), n, "a small freed block stays committed");
	q = umod_arena_alloc(big, false);
	ok(q == p && all_zero(q, big), "and is reused, zeroed");
	memset(q, 0x77, big);
	umod_arena_free(q, big);
	is_int(resident_pages(q, n), 0, "a block past the keep limit is given back");
	ok(resident_pages(q + big - len, n) == 0, "all of it");
	ok(resident_pages(q, 1) != (size_t)-1, "and its range is still reserved");
}

/* Several large blocks need more than one chunk; all stay near. */
static void test_chunks(void)
{
	size_t len = 400 * MiB;
	char *p[3];
	int i, good = 0;

	for (i = 0; i < 3; i++) {
		p[i] = umod_arena_alloc(len, false);
		good += aligned(p[i]) && near_image(p[i], len);
		if (p[i])
			p[i][0] = p[i][len - 1] = 1;
	}
	is_int(good, 3, "three 400 MiB blocks, more than one chunk, all near");
	for (i = 0; i < 3; i++)
		umod_arena_free(p[i], len);
#ifdef __PIE__
	/* Below a PIE image there is room for more than a default chunk. */
	len = 1024 * MiB + 64 * MiB;
	p[0] = umod_arena_alloc(len, false);
	ok(aligned(p[0]) && near_image(p[0], len),
	   "a block larger than a chunk gets its own, near");
	umod_arena_free(p[0], len);
#endif
	is_int(umod_arena_bytes_in_use(), 0, "bytes in use drops to zero");
}

/* ---- Bad frees abort, as a kernel BUG would ---- */

static int child_status(void (*fn)(void))
{
	int status, fd;
	pid_t pid = fork();

	if (!pid) {
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 2);
		fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

static void double_free(void)
{
	void *p = umod_arena_alloc(pg, false);

	umod_arena_free(p, pg);
	umod_arena_free(p, pg);
}

static void foreign_free(void)
{
	umod_arena_free(bss_var, pg);
}

static void test_bad_free(void)
{
	int st = child_status(double_free);

	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "a double free aborts");
	st = child_status(foreign_free);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT,
	   "freeing memory the arena never gave aborts");
}

/* ---- Threads ---- */

#define THREAD_OPS	3000
#define THREAD_LIVE	16

struct block {
	unsigned char *p;
	size_t len;
};

/* Each thread fills its blocks with its own byte: an overlap between two
 * threads' blocks shows up as a foreign byte. */
static void *worker(void *arg)
{
	unsigned char id = (unsigned char)(uintptr_t)arg;
	struct block live[THREAD_LIVE] = { 0 };
	unsigned int seed = id, i, k;
	uintptr_t errors = 0;
	struct block *b;
	size_t j;

	for (i = 0; i < THREAD_OPS; i++) {
		b = &live[rand_r(&seed) % THREAD_LIVE];
		if (b->p) {
			for (j = 0; j < b->len; j += pg / 4)
				errors += b->p[j] != id;
			umod_arena_free(b->p, b->len);
			b->p = NULL;
			continue;
		}
		b->len = (1 + rand_r(&seed) % 8) * pg;
		b->p = umod_arena_alloc(b->len, rand_r(&seed) % 8 == 0);
		if (!b->p || !all_zero(b->p, b->len)) {
			errors++;
			b->p = NULL;
			continue;
		}
		memset(b->p, id, b->len);
	}
	for (k = 0; k < THREAD_LIVE; k++)
		umod_arena_free(live[k].p, live[k].len);
	return (void *)errors;
}

static void test_threads(void)
{
	pthread_t t[4];
	uintptr_t errors = 0;
	void *ret;
	int i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)(i + 1));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &ret);
		errors += (uintptr_t)ret;
	}
	is_int(errors, 0, "4 threads allocating and freeing never share a page");
	is_int(umod_arena_bytes_in_use(), 0, "and leave bytes in use at zero");
}

/* The protection /proc/self/maps gives p: "r-x", "r--", ... */
static const char *maps_prot(const void *p)
{
	static char prot[8];
	char line[512];
	unsigned long lo, hi;
	FILE *f = fopen("/proc/self/maps", "r");

	strcpy(prot, "none");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %3s", &lo, &hi, prot) == 3 &&
		    (uintptr_t)p >= lo && (uintptr_t)p < hi)
			break;
		else
			strcpy(prot, "none");
	if (f)
		fclose(f);
	return prot;
}

/* A data extent as the loader lays one out: [open][guard][open][guard]. */
static int shape_data(unsigned char *d)
{
	int err = umod_arena_open(d, pg);

	if (!err)
		err = umod_arena_protect(d + pg, pg, PROT_NONE);
	if (!err)
		err = umod_arena_open(d + 2 * pg, pg);
	if (!err)
		err = umod_arena_protect(d + 3 * pg, pg, PROT_NONE);
	return err;
}

static struct umod_block parts(size_t text, size_t ro, size_t data)
{
	return (struct umod_block){ .len = { text, ro, data } };
}

/* Written as a debugger writes a breakpoint: through /proc/self/mem. */
static bool poke_text(unsigned char *p, unsigned char byte)
{
	int fd = open("/proc/self/mem", O_RDWR);
	bool done = fd >= 0 && pwrite(fd, &byte, 1, (off_t)(uintptr_t)p) == 1;

	if (fd >= 0)
		close(fd);
	return done;
}

/*
 * Two views: text and rodata run RX and R, written through the alias;
 * all three parts reach each other; a module's memory freed and taken
 * again in the same shape costs no mmap or mprotect; freed text traps;
 * a page a debugger wrote to is mapped afresh before reuse.
 */
static void test_two_views(void)
{
	struct umod_block b = parts(2 * pg, pg, 4 * pg), c;
	unsigned char *t, *r, *d, *hold;
	ptrdiff_t alias = 0;
	bool fired;

	if (!umod_arena_two_views()) {
		for (int i = 0; i < 13; i++)
			skip("one view here (UMOD_STRICT_WX, UMOD_PERF_MAP, or no executable memfd)");
		return;
	}
	/* Take back what the tests before kept, so that these pages are kept
	 * when freed, not given back past the limit. */
	hold = umod_arena_alloc(UMOD_ARENA_KEEP, false);
	ok(!umod_arena_reserve_parts(&b, false, &alias) && alias, "three parts and an alias");
	t = b.part[0], r = b.part[1], d = b.part[2];
	ok(near_image(t, 2 * pg) && near_image(d, 4 * pg) && reaches(t, 2 * pg, d) &&
	   reaches(d, 4 * pg, r), "near the image, and within reach of each other");
	is_str(maps_prot(t), "r-x", "text is executable where it runs");
	is_str(maps_prot(r), "r--", "rodata is read-only");
	ok(!shape_data(d) && !strcmp(maps_prot(d), "rw-") &&
	   !strcmp(maps_prot(d + pg), "---"), "data opens read-write, its guard none");
	t[alias] = 0xc3;	/* ret */
	r[alias] = 7;
	((void (*)(void))t)();
	ok(t[0] == 0xc3 && r[0] == 7, "what the loader writes through the alias runs");
	is_int(umod_arena_protect(t, pg, PROT_READ | PROT_WRITE), -EPERM,
	       "text never becomes writable where it runs");
	memset(d, 5, pg);
	umod_arena_free_block(&b);
	ok(t[8] == 0xcc && t[pg + 8] == 0xcc, "freed text is traps");

	c = parts(2 * pg, pg, 4 * pg);
	umod_fault_arm(UMOD_FAULT_MMAP | UMOD_FAULT_MPROTECT, 1);
	ok(!umod_arena_reserve_parts(&c, false, &alias) && !shape_data(c.part[2]),
	   "taken again in the same shape");
	fired = umod_fault_fired();
	umod_fault_arm(0, 0);
	ok(!fired, "with no mmap and no mprotect");
	ok(c.part[0] == t && all_zero(t, 2 * pg) && all_zero(r, pg) &&
	   all_zero(c.part[2], pg), "the same memory, zeroed");

	/* gdb's breakpoint makes the page a private copy of the old text. */
	ok(poke_text(t, 0xcc) && t[0] == 0xcc && !t[alias], "a debugger writes text");
	umod_arena_free_block(&c);
	c = parts(2 * pg, pg, 4 * pg);
	ok(!umod_arena_reserve_parts(&c, false, &alias) && c.part[0] == t &&
	   all_zero(t, 2 * pg), "reused, the page shows the memfd again");
	umod_arena_free_block(&c);
	umod_arena_free(hold, UMOD_ARENA_KEEP);
}

/* A chunk of two views made under failing mmaps: each failure taken
 * elsewhere (another address, a far chunk) or -ENOMEM, nothing kept. */
static void test_two_view_faults(void)
{
	size_t before = umod_arena_bytes_in_use();
	unsigned long n, failures = 0;
	bool fired = true, clean = true;

	if (!umod_arena_two_views()) {
		skip("one view here");
		return;
	}
	for (n = 1; fired && clean && n < 64; n++) {
		struct umod_block b = parts(pg, pg, 96 * MiB);	/* a chunk of its own */
		ptrdiff_t alias;
		int err;

		umod_fault_arm(UMOD_FAULT_MMAP, n);
		err = umod_arena_reserve_parts(&b, false, &alias);
		fired = umod_fault_fired();
		umod_fault_arm(0, 0);
		if (!err)
			umod_arena_free_block(&b);
		clean = (!err || err == -ENOMEM) &&
			umod_arena_bytes_in_use() == before;
		failures += fired;
	}
	ok(clean && !fired && failures >= 4,
	   "a new chunk under %lu mmap failures: each absorbed or -ENOMEM, nothing kept",
	   failures);
}

int main(void)
{
	pg = sysconf(_SC_PAGESIZE);
	test_near();
	test_low();
	test_reuse();
	test_coalesce();
	test_protections();
	test_decommit();
	test_chunks();
	test_bad_free();
	test_threads();
	test_two_views();
	test_two_view_faults();
	return done_testing();
}
