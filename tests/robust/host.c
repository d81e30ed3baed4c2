// SPDX-License-Identifier: MIT
/* host.c - the robustness tests' host: exports, and state snapshots. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "../heapcount.h"


/* ---- What the module corpus imports ---- */

int host_counter = 7;
EXPORT_SYMBOL(host_counter);

int host_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(host_add);

void host_record(const char *msg)
{
}
EXPORT_SYMBOL(host_record);

int host_gpl_only(void)
{
	return 1234;
}
EXPORT_SYMBOL_GPL(host_gpl_only);

static const struct umod_symbol libc_symbols[] = {
	UMOD_SYMBOL(snprintf), UMOD_SYMBOL(vsnprintf),
	UMOD_SYMBOL(strlen), UMOD_SYMBOL(strcmp), UMOD_SYMBOL(strncmp),
	UMOD_SYMBOL(strcpy), UMOD_SYMBOL(memcpy), UMOD_SYMBOL(memmove),
	UMOD_SYMBOL(memset), UMOD_SYMBOL(memcmp),
	UMOD_SYMBOL(malloc), UMOD_SYMBOL(calloc), UMOD_SYMBOL(free),
};

static void quiet(int level, const char *msg, void *arg)
{
}

/* COMING and GOING, counted for robust_events_consistent. */
static atomic_int comings, goings;

static int count_events(struct module *mod, enum module_state state, void *arg)
{
	if (state == MODULE_STATE_COMING)
		atomic_fetch_add(&comings, 1);
	else if (state == MODULE_STATE_GOING)
		atomic_fetch_add(&goings, 1);
	return 0;
}

static int count_module(struct module *mod, void *arg)
{
	++*(int *)arg;
	return 0;
}

bool robust_events_consistent(struct umod_ctx *ctx)
{
	int n = 0;

	umod_for_each_module(ctx, count_module, &n);
	return n == atomic_load(&comings) - atomic_load(&goings);
}

struct umod_ctx *robust_ctx_new(void)
{
	struct umod_ctx *ctx = umod_ctx_new();

	if (!ctx)
		return NULL;
	atomic_store(&comings, 0);
	atomic_store(&goings, 0);
	if (umod_register_notifier(ctx, count_events, NULL)) {
		umod_ctx_free(ctx);
		return NULL;
	}
	umod_set_log(ctx, quiet, NULL);
	umod_set_printk(quiet, NULL);
	if (umod_export_table(ctx, libc_symbols,
			      sizeof(libc_symbols) / sizeof(libc_symbols[0]), 0)) {
		umod_ctx_free(ctx);
		return NULL;
	}
	return ctx;
}

/* ---- Snapshots ---- */

size_t robust_heap_in_use(void)
{
	return heap_in_use();
}

struct walk {
	struct umod_ctx *ctx;
	FILE *f;
};

static int put_name(struct module *mod, void *arg)
{
	fprintf(arg, " %s", module_name(mod));
	return 0;
}

static int put_param(struct module *mod, const struct umod_param_info *p,
		     void *arg)
{
	struct walk *w = arg;
	char buf[4096];
	int ret;

	if (!(p->perm & 0444))
		return 0;
	ret = umod_param_get(w->ctx, module_name(mod), p->name, buf, sizeof(buf));
	fprintf(w->f, "param %s.%s %s\n", module_name(mod), p->name,
		ret ? "?" : buf);
	return 0;
}

static int put_module(struct module *mod, void *arg)
{
	struct walk *w = arg;
	struct umod_module_info mi;

	umod_module_info(mod, &mi);
	fprintf(w->f, "module %s state=%d refcnt=%d size=%zu taints=%#x users:",
		mi.name, mi.state, mi.refcnt, mi.size, mi.taints);
	umod_for_each_user(mod, put_name, w->f);
	fprintf(w->f, " uses:");
	umod_for_each_dependency(mod, put_name, w->f);
	fputc('\n', w->f);
	umod_for_each_param(mod, put_param, w);
	return 0;
}

static int put_symbol(const struct umod_symbol_info *sym, void *arg)
{
	struct walk *w = arg;

	fprintf(w->f, "symbol %s %p %s%s\n", sym->name, sym->addr,
		module_name(sym->owner), sym->gpl ? " gpl" : "");
	return 0;
}

int robust_snapshot(struct umod_ctx *ctx, char *buf, size_t len, bool heap)
{
	size_t heap_bytes = heap ? robust_heap_in_use() : 0;
	struct walk w = { ctx, fmemopen(buf, len, "w") };
	int full;

	if (!w.f)
		abort();
	umod_for_each_module(ctx, put_module, &w);
	umod_for_each_symbol(ctx, true, put_symbol, &w);
	fprintf(w.f, "module memory %zu\n", umod_arena_bytes_in_use());
	if (heap)
		fprintf(w.f, "heap %zu\n", heap_bytes);
	full = ftell(w.f) >= (long)len - 1;
	fclose(w.f);
	return full ? -ENOSPC : 0;
}

const char *robust_diff(const char *a, const char *b, char *buf, size_t len)
{
	size_t n;

	if (!strcmp(a, b))
		return NULL;
	while (*a && *b) {
		n = strcspn(a, "\n");
		if (n != strcspn(b, "\n") || memcmp(a, b, n))
			break;
		a += n + (a[n] == '\n');
		b += n + (b[n] == '\n');
	}
	snprintf(buf, len, "was '%.*s', now '%.*s'", (int)strcspn(a, "\n"), a,
		 (int)strcspn(b, "\n"), b);
	return buf;
}
