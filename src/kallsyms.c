// SPDX-License-Identifier: MIT
/* kallsyms.c - symbol queries: lookup, symbol_get/put, the kallsyms view,
 * and what lies at an address (%pS, oopses). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The host sees a module's exports once its init has succeeded. */
static const struct umod_ksym *find_live(struct umod_ctx *ctx, const char *name)
{
	bool live;
	const struct umod_ksym *k = symindex_find_live(&ctx->index, name, &live);

	return k && live ? k : NULL;
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
		const struct umod_ksym *k = symindex_at(ix, i);

		if (!k || (!all && k->owner != owner))
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

/* ---- By address ---- */

static void set_name(struct umod_symbolized *out, const char *name)
{
	snprintf(out->name, sizeof(out->name), "%s", name);
}

/* The nearest symbol at or below addr within [lo, hi); its size runs to
 * the next symbol or to hi, as Linux measures a module's symbols. */
static bool module_lookup(const struct module *mod, uintptr_t addr,
			  uintptr_t lo, uintptr_t hi, struct umod_symbolized *out)
{
	unsigned int n = mod->num_kallsyms + mod->num_init_kallsyms;
	const struct umod_kallsym *best = NULL;
	uintptr_t next = hi;

	for (unsigned int i = 0; i < n; i++) {
		const struct umod_kallsym *k = &mod->kallsyms[i];

		if (k->addr < lo || k->addr >= hi)
			continue;
		if (k->addr <= addr && (!best || k->addr > best->addr))
			best = k;
		else if (k->addr > addr && k->addr < next)
			next = k->addr;
	}
	if (!best)
		return false;
	set_name(out, mod->kallsyms_names + best->name);
	out->offset = addr - best->addr;
	out->size = next - best->addr;
	snprintf(out->modbuf, sizeof(out->modbuf), "%s", mod->name);
	out->modname = out->modbuf;
	return true;
}

static bool find_in_modules(struct umod_ctx *ctx, uintptr_t addr,
			    struct umod_symbolized *out, bool *inside)
{
	struct module *mod;

	list_for_each_entry(mod, &ctx->modules, list) {
		/* Its kallsyms are complete once it is formed. */
		if (module_state(mod) == MODULE_STATE_UNFORMED)
			continue;
		for (int t = 0; t < MOD_MEM_NUM_TYPES; t++) {
			uintptr_t lo = (uintptr_t)mod->mem[t].base;

			if (addr < lo || addr - lo >= mod->mem[t].size)
				continue;
			*inside = true;
			return module_lookup(mod, addr, lo, lo + mod->mem[t].size, out);
		}
	}
	return false;
}

/* The host export nearest below addr in the object that holds addr. */
static const struct umod_ksym *nearest_export(struct umod_ctx *ctx, uintptr_t addr,
					      const void *fbase,
					      const struct umod_ksym *best)
{
	const struct umod_symindex *ix = &ctx->index;

	for (size_t i = 0; ix->slots && i <= ix->mask; i++) {
		const struct umod_ksym *k = symindex_at(ix, i);
		Dl_info di;

		if (!k || k->owner || (uintptr_t)k->addr > addr ||
		    (best && k->addr <= best->addr))
			continue;
		if (dladdr(k->addr, &di) && di.dli_fbase == fbase)
			best = k;
	}
	return best;
}

/* Contexts lock held. */
static bool find_in_host(uintptr_t addr, struct umod_symbolized *out)
{
	const struct umod_ksym *best = NULL;
	const ElfW(Sym) *sym = NULL;
	struct umod_ctx *ctx;
	Dl_info di;

	if (!dladdr1((void *)addr, &di, (void **)&sym, RTLD_DL_SYMENT))
		return false;
	out->modname = NULL;
	/* dladdr names only a dynamic symbol that holds addr. */
	if (di.dli_sname && sym) {
		set_name(out, di.dli_sname);
		out->offset = addr - (uintptr_t)di.dli_saddr;
		out->size = sym->st_size;
		return true;
	}
	list_for_each_entry(ctx, &umod_contexts, contexts) {
		pthread_rwlock_rdlock(&ctx->index_lock);
		best = nearest_export(ctx, addr, di.dli_fbase, best);
		if (best) {
			set_name(out, best->name);
			out->offset = addr - (uintptr_t)best->addr;
		}
		pthread_rwlock_unlock(&ctx->index_lock);
	}
	out->size = 0;
	return best;
}

/*
 * Called from module code on any thread, maybe one holding a module lock
 * (an exit function, a notifier): it takes only the contexts lock, which
 * nobody holds while module code runs, and the index locks after it.
 */
bool umod_symbolize(uintptr_t addr, struct umod_symbolized *out)
{
	struct umod_ctx *ctx;
	bool found = false, inside = false;

	pthread_rwlock_rdlock(&umod_contexts_lock);
	list_for_each_entry(ctx, &umod_contexts, contexts) {
		found = find_in_modules(ctx, addr, out, &inside);
		if (inside)
			break;
	}
	if (!inside)
		found = find_in_host(addr, out);
	pthread_rwlock_unlock(&umod_contexts_lock);
	return found;
}

/* Linux's __sprint_symbol: look up addr + symbol_offset, report addr. */
static int sprint_symbol(char *buf, size_t len, uintptr_t addr,
			 int symbol_offset, bool add_offset)
{
	struct umod_symbolized s;
	char off[48] = "", mod[MODULE_NAME_LEN + 3] = "";

	if (!umod_symbolize(addr + symbol_offset, &s))
		return snprintf(buf, len, "0x%lx", (unsigned long)addr);
	s.offset -= symbol_offset;
	if (add_offset && s.size)
		snprintf(off, sizeof(off), "+0x%lx/0x%lx", (unsigned long)s.offset,
			 (unsigned long)s.size);
	else if (add_offset)
		snprintf(off, sizeof(off), "+0x%lx", (unsigned long)s.offset);
	if (s.modname)
		snprintf(mod, sizeof(mod), " [%s]", s.modname);
	return snprintf(buf, len, "%s%s%s", s.name, off, mod);
}

int umod_sprint_symbol(char *buf, size_t len, uintptr_t addr)
{
	return sprint_symbol(buf, len, addr, 0, true);
}

int umod_sprint_symbol_no_offset(char *buf, size_t len, uintptr_t addr)
{
	return sprint_symbol(buf, len, addr, 0, false);
}

int umod_sprint_backtrace(char *buf, size_t len, uintptr_t addr)
{
	return sprint_symbol(buf, len, addr, -1, true);
}
