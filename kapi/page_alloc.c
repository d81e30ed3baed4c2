// SPDX-License-Identifier: MIT
/*
 * page_alloc.c - whole pages by address: __get_free_pages(gfp, order)
 * gives 2^order contiguous, page-aligned pages, get_zeroed_page one
 * cleared page, free_pages and free_page give them back.  A module that
 * asks for pages by address never looks at their struct page, so these
 * need none; the struct page calls (alloc_pages, page_address) are not
 * here.  As slab.c, gfp flags other than __GFP_ZERO change nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

#define PAGE_SIZE	4096ul
#define MAX_ORDER	11	/* Linux 6.1: orders 0..10 */

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	void *p;

	if (order >= MAX_ORDER)
		return 0;
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, PAGE_SIZE << order);
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
	free((void *)addr);	/* 0 is ignored, as Linux's */
}
EXPORT_SYMBOL(free_pages);
