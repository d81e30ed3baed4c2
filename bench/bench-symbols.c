// SPDX-License-Identifier: MIT
/*
 * bench-symbols - figure 3: resolving imports at scale.
 *
 * The host exports a million symbols (h0000000 to h0999999, made at run
 * time and given to umod_export_table).  Filler modules, ten exports
 * each, are loaded in steps of 10, 100, 1,000 and 10,000; at each step a
 * probe module with 10,000 imports, half from the host and half spread
 * over the fillers' exports, is loaded and unloaded, each time with
 * names of its own (measure_umod).  Its load time per import should stay
 * flat as modules grow, since umod resolves through one hash index.
 *
 * Beside it, the same names are resolved Linux's way, which the program
 * models: binary search of the kernel's sorted export table, then of
 * each loaded module's sorted table in turn, newest first (Linux adds
 * modules at the head of its list), until one has the name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <umod/host.h>

#include "bench.h"
#include "kopatch.h"

#define NAME_LEN	8	/* h0000000, f00000_0, x0000000: one length */
#define FILLER_EXPORTS	10
#define MAX_HOST	1000000

/* Static, so the objects sit in the executable's image, near modules. */
static long host_objs[MAX_HOST];

struct lx_sym {
	const char *name;
	const void *addr;
};

/* Linux's view: a sorted table for the kernel, then one per module. */
struct lx_world {
	const struct lx_sym *kernel;
	size_t nkernel;
	struct lx_sym (*mods)[FILLER_EXPORTS];	/* in load order */
	size_t nmods;
};

struct world {
	struct umod_ctx *ctx;
	size_t nhost, nimports, nfill;
	char *host_names;		/* nhost names, NUL-terminated */
	struct umod_symbol *host_tab;
	unsigned char *filler, *probe;	/* templates */
	size_t filler_len, probe_len;
	size_t *slots;			/* the probe's import names */
	char (*imports)[NAME_LEN + 1];	/* what they are renamed to */
	char (*fill_names)[FILLER_EXPORTS][NAME_LEN + 1];
	struct lx_world lx;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* ---- Linux's lookup, modelled ---- */

static const void *lx_bsearch(const struct lx_sym *tab, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, tab[mid].name);

		if (!c)
			return tab[mid].addr;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const void *lx_find(const struct lx_world *lx, const char *name)
{
	const void *addr = lx_bsearch(lx->kernel, lx->nkernel, name);

	for (size_t m = lx->nmods; !addr && m-- > 0;)
		addr = lx_bsearch(lx->mods[m], FILLER_EXPORTS, name);
	return addr;
}

/* ---- the world ---- */

static int cmp_lx(const void *a, const void *b)
{
	return strcmp(((const struct lx_sym *)a)->name, ((const struct lx_sym *)b)->name);
}

static void export_host(struct world *w)
{
	struct lx_sym *kernel = malloc(w->nhost * sizeof(*kernel));

	w->host_names = malloc(w->nhost * (NAME_LEN + 1));
	w->host_tab = malloc(w->nhost * sizeof(*w->host_tab));
	if (!w->host_names || !w->host_tab || !kernel)
		bench_die("out of memory");
	for (size_t i = 0; i < w->nhost; i++) {
		char *name = w->host_names + i * (NAME_LEN + 1);

		snprintf(name, NAME_LEN + 1, "h%07u", (unsigned int)(i % 10000000));
		w->host_tab[i] = (struct umod_symbol){ name, &host_objs[i] };
		kernel[i] = (struct lx_sym){ name, &host_objs[i] };
	}
	if (umod_export_table(w->ctx, w->host_tab, w->nhost, 0))
		bench_die("umod_export_table: %s", umod_errmsg());
	qsort(kernel, w->nhost, sizeof(*kernel), cmp_lx);	/* sorted already */
	w->lx.kernel = kernel;
	w->lx.nkernel = w->nhost;
}

/* Load fillers until there are n; each joins Linux's list too. */
static void grow_fillers(struct world *w, size_t n)
{
	unsigned char *copy = malloc(w->filler_len);
	char name[16];

	w->lx.mods = realloc(w->lx.mods, n * sizeof(*w->lx.mods));
	w->fill_names = realloc(w->fill_names, n * sizeof(*w->fill_names));
	if (!copy || !w->lx.mods || !w->fill_names)
		bench_die("out of memory");
	for (; w->nfill < n; w->nfill++) {
		unsigned int id = (unsigned int)(w->nfill % 100000);

		snprintf(name, sizeof(name), "f%05u", id);
		memcpy(copy, w->filler, w->filler_len);
		if (!ko_rename(copy, w->filler_len, "fQQQQQ", name))
			bench_die("mod-filler.ko: no fQQQQQ to rename");
		bench_load(w->ctx, copy, w->filler_len);
		for (int k = 0; k < FILLER_EXPORTS; k++) {
			struct lx_sym *s = &w->lx.mods[w->nfill][k];
			char *sym = w->fill_names[w->nfill][k];

			snprintf(sym, NAME_LEN + 1, "f%05u_%d", id, k);
			*s = (struct lx_sym){ sym, umod_find_symbol(w->ctx, sym) };
			if (!s->addr)
				bench_die("%s: export %s not found", name, sym);
		}
	}
	w->lx.nmods = n;
	free(copy);
}

static void unload_fillers(struct world *w)
{
	char name[16];

	while (w->nfill > 0) {
		w->nfill--;
		snprintf(name, sizeof(name), "f%05u", (unsigned int)(w->nfill % 100000));
		bench_unload(w->ctx, name);
	}
	w->lx.nmods = 0;
}

/* Half the imports from the host, half from any loaded filler; how many
 * fillers they name, each a dependency for the probe to record. */
static size_t choose_imports(struct world *w)
{
	bool *named = calloc(w->nfill, sizeof(*named));
	size_t exporters = 0;

	if (!named)
		bench_die("out of memory");
	for (size_t i = 0; i < w->nimports; i++) {
		uint64_t r = rng();
		size_t filler = r % w->nfill;

		if (i % 2) {
			snprintf(w->imports[i], NAME_LEN + 1, "h%07u",
				 (unsigned int)(r % w->nhost % 10000000));
			continue;
		}
		snprintf(w->imports[i], NAME_LEN + 1, "f%05u_%u",
			 (unsigned int)(filler % 100000),
			 (unsigned int)(r >> 32) % FILLER_EXPORTS);
		exporters += !named[filler];
		named[filler] = true;
	}
	free(named);
	return exporters;
}

static void patch_probe(const struct world *w, unsigned char *copy)
{
	memcpy(copy, w->probe, w->probe_len);
	for (size_t i = 0; i < w->nimports; i++)
		memcpy(copy + w->slots[i], w->imports[i], NAME_LEN);
}

/* ---- the measurements, at one module count ---- */

struct step {
	struct samples load, per_import, per_import_cpu, host, mod, lx_host,
		lx_mod, ratio, name, exporters;
};

/* The loading thread's CPU time, in ns: on a shared machine, what a load
 * costs without the time others ran in its middle. */
static uint64_t thread_cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Nanoseconds per name over names[first], names[first + 2], ... below n:
 * imports alternate, module exports at even indices, host at odd. */
static double time_umod(const struct world *w, size_t first, size_t n)
{
	uint64_t t0 = bench_now();
	uintptr_t sink = 0;

	for (size_t i = first; i < n; i += 2)
		sink += (uintptr_t)umod_find_symbol(w->ctx, w->imports[i]);
	__asm__ volatile("" : : "r"(sink));
	return (double)(bench_now() - t0) / (double)((n - first + 1) / 2);
}

static double time_linux(const struct world *w, size_t first, size_t n)
{
	uint64_t t0 = bench_now();
	uintptr_t sink = 0;

	for (size_t i = first; i < n; i += 2)
		sink += (uintptr_t)lx_find(&w->lx, w->imports[i]);
	__asm__ volatile("" : : "r"(sink));
	return (double)(bench_now() - t0) / (double)((n - first + 1) / 2);
}

/* What every load pays to check its name is free: umod_module_get of
 * a name that is not loaded, in microseconds. */
static double time_name_check(const struct world *w)
{
	uint64_t t0 = bench_now();

	for (int i = 0; i < 20; i++)
		if (umod_module_get(w->ctx, "p00000"))
			bench_die("p00000 still loaded");
	return (double)(bench_now() - t0) / 20 / 1e3;
}

/*
 * Each load resolves imports of its own, as modules do, and each lookup
 * timing names no load has just resolved: repeating one set of names
 * would time lookups the previous round left in cache.  The Linux model
 * runs apart, after umod's rounds, so that its walk of every module's
 * table, which grows with the count, leaves umod's caches alone.
 */
static void measure_umod(struct world *w, struct step *st, long repeats)
{
	unsigned char *copy = malloc(w->probe_len);
	uint64_t t0, cpu0;

	if (!copy)
		bench_die("out of memory");
	for (long r = 0; r < repeats; r++) {
		double load, cpu;

		samples_add(&st->exporters, (double)choose_imports(w));
		patch_probe(w, copy);
		bench_perf(w->nfill >= 10000);	/* profile the last step's loads */
		cpu0 = thread_cpu_now();
		t0 = bench_now();
		bench_load(w->ctx, copy, w->probe_len);
		load = (double)(bench_now() - t0);
		cpu = (double)(thread_cpu_now() - cpu0);
		bench_perf(false);
		bench_unload(w->ctx, "p00000");
		samples_add(&st->load, load / 1e6);
		samples_add(&st->per_import, load / (double)w->nimports);
		samples_add(&st->per_import_cpu, cpu / (double)w->nimports);

		choose_imports(w);
		samples_add(&st->host, time_umod(w, 1, w->nimports));
		samples_add(&st->mod, time_umod(w, 0, w->nimports));
		samples_add(&st->name, time_name_check(w));
	}
	free(copy);
}

static void measure_linux(struct world *w, struct step *st, long repeats)
{
	/* Linux's walk grows with the modules: past a thousand, a tenth of
	 * the names (host and module imports alternate, so the mix holds). */
	size_t nlx = w->nfill > 1000 ? w->nimports / 10 : w->nimports;

	for (long r = 0; r < repeats; r++) {
		double lx_mod, mod;

		choose_imports(w);
		samples_add(&st->lx_host, time_linux(w, 1, nlx));
		samples_add(&st->lx_mod, lx_mod = time_linux(w, 0, nlx));
		/* the ratio round by round: umod's on the same names */
		mod = time_umod(w, 0, nlx);
		samples_add(&st->ratio, lx_mod / mod);
	}
}

static void step_row(const struct world *w, const char *what,
		     const struct samples *s, const char *unit)
{
	char buf[160];

	snprintf(buf, sizeof(buf), "%zu modules: %s", w->nfill, what);
	table_row("3", buf, s, unit);
}

static void print_step(const struct world *w, struct step *st)
{
	char what[96];

	snprintf(what, sizeof(what), "probe load + init (%zu imports)", w->nimports);
	step_row(w, what, &st->load, "ms");
	step_row(w, "umod load, per import", &st->per_import, "ns");
	step_row(w, "umod load, per import, the thread's CPU time", &st->per_import_cpu, "ns");
	step_row(w, "umod_find_symbol, host export", &st->host, "ns");
	step_row(w, "umod_find_symbol, module export", &st->mod, "ns");
	step_row(w, "Linux's lookup (model), host export", &st->lx_host, "ns");
	step_row(w, "Linux's lookup (model), module export", &st->lx_mod, "ns");
	step_row(w, "ratio Linux's / umod, module export", &st->ratio, "×");
	step_row(w, "name check (umod_module_get, absent)", &st->name, "µs");
	step_row(w, "modules the probe imports from", &st->exporters, "count");
}

/* One line a step, for bench/fig3-symbols.gp: median, min and max of
 * the load per import, then of umod_find_symbol (host, module export),
 * then the Linux model's module-export lookup, then the load per import
 * in the thread's CPU time. */
static void write_step(FILE *f, const struct world *w, const struct step *st)
{
	const struct samples *cols[] = { &st->per_import, &st->host, &st->mod,
					 &st->lx_mod, &st->per_import_cpu };

	fprintf(f, "%zu", w->nfill);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		fprintf(f, " %.1f %.1f %.1f", samples_median(cols[i]),
			samples_min(cols[i]), samples_max(cols[i]));
	fputc('\n', f);
}

static FILE *open_data(const struct bench_opts *o)
{
	char path[4096];
	FILE *f = fopen(bench_path(o, "fig3-symbols.dat", path, sizeof(path)), "w");

	if (!f)
		bench_die("%s: %s", path, strerror(errno));
	fprintf(f, "# figure 3: ns, median min max of: probe load per import,"
		   " umod_find_symbol host export, module export, Linux's"
		   " lookup (model) module export, probe load per import in"
		   " CPU time\n# modules load_per_import (3) find_host (3)"
		   " find_module (3) linux_module (3) load_per_import_cpu (3)\n");
	return f;
}

static void setup(struct world *w, const struct bench_opts *o)
{
	const char *probe = o->smoke ? "gen-probe-smoke.ko" : "gen-probe.ko";
	size_t want = o->smoke ? 100 : 10000;

	w->ctx = bench_ctx();
	w->nhost = (size_t)bench_scale(o, MAX_HOST, MAX_HOST, 20000);
	w->filler = bench_read(o, "mod-filler.ko", &w->filler_len);
	w->probe = bench_read(o, probe, &w->probe_len);
	w->slots = malloc(want * sizeof(*w->slots));
	w->imports = malloc(want * sizeof(*w->imports));
	if (!w->slots || !w->imports)
		bench_die("out of memory");
	w->nimports = ko_import_slots(w->probe, w->probe_len, "x", w->slots, want);
	if (w->nimports != want)
		bench_die("%s: %zu imports named x<n>, want %zu", probe, w->nimports, want);
	if (ko_rename(w->probe, w->probe_len, "pQQQQQ", "p00000") == 0)
		bench_die("%s: no pQQQQQ to rename", probe);
}

int main(int argc, char **argv)
{
	static const size_t full[] = { 10, 100, 1000, 10000 };
	struct bench_opts o;
	struct world w = { 0 };
	struct samples export_ms = { 0 };
	size_t nsteps;
	long repeats;
	uint64_t t0;
	FILE *data;

	bench_parse_opts(&o, argc, argv);
	nsteps = (size_t)bench_scale(&o, 4, 3, 1);
	repeats = bench_scale(&o, 9, 5, 1);
	setup(&w, &o);

	t0 = bench_now();
	export_host(&w);
	samples_add(&export_ms, (double)(bench_now() - t0) / 1e6);

	table_begin("Figure 3: symbol resolution at scale (host exports, probe imports)");
	table_value("3", "host exports (umod_export_table)", (double)w.nhost, "count");
	table_row("3", "umod_export_table of all of them, once", &export_ms, "ms");
	data = open_data(&o);
	for (size_t i = 0; i < nsteps; i++) {
		struct step st = { 0 };

		grow_fillers(&w, full[i]);
		measure_umod(&w, &st, repeats);
		measure_linux(&w, &st, repeats);
		print_step(&w, &st);
		write_step(data, &w, &st);
	}
	if (fclose(data))
		bench_die("fig3-symbols.dat: cannot write");
	unload_fillers(&w);
	umod_ctx_free(w.ctx);
	return 0;
}
