/* SPDX-License-Identifier: MIT */
/* tools-linux.h - figure 6 on a genuine Linux module tree (tools-linux.c). */
#ifndef UMOD_BENCH_TOOLS_LINUX_H
#define UMOD_BENCH_TOOLS_LINUX_H

#include "bench.h"

/* Its tables, and fig6-linux.dat in o->dir; a note if there is no tree. */
void tools_linux_figure(const struct bench_opts *o, const char *umod);

#endif /* UMOD_BENCH_TOOLS_LINUX_H */
