// SPDX-License-Identifier: MIT
/*
 * bench-small - figure 1: the life of a small module.
 *
 * One cycle is load, init, one symbol lookup, exit and unload.  umod does
 * it from an image in memory and from a file; the peer is the dynamic
 * linker doing the same with the same source built as a shared object:
 * dlopen(RTLD_NOW), dlsym of init, the export and exit, dlclose.  Rounds
 * of the three alternate, so the ratios compare like with like.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <umod/host.h>

#include "bench.h"
#include "small-host.h"

/* ---- the three ways round ---- */

struct peer {
	struct umod_ctx *ctx;
	const void *image;
	size_t len;
	const char *ko, *so;
};

static void check_op(int (*op)(int), const char *how)
{
	if (!op || op != host_registered())
		bench_die("%s: small_op not found or not registered by init", how);
}

static void cycle_image(const struct peer *p)
{
	bench_load(p->ctx, p->image, p->len);
	check_op(umod_find_symbol(p->ctx, "small_op"), "umod_load_image");
	bench_unload(p->ctx, "mod_small");
}

static void cycle_file(const struct peer *p)
{
	int ret = umod_load_file(p->ctx, p->ko, NULL, 0, NULL);

	if (ret)
		bench_die("%s: %s", p->ko, umod_errmsg());
	check_op(umod_find_symbol(p->ctx, "small_op"), "umod_load_file");
	bench_unload(p->ctx, "mod_small");
}

static void cycle_dlopen(const struct peer *p)
{
	void *h = dlopen(p->so, RTLD_NOW | RTLD_LOCAL);
	int (*init)(void);
	void (*exit_fn)(void);

	if (!h)
		bench_die("dlopen: %s", dlerror());
	init = (int (*)(void))dlsym(h, "init_module");
	exit_fn = (void (*)(void))dlsym(h, "cleanup_module");
	if (!init || !exit_fn || init())
		bench_die("%s: no init_module or cleanup_module, or init failed", p->so);
	check_op((int (*)(int))dlsym(h, "small_op"), "dlopen");
	exit_fn();
	if (dlclose(h))
		bench_die("dlclose: %s", dlerror());
}

/* Microseconds per cycle over n cycles. */
static double time_cycles(void (*cycle)(const struct peer *), const struct peer *p,
			  long n)
{
	uint64_t t0 = bench_now();

	for (long i = 0; i < n; i++)
		cycle(p);
	return (double)(bench_now() - t0) / 1e3 / (double)n;
}

int main(int argc, char **argv)
{
	struct bench_opts o;
	char ko[4096], so[4096];
	struct samples image = { 0 }, file = { 0 }, dl = { 0 };
	struct samples r_image = { 0 }, r_file = { 0 };
	struct peer p;
	long rounds, per;

	bench_parse_opts(&o, argc, argv);
	rounds = bench_scale(&o, 21, 7, 3);
	per = bench_scale(&o, 300, 60, 3);
	p = (struct peer){
		.ctx = bench_ctx(),
		.ko = bench_path(&o, "mod-small.ko", ko, sizeof(ko)),
		.so = bench_path(&o, "mod-small.so", so, sizeof(so)),
	};
	p.image = bench_read(&o, "mod-small.ko", &p.len);
	if (o.once) {	/* for strace: the loads alone */
		for (int i = 0; i < o.once; i++)
			cycle_image(&p);
		return 0;
	}

	/* Warm the page cache, the arena and the dynamic linker's caches. */
	time_cycles(cycle_image, &p, 10);
	time_cycles(cycle_file, &p, 10);
	time_cycles(cycle_dlopen, &p, 10);
	for (long r = 0; r < rounds; r++) {
		double a = time_cycles(cycle_image, &p, per);
		double b = time_cycles(cycle_file, &p, per);
		double c = time_cycles(cycle_dlopen, &p, per);

		samples_add(&image, a);
		samples_add(&file, b);
		samples_add(&dl, c);
		samples_add(&r_image, c / a);
		samples_add(&r_file, c / b);
	}

	table_begin("Figure 1: small module cycle (load, init, lookup, exit, unload)");
	table_value("1", "module size (file)", (double)p.len, "bytes");
	table_row("1", "umod_load_image + unload", &image, "µs/cycle");
	table_row("1", "umod_load_file + unload", &file, "µs/cycle");
	table_row("1", "dlopen(RTLD_NOW) + dlsym + init/exit + dlclose", &dl, "µs/cycle");
	table_row("1", "ratio dlopen / umod_load_image", &r_image, "×");
	table_row("1", "ratio dlopen / umod_load_file", &r_file, "×");
	return 0;
}
