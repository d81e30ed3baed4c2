// SPDX-License-Identifier: MIT
/*
 * test-faults - fail every fallible call of each loader operation in turn.
 *
 * For each operation and each kind of call (allocation, mmap, mprotect,
 * read), the n-th call is made to fail (src/fault.c), for n = 1, 2, ...
 * until the operation completes without reaching an n-th call
 * (faultloop.c).  After every failure the operation must have returned
 * the errno of the call that failed, with a message, and the host must be
 * as it was: module list, references and dependencies, parameters, the
 * symbol index, module memory and heap bytes (host.c).  A failure the
 * library absorbs (a fallback) must leave the operation's full effect.
 *
 * The module corpus is tests/loader.mk's, in $UMOD_B (default build).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "robust/faultloop.h"

static struct umod_ctx *ctx;
static char moddir[4096];

static const char *ko(const char *name)
{
	static char path[2][4200];
	static int i;

	i ^= 1;
	snprintf(path[i], sizeof(path[i]), "%s/%s.ko", moddir, name);
	return path[i];
}

static int load(const char *name, const char *params)
{
	return umod_load_file(ctx, ko(name), params, 0, NULL);
}

static void must(int ret, const char *what)
{
	if (ret) {
		printf("Bail out! %s: %s (%s)\n", what, strerror(-ret), umod_errmsg());
		exit(1);
	}
}

/* ---- Operations, each with its undoing ---- */

static int load_hello(void)
{
	return load("hello", "whom=\"two words\"");
}

static void unload_hello(void)
{
	must(umod_unload(ctx, "hello", 0), "unload hello");
}

static int load_stack_c(void)
{
	return load("stack_c", NULL);
}

static void unload_stack_c(void)
{
	must(umod_unload(ctx, "stack_c", 0), "unload stack_c");
}

static int unload_stack_b(void)
{
	return umod_unload(ctx, "stack_b", 0);
}

static void reload_stack_b(void)
{
	must(load("stack_b", NULL), "load stack_b");
}

static int load_fd(void)
{
	int fd = open(ko("hello"), O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = umod_load_fd(ctx, fd, "whom=fd", 0, NULL);
	close(fd);
	return ret;
}

static unsigned char *image;
static size_t image_len;

static int load_image(void)
{
	return umod_load_image(ctx, image, image_len, NULL, 0, NULL);
}

static void unload_multi(void)
{
	must(umod_unload(ctx, "multi", 0), "unload multi");
}

static int set_charp(void)
{
	return umod_param_set(ctx, "params", "cp", "a new value");
}

static void reset_charp(void)
{
	must(umod_param_set(ctx, "params", "cp", "two words"), "reset cp");
}

static int set_array(void)
{
	return umod_param_set(ctx, "params", "arr", "9,8,7,6");
}

static void reset_array(void)
{
	must(umod_param_set(ctx, "params", "arr", "4,5,6"), "reset arr");
}

static int count_symbol(const struct umod_symbol_info *sym, void *arg)
{
	return 0;
}

static int walk_symbols(void)
{
	return umod_for_each_symbol(ctx, false, count_symbol, NULL);
}

static void nothing(void)
{
}

static int stack_b_value(void)
{
	int (*fn)(void) = umod_symbol_get(ctx, "stack_b_value");

	if (!fn)
		return -ENOENT;
	umod_symbol_put(ctx, "stack_b_value");
	return fn() == 11 ? 0 : -EINVAL;
}

#define LOAD (UMOD_FAULT_ALLOC | UMOD_FAULT_MMAP | UMOD_FAULT_MPROTECT | \
	      UMOD_FAULT_READ)

static const struct fault_op ops[] = {
	{ "load hello.ko with a parameter", load_hello, unload_hello, NULL,
	  LOAD, { ENOMEM, EIO } },
	{ "load stack_c.ko over stack_a and stack_b", load_stack_c,
	  unload_stack_c, NULL, LOAD, { ENOMEM, EIO } },
	{ "unload stack_b, which uses stack_a", unload_stack_b, reload_stack_b,
	  NULL, LOAD, { ENOMEM } },
	{ "load hello.ko from a descriptor", load_fd, unload_hello, NULL,
	  LOAD, { ENOMEM, EIO } },
	{ "load multi.ko from memory", load_image, unload_multi, NULL,
	  LOAD, { ENOMEM } },
	{ "set a charp parameter", set_charp, reset_charp, NULL,
	  UMOD_FAULT_ALLOC, { ENOMEM } },
	{ "set an array parameter", set_array, reset_array, NULL,
	  UMOD_FAULT_ALLOC, { ENOMEM } },
	{ "walk every symbol", walk_symbols, nothing, NULL,
	  UMOD_FAULT_ALLOC, { ENOMEM } },
	{ "symbol_get and symbol_put", stack_b_value, nothing, NULL,
	  UMOD_FAULT_ALLOC, { ENOMEM } },
};

/* ---- Setup ---- */

static void setup_ctx(void)
{
	ctx = robust_ctx_new();
	if (!ctx) {
		printf("Bail out! cannot make a host\n");
		exit(1);
	}
	must(load("stack_a", NULL), "load stack_a");
	must(load("stack_b", NULL), "load stack_b");
	must(load("params", "i=7 cp=\"two words\" arr=4,5,6"), "load params");
}

/* Everything the library keeps for reuse, allocated once: each operation
 * once through, the index grown to its size, the arena's chunks made. */
static void warm_up(void)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		must(ops[i].run(), ops[i].name);
		ops[i].undo();
	}
}

static void read_image(void)
{
	int fd = open(ko("multi"), O_RDONLY);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) || !(image = malloc(st.st_size)) ||
	    read(fd, image, st.st_size) != st.st_size) {
		printf("Bail out! cannot read %s\n", ko("multi"));
		exit(1);
	}
	image_len = st.st_size;
	close(fd);
}

/* A context too must come and go cleanly: each allocation of making one
 * and exporting a table fails in turn, and nothing stays behind. */
static const struct umod_symbol extra[] = {
	{ "fault_extra_one", &moddir }, { "fault_extra_two", &image },
};

static void contexts(void)
{
	unsigned long n, failures = 0;
	bool fired = true;
	size_t heap = robust_heap_in_use(), was;
	struct umod_ctx *c = NULL;
	char why[256] = "";

	for (n = 1; fired && !why[0]; n++) {
		int ret = 0;

		umod_fault_arm(UMOD_FAULT_ALLOC, n);
		c = umod_ctx_new();
		if (c)
			ret = umod_export_table(c, extra, 2, 0);
		fired = umod_fault_fired();
		umod_fault_arm(0, 0);
		/* A context is made whole or not at all; then the table. */
		if (fired && c && ret != -ENOMEM)
			snprintf(why, sizeof(why), "call %lu: export returned %d", n, ret);
		failures += fired;
		umod_ctx_free(c);
		was = robust_heap_in_use();
		if (was != heap)
			snprintf(why, sizeof(why), "call %lu: %zd heap bytes left",
				 n, (ssize_t)(was - heap));
	}
	ok(!why[0], "a context and a table: %lu allocation failures, nothing left",
	   failures);
	if (why[0])
		diag("%s", why);
}

/* A thread's first load maps its per-CPU area (src/percpu.c): when that
 * fails, so does the load, saying why, and the thread's next load
 * succeeds.  Here, before any other load, no area is spare. */
static void first_load(void)
{
	struct umod_ctx *c = robust_ctx_new();
	struct module *mod;
	int ret;

	if (!c) {
		printf("Bail out! cannot make a host\n");
		exit(1);
	}
	umod_fault_arm(UMOD_FAULT_MMAP, 1);
	ret = umod_load_file(c, ko("hello"), NULL, 0, NULL);
	ok(umod_fault_fired() && ret == -ENOMEM &&
	   strstr(umod_errmsg(), "hello: cannot set up this thread's per-CPU area"),
	   "a thread's first load fails when its per-CPU area cannot be mapped: %s",
	   umod_errmsg());
	umod_fault_arm(0, 0);
	mod = umod_module_get(c, "hello");
	ok(!mod, "and loads nothing");
	is_int(umod_load_file(c, ko("hello"), NULL, 0, NULL), 0,
	       "the thread's next load maps it and succeeds");
	umod_ctx_free(c);
}

/* A context's first load also makes its table of module slots
 * (module_ref_alloc): each allocation failure of it is unwound, with the
 * context. */
static void fresh_context_load(void)
{
	unsigned long n, failures = 0;
	bool fired = true;
	size_t heap = robust_heap_in_use(), was;
	char why[256] = "";

	for (n = 1; fired && !why[0]; n++) {
		struct umod_ctx *c = robust_ctx_new();
		int ret;

		if (!c) {
			printf("Bail out! cannot make a host\n");
			exit(1);
		}
		umod_fault_arm(UMOD_FAULT_ALLOC, n);
		ret = umod_load_file(c, ko("hello"), NULL, 0, NULL);
		fired = umod_fault_fired();
		umod_fault_arm(0, 0);
		if (fired && ret && ret != -ENOMEM)
			snprintf(why, sizeof(why), "call %lu: load returned %d: %s",
				 n, ret, umod_errmsg());
		failures += fired;
		umod_ctx_free(c);
		was = robust_heap_in_use();
		if (was != heap)
			snprintf(why, sizeof(why), "call %lu: %zd heap bytes left",
				 n, (ssize_t)(was - heap));
	}
	ok(!why[0], "a fresh context's first load: %lu allocation failures, nothing left",
	   failures);
	if (why[0])
		diag("%s", why);
}

int main(int argc, char **argv)
{
	const char *b = getenv("UMOD_B");

	snprintf(moddir, sizeof(moddir), "%s/tests/modules/gcc-O2", b ? b : "build");
	if (access(ko("stack_c"), R_OK)) {
		printf("1..0 # SKIP %s not built\n", ko("stack_c"));
		return 0;
	}
	read_image();
	first_load();
	contexts();
	fresh_context_load();
	setup_ctx();
	warm_up();
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		fault_each(ctx, &ops[i]);
	umod_ctx_free(ctx);
	free(image);
	return done_testing();
}
