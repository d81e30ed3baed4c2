// SPDX-License-Identifier: MIT
/*
 * bench-tools - figure 6: umod's tools against kmod's on one tree.
 *
 * The tree is what a distribution ships, in miniature: 4,000 modules in
 * forty directories, each with twenty exports and thirty imports, twenty
 * from the kernel and ten from three modules of lower layers (four
 * layers, so dependency chains stay as short as real ones).  Two copies,
 * one per tool set; kmod's depmod, modinfo and modprobe --show-depends
 * run in turns with umod's, and their outputs are compared byte for byte.
 * Then the same on a genuine Linux tree, scaled (tools-linux.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "kopatch.h"
#include "tools-linux.h"

#define RELEASE		"6.1.0-umod-bench"	/* kmod wants a number first */
#define NAME_LEN	9	/* z00000000, t00000_00, k00000000 */
#define NIMPORTS	30
#define NEXPORTS	20
#define NDIRS		40
#define LAYERS		4

static const char *const kmod_depmod = "/usr/sbin/depmod";
static const char *const kmod_modinfo = "/usr/sbin/modinfo";
static const char *const kmod_modprobe = "/usr/sbin/modprobe";

/* Depmod's outputs, all compared when present in either tree. */
static const char *const outputs[] = {
	"modules.dep", "modules.dep.bin", "modules.alias", "modules.alias.bin",
	"modules.softdep", "modules.symbols", "modules.symbols.bin",
	"modules.builtin.bin", "modules.builtin.alias.bin", "modules.devname",
	"modules.weakdep",	/* kmod 34's: compared where kmod wrote one */
};

struct tree {
	size_t n;
	char root[2][4096];	/* [0] kmod's copy, [1] umod's */
	char **rel;		/* per module: kernel/drivers/dNN/tNNNNN.ko */
	char **name;
};

static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void mkdirs(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) && errno != EEXIST)
				bench_die("mkdir %s: %s", buf, strerror(errno));
			*p = '/';
		}
	if (mkdir(buf, 0755) && errno != EEXIST)
		bench_die("mkdir %s: %s", buf, strerror(errno));
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		bench_die("%s: cannot write", path);
}

/* modules.order, and the built-in lists, empty, as a kernel build leaves
 * them: without them depmod warns. */
static void write_lists(const struct tree *t, int c)
{
	static const char *const empty[] = { "modules.builtin", "modules.builtin.modinfo" };
	char path[8192];
	FILE *f;

	snprintf(path, sizeof(path), "%s/lib/modules/" RELEASE "/modules.order", t->root[c]);
	f = fopen(path, "w");
	if (!f)
		bench_die("%s: %s", path, strerror(errno));
	for (size_t i = 0; i < t->n; i++)
		fprintf(f, "%s\n", t->rel[i]);
	if (fclose(f))
		bench_die("%s: cannot write", path);
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "%s/lib/modules/" RELEASE "/%s", t->root[c], empty[k]);
		write_file(path, "", 0);
	}
}

/* The first module of layer l. */
static size_t layer_start(size_t n, size_t l)
{
	return n * l / LAYERS;
}

/* Imports: kernel symbols, or exports of three modules of lower layers. */
static void choose_imports(size_t n, size_t i, char names[NIMPORTS][NAME_LEN + 1])
{
	size_t l = i * LAYERS / n, deps[3];
	int k = 0;

	if (l > 0) {
		size_t lo = layer_start(n, l - 1), hi = layer_start(n, l);

		deps[0] = lo + rng() % (hi - lo);
		deps[1] = lo + rng() % (hi - lo);
		deps[2] = rng() % hi;
		for (; k < 10; k++)
			snprintf(names[k], NAME_LEN + 1, "t%05u_%02u",
				 (unsigned int)(deps[k < 4 ? 0 : k < 7 ? 1 : 2] % 100000),
				 (unsigned int)(rng() % NEXPORTS));
	}
	for (; k < NIMPORTS; k++)
		snprintf(names[k], NAME_LEN + 1, "k%08u",
			 (unsigned int)(rng() % 20000));
}

static void make_tree(struct tree *t, const struct bench_opts *o, size_t n)
{
	size_t len, slots[NIMPORTS];
	unsigned char *tpl = bench_read(o, "mod-tree.ko", &len);
	unsigned char *copy = malloc(len);
	char path[8192], dir[4096], names[NIMPORTS][NAME_LEN + 1];

	if (ko_import_slots(tpl, len, "z", slots, NIMPORTS) != NIMPORTS)
		bench_die("mod-tree.ko: want imports z00000000 to z00000029");
	t->n = n;
	t->rel = calloc(n, sizeof(*t->rel));
	t->name = calloc(n, sizeof(*t->name));
	if (!copy || !t->rel || !t->name)
		bench_die("out of memory");
	for (int c = 0; c < 2; c++) {
		bench_path(o, c ? "tree/umod" : "tree/kmod", t->root[c], sizeof(t->root[c]));
		snprintf(path, sizeof(path), "rm -rf '%s'", t->root[c]);
		if (system(path))
			bench_die("%s failed", path);
	}
	for (size_t i = 0; i < n; i++) {
		unsigned int id = (unsigned int)(i % 100000);

		if (asprintf(&t->name[i], "t%05u", id) < 0 ||
		    asprintf(&t->rel[i], "kernel/drivers/d%02u/t%05u.ko",
			     (unsigned int)(i % NDIRS), id) < 0)
			bench_die("out of memory");
		memcpy(copy, tpl, len);
		ko_rename(copy, len, "tQQQQQ", t->name[i]);
		choose_imports(n, i, names);
		for (int k = 0; k < NIMPORTS; k++)
			memcpy(copy + slots[k], names[k], NAME_LEN);
		for (int c = 0; c < 2; c++) {
			snprintf(dir, sizeof(dir), "%s/lib/modules/" RELEASE "/kernel/drivers/d%02u",
				 t->root[c], (unsigned int)(i % NDIRS));
			if (i < NDIRS)
				mkdirs(dir);
			snprintf(path, sizeof(path), "%s/lib/modules/" RELEASE "/%s",
				 t->root[c], t->rel[i]);
			write_file(path, copy, len);
		}
	}
	for (int c = 0; c < 2; c++)
		write_lists(t, c);
	free(copy);
	free(tpl);
}

/* ---- comparing ---- */

/* 0 when both files are absent or hold the same bytes. */
static int differ(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca, cb, ret = 0;

	if (!fa || !fb) {
		ret = !fa != !fb;
		goto out;
	}
	do {
		ca = getc(fa);
		cb = getc(fb);
	} while (ca == cb && ca != EOF);
	ret = ca != cb;
out:
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return ret;
}

static int depmod_outputs_differ(const struct tree *t)
{
	char a[8192], b[8192];
	int n = 0;

	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		snprintf(a, sizeof(a), "%s/lib/modules/" RELEASE "/%s", t->root[0], outputs[i]);
		snprintf(b, sizeof(b), "%s/lib/modules/" RELEASE "/%s", t->root[1], outputs[i]);
		if (!strcmp(outputs[i], "modules.weakdep") && access(a, F_OK))
			continue;
		if (differ(a, b)) {
			fprintf(stderr, "bench-tools: depmod: %s differs\n", outputs[i]);
			n++;
		}
	}
	return n;
}

/* ---- running ---- */

struct argv {
	char **v;
	size_t n, cap;
};

static void arg(struct argv *a, const char *s)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = realloc(a->v, a->cap * sizeof(*a->v));
		if (!a->v)
			bench_die("out of memory");
	}
	a->v[a->n++] = strdup(s);
	a->v[a->n] = NULL;
}

static void argv_free(struct argv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	*a = (struct argv){ 0 };
}

/* Milliseconds for one run, which must exit 0. */
static double timed(struct argv *a, const char *out)
{
	uint64_t t0 = bench_now();
	int status = bench_run(a->v, out);

	if (status)
		bench_die("%s %s exited %d", a->v[0], a->v[1], status);
	return (double)(bench_now() - t0) / 1e6;
}

/* The command for tool set c (0 kmod, 1 umod): kmod's path, or umod
 * with the tool's name as its first argument. */
static void command(struct argv *a, int c, const char *umod, const char *kmod,
		    const char *name)
{
	arg(a, c ? umod : kmod);
	if (c)
		arg(a, name);
}

struct figure {
	struct samples t[2], ratio;
	int diffs;
};

static void depmod_args(struct argv *a, const struct tree *t, int c, const char *umod)
{
	command(a, c, umod, kmod_depmod, "depmod");
	arg(a, "-b");
	arg(a, t->root[c]);
	arg(a, RELEASE);
}

static void modinfo_args(struct argv *a, const struct tree *t, int c, const char *umod)
{
	char path[8192];

	command(a, c, umod, kmod_modinfo, "modinfo");
	for (size_t i = 0; i < t->n; i++) {
		snprintf(path, sizeof(path), "%s/lib/modules/" RELEASE "/%s", t->root[0], t->rel[i]);
		arg(a, path);
	}
}

/* --show-depends of every module of the top layer, through the index. */
static void modprobe_args(struct argv *a, const struct tree *t, int c,
			  const char *umod, const char *noconf)
{
	command(a, c, umod, kmod_modprobe, "modprobe");
	arg(a, "-d");
	arg(a, t->root[0]);
	arg(a, "-S");
	arg(a, RELEASE);
	arg(a, "-C");
	arg(a, noconf);
	arg(a, "--show-depends");
	arg(a, "-a");
	for (size_t i = layer_start(t->n, LAYERS - 1); i < t->n; i++)
		arg(a, t->name[i]);
}

enum which { DEPMOD, MODINFO, MODPROBE };

static void run_figure(struct figure *f, enum which w, const struct tree *t,
		       const char *umod, const char *dir, long rounds)
{
	char out[2][4096], noconf[4096];
	struct argv a[2] = { { 0 }, { 0 } };

	/* An empty configuration directory; not named *.d, which the
	 * Makefile would take for dependency files. */
	snprintf(noconf, sizeof(noconf), "%s/tree/no-config", dir);
	mkdirs(noconf);
	for (int c = 0; c < 2; c++) {
		snprintf(out[c], sizeof(out[c]), "%s/tree/%s.out", dir, c ? "umod" : "kmod");
		if (w == DEPMOD)
			depmod_args(&a[c], t, c, umod);
		else if (w == MODINFO)
			modinfo_args(&a[c], t, c, umod);
		else
			modprobe_args(&a[c], t, c, umod, noconf);
	}
	for (long r = 0; r < rounds; r++) {
		double k = timed(&a[0], out[0]);
		double u = timed(&a[1], out[1]);

		samples_add(&f->t[0], k);
		samples_add(&f->t[1], u);
		samples_add(&f->ratio, k / u);
	}
	f->diffs = w == DEPMOD ? depmod_outputs_differ(t) + differ(out[0], out[1])
			       : differ(out[0], out[1]);
	if (f->diffs && w != DEPMOD)
		fprintf(stderr, "bench-tools: %s: outputs differ: diff %s %s\n",
			w == MODINFO ? "modinfo" : "modprobe", out[0], out[1]);
	argv_free(&a[0]);
	argv_free(&a[1]);
}

static void print_figure(const char *what, struct figure *f)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s: kmod", what);
	table_row("6", buf, &f->t[0], "ms");
	snprintf(buf, sizeof(buf), "%s: umod", what);
	table_row("6", buf, &f->t[1], "ms");
	snprintf(buf, sizeof(buf), "%s: ratio kmod / umod", what);
	table_row("6", buf, &f->ratio, "×");
	snprintf(buf, sizeof(buf), "%s: outputs that differ", what);
	table_value("6", buf, f->diffs, "files");
}

int main(int argc, char **argv)
{
	struct bench_opts o;
	struct tree t = { 0 };
	struct figure dep = { 0 }, info = { 0 }, probe = { 0 };
	char umod[4096], what[128];
	long rounds;

	bench_parse_opts(&o, argc, argv);
	if (access(kmod_depmod, X_OK) || access(kmod_modinfo, X_OK) ||
	    access(kmod_modprobe, X_OK))
		bench_die("kmod's depmod, modinfo and modprobe are the peers: install kmod");
	bench_path(&o, "../umod", umod, sizeof(umod));
	make_tree(&t, &o, (size_t)bench_scale(&o, 4000, 1000, 40));
	rounds = bench_scale(&o, 5, 2, 1);

	/* depmod first: modprobe needs its index, in kmod's copy. */
	run_figure(&dep, DEPMOD, &t, umod, o.dir, rounds);
	run_figure(&info, MODINFO, &t, umod, o.dir, rounds);
	run_figure(&probe, MODPROBE, &t, umod, o.dir, rounds);

	table_begin("Figure 6: the tools against kmod's on one tree");
	table_value("6", "modules in the tree", (double)t.n, "count");
	snprintf(what, sizeof(what), "depmod -b ROOT %s", RELEASE);
	print_figure(what, &dep);
	snprintf(what, sizeof(what), "modinfo of all %zu files", t.n);
	print_figure(what, &info);
	snprintf(what, sizeof(what), "modprobe --show-depends -a, %zu modules",
		 t.n - layer_start(t.n, LAYERS - 1));
	print_figure(what, &probe);
	tools_linux_figure(&o, umod);
	return 0;
}
