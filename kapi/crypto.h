/* SPDX-License-Identifier: MIT */
/*
 * crypto.h - the crypto API's registry (crypto.c), for the algorithm
 * types beside shash (skcipher.c): Linux 6.1's crypto_alg and
 * crypto_tfm.
 */
#ifndef KAPI_CRYPTO_H
#define KAPI_CRYPTO_H

#include "kernel.h"

#define CRYPTO_MAX_ALG_NAME	128
#define CRYPTO_ALG_TYPE_MASK	0x0000000f
#define CRYPTO_ALG_TYPE_CIPHER	0x00000001
#define CRYPTO_ALG_TYPE_SHASH	0x0000000e
#define CRYPTO_ALG_TYPE_SKCIPHER	0x00000005
#define CRYPTO_ALG_TYPE_RNG	0x0000000c
#define CRYPTO_ALG_TYPE_AHASH	0x0000000f
#define CRYPTO_ALG_TYPE_AHASH_MASK	0x0000000e
#define CRYPTO_ALG_DEAD		0x00000020

struct crypto_tfm;

struct crypto_alg {
	struct list_head cra_list;
	struct list_head cra_users;
	u32 cra_flags;
	unsigned int cra_blocksize;
	unsigned int cra_ctxsize;
	unsigned int cra_alignmask;
	int cra_priority;
	int cra_refcnt;
	char cra_name[CRYPTO_MAX_ALG_NAME];
	char cra_driver_name[CRYPTO_MAX_ALG_NAME];
	const void *cra_type;
	union {
		struct {
			unsigned int min_keysize, max_keysize;
			void *setkey, *encrypt, *decrypt;
		} cipher;
		struct {
			void *compress, *decompress;
		} compress;
	} cra_u;
	int (*cra_init)(struct crypto_tfm *tfm);
	void (*cra_exit)(struct crypto_tfm *tfm);
	void (*cra_destroy)(struct crypto_alg *alg);
	struct module *cra_module;
} __attribute__((aligned(8)));
KAPI_LAYOUT(sizeof(struct crypto_alg) == 384, "Linux 6.1's crypto_alg");

/* Debian's 6.1 has the reference count 6.3 brought (crypto_clone_tfm):
 * its modules' inline helpers find __crt_alg at 24. */
struct crypto_tfm {
	int refcnt;
	u32 crt_flags;
	int node;
	void (*exit)(struct crypto_tfm *tfm);
	struct crypto_alg *__crt_alg;
	void *__crt_ctx[] __attribute__((aligned(8)));
};

int crypto_register_alg(struct crypto_alg *alg);
void crypto_unregister_alg(struct crypto_alg *alg);

/*
 * crypto_register_<plural>(algs, count) and its undo, as Linux's
 * algorithm types (shash, skcipher) have them: all registered or none
 * (those done undone newest first), and unregistered newest first.
 */
#define KAPI_CRYPTO_REGISTER_ARRAY(plural, one, type)			\
int crypto_register_##plural(type *algs, int count)			\
{									\
	int i, err = 0;							\
									\
	for (i = 0; i < count && !err; i++)				\
		err = crypto_register_##one(&algs[i]);			\
	if (err)							\
		for (i -= 2; i >= 0; i--)				\
			crypto_unregister_##one(&algs[i]);		\
	return err;							\
}									\
EXPORT_SYMBOL_GPL(crypto_register_##plural);				\
void crypto_unregister_##plural(type *algs, int count)			\
{									\
	for (int i = count - 1; i >= 0; i--)				\
		crypto_unregister_##one(&algs[i]);			\
}									\
EXPORT_SYMBOL_GPL(crypto_unregister_##plural)

/* The best live algorithm of that name or driver name and type, its
 * module held, crypto-<name> loaded on demand if none is; NULL if none. */
struct crypto_alg *kapi_crypto_lookup(const char *name, u32 type);

#endif /* KAPI_CRYPTO_H */
