// SPDX-License-Identifier: MIT
/*
 * test-faults - fail every fallible call of each operation in turn.
 *
 * For each operation and each kind of call (allocation, mmap, mprotect,
 * read), the n-th call is made to fail (src/fault.c), for n = 1, 2, ...
 * until the operation completes without reaching an n-th call.  After
 * every failure the operation must have returned the errno of the call
 * that failed, with a message, and the host must be as it was before:
 * the module list, references and dependencies, parameters, the symbol
 * index, module memory and heap bytes (tests/robust/host.c).  A failure
 * the library absorbs (a fallback) must leave the operation's full effect.
 *
 * The module corpus is tests/loader.mk's, in $UMOD_B (default build).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "tap.h"
#include "robust/host.h"

#define MAX_N 100000

static struct umod_ctx *ctx;
static char moddir[4096];
static char before[1 << 18], after[1 << 18];

/* Module events the host was told of, to see none goes missing. */
static int comings, lives, goings;

static int count_events(struct module *mod, enum module_state state, void *arg)
{
	comings += state == MODULE_STATE_COMING;
	lives += state == MODULE_STATE_LIVE;
	goings += state == MODULE_STATE_GOING;
	return 0;
}

static int count_module(struct module *mod, void *arg)
{
	++*(int *)arg;
	return 0;
}

/* Every module told COMING is then LIVE until told GOING: so many are
 * loaded as COMINGs outnumber GOINGs. */
static bool events_consistent(void)
{
	int n = 0;

	umod_for_each_module(ctx, count_module, &n);
	return n == comings - goings;
}

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

/* ---- Operations: each runs, and undoes itself after success ---- */

struct op {
	const char *name;
	int (*run)(void);
	void (*undo)(void);
	unsigned int sites;
};

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

static int set_param(void)
{
	return umod_param_set(ctx, "params", "cp", "a new value");
}

static void reset_param(void)
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

static const struct umod_symbol extra[] = {
	{ "fault_extra_one", &comings }, { "fault_extra_two", &lives },
};

static int export_table(void)
{
	return umod_export_table(ctx, extra, 2, 0);
}

static int remove_table_cb(void);

static void unexport_table(void)
{
	/* No unexport in the API: a fresh context is the way back. */
	must(remove_table_cb(), "reset the context");
}

static int symbol_walk_count;

static int count_symbol(const struct umod_symbol_info *sym, void *arg)
{
	symbol_walk_count++;
	return 0;
}

static int walk_symbols(void)
{
	symbol_walk_count = 0;
	return umod_for_each_symbol(ctx, false, count_symbol, NULL);
}

static void nothing(void)
{
}

/* ---- The loop ---- */

static int expected_errno(unsigned int site)
{
	return site == UMOD_FAULT_READ ? -EIO : -ENOMEM;
}

static const char *site_name(unsigned int site)
{
	switch (site) {
	case UMOD_FAULT_ALLOC:		return "allocation";
	case UMOD_FAULT_MMAP:		return "mmap";
	case UMOD_FAULT_MPROTECT:	return "mprotect";
	case UMOD_FAULT_READ:		return "read";
	}
	return "?";
}

static void snapshot(char *buf)
{
	if (robust_snapshot(ctx, buf, sizeof(before), true)) {
		printf("Bail out! snapshot too large\n");
		exit(1);
	}
}

/* Fail the n-th call for every n; true if every failure was clean. */
static bool fail_each(const struct op *op, unsigned int site)
{
	char why[1024] = "";
	unsigned long n, failures = 0, absorbed = 0;
	bool fired;
	int ret = 0;

	for (n = 1; n < MAX_N; n++) {
		snapshot(before);
		umod_fault_arm(site, n);
		ret = op->run();
		fired = umod_fault_fired();
		umod_fault_arm(0, 0);
		if (!fired)
			break;
		if (ret == 0) {
			absorbed++;		/* a fallback: the full effect */
			op->undo();
		} else if (ret != expected_errno(site) || !*umod_errmsg()) {
			snprintf(why, sizeof(why), "call %lu: returned %d (%s), want %d",
				 n, ret, umod_errmsg(), expected_errno(site));
			break;
		} else {
			failures++;
		}
		snapshot(after);
		if (robust_diff(before, after, why, sizeof(why))) {
			char msg[600];

			snprintf(msg, sizeof(msg), "%s", why);
			snprintf(why, sizeof(why), "call %lu failed (%s): %s", n,
				 ret ? umod_errmsg() : "absorbed", msg);
			break;
		}
		if (!events_consistent()) {
			snprintf(why, sizeof(why), "call %lu: a GOING notification was lost", n);
			break;
		}
	}
	if (!why[0] && ret)
		snprintf(why, sizeof(why), "with no fault it failed: %d (%s)",
			 ret, umod_errmsg());
	if (!why[0] && n == MAX_N)
		snprintf(why, sizeof(why), "still failing after %d calls", MAX_N);
	if (!why[0])
		op->undo();
	ok(!why[0], "%s: %lu %s failures, each %s with the host unchanged%s",
	   op->name, failures, site_name(site),
	   site == UMOD_FAULT_READ ? "-EIO" : "-ENOMEM",
	   absorbed ? " (some absorbed)" : "");
	if (why[0])
		diag("%s", why);
	return !why[0];
}

#define LOAD_SITES (UMOD_FAULT_ALLOC | UMOD_FAULT_MMAP | UMOD_FAULT_MPROTECT | \
		    UMOD_FAULT_READ)

static const struct op ops[] = {
	{ "load hello.ko with a parameter", load_hello, unload_hello, LOAD_SITES },
	{ "load stack_c.ko over stack_a and stack_b", load_stack_c,
	  unload_stack_c, LOAD_SITES },
	{ "unload stack_b, which uses stack_a", unload_stack_b, reload_stack_b,
	  LOAD_SITES },
	{ "load hello.ko from a descriptor", load_fd, unload_hello, LOAD_SITES },
	{ "load multi.ko from memory", load_image, unload_multi, LOAD_SITES },
	{ "set a charp parameter", set_param, reset_param, UMOD_FAULT_ALLOC },
	{ "set an array parameter", set_array, reset_array, UMOD_FAULT_ALLOC },
	{ "walk every symbol", walk_symbols, nothing, UMOD_FAULT_ALLOC },
	{ "export a table", export_table, unexport_table, UMOD_FAULT_ALLOC },
};

/* ---- Setup ---- */

static void setup_ctx(void)
{
	ctx = robust_ctx_new();
	if (!ctx || umod_register_notifier(ctx, count_events, NULL)) {
		printf("Bail out! cannot make a host\n");
		exit(1);
	}
	must(load("stack_a", NULL), "load stack_a");
	must(load("stack_b", NULL), "load stack_b");
	must(load("params", "i=7 cp=\"two words\" arr=4,5,6"), "load params");
}

static int remove_table_cb(void)
{
	umod_ctx_free(ctx);
	comings = lives = goings = 0;
	setup_ctx();
	return 0;
}

/* Everything the library keeps for reuse, allocated once: each operation
 * once through, the index grown to its size, the arena's chunks made. */
static void warm_up(void)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (ops[i].run == export_table)
			continue;
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

/* mallinfo2 counts blocks in the thread cache as used, and sees only the
 * main arena: without the cache, and with one arena, it is exact. */
static void exact_heap(char **argv)
{
	const char *want = "glibc.malloc.tcache_count=0";
	const char *t = getenv("GLIBC_TUNABLES");

	if (!t || !strstr(t, want)) {
		setenv("GLIBC_TUNABLES", want, 1);
		execv("/proc/self/exe", argv);
	}
	mallopt(M_ARENA_MAX, 1);
}

int main(int argc, char **argv)
{
	const char *b = getenv("UMOD_B");
	static const unsigned int sites[] = {
		UMOD_FAULT_ALLOC, UMOD_FAULT_MMAP, UMOD_FAULT_MPROTECT, UMOD_FAULT_READ,
	};

	exact_heap(argv);
	snprintf(moddir, sizeof(moddir), "%s/tests/modules/gcc-O2", b ? b : "build");
	if (access(ko("stack_c"), R_OK)) {
		printf("1..0 # SKIP %s not built\n", ko("stack_c"));
		return 0;
	}
	read_image();
	setup_ctx();
	warm_up();
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		for (size_t k = 0; k < sizeof(sites) / sizeof(sites[0]); k++)
			if (ops[i].sites & sites[k])
				fail_each(&ops[i], sites[k]);
	umod_ctx_free(ctx);
	free(image);
	return done_testing();
}
