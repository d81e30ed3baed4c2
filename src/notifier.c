// SPDX-License-Identifier: MIT
/* notifier.c - module state notifiers (Linux's module_notify_list). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int umod_register_notifier(struct umod_ctx *ctx, umod_notifier_fn *fn, void *arg)
{
	struct umod_notifier *n;

	pthread_mutex_lock(&ctx->notifier_lock);
	n = realloc(ctx->notifiers, (ctx->num_notifiers + 1) * sizeof(*n));
	if (n) {
		ctx->notifiers = n;
		n[ctx->num_notifiers++] = (struct umod_notifier){ fn, arg };
	}
	pthread_mutex_unlock(&ctx->notifier_lock);
	return n ? 0 : -ENOMEM;
}

int umod_unregister_notifier(struct umod_ctx *ctx, umod_notifier_fn *fn, void *arg)
{
	int ret = -ENOENT;

	pthread_mutex_lock(&ctx->notifier_lock);
	for (size_t i = 0; i < ctx->num_notifiers; i++) {
		if (ctx->notifiers[i].fn != fn || ctx->notifiers[i].arg != arg)
			continue;
		memmove(&ctx->notifiers[i], &ctx->notifiers[i + 1],
			(ctx->num_notifiers - i - 1) * sizeof(ctx->notifiers[0]));
		ctx->num_notifiers--;
		ret = 0;
		break;
	}
	pthread_mutex_unlock(&ctx->notifier_lock);
	return ret;
}

/*
 * Call each notifier without the lock held, so one may load a module.  A
 * refusal of COMING stops the chain, and those already told hear GOING,
 * as Linux's blocking_notifier_call_chain_robust rolls back.
 */
int umod_notify(struct umod_ctx *ctx, struct module *mod, enum module_state s)
{
	struct umod_notifier *copy;
	size_t n;
	int ret = 0;

	pthread_mutex_lock(&ctx->notifier_lock);
	n = ctx->num_notifiers;
	copy = n ? malloc(n * sizeof(*copy)) : NULL;
	if (copy)
		memcpy(copy, ctx->notifiers, n * sizeof(*copy));
	pthread_mutex_unlock(&ctx->notifier_lock);
	if (n && !copy)
		return s == MODULE_STATE_COMING ? -ENOMEM : 0;
	for (size_t i = 0; i < n; i++) {
		ret = copy[i].fn(mod, s, copy[i].arg);
		if (ret && s == MODULE_STATE_COMING) {
			for (size_t j = 0; j < i; j++)
				copy[j].fn(mod, MODULE_STATE_GOING, copy[j].arg);
			break;
		}
		ret = 0;
	}
	free(copy);
	return ret;
}
