/* SPDX-License-Identifier: MIT */
/*
 * host.h - a host for the robustness tests and the fuzzers: the exports
 * the module corpus links against (tests/modules/testhost.h), and a
 * snapshot of everything a host can observe, to prove that a failed or
 * undone operation left nothing behind.
 */
#ifndef TESTS_ROBUST_HOST_H
#define TESTS_ROBUST_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include <umod/linux.h>

/* host.c: a quiet context exporting what the corpus imports, with a
 * notifier counting module events. */
struct umod_ctx *robust_ctx_new(void);
/* Every module told COMING is then live until told GOING: so many are
 * loaded as COMINGs outnumber GOINGs, for the context robust_ctx_new
 * made last. */
bool robust_events_consistent(struct umod_ctx *ctx);

/*
 * Module list (name, state, references, users, dependencies), parameters
 * readable by the host, the symbol index (name, address, owner, GPL),
 * module memory in bytes and, with heap, heap bytes in use: text, one
 * fact a line, so two snapshots compare with strcmp and a difference
 * prints as a line.  It is written into buf, not the heap it measures:
 * 0, or -ENOSPC.
 */
int robust_snapshot(struct umod_ctx *ctx, char *buf, size_t len, bool heap);
/* Heap bytes in use, exact: tests/heapcount.c. */
size_t robust_heap_in_use(void);
/* NULL if equal, else the first line of b that differs from a's. */
const char *robust_diff(const char *a, const char *b, char *buf, size_t len);

/* libumod-private (src/internal.h), reached through the static library. */
size_t umod_arena_bytes_in_use(void);

#endif
