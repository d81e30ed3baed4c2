// SPDX-License-Identifier: MIT
/*
 * percpu.c - the per-CPU areas module code finds at %gs, as on Linux,
 * and the per-CPU memory in them.
 *
 * x86-64 Linux points GS at the running CPU's per-CPU area: kernel code
 * built with the stack protector reads its canary at %gs:0x28 (struct
 * fixed_percpu_data), and per-CPU variables sit after it, each at the
 * same offset in every CPU's area.  Here every thread that runs module
 * code is a CPU with an area of its own, set up on first need, one of
 * UMOD_NR_CPUS areas laid end to end: CPU n's is the nth, so that a
 * per-CPU pointer (an offset) plus umod_percpu_offset(n) is CPU n's copy,
 * as with Linux's __per_cpu_offset[n].  libc keeps its thread pointer in
 * FS: GS is ours.
 *
 * Per-CPU memory (umod_percpu_alloc: Linux's __alloc_percpu, and each
 * module's .data..percpu) is a range of offsets past the host's part,
 * given out first fit, zeroed in every area; the areas are reserved
 * whole and filled in by the kernel as they are touched.
 *
 * A new thread inherits its creator's GS, so an area may still be in a
 * register after its thread is gone: areas are never unmapped, but kept
 * for the next thread at exit.  The canary is one random value per host,
 * its low byte zero as Linux's (CANARY_MASK), so that a string overrun
 * cannot reproduce it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>

#include "arch.h"
#include "internal.h"

static pthread_key_t area_key;
static unsigned long canary;
static int setup_err;
static char *areas;		/* UMOD_NR_CPUS of UMOD_PERCPU_SIZE bytes */
static pthread_mutex_t cpus_lock = PTHREAD_MUTEX_INITIALIZER;
static bool cpu_taken[UMOD_NR_CPUS];	/* by a thread */
static umod_percpu_init_fn *_Atomic host_init;	/* the host's variables */

_Static_assert(sizeof(struct fixed_percpu_data) <= UMOD_PERCPU_HOST_OFFSET &&
	       UMOD_PERCPU_DYNAMIC_OFFSET <= UMOD_PERCPU_SIZE,
	       "the host's per-CPU variables fit in the area");

void umod_set_percpu_init(umod_percpu_init_fn *fn)
{
	host_init = fn;
}

static struct fixed_percpu_data *area_of(unsigned int cpu)
{
	return (void *)(areas + (size_t)cpu * UMOD_PERCPU_SIZE);
}

/* At thread exit: the area waits for the next thread. */
static void release_area(void *arg)
{
	struct fixed_percpu_data *area = arg;

	arch_set_percpu_base(NULL);
	pthread_mutex_lock(&cpus_lock);
	cpu_taken[((char *)area - areas) / UMOD_PERCPU_SIZE] = false;
	pthread_mutex_unlock(&cpus_lock);
}

/* The lowest free CPU's area; NULL when every CPU has its thread. */
static struct fixed_percpu_data *get_area(void)
{
	struct fixed_percpu_data *area = NULL;

	pthread_mutex_lock(&cpus_lock);
	for (unsigned int cpu = 0; cpu < UMOD_NR_CPUS; cpu++) {
		if (!cpu_taken[cpu]) {
			cpu_taken[cpu] = true;
			area = area_of(cpu);
			break;
		}
	}
	pthread_mutex_unlock(&cpus_lock);
	if (area)
		area->stack_canary = canary;
	return area;
}

static void percpu_setup(void)
{
	struct timespec ts;

	if (getrandom(&canary, sizeof(canary), 0) != sizeof(canary)) {
		/* No entropy source: weaker, but never a guessable constant. */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		canary = (unsigned long)ts.tv_nsec * 0x9e3779b97f4a7c15ul ^
			 (unsigned long)&ts ^ (unsigned long)ts.tv_sec << (sizeof(long) * 4);
	}
	canary &= ~0xfful;
	setup_err = pthread_key_create(&area_key, release_area);
}

/* The areas are reserved on first need; a failure is tried again on
 * the next, as a thread's area was before they were laid end to end. */
static int percpu_ready(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	static pthread_mutex_t map_lock = PTHREAD_MUTEX_INITIALIZER;
	void *p;

	pthread_once(&once, percpu_setup);
	if (setup_err)
		return -setup_err;
	if (__atomic_load_n(&areas, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&map_lock);
	p = areas;
	if (!p) {
		p = umod_mmap(NULL, (size_t)UMOD_NR_CPUS * UMOD_PERCPU_SIZE,
			      PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			p = NULL;
		else
			__atomic_store_n(&areas, p, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&map_lock);
	return p ? 0 : -ENOMEM;
}

static int percpu_prepare(void)
{
	struct fixed_percpu_data *area;
	umod_percpu_init_fn *init;
	int err = percpu_ready();

	if (err)
		return err;
	if (pthread_getspecific(area_key))
		return 0;
	area = get_area();
	if (!area)
		return -EAGAIN;	/* UMOD_NR_CPUS threads run module code */
	err = arch_set_percpu_base(area);
	if (err)
		goto release;
	err = -pthread_setspecific(area_key, area);
	if (err)
		goto clear;
	init = host_init;
	if (init)
		init(area, ((char *)area - areas) / UMOD_PERCPU_SIZE);
	return 0;
clear:
	arch_set_percpu_base(NULL);
release:
	release_area(area);
	return err;
}

int umod_thread_prepare(void)
{
	int err;

	umod_clear_errmsg();
	err = percpu_prepare();
	if (err)
		umod_set_errmsg("cannot set up this thread's per-CPU area: %s",
				strerror(-err));
	return err;
}

int umod_percpu_enter(struct umod_ctx *ctx, const char *name)
{
	int err = percpu_prepare();

	if (err)
		return umod_fail(ctx, name, err,
				 "cannot set up this thread's per-CPU area: %s",
				 strerror(-err));
	return 0;
}

void *umod_percpu_offset(unsigned int cpu)
{
	if (cpu >= UMOD_NR_CPUS || percpu_ready())
		return NULL;
	return area_of(cpu);
}

/* ---- Per-CPU memory: offsets in use, by offset ---- */

struct chunk {
	size_t off, size;
};
static pthread_mutex_t chunks_lock = PTHREAD_MUTEX_INITIALIZER;
static struct chunk *chunks;
static size_t nr_chunks, max_chunks;

/* Where size bytes aligned to align fit first, and the index of the
 * chunk they go before; 0 if nowhere. */
static size_t first_fit(size_t size, size_t align, size_t *at)
{
	size_t start = UMOD_PERCPU_DYNAMIC_OFFSET, off;

	for (size_t i = 0;; i++) {
		off = (start + align - 1) & ~(align - 1);
		if (i == nr_chunks)
			break;
		if (off + size <= chunks[i].off) {
			*at = i;
			return off;
		}
		start = chunks[i].off + chunks[i].size;
	}
	*at = nr_chunks;
	return off + size <= UMOD_PERCPU_SIZE ? off : 0;
}

static int add_chunk(size_t at, size_t off, size_t size)
{
	if (nr_chunks == max_chunks) {
		size_t n = max_chunks ? 2 * max_chunks : 32;
		struct chunk *more = umod_realloc(chunks, n * sizeof(*chunks));

		if (!more)
			return -ENOMEM;
		chunks = more;
		max_chunks = n;
	}
	memmove(chunks + at + 1, chunks + at, (nr_chunks - at) * sizeof(*chunks));
	chunks[at] = (struct chunk){ off, size };
	nr_chunks++;
	return 0;
}

void *umod_percpu_alloc(size_t size, size_t align)
{
	size_t at, off = 0;

	if (!size || size > UMOD_PERCPU_UNIT_MAX || !align ||
	    align > UMOD_PERCPU_ALIGN_MAX || (align & (align - 1)) ||
	    percpu_ready())
		return NULL;
	pthread_mutex_lock(&chunks_lock);
	off = first_fit(size, align, &at);
	if (off && add_chunk(at, off, size))
		off = 0;
	pthread_mutex_unlock(&chunks_lock);
	if (!off)
		return NULL;
	/* Linux's per-CPU memory comes zeroed; freed memory is reused. */
	for (unsigned int cpu = 0; cpu < UMOD_NR_CPUS; cpu++)
		memset((char *)area_of(cpu) + off, 0, size);
	return (void *)off;
}

void umod_percpu_free(void *ptr)
{
	size_t off = (size_t)ptr;

	if (!ptr)
		return;
	pthread_mutex_lock(&chunks_lock);
	for (size_t i = 0; i < nr_chunks; i++) {
		if (chunks[i].off == off) {
			memmove(chunks + i, chunks + i + 1,
				(nr_chunks - i - 1) * sizeof(*chunks));
			nr_chunks--;
			break;
		}
	}
	pthread_mutex_unlock(&chunks_lock);
}
