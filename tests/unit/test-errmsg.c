// SPDX-License-Identifier: MIT
/*
 * test-errmsg.c - umod_errmsg() describes the calling thread's last call
 * into libumod and nothing older: every fallible public function clears
 * it when it succeeds and sets it, naming the cause, when it fails.
 * Each check first leaves a stale message behind (a guarded call with
 * no module), then makes the call; and the sized configurations
 * take a newer host's larger structure, refuse a smaller one and one
 * whose unknown fields are set.  Real modules from the loader's corpus,
 * a real control socket.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <umod/host.h>

#include "../tap.h"

static struct umod_ctx *ctx;
static char dir[64];

static void quiet(int level, const char *msg, void *arg)
{
}

static void guarded(void *arg)
{
	*(int *)arg = 1;
}

/* A message from a call that failed, for the next call to clear. */
static void stale(void)
{
	if (umod_call_guarded(NULL, "stale", guarded, NULL) != -EINVAL ||
	    !umod_errmsg()[0])
		abort();
}

#define CLEARS(call, what) do {						\
	int ret_;							\
	stale();							\
	ret_ = (call);							\
	is_int(ret_, 0, "%s succeeds", what);				\
	is_str(umod_errmsg(), "", "%s clears the message", what);	\
} while (0)

#define SAYS(call, err, text, what) do {				\
	int ret_;							\
	stale();							\
	ret_ = (call);							\
	is_int(ret_, err, "%s fails", what);				\
	if (!ok(strstr(umod_errmsg(), text) != NULL, "%s says '%s'",	\
		what, text))						\
		diag("message: %s", umod_errmsg());			\
} while (0)

static int notifier(struct umod_module *mod, enum umod_module_state s, void *arg)
{
	return 0;
}

/* What the corpus's modules record (tests/modules/testhost.h). */
static void host_record(const char *msg)
{
}

static const void *resolver(const char *name, void *arg)
{
	return strcmp(name, "host_record") ? NULL : (const void *)host_record;
}

static void test_context(void)
{
	static int data;
	struct umod_symbol sym = { "errmsg_data", &data };
	struct umod_exports small = { .size = sizeof(small) - 1 };

	stale();
	ctx = umod_ctx_new();
	ok(ctx && !umod_errmsg()[0], "umod_ctx_new clears the message");
	umod_set_log(ctx, quiet, NULL);
	umod_set_printk(quiet, NULL);
	umod_set_resolver(ctx, resolver, NULL);
	stale();
	ok(!umod_ctx_new_exports(&small) && strstr(umod_errmsg(), "umod_exports: size"),
	   "a umod_exports smaller than libumod's is refused, saying so");
	CLEARS(umod_export_table(ctx, &sym, 1, 0), "umod_export_table");
	SAYS(umod_export_table(ctx, &sym, 1, 0), -EEXIST,
	     "cannot export errmsg_data: already exported", "exporting it again");
	CLEARS(umod_set_vermagic(ctx, UMOD_VERMAGIC), "umod_set_vermagic");
	CLEARS(umod_register_notifier(ctx, notifier, NULL), "umod_register_notifier");
	CLEARS(umod_unregister_notifier(ctx, notifier, NULL), "umod_unregister_notifier");
	SAYS(umod_unregister_notifier(ctx, notifier, NULL), -ENOENT,
	     "no such notifier", "umod_unregister_notifier of one not there");
	CLEARS(umod_thread_prepare(), "umod_thread_prepare");
}

static void test_modules(void)
{
	char hello[256], params[256], buf[32];
	struct umod_module *mod = NULL;
	int ran = 0;

	snprintf(hello, sizeof(hello), "%s/hello.ko", UMOD_TEST_MODULES);
	snprintf(params, sizeof(params), "%s/params.ko", UMOD_TEST_MODULES);
	CLEARS(umod_load_file(ctx, hello, NULL, 0, &mod), "umod_load_file");
	SAYS(umod_load_file(ctx, hello, NULL, 0, NULL), -EEXIST,
	     "hello: module is already loaded", "loading it twice");
	CLEARS(umod_call_guarded(mod, "test", guarded, &ran), "umod_call_guarded");
	SAYS(umod_call_guarded(NULL, "test", guarded, &ran), -EINVAL,
	     "test: no module to run it in", "umod_call_guarded without a module");
	CLEARS(umod_unload(ctx, "hello", 0), "umod_unload");

	CLEARS(umod_load_file(ctx, params, "i=7", 0, NULL), "loading params");
	CLEARS(umod_param_get(ctx, "params", "i", buf, sizeof(buf)), "umod_param_get");
	ok(!strcmp(buf, "7\n"), "which reads what was set, as sysfs shows it");
	CLEARS(umod_param_set(ctx, "params", "i", "8"), "umod_param_set");
	SAYS(umod_param_set(ctx, "params", "i", "eight"), -EINVAL,
	     "params", "umod_param_set of a bad value");
	SAYS(umod_param_get(ctx, "params", "nosuch", buf, sizeof(buf)), -ENOENT,
	     "params: no parameter 'nosuch'", "umod_param_get of no parameter");
	CLEARS(umod_unload(ctx, "params", 0), "unloading params");
	stale();
	ok(umod_autoclean(ctx) == 0 && !umod_errmsg()[0],
	   "umod_autoclean clears the message");
}

static void test_demand(void)
{
	struct umod_request_config rc = { .size = sizeof(rc),
					  .mode = UMOD_REQUEST_MODPROBE,
					  .modprobe = "" };
	/* A newer host's: longer, its unknown tail zero, or not. */
	struct { struct umod_request_config c; long more; } big = { rc, 0 };
	struct umod_request_config small = rc;

	CLEARS(umod_set_request_config(ctx, &rc), "umod_set_request_config");
	big.c.size = sizeof(big);
	CLEARS(umod_set_request_config(ctx, &big.c),
	       "a larger umod_request_config with its tail zero");
	big.more = 1;
	SAYS(umod_set_request_config(ctx, &big.c), -E2BIG,
	     "umod_request_config: fields past", "one with its tail set");
	small.size = sizeof(size_t);
	SAYS(umod_set_request_config(ctx, &small), -EINVAL,
	     sizeof(size_t) == 8 ? "umod_request_config: size 8 is not one libumod knows" :
				   "umod_request_config: size 4 is not one libumod knows",
	     "one smaller than libumod's");
	SAYS(umod_request_module(ctx, "errmsg-%d", 1), -ENOENT,
	     "errmsg-1: no modprobe configured", "umod_request_module without modprobe");
	SAYS(umod_release_module(ctx, ""), -EINVAL,
	     "release_module: bad module name", "umod_release_module of no name");
	CLEARS(umod_set_request_config(ctx, NULL), "restoring the defaults");
}

static void test_ctl(void)
{
	struct umod_ctl_config cc = { .size = sizeof(cc), .log = quiet };
	struct umod_ctl_config bad = { .size = 0 };
	struct umod_ctl *ctl;
	char sock[96];

	snprintf(sock, sizeof(sock), "%s/ctl", dir);
	cc.path = sock;
	CLEARS(umod_ctl_start(ctx, &cc, &ctl), "umod_ctl_start");
	umod_ctl_stop(ctl);
	SAYS(umod_ctl_start(ctx, &bad, &ctl), -EINVAL,
	     "umod_ctl_config: size 0", "umod_ctl_start with no size");
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/umod-errmsg-XXXXXX");
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_context();
	if (ctx) {
		test_modules();
		test_demand();
		test_ctl();
		umod_ctx_free(ctx);
	}
	rmdir(dir);
	return done_testing();
}
