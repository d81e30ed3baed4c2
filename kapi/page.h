/* SPDX-License-Identifier: MIT */
/*
 * page.h - struct page as Linux 6.1 lays it out on x86-64 (64 bytes, the
 * stride of the vmemmap genuine code indexes), and page.c's linear map.
 */
#ifndef KAPI_PAGE_H
#define KAPI_PAGE_H

#include "kernel.h"

#define KAPI_PAGE_SHIFT	12
#define KAPI_PAGE_SIZE	(1ul << KAPI_PAGE_SHIFT)
#define KAPI_MAX_ORDER	11	/* Linux 6.1: orders 0..10 */
#define KAPI_PG_ALLOCATED	11	/* PG_arch_1: the page allocator's */

struct page {
	unsigned long flags;
	unsigned long compound_head;	/* bit 0: a tail page */
	unsigned long lru_prev;
	void *mapping;
	unsigned long index;
	unsigned long private;
	int _mapcount;
	int _refcount;
	unsigned long memcg_data;
};
KAPI_LAYOUT(sizeof(struct page) == 64, "Linux 6.1's struct page");
KAPI_LAYOUT(offsetof(struct page, _refcount) == 0x34, "page->_refcount");
KAPI_LAYOUT(offsetof(struct page, private) == 0x28, "page->private");

extern unsigned long page_offset_base, vmemmap_base;

int kapi_page_setup(void);
struct page *kapi_virt_to_page(const void *p);
void *kapi_page_address(const struct page *page);
struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);

#endif /* KAPI_PAGE_H */
