/* SPDX-License-Identifier: MIT */
/*
 * modsig.h - what modinfo shows of a module's appended signature.
 *
 * The signature is a PKCS#7 message (or, in old kernels, raw fields) put
 * after the ELF image by sign-file, followed by a struct module_signature
 * and "~Module signature appended~\n".  The fields and their spelling are
 * kmod's: signer is the issuer's common name, sig_key the certificate's
 * serial number, sig_hashalgo the digest's name.
 */
#ifndef UMOD_TOOLS_MODSIG_H
#define UMOD_TOOLS_MODSIG_H

#include <stdbool.h>
#include <stddef.h>

struct modsig_info {
	const char *id_type;		/* "PKCS#7", "X509" or "PGP" */
	const char *signer;
	size_t signer_len;
	const unsigned char *key_id;
	size_t key_id_len;
	const char *hash_algo;
	const unsigned char *sig;
	size_t sig_len;
	void *pkcs7;			/* private: what the fields point into */
	unsigned char *key_buf;
	char hash_buf[64];
};

/* Whether data (a whole decompressed module) carries a signature kmod
 * would show; fills info, to be released with modsig_free(). */
bool modsig_read(const unsigned char *data, size_t size, struct modsig_info *info);
void modsig_free(struct modsig_info *info);

/* "01:AB:...", twenty bytes a line, lines joined by "\n\t\t", as modinfo
 * prints keys and signatures.  The caller frees the result. */
char *modsig_hex(const unsigned char *p, size_t len);

#endif /* UMOD_TOOLS_MODSIG_H */
