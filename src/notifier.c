// SPDX-License-Identifier: MIT
/* notifier.c - module state notifiers (Linux's module_notify_list). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int umod_register_notifier(struct umod_ctx *ctx, umod_notifier_fn *fn, void *arg)
{
	struct umod_notifier *n;

	umod_clear_errmsg();
	pthread_mutex_lock(&ctx->notifier_lock);
	n = umod_realloc(ctx->notifiers, (ctx->num_notifiers + 1) * sizeof(*n));
	if (n) {
		ctx->notifiers = n;
		n[ctx->num_notifiers++] = (struct umod_notifier){ fn, arg };
	}
	pthread_mutex_unlock(&ctx->notifier_lock);
	if (!n)
		umod_set_errmsg("host: out of memory registering a notifier");
	return n ? 0 : -ENOMEM;
}

int umod_unregister_notifier(struct umod_ctx *ctx, umod_notifier_fn *fn, void *arg)
{
	int ret = -ENOENT;

	umod_clear_errmsg();
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
	if (ret)
		umod_set_errmsg("host: no such notifier registered");
	return ret;
}

/*
 * Notifiers are called in registration order, never with the lock held, so
 * one may load a module or register another.  They are copied 16 at a
 * time onto the stack: nothing is allocated, so GOING and LIVE reach every
 * notifier even when memory has run out.
 */
#define NOTIFY_BATCH 16

/* The first stop notifiers, or all; a refusal of COMING stops the walk,
 * and *told is how many had been told. */
static int call_chain(struct umod_ctx *ctx, struct module *mod,
		      enum module_state s, size_t stop, size_t *told)
{
	struct umod_notifier batch[NOTIFY_BATCH];
	size_t start = 0, n;
	int ret;

	do {
		pthread_mutex_lock(&ctx->notifier_lock);
		n = ctx->num_notifiers < stop ? ctx->num_notifiers : stop;
		n = n > start ? n - start : 0;
		if (n > NOTIFY_BATCH)
			n = NOTIFY_BATCH;
		if (n)
			memcpy(batch, &ctx->notifiers[start], n * sizeof(*batch));
		pthread_mutex_unlock(&ctx->notifier_lock);
		for (size_t i = 0; i < n; i++) {
			ret = batch[i].fn(mod, s, batch[i].arg);
			if (ret && s == MODULE_STATE_COMING) {
				*told = start + i;
				return ret;
			}
		}
		start += n;
	} while (n == NOTIFY_BATCH);
	return 0;
}

/*
 * A refusal of COMING stops the chain, and those already told hear GOING,
 * as Linux's blocking_notifier_call_chain_robust rolls back.
 */
int umod_notify(struct umod_ctx *ctx, struct module *mod, enum module_state s)
{
	size_t told = 0;
	int ret = call_chain(ctx, mod, s, SIZE_MAX, &told);

	if (ret)
		call_chain(ctx, mod, MODULE_STATE_GOING, told, &told);
	return ret;
}
