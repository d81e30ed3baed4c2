// SPDX-License-Identifier: MIT
/*
 * signfile.c - umod sign-file, Linux's scripts/sign-file: append a
 * PKCS#7 (CMS) signature of a module, a struct module_signature and the
 * magic string, as the kernel's module_sig_check reads them.
 *
 *	umod sign-file [-dp] [-k] HASH KEY X509 MODULE [DEST]
 *	umod sign-file -s RAW_SIG HASH KEY X509 MODULE [DEST]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "elf.h"
#include "tools.h"

struct sign_opts {
	bool detached;		/* -d: only write MODULE.p7s */
	bool save_sig;		/* -p: keep MODULE.p7s too */
	bool use_keyid;		/* -k: subject key id, not issuer+serial */
	const char *raw_sig;	/* -s: a signature made elsewhere */
	const char *hash, *key, *x509, *module, *dest;
};

static void usage(void)
{
	fprintf(stderr, "Usage: umod sign-file [-dp] <hash algo> <key> <x509> "
		"<module> [<dest>]\n"
		"       umod sign-file -s <raw sig> <hash algo> <x509> <module> "
		"[<dest>]\n");
}

/* OpenSSL's reason, as sign-file's ERR() prints it. */
static int ssl_fail(const char *what)
{
	unsigned long e;

	fprintf(stderr, "sign-file: %s\n", what);
	while ((e = ERR_get_error()))
		fprintf(stderr, "sign-file: %s\n", ERR_error_string(e, NULL));
	return -1;
}

static X509 *read_x509(const char *path)
{
	BIO *b = BIO_new_file(path, "rb");
	X509 *x = NULL;

	if (!b)
		return NULL;
	/* DER if it starts as a SEQUENCE with a two-byte length, as
	 * sign-file guesses; PEM otherwise. */
	x = d2i_X509_bio(b, NULL);
	if (!x && BIO_reset(b) == 0) {
		ERR_clear_error();
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	}
	BIO_free(b);
	return x;
}

static EVP_PKEY *read_key(const char *path)
{
	BIO *b = BIO_new_file(path, "rb");
	EVP_PKEY *k;

	if (!b)
		return NULL;
	k = PEM_read_bio_PrivateKey(b, NULL, NULL, getenv("KBUILD_SIGN_PIN"));
	BIO_free(b);
	return k;
}

/* The DER signature of the module's bytes, in a memory BIO. */
static BIO *make_signature(const struct sign_opts *o, BIO *module)
{
	const unsigned int flags = CMS_NOCERTS | CMS_PARTIAL | CMS_BINARY |
				   CMS_DETACHED | CMS_STREAM;
	const EVP_MD *md = EVP_get_digestbyname(o->hash);
	EVP_PKEY *key = md ? read_key(o->key) : NULL;
	X509 *x509 = key ? read_x509(o->x509) : NULL;
	CMS_ContentInfo *cms = NULL;
	BIO *out = NULL;

	if (!md)
		fprintf(stderr, "sign-file: unknown digest %s\n", o->hash);
	else if (!key)
		ssl_fail(o->key);
	else if (!x509)
		ssl_fail(o->x509);
	else if (!(cms = CMS_sign(NULL, NULL, NULL, NULL, flags)) ||
		 !CMS_add1_signer(cms, x509, key, md,
				  CMS_NOCERTS | CMS_BINARY | CMS_NOSMIMECAP |
				  CMS_NOATTR |
				  (o->use_keyid ? CMS_USE_KEYID : 0)) ||
		 CMS_final(cms, module, NULL, CMS_NOCERTS | CMS_BINARY) != 1 ||
		 !(out = BIO_new(BIO_s_mem())) ||
		 i2d_CMS_bio_stream(out, cms, NULL, 0) != 1) {
		ssl_fail("CMS signing");
		BIO_free(out);
		out = NULL;
	}
	CMS_ContentInfo_free(cms);
	X509_free(x509);
	EVP_PKEY_free(key);
	return out;
}

static int write_file(const char *path, const void *a, size_t alen,
		      const void *b, size_t blen)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(a, 1, alen, f) != alen ||
	    (blen && fwrite(b, 1, blen, f) != blen) || fclose(f)) {
		fprintf(stderr, "sign-file: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int read_all(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0;
	int err;

	*data = NULL;
	*len = 0;
	if (!f)
		return -1;
	for (;;) {
		if (*len == cap) {
			char *n = realloc(*data, cap = cap * 2 + 65536);

			if (!n)
				break;
			*data = n;
		}
		*len += fread(*data + *len, 1, cap - *len, f);
		if (*len < cap)
			break;
	}
	err = ferror(f) || *len == cap ? -1 : 0;
	fclose(f);
	return err;
}

static int sign(const struct sign_opts *o)
{
	struct umod_module_signature ms = { .id_type = 2 };	/* PKCS#7 */
	const char *dest = o->dest ? o->dest : o->module;
	char *mod = NULL, *sig = NULL, *tmp = NULL, *p7s = NULL;
	size_t mod_len, sig_len = 0;
	BIO *sigbio = NULL;
	int ret = -1;

	if (read_all(o->module, &mod, &mod_len) < 0) {
		fprintf(stderr, "sign-file: %s: %s\n", o->module, strerror(errno));
		goto out;
	}
	if (o->raw_sig) {
		if (read_all(o->raw_sig, &sig, &sig_len) < 0) {
			fprintf(stderr, "sign-file: %s: %s\n", o->raw_sig,
				strerror(errno));
			goto out;
		}
	} else {
		BIO *in = BIO_new_mem_buf(mod, (int)mod_len);
		char *p;

		sigbio = in ? make_signature(o, in) : NULL;
		BIO_free(in);
		if (!sigbio)
			goto out;
		sig_len = BIO_get_mem_data(sigbio, &p);
		sig = malloc(sig_len);
		if (!sig)
			goto out;
		memcpy(sig, p, sig_len);
	}
	if ((o->save_sig || o->detached) &&
	    (asprintf(&p7s, "%s.p7s", o->module) < 0 ||
	     write_file(p7s, sig, sig_len, NULL, 0) < 0))
		goto out;
	if (o->detached) {
		ret = 0;
		goto out;
	}
	ms.sig_len = __builtin_bswap32((uint32_t)sig_len);
	/* Module, signature, descriptor, magic: into a temporary, renamed
	 * over dest, so a failure leaves dest whole. */
	if (asprintf(&tmp, "%s.~signed~", dest) < 0)
		goto out;
	mod = realloc(mod, mod_len + sig_len + sizeof(ms) +
			   sizeof(UMOD_MODULE_SIG_STRING) - 1);
	if (!mod)
		goto out;
	memcpy(mod + mod_len, sig, sig_len);
	memcpy(mod + mod_len + sig_len, &ms, sizeof(ms));
	if (write_file(tmp, mod, mod_len + sig_len + sizeof(ms),
		       UMOD_MODULE_SIG_STRING,
		       sizeof(UMOD_MODULE_SIG_STRING) - 1) < 0)
		goto out;
	if (rename(tmp, dest) < 0) {
		fprintf(stderr, "sign-file: %s: %s\n", dest, strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	BIO_free(sigbio);
	free(tmp);
	free(p7s);
	free(sig);
	free(mod);
	return ret;
}

int do_sign_file(int argc, char *argv[])
{
	struct sign_opts o = { 0 };
	int c;

	while ((c = getopt(argc, argv, "+dpks:")) != -1) {
		switch (c) {
		case 'd': o.detached = true; break;
		case 'p': o.save_sig = true; break;
		case 'k': o.use_keyid = true; break;
		case 's': o.raw_sig = optarg; break;
		default: usage(); return EXIT_FAILURE;
		}
	}
	argc -= optind;
	argv += optind;
	/* With -s the key is not needed: sign-file takes HASH X509 MODULE. */
	if (o.raw_sig ? argc < 3 || argc > 4 : argc < 4 || argc > 5) {
		usage();
		return EXIT_FAILURE;
	}
	o.hash = *argv++;
	if (!o.raw_sig)
		o.key = *argv++;
	o.x509 = *argv++;
	o.module = *argv++;
	o.dest = *argv;
	return sign(&o) ? EXIT_FAILURE : EXIT_SUCCESS;
}
