// SPDX-License-Identifier: MIT
/*
 * page_alloc.c - whole pages by address: __get_free_pages(gfp, order)
 * gives 2^order contiguous, page-aligned pages, get_zeroed_page one
 * cleared page, free_pages and free_page give them back: the pages of
 * page.c's alloc_pages, by their address, so that a module may mix the
 * two as in Linux (virt_to_page of one, free_pages of the other).  As
 * slab.c, gfp flags other than __GFP_ZERO change nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "page.h"

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;
	void *p;

	if (vmemmap_base) {
		page = alloc_pages(gfp, order);
		return page ? (unsigned long)kapi_page_address(page) : 0;
	}
	/* No struct pages (page.c): the pages alone. */
	if (order >= KAPI_MAX_ORDER)
		return 0;
	p = aligned_alloc(KAPI_PAGE_SIZE, KAPI_PAGE_SIZE << order);
	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, KAPI_PAGE_SIZE << order);
	return (unsigned long)p;
}
EXPORT_SYMBOL(__get_free_pages);

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}
EXPORT_SYMBOL(get_zeroed_page);

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr && vmemmap_base)	/* 0 is ignored, as Linux's */
		__free_pages(kapi_virt_to_page((void *)addr), order);
	else
		free((void *)addr);
}
EXPORT_SYMBOL(free_pages);
