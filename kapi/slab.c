// SPDX-License-Identifier: MIT
/*
 * slab.c - the kernel's allocator calls, over malloc.  kmalloc(0) gives
 * ZERO_SIZE_PTR and kfree ignores it; __GFP_ZERO (Linux 6.1's bit) clears
 * what is given.  A Linux module's inline kmalloc calls kmalloc_trace or
 * kmalloc_large with a cache from kmalloc_caches; the size alone matters
 * here, so the caches are a zeroed table.  gfp flags are otherwise
 * ignored: every allocation may sleep, none is DMA.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <umod/export.h>
#include <umod/host.h>

typedef unsigned int gfp_t;
struct kmem_cache;

#define __GFP_ZERO	0x100u
#define ZERO_SIZE_PTR	((void *)16)
#define ZERO_OR_NULL_PTR(p) ((uintptr_t)(p) <= (uintptr_t)ZERO_SIZE_PTR)

/* Linux 6.1: [NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1], with room over. */
struct kmem_cache *kmalloc_caches[8][32];
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

void *kmalloc_trace(struct kmem_cache *s, gfp_t flags, size_t size)
{
	return __kmalloc(size, flags);
}
EXPORT_SYMBOL(kmalloc_trace);

void *kmalloc_node_trace(struct kmem_cache *s, gfp_t flags, int node,
			 size_t size)
{
	return __kmalloc(size, flags);
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
