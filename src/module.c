// SPDX-License-Identifier: MIT
/* module.c - the module list, dependencies, references, and their views. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* ---- The module lock ---- */

/* Any address unique to the thread names it: pthread_t need not be an
 * integer. */
static _Thread_local char this_thread;
#define SELF ((uintptr_t)&this_thread)

void module_lock_init(struct umod_ctx *ctx)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
#ifndef NDEBUG
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
#endif
	pthread_mutex_init(&ctx->module_mutex, &attr);
	pthread_mutexattr_destroy(&attr);
}

/* Only a bug gets here: deadlock avoided, or unlocking another's lock. */
static void lock_bug(const char *what, int err)
{
	fprintf(stderr, "umod: BUG: module lock: %s: %s\n", what, strerror(err));
	abort();
}

void module_lock(struct umod_ctx *ctx)
{
	int err = pthread_mutex_lock(&ctx->module_mutex);

	if (err)
		lock_bug("lock", err);
	atomic_store_explicit(&ctx->module_owner, SELF, memory_order_relaxed);
}

void module_unlock(struct umod_ctx *ctx)
{
	int err;

	atomic_store_explicit(&ctx->module_owner, 0, memory_order_relaxed);
	err = pthread_mutex_unlock(&ctx->module_mutex);
	if (err)
		lock_bug("unlock", err);
}

/* Only this thread writes its own mark: a relaxed load is exact. */
bool module_lock_held(const struct umod_ctx *ctx)
{
	return atomic_load_explicit(&((struct umod_ctx *)ctx)->module_owner,
				    memory_order_relaxed) == SELF;
}

bool module_view_lock(struct umod_ctx *ctx)
{
	if (module_lock_held(ctx))
		return false;	/* a view's callback asks: ours already */
	module_lock(ctx);
	return true;
}

void module_view_unlock(struct umod_ctx *ctx, bool took)
{
	if (took)
		module_unlock(ctx);
}

/* ---- Contexts ---- */

pthread_rwlock_t umod_contexts_lock = PTHREAD_RWLOCK_INITIALIZER;
struct list_head umod_contexts = LIST_HEAD_INIT(umod_contexts);

void context_list_add(struct umod_ctx *ctx)
{
	pthread_rwlock_wrlock(&umod_contexts_lock);
	list_add_tail(&ctx->contexts, &umod_contexts);
	pthread_rwlock_unlock(&umod_contexts_lock);
}

void context_list_del(struct umod_ctx *ctx)
{
	pthread_rwlock_wrlock(&umod_contexts_lock);
	list_del(&ctx->contexts);
	pthread_rwlock_unlock(&umod_contexts_lock);
}

/*
 * Any state: a name is taken from the moment the module is listed.  The
 * names have an index of their own, so a load or unload costs the same
 * with ten thousand modules listed as with ten.  Module lock held.
 */
struct module *find_module(struct umod_ctx *ctx, const char *name)
{
	const struct umod_ksym *k;

	module_assert_locked(ctx);
	k = symindex_find(&ctx->modnames, name);
	return k ? k->owner : NULL;
}

int module_list_add(struct umod_ctx *ctx, struct module *mod)
{
	struct umod_ksym k = { .name = mod->name, .owner = mod,
			       .hash = symindex_hash(mod->name) };
	int ret;

	module_assert_locked(ctx);
	ret = symindex_insert(&ctx->modnames, &k, NULL);

	if (ret)
		return ret;
	pthread_rwlock_wrlock(&umod_contexts_lock);
	list_add_tail(&mod->list, &ctx->modules);
	pthread_rwlock_unlock(&umod_contexts_lock);
	return 0;
}

/* Once off the list, no lookup by address reads the module: it may go. */
void module_list_del(struct module *mod)
{
	module_assert_locked(mod->ctx);
	symindex_remove(&mod->ctx->modnames, mod->name);
	pthread_rwlock_wrlock(&umod_contexts_lock);
	list_del(&mod->list);
	pthread_rwlock_unlock(&umod_contexts_lock);
}

/* try_module_get on the slot: what use_module needs of the module. */
static bool module_ref_get(struct module_ref *ref)
{
	int r = atomic_load_explicit(&ref->refcnt, memory_order_relaxed);

	do {
		if (r == 0)
			return false;	/* unload has claimed it */
	} while (!atomic_compare_exchange_weak(&ref->refcnt, &r, r + 1));
	module_visit(ref);	/* autoclean spares it one more sweep */
	return true;
}

bool umod_try_module_get(struct module *mod)
{
	return !mod || module_ref_get(mod->ref);	/* !mod: the host itself */
}

void umod_module_put(struct module *mod)
{
	if (mod)
		atomic_fetch_sub(&mod->ref->refcnt, 1);
}

const char *umod_module_name(const struct module *mod)
{
	return mod ? mod->name : "kernel";
}

/* Linux's names, for module code (<umod/module.h>) and <umod/linux.h>. */
bool try_module_get(struct module *mod)
	__attribute__((alias("umod_try_module_get")));
void module_put(struct module *mod) __attribute__((alias("umod_module_put")));
const char *module_name(const struct module *mod)
	__attribute__((alias("umod_module_name")));

/*
 * a uses b: b holds a reference for as long as a lives.  Linux's
 * ref_module, but the caller knows a does not use b yet (the loader's set
 * of owners), where Linux walks all of b's users to see.  bref is b's
 * slot, from b's number: b itself is not read.  Module lock held.
 */
int use_module(struct module *a, struct module *b, struct module_ref *bref)
{
	struct module_use *use;

	module_assert_locked(a->ctx);
	use = umod_malloc(sizeof(*use));
	if (!use)
		return -ENOMEM;
	if (!module_ref_get(bref)) {
		free(use);
		return -ENOENT;
	}
	use->source = a;
	use->target = b;
	list_add(&use->source_list, &bref->source_list);
	list_add(&use->target_list, &a->target_list);
	return 0;
}

/* Drop mod's hold on everything it used.  Module lock held. */
void module_unload_free(struct module *mod)
{
	struct module_use *use, *tmp;

	module_assert_locked(mod->ctx);
	list_for_each_entry_safe(use, tmp, &mod->target_list, target_list) {
		list_del(&use->source_list);
		list_del(&use->target_list);
		module_put(use->target);
		free(use);
	}
}

static const char *ksym_name(const struct kernel_symbol *ks)
{
	return (const char *)&ks->name_offset + ks->name_offset;
}

static void remove_owned(struct umod_symindex *ix, const struct kernel_symbol *ks,
			 unsigned int n, const struct module *owner)
{
	for (unsigned int i = 0; i < n; i++) {
		const char *name = ksym_name(&ks[i]);
		const struct umod_ksym *k = symindex_find(ix, name);

		/* After a refused duplicate, the name is another owner's. */
		if (k && k->owner == owner)
			symindex_remove(ix, name);
	}
}

/* Module lock and index write lock held. */
void module_remove_exports(struct module *mod)
{
	struct umod_symindex *ix = &mod->ctx->index;

	module_assert_locked(mod->ctx);
	remove_owned(ix, mod->ksyms, mod->num_ksyms, mod);
	remove_owned(ix, mod->gpl_ksyms, mod->num_gpl_ksyms, mod);
}

/*
 * A numbered slot for mod, alive with flags: a released number first,
 * so the slots in use stay dense.
 */
int module_ref_alloc(struct module *mod, unsigned int flags)
{
	struct module_refs *refs = &mod->ctx->refs;
	struct module_ref **chunk;
	unsigned int num;
	int ret = -ENOMEM;

	pthread_mutex_lock(&refs->lock);
	num = refs->free ? refs->free : refs->next;
	if (num / MODULE_REFS_CHUNK >= MODULE_REFS_CHUNKS)
		goto out;	/* a million modules */
	chunk = &refs->chunk[num / MODULE_REFS_CHUNK];
	if (!*chunk && !(*chunk = umod_malloc(MODULE_REFS_CHUNK * sizeof(**chunk))))
		goto out;
	mod->num = num;
	mod->ref = module_ref_of(refs, num);
	if (num == refs->free)
		refs->free = mod->ref->next_free;
	else
		refs->next++;
	atomic_init(&mod->ref->refcnt, MODULE_REF_BASE);
	atomic_init(&mod->ref->flags, flags);
	INIT_LIST_HEAD(&mod->ref->source_list);
	ret = 0;
out:
	pthread_mutex_unlock(&refs->lock);
	return ret;
}

static void module_ref_release(struct module *mod)
{
	struct module_refs *refs = &mod->ctx->refs;

	pthread_mutex_lock(&refs->lock);
	mod->ref->next_free = refs->free;
	refs->free = mod->num;
	pthread_mutex_unlock(&refs->lock);
}

/* With the context: no module is left to use a slot. */
void module_refs_free(struct module_refs *refs)
{
	for (unsigned int i = 0; i < MODULE_REFS_CHUNKS; i++)
		free(refs->chunk[i]);
	pthread_mutex_destroy(&refs->lock);
}

/* Everything but the list entry, which the caller has removed. */
void free_module(struct module *mod)
{
	struct umod_block core = mod->core_block, init = mod->init_block;

	/* After an oops its data may be garbage and its code must not run:
	 * charp copies stay on the list of copies. */
	if (mod->kp && mod->args && !module_died(mod))
		umod_destroy_params(mod->kp, mod->num_kp);
	free(mod->args);
	free(mod->modinfo);
	free(mod->kallsyms);
	free(mod->kallsyms_names);
	gdbjit_unregister(mod);
	perfmap_remove(mod);
	free_sect_attrs(mod);
	umod_percpu_free(mod->percpu);
	pthread_mutex_destroy(&mod->param_lock);
	if (mod->ref)
		module_ref_release(mod);
	/* struct module lives in core memory: nothing of it is read past here. */
	umod_arena_free_block(&init);
	umod_arena_free_block(&core);
}

/* ---- views for the host ---- */

struct module *umod_module_get(struct umod_ctx *ctx, const char *name)
{
	bool took;
	struct module *mod;

	took = module_view_lock(ctx);
	mod = find_module(ctx, name);
	/* A module still loading may yet fail and vanish: not until LIVE. */
	if (mod && (module_state(mod) != MODULE_STATE_LIVE || !try_module_get(mod)))
		mod = NULL;
	module_view_unlock(ctx, took);
	return mod;
}

static bool within(const struct module_memory *m, const void *addr)
{
	return (const unsigned char *)addr >= m->base &&
	       (const unsigned char *)addr < m->base + m->size;
}

struct module *umod_module_address(struct umod_ctx *ctx, const void *addr)
{
	bool took;
	struct module *mod;

	took = module_view_lock(ctx);
	list_for_each_entry(mod, &ctx->modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		for (int t = 0; t < MOD_MEM_NUM_TYPES; t++)
			if (within(&mod->mem[t], addr))
				goto out;
	}
	mod = NULL;
out:
	module_view_unlock(ctx, took);
	return mod;
}

/* Its memory as Linux counts it, struct module included; guard pages,
 * which hold nothing, are not. */
static size_t module_size(const struct module *mod)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size;

	size = (sizeof(*mod) + page - 1) & ~(page - 1);
	for (int t = 0; t < MOD_MEM_NUM_TYPES; t++)
		size += mod->mem[t].alloc;
	return size;
}

void umod_module_info(const struct module *mod, struct umod_module_info *info)
{
	info->name = mod->name;
	info->state = mod->state;
	info->size = module_size(mod);
	info->refcnt = module_refcount(mod);
	info->base = mod->mem[MOD_TEXT].base;
	info->taints = mod->taints;
}

const char *umod_module_modinfo(const struct module *mod, const char *key,
				unsigned int index)
{
	return umod_modinfo_get(mod->modinfo, mod->modinfo_len, key, index);
}

int umod_for_each_module(struct umod_ctx *ctx, umod_module_cb *cb, void *arg)
{
	bool took;
	struct module *mod;
	int ret = 0;

	took = module_view_lock(ctx);
	list_for_each_entry(mod, &ctx->modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		ret = cb(mod, arg);
		if (ret)
			break;
	}
	module_view_unlock(ctx, took);
	return ret;
}

int umod_for_each_user(struct module *mod, umod_module_cb *cb, void *arg)
{
	bool took;
	struct umod_ctx *ctx = mod->ctx;
	struct module_use *use;
	int ret = 0;

	took = module_view_lock(ctx);
	list_for_each_entry(use, &mod->ref->source_list, source_list) {
		ret = cb(use->source, arg);
		if (ret)
			break;
	}
	module_view_unlock(ctx, took);
	return ret;
}

int umod_for_each_dependency(struct module *mod, umod_module_cb *cb, void *arg)
{
	bool took;
	struct umod_ctx *ctx = mod->ctx;
	struct module_use *use;
	int ret = 0;

	took = module_view_lock(ctx);
	list_for_each_entry(use, &mod->target_list, target_list) {
		ret = cb(use->target, arg);
		if (ret)
			break;
	}
	module_view_unlock(ctx, took);
	return ret;
}
