// SPDX-License-Identifier: MIT
/*
 * page.c - struct page, and the linear map that genuine x86-64 code
 * computes it from.  A module's virt_to_page(p) is inline arithmetic:
 * vmemmap_base + ((p - page_offset_base) >> 12) * sizeof(struct page),
 * and page_address(page) the reverse.  Here all of the host's memory is
 * the "linear map": page_offset_base is 0, so a pointer is its own
 * physical address, and vmemmap_base is a region of 64-byte struct pages,
 * one for each page of the user address space (2^35 pages, 2 TiB of
 * struct pages), reserved without backing: the kernel supplies zeroed
 * memory where a page's struct page is first touched.  So
 * page_address(virt_to_page(p)) == p for memory from kmalloc, vmalloc,
 * the page allocator or a module's own data alike, and a struct page
 * starts out as Linux's for a page nobody holds: flags and counts zero.
 *
 * phys_base is Linux's offset of the kernel image (used for addresses
 * above __START_KERNEL_map, which no host address is): 0.
 *
 * alloc_pages gives pages with one reference (page_ref_count 1), freed
 * when __free_pages or put_page drops the last; such pages are marked
 * PG_arch_1 (unused on x86), so that dropping the last reference to a
 * page kapi did not hand out (a module's get_page/put_page pair on
 * kmalloc'd memory) frees nothing, as in Linux, where the slab holds it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel.h"
#include "page.h"

unsigned long page_offset_base;
EXPORT_SYMBOL(page_offset_base);
unsigned long vmemmap_base;
EXPORT_SYMBOL(vmemmap_base);
unsigned long phys_base;
EXPORT_SYMBOL(phys_base);

/* Linux's static key for HugeTLB's vmemmap optimisation, which the
 * inline compound_head() tests: off, as no page is a HugeTLB page. */
struct static_key_false {
	int enabled;
	void *entries;
} hugetlb_optimize_vmemmap_key;
EXPORT_SYMBOL(hugetlb_optimize_vmemmap_key);

#define USER_ADDRESS_BITS	47	/* x86-64's 4-level user space */
#define VMEMMAP_SIZE	((1ul << (USER_ADDRESS_BITS - KAPI_PAGE_SHIFT)) * \
			 sizeof(struct page))

/* AMD SME's encryption bit in page table entries: none, memory
 * encryption is not active (__sme_clr/__sme_set change nothing). */
u64 sme_me_mask;
EXPORT_SYMBOL(sme_me_mask);

/* The page table bits kernel mappings may have: all, as without PTI. */
u64 __default_kernel_pte_mask = ~0ull;
EXPORT_SYMBOL(__default_kernel_pte_mask);

/* totalram_pages(): the machine's memory, as the host sees it. */
long _totalram_pages;
EXPORT_SYMBOL(_totalram_pages);

int kapi_page_setup(void)
{
	void *map;

	_totalram_pages = sysconf(_SC_PHYS_PAGES);
#ifdef __x86_64__
	map = mmap(NULL, VMEMMAP_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
#else
	/* The layout above is x86-64's, which the modules kapi serves
	 * have; elsewhere (qemu-user could not even map it) none. */
	map = MAP_FAILED;
#endif
	if (map == MAP_FAILED) {
		/* A host whose address space is fenced (ThreadSanitizer's)
		 * runs no module that needs struct page: alloc_pages fails.
		 * Said in the log, not on the console, whose first line
		 * tools and tests read as the host's own. */
		kapi_printk(KERN_DEBUG "kapi: no room for the vmemmap (%lu GiB): "
			    "struct page calls fail\n", VMEMMAP_SIZE >> 30);
		return 0;
	}
	vmemmap_base = (unsigned long)map;
	return 0;
}

struct page *kapi_virt_to_page(const void *p)
{
	unsigned long pfn = ((unsigned long)p - page_offset_base) >> KAPI_PAGE_SHIFT;

	return (struct page *)vmemmap_base + pfn;
}

void *kapi_page_address(const struct page *page)
{
	unsigned long pfn = page - (struct page *)vmemmap_base;

	return (void *)((pfn << KAPI_PAGE_SHIFT) + page_offset_base);
}

/* is_vmalloc_addr: vmalloc's memory is in the linear map here, as all
 * memory is, so virt_to_page works on it and this says no. */
bool is_vmalloc_addr(const void *p)
{
	(void)p;
	return false;
}
EXPORT_SYMBOL(is_vmalloc_addr);

struct page *vmalloc_to_page(const void *p)
{
	return vmemmap_base ? kapi_virt_to_page(p) : NULL;
}
EXPORT_SYMBOL(vmalloc_to_page);

unsigned long vmalloc_to_pfn(const void *p)
{
	return ((unsigned long)p - page_offset_base) >> KAPI_PAGE_SHIFT;
}
EXPORT_SYMBOL(vmalloc_to_pfn);

struct page *__alloc_pages(gfp_t gfp, unsigned int order, int nid,
			   void *nodemask)
{
	void *p;
	struct page *page;

	(void)nid, (void)nodemask;
	if (!vmemmap_base || order >= KAPI_MAX_ORDER)
		return NULL;
	p = aligned_alloc(KAPI_PAGE_SIZE, KAPI_PAGE_SIZE << order);
	if (!p)
		return NULL;
	if (gfp & __GFP_ZERO)
		memset(p, 0, KAPI_PAGE_SIZE << order);
	page = kapi_virt_to_page(p);
	memset(page, 0, sizeof(*page) << order);
	page->flags = 1ul << KAPI_PG_ALLOCATED;
	__atomic_store_n(&page->_refcount, 1, __ATOMIC_RELEASE);
	return page;
}
EXPORT_SYMBOL(__alloc_pages);

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, -1, NULL);
}
EXPORT_SYMBOL(alloc_pages);

/* The pages go back to the heap when the last reference is dropped, if
 * they were the page allocator's. */
static void free_allocated(struct page *page)
{
	if (!(page->flags & 1ul << KAPI_PG_ALLOCATED))
		return;
	page->flags = 0;
	free(kapi_page_address(page));
}

void __free_pages(struct page *page, unsigned int order)
{
	(void)order;
	if (__atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_ACQ_REL) == 0)
		free_allocated(page);
}
EXPORT_SYMBOL(__free_pages);

/* put_page's slow path, once the count is 0. */
void __folio_put(struct page *folio)
{
	free_allocated(folio);
}
EXPORT_SYMBOL(__folio_put);

static unsigned int order_of(size_t size)
{
	unsigned int order = 0;

	while ((KAPI_PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* alloc_pages_exact: Linux hands the pages past size back at once; here
 * they stay with the block until free_pages_exact. */
void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	struct page *page = alloc_pages(gfp, order_of(size));

	return page ? kapi_page_address(page) : NULL;
}
EXPORT_SYMBOL(alloc_pages_exact);

void free_pages_exact(void *virt, size_t size)
{
	if (virt)
		__free_pages(kapi_virt_to_page(virt), order_of(size));
}
EXPORT_SYMBOL(free_pages_exact);
