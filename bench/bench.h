/* SPDX-License-Identifier: MIT */
/*
 * bench.h - what the benchmark programs share: a monotonic clock, samples
 * reduced to median and spread, the table every program prints, and
 * module images read from the build directory.
 *
 * Every figure is a median over repeats with its min and max, or a ratio
 * of two medians taken side by side in the same run.  Rows are Markdown,
 * so a run pastes straight into BENCHMARKS.md:
 *
 *   | fig | measurement | median | min | max | unit |
 */
#ifndef UMOD_BENCH_H
#define UMOD_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"

struct umod_ctx;

/* Nanoseconds on CLOCK_MONOTONIC. */
static inline uint64_t bench_now(void)
{
	return umod_now_ns();
}

/* Repeats of one measurement; values in the unit they will be shown in. */
struct samples {
	double *v;
	size_t n, cap;
};

void samples_add(struct samples *s, double v);
void samples_reset(struct samples *s);
void samples_free(struct samples *s);
double samples_median(const struct samples *s);
double samples_min(const struct samples *s);
double samples_max(const struct samples *s);

/* The table: a heading line naming the figure, then rows. */
void table_begin(const char *title);
void table_row(const char *fig, const char *what, const struct samples *s,
	       const char *unit);
/* A row with one value and no spread: a count, a size. */
void table_value(const char *fig, const char *what, double v, const char *unit);

/* Command-line knobs every program takes: --quick, --smoke, --dir DIR. */
struct bench_opts {
	const char *dir;	/* where make put the modules */
	bool quick;		/* the short CI run */
	bool smoke;		/* the minimum: does it still work at all */
	int once;		/* >0: do only this many loads, for strace */
};
void bench_parse_opts(struct bench_opts *o, int argc, char **argv);
/* quick ? q : smoke ? s : full */
long bench_scale(const struct bench_opts *o, long full, long quick, long smoke);

/* A file under o->dir, read whole, or exit with a message. */
void *bench_read(const struct bench_opts *o, const char *name, size_t *len);
/* dir/name into buf. */
const char *bench_path(const struct bench_opts *o, const char *name,
		       char *buf, size_t len);

/* Run argv[0] with argv, stdout to out (NULL: /dev/null), stdin and
 * stderr as ours; its exit status, or -1 if it did not exit. */
int bench_run(char *const argv[], const char *out);

/* Exit with a message naming what failed. */
_Noreturn void bench_die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* A context whose loader messages are dropped: the benchmarks load
 * modules without licences and by the thousand. */
struct umod_ctx *bench_ctx(void);
/* Load or die: the benchmarks measure successes only. */
void bench_load(struct umod_ctx *ctx, const void *image, size_t len);
/* Profile only what is timed: with BENCH_PERF_CTL and BENCH_PERF_ACK
 * naming the FIFOs of `perf record -D -1 --control fifo:CTL,ACK`, turn
 * its sampling on or off and wait until it has; without them, nothing. */
void bench_perf(bool on);
void bench_unload(struct umod_ctx *ctx, const char *name);

#endif /* UMOD_BENCH_H */
