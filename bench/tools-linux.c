// SPDX-License-Identifier: MIT
/*
 * tools-linux.c - figure 6, second part: umod's tools against kmod's on
 * a genuine Linux module tree ($(B)/linux, tests/linux/fetch.sh), at ½,
 * 1, 2 and 4 times its size.
 *
 * A lookup should cost the same whatever the tree's size, as kmod's
 * does: both read the .bin tries in place.  The scaled trees are links
 * to the genuine files: half of them (every other line of modules.order),
 * or all of them once more under kernel/copyN/ with "_cN" added to each
 * file's name, so the indexes grow with the tree (a module's aliases and
 * exports come again under a new name).  Per tree: depmod; then, one
 * process a call, modprobe --show-depends of the module with the longest
 * dependency line, modprobe -R of a PCI alias, modinfo by name.  kmod's
 * and umod's calls alternate; each output is compared with kmod's.
 *
 * The table goes with figure 6; the per-call medians also go to
 * fig6-linux.dat beside the modules, which bench/fig6-linux.gp plots.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "tools-linux.h"

static const char *const kmod_path[] = {
	"/usr/sbin/depmod", "/usr/sbin/modprobe", "/usr/sbin/modinfo",
};

/* The scales, in halves of the genuine tree. */
static const int halves[] = { 1, 2, 4, 8 };
#define NSCALES (sizeof(halves) / sizeof(halves[0]))

enum call { DEPMOD, SHOW_DEPENDS, RESOLVE, MODINFO, NCALLS };

static const char *const call_name[NCALLS] = {
	"depmod -b ROOT", "modprobe --show-depends (deepest module)",
	"modprobe -R (a PCI alias)", "modinfo by name",
};

struct linux_tree {
	char src[4096 + 256 + 1];	/* <linux>/lib/modules/<release> */
	char release[256];
	char **order;		/* modules.order's lines */
	size_t n;
};

struct scaled {
	char root[2][4096];	/* [0] kmod's, [1] umod's */
	char dir[2][4096 + 256 + 16];	/* their lib/modules/<release> */
	size_t n;
};

/* ---- running, quietly ---- */

/* argv with stdout to out (NULL: /dev/null) and stderr to /dev/null: the
 * scaled trees miss symbols, which both depmods report at length. */
static int run_quiet(char *const argv[], const char *out, double *cpu_ms)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	int status, ret;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out ? out : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	ret = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret)
		bench_die("cannot run %s: %s", argv[0], strerror(ret));
	if (wait4(pid, &status, 0, &ru) != pid)
		bench_die("wait4 %s: %s", argv[0], strerror(errno));
	*cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		  (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Wall-clock ms of one run; its user and system CPU ms added to *cpu,
 * which the other helpers' load on a shared machine disturbs less. */
static double timed_ms(char *const argv[], const char *out, double *cpu)
{
	uint64_t t0 = bench_now();
	double used;

	run_quiet(argv, out, &used);
	*cpu += used;
	return (double)(bench_now() - t0) / 1e6;
}

/* ---- the genuine tree ---- */

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&s, &len, '\0', f) < 0) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* false if there is no tree: the benchmark then says so and goes on. */
static bool find_linux(struct linux_tree *t, const struct bench_opts *o)
{
	char base[4096], path[8192], *text, *line, *save;
	struct dirent *e;
	DIR *d;

	bench_path(o, "../linux/lib/modules", path, sizeof(path));
	/* the links made to its files must name them from anywhere */
	if (!realpath(path, base) || !(d = opendir(base)))
		return false;
	t->release[0] = '\0';
	while ((e = readdir(d)))	/* the first in name order, as the tests take */
		if (e->d_name[0] != '.' &&
		    (!t->release[0] || strcmp(e->d_name, t->release) < 0))
			snprintf(t->release, sizeof(t->release), "%s", e->d_name);
	closedir(d);
	if (!t->release[0])
		return false;
	snprintf(t->src, sizeof(t->src), "%s/%s", base, t->release);
	snprintf(path, sizeof(path), "%s/modules.order", t->src);
	if (!(text = read_text(path)))
		return false;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		t->order = realloc(t->order, (t->n + 1) * sizeof(*t->order));
		if (!t->order || !(t->order[t->n++] = strdup(line)))
			bench_die("out of memory");
	}
	free(text);
	return t->n > 0;
}

static void sh(const char *fmt, const char *a, const char *b)
{
	char cmd[16384];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	if (system(cmd))
		bench_die("%s failed", cmd);
}

static void mkdir_p(char *path)
{
	for (char *p = path + 1; ; p++) {
		char c = *p;

		if (c && c != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			bench_die("mkdir %s: %s", path, strerror(errno));
		*p = c;
		if (!c)
			break;
	}
}

/* kernel/x/name.ko as copy c: kernel/copyC/x/name_cC.ko */
static void copy_name(char *buf, size_t len, const char *rel, int c)
{
	const char *base = strrchr(rel, '/'), *ext;

	base = base ? base + 1 : rel;
	ext = strchr(base, '.');
	if (!c || !ext || strncmp(rel, "kernel/", 7)) {
		snprintf(buf, len, "%s", rel);
		return;
	}
	snprintf(buf, len, "kernel/copy%d/%.*s_c%d%s", c, (int)(ext - rel - 7),
		 rel + 7, c, ext);
}

static void link_module(const struct linux_tree *t, const char *dir,
			const char *rel, const char *as)
{
	char src[8192], dst[8192], *slash;

	snprintf(src, sizeof(src), "%s/%s", t->src, rel);
	snprintf(dst, sizeof(dst), "%s/%s", dir, as);
	slash = strrchr(dst, '/');
	*slash = '\0';
	mkdir_p(dst);
	*slash = '/';
	if (symlink(src, dst) && errno != EEXIST)
		bench_die("symlink %s: %s", dst, strerror(errno));
}

/* The tree at h halves, twice, links to the genuine files. */
static void make_scaled(struct scaled *s, const struct linux_tree *t,
			const struct bench_opts *o, int h)
{
	char name[64], as[4096], path[8192];
	int copies = h < 2 ? 1 : h / 2, step = h < 2 ? 2 : 1;

	for (int k = 0; k < 2; k++) {
		FILE *order;

		snprintf(name, sizeof(name), "linux-scaled/x%d-%s", h, k ? "umod" : "kmod");
		bench_path(o, name, s->root[k], sizeof(s->root[k]));
		sh("rm -rf '%s'%s", s->root[k], "");
		snprintf(s->dir[k], sizeof(s->dir[k]), "%s/lib/modules/%s",
			 s->root[k], t->release);
		sh("mkdir -p '%s'%s", s->dir[k], "");
		snprintf(path, sizeof(path), "%s/modules.order", s->dir[k]);
		if (!(order = fopen(path, "w")))
			bench_die("%s: %s", path, strerror(errno));
		s->n = 0;
		for (int c = 0; c < copies; c++)
			for (size_t i = 0; i < t->n; i += step) {
				copy_name(as, sizeof(as), t->order[i], c);
				link_module(t, s->dir[k], t->order[i], as);
				fprintf(order, "%s\n", as);
				s->n++;
			}
		if (fclose(order))
			bench_die("%s: cannot write", path);
		sh("cp '%s/modules.builtin' '%s/'", t->src, s->dir[k]);
		sh("cp '%s/modules.builtin.modinfo' '%s/'", t->src, s->dir[k]);
	}
}

/* ---- what to ask for ---- */

struct queries {
	char deep[256];		/* the module with the longest modules.dep line */
	char alias[512];	/* a PCI alias with a module */
	char info[256];		/* a module by name */
};

/* From the tree's own indexes (umod's, which equal kmod's: checked). */
static void choose_queries(struct queries *q, const char *dir)
{
	char path[8192], *text, *line, *save;
	size_t best = 0;

	snprintf(path, sizeof(path), "%s/modules.dep", dir);
	if (!(text = read_text(path)))
		bench_die("%s: cannot read", path);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t words = 0;
		const char *base, *colon = strchr(line, ':');

		for (const char *p = line; *p; p++)
			words += *p == ' ';
		if (!colon || words <= best)
			continue;
		best = words;
		base = memrchr(line, '/', colon - line);
		base = base ? base + 1 : line;
		snprintf(q->deep, sizeof(q->deep), "%.*s", (int)strcspn(base, ".:"), base);
	}
	free(text);
	snprintf(q->info, sizeof(q->info), "%s", q->deep);
	snprintf(path, sizeof(path), "%s/modules.alias", dir);
	if (!(text = read_text(path)))
		bench_die("%s: cannot read", path);
	q->alias[0] = '\0';
	for (line = strtok_r(text, "\n", &save); line && !q->alias[0];
	     line = strtok_r(NULL, "\n", &save)) {
		char pattern[512], *w = q->alias;

		if (sscanf(line, "alias %511s", pattern) != 1 || strncmp(pattern, "pci:v0000", 9))
			continue;
		/* the pattern made a device ID: its wildcards match nothing */
		for (const char *p = pattern; *p && w < q->alias + sizeof(q->alias) - 1; p++)
			if (*p != '*')
				*w++ = *p == '?' ? '0' : *p;
		*w = '\0';
	}
	free(text);
	if (!q->deep[0] || !q->alias[0])
		bench_die("%s: no module with dependencies or no PCI alias", dir);
}

/* ---- the calls ---- */

static void call_argv(char **v, enum call w, int k, const char *umod,
		      const struct scaled *s, const struct linux_tree *t,
		      const struct queries *q, const char *noconf)
{
	const char *root = s->root[k];
	int n = 0;

	v[n++] = (char *)(k ? umod : kmod_path[w == DEPMOD ? 0 : w == MODINFO ? 2 : 1]);
	if (k)
		v[n++] = w == DEPMOD ? "depmod" : w == MODINFO ? "modinfo" : "modprobe";
	switch (w) {
	case DEPMOD:
		v[n++] = "-b";
		v[n++] = (char *)root;
		break;
	case MODINFO:
		v[n++] = "-b";
		v[n++] = (char *)s->root[0];
		v[n++] = "-k";
		break;
	default:
		v[n++] = "-d";
		v[n++] = (char *)s->root[0];
		v[n++] = "-C";
		v[n++] = (char *)noconf;
		v[n++] = w == RESOLVE ? "-R" : "--show-depends";
		v[n++] = "-S";
		break;
	}
	v[n++] = (char *)t->release;
	if (w == SHOW_DEPENDS)
		v[n++] = (char *)q->deep;
	else if (w == RESOLVE)
		v[n++] = (char *)q->alias;
	else if (w == MODINFO)
		v[n++] = (char *)q->info;
	v[n] = NULL;
}

static bool files_differ(const char *a, const char *b)
{
	char *x = read_text(a), *y = read_text(b);
	bool d = !x != !y || (x && strcmp(x, y));

	free(x);
	free(y);
	return d;
}

/* depmod's text and .bin outputs, kmod's against umod's; modules.weakdep
 * is kmod 34's, compared when kmod wrote one. */
static int depmod_differ(const struct scaled *s)
{
	static const char *const files[] = {
		"modules.dep", "modules.dep.bin", "modules.alias", "modules.alias.bin",
		"modules.softdep", "modules.symbols", "modules.symbols.bin",
		"modules.builtin.bin", "modules.builtin.alias.bin", "modules.devname",
	};
	char a[8192], b[8192];
	int n = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(a, sizeof(a), "%s/%s", s->dir[0], files[i]);
		snprintf(b, sizeof(b), "%s/%s", s->dir[1], files[i]);
		if (files_differ(a, b)) {
			fprintf(stderr, "bench-tools: linux: depmod: %s differs\n",
				files[i]);
			n++;
		}
	}
	return n;
}

struct result {
	struct samples t[NCALLS][2], ratio[NCALLS];
	struct samples cpu[NCALLS][2], cpu_ratio[NCALLS];
	int diffs[NCALLS];
	size_t modules;
};

static void measure(struct result *r, const struct scaled *s,
		    const struct linux_tree *t, const struct bench_opts *o,
		    const char *umod, long rounds, long calls)
{
	char noconf[4096], out[2][4096], *v[2][16];
	struct queries q;

	bench_path(o, "linux-scaled/no-config", noconf, sizeof(noconf));
	sh("mkdir -p '%s'%s", noconf, "");
	bench_path(o, "linux-scaled/kmod.out", out[0], sizeof(out[0]));
	bench_path(o, "linux-scaled/umod.out", out[1], sizeof(out[1]));
	r->modules = s->n;
	for (enum call w = 0; w < NCALLS; w++) {
		if (w == SHOW_DEPENDS)
			choose_queries(&q, s->dir[1]);
		for (int k = 0; k < 2; k++)
			call_argv(v[k], w, k, umod, s, t, &q, noconf);
		for (long i = 0; i < rounds; i++) {
			double ms[2] = { 0, 0 }, cpu[2] = { 0, 0 };
			long n = w == DEPMOD ? 1 : calls;

			for (long c = 0; c < n; c++)
				for (int k = 0; k < 2; k++)
					ms[k] += timed_ms(v[k], out[k], &cpu[k]);
			for (int k = 0; k < 2; k++) {
				samples_add(&r->t[w][k], ms[k] / n);
				samples_add(&r->cpu[w][k], cpu[k] / n);
			}
			samples_add(&r->ratio[w], ms[0] / ms[1]);
			samples_add(&r->cpu_ratio[w], cpu[1] ? cpu[0] / cpu[1] : 1);
		}
		r->diffs[w] = w == DEPMOD ? depmod_differ(s) : files_differ(out[0], out[1]);
		if (r->diffs[w] && w != DEPMOD)
			fprintf(stderr, "bench-tools: linux: %s: outputs differ: diff %s %s\n",
				call_name[w], out[0], out[1]);
	}
}

static void print_result(const struct result *r, int h)
{
	char what[256];

	for (enum call w = 0; w < NCALLS; w++) {
		snprintf(what, sizeof(what), "Linux ×%g (%zu modules): %s: kmod",
			 h / 2.0, r->modules, call_name[w]);
		table_row("6", what, &r->t[w][0], "ms");
		snprintf(what, sizeof(what), "Linux ×%g (%zu modules): %s: umod",
			 h / 2.0, r->modules, call_name[w]);
		table_row("6", what, &r->t[w][1], "ms");
		snprintf(what, sizeof(what), "Linux ×%g (%zu modules): %s: ratio kmod / umod",
			 h / 2.0, r->modules, call_name[w]);
		table_row("6", what, &r->ratio[w], "×");
		snprintf(what, sizeof(what), "Linux ×%g (%zu modules): %s: kmod, CPU (user + system)",
			 h / 2.0, r->modules, call_name[w]);
		table_row("6", what, &r->cpu[w][0], "ms");
		snprintf(what, sizeof(what), "Linux ×%g (%zu modules): %s: umod, CPU (user + system)",
			 h / 2.0, r->modules, call_name[w]);
		table_row("6", what, &r->cpu[w][1], "ms");
		snprintf(what, sizeof(what), "Linux ×%g (%zu modules): %s: CPU ratio kmod / umod",
			 h / 2.0, r->modules, call_name[w]);
		table_row("6", what, &r->cpu_ratio[w], "×");
		snprintf(what, sizeof(what), "Linux ×%g (%zu modules): %s: outputs that differ",
			 h / 2.0, r->modules, call_name[w]);
		table_value("6", what, r->diffs[w], "files");
	}
}

/* One line a scale: modules, then median kmod and umod ms per call. */
static void write_data(const struct bench_opts *o, const struct result *r,
		       const char *release)
{
	char path[4096];
	FILE *f;

	bench_path(o, "fig6-linux.dat", path, sizeof(path));
	if (!(f = fopen(path, "w")))
		bench_die("%s: %s", path, strerror(errno));
	fprintf(f, "# figure 6, Linux %s scaled: ms per call, medians; wall"
		   " clock, then CPU (user + system)\n"
		   "# scale modules depmod_kmod depmod_umod show_depends_kmod"
		   " show_depends_umod resolve_kmod resolve_umod modinfo_kmod"
		   " modinfo_umod, then the same eight as CPU\n", release);
	for (size_t i = 0; i < NSCALES && r[i].modules; i++) {
		fprintf(f, "%g %zu", halves[i] / 2.0, r[i].modules);
		for (enum call w = 0; w < NCALLS; w++)
			fprintf(f, " %.3f %.3f", samples_median(&r[i].t[w][0]),
				samples_median(&r[i].t[w][1]));
		for (enum call w = 0; w < NCALLS; w++)
			fprintf(f, " %.3f %.3f", samples_median(&r[i].cpu[w][0]),
				samples_median(&r[i].cpu[w][1]));
		fputc('\n', f);
	}
	if (fclose(f))
		bench_die("%s: cannot write", path);
}

void tools_linux_figure(const struct bench_opts *o, const char *umod)
{
	struct linux_tree t = { 0 };
	struct result r[NSCALES] = { 0 };
	struct scaled s;
	long rounds = bench_scale(o, 5, 2, 1), calls = bench_scale(o, 20, 5, 1);
	size_t nscales = o->smoke ? 1 : NSCALES;
	char title[512];

	if (!find_linux(&t, o)) {
		printf("\n(figure 6, Linux tree: none in %s/../linux; "
		       "tests/linux/fetch.sh fetches one)\n", o->dir);
		return;
	}
	for (size_t i = 0; i < nscales; i++) {
		int h = o->smoke ? 2 : halves[i];

		make_scaled(&s, &t, o, h);
		measure(&r[i], &s, &t, o, umod, rounds, calls);
		snprintf(title, sizeof(title),
			 "Figure 6: the tools against kmod's on Linux %s ×%g, per call",
			 t.release, h / 2.0);
		table_begin(title);
		print_result(&r[i], h);
		sh("rm -rf '%s' '%s'", s.root[0], s.root[1]);
	}
	if (!o->smoke)
		write_data(o, r, t.release);
	for (size_t i = 0; i < t.n; i++)
		free(t.order[i]);
	free(t.order);
}
