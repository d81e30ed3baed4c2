// SPDX-License-Identifier: MIT
/*
 * percpu.c - the per-CPU area module code finds at %gs, as on Linux.
 *
 * x86-64 Linux points GS at the running CPU's per-CPU area: kernel code
 * built with the stack protector reads its canary at %gs:0x28 (struct
 * fixed_percpu_data), and per-CPU variables sit after it.  Here every
 * thread that runs module code is a CPU with an area of its own, set up
 * on first need.  libc keeps its thread pointer in FS: GS is ours.
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
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fixed_percpu_data *spare;	/* linked through gs_base */
static umod_percpu_init_fn *_Atomic host_init;	/* the host's variables */

_Static_assert(sizeof(struct fixed_percpu_data) <= UMOD_PERCPU_HOST_OFFSET &&
	       UMOD_PERCPU_HOST_OFFSET + UMOD_PERCPU_HOST_SIZE <= UMOD_PERCPU_SIZE,
	       "the host's per-CPU variables fit in the area");

void umod_set_percpu_init(umod_percpu_init_fn *fn)
{
	host_init = fn;
}

static struct fixed_percpu_data **next_spare(struct fixed_percpu_data *area)
{
	return (struct fixed_percpu_data **)(void *)area->gs_base;
}

/* At thread exit: the area waits for the next thread. */
static void release_area(void *arg)
{
	struct fixed_percpu_data *area = arg;

	arch_set_percpu_base(NULL);
	pthread_mutex_lock(&spare_lock);
	*next_spare(area) = spare;
	spare = area;
	pthread_mutex_unlock(&spare_lock);
}

static struct fixed_percpu_data *get_area(void)
{
	struct fixed_percpu_data *area;

	pthread_mutex_lock(&spare_lock);
	area = spare;
	if (area) {
		spare = *next_spare(area);
		*next_spare(area) = NULL;
	}
	pthread_mutex_unlock(&spare_lock);
	if (area)
		return area;
	area = umod_mmap(NULL, UMOD_PERCPU_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return NULL;
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

int umod_thread_prepare(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct fixed_percpu_data *area;
	umod_percpu_init_fn *init;
	int err;

	pthread_once(&once, percpu_setup);
	if (setup_err)
		return -setup_err;
	if (pthread_getspecific(area_key))
		return 0;
	area = get_area();
	if (!area)
		return -ENOMEM;
	err = arch_set_percpu_base(area);
	if (err)
		goto spare;
	err = -pthread_setspecific(area_key, area);
	if (err)
		goto clear;
	init = host_init;
	if (init)
		init(area);
	return 0;
clear:
	arch_set_percpu_base(NULL);
spare:
	release_area(area);
	return err;
}

int umod_percpu_enter(struct umod_ctx *ctx, const char *name)
{
	int err = umod_thread_prepare();

	if (err)
		return umod_fail(ctx, name, err,
				 "cannot set up this thread's per-CPU area: %s",
				 strerror(-err));
	return 0;
}
