// SPDX-License-Identifier: MIT
/*
 * test-kallsyms.c - umod_symbolize and umod_sprint_symbol on a real
 * module (tests/modules/syms.c, gcc -O2): an export plus an offset, a
 * static function, an init function while init runs and after, the
 * module's exit, a host export, a libc function, an unknown address;
 * from a notifier, while another thread holds the module lock, and from
 * a thread racing loads and unloads.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <stdatomic.h>

#include "../tap.h"
#include "../../src/internal.h"

static char noted[8][256];
static int num_noted;
static const void *noted_addr;

void syms_note(const void *addr);
void syms_note(const void *addr)
{
	if (num_noted < 8) {
		noted_addr = addr;
		umod_sprint_symbol(noted[num_noted++], sizeof(noted[0]), (uintptr_t)addr);
	}
}

static __attribute__((noinline)) int host_helper(int x)
{
	return x + 1;
}

static const struct umod_symbol host_exports[] = {
	{ "syms_note", (const void *)syms_note },
	{ "test_host_export", (const void *)host_helper },
};

static char ko[512];

static const char *sym(uintptr_t addr)
{
	static char buf[256];

	umod_sprint_symbol(buf, sizeof(buf), addr);
	return buf;
}

/* "name+0xoff/0x<size> [mod]" with a size above the offset. */
static void is_symbol(uintptr_t addr, const char *name, unsigned long off,
		      const char *mod, const char *what)
{
	struct umod_symbolized s;
	char want[256];
	bool found = umod_symbolize(addr, &s);

	ok(found && !strcmp(s.name, name) && s.offset == off && s.size > off &&
	   (mod ? s.modname && !strcmp(s.modname, mod) : !s.modname),
	   "%s: %s+%#lx in %s", what, name, off, mod ? mod : "the host");
	if (!found)
		return;
	if (mod)
		snprintf(want, sizeof(want), "%s+0x%lx/0x%lx [%s]", name, off,
			 (unsigned long)s.size, mod);
	else
		snprintf(want, sizeof(want), "%s+0x%lx/0x%lx", name, off,
			 (unsigned long)s.size);
	is_str(sym(addr), want, "%s: sprint_symbol", what);
}

/* Its text's first byte: some function of the module's. */
/* gcc builds the test module as this file: Thumb-2 by default on armhf. */
#if defined(__arm__) && defined(__thumb__)
#define THUMB_CODE 1
#else
#define THUMB_CODE 0
#endif

static int on_notify(struct module *mod, enum module_state state, void *arg)
{
	struct umod_module_info info;

	umod_module_info(mod, &info);
	/* A Thumb-2 function's symbol, as in Linux, has its low bit set. */
	if (state == MODULE_STATE_COMING || state == MODULE_STATE_GOING)
		umod_sprint_symbol(arg, 256, (uintptr_t)info.base |
				   (THUMB_CODE ? 1 : 0));
	return 0;
}

static void test_module(struct umod_ctx *ctx)
{
	int (*exported)(int);
	void *(*static_addr)(void);
	char from_notifier[256] = "";
	uintptr_t init_addr;
	int ret;

	umod_register_notifier(ctx, on_notify, from_notifier);
	ret = umod_load_file(ctx, ko, NULL, 0, NULL);
	if (!is_int(ret, 0, "load %s", ko))
		diag("%s", umod_errmsg());
	exported = (int (*)(int))umod_find_symbol(ctx, "syms_exported");
	static_addr = (void *(*)(void))umod_find_symbol(ctx, "syms_static_addr");
	if (!ok(exported && static_addr, "the module's exports are found"))
		exit(1);
	is_symbol((uintptr_t)exported + 5, "syms_exported", 5, "syms",
		  "an export plus 5");
	is_symbol((uintptr_t)static_addr(), "syms_static", 0, "syms",
		  "a static function");
	ok(!strncmp(noted[0], "syms_init+0x1/0x", 16) &&
	   strstr(noted[0], " [syms]"), "init names itself while it runs: %s",
	   noted[0]);
	init_addr = (uintptr_t)noted_addr;
	is_str(sym(init_addr), (snprintf(noted[7], 64, "0x%lx",
		(unsigned long)init_addr), noted[7]),
	       "init memory freed: its address is unknown");
	ok(strstr(from_notifier, "+0x0/0x") && strstr(from_notifier, " [syms]"),
	   "a COMING notifier names the module's code: %s", from_notifier);
	from_notifier[0] = '\0';

	ret = umod_unload(ctx, "syms", 0);
	is_int(ret, 0, "unload");
	ok(!strncmp(noted[1], "syms_exported+0x2/0x", 20) &&
	   strstr(noted[1], " [syms]"), "exit names its module: %s", noted[1]);
	ok(strstr(from_notifier, "+0x0/0x") && strstr(from_notifier, " [syms]"),
	   "a GOING notifier too: %s", from_notifier);
	umod_unregister_notifier(ctx, on_notify, from_notifier);
}

/* While another thread holds the module lock, as an unload running an
 * exit function does: the lookup takes no lock of the module's. */
static uintptr_t held_addr;

static void *name_held(void *arg)
{
	umod_sprint_symbol(arg, 256, held_addr);
	return NULL;
}

static void test_module_lock_held(struct umod_ctx *ctx)
{
	char buf[256] = "";
	struct timespec deadline;
	pthread_t t;
	int ret;

	if (umod_load_file(ctx, ko, NULL, 0, NULL)) {
		ok(0, "load for the locked test: %s", umod_errmsg());
		return;
	}
	held_addr = (uintptr_t)umod_find_symbol(ctx, "syms_exported") + 1;
	pthread_mutex_lock(&ctx->module_mutex);
	pthread_create(&t, NULL, name_held, buf);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 60;	/* a hang guard, not a measure */
	ret = pthread_timedjoin_np(t, NULL, &deadline);
	pthread_mutex_unlock(&ctx->module_mutex);
	if (ret)
		pthread_join(t, NULL);
	ok(!ret && !strncmp(buf, "syms_exported+0x1/0x", 20),
	   "symbolized while another thread holds the module lock: %s", buf);
	umod_unload(ctx, "syms", 0);
}

static atomic_bool stop;
static atomic_uintptr_t racing_addr;
static atomic_int loaded_gen, named_gen;

/* Symbolizes the module's export while it comes and goes; says when it
 * has named it in each generation. */
static void *racer(void *arg)
{
	while (!atomic_load(&stop)) {
		struct umod_symbolized s;
		int gen = atomic_load(&loaded_gen);
		uintptr_t a = atomic_load(&racing_addr);

		if (a && umod_symbolize(a, &s) && s.modname &&
		    !strcmp(s.name, "syms_exported") && !strcmp(s.modname, "syms"))
			atomic_store(&named_gen, gen);
	}
	return NULL;
}

static void test_race(struct umod_ctx *ctx)
{
	pthread_t t;
	int fails = 0;

	pthread_create(&t, NULL, racer, NULL);
	for (int i = 1; i <= 30; i++) {
		fails += umod_load_file(ctx, ko, NULL, 0, NULL) != 0;
		atomic_store(&racing_addr, (uintptr_t)umod_find_symbol(ctx, "syms_exported"));
		atomic_store(&loaded_gen, i);
		while (atomic_load(&named_gen) != i)
			sched_yield();
		fails += umod_unload(ctx, "syms", 0) != 0;
	}
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	is_int(fails, 0, "30 loads and unloads while another thread names the module");
}

int main(void)
{
	const char *b = getenv("UMOD_B");
	struct umod_ctx *ctx;
	void *libc_fn = dlsym(RTLD_DEFAULT, "ldiv");
	Dl_info di;

	snprintf(ko, sizeof(ko), "%s/tests/modules/gcc-O2/syms.ko", b ? b : "build");
	ctx = umod_ctx_new();
	umod_set_log(ctx, NULL, NULL);
	if (!ctx || umod_export_table(ctx, host_exports, 2, 0))
		return 1;
	test_module(ctx);

	{
		struct umod_symbolized s;

		ok(umod_symbolize((uintptr_t)host_helper + 3, &s) &&
		   !strcmp(s.name, "test_host_export") && s.offset == 3 &&
		   !s.modname && s.size == 0,
		   "a host export, static so dladdr cannot name it: its export "
		   "name, no size");
		is_str(sym((uintptr_t)host_helper + 3), "test_host_export+0x3",
		       "sprint_symbol leaves the size out");
	}
	/* Under the name dladdr gives: libc has aliases (imaxdiv). */
	if (!dladdr(libc_fn, &di) || !di.dli_sname)
		return 1;
	is_symbol((uintptr_t)libc_fn + 1, di.dli_sname, 1, NULL,
		  "a libc function, through dladdr");
	{
		struct umod_symbolized s;

		ok(!umod_symbolize(0x1234, &s), "an unknown address is not found");
		is_str(sym(0x1234), "0x1234", "and prints as hex");
	}
	test_module_lock_held(ctx);
	test_race(ctx);
	umod_ctx_free(ctx);
	return done_testing();
}
