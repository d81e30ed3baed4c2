// SPDX-License-Identifier: MIT
/* kallsyms.c - symbol queries: lookup, symbol_get/put, the kallsyms view. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The host sees a module's exports once its init has succeeded. */
static const struct umod_ksym *find_live(struct umod_ctx *ctx, const char *name)
{
	const struct umod_ksym *k = symindex_find(&ctx->index, name);

	if (k && k->owner && module_state(k->owner) != MODULE_STATE_LIVE)
		return NULL;
	return k;
}

void *umod_find_symbol(struct umod_ctx *ctx, const char *name)
{
	const struct umod_ksym *k;
	void *addr;

	pthread_rwlock_rdlock(&ctx->index_lock);
	k = find_live(ctx, name);
	addr = k ? k->addr : NULL;
	pthread_rwlock_unlock(&ctx->index_lock);
	return addr;
}

void *umod_symbol_get(struct umod_ctx *ctx, const char *name)
{
	const struct umod_ksym *k;
	void *addr = NULL;

	pthread_rwlock_rdlock(&ctx->index_lock);
	k = find_live(ctx, name);
	if (k && try_module_get(k->owner))
		addr = k->addr;
	pthread_rwlock_unlock(&ctx->index_lock);
	return addr;
}

void umod_symbol_put(struct umod_ctx *ctx, const char *name)
{
	const struct umod_ksym *k;

	pthread_rwlock_rdlock(&ctx->index_lock);
	k = symindex_find(&ctx->index, name);
	if (k)
		module_put(k->owner);
	pthread_rwlock_unlock(&ctx->index_lock);
}

/* An export's kallsyms letter: from its module's symbol table if known. */
static char export_type(const struct umod_ksym *k)
{
	const struct module *mod = k->owner;

	for (unsigned int i = 0; mod && i < mod->num_kallsyms; i++)
		if (mod->kallsyms[i].addr == (uintptr_t)k->addr &&
		    !strcmp(mod->kallsyms_names + mod->kallsyms[i].name, k->name))
			return mod->kallsyms[i].type;
	return 'T';
}

static int no_memory(void)
{
	umod_set_errmsg("out of memory listing symbols");
	return -ENOMEM;
}

static int by_addr(const void *a, const void *b)
{
	const struct umod_symbol_info *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Exports of owner (NULL: the host), or of everyone, sorted by address. */
static int collect_exports(struct umod_ctx *ctx, bool all, struct module *owner,
			   struct umod_symbol_info **out, size_t *n)
{
	const struct umod_symindex *ix = &ctx->index;
	struct umod_symbol_info *v;
	size_t cnt = 0;

	v = umod_malloc((ix->count ? ix->count : 1) * sizeof(*v));
	if (!v)
		return no_memory();
	for (size_t i = 0; ix->slots && i <= ix->mask; i++) {
		const struct umod_ksym *k = &ix->slots[i];

		if (!k->name || (!all && k->owner != owner))
			continue;
		v[cnt++] = (struct umod_symbol_info){ k->name, k->addr, k->owner,
						      k->gpl, export_type(k) };
	}
	qsort(v, cnt, sizeof(*v), by_addr);
	*out = v;
	*n = cnt;
	return 0;
}

static int emit(struct umod_symbol_info *v, size_t n, umod_symbol_cb *cb, void *arg)
{
	int ret = 0;

	for (size_t i = 0; i < n && !ret; i++)
		ret = cb(&v[i], arg);
	free(v);
	return ret;
}

static int module_symbols(struct module *mod, umod_symbol_cb *cb, void *arg)
{
	struct umod_symbol_info *v;
	size_t n = mod->num_kallsyms;

	if (!n)
		return 0;
	v = umod_malloc(n * sizeof(*v));
	if (!v)
		return no_memory();
	for (size_t i = 0; i < n; i++) {
		const struct umod_kallsym *k = &mod->kallsyms[i];
		const char *name = mod->kallsyms_names + k->name;

		v[i] = (struct umod_symbol_info){ name, (const void *)k->addr, mod,
						  false, k->type };
	}
	qsort(v, n, sizeof(*v), by_addr);
	return emit(v, n, cb, arg);
}

int umod_for_each_symbol(struct umod_ctx *ctx, bool exported_only,
			 umod_symbol_cb *cb, void *arg)
{
	struct umod_symbol_info *v;
	struct module *mod;
	size_t n;
	int ret;

	pthread_mutex_lock(&ctx->module_mutex);
	ret = collect_exports(ctx, exported_only, NULL, &v, &n);
	if (!ret)
		ret = emit(v, n, cb, arg);
	if (!exported_only)
		list_for_each_entry(mod, &ctx->modules, list) {
			if (ret)
				break;
			if (mod->state != MODULE_STATE_UNFORMED)
				ret = module_symbols(mod, cb, arg);
		}
	pthread_mutex_unlock(&ctx->module_mutex);
	return ret;
}
