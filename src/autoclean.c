// SPDX-License-Identifier: MIT
/*
 * autoclean.c - removing modules loaded on demand once they are unused,
 * as Linux 2.2's delete_module(NULL) did for kerneld.
 *
 * A module loaded through request_module carries AUTOCLEAN.  A sweep
 * removes such a module when nothing holds a reference to it, no module
 * depends on it, and it has not been VISITED since the previous sweep;
 * a visited one loses the mark and is kept, so a module used until just
 * now gets one more period.  try_module_get sets VISITED, as Linux's
 * MOD_INC_USE_COUNT did.  When a sweep removes a module, the modules it
 * used are marked JUST_FREED: if that was their last user they go in the
 * same sweep, visited or not, so a stack loaded on demand leaves together.
 */
#include <errno.h>
#include <string.h>

#include "kmod.h"

/* Sweep-private marks, cleared when the sweep ends. */
#define UMOD_MOD_JUST_FREED	(1u << 5)	/* Linux 2.2's MOD_JUST_FREED */
#define UMOD_MOD_SPARED		(1u << 7)	/* kept by this sweep */

bool umod_module_autoclean(const struct module *mod)
{
	return atomic_load(&mod->ref->flags) & UMOD_MOD_AUTOCLEAN;
}

/* Unused and removable: no references, no dependents, and able to go (an
 * init without an exit cannot).  Module lock held. */
static bool reapable(struct module *mod)
{
	return mod->state == MODULE_STATE_LIVE &&
	       (atomic_load(&mod->ref->flags) & UMOD_MOD_AUTOCLEAN) &&
	       list_empty(&mod->ref->source_list) && module_refcount(mod) == 0 &&
	       (mod->exit || !mod->init);
}

/* The next module to remove; the visited are spared on the way.
 * Module lock held. */
static struct module *pick(struct umod_ctx *ctx)
{
	struct module *mod;

	list_for_each_entry(mod, &ctx->modules, list) {
		unsigned int f;

		if (!reapable(mod))
			continue;
		f = atomic_load(&mod->ref->flags);
		if (f & UMOD_MOD_SPARED)
			continue;
		if ((f & UMOD_MOD_VISITED) && !(f & UMOD_MOD_JUST_FREED)) {
			atomic_fetch_and(&mod->ref->flags, ~UMOD_MOD_VISITED);
			atomic_fetch_or(&mod->ref->flags, UMOD_MOD_SPARED);
			continue;
		}
		return mod;
	}
	return NULL;
}

/* Its dependencies may go with it.  Module lock held. */
static void mark_targets(struct module *mod)
{
	struct module_use *use;

	list_for_each_entry(use, &mod->target_list, target_list)
		atomic_fetch_or(&use->target->ref->flags, UMOD_MOD_JUST_FREED);
}

static void spare(struct umod_ctx *ctx, const char *name)
{
	struct module *mod;

	module_lock(ctx);
	if ((mod = find_module(ctx, name)))
		atomic_fetch_or(&mod->ref->flags, UMOD_MOD_SPARED);
	module_unlock(ctx);
}

static void end_sweep(struct umod_ctx *ctx)
{
	struct module *mod;

	module_lock(ctx);
	list_for_each_entry(mod, &ctx->modules, list)
		atomic_fetch_and(&mod->ref->flags,
				 ~(UMOD_MOD_SPARED | UMOD_MOD_JUST_FREED));
	module_unlock(ctx);
}

int autoclean_sweep(struct umod_ctx *ctx, autoclean_cb *cb, void *arg)
{
	struct umod_kmod *km = kmod_get(ctx);
	char name[MODULE_NAME_LEN];
	struct module *mod;
	int removed = 0;

	umod_clear_errmsg();
	if (!km) {
		umod_set_errmsg("autoclean: out of memory");
		return -ENOMEM;
	}
	pthread_mutex_lock(&km->sweep_lock);
	for (;;) {
		module_lock(ctx);
		if ((mod = pick(ctx))) {
			mark_targets(mod);
			memcpy(name, mod->name, sizeof(name));
		}
		module_unlock(ctx);
		if (!mod)
			break;
		/* Unlocked, so exit may run; a reference taken meanwhile
		 * makes the unload refuse, and the module stays. */
		if (umod_unload(ctx, name, UMOD_UNLOAD_NONBLOCK)) {
			spare(ctx, name);
			continue;
		}
		umod_log(ctx, UMOD_LOG_INFO, "%s: removed by autoclean", name);
		if (cb)
			cb(name, arg);
		removed++;
	}
	end_sweep(ctx);
	pthread_mutex_unlock(&km->sweep_lock);
	umod_clear_errmsg();	/* a module kept is no failure of the sweep */
	return removed;
}

int umod_autoclean(struct umod_ctx *ctx)
{
	return autoclean_sweep(ctx, NULL, NULL);
}
