// SPDX-License-Identifier: MIT
/* ctx.c - the context a host owns: module list, symbol index, settings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * A structure the host filled in for us starts with its size, as the
 * host was built; Linux's copy_struct_from_user.  min is the size of its
 * first version, known ours: a newer host's may be larger, if what we do
 * not know of it is zero.  0, -EINVAL or -E2BIG, with the message set.
 */
int umod_config_copy(void *dst, size_t min, size_t known, const void *src,
		     const char *what)
{
	size_t size = *(const size_t *)src;

	if (size < min)
		return umod_fail(NULL, what, -EINVAL,
				 "size %zu is not one libumod knows (%zu)",
				 size, known);
	for (size_t i = known; i < size; i++)
		if (((const unsigned char *)src)[i])
			return umod_fail(NULL, what, -E2BIG,
					 "fields past the %zu bytes libumod "
					 "knows are set", known);
	memset(dst, 0, known);
	memcpy(dst, src, size < known ? size : known);
	return 0;
}

/* Host exports first, so a host may replace a built-in (printk, say). */
static int add_builtins(struct umod_ctx *ctx)
{
	for (size_t i = 0; i < umod_num_builtin_symbols; i++) {
		const struct umod_symbol *s = &umod_builtin_symbols[i];
		struct umod_ksym k = { .name = s->name, .addr = (void *)s->addr,
				       .hash = symindex_hash(s->name) };
		const struct umod_ksym *clash;
		int ret = symindex_insert(&ctx->index, &k, &clash);

		if (ret && ret != -EEXIST)
			return ret;
	}
	return 0;
}

struct umod_ctx *umod_ctx_new_exports(const struct umod_exports *exports)
{
	struct umod_exports copy, *e = NULL;
	struct umod_ctx *ctx;
	char err[UMOD_ERRMSG_LEN];

	umod_clear_errmsg();
	if (exports) {
		if (umod_config_copy(&copy, sizeof(copy), sizeof(copy), exports,
				     "umod_exports"))
			return NULL;
		e = &copy;
	}
	ctx = umod_calloc(1, sizeof(*ctx));
	if (!ctx) {
		umod_set_errmsg("host: out of memory");
		return NULL;
	}
	oops_setup();	/* before any module code can run */
	module_lock_init(ctx);
	pthread_rwlock_init(&ctx->index_lock, NULL);
	pthread_mutex_init(&ctx->notifier_lock, NULL);
	INIT_LIST_HEAD(&ctx->modules);
	pthread_mutex_init(&ctx->refs.lock, NULL);
	ctx->refs.next = 1;	/* 0 is the host's */
	ctx->log = umod_log_stderr;
	ctx->vermagic = umod_strdup(UMOD_VERMAGIC);
	if (!ctx->vermagic) {
		umod_set_errmsg("host: out of memory");
		goto fail;
	}
	if (e && (add_kernel_symbols(ctx, e->start, e->stop, false, NULL, err, sizeof(err)) ||
		  add_kernel_symbols(ctx, e->gpl_start, e->gpl_stop, true, NULL, err, sizeof(err)))) {
		umod_set_errmsg("host: %s", err);
		goto fail;
	}
	if (add_builtins(ctx)) {
		umod_set_errmsg("host: out of memory");
		goto fail;
	}
	context_list_add(ctx);
	return ctx;
fail:
	module_refs_free(&ctx->refs);
	symindex_free(&ctx->index);
	free(ctx->vermagic);
	free(ctx);
	return NULL;
}

/* The newest module nothing depends on and nothing holds (a reference
 * taken with try_module_get, as load_nls takes its table's); failing
 * that, the newest nothing depends on.  Unloading in this order never
 * pulls a module from under its users.  One stuck by an oops goes too. */
static struct module *next_to_unload(struct umod_ctx *ctx)
{
	struct module *mod, *unheld = NULL, *any = NULL;

	module_lock(ctx);
	list_for_each_entry(mod, &ctx->modules, list) {
		if ((mod->state != MODULE_STATE_LIVE && !module_died(mod)) ||
		    !list_empty(&mod->ref->source_list))
			continue;
		if (!any)
			any = mod;
		if (module_refcount(mod) == 0) {
			unheld = mod;
			break;
		}
	}
	module_unlock(ctx);
	return unheld ? unheld : any;
}

void umod_ctx_free(struct umod_ctx *ctx)
{
	struct module *mod;
	char name[MODULE_NAME_LEN];

	if (!ctx)
		return;
	if (ctx->kmod_free)	/* demand loading attached itself */
		ctx->kmod_free(ctx);
	while ((mod = next_to_unload(ctx))) {
		memcpy(name, mod->name, sizeof(name));
		if (umod_unload(ctx, name, UMOD_UNLOAD_FORCE))
			break;
	}
	context_list_del(ctx);
	symindex_free(&ctx->index);
	symindex_free(&ctx->modnames);
	if (list_empty(&ctx->modules))	/* else they stay, as the modules do */
		module_refs_free(&ctx->refs);
	free(ctx->notifiers);
	free(ctx->vermagic);
	pthread_mutex_destroy(&ctx->module_mutex);
	pthread_rwlock_destroy(&ctx->index_lock);
	pthread_mutex_destroy(&ctx->notifier_lock);
	free(ctx);
}

int umod_export_table(struct umod_ctx *ctx, const struct umod_symbol *tab,
		      size_t n, unsigned int flags)
{
	const struct umod_ksym *clash;
	size_t i;
	int ret = 0;

	umod_clear_errmsg();
	module_lock(ctx);
	pthread_rwlock_wrlock(&ctx->index_lock);
	for (i = 0; i < n; i++) {
		struct umod_ksym k = { .name = tab[i].name, .addr = (void *)tab[i].addr,
				       .hash = symindex_hash(tab[i].name),
				       .gpl = flags & UMOD_EXPORT_GPL };

		ret = symindex_insert(&ctx->index, &k, &clash);
		if (ret == -EEXIST && !clash->owner && is_builtin(clash->name, clash->addr)) {
			symindex_remove(&ctx->index, k.name);	/* the host wins */
			ret = symindex_insert(&ctx->index, &k, &clash);
		}
		if (ret)
			break;
	}
	if (ret) {
		umod_set_errmsg("host: cannot export %s: %s", tab[i].name,
				ret == -EEXIST ? "already exported" : strerror(-ret));
		while (i--)
			symindex_remove(&ctx->index, tab[i].name);
	}
	pthread_rwlock_unlock(&ctx->index_lock);
	module_unlock(ctx);
	return ret;
}

/*
 * Linux's __kcrctab for vmlinux: the host's exports' CRCs, by name.  A
 * module's export of the name keeps its own; names nobody exports are
 * skipped, so one table can cover every declaration a host's headers
 * make.  Returns how many exports got a CRC.
 */
int umod_export_crcs(struct umod_ctx *ctx, const struct umod_symbol_crc *tab,
		     size_t n)
{
	const struct umod_ksym *k;
	int attached = 0;

	umod_clear_errmsg();
	module_lock(ctx);
	pthread_rwlock_wrlock(&ctx->index_lock);
	for (size_t i = 0; i < n; i++) {
		k = symindex_find(&ctx->index, tab[i].name);
		if (k && !k->owner &&
		    symindex_set_crc(&ctx->index, tab[i].name,
				     (const int32_t *)&tab[i].crc))
			attached++;
	}
	pthread_rwlock_unlock(&ctx->index_lock);
	module_unlock(ctx);
	return attached;
}

int umod_unexport(struct umod_ctx *ctx, const char *name)
{
	const struct umod_ksym *k;
	int ret = -ENOENT;

	umod_clear_errmsg();
	module_lock(ctx);
	pthread_rwlock_wrlock(&ctx->index_lock);
	k = symindex_find(&ctx->index, name);
	if (k && !k->owner) {
		symindex_remove(&ctx->index, name);
		ret = 0;
	}
	pthread_rwlock_unlock(&ctx->index_lock);
	module_unlock(ctx);
	if (ret)
		umod_set_errmsg("host: cannot withdraw %s: the host does not export it",
				name);
	return ret;
}

void umod_set_resolver(struct umod_ctx *ctx, umod_resolver_fn *fn, void *arg)
{
	module_lock(ctx);
	ctx->resolver = fn;
	ctx->resolver_arg = arg;
	module_unlock(ctx);
}

int umod_set_vermagic(struct umod_ctx *ctx, const char *vermagic)
{
	char *v;

	umod_clear_errmsg();
	if (!(v = umod_strdup(vermagic))) {
		umod_set_errmsg("host: out of memory setting the vermagic");
		return -ENOMEM;
	}
	module_lock(ctx);
	free(ctx->vermagic);
	ctx->vermagic = v;
	module_unlock(ctx);
	return 0;
}

const char *umod_vermagic(const struct umod_ctx *ctx)
{
	return ctx->vermagic;
}
