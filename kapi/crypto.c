// SPDX-License-Identifier: MIT
/*
 * crypto.c - the crypto API's registry, and synchronous hashes (shash)
 * end to end: algorithm modules (md4.ko, sha512_generic.ko,
 * crc32c_generic.ko...) register; users (libcrc32c.ko, a host) allocate a
 * transform by name, the best priority first, asking for crypto-<name>
 * when none is registered, and hash with it.  Layouts are Linux 6.1's
 * (struct crypto_alg, shash_alg, crypto_tfm, shash_desc), as the modules'
 * inline helpers read them.  Registration checks and errors are Linux's
 * (crypto_check_alg, shash_prepare_alg; -EEXIST for a name taken).
 * skcipher.c has symmetric key ciphers; templates, asynchronous and
 * other algorithm types are not here.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "crypto.h"

struct crypto_shash {
	unsigned int descsize;
	struct crypto_tfm base;
};

struct shash_desc {
	struct crypto_shash *tfm;
	void *__ctx[] __attribute__((aligned(8)));
};

struct shash_alg {
	int (*init)(struct shash_desc *desc);
	int (*update)(struct shash_desc *desc, const u8 *data, unsigned int len);
	int (*final)(struct shash_desc *desc, u8 *out);
	int (*finup)(struct shash_desc *desc, const u8 *data, unsigned int len,
		     u8 *out);
	int (*digest)(struct shash_desc *desc, const u8 *data, unsigned int len,
		      u8 *out);
	int (*export)(struct shash_desc *desc, void *out);
	int (*import)(struct shash_desc *desc, const void *in);
	int (*setkey)(struct crypto_shash *tfm, const u8 *key, unsigned int keylen);
	int (*init_tfm)(struct crypto_shash *tfm);
	void (*exit_tfm)(struct crypto_shash *tfm);
	unsigned int descsize;
	unsigned int digestsize __attribute__((aligned(8)));
	unsigned int statesize;
	struct crypto_alg base;
};
KAPI_LAYOUT(offsetof(struct shash_alg, base) == 96, "Linux 6.1's shash_alg");
KAPI_LAYOUT(offsetof(struct crypto_shash, base.__crt_alg) == 32,
	       "Debian 6.1's crypto_tfm, as crypto_shash_digestsize reads it");

/* HASH_MAX_DIGESTSIZE, HASH_MAX_DESCSIZE (sha3's state), HASH_MAX_STATESIZE */
#define HASH_MAX_DIGESTSIZE	64
#define HASH_MAX_DESCSIZE	(8 + 360)
#define HASH_MAX_STATESIZE	512

static const struct { const char *name; } crypto_shash_type = { "shash" };

static struct list_head algs = { &algs, &algs };
static pthread_mutex_t alg_lock = PTHREAD_MUTEX_INITIALIZER;

static int check_alg(struct crypto_alg *alg)
{
	if (alg->cra_alignmask & (alg->cra_alignmask + 1))
		return -EINVAL;
	if (alg->cra_alignmask > 63 || alg->cra_blocksize > 160)
		return -EINVAL;
	if (!alg->cra_type &&
	    (alg->cra_flags & CRYPTO_ALG_TYPE_MASK) == CRYPTO_ALG_TYPE_CIPHER &&
	    (alg->cra_alignmask > 15 || alg->cra_blocksize > 16))
		return -EINVAL;
	if (alg->cra_priority < 0)
		return -EINVAL;
	if (!alg->cra_driver_name[0])
		memcpy(alg->cra_driver_name, alg->cra_name, CRYPTO_MAX_ALG_NAME);
	__atomic_store_n(&alg->cra_refcnt, 1, __ATOMIC_RELAXED);
	return 0;
}

static int add_alg(struct crypto_alg *alg)
{
	struct list_head *p;
	int err = check_alg(alg);

	if (err)
		return err;
	pthread_mutex_lock(&alg_lock);
	for (p = algs.next; p != &algs; p = p->next) {
		struct crypto_alg *q = (struct crypto_alg *)p;

		if (q == alg || !strcmp(q->cra_driver_name, alg->cra_driver_name)) {
			pthread_mutex_unlock(&alg_lock);
			return -EEXIST;
		}
	}
	alg->cra_flags &= ~CRYPTO_ALG_DEAD;
	alg->cra_users.next = alg->cra_users.prev = &alg->cra_users;
	alg->cra_list.next = &algs;
	alg->cra_list.prev = algs.prev;
	algs.prev->next = &alg->cra_list;
	algs.prev = &alg->cra_list;
	pthread_mutex_unlock(&alg_lock);
	return 0;
}

static void remove_alg(struct crypto_alg *alg)
{
	pthread_mutex_lock(&alg_lock);
	alg->cra_list.prev->next = alg->cra_list.next;
	alg->cra_list.next->prev = alg->cra_list.prev;
	alg->cra_list.next = alg->cra_list.prev = &alg->cra_list;
	alg->cra_flags |= CRYPTO_ALG_DEAD;
	pthread_mutex_unlock(&alg_lock);
}

int crypto_register_alg(struct crypto_alg *alg)
{
	return add_alg(alg);
}
EXPORT_SYMBOL_GPL(crypto_register_alg);

void crypto_unregister_alg(struct crypto_alg *alg)
{
	remove_alg(alg);
}
EXPORT_SYMBOL_GPL(crypto_unregister_alg);

int crypto_register_algs(struct crypto_alg *algs_, int count)
{
	int i, err;

	for (i = 0; i < count; i++) {
		err = crypto_register_alg(&algs_[i]);
		if (err)
			goto unwind;
	}
	return 0;
unwind:
	while (--i >= 0)
		crypto_unregister_alg(&algs_[i]);
	return err;
}
EXPORT_SYMBOL_GPL(crypto_register_algs);

/* Oldest first, as Linux's (the typed arrays below go newest first). */
void crypto_unregister_algs(struct crypto_alg *algs_, int count)
{
	for (int i = 0; i < count; i++)
		crypto_unregister_alg(&algs_[i]);
}
EXPORT_SYMBOL_GPL(crypto_unregister_algs);

/* ---- shash: the defaults Linux gives what an algorithm leaves out ---- */

static int shash_default_finup(struct shash_desc *desc, const u8 *data,
			       unsigned int len, u8 *out)
{
	struct shash_alg *alg = (void *)((char *)desc->tfm->base.__crt_alg -
					 offsetof(struct shash_alg, base));

	return alg->update(desc, data, len) ?: alg->final(desc, out);
}

static int shash_default_digest(struct shash_desc *desc, const u8 *data,
				unsigned int len, u8 *out)
{
	struct shash_alg *alg = (void *)((char *)desc->tfm->base.__crt_alg -
					 offsetof(struct shash_alg, base));

	return alg->init(desc) ?: alg->finup(desc, data, len, out);
}

static int shash_default_export(struct shash_desc *desc, void *out)
{
	memcpy(out, desc->__ctx, desc->tfm->descsize);
	return 0;
}

static int shash_default_import(struct shash_desc *desc, const void *in)
{
	memcpy(desc->__ctx, in, desc->tfm->descsize);
	return 0;
}

int crypto_register_shash(struct shash_alg *alg)
{
	if (alg->digestsize > HASH_MAX_DIGESTSIZE ||
	    alg->descsize > HASH_MAX_DESCSIZE ||
	    alg->statesize > HASH_MAX_STATESIZE)
		return -EINVAL;
	if ((alg->export && !alg->import) || (alg->import && !alg->export))
		return -EINVAL;
	alg->base.cra_type = &crypto_shash_type;
	alg->base.cra_flags = (alg->base.cra_flags & ~CRYPTO_ALG_TYPE_MASK) |
			      CRYPTO_ALG_TYPE_SHASH;
	if (!alg->finup)
		alg->finup = shash_default_finup;
	if (!alg->digest)
		alg->digest = shash_default_digest;
	if (!alg->export) {
		alg->export = shash_default_export;
		alg->import = shash_default_import;
		alg->statesize = alg->descsize;
	}
	return add_alg(&alg->base);
}
EXPORT_SYMBOL_GPL(crypto_register_shash);

void crypto_unregister_shash(struct shash_alg *alg)
{
	remove_alg(&alg->base);
}
EXPORT_SYMBOL_GPL(crypto_unregister_shash);

KAPI_CRYPTO_REGISTER_ARRAY(shashes, shash, struct shash_alg);

/* ---- Transforms ---- */

/* The best live algorithm of that name or driver name and type, its
 * module held. */
static struct crypto_alg *find_alg(const char *name, u32 type)
{
	struct crypto_alg *best = NULL;
	struct list_head *p;

	pthread_mutex_lock(&alg_lock);
	for (p = algs.next; p != &algs; p = p->next) {
		struct crypto_alg *q = (struct crypto_alg *)p;

		if ((q->cra_flags & CRYPTO_ALG_TYPE_MASK) != type)
			continue;
		if (!strcmp(q->cra_driver_name, name)) {
			best = q;	/* exactly this one */
			break;
		}
		if (!strcmp(q->cra_name, name) &&
		    (!best || q->cra_priority > best->cra_priority))
			best = q;
	}
	if (best && !try_module_get(best->cra_module))
		best = NULL;
	pthread_mutex_unlock(&alg_lock);
	return best;
}

/* Linux's crypto_alg_mod_lookup: if none is live, crypto-<name> loaded
 * on demand, then asked again. */
struct crypto_alg *kapi_crypto_lookup(const char *name, u32 type)
{
	struct crypto_alg *alg = find_alg(name, type);

	if (!alg && !request_module("crypto-%s", name))
		alg = find_alg(name, type);
	return alg;
}

static struct shash_alg *shash_alg_of(struct crypto_shash *tfm)
{
	return (void *)((char *)tfm->base.__crt_alg - offsetof(struct shash_alg, base));
}

unsigned int kapi_shash_digestsize(struct crypto_shash *tfm)
{
	return shash_alg_of(tfm)->digestsize;
}

static void shash_exit_tfm(struct crypto_tfm *base)
{
	struct crypto_shash *tfm = (void *)((char *)base - offsetof(struct crypto_shash, base));

	shash_alg_of(tfm)->exit_tfm(tfm);
}

struct crypto_shash *crypto_alloc_shash(const char *name, u32 type, u32 mask)
{
	struct crypto_alg *base = kapi_crypto_lookup(name, CRYPTO_ALG_TYPE_SHASH);
	struct crypto_shash *tfm;
	struct shash_alg *alg;
	int err;

	if (!base)
		return (void *)(long)-ENOENT;
	alg = (void *)((char *)base - offsetof(struct shash_alg, base));
	tfm = __kmalloc(sizeof(*tfm) + base->cra_ctxsize, __GFP_ZERO);
	if (!tfm) {
		err = -ENOMEM;
		goto put;
	}
	tfm->descsize = alg->descsize;
	tfm->base.refcnt = 1;
	tfm->base.__crt_alg = base;
	if (alg->exit_tfm)
		tfm->base.exit = shash_exit_tfm;
	err = alg->init_tfm ? alg->init_tfm(tfm) : 0;
	if (err)
		goto free;
	/* The older hook, as crypto_create_tfm runs it. */
	if (!tfm->base.exit && base->cra_init && (err = base->cra_init(&tfm->base)))
		goto free;
	return tfm;
free:
	kfree(tfm);
put:
	module_put(base->cra_module);
	return (void *)(long)err;
}
EXPORT_SYMBOL_GPL(crypto_alloc_shash);

/* mem is the allocation, tfm its crypto_tfm. */
void crypto_destroy_tfm(void *mem, struct crypto_tfm *tfm)
{
	struct crypto_alg *alg;

	if (!mem || (unsigned long)mem >= (unsigned long)-4095)
		return;
	alg = tfm->__crt_alg;
	if (alg->cra_exit)
		alg->cra_exit(tfm);
	if (tfm->exit)
		tfm->exit(tfm);
	kfree(mem);
	module_put(alg->cra_module);
}
EXPORT_SYMBOL_GPL(crypto_destroy_tfm);

int crypto_shash_setkey(struct crypto_shash *tfm, const u8 *key,
			unsigned int keylen)
{
	struct shash_alg *alg = shash_alg_of(tfm);

	return alg->setkey ? alg->setkey(tfm, key, keylen) : -ENOSYS;
}
EXPORT_SYMBOL_GPL(crypto_shash_setkey);

int crypto_shash_update(struct shash_desc *desc, const u8 *data, unsigned int len)
{
	return shash_alg_of(desc->tfm)->update(desc, data, len);
}
EXPORT_SYMBOL_GPL(crypto_shash_update);

int crypto_shash_final(struct shash_desc *desc, u8 *out)
{
	return shash_alg_of(desc->tfm)->final(desc, out);
}
EXPORT_SYMBOL_GPL(crypto_shash_final);

int crypto_shash_finup(struct shash_desc *desc, const u8 *data,
		       unsigned int len, u8 *out)
{
	return shash_alg_of(desc->tfm)->finup(desc, data, len, out);
}
EXPORT_SYMBOL_GPL(crypto_shash_finup);

int crypto_shash_digest(struct shash_desc *desc, const u8 *data,
			unsigned int len, u8 *out)
{
	return shash_alg_of(desc->tfm)->digest(desc, data, len, out);
}
EXPORT_SYMBOL_GPL(crypto_shash_digest);

int crypto_shash_tfm_digest(struct crypto_shash *tfm, const u8 *data,
			    unsigned int len, u8 *out)
{
	struct shash_desc *desc = __kmalloc(sizeof(*desc) + tfm->descsize,
					    __GFP_ZERO);
	int err;

	if (!desc)
		return -ENOMEM;
	desc->tfm = tfm;
	err = crypto_shash_digest(desc, data, len, out);
	kfree(desc);
	return err;
}
EXPORT_SYMBOL_GPL(crypto_shash_tfm_digest);

int crypto_has_alg(const char *name, u32 type, u32 mask)
{
	struct list_head *p;
	int found = 0;

	pthread_mutex_lock(&alg_lock);
	for (p = algs.next; p != &algs && !found; p = p->next) {
		struct crypto_alg *q = (struct crypto_alg *)p;

		found = !strcmp(q->cra_name, name) ||
			!strcmp(q->cra_driver_name, name);
	}
	pthread_mutex_unlock(&alg_lock);
	return found;
}
EXPORT_SYMBOL_GPL(crypto_has_alg);

/* Whether an algorithm of that name is there whose type is type under
 * mask, asking for crypto-<name> if not: crypto_type_has_alg's. */
static int has_typed(const char *name, u32 type, u32 mask)
{
	for (int tries = 0; tries < 2; tries++) {
		int found = 0;

		pthread_mutex_lock(&alg_lock);
		for (struct list_head *p = algs.next; p != &algs && !found; p = p->next) {
			struct crypto_alg *q = (struct crypto_alg *)p;

			found = (q->cra_flags & mask) == (type & mask) &&
				(!strcmp(q->cra_name, name) || !strcmp(q->cra_driver_name, name));
		}
		pthread_mutex_unlock(&alg_lock);
		if (found || tries || request_module("crypto-%s", name))
			return found;
	}
	return 0;
}

/* ahash covers shash: Linux's ahash type masks 0xe. */
int crypto_has_ahash(const char *name, u32 type, u32 mask)
{
	return has_typed(name, CRYPTO_ALG_TYPE_AHASH, mask | CRYPTO_ALG_TYPE_AHASH_MASK);
}
EXPORT_SYMBOL_GPL(crypto_has_ahash);

int crypto_has_skcipher(const char *name, u32 type, u32 mask)
{
	return has_typed(name, CRYPTO_ALG_TYPE_SKCIPHER, mask | CRYPTO_ALG_TYPE_MASK);
}
EXPORT_SYMBOL_GPL(crypto_has_skcipher);

/* RNGs (crypto/rng.c): registered, listed and found by name; the rng
 * front end (crypto_alloc_rng) is not here. */
struct rng_alg {
	void *generate, *seed, *set_ent;
	unsigned int seedsize;
	struct crypto_alg base;
};
KAPI_LAYOUT(offsetof(struct rng_alg, base) == 32, "Linux 6.1's rng_alg");
static const struct { const char *name; } crypto_rng_type = { "rng" };

int crypto_register_rng(struct rng_alg *alg)
{
	if (alg->seedsize > 4096 / 8)
		return -EINVAL;
	alg->base.cra_type = &crypto_rng_type;
	alg->base.cra_flags = (alg->base.cra_flags & ~CRYPTO_ALG_TYPE_MASK) |
			      CRYPTO_ALG_TYPE_RNG;
	return crypto_register_alg(&alg->base);
}
EXPORT_SYMBOL_GPL(crypto_register_rng);

void crypto_unregister_rng(struct rng_alg *alg)
{
	crypto_unregister_alg(&alg->base);
}
EXPORT_SYMBOL_GPL(crypto_unregister_rng);

/* FIPS mode is off, as crypto/fips.c's default. */
int fips_enabled;
EXPORT_SYMBOL_GPL(fips_enabled);
