/* SPDX-License-Identifier: MIT */
/* heapcount.h - a test program's heap in use, exact (tests/heapcount.c). */
#ifndef TESTS_HEAPCOUNT_H
#define TESTS_HEAPCOUNT_H

#include <stddef.h>

/* Bytes asked of malloc and not freed, by every thread of the program. */
size_t heap_in_use(void);

#endif
