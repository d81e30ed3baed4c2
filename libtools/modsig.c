// SPDX-License-Identifier: MIT
/* modsig.c - read a module's appended signature, the way kmod shows it. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if ENABLE_OPENSSL
#include <openssl/bn.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#endif

#include "elf.h"
#include "umod-tools.h"

/* The kernel's enums, as struct module_signature numbers them. */
static const char *const algo_names[] = { "DSA", "RSA" };
static const char *const hash_names[] = {
	"md4", "md5", "sha1", "rmd160", "sha256", "sha384", "sha512",
	"sha224", "sm3",
};
static const char *const id_type_names[] = { "PGP", "X509", "PKCS#7" };
enum { PKEY_ID_PKCS7 = 2 };

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if ENABLE_OPENSSL
static const char *hash_name(const ASN1_OBJECT *o, char *buf, size_t len)
{
	switch (OBJ_obj2nid(o)) {
	case NID_md4:		return hash_names[0];
	case NID_md5:		return hash_names[1];
	case NID_sha1:		return hash_names[2];
	case NID_ripemd160:	return hash_names[3];
	case NID_sha256:	return hash_names[4];
	case NID_sha384:	return hash_names[5];
	case NID_sha512:	return hash_names[6];
	case NID_sha224:	return hash_names[7];
#ifndef OPENSSL_NO_SM3
	case NID_sm3:		return hash_names[8];
#endif
	}
	/* a digest kmod 30 has no name for: its OID, as later kmod prints */
	if (OBJ_obj2txt(buf, len, o, 0) < 0)
		return "unknown";
	return buf;
}

/* The issuer's common name; failing that, kmod shows the last entry. */
static const ASN1_STRING *issuer_name(X509_NAME *name)
{
	X509_NAME_ENTRY *e = NULL;
	int n = X509_NAME_entry_count(name);

	for (int i = 0; i < n; i++) {
		e = X509_NAME_get_entry(name, i);
		if (OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)) == NID_commonName)
			break;
	}
	return e ? X509_NAME_ENTRY_get_data(e) : NULL;
}

static bool read_pkcs7(const unsigned char *blob, size_t len,
		       struct modsig_info *info)
{
	const unsigned char *p = blob;
	PKCS7 *pkcs7 = d2i_PKCS7(NULL, &p, len);
	STACK_OF(PKCS7_SIGNER_INFO) *sis;
	PKCS7_SIGNER_INFO *si;
	const ASN1_STRING *signer;
	X509_ALGOR *dig_alg;
	const ASN1_OBJECT *o;
	BIGNUM *serial;

	if (!pkcs7)
		return false;
	sis = PKCS7_get_signer_info(pkcs7);
	si = sis ? sk_PKCS7_SIGNER_INFO_value(sis, 0) : NULL;
	if (!si || !si->issuer_and_serial || !si->enc_digest)
		goto fail;
	serial = ASN1_INTEGER_to_BN(si->issuer_and_serial->serial, NULL);
	if (!serial)
		goto fail;
	info->key_id_len = BN_num_bytes(serial);
	info->key_buf = malloc(info->key_id_len + 1);
	if (!info->key_buf) {
		BN_free(serial);
		goto fail;
	}
	BN_bn2bin(serial, info->key_buf);
	BN_free(serial);
	info->key_id = info->key_buf;

	info->sig = ASN1_STRING_get0_data(si->enc_digest);
	info->sig_len = ASN1_STRING_length(si->enc_digest);
	signer = issuer_name(si->issuer_and_serial->issuer);
	if (signer) {
		info->signer = (const char *)ASN1_STRING_get0_data(signer);
		info->signer_len = strlen(info->signer);
	}
	PKCS7_SIGNER_INFO_get0_algs(si, NULL, &dig_alg, NULL);
	X509_ALGOR_get0(&o, NULL, NULL, dig_alg);
	info->hash_algo = hash_name(o, info->hash_buf, sizeof(info->hash_buf));
	info->id_type = id_type_names[PKEY_ID_PKCS7];
	info->pkcs7 = pkcs7;
	return true;
fail:
	PKCS7_free(pkcs7);
	return false;
}
#else
/* Without OpenSSL, kmod 30 shows of a PKCS#7 message its kind alone:
 * no signer, key or signature, and the digest "unknown". */
static bool read_pkcs7(const unsigned char *blob, size_t len,
		       struct modsig_info *info)
{
	info->hash_algo = "unknown";
	info->id_type = id_type_names[PKEY_ID_PKCS7];
	return true;
}
#endif

/* Before PKCS#7 the signer's name and key id came raw before the signature. */
static bool read_raw(const struct umod_sig_view *v, struct modsig_info *info)
{
	const struct umod_module_signature *d = v->desc;

	info->sig = v->blob;
	info->sig_len = v->blob_len;
	info->key_id = v->blob - d->key_id_len;
	info->key_id_len = d->key_id_len;
	info->signer = (const char *)info->key_id - d->signer_len;
	info->signer_len = d->signer_len;
	info->hash_algo = hash_names[d->hash];
	info->id_type = id_type_names[d->id_type];
	return true;
}

bool modsig_read(const unsigned char *data, size_t size, struct modsig_info *info)
{
	struct umod_sig_view v;
	size_t elf_len = umod_elf_strip_signature(data, size, &v);
	const struct umod_module_signature *d;

	memset(info, 0, sizeof(*info));
	if (elf_len == size)
		return false;
	d = v.desc;
	if (d->algo >= ARRAY_SIZE(algo_names) ||
	    d->hash >= ARRAY_SIZE(hash_names) ||
	    d->id_type >= ARRAY_SIZE(id_type_names) ||
	    v.blob_len == 0 ||
	    (size_t)(v.blob - data) < (size_t)d->signer_len + d->key_id_len)
		return false;
	if (d->id_type == PKEY_ID_PKCS7)
		return read_pkcs7(v.blob, v.blob_len, info);
	return read_raw(&v, info);
}

void modsig_free(struct modsig_info *info)
{
#if ENABLE_OPENSSL
	PKCS7_free(info->pkcs7);
#endif
	free(info->key_buf);
	info->pkcs7 = NULL;
	info->key_buf = NULL;
}

char *modsig_hex(const unsigned char *p, size_t len)
{
	/* "XX:" a byte, and "\n\t\t" after every twentieth */
	char *s = malloc(len * 3 + (len / 20) * 3 + 1), *q = s;

	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		q += sprintf(q, "%02X", p[i]);
		if (i + 1 < len) {
			*q++ = ':';
			if ((i + 1) % 20 == 0)
				q = stpcpy(q, "\n\t\t");
		}
	}
	*q = '\0';
	return s;
}
