// SPDX-License-Identifier: MIT
/*
 * test-faults-ctl - fail every fallible call of the host's side of the
 * control channel in turn: starting it, and serving the tools (insmod,
 * lsmod, rmmod, parameters, dmesg, modprobe with dependencies).
 *
 * The tools' side is the real one: libtools/hostconn.c in this process, and
 * the modprobe binary for a module with dependencies.  Faults are made
 * only in the host (src/fault.c), on its allocations, reads of module
 * files, mappings and socket sends and receives, for n = 1, 2, ... as
 * tests/robust/faultloop.h does.  Each failure must reach the tool as an
 * errno with a reason, and leave the host as it was; or, when the host
 * failed only to answer, with the operation's whole effect (it is undone
 * before the comparison).  modprobe keeps the dependencies it loaded
 * before a failure, as kmod's does: each is whole.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "robust/faultloop.h"
#include "ctl/ctl.h"
#include "umod-tools.h"

extern char **environ;

static struct umod_ctx *ctx;
static struct umod_ctl *ctl;
static char b[1024], moddir[1200], tmp[] = "/tmp/test-faults-ctl.XXXXXX";
static char sock[256], tree[256], modprobe[1100];

static const char *ko(const char *name)
{
	static char path[2][1300];
	static int i;

	i ^= 1;
	snprintf(path[i], sizeof(path[i]), "%s/%s.ko", moddir, name);
	return path[i];
}

static void must(int ret, const char *what)
{
	if (ret) {
		printf("Bail out! %s: %s (%s)\n", what, strerror(-ret), umod_errmsg());
		exit(1);
	}
}

static bool loaded(const char *name)
{
	struct module *mod = umod_module_get(ctx, name);

	if (mod)
		module_put(mod);
	return mod != NULL;
}

/* The host's server is done with every client, and its workers too.  Its
 * count is the server thread's alone: read racily, and waived in
 * tests/robust/tsan.supp. */
static void settle(void)
{
	for (int i = 0; i < 5000; i++) {
		if (!ctl || !__atomic_load_n(&ctl->num_clients, __ATOMIC_ACQUIRE))
			return;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	printf("Bail out! the server keeps a client\n");
	exit(1);
}

/* The tool's failure, as the tool would report it, for faultloop. */
static int said(int ret, const char *msg)
{
	if (ret)
		umod_set_errmsg("%s", msg && *msg ? msg : strerror(-ret));
	return ret;
}

/* ---- The control channel itself ---- */

static const struct umod_ctl_config config = {
	.size = sizeof(config), .path = sock,
};

static int start(void)
{
	int ret = umod_ctl_start(ctx, &config, &ctl);

	if (ret)
		ctl = NULL;
	else if (access(sock, F_OK))
		ret = -EINVAL;		/* a start without its socket */
	return ret;
}

static void stop(void)
{
	umod_ctl_stop(ctl);
	ctl = NULL;
}

static bool socket_left(void)
{
	return !access(sock, F_OK);
}

/* ---- Requests, through libtools/hostconn.c ---- */

static int conn_insmod(void)
{
	struct umod_conn *c;
	char msg[512] = "";
	int fd, ret = umod_conn_open(sock, &c);

	if (ret)
		return said(ret, NULL);
	fd = open(ko("hello"), O_RDONLY | O_CLOEXEC);
	ret = umod_conn_init_module(c, fd, "whom=\"over the channel\"", 0,
				    msg, sizeof(msg));
	close(fd);
	umod_conn_close(c);
	return said(ret, msg);
}

static void unload_hello(void)
{
	must(umod_unload(ctx, "hello", 0), "unload hello");
}

static bool hello_loaded(void)
{
	return loaded("hello");
}

static int conn_rmmod(void)
{
	struct umod_conn *c;
	char msg[512] = "";
	int ret = umod_conn_open(sock, &c);

	if (ret)
		return said(ret, NULL);
	ret = umod_conn_delete_module(c, "params", UMOD_UNLOAD_NONBLOCK, msg,
				      sizeof(msg));
	umod_conn_close(c);
	return said(ret, msg);
}

static void reload_params(void)
{
	must(umod_load_file(ctx, ko("params"), "cp=start", 0, NULL), "load params");
}

static bool params_gone(void)
{
	return !loaded("params");
}

static int conn_lsmod(void)
{
	struct umod_conn_module *mods = NULL;
	struct umod_conn *c;
	size_t n = 0;
	int ret = umod_conn_open(sock, &c);

	if (ret)
		return said(ret, NULL);
	ret = umod_conn_list(c, &mods, &n);
	umod_conn_close(c);
	if (!ret && n != 1)
		ret = -EPROTO;
	free(mods);
	return said(ret, NULL);
}

static void nothing(void)
{
}

static int conn_param_set(void)
{
	struct umod_conn *c;
	char msg[512] = "";
	int ret = umod_conn_open(sock, &c);

	if (ret)
		return said(ret, NULL);
	ret = umod_conn_param_set(c, "params", "cp", "set over the channel",
				  msg, sizeof(msg));
	umod_conn_close(c);
	return said(ret, msg);
}

static bool param_changed(void)
{
	char buf[128];

	return !umod_param_get(ctx, "params", "cp", buf, sizeof(buf)) &&
	       strcmp(buf, "start\n");
}

static void reset_param(void)
{
	must(umod_param_set(ctx, "params", "cp", "start"), "reset cp");
}

static int conn_dmesg(void)
{
	struct umod_conn *c;
	char *text = NULL;
	size_t len;
	int ret = umod_conn_open(sock, &c);

	if (ret)
		return said(ret, NULL);
	ret = umod_conn_log(c, 0, &text, &len);
	umod_conn_close(c);
	free(text);
	return said(ret, NULL);
}

/* ---- modprobe, a separate process, loading a module and two deps ---- */

static int errno_of(const char *text)
{
	static const int known[] = { ENOMEM, EIO, ECONNRESET, EPIPE, EPROTO };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strstr(text, strerror(known[i])))
			return -known[i];
	return -ECHILD;		/* nothing we expected: shows in the report */
}

static int run_modprobe(void)
{
	char *argv[] = { modprobe, "-d", tree, "-S", "umod-1", "--host", sock,
			 "stack_c", NULL };
	char out[1024] = "";
	posix_spawn_file_actions_t fa;
	int pipefd[2], status = 0;
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	if (posix_spawn(&pid, modprobe, &fa, NULL, argv, environ)) {
		printf("Bail out! cannot run %s\n", modprobe);
		exit(1);
	}
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	while ((n = read(pipefd[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += n;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return said(errno_of(out), out);
}

static bool stack_loaded(void)
{
	return loaded("stack_a") || loaded("stack_b") || loaded("stack_c");
}

/* What modprobe loaded, newest first; each must be whole (live). */
static void unload_stack(void)
{
	static const char *const names[] = { "stack_c", "stack_b", "stack_a" };

	for (size_t i = 0; i < 3; i++) {
		struct module *mod = umod_module_get(ctx, names[i]);
		struct umod_module_info info;

		if (!mod)
			continue;
		umod_module_info(mod, &info);
		module_put(mod);
		if (info.state != MODULE_STATE_LIVE) {
			printf("Bail out! %s left half loaded\n", names[i]);
			exit(1);
		}
		must(umod_unload(ctx, names[i], 0), names[i]);
	}
}

/* ---- The operations ---- */

#define HOST (UMOD_FAULT_ALLOC | UMOD_FAULT_SOCKET)
#define LOADS (HOST | UMOD_FAULT_READ | UMOD_FAULT_MMAP | UMOD_FAULT_MPROTECT)

static const struct fault_op ops[] = {
	{ "insmod hello.ko over the channel", conn_insmod, unload_hello,
	  hello_loaded, LOADS, { ENOMEM, EIO, ECONNRESET, EPIPE } },
	{ "rmmod params over the channel", conn_rmmod, reload_params,
	  params_gone, HOST, { ENOMEM, ECONNRESET, EPIPE } },
	{ "lsmod over the channel", conn_lsmod, nothing, NULL,
	  HOST, { ENOMEM, ECONNRESET, EPIPE } },
	{ "set a parameter over the channel", conn_param_set, reset_param,
	  param_changed, HOST, { ENOMEM, ECONNRESET, EPIPE } },
	{ "dmesg over the channel", conn_dmesg, nothing, NULL,
	  HOST, { ENOMEM, ECONNRESET, EPIPE } },
	{ "modprobe stack_c, which needs stack_b and stack_a", run_modprobe,
	  unload_stack, stack_loaded, LOADS, { ENOMEM, EIO, ECONNRESET, EPIPE } },
};

static const struct fault_op start_op = {
	"start the control channel", start, stop, NULL,
	UMOD_FAULT_ALLOC, { ENOMEM },
};

/* ---- Setup ---- */

static void make_tree(void)
{
	char cmd[8192];

	snprintf(tree, sizeof(tree), "%s/tree", tmp);
	snprintf(cmd, sizeof(cmd),
		 "d=%s/lib/modules/umod-1 && mkdir -p $d && "
		 "cp %s/stack_a.ko %s/stack_b.ko %s/stack_c.ko $d && "
		 "%s/depmod -b %s umod-1 2>/dev/null",
		 tree, moddir, moddir, moddir, b, tree);
	if (system(cmd)) {
		printf("Bail out! cannot make the module tree\n");
		exit(1);
	}
}

static void cleanup(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	if (system(cmd))
		perror(cmd);
}

int main(int argc, char **argv)
{
	const char *env = getenv("UMOD_B");

	snprintf(b, sizeof(b), "%s", env ? env : "build");
	snprintf(moddir, sizeof(moddir), "%s/tests/modules/gcc-O2", b);
	snprintf(modprobe, sizeof(modprobe), "%s/modprobe", b);
	if (access(ko("stack_c"), R_OK) || access(modprobe, X_OK)) {
		printf("1..0 # SKIP %s or %s not built\n", ko("stack_c"), modprobe);
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	if (!mkdtemp(tmp)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	atexit(cleanup);
	snprintf(sock, sizeof(sock), "%s/umodd.sock", tmp);
	make_tree();
	ctx = robust_ctx_new();
	if (!ctx) {
		printf("Bail out! cannot make a host\n");
		return 1;
	}
	reload_params();
	fault_settle(settle);

	/* Warm up, then starting: a failure leaves no socket behind. */
	must(start(), "start");
	stop();
	fault_each(ctx, &start_op);
	ok(!socket_left(), "no failed start left its socket behind");

	must(start(), "start");
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		must(ops[i].run(), ops[i].name);
		ops[i].undo();
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		fault_each(ctx, &ops[i]);
	stop();
	umod_ctx_free(ctx);
	return done_testing();
}
