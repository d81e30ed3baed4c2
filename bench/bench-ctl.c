// SPDX-License-Identifier: MIT
/*
 * bench-ctl - figure 5: the control channel.
 *
 * The program is a host with its control socket open (umod_ctl_start),
 * and its own client.  Figure 1's module goes in and out three ways: by
 * the host itself (umod_load_file, the in-process reference), through
 * the socket with the tools' client library (one connection, a request
 * and reply per step: the channel's own cost), and by running the tools
 * themselves, `umod insmod` and `umod rmmod`, as a user does.  Then, with
 * a thousand modules loaded, how fast the host answers lsmod and the
 * export list (ksyms).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <umod/host.h>

#include "bench.h"
#include "umod-tools.h"
#include "kopatch.h"

/* mod-filler's two imports. */
long h0000001, h0000002;
EXPORT_SYMBOL(h0000001);
EXPORT_SYMBOL(h0000002);

struct chan {
	struct umod_ctx *ctx;
	struct umod_ctl *ctl;
	struct umod_conn *conn;
	char dir[64], sock[128];
	const char *ko, *umod;
};

static void start(struct chan *ch)
{
	struct umod_ctl_config cfg = { .size = sizeof(cfg), .path = ch->sock };
	int ret;

	strcpy(ch->dir, "/tmp/umod-bench.XXXXXX");
	if (!mkdtemp(ch->dir))
		bench_die("mkdtemp: %s", strerror(errno));
	snprintf(ch->sock, sizeof(ch->sock), "%s/umodd.sock", ch->dir);
	ch->ctx = bench_ctx();
	ret = umod_ctl_start(ch->ctx, &cfg, &ch->ctl);
	if (ret)
		bench_die("umod_ctl_start: %s", strerror(-ret));
	ret = umod_conn_open(ch->sock, &ch->conn);
	if (ret)
		bench_die("umod_conn_open %s: %s", ch->sock, strerror(-ret));
	setenv("UMOD_HOST", ch->sock, 1);	/* for the tools */
}

static void stop(struct chan *ch)
{
	umod_conn_close(ch->conn);
	umod_ctl_stop(ch->ctl);
	umod_ctx_free(ch->ctx);
	rmdir(ch->dir);
}

/* ---- one module in and out, three ways ---- */

static void cycle_local(struct chan *ch)
{
	if (umod_load_file(ch->ctx, ch->ko, NULL, 0, NULL))
		bench_die("%s: %s", ch->ko, umod_errmsg());
	bench_unload(ch->ctx, "mod_small");
}

static void cycle_socket(struct chan *ch)
{
	char msg[512] = "";
	int fd = open(ch->ko, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		bench_die("%s: %s", ch->ko, strerror(errno));
	ret = umod_conn_init_module(ch->conn, fd, NULL, 0, msg, sizeof(msg));
	close(fd);
	if (ret)
		bench_die("init_module over the socket: %s (%s)", msg, strerror(-ret));
	ret = umod_conn_delete_module(ch->conn, "mod_small", 0, msg, sizeof(msg));
	if (ret)
		bench_die("delete_module over the socket: %s (%s)", msg, strerror(-ret));
}

/* Run the umod tool with args, its output dropped; die unless it exits 0. */
static void tool(struct chan *ch, const char *const *args)
{
	char *argv[8] = { (char *)ch->umod };
	int i;

	for (i = 0; args[i] && i < 6; i++)
		argv[i + 1] = (char *)args[i];
	argv[i + 1] = NULL;
	if (bench_run(argv, NULL))
		bench_die("umod %s %s failed", args[0], args[1] ? args[1] : "");
}

static void cycle_tools(struct chan *ch)
{
	tool(ch, (const char *const[]){ "insmod", ch->ko, NULL });
	tool(ch, (const char *const[]){ "rmmod", "mod_small", NULL });
}

static void run_lsmod(struct chan *ch)
{
	tool(ch, (const char *const[]){ "lsmod", NULL });
}

static void run_ksyms(struct chan *ch)
{
	tool(ch, (const char *const[]){ "ksyms", NULL });
}

static double time_cycles(void (*cycle)(struct chan *), struct chan *ch, long n)
{
	uint64_t t0 = bench_now();

	for (long i = 0; i < n; i++)
		cycle(ch);
	return (double)(bench_now() - t0) / 1e3 / (double)n;
}

/* ---- queries with many modules loaded ---- */

static void load_fillers(struct chan *ch, const struct bench_opts *o, size_t n)
{
	size_t len;
	unsigned char *tpl = bench_read(o, "mod-filler.ko", &len);
	unsigned char *copy = malloc(len);
	char name[16];

	if (!copy)
		bench_die("out of memory");
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "f%05u", (unsigned int)(i % 100000));
		memcpy(copy, tpl, len);
		if (!ko_rename(copy, len, "fQQQQQ", name))
			bench_die("mod-filler.ko: no fQQQQQ to rename");
		bench_load(ch->ctx, copy, len);
	}
	free(copy);
	free(tpl);
}

/* Microseconds per lsmod answer; *n is how many modules it listed. */
static double time_list(struct chan *ch, long reps, size_t *n)
{
	uint64_t t0 = bench_now();

	for (long i = 0; i < reps; i++) {
		struct umod_conn_module *mods;
		int ret = umod_conn_list(ch->conn, &mods, n);

		if (ret)
			bench_die("umod_conn_list: %s", strerror(-ret));
		free(mods);
	}
	return (double)(bench_now() - t0) / 1e3 / (double)reps;
}

static double time_symbols(struct chan *ch, long reps, size_t *n)
{
	uint64_t t0 = bench_now();

	for (long i = 0; i < reps; i++) {
		char *text;
		size_t len;
		int ret = umod_conn_symbols(ch->conn, 1, &text, &len);

		if (ret)
			bench_die("umod_conn_symbols: %s", strerror(-ret));
		*n = 0;
		for (size_t k = 0; k < len; k++)
			*n += text[k] == '\n';
		free(text);
	}
	return (double)(bench_now() - t0) / 1e3 / (double)reps;
}

int main(int argc, char **argv)
{
	struct bench_opts o;
	struct chan ch = { 0 };
	char ko[4096], umod[4096];
	struct samples local = { 0 }, sock = { 0 }, tools = { 0 }, r_sock = { 0 },
		r_tools = { 0 }, list = { 0 }, list_rate = { 0 }, ls = { 0 },
		syms = { 0 }, syms_rate = { 0 }, ksyms = { 0 };
	size_t nmods = 0, nsyms = 0, nfill;
	long rounds, per, per_tool;
	char what[128];

	bench_parse_opts(&o, argc, argv);
	rounds = bench_scale(&o, 11, 5, 1);
	per = bench_scale(&o, 200, 50, 3);
	per_tool = bench_scale(&o, 20, 5, 1);
	nfill = (size_t)bench_scale(&o, 1000, 1000, 10);
	ch.ko = bench_path(&o, "mod-small.ko", ko, sizeof(ko));
	ch.umod = bench_path(&o, "../umod", umod, sizeof(umod));
	start(&ch);

	time_cycles(cycle_local, &ch, 5);	/* warm up */
	time_cycles(cycle_socket, &ch, 5);
	time_cycles(cycle_tools, &ch, 1);
	for (long r = 0; r < rounds; r++) {
		double a = time_cycles(cycle_local, &ch, per);
		double b = time_cycles(cycle_socket, &ch, per);
		double c = time_cycles(cycle_tools, &ch, per_tool);

		samples_add(&local, a);
		samples_add(&sock, b);
		samples_add(&tools, c);
		samples_add(&r_sock, b / a);
		samples_add(&r_tools, c / a);
	}

	load_fillers(&ch, &o, nfill);
	for (long r = 0; r < rounds; r++) {
		double t = time_list(&ch, 10, &nmods);

		samples_add(&list, t);
		samples_add(&list_rate, (double)nmods / t);
		t = time_symbols(&ch, 3, &nsyms);
		samples_add(&syms, t / 1e3);
		samples_add(&syms_rate, (double)nsyms / t);
		samples_add(&ls, time_cycles(run_lsmod, &ch, per_tool) / 1e3);
		samples_add(&ksyms, time_cycles(run_ksyms, &ch, per_tool) / 1e3);
	}
	stop(&ch);

	table_begin("Figure 5: the control channel (mod-small in and out; queries)");
	table_row("5", "in-process umod_load_file + unload", &local, "µs/cycle");
	table_row("5", "socket: init_module + delete_module (client library)", &sock, "µs/cycle");
	table_row("5", "tools: umod insmod + umod rmmod (two processes)", &tools, "µs/cycle");
	table_row("5", "ratio socket / in-process", &r_sock, "×");
	table_row("5", "ratio tools / in-process", &r_tools, "×");
	snprintf(what, sizeof(what), "lsmod answer, %zu modules", nmods);
	table_row("5", what, &list, "µs");
	table_row("5", "lsmod throughput", &list_rate, "modules/µs");
	table_row("5", "umod lsmod, the tool (a process)", &ls, "ms");
	snprintf(what, sizeof(what), "export list (ksyms), %zu symbols", nsyms);
	table_row("5", what, &syms, "ms");
	table_row("5", "export list throughput", &syms_rate, "symbols/µs");
	table_row("5", "umod ksyms, the tool (a process)", &ksyms, "ms");
	return 0;
}
