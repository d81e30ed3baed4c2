/* SPDX-License-Identifier: MIT */
/*
 * umod/sig.h - libumod-sig: module signatures checked against a keyring
 * of X.509 certificates, with OpenSSL.  A separate library so that
 * libumod needs libc alone: it calls umod_sig_verify through the hook
 * umod_set_sig_verifier installs (<umod/host.h>).  Link -lumod-sig
 * -lumod -lcrypto.
 */
#ifndef UMOD_SIG_H
#define UMOD_SIG_H

#include <stddef.h>

#include <umod/host.h>

struct umod_keyring;

/* Every call returns 0 or a negative errno; where msg is given, it says
 * which file and why. */
int umod_keyring_new(struct umod_keyring **out);
void umod_keyring_free(struct umod_keyring *kr);
/* One certificate, DER or PEM. */
int umod_keyring_add_file(struct umod_keyring *kr, const char *path,
			  char *msg, size_t msglen);
/* Every regular file of dir, one certificate each, as the kernel's
 * keyring is filled from CONFIG_SYSTEM_TRUSTED_KEYS. */
int umod_keyring_add_dir(struct umod_keyring *kr, const char *dir,
			 char *msg, size_t msglen);
size_t umod_keyring_count(const struct umod_keyring *kr);

/* A umod_sig_verify_fn; arg is the keyring.  The PKCS#7 signer must be
 * a certificate of the keyring (matched by issuer and serial, or by
 * subject key id); certificates inside the message are ignored. */
int umod_sig_verify(const void *data, size_t len, const void *sig,
		    size_t sig_len, void *keyring);

/* Verify ctx's modules against kr, which must outlive its use. */
void umod_sig_use_keyring(struct umod_ctx *ctx, struct umod_keyring *kr);

#endif /* UMOD_SIG_H */
