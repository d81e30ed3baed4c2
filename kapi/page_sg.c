// SPDX-License-Identifier: MIT
/*
 * page_sg.c - scatterlists (lib/scatterlist.c): tables of (struct page,
 * offset, length), the last entry marked SG_END, long tables chained a
 * page of entries at a time through an SG_CHAIN entry, as Linux's; and
 * copies between a scatterlist and a flat buffer, through page.c's
 * linear map.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "page.h"

struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
	u64 dma_address;
	unsigned int dma_length;
	unsigned int dma_flags;
};
KAPI_LAYOUT(sizeof(struct scatterlist) == 32, "Linux 6.1's scatterlist");

struct sg_table {
	struct scatterlist *sgl;
	unsigned int nents, orig_nents;
};

struct sg_page_iter {
	struct scatterlist *sg;
	unsigned int sg_pgoffset;
	unsigned int __nents;
	int __pg_advance;
};

#define SG_CHAIN	0x01ul
#define SG_END		0x02ul
#define SG_PAGE_LINK_MASK (SG_CHAIN | SG_END)
#define SG_MAX_SINGLE_ALLOC (KAPI_PAGE_SIZE / sizeof(struct scatterlist))

static bool sg_is_last(const struct scatterlist *sg)
{
	return sg->page_link & SG_END;
}

static bool sg_is_chain(const struct scatterlist *sg)
{
	return sg->page_link & SG_CHAIN;
}

static struct scatterlist *sg_chain_ptr(const struct scatterlist *sg)
{
	return (struct scatterlist *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}

static void sg_mark_end(struct scatterlist *sg)
{
	sg->page_link |= SG_END;
	sg->page_link &= ~SG_CHAIN;
}

static void *sg_virt(const struct scatterlist *sg)
{
	struct page *page = (struct page *)(sg->page_link & ~SG_PAGE_LINK_MASK);

	return (char *)kapi_page_address(page) + sg->offset;
}

struct scatterlist *sg_next(struct scatterlist *sg)
{
	if (sg_is_last(sg))
		return NULL;
	sg++;
	if (sg_is_chain(sg))
		sg = sg_chain_ptr(sg);
	return sg;
}
EXPORT_SYMBOL(sg_next);

int sg_nents(struct scatterlist *sg)
{
	int nents;

	for (nents = 0; sg; sg = sg_next(sg))
		nents++;
	return nents;
}
EXPORT_SYMBOL(sg_nents);

int sg_nents_for_len(struct scatterlist *sg, u64 len)
{
	int nents;
	u64 total;

	if (!len)
		return 0;
	for (nents = 0, total = 0; sg; sg = sg_next(sg)) {
		nents++;
		total += sg->length;
		if (total >= len)
			return nents;
	}
	return -EINVAL;
}
EXPORT_SYMBOL(sg_nents_for_len);

struct scatterlist *sg_last(struct scatterlist *sgl, unsigned int nents)
{
	struct scatterlist *sg, *ret = NULL;
	unsigned int i;

	for (i = 0, sg = sgl; i < nents && sg; i++, sg = sg_next(sg))
		ret = sg;
	return ret;
}
EXPORT_SYMBOL(sg_last);

void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	sg_mark_end(&sgl[nents - 1]);
}
EXPORT_SYMBOL(sg_init_table);

void sg_init_one(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	sg_init_table(sg, 1);
	sg->page_link = (unsigned long)kapi_virt_to_page(buf) | SG_END;
	sg->offset = (unsigned long)buf & (KAPI_PAGE_SIZE - 1);
	sg->length = buflen;
}
EXPORT_SYMBOL(sg_init_one);

static void sg_chain(struct scatterlist *prv, unsigned int prv_nents,
		     struct scatterlist *sgl)
{
	prv[prv_nents - 1].offset = 0;
	prv[prv_nents - 1].length = 0;
	prv[prv_nents - 1].page_link = ((unsigned long)sgl | SG_CHAIN) & ~SG_END;
}

void sg_free_table(struct sg_table *table)
{
	struct scatterlist *sgl = table->sgl, *next;

	if (!sgl)
		return;
	while (table->orig_nents) {
		unsigned int alloc_size = table->orig_nents, sg_size;

		if (alloc_size > SG_MAX_SINGLE_ALLOC) {
			next = sg_chain_ptr(&sgl[SG_MAX_SINGLE_ALLOC - 1]);
			alloc_size = SG_MAX_SINGLE_ALLOC;
			sg_size = alloc_size - 1;
		} else {
			sg_size = alloc_size;
			next = NULL;
		}
		table->orig_nents -= sg_size;
		free(sgl);
		sgl = next;
	}
	table->sgl = NULL;
}
EXPORT_SYMBOL(sg_free_table);

int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp)
{
	struct scatterlist *sg, *prv = NULL;
	unsigned int left = nents;

	(void)gfp;
	memset(table, 0, sizeof(*table));
	if (nents == 0)
		return -EINVAL;
	do {
		unsigned int sg_size, alloc_size = left;

		if (alloc_size > SG_MAX_SINGLE_ALLOC) {
			alloc_size = SG_MAX_SINGLE_ALLOC;
			sg_size = alloc_size - 1;
		} else {
			sg_size = alloc_size;
		}
		left -= sg_size;
		sg = malloc(alloc_size * sizeof(*sg));
		if (!sg) {
			/* the entries so far are a table sg_free_table frees */
			if (prv)
				sg_mark_end(&prv[SG_MAX_SINGLE_ALLOC - 1]);
			sg_free_table(table);
			return -ENOMEM;
		}
		sg_init_table(sg, alloc_size);
		table->nents = table->orig_nents += sg_size;
		if (prv)
			sg_chain(prv, SG_MAX_SINGLE_ALLOC, sg);
		else
			table->sgl = sg;
		if (!left)
			sg_mark_end(&sg[sg_size - 1]);
		prv = sg;
	} while (left);
	return 0;
}
EXPORT_SYMBOL(sg_alloc_table);

/* ---- copies between a scatterlist and a buffer ---- */
static size_t sg_copy(struct scatterlist *sgl, unsigned int nents, void *buf,
		      size_t buflen, size_t skip, int to_buffer)
{
	struct scatterlist *sg;
	size_t done = 0;

	for (sg = sgl; sg && nents && done < buflen; sg = sg_next(sg), nents--) {
		size_t len = sg->length, n;
		char *p = sg_virt(sg);

		if (skip >= len) {
			skip -= len;
			continue;
		}
		p += skip;
		len -= skip;
		skip = 0;
		n = len < buflen - done ? len : buflen - done;
		if (to_buffer == 1)
			memcpy((char *)buf + done, p, n);
		else if (to_buffer == 0)
			memcpy(p, (char *)buf + done, n);
		else
			memset(p, 0, n);
		done += n;
	}
	return done;
}

size_t sg_copy_to_buffer(struct scatterlist *sgl, unsigned int nents,
			 void *buf, size_t buflen)
{
	return sg_copy(sgl, nents, buf, buflen, 0, 1);
}
EXPORT_SYMBOL(sg_copy_to_buffer);

size_t sg_copy_from_buffer(struct scatterlist *sgl, unsigned int nents,
			   const void *buf, size_t buflen)
{
	return sg_copy(sgl, nents, (void *)buf, buflen, 0, 0);
}
EXPORT_SYMBOL(sg_copy_from_buffer);

size_t sg_pcopy_to_buffer(struct scatterlist *sgl, unsigned int nents,
			  void *buf, size_t buflen, long long skip)
{
	return sg_copy(sgl, nents, buf, buflen, skip, 1);
}
EXPORT_SYMBOL(sg_pcopy_to_buffer);

size_t sg_pcopy_from_buffer(struct scatterlist *sgl, unsigned int nents,
			    const void *buf, size_t buflen, long long skip)
{
	return sg_copy(sgl, nents, (void *)buf, buflen, skip, 0);
}
EXPORT_SYMBOL(sg_pcopy_from_buffer);

size_t sg_zero_buffer(struct scatterlist *sgl, unsigned int nents,
		      size_t buflen, long long skip)
{
	return sg_copy(sgl, nents, NULL, buflen, skip, 2);
}
EXPORT_SYMBOL(sg_zero_buffer);

/* ---- page by page ---- */
static unsigned int sg_page_count(const struct scatterlist *sg)
{
	return (sg->offset + sg->length + KAPI_PAGE_SIZE - 1) >> KAPI_PAGE_SHIFT;
}

void __sg_page_iter_start(struct sg_page_iter *piter, struct scatterlist *sglist,
			  unsigned int nents, unsigned long pgoffset)
{
	piter->__pg_advance = 0;
	piter->__nents = nents;
	piter->sg = sglist;
	piter->sg_pgoffset = pgoffset;
}
EXPORT_SYMBOL(__sg_page_iter_start);

bool __sg_page_iter_next(struct sg_page_iter *piter)
{
	if (!piter->__nents || !piter->sg)
		return false;
	piter->sg_pgoffset += piter->__pg_advance;
	piter->__pg_advance = 1;
	while (piter->sg_pgoffset >= sg_page_count(piter->sg)) {
		piter->sg_pgoffset -= sg_page_count(piter->sg);
		piter->sg = sg_next(piter->sg);
		if (!--piter->__nents || !piter->sg)
			return false;
	}
	return true;
}
EXPORT_SYMBOL(__sg_page_iter_next);
