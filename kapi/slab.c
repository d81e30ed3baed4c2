// SPDX-License-Identifier: MIT
/*
 * slab.c - the kernel's allocator calls, over malloc.  kmalloc(0) gives
 * ZERO_SIZE_PTR and kfree ignores it; __GFP_ZERO (Linux 6.1's bit) clears
 * what is given.  A Linux module's inline kmalloc calls kmalloc_trace or
 * kmalloc_large with a cache from kmalloc_caches.  gfp flags are
 * otherwise ignored: every allocation may sleep, none is DMA.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

/*
 * kmem_cache: caches of same-sized objects over the same heap, counted,
 * so that destroying a cache still in use is reported as Linux reports
 * it.  A constructor runs on each object handed out, the state Linux
 * keeps objects in between uses.
 */
#define SLAB_HWCACHE_ALIGN	0x00002000u

struct kmem_cache {
	const char *name;
	unsigned int size, align;
	void (*ctor)(void *);
	long objects;		/* handed out, not yet freed */
	bool kmalloc;		/* one of kmalloc_caches: never destroyed */
};


#define ZERO_SIZE_PTR	((void *)16)
#define ZERO_OR_NULL_PTR(p) ((uintptr_t)(p) <= (uintptr_t)ZERO_SIZE_PTR)

/*
 * Linux 6.1 with SLUB: kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH
 * + 1], types normal, cgroup, reclaimable and DMA (Debian's config), index
 * i the cache of 2^i bytes (1 and 2: 96 and 192), which the inline
 * kmalloc() of a genuine module picks for a constant size and hands to
 * kmalloc_trace.  Filled in by kapi_slab_setup.
 */
#define NR_KMALLOC_TYPES	4
#define KMALLOC_SHIFT_HIGH	13
struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
EXPORT_SYMBOL(kmalloc_caches);

void *__kmalloc(size_t size, gfp_t flags)
{
	void *p;

	if (!size)
		return ZERO_SIZE_PTR;
	p = malloc(size);
	if (p && (flags & __GFP_ZERO))
		memset(p, 0, malloc_usable_size(p));
	return p;
}
EXPORT_SYMBOL(__kmalloc);

void *kmalloc(size_t size, gfp_t flags)
{
	return __kmalloc(size, flags);
}
EXPORT_SYMBOL(kmalloc);

void *kzalloc(size_t size, gfp_t flags)
{
	return __kmalloc(size, flags | __GFP_ZERO);
}
EXPORT_SYMBOL(kzalloc);

void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return __kmalloc(n * size, flags);
}
EXPORT_SYMBOL(kmalloc_array);

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}
EXPORT_SYMBOL(kcalloc);

/* From a kmalloc cache: the object is the cache's size, which is at
 * least size, so ksize() tells what was given, as on Linux. */
void *kmalloc_trace(struct kmem_cache *s, gfp_t flags, size_t size)
{
	return __kmalloc(s && s->size > size ? s->size : size, flags);
}
EXPORT_SYMBOL(kmalloc_trace);

void *kmalloc_node_trace(struct kmem_cache *s, gfp_t flags, int node,
			 size_t size)
{
	return kmalloc_trace(s, flags, size);
}
EXPORT_SYMBOL(kmalloc_node_trace);

void *kmalloc_large(size_t size, gfp_t flags)
{
	return __kmalloc(size, flags);
}
EXPORT_SYMBOL(kmalloc_large);

void *__kmalloc_node(size_t size, gfp_t flags, int node)
{
	return __kmalloc(size, flags);
}
EXPORT_SYMBOL(__kmalloc_node);

void kfree(const void *p)
{
	if (!ZERO_OR_NULL_PTR(p))
		free((void *)p);
}
EXPORT_SYMBOL(kfree);

void kfree_sensitive(const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return;
	explicit_bzero((void *)p, malloc_usable_size((void *)p));
	free((void *)p);
}
EXPORT_SYMBOL(kfree_sensitive);

size_t ksize(const void *p)
{
	return ZERO_OR_NULL_PTR(p) ? 0 : malloc_usable_size((void *)p);
}
EXPORT_SYMBOL(ksize);

/* With __GFP_ZERO the grown part is cleared, as Linux does. */
void *krealloc(const void *p, size_t size, gfp_t flags)
{
	size_t old;
	void *np;

	if (!size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(p))
		return __kmalloc(size, flags);
	old = malloc_usable_size((void *)p);
	np = realloc((void *)p, size);
	if (np && (flags & __GFP_ZERO) && malloc_usable_size(np) > old)
		memset((char *)np + old, 0, malloc_usable_size(np) - old);
	return np;
}
EXPORT_SYMBOL(krealloc);

void *kmemdup(const void *src, size_t len, gfp_t flags)
{
	void *p = __kmalloc(len, flags & ~__GFP_ZERO);

	if (p && len)
		memcpy(p, src, len);
	return p;
}
EXPORT_SYMBOL(kmemdup);

char *kstrndup(const char *s, size_t max, gfp_t flags)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	p = __kmalloc(len + 1, flags & ~__GFP_ZERO);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}
EXPORT_SYMBOL(kstrndup);

char *kstrdup(const char *s, gfp_t flags)
{
	return kstrndup(s, SIZE_MAX, flags);
}
EXPORT_SYMBOL(kstrdup);

char *kvasprintf(gfp_t flags, const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int n;

	va_copy(aq, ap);
	n = umod_vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	p = __kmalloc(n + 1, flags & ~__GFP_ZERO);
	if (p)
		umod_vsnprintf(p, n + 1, fmt, ap);
	return p;
}
EXPORT_SYMBOL(kvasprintf);

char *kasprintf(gfp_t flags, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = kvasprintf(flags, fmt, ap);
	va_end(ap);
	return p;
}
EXPORT_SYMBOL(kasprintf);

/* vmalloc and kvmalloc: the same heap; nothing here is physically
 * contiguous. */
void *kvmalloc_node(size_t size, gfp_t flags, int node)
{
	return __kmalloc(size, flags);
}
EXPORT_SYMBOL(kvmalloc_node);

void kvfree(const void *p)
{
	kfree(p);
}
EXPORT_SYMBOL(kvfree);

void *vmalloc(unsigned long size)
{
	return size ? malloc(size) : NULL;
}
EXPORT_SYMBOL(vmalloc);

void *vzalloc(unsigned long size)
{
	return size ? calloc(1, size) : NULL;
}
EXPORT_SYMBOL(vzalloc);

void vfree(const void *p)
{
	free((void *)p);
}
EXPORT_SYMBOL(vfree);

static struct kmem_cache *new_cache(const char *name, unsigned int size,
				    unsigned int align, unsigned int flags,
				    void (*ctor)(void *))
{
	struct kmem_cache *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->name = strdup(name);
	s->size = size;
	s->align = align < sizeof(void *) ? sizeof(void *) : align;
	if (flags & SLAB_HWCACHE_ALIGN && s->align < 64)
		s->align = 64;
	s->ctor = ctor;
	if (!s->name) {
		free(s);
		return NULL;
	}
	return s;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *))
{
	if (!name || !size || (align & (align - 1)))
		return NULL;
	return new_cache(name, size, align, flags, ctor);
}
EXPORT_SYMBOL(kmem_cache_create);

struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
					      unsigned int align, unsigned int flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *))
{
	return kmem_cache_create(name, size, align, flags, ctor);
}
EXPORT_SYMBOL(kmem_cache_create_usercopy);

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	size_t size = (s->size + s->align - 1) / s->align * s->align;
	void *p = aligned_alloc(s->align, size);

	if (!p)
		return NULL;
	if (flags & __GFP_ZERO)
		memset(p, 0, s->size);
	if (s->ctor)
		s->ctor(p);
	__atomic_add_fetch(&s->objects, 1, __ATOMIC_RELAXED);
	return p;
}
EXPORT_SYMBOL(kmem_cache_alloc);

void *kmem_cache_alloc_lru(struct kmem_cache *s, void *lru, gfp_t flags)
{
	return kmem_cache_alloc(s, flags);
}
EXPORT_SYMBOL(kmem_cache_alloc_lru);

void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node)
{
	return kmem_cache_alloc(s, flags);
}
EXPORT_SYMBOL(kmem_cache_alloc_node);

void kmem_cache_free(struct kmem_cache *s, void *p)
{
	if (!p)
		return;
	__atomic_sub_fetch(&s->objects, 1, __ATOMIC_RELAXED);
	free(p);
}
EXPORT_SYMBOL(kmem_cache_free);

unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->size;
}
EXPORT_SYMBOL(kmem_cache_size);

/* Objects still out are leaked, as Linux leaves them, with its words. */
void kmem_cache_destroy(struct kmem_cache *s)
{
	long left;

	if (!s || s->kmalloc)
		return;
	left = __atomic_load_n(&s->objects, __ATOMIC_RELAXED);
	if (left) {
		kapi_printk(KERN_ERR "kmem_cache_destroy %s: Slab cache still has objects when called from %pS\n",
			    s->name, __builtin_return_address(0));
		return;
	}
	free((void *)s->name);
	free(s);
}
EXPORT_SYMBOL(kmem_cache_destroy);

int kapi_slab_setup(void)
{
	static const char *const prefix[NR_KMALLOC_TYPES] = {
		"kmalloc-", "kmalloc-cg-", "kmalloc-rcl-", "dma-kmalloc-",
	};
	char name[32];

	for (int t = 0; t < NR_KMALLOC_TYPES; t++) {
		for (int i = 1; i <= KMALLOC_SHIFT_HIGH; i++) {
			unsigned int size = i == 1 ? 96 : i == 2 ? 192 : 1u << i;
			struct kmem_cache *s;

			snprintf(name, sizeof(name), "%s%u", prefix[t], size);
			s = new_cache(name, size, 8, 0, NULL);
			if (!s)
				return -ENOMEM;
			s->kmalloc = true;
			kmalloc_caches[t][i] = s;
		}
	}
	return 0;
}
