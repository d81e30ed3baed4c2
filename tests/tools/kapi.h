/* SPDX-License-Identifier: MIT */
/* kapi.h - the part of umodd's kernel API the test modules call. */
#ifndef TESTS_TOOLS_KAPI_H
#define TESTS_TOOLS_KAPI_H

#include <stddef.h>

#define GFP_KERNEL 0xcc0u	/* Linux 6.1's; umodd ignores it */

void *kmalloc(size_t size, unsigned int flags);
void *kzalloc(size_t size, unsigned int flags);
void kfree(const void *p);
int snprintf(char *buf, size_t size, const char *fmt, ...);
void msleep(unsigned int ms);

#endif
