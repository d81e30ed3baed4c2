// SPDX-License-Identifier: MIT
/* unload.c - delete_module, after Linux: refuse while used, else GOING,
 * exit, drop exports and dependencies, free. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Claim the base reference; with force, even while others hold refs. */
static int try_stop_module(struct module *mod, unsigned int flags)
{
	int expected = MODULE_REF_BASE;

	if (atomic_compare_exchange_strong(&mod->refcnt, &expected, 0))
		return 0;
	if (!(flags & UMOD_UNLOAD_FORCE))
		return -EWOULDBLOCK;
	atomic_fetch_sub(&mod->refcnt, MODULE_REF_BASE);
	mod->taints |= UMOD_TAINT_FORCED;
	return 0;
}

static int check_unload(struct umod_ctx *ctx, struct module *mod,
			const char *name, unsigned int flags)
{
	int ret;

	if (!mod || mod->state == MODULE_STATE_UNFORMED)
		return umod_fail(ctx, name, -ENOENT, "module is not loaded");
	if (!list_empty(&mod->source_list)) {
		struct module_use *use;
		char users[256] = "";
		size_t n = 0;

		list_for_each_entry(use, &mod->source_list, source_list)
			n += (size_t)snprintf(users + n, n < sizeof(users) ? sizeof(users) - n : 0,
					      "%s%s", n ? " " : "", use->source->name);
		return umod_fail(ctx, name, -EWOULDBLOCK, "module is in use by: %s", users);
	}
	if (mod->state != MODULE_STATE_LIVE)
		return umod_fail(ctx, name, -EBUSY, "module is %s",
				 mod->state == MODULE_STATE_COMING ? "still loading" :
				 "already being removed");
	if (mod->init && !mod->exit && !(flags & UMOD_UNLOAD_FORCE))
		return umod_fail(ctx, name, -EBUSY,
				 "module has an init but no exit: it cannot be removed without force");
	ret = try_stop_module(mod, flags);
	if (ret)
		return umod_fail(ctx, name, ret, "module is in use (%d references)",
				 module_refcount(mod));
	return 0;
}

int umod_unload(struct umod_ctx *ctx, const char *name, unsigned int flags)
{
	struct module *mod;
	int ret;

	umod_set_errmsg("%s", "");
	ret = umod_percpu_enter(ctx, name);	/* exit runs here */
	if (ret)
		return ret;
	pthread_mutex_lock(&ctx->module_mutex);
	mod = find_module(ctx, name);
	ret = check_unload(ctx, mod, name, flags);
	if (!ret)
		set_module_state(mod, MODULE_STATE_GOING);
	pthread_mutex_unlock(&ctx->module_mutex);
	if (ret)
		return ret;

	if (mod->exit)
		mod->exit();
	umod_notify(ctx, mod, MODULE_STATE_GOING);

	pthread_mutex_lock(&ctx->module_mutex);
	pthread_rwlock_wrlock(&ctx->index_lock);
	module_remove_exports(mod);
	pthread_rwlock_unlock(&ctx->index_lock);
	module_unload_free(mod);
	module_list_del(mod);
	pthread_mutex_unlock(&ctx->module_mutex);
	free_module(mod);
	return 0;
}
