// SPDX-License-Identifier: MIT
/*
 * test-stress - many threads and many clients on one host at once.
 *
 * For a few seconds (STRESS_SECONDS, default 3) or a bounded number of
 * rounds, whichever ends first:
 *
 *   loaders    load stack_a, stack_b, stack_c and unload them again;
 *              load initfail, whose init fails
 *   users      take and drop references (umod_module_get, symbol_get),
 *              call through them, walk the module and symbol lists
 *   params     set and read a parameter
 *   clients    insmod, rmmod, lsmod, kallsyms and parameters over the
 *              control socket, through libtools/hostconn.c
 *   requesters request_module("stack_c") and "greeter", served by a
 *              kerneld process that sweeps autoclean every second
 *   sweeper    umod_autoclean in a loop
 *
 * Every error must be one the race explains (EEXIST, a dependency just
 * going, ...).  At the end no thread is stuck (a watchdog fails the test
 * otherwise), every module is live, each one's references equal its users,
 * and every dependency link is seen from both ends; once all is unloaded
 * no module memory remains.  make check-sanitize runs it under TSan too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "robust/host.h"
#include "umod-tools.h"

#define MAX_ROUNDS 200000

extern char **environ;

static struct umod_ctx *ctx;
static struct umod_ctl *ctl;
static char b[1024], moddir[1200], tmp[] = "/tmp/test-stress.XXXXXX";
static char sock[256], tree[256];
static atomic_bool stopping;
static pid_t kerneld = -1;
static int host_symbols;		/* the host's own exports */

struct worker {
	const char *name;
	void (*round)(struct worker *w);
	unsigned long rounds, done, refused;	/* refused: races explained */
	char error[256];			/* the first unexplained failure */
	pthread_t thread;
	unsigned int seed;
};

static void unexpected(struct worker *w, const char *what, int ret)
{
	if (!w->error[0])
		snprintf(w->error, sizeof(w->error), "%s: %d (%s)", what, ret,
			 ret < 0 ? strerror(-ret) : "status");
}

/* ret is fine if 0 or one of the errnos listed (as positives), 0-ended. */
static void expect(struct worker *w, const char *what, int ret, ...)
{
	va_list ap;
	int e;

	if (!ret) {
		w->done++;
		return;
	}
	va_start(ap, ret);
	while ((e = va_arg(ap, int)))
		if (ret == -e) {
			va_end(ap);
			w->refused++;
			return;
		}
	va_end(ap);
	unexpected(w, what, ret);
}

static const char *ko(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s.ko", moddir, name);
	return buf;
}

/* ---- Workers ---- */

static const char *const stack[] = { "stack_a", "stack_b", "stack_c" };

/* A load races unloads below it: a dependency still loading (EBUSY) or
 * gone (ENOENT, unknown symbol), or itself already in (EEXIST). */
static void loader_round(struct worker *w)
{
	char path[1300];
	int ret;

	for (int i = 0; i < 3; i++)
		expect(w, "load", umod_load_file(ctx, ko(stack[i], path, sizeof(path)),
						 NULL, 0, NULL),
		       EEXIST, EBUSY, ENOENT, 0);
	/* Its init fails (-ENODEV), after COMING: the unwinding races too. */
	ret = umod_load_file(ctx, ko("initfail", path, sizeof(path)), NULL, 0, NULL);
	if (ret == -ENODEV)
		w->done++;
	else
		expect(w, "load initfail", ret ? ret : -EINVAL, EEXIST, EBUSY, ENOENT, 0);
	for (int i = 2; i >= 0; i--)
		expect(w, "unload", umod_unload(ctx, stack[i], UMOD_UNLOAD_NONBLOCK),
		       ENOENT, EWOULDBLOCK, EBUSY, 0);
}

static int count_cb(struct module *mod, void *arg)
{
	++*(int *)arg;
	return 0;
}

static int count_sym(const struct umod_symbol_info *sym, void *arg)
{
	++*(int *)arg;
	return 0;
}

static void user_round(struct worker *w)
{
	const char *name = stack[rand_r(&w->seed) % 3];
	struct module *mod = umod_module_get(ctx, name);
	int (*value)(void);
	int n = 0;

	if (mod) {
		struct umod_module_info info;

		umod_module_info(mod, &info);
		if (info.state != MODULE_STATE_LIVE || info.refcnt < 1)
			unexpected(w, "a module got is not live and referenced",
				   -EINVAL);
		if (umod_module_address(ctx, info.base) != mod)
			unexpected(w, "a module's text is not its own", -EINVAL);
		module_put(mod);
	}
	value = umod_symbol_get(ctx, "stack_b_value");
	if (value) {
		if (value() != 11)
			unexpected(w, "stack_b_value()", value());
		umod_symbol_put(ctx, "stack_b_value");
	}
	umod_for_each_module(ctx, count_cb, &n);
	if (!(w->rounds % 32))
		umod_for_each_symbol(ctx, true, count_sym, &n);
	w->done++;
}

static void param_round(struct worker *w)
{
	char want[32], got[64];
	int v = rand_r(&w->seed) % 1000;

	snprintf(want, sizeof(want), "%d", v);
	expect(w, "param set", umod_param_set(ctx, "params", "i", want), 0);
	expect(w, "param get", umod_param_get(ctx, "params", "hex", got,
					      sizeof(got)), 0);
}

static int conn_do(struct worker *w, int what, char *msg, size_t len)
{
	struct umod_conn_module *mods = NULL;
	struct umod_conn *c;
	char path[1300], *text = NULL;
	size_t n;
	int fd, ret = umod_conn_open(sock, &c);

	if (ret)
		return ret;
	switch (what) {
	case 0:
		fd = open(ko("hello", path, sizeof(path)), O_RDONLY | O_CLOEXEC);
		ret = umod_conn_init_module(c, fd, NULL, 0, msg, len);
		close(fd);
		break;
	case 1:
		ret = umod_conn_delete_module(c, "hello", UMOD_UNLOAD_NONBLOCK,
					      msg, len);
		break;
	case 2:
		ret = umod_conn_list(c, &mods, &n);
		free(mods);
		break;
	case 3:
		ret = umod_conn_symbols(c, 0, &text, &n);
		free(text);
		break;
	default:
		ret = umod_conn_param_get(c, "params", "i", msg, len);
		break;
	}
	umod_conn_close(c);
	return ret;
}

static void client_round(struct worker *w)
{
	char msg[512];
	int what = w->rounds % 5;

	/* insmod races rmmod, the other client's and kerneld's (greeter is
	 * hello): it may be in, not in, in use, or still loading. */
	expect(w, "request", conn_do(w, what, msg, sizeof(msg)),
	       what == 0 ? EEXIST : what == 1 ? ENOENT : 0,
	       what == 1 ? EWOULDBLOCK : 0, what == 1 ? EBUSY : 0, 0);
}

/* modprobe, started by kerneld, races the loaders: it may fail (a status,
 * positive) when a dependency goes from under it. */
static void request_round(struct worker *w)
{
	int ret = umod_request_module(ctx, "%s", w->rounds % 2 ? "stack_c" : "greeter");

	if (ret > 0) {
		if (getenv("STRESS_VERBOSE"))
			diag("%s: %s", w->rounds % 2 ? "stack_c" : "greeter", umod_errmsg());
		w->refused++;
	}
	else
		expect(w, "request_module", ret, 0);
}

static void sweep_round(struct worker *w)
{
	int n = umod_autoclean(ctx);

	if (n < 0)
		unexpected(w, "autoclean", n);
	else
		w->done++;
	nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
}

static struct worker workers[] = {
	{ "loader", loader_round }, { "loader", loader_round },
	{ "user", user_round }, { "user", user_round }, { "user", user_round },
	{ "params", param_round },
	{ "client", client_round }, { "client", client_round },
	{ "requester", request_round }, { "requester", request_round },
	{ "sweeper", sweep_round },
};
#define NWORKERS (sizeof(workers) / sizeof(workers[0]))

static void *work(void *arg)
{
	struct worker *w = arg;

	while (!atomic_load(&stopping) && w->rounds < MAX_ROUNDS) {
		w->round(w);
		w->rounds++;
	}
	return NULL;
}

/* ---- The end state ---- */

struct links {
	struct module *mod;
	bool ok;
	char why[256];
};

static int has_mod(struct module *m, void *arg)
{
	return m == arg;
}

static int check_dep(struct module *dep, void *arg)
{
	struct links *l = arg;

	if (!umod_for_each_user(dep, has_mod, l->mod)) {
		l->ok = false;
		snprintf(l->why, sizeof(l->why), "%s uses %s, which does not list it",
			 module_name(l->mod), module_name(dep));
	}
	return 0;
}

static int check_user(struct module *user, void *arg)
{
	struct links *l = arg;

	if (!umod_for_each_dependency(user, has_mod, l->mod)) {
		l->ok = false;
		snprintf(l->why, sizeof(l->why), "%s lists user %s, which does not use it",
			 module_name(l->mod), module_name(user));
	}
	return 0;
}

static int check_module(struct module *mod, void *arg)
{
	struct links *l = arg, one = { mod, true, "" };
	struct umod_module_info info;
	int users = 0;

	umod_module_info(mod, &info);
	umod_for_each_user(mod, count_cb, &users);
	if (info.state != MODULE_STATE_LIVE)
		snprintf(one.why, sizeof(one.why), "%s is not live", info.name);
	else if (info.refcnt != users)
		snprintf(one.why, sizeof(one.why), "%s: %d references, %d users",
			 info.name, info.refcnt, users);
	if (one.why[0])
		one.ok = false;
	umod_for_each_dependency(mod, check_dep, &one);
	umod_for_each_user(mod, check_user, &one);
	if (!one.ok && l->ok) {
		l->ok = false;
		snprintf(l->why, sizeof(l->why), "%s", one.why);
	}
	return 0;
}

/* ---- Setup ---- */

static void watchdog(int sig)
{
	static const char msg[] = "Bail out! stuck: a deadlock, or a thread that never ends\n";

	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(1);
}

static void run(const char *cmd)
{
	if (system(cmd)) {
		printf("Bail out! %s\n", cmd);
		exit(1);
	}
}

static void start_kerneld(void)
{
	char host[300], dir[300], path[1100];
	char *argv[] = { path, "kerneld", host, "--delay=1", dir, NULL };
	posix_spawn_file_actions_t fa;

	snprintf(path, sizeof(path), "%s/umod", b);
	snprintf(host, sizeof(host), "--host=%s", sock);
	snprintf(dir, sizeof(dir), "--dirname=%s", tree);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&kerneld, path, &fa, NULL, argv, environ)) {
		printf("Bail out! cannot start kerneld\n");
		exit(1);
	}
	posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; i < 500 && !umod_kerneld_pid(ctx); i++)
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
}

static void stop_kerneld(void)
{
	int status;

	if (kerneld <= 0)
		return;
	kill(kerneld, SIGTERM);
	waitpid(kerneld, &status, 0);
	kerneld = -1;
}

static void cleanup(void)
{
	char cmd[300];

	stop_kerneld();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	if (system(cmd))
		perror(cmd);
}

static void setup(void)
{
	struct umod_ctl_config cfg = { .size = sizeof(cfg), .path = sock };
	char cmd[8192], path[1300];

	if (!mkdtemp(tmp)) {
		printf("Bail out! mkdtemp\n");
		exit(1);
	}
	atexit(cleanup);
	snprintf(sock, sizeof(sock), "%s/umodd.sock", tmp);
	snprintf(tree, sizeof(tree), "%s/tree", tmp);
	snprintf(cmd, sizeof(cmd),
		 "d=%s/lib/modules/umod-1 && mkdir -p $d && "
		 "cp %s/stack_a.ko %s/stack_b.ko %s/stack_c.ko %s/hello.ko $d && "
		 "%s/depmod -b %s umod-1 2>/dev/null",
		 tree, moddir, moddir, moddir, moddir, b, tree);
	run(cmd);
	ctx = robust_ctx_new();
	if (ctx)
		umod_for_each_symbol(ctx, true, count_sym, &host_symbols);
	if (!ctx || umod_ctl_start(ctx, &cfg, &ctl) ||
	    umod_load_file(ctx, ko("params", path, sizeof(path)), NULL, 0, NULL)) {
		printf("Bail out! cannot set up the host: %s\n", umod_errmsg());
		exit(1);
	}
	start_kerneld();
}

int main(int argc, char **argv)
{
	const char *env = getenv("UMOD_B"), *secs = getenv("STRESS_SECONDS");
	struct links all = { NULL, true, "" };
	int nsyms = 0;

	snprintf(b, sizeof(b), "%s", env ? env : "build");
	snprintf(moddir, sizeof(moddir), "%s/tests/modules/gcc-O2", b);
	if (access(moddir, R_OK)) {
		printf("1..0 # SKIP %s not built\n", moddir);
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, watchdog);
	alarm(120);
	setup();
	ok(umod_kerneld_pid(ctx) > 0, "kerneld serves the host");

	for (size_t i = 0; i < NWORKERS; i++) {
		workers[i].seed = i + 1;
		pthread_create(&workers[i].thread, NULL, work, &workers[i]);
	}
	sleep(secs ? atoi(secs) : 3);
	atomic_store(&stopping, true);
	for (size_t i = 0; i < NWORKERS; i++) {
		struct worker *w = &workers[i];

		pthread_join(w->thread, NULL);
		ok(!w->error[0], "%s %zu: %lu rounds, %lu done, %lu refused by races",
		   w->name, i, w->rounds, w->done, w->refused);
		if (w->error[0])
			diag("%s", w->error);
	}
	ok(1, "every thread ended: no deadlock");
	stop_kerneld();

	umod_for_each_module(ctx, check_module, &all);
	ok(all.ok, "every module is live, its references are its users, and "
	   "every dependency is seen from both ends");
	if (!all.ok)
		diag("%s", all.why);

	umod_ctl_stop(ctl);
	for (int i = 0; i < 3; i++)	/* newest first, whatever is left */
		umod_unload(ctx, stack[2 - i], 0);
	umod_unload(ctx, "hello", 0);
	umod_unload(ctx, "params", 0);
	umod_for_each_symbol(ctx, true, count_sym, &nsyms);
	ok(nsyms == host_symbols, "the symbol index is back to the host's own "
	   "(%d exports, was %d)", nsyms, host_symbols);
	umod_ctx_free(ctx);
	ok(umod_arena_bytes_in_use() == 0, "no module memory is left (%zu bytes)",
	   umod_arena_bytes_in_use());
	return done_testing();
}
