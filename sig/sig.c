// SPDX-License-Identifier: MIT
/*
 * sig.c - libumod-sig: the PKCS#7 half of Linux's module signing
 * (crypto/asymmetric_keys/pkcs7_*.c, verify_pkcs7_signature) on
 * OpenSSL's CMS, against a keyring of X.509 certificates.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <umod/sig.h>

struct umod_keyring {
	STACK_OF(X509) *certs;
};

int umod_keyring_new(struct umod_keyring **out)
{
	struct umod_keyring *kr = calloc(1, sizeof(*kr));

	if (!kr || !(kr->certs = sk_X509_new_null())) {
		free(kr);
		return -ENOMEM;
	}
	*out = kr;
	return 0;
}

void umod_keyring_free(struct umod_keyring *kr)
{
	if (!kr)
		return;
	sk_X509_pop_free(kr->certs, X509_free);
	free(kr);
}

size_t umod_keyring_count(const struct umod_keyring *kr)
{
	return sk_X509_num(kr->certs);
}

/* DER first, as the kernel's keyring takes it, then PEM. */
static X509 *read_cert(const char *path)
{
	BIO *b = BIO_new_file(path, "rb");
	X509 *x;

	if (!b)
		return NULL;
	x = d2i_X509_bio(b, NULL);
	if (!x && BIO_reset(b) == 0)
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	ERR_clear_error();
	return x;
}

int umod_keyring_add_file(struct umod_keyring *kr, const char *path,
			  char *msg, size_t msglen)
{
	X509 *x = read_cert(path);

	if (!x) {
		if (msg)
			snprintf(msg, msglen, "%s: %s", path, access(path, R_OK) ?
				 strerror(errno) : "not an X.509 certificate");
		return access(path, R_OK) ? -errno : -EBADMSG;
	}
	if (!sk_X509_push(kr->certs, x)) {
		X509_free(x);
		return -ENOMEM;
	}
	return 0;
}


int umod_keyring_add_dir(struct umod_keyring *kr, const char *dir,
			 char *msg, size_t msglen)
{
	struct dirent **ents;
	struct stat st;
	char *path;
	int n, i, err = 0;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		err = -errno;
		if (msg)
			snprintf(msg, msglen, "%s: %s", dir, strerror(errno));
		return err;
	}
	for (i = 0; i < n; i++) {
		if (!err && ents[i]->d_name[0] != '.' &&
		    asprintf(&path, "%s/%s", dir, ents[i]->d_name) >= 0) {
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				err = umod_keyring_add_file(kr, path, msg, msglen);
			free(path);
		}
		free(ents[i]);
	}
	free(ents);
	return err;
}

/* Which of the keyring's certificates signed it: ENOKEY if none. */
static int find_signers(CMS_ContentInfo *cms, STACK_OF(X509) *certs)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	int i, j;

	if (!sis || !sk_CMS_SignerInfo_num(sis))
		return -EBADMSG;
	for (i = 0; i < sk_CMS_SignerInfo_num(sis); i++) {
		CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, i);

		for (j = 0; j < sk_X509_num(certs); j++)
			if (!CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, j)))
				break;
		if (j == sk_X509_num(certs))
			return -ENOKEY;
	}
	return 0;
}

int umod_sig_verify(const void *data, size_t len, const void *sig,
		    size_t sig_len, void *keyring)
{
	struct umod_keyring *kr = keyring;
	const unsigned char *p = sig;
	CMS_ContentInfo *cms;
	BIO *content;
	int err;

	if (sig_len > LONG_MAX || len > INT_MAX)
		return -EBADMSG;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)sig_len);
	if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		CMS_ContentInfo_free(cms);
		ERR_clear_error();
		return -EBADMSG;
	}
	err = find_signers(cms, kr->certs);
	content = err ? NULL : BIO_new_mem_buf(data, (int)len);
	if (!err && !content)
		err = -ENOMEM;
	/* The keyring is the trust: no chain to a CA, no certificate the
	 * message brings along. */
	if (!err && CMS_verify(cms, kr->certs, NULL, content, NULL,
			       CMS_BINARY | CMS_NOINTERN |
			       CMS_NO_SIGNER_CERT_VERIFY) != 1)
		err = -EKEYREJECTED;
	BIO_free(content);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return err;
}

void umod_sig_use_keyring(struct umod_ctx *ctx, struct umod_keyring *kr)
{
	umod_set_sig_verifier(ctx, umod_sig_verify, kr);
}
