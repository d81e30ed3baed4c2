// SPDX-License-Identifier: MIT
/*
 * bench-large - figure 2: one large module, some 0.9 MB of text and
 * 50,000 relocations, loaded by umod and, built as a shared object, by
 * dlopen(RTLD_NOW).
 *
 * Beside the times it measures, in the same run, what a loader that
 * copies the sections into pages kept from the last load must pay:
 * zeroing those pages and copying the bytes (memcpy bandwidth), and
 * changing each page's protection three times (open it, seal text and
 * rodata, retire it at unload: an mprotect visits every page's entry),
 * so the table can say how far each loader is from that floor.  How many
 * system calls a load makes is counted by bench/run.sh under strace and
 * passed in with --syscalls, for the table.  A fresh page's first touch, what a first
 * load pays instead of the zeroing, is measured beside it.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <umod/host.h>

#include "bench.h"
#include "kopatch.h"
#include "large-host.h"

long host_data[LARGE_HOST_DATA];
EXPORT_SYMBOL(host_data);

#define LARGE_HOST_DEFINE(i)					\
	long host_fn##i(long a, long b) { return (a ^ b) + 0##i; }	\
	EXPORT_SYMBOL(host_fn##i);
LARGE_HOST_FNS(LARGE_HOST_DEFINE)

struct large {
	struct umod_ctx *ctx;
	const unsigned char *image;
	size_t len;
	const char *ko, *so;
};

/* Milliseconds for one load, and for the unload after it. */
static void cycle_image(const struct large *l, double *load, double *unload)
{
	uint64_t t0 = bench_now(), t1;

	bench_load(l->ctx, l->image, l->len);
	t1 = bench_now();
	bench_unload(l->ctx, "gen_large");
	*load = (double)(t1 - t0) / 1e6;
	*unload = (double)(bench_now() - t1) / 1e6;
}

static void cycle_file(const struct large *l, double *load, double *unload)
{
	uint64_t t0 = bench_now(), t1;

	if (umod_load_file(l->ctx, l->ko, NULL, 0, NULL))
		bench_die("%s: %s", l->ko, umod_errmsg());
	t1 = bench_now();
	bench_unload(l->ctx, "gen_large");
	*load = (double)(t1 - t0) / 1e6;
	*unload = (double)(bench_now() - t1) / 1e6;
}

static void cycle_dlopen(const struct large *l, double *load, double *unload)
{
	uint64_t t0 = bench_now(), t1;
	void *h = dlopen(l->so, RTLD_NOW | RTLD_LOCAL);
	int (*init)(void);
	void (*exit_fn)(void);

	if (!h)
		bench_die("dlopen: %s", dlerror());
	init = (int (*)(void))dlsym(h, "init_module");
	exit_fn = (void (*)(void))dlsym(h, "cleanup_module");
	if (!init || !exit_fn || init())
		bench_die("%s: no init_module or cleanup_module, or init failed", l->so);
	t1 = bench_now();
	exit_fn();
	if (dlclose(h))
		bench_die("dlclose: %s", dlerror());
	*load = (double)(t1 - t0) / 1e6;
	*unload = (double)(bench_now() - t1) / 1e6;
}

/* ---- the floor ---- */

/* GB/s of memcpy between warm buffers of len bytes. */
static double memcpy_bandwidth(size_t len, long reps)
{
	unsigned char *a = malloc(len), *b = malloc(len);
	uint64_t t0;

	if (!a || !b)
		bench_die("out of memory");
	memset(a, 1, len);
	memset(b, 2, len);
	t0 = bench_now();
	for (long i = 0; i < reps; i++) {
		memcpy(b, a, len);
		__asm__ volatile("" : : "r"(b) : "memory");
	}
	t0 = bench_now() - t0;
	free(a);
	free(b);
	return (double)len * (double)reps / (double)t0;
}

/* Nanoseconds to map, first touch and unmap one fresh page. */
static double page_fault_ns(size_t pages)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE), len = pages * ps;
	uint64_t t0 = bench_now();
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		bench_die("mmap failed");
	for (size_t i = 0; i < len; i += ps)
		p[i] = 1;
	munmap(p, len);
	return (double)(bench_now() - t0) / (double)pages;
}

/* Nanoseconds for one mprotect of pages committed pages, the loader's
 * commonest system call: the kernel visits each page's entry. */
static double syscall_ns(size_t pages, long reps)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE), len = pages * ps;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0;

	if (p == MAP_FAILED)
		bench_die("mmap failed");
	memset(p, 1, len);
	t0 = bench_now();
	for (long i = 0; i < reps; i++)
		mprotect(p, len, i & 1 ? PROT_READ | PROT_WRITE : PROT_READ);
	t0 = bench_now() - t0;
	munmap(p, len);
	return (double)t0 / (double)reps;
}

struct options {
	struct bench_opts o;
	double syscalls;	/* per load, from strace; 0: unknown */
};

static void parse(struct options *opt, int argc, char **argv)
{
	char *args[argc];
	int n = 0;

	opt->syscalls = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--syscalls") && i + 1 < argc)
			opt->syscalls = atof(argv[++i]);
		else
			args[n++] = argv[i];
	}
	bench_parse_opts(&opt->o, n, args);
}

int main(int argc, char **argv)
{
	struct options opt;
	const struct bench_opts *o = &opt.o;
	char ko[4096], so[4096];
	struct samples img = { 0 }, img_un = { 0 }, file = { 0 }, file_un = { 0 },
		dl = { 0 }, dl_un = { 0 }, ratio = { 0 }, rate = { 0 },
		bw = { 0 }, fault = { 0 }, sys = { 0 }, floor_img = { 0 },
		floor_file = { 0 }, floor_dl = { 0 };
	struct large l;
	size_t relocs, alloc, copied, pages;
	long rounds;
	double a, b, floor_ms;

	parse(&opt, argc, argv);
	rounds = bench_scale(o, 15, 5, 1);
	/* The smoke run takes the same generator's output at 40 functions. */
	l = (struct large){
		.ctx = bench_ctx(),
		.ko = bench_path(o, o->smoke ? "gen-large-smoke.ko" : "gen-large.ko",
				 ko, sizeof(ko)),
		.so = bench_path(o, o->smoke ? "gen-large-smoke.so" : "gen-large.so",
				 so, sizeof(so)),
	};
	l.image = bench_read(o, strrchr(l.ko, '/') + 1, &l.len);
	if (o->once) {	/* for strace: the loads alone */
		for (int i = 0; i < o->once; i++)
			cycle_image(&l, &a, &b);
		return 0;
	}
	relocs = ko_count_relocs(l.image, l.len);
	alloc = ko_alloc_bytes(l.image, l.len);
	/* umod_load_image reads the image in place and copies each section
	 * into pages it zeroes first: twice the sections' bytes written. */
	copied = 2 * alloc;
	pages = (alloc + 4095) / 4096;

	cycle_image(&l, &a, &b);	/* warm up */
	cycle_file(&l, &a, &b);
	cycle_dlopen(&l, &a, &b);
	for (long r = 0; r < rounds; r++) {
		double load_img, load_file, load_dl;

		cycle_image(&l, &load_img, &b);
		samples_add(&img, load_img);
		samples_add(&img_un, b);
		cycle_file(&l, &load_file, &b);
		samples_add(&file, load_file);
		samples_add(&file_un, b);
		cycle_dlopen(&l, &load_dl, &b);
		samples_add(&dl, load_dl);
		samples_add(&dl_un, b);
		samples_add(&ratio, load_dl / load_img);
		samples_add(&rate, (double)relocs / load_img / 1e3);
	}
	/* The floor apart, so its mappings do not disturb the loads' heap. */
	for (long r = 0; r < rounds; r++) {
		samples_add(&bw, memcpy_bandwidth(l.len, 20));
		samples_add(&fault, page_fault_ns(pages));
		samples_add(&sys, syscall_ns(pages, 200));
	}
	floor_ms = ((double)copied / samples_median(&bw) +
		    3 * samples_median(&sys)) / 1e6;
	for (size_t i = 0; i < img.n; i++) {
		samples_add(&floor_img, img.v[i] / floor_ms);
		samples_add(&floor_file, file.v[i] / floor_ms);
		samples_add(&floor_dl, dl.v[i] / floor_ms);
	}

	table_begin("Figure 2: large module (load includes init; unload includes exit)");
	table_value("2", "module file", (double)l.len / 1e6, "MB");
	table_value("2", "allocated sections", (double)alloc / 1e6, "MB");
	table_value("2", "relocations", (double)relocs, "count");
	table_row("2", "umod_load_image", &img, "ms");
	table_row("2", "umod_unload", &img_un, "ms");
	table_row("2", "umod_load_file", &file, "ms");
	table_row("2", "dlopen(RTLD_NOW) + init", &dl, "ms");
	table_row("2", "exit + dlclose", &dl_un, "ms");
	table_row("2", "ratio dlopen / umod_load_image", &ratio, "×");
	table_row("2", "umod relocations per second (whole load)", &rate, "M/s");
	table_value("2", "floor: bytes written (zero + copy the sections)", (double)copied / 1e6, "MB");
	table_row("2", "floor: memcpy bandwidth", &bw, "GB/s");
	table_row("2", "floor: one system call (mprotect of the module's pages)", &sys, "ns");
	if (opt.syscalls)
		table_value("2", "floor: system calls per load (strace)", opt.syscalls, "count");
	table_value("2", "floor: zero + copy + 3 mprotect of every page", floor_ms, "ms");
	table_row("2", "(a first load instead: fresh page, map + first touch)", &fault, "ns/page");
	table_row("2", "umod_load_image / floor", &floor_img, "×");
	table_row("2", "umod_load_file / floor", &floor_file, "×");
	table_row("2", "dlopen / floor", &floor_dl, "×");
	return 0;
}
