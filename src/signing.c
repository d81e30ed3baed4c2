// SPDX-License-Identifier: MIT
/*
 * signing.c - module signatures, as Linux's kernel/module/signing.c:
 * the appended descriptor is checked here, the PKCS#7 itself by the
 * host's verifier (libumod needs libc alone; libumod-sig, sig/, is one
 * with OpenSSL).  Without a verifier every key is unavailable.
 */
#include <errno.h>
#include <string.h>

#include "elf.h"
#include "internal.h"

#define PKEY_ID_PKCS7	2

void umod_set_sig_verifier(struct umod_ctx *ctx, umod_sig_verify_fn *fn,
			   void *arg)
{
	module_lock(ctx);
	ctx->sig_verify = fn;
	ctx->sig_verify_arg = arg;
	module_unlock(ctx);
}

void umod_set_sig_enforce(struct umod_ctx *ctx, bool enforce)
{
	atomic_store(&ctx->sig_enforce, enforce);
}

bool umod_sig_configured(struct umod_ctx *ctx)
{
	bool on;

	module_lock(ctx);
	on = ctx->sig_verify || atomic_load(&ctx->sig_enforce);
	module_unlock(ctx);
	return on;
}

/* Linux's mod_check_sig: what the descriptor must say. */
static int check_descriptor(const struct umod_module_signature *ms,
			    size_t sig_len)
{
	if (ms->id_type != PKEY_ID_PKCS7)
		return -ENOPKG;
	if (ms->algo || ms->hash || ms->signer_len || ms->key_id_len ||
	    ms->pad[0] || ms->pad[1] || ms->pad[2] || !sig_len)
		return -EBADMSG;
	return 0;
}

static int verify(struct umod_ctx *ctx, const unsigned char *image,
		  size_t len, const struct umod_sig_view *sig)
{
	umod_sig_verify_fn *fn;
	void *arg;
	int err = check_descriptor(sig->desc, sig->blob_len);

	if (err)
		return err;
	module_lock(ctx);
	fn = ctx->sig_verify;
	arg = ctx->sig_verify_arg;
	module_unlock(ctx);
	return fn ? fn(image, len, sig->blob, sig->blob_len, arg) : -ENOKEY;
}

/*
 * Linux's module_sig_check.  A forced load (vermagic or modversions
 * ignored) is not the module that was signed: its signature is not
 * checked, and it counts as unsigned.  Unsigned, unknown key or
 * unsupported crypto: refused when enforcing (ENOKEY, "Required key not
 * available"), else loaded and tainted; anything else, a bad signature
 * above all, is refused either way.
 */
int umod_module_sig_check(struct umod_ctx *ctx, const unsigned char *image,
			  size_t *len, unsigned int flags, bool *sig_ok,
			  const char **reason)
{
	struct umod_sig_view sig;
	size_t elf_len = umod_elf_strip_signature(image, *len, &sig);
	int err = -ENODATA;

	*sig_ok = false;
	if (elf_len != *len && !(flags & UMOD_INIT_FORCE))
		err = verify(ctx, image, elf_len, &sig);
	*len = elf_len;
	switch (err) {
	case 0:
		*sig_ok = true;
		return 0;
	case -ENODATA:
		*reason = "unsigned module";
		break;
	case -ENOPKG:
		*reason = "module with unsupported crypto";
		break;
	case -ENOKEY:
		*reason = "module with unavailable key";
		break;
	default:
		*reason = err == -EKEYREJECTED ? "module with a bad signature"
					      : "module with a malformed signature";
		return err;
	}
	return atomic_load(&ctx->sig_enforce) ? -ENOKEY : 0;
}
