// SPDX-License-Identifier: MIT
/* bench.c - the clock, samples, the table and options the benchmarks share. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <umod/host.h>

#include "bench.h"

void bench_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- samples ---- */

void samples_add(struct samples *s, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			bench_die("out of memory");
	}
	s->v[s->n++] = v;
}

void samples_reset(struct samples *s)
{
	s->n = 0;
}

void samples_free(struct samples *s)
{
	free(s->v);
	*s = (struct samples){ 0 };
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorting in place is harmless: the order of repeats means nothing. */
double samples_median(const struct samples *s)
{
	if (!s->n)
		return 0;
	qsort(s->v, s->n, sizeof(*s->v), cmp_double);
	return s->n % 2 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
}

double samples_min(const struct samples *s)
{
	double m = s->n ? s->v[0] : 0;

	for (size_t i = 1; i < s->n; i++)
		m = s->v[i] < m ? s->v[i] : m;
	return m;
}

double samples_max(const struct samples *s)
{
	double m = s->n ? s->v[0] : 0;

	for (size_t i = 1; i < s->n; i++)
		m = s->v[i] > m ? s->v[i] : m;
	return m;
}

/* ---- the table ---- */

/* Three significant digits at least, never exponents: tables are read.
 * Whole numbers (counts, sizes) as they are. */
static const char *fmt_num(char *buf, size_t len, double v)
{
	double a = v < 0 ? -v : v;
	int decimals = a >= 100 || v == (double)(long long)v ? 0 :
		       a >= 10 ? 1 : a >= 1 ? 2 : 3;

	snprintf(buf, len, "%.*f", decimals, v);
	return buf;
}

void table_begin(const char *title)
{
	printf("\n### %s\n\n", title);
	printf("| fig | measurement | median | min | max | unit |\n");
	printf("|-----|-------------|-------:|----:|----:|------|\n");
	fflush(stdout);
}

void table_row(const char *fig, const char *what, const struct samples *s,
	       const char *unit)
{
	char a[32], b[32], c[32];

	fmt_num(a, sizeof(a), samples_median(s));
	printf("| %s | %s | %s | %s | %s | %s |\n", fig, what, a,
	       fmt_num(b, sizeof(b), samples_min(s)),
	       fmt_num(c, sizeof(c), samples_max(s)), unit);
	fflush(stdout);
}

void table_value(const char *fig, const char *what, double v, const char *unit)
{
	char a[32];

	fmt_num(a, sizeof(a), v);
	printf("| %s | %s | %s | %s | %s | %s |\n", fig, what, a, a, a, unit);
	fflush(stdout);
}

/* ---- options and files ---- */

void bench_parse_opts(struct bench_opts *o, int argc, char **argv)
{
	*o = (struct bench_opts){ .dir = "." };
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick"))
			o->quick = true;
		else if (!strcmp(argv[i], "--smoke"))
			o->smoke = true;
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			o->dir = argv[++i];
		else if (!strcmp(argv[i], "--once") && i + 1 < argc)
			o->once = atoi(argv[++i]);
		else
			bench_die("usage: %s [--quick | --smoke] [--once N] [--dir DIR]",
				  argv[0]);
	}
}

long bench_scale(const struct bench_opts *o, long full, long quick, long smoke)
{
	return o->smoke ? smoke : o->quick ? quick : full;
}

const char *bench_path(const struct bench_opts *o, const char *name,
		       char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s/%s", o->dir, name) >= len)
		bench_die("%s/%s: path too long", o->dir, name);
	return buf;
}

void *bench_read(const struct bench_opts *o, const char *name, size_t *len)
{
	char path[4096];
	FILE *f = fopen(bench_path(o, name, path, sizeof(path)), "rb");
	unsigned char *buf;
	long size;

	if (!f)
		bench_die("%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		bench_die("%s: cannot size: %s", path, strerror(errno));
	buf = malloc(size ? (size_t)size : 1);
	if (!buf)
		bench_die("out of memory");
	if (fread(buf, 1, (size_t)size, f) != (size_t)size)
		bench_die("%s: short read", path);
	fclose(f);
	*len = (size_t)size;
	return buf;
}

extern char **environ;

int bench_run(char *const argv[], const char *out)
{
	posix_spawn_file_actions_t fa;
	int status, ret;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out ? out : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ret = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret)
		bench_die("cannot run %s: %s", argv[0], strerror(ret));
	if (waitpid(pid, &status, 0) != pid)
		bench_die("waitpid %s: %s", argv[0], strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- the loader ---- */

static void quiet(int level, const char *msg, void *arg)
{
}

struct umod_ctx *bench_ctx(void)
{
	struct umod_ctx *ctx = umod_ctx_new();

	if (!ctx)
		bench_die("umod_ctx_new failed");
	umod_set_log(ctx, quiet, NULL);
	return ctx;
}

void bench_load(struct umod_ctx *ctx, const void *image, size_t len)
{
	int ret = umod_load_image(ctx, image, len, NULL, 0, NULL);

	if (ret)
		bench_die("load: %s (%s)", umod_errmsg(), strerror(-ret));
}

void bench_unload(struct umod_ctx *ctx, const char *name)
{
	int ret = umod_unload(ctx, name, 0);

	if (ret)
		bench_die("unload %s: %s (%s)", name, umod_errmsg(), strerror(-ret));
}

void bench_perf(bool on)
{
	static int fd = -2, ack = -1;
	const char *path, *cmd = on ? "enable\n" : "disable\n";
	char buf[8];

	if (fd == -2) {
		path = getenv("BENCH_PERF_CTL");
		fd = path ? open(path, O_WRONLY | O_CLOEXEC) : -1;
		path = getenv("BENCH_PERF_ACK");
		ack = path && fd >= 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	}
	if (fd < 0)
		return;
	if (write(fd, cmd, strlen(cmd)) < 0 || (ack >= 0 && read(ack, buf, sizeof(buf)) < 0))
		bench_die("BENCH_PERF_CTL: %s", strerror(errno));
}
