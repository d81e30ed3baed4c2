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

	if (atomic_compare_exchange_strong(&mod->ref->refcnt, &expected, 0))
		return 0;
	if (!(flags & UMOD_UNLOAD_FORCE))
		return -EWOULDBLOCK;
	atomic_fetch_sub(&mod->ref->refcnt, MODULE_REF_BASE);
	mod->taints |= UMOD_TAINT_FORCED;
	return 0;
}

/*
 * A module whose init or exit oopsed is stuck in COMING or GOING, as in
 * Linux; only force removes it, and none of its code runs again.
 */
static int check_died(struct umod_ctx *ctx, struct module *mod,
		      const char *name, unsigned int flags)
{
	enum module_state s = mod->state;

	if (!(flags & UMOD_UNLOAD_FORCE))
		return umod_fail(ctx, name, -EBUSY,
				 "module is not live: its %s oopsed; only rmmod -f removes it",
				 s == MODULE_STATE_GOING ? "exit" : "init");
	if (s == MODULE_STATE_GOING)	/* exit claimed the base reference */
		atomic_fetch_add(&mod->ref->refcnt, MODULE_REF_BASE);
	return try_stop_module(mod, flags);
}

static int check_unload(struct umod_ctx *ctx, struct module *mod,
			const char *name, unsigned int flags)
{
	int ret;

	if (!mod || mod->state == MODULE_STATE_UNFORMED)
		return umod_fail(ctx, name, -ENOENT, "module is not loaded");
	if (!list_empty(&mod->ref->source_list)) {
		struct module_use *use;
		char users[256] = "";
		size_t n = 0;

		list_for_each_entry(use, &mod->ref->source_list, source_list)
			n += (size_t)snprintf(users + n, n < sizeof(users) ? sizeof(users) - n : 0,
					      "%s%s", n ? " " : "", use->source->name);
		return umod_fail(ctx, name, -EWOULDBLOCK, "module is in use by: %s", users);
	}
	if (module_died(mod))
		return check_died(ctx, mod, name, flags);
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

static void call_exit(void *arg)
{
	((struct module *)arg)->exit();
}

int umod_unload(struct umod_ctx *ctx, const char *name, unsigned int flags)
{
	struct module *mod;
	bool died = false;
	int ret;

	umod_clear_errmsg();
	ret = umod_percpu_enter(ctx, name);	/* exit runs here */
	if (ret)
		return ret;
	module_lock(ctx);
	mod = find_module(ctx, name);
	ret = check_unload(ctx, mod, name, flags);
	if (!ret) {
		died = module_died(mod);
		set_module_state(mod, MODULE_STATE_GOING);
	}
	module_unlock(ctx);
	if (ret)
		return ret;

	if (mod->exit && !died &&
	    umod_call_guarded(mod, "exit", call_exit, mod)) {
		/* Left GOING, as Linux leaves it; rmmod -f frees it. */
		atomic_fetch_or(&mod->ref->flags, UMOD_MOD_DIED);
		umod_log(ctx, UMOD_LOG_ERR, "%s", umod_errmsg());
		return -EFAULT;
	}
	umod_notify(ctx, mod, MODULE_STATE_GOING);

	module_lock(ctx);
	pthread_rwlock_wrlock(&ctx->index_lock);
	module_remove_exports(mod);
	pthread_rwlock_unlock(&ctx->index_lock);
	module_unload_free(mod);
	module_list_del(mod);
	module_unlock(ctx);
	free_module(mod);
	return 0;
}
