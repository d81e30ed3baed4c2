// SPDX-License-Identifier: MIT
/*
 * skcipher.c - symmetric key ciphers (crypto/skcipher.c): algorithm
 * modules (chacha_generic.ko, des3_ede-x86_64.ko...) register a
 * skcipher_alg; users allocate a transform by name, set its key, and
 * encrypt or decrypt a request, whose scatterlists the algorithm walks
 * with skcipher_walk_virt and skcipher_walk_done.
 *
 * The walk hands the algorithm the longest run both scatterlists give
 * contiguously: a scatterlist entry is one run, as page.c's linear map
 * makes consecutive struct pages consecutive memory.  Where a run is
 * shorter than a block (or the algorithm's walksize, while that much is
 * left), a block straddles entries: it is copied through a buffer of the
 * walk's own and back, Linux's slow path; so is an IV that is not
 * aligned as the algorithm asks.  Synchronous only: every request
 * completes in the call, as Linux's do for these algorithms.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "crypto.h"
#include "page.h"

#define CRYPTO_TFM_NEED_KEY		0x00000001
#define CRYPTO_ALG_OPTIONAL_KEY		0x00004000
#define CRYPTO_ALG_INTERNAL		0x00002000
#define SKCIPHER_MAX_SIZE		(KAPI_PAGE_SIZE / 8)

struct skcipher_request;
struct skcipher_walk;
int skcipher_walk_done(struct skcipher_walk *walk, int err);

struct crypto_skcipher {
	unsigned int reqsize;
	struct crypto_tfm base;
};

struct skcipher_alg {
	int (*setkey)(struct crypto_skcipher *tfm, const u8 *key,
		      unsigned int keylen);
	int (*encrypt)(struct skcipher_request *req);
	int (*decrypt)(struct skcipher_request *req);
	int (*init)(struct crypto_skcipher *tfm);
	void (*exit)(struct crypto_skcipher *tfm);
	unsigned int min_keysize, max_keysize, ivsize, chunksize, walksize;
	struct crypto_alg base;
};
KAPI_LAYOUT(offsetof(struct skcipher_alg, base) == 64, "Linux 6.1's skcipher_alg");
KAPI_LAYOUT(offsetof(struct crypto_skcipher, base.__crt_alg) == 32,
	    "Debian 6.1's crypto_skcipher, as crypto_skcipher_alg reads it");

struct crypto_async_request {
	struct list_head list;
	void (*complete)(struct crypto_async_request *req, int err);
	void *data;
	struct crypto_tfm *tfm;
	u32 flags;
};

struct scatterlist {
	unsigned long page_link;
	unsigned int offset, length;
	u64 dma_address;
	unsigned int dma_length, dma_flags;
};
#define SG_CHAIN	0x01ul
#define SG_END		0x02ul

struct skcipher_request {
	unsigned int cryptlen;
	u8 *iv;
	struct scatterlist *src, *dst;
	struct crypto_async_request base;
	void *__ctx[] __attribute__((aligned(8)));
};
KAPI_LAYOUT(offsetof(struct skcipher_request, base.tfm) == 64,
	    "Linux 6.1's skcipher_request");

struct scatter_walk {
	struct scatterlist *sg;
	unsigned int offset;
};

struct skcipher_walk {
	struct { u8 *page; void *addr; } src, dst;	/* the virt view */
	struct scatter_walk in;
	unsigned int nbytes;
	struct scatter_walk out;
	unsigned int total;
	struct list_head buffers;
	u8 *page, *buffer, *oiv;
	void *iv;
	unsigned int ivsize;
	int flags;
	unsigned int blocksize, stride, alignmask;
};
KAPI_LAYOUT(offsetof(struct skcipher_walk, iv) == 120 &&
	    offsetof(struct skcipher_walk, alignmask) == 144,
	    "Linux 6.1's skcipher_walk");

#define WALK_SLOW	(1 << 1)	/* this step went through walk->buffer */

static const struct { const char *name; } crypto_skcipher_type = { "skcipher" };

static struct skcipher_alg *alg_of(struct crypto_skcipher *tfm)
{
	return (void *)((char *)tfm->base.__crt_alg -
			offsetof(struct skcipher_alg, base));
}

/* ---- Registration: skcipher_prepare_alg's checks ---- */

int crypto_register_skcipher(struct skcipher_alg *alg)
{
	struct crypto_alg *base = &alg->base;

	if (alg->ivsize > SKCIPHER_MAX_SIZE || alg->chunksize > SKCIPHER_MAX_SIZE ||
	    alg->walksize > SKCIPHER_MAX_SIZE)
		return -EINVAL;
	if (!alg->chunksize)
		alg->chunksize = base->cra_blocksize;
	if (!alg->walksize)
		alg->walksize = alg->chunksize;
	base->cra_type = &crypto_skcipher_type;
	base->cra_flags = (base->cra_flags & ~CRYPTO_ALG_TYPE_MASK) |
			  CRYPTO_ALG_TYPE_SKCIPHER;
	return crypto_register_alg(base);
}
EXPORT_SYMBOL_GPL(crypto_register_skcipher);

void crypto_unregister_skcipher(struct skcipher_alg *alg)
{
	crypto_unregister_alg(&alg->base);
}
EXPORT_SYMBOL_GPL(crypto_unregister_skcipher);

KAPI_CRYPTO_REGISTER_ARRAY(skciphers, skcipher, struct skcipher_alg);

/* ---- Transforms ---- */

static void skcipher_exit_tfm(struct crypto_tfm *base)
{
	struct crypto_skcipher *tfm = (void *)((char *)base -
					       offsetof(struct crypto_skcipher, base));

	alg_of(tfm)->exit(tfm);
}

/* A keyed algorithm's transform has no key until setkey gives one. */
static void set_needkey(struct crypto_skcipher *tfm)
{
	struct skcipher_alg *alg = alg_of(tfm);

	if (alg->setkey && !(alg->base.cra_flags & CRYPTO_ALG_OPTIONAL_KEY))
		tfm->base.crt_flags |= CRYPTO_TFM_NEED_KEY;
}

struct crypto_skcipher *crypto_alloc_skcipher(const char *name, u32 type,
					      u32 mask)
{
	struct crypto_alg *base = kapi_crypto_lookup(name, CRYPTO_ALG_TYPE_SKCIPHER);
	struct crypto_skcipher *tfm;
	struct skcipher_alg *alg;
	int err;

	if (!base)
		return (void *)(long)-ENOENT;
	/* An internal algorithm is for its wrappers (crypto_simd), asked
	 * for by that flag alone. */
	if ((base->cra_flags & CRYPTO_ALG_INTERNAL) &&
	    !(type & mask & CRYPTO_ALG_INTERNAL)) {
		err = -ENOENT;
		goto put;
	}
	alg = (void *)((char *)base - offsetof(struct skcipher_alg, base));
	tfm = __kmalloc(sizeof(*tfm) + base->cra_ctxsize, __GFP_ZERO);
	if (!tfm) {
		err = -ENOMEM;
		goto put;
	}
	tfm->base.refcnt = 1;
	tfm->base.__crt_alg = base;
	set_needkey(tfm);
	if (alg->exit)
		tfm->base.exit = skcipher_exit_tfm;
	err = alg->init ? alg->init(tfm) : 0;
	if (err)
		goto free;
	return tfm;
free:
	kfree(tfm);
put:
	module_put(base->cra_module);
	return (void *)(long)err;
}
EXPORT_SYMBOL_GPL(crypto_alloc_skcipher);

/* A key not aligned as the algorithm asks goes through an aligned copy. */
static int setkey_aligned(struct crypto_skcipher *tfm, const u8 *key,
			  unsigned int keylen)
{
	unsigned long mask = alg_of(tfm)->base.cra_alignmask;
	u8 *buf;
	int err;

	if (!((unsigned long)key & mask))
		return alg_of(tfm)->setkey(tfm, key, keylen);
	buf = __kmalloc(keylen + mask, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	u8 *aligned = (u8 *)(((unsigned long)buf + mask) & ~mask);

	memcpy(aligned, key, keylen);
	err = alg_of(tfm)->setkey(tfm, aligned, keylen);
	memset(aligned, 0, keylen);
	kfree(buf);
	return err;
}

int crypto_skcipher_setkey(struct crypto_skcipher *tfm, const u8 *key,
			   unsigned int keylen)
{
	struct skcipher_alg *alg = alg_of(tfm);
	int err;

	if (keylen < alg->min_keysize || keylen > alg->max_keysize)
		return -EINVAL;
	err = setkey_aligned(tfm, key, keylen);
	if (err) {
		set_needkey(tfm);
		return err;
	}
	tfm->base.crt_flags &= ~CRYPTO_TFM_NEED_KEY;
	return 0;
}
EXPORT_SYMBOL_GPL(crypto_skcipher_setkey);

static struct crypto_skcipher *request_tfm(struct skcipher_request *req)
{
	return (void *)((char *)req->base.tfm - offsetof(struct crypto_skcipher, base));
}

int crypto_skcipher_encrypt(struct skcipher_request *req)
{
	struct crypto_skcipher *tfm = request_tfm(req);

	if (tfm->base.crt_flags & CRYPTO_TFM_NEED_KEY)
		return -ENOKEY;
	return alg_of(tfm)->encrypt(req);
}
EXPORT_SYMBOL_GPL(crypto_skcipher_encrypt);

int crypto_skcipher_decrypt(struct skcipher_request *req)
{
	struct crypto_skcipher *tfm = request_tfm(req);

	if (tfm->base.crt_flags & CRYPTO_TFM_NEED_KEY)
		return -ENOKEY;
	return alg_of(tfm)->decrypt(req);
}
EXPORT_SYMBOL_GPL(crypto_skcipher_decrypt);

/* ---- The walk ---- */

static void *sg_virt_at(const struct scatter_walk *w)
{
	struct page *page = (struct page *)(w->sg->page_link & ~(SG_CHAIN | SG_END));

	return (u8 *)kapi_page_address(page) + w->offset;
}

static struct scatterlist *sg_next_entry(struct scatterlist *sg)
{
	if (sg->page_link & SG_END)
		return NULL;
	sg++;
	if (sg->page_link & SG_CHAIN)
		sg = (struct scatterlist *)(sg->page_link & ~(SG_CHAIN | SG_END));
	return sg;
}

/* What is left of the walk's entry; the next entry when it is used up. */
static unsigned int run_left(struct scatter_walk *w)
{
	while (w->sg && w->offset >= w->sg->offset + w->sg->length) {
		w->sg = sg_next_entry(w->sg);
		if (w->sg)
			w->offset = w->sg->offset;
	}
	return w->sg ? w->sg->offset + w->sg->length - w->offset : 0;
}

/* Moves w on by n bytes, across entries. */
static void advance(struct scatter_walk *w, unsigned int n)
{
	while (n) {
		unsigned int k = run_left(w);

		if (!k)
			return;
		if (k > n)
			k = n;
		w->offset += k;
		n -= k;
	}
}

/* Copies n bytes between buf and the scatterlist from w on, moving w. */
static void copy_sg(struct scatter_walk *w, u8 *buf, unsigned int n, bool out)
{
	while (n) {
		unsigned int k = run_left(w);

		if (k > n)
			k = n;
		if (!k)
			return;		/* the list ends early: a caller's error */
		if (out)
			memcpy(sg_virt_at(w), buf, k);
		else
			memcpy(buf, sg_virt_at(w), k);
		w->offset += k;
		buf += k;
		n -= k;
	}
}

static bool misaligned(const void *p, unsigned int mask)
{
	return (unsigned long)p & mask;
}

static int walk_next(struct skcipher_walk *walk)
{
	unsigned int bsize, n, in, out;

	bsize = walk->total > walk->blocksize ? walk->total : walk->blocksize;
	if (bsize > walk->stride)
		bsize = walk->stride;
	in = run_left(&walk->in);
	out = run_left(&walk->out);
	n = walk->total < in ? walk->total : in;
	n = n < out ? n : out;
	walk->flags &= ~WALK_SLOW;
	if (n >= bsize && n &&
	    !misaligned(sg_virt_at(&walk->in), walk->alignmask) &&
	    !misaligned(sg_virt_at(&walk->out), walk->alignmask)) {
		walk->src.addr = sg_virt_at(&walk->in);
		walk->dst.addr = sg_virt_at(&walk->out);
		walk->nbytes = n;
		return 0;
	}
	if (walk->total < walk->blocksize)
		return skcipher_walk_done(walk, -EINVAL);
	/* A block across entries, or misaligned: through the buffer. */
	n = bsize > walk->total ? walk->total : bsize;
	if (n < walk->blocksize)
		n = walk->blocksize;
	if (!walk->buffer &&
	    !(walk->buffer = __kmalloc(walk->stride + walk->blocksize + walk->alignmask + 64, GFP_KERNEL)))
		return skcipher_walk_done(walk, -ENOMEM);
	u8 *buf = (u8 *)(((unsigned long)walk->buffer + walk->alignmask) &
			 ~(unsigned long)walk->alignmask);
	struct scatter_walk from = walk->in;

	copy_sg(&from, buf, n, false);
	walk->src.addr = walk->dst.addr = buf;
	walk->nbytes = n;
	walk->flags |= WALK_SLOW;
	return 0;
}

int skcipher_walk_done(struct skcipher_walk *walk, int err)
{
	unsigned int n = walk->nbytes;

	if (!n)
		goto finish;
	if (err > 0 && (walk->flags & WALK_SLOW)) {
		err = -EINVAL;		/* a slow step is one block, done whole */
		n = 0;
	} else if (err >= 0) {
		n -= err;
	} else {
		n = 0;
	}
	if (walk->flags & WALK_SLOW)
		copy_sg(&walk->out, walk->dst.addr, n, true);
	else
		advance(&walk->out, n);
	advance(&walk->in, n);
	walk->total = err < 0 ? 0 : walk->total - n;
	walk->nbytes = 0;
	if (err > 0)
		err = 0;
	if (walk->total)
		return walk_next(walk);
finish:
	if (walk->iv != walk->oiv)
		memcpy(walk->oiv, walk->iv, walk->ivsize);
	kfree(walk->buffer);
	walk->buffer = NULL;
	kfree(walk->page);
	walk->page = NULL;
	walk->iv = walk->oiv;
	return err;
}
EXPORT_SYMBOL_GPL(skcipher_walk_done);

/* An IV not aligned as the algorithm asks is copied, and back at the end. */
static int walk_iv(struct skcipher_walk *walk)
{
	unsigned long mask = walk->alignmask;

	walk->iv = walk->oiv;
	if (!walk->ivsize || !misaligned(walk->oiv, mask))
		return 0;
	walk->page = __kmalloc(walk->ivsize + mask, GFP_KERNEL);
	if (!walk->page)
		return -ENOMEM;
	walk->iv = (u8 *)(((unsigned long)walk->page + mask) & ~mask);
	memcpy(walk->iv, walk->oiv, walk->ivsize);
	return 0;
}

int skcipher_walk_virt(struct skcipher_walk *walk, struct skcipher_request *req,
		       bool atomic)
{
	struct crypto_skcipher *tfm = request_tfm(req);
	struct skcipher_alg *alg = alg_of(tfm);
	int err;

	memset(walk, 0, sizeof(*walk));
	walk->total = req->cryptlen;
	walk->oiv = req->iv;
	walk->iv = req->iv;
	if (!walk->total)
		return 0;
	walk->in = (struct scatter_walk){ req->src, req->src->offset };
	walk->out = (struct scatter_walk){ req->dst, req->dst->offset };
	walk->blocksize = alg->base.cra_blocksize;
	walk->stride = alg->walksize;
	walk->ivsize = alg->ivsize;
	walk->alignmask = alg->base.cra_alignmask;
	err = walk_iv(walk);
	if (err)
		return err;
	return walk_next(walk);
}
EXPORT_SYMBOL_GPL(skcipher_walk_virt);
