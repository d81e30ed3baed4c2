// SPDX-License-Identifier: MIT
/*
 * bench-many - figure 4: ten thousand modules in a dependency DAG.
 *
 * Module i imports one export from each of up to three earlier modules,
 * drawn at random (the first imports from the host).  All are loaded in
 * order, from images in memory, then removed in reverse order; the round
 * trip should take under 2 s.  Memory per module is the module arena's
 * pages in use plus what malloc holds for it (mallinfo2), both measured
 * with everything loaded against before.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <umod/host.h>

#include "bench.h"
#include "kopatch.h"

#define NAME_LEN 8	/* y0000000 and d00000_0 */
#define NIMPORTS 3

/* libumod's own count, linked from libumod.a (src/internal.h). */
size_t umod_arena_bytes_in_use(void);

/* What the first module imports. */
long h0000000(long x) { return x + 1; }
long h0000001(long x) { return x * 2; }
long h0000002 = 42;
EXPORT_SYMBOL(h0000000);
EXPORT_SYMBOL(h0000001);
EXPORT_SYMBOL(h0000002);

struct dag {
	size_t n, len;
	unsigned char **images;
	char (*names)[16];
};

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* Every copy made before the clock starts: only loading is timed. */
static void make_dag(struct dag *d, const struct bench_opts *o, size_t n)
{
	size_t len, slots[NIMPORTS];
	unsigned char *tpl = bench_read(o, "mod-dag.ko", &len);
	char sym[16];

	if (ko_import_slots(tpl, len, "y", slots, NIMPORTS) != NIMPORTS)
		bench_die("mod-dag.ko: want imports y0000000 to y0000002");
	d->n = n;
	d->len = len;
	d->images = malloc(n * sizeof(*d->images));
	d->names = malloc(n * sizeof(*d->names));
	if (!d->images || !d->names)
		bench_die("out of memory");
	for (size_t i = 0; i < n; i++) {
		unsigned char *img = malloc(len);

		if (!img)
			bench_die("out of memory");
		memcpy(img, tpl, len);
		snprintf(d->names[i], sizeof(d->names[i]), "d%05u", (unsigned int)(i % 100000));
		if (!ko_rename(img, len, "dQQQQQ", d->names[i]))
			bench_die("mod-dag.ko: no dQQQQQ to rename");
		for (int k = 0; k < NIMPORTS; k++) {
			if (i == 0)
				snprintf(sym, sizeof(sym), "h%07d", k);
			else
				snprintf(sym, sizeof(sym), "d%05u_%d",
					 (unsigned int)(rng() % i % 100000), k);
			memcpy(img + slots[k], sym, NAME_LEN);
		}
		d->images[i] = img;
	}
	free(tpl);
}

static size_t malloc_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

struct round {
	struct samples load, unload, trip, first, last, arena, heap;
};

static void round_trip(const struct dag *d, struct round *r)
{
	struct umod_ctx *ctx = bench_ctx();
	size_t arena0 = umod_arena_bytes_in_use(), heap0 = malloc_bytes();
	size_t tenth = d->n / 10 ? d->n / 10 : 1;
	uint64_t t0 = bench_now(), t_first = 0, t_last = 0, t1, t2;

	for (size_t i = 0; i < d->n; i++) {
		if (i == tenth)
			t_first = bench_now() - t0;
		if (i == d->n - tenth)
			t_last = bench_now();
		bench_load(ctx, d->images[i], d->len);
	}
	t1 = bench_now();
	t_last = t1 - t_last;
	samples_add(&r->arena, (double)(umod_arena_bytes_in_use() - arena0) / (double)d->n);
	samples_add(&r->heap, (double)(malloc_bytes() - heap0) / (double)d->n);
	for (size_t i = d->n; i-- > 0;)
		bench_unload(ctx, d->names[i]);
	t2 = bench_now();
	umod_ctx_free(ctx);

	samples_add(&r->load, (double)(t1 - t0) / 1e6);
	samples_add(&r->unload, (double)(t2 - t1) / 1e6);
	samples_add(&r->trip, (double)(t2 - t0) / 1e9);
	samples_add(&r->first, (double)t_first / 1e3 / (double)tenth);
	samples_add(&r->last, (double)t_last / 1e3 / (double)tenth);
}

int main(int argc, char **argv)
{
	struct bench_opts o;
	struct dag d;
	struct round r = { 0 };
	long rounds;
	char what[128];

	bench_parse_opts(&o, argc, argv);
	make_dag(&d, &o, (size_t)bench_scale(&o, 10000, 2000, 50));
	rounds = bench_scale(&o, 5, 2, 1);
	for (long i = 0; i < rounds; i++)
		round_trip(&d, &r);

	table_begin("Figure 4: many modules in a dependency DAG (load in order, unload in reverse)");
	table_value("4", "modules", (double)d.n, "count");
	table_value("4", "module file", (double)d.len, "bytes");
	table_row("4", "load all", &r.load, "ms");
	table_row("4", "unload all", &r.unload, "ms");
	table_row("4", "round trip", &r.trip, "s");
	snprintf(what, sizeof(what), "load, first %zu modules, per module", d.n / 10 ? d.n / 10 : 1);
	table_row("4", what, &r.first, "µs");
	snprintf(what, sizeof(what), "load, last %zu modules, per module", d.n / 10 ? d.n / 10 : 1);
	table_row("4", what, &r.last, "µs");
	table_row("4", "memory per module: module arena", &r.arena, "bytes");
	table_row("4", "memory per module: malloc (mallinfo2)", &r.heap, "bytes");
	return 0;
}
