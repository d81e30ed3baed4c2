// SPDX-License-Identifier: MIT
/*
 * heapcount.c - the bytes a test program's heap holds, exactly: what was
 * asked of malloc and not yet freed, whatever the thread.
 *
 * glibc's own count (mallinfo2) is of chunks, and a chunk can be up to
 * one minimum chunk larger than its request when the rest of a free chunk
 * would be too small to keep: the same allocations count 16 bytes apart
 * (8 on 32-bit machines) as threads' interleaving shapes the heap
 * differently.  So the malloc family is replaced, as glibc allows, by
 * glibc's own (__libc_*) behind a header holding the request's size.
 *
 * Under a sanitizer, whose allocator replaces malloc, its count is used.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "heapcount.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HAVE_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define HAVE_SANITIZER 1
#endif
#endif

#ifdef HAVE_SANITIZER
/* <sanitizer/allocator_interface.h>, which gcc does not install. */
size_t __sanitizer_get_current_allocated_bytes(void);

size_t heap_in_use(void)
{
	return __sanitizer_get_current_allocated_bytes();
}
#else

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_memalign(size_t align, size_t size);
void *__libc_realloc(void *p, size_t size);
void __libc_free(void *p);

/* Just before each block: its request, and where glibc's block starts. */
struct header {
	size_t size;
	size_t shift;
};

/* A multiple of malloc's alignment that holds a header. */
#define PLAIN (sizeof(struct header) > alignof(max_align_t) ? \
	       sizeof(struct header) : alignof(max_align_t))

static atomic_size_t in_use;

size_t heap_in_use(void)
{
	return atomic_load_explicit(&in_use, memory_order_relaxed);
}

static struct header *header(void *p)
{
	return (struct header *)p - 1;
}

static void *mark(void *base, size_t shift, size_t size)
{
	char *p = base;

	if (!p)
		return NULL;
	p += shift;
	*header(p) = (struct header){ size, shift };
	atomic_fetch_add_explicit(&in_use, size, memory_order_relaxed);
	return p;
}

void *malloc(size_t size)
{
	if (size > SIZE_MAX - PLAIN) {
		errno = ENOMEM;
		return NULL;
	}
	return mark(__libc_malloc(size + PLAIN), PLAIN, size);
}

void free(void *p)
{
	struct header *h;

	if (!p)
		return;
	h = header(p);
	atomic_fetch_sub_explicit(&in_use, h->size, memory_order_relaxed);
	__libc_free((char *)p - h->shift);
}

/* glibc's calloc: the compiler would turn malloc and memset into a call
 * to calloc, this one. */
void *calloc(size_t n, size_t size)
{
	if (size && n > (SIZE_MAX - PLAIN) / size) {
		errno = ENOMEM;
		return NULL;
	}
	return mark(__libc_calloc(1, n * size + PLAIN), PLAIN, n * size);
}

/* align is a power of two: the header sits in the bytes before p. */
static void *aligned(size_t align, size_t size)
{
	size_t shift = align > PLAIN ? align : PLAIN;

	if (size > SIZE_MAX - shift) {
		errno = ENOMEM;
		return NULL;
	}
	return mark(__libc_memalign(align, size + shift), shift, size);
}

void *realloc(void *p, size_t size)
{
	struct header *h;
	void *q;
	size_t old;

	if (!p)
		return malloc(size);
	if (!size) {
		free(p);
		return NULL;
	}
	h = header(p);
	old = h->size;
	if (h->shift == PLAIN && size <= SIZE_MAX - PLAIN) {
		q = __libc_realloc((char *)p - PLAIN, size + PLAIN);
		if (!q)
			return NULL;
		atomic_fetch_sub_explicit(&in_use, old, memory_order_relaxed);
		return mark(q, PLAIN, size);
	}
	q = malloc(size);		/* an aligned block, moved */
	if (!q)
		return NULL;
	memcpy(q, p, old < size ? old : size);
	free(p);
	return q;
}

void *reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}

static int bad_alignment(size_t align)
{
	return !align || (align & (align - 1));
}

int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (bad_alignment(align) || align % sizeof(void *))
		return EINVAL;
	p = aligned(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t size)
{
	if (bad_alignment(align)) {
		errno = EINVAL;
		return NULL;
	}
	return aligned(align, size);
}

void *memalign(size_t align, size_t size)
{
	return aligned_alloc(align, size);
}

void *valloc(size_t size)
{
	return aligned(sysconf(_SC_PAGESIZE), size);
}

void *pvalloc(size_t size)
{
	size_t page = sysconf(_SC_PAGESIZE);

	return aligned(page, (size + page - 1) & ~(page - 1));
}

size_t malloc_usable_size(void *p)
{
	return p ? header(p)->size : 0;
}
#endif
