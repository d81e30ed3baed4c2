// SPDX-License-Identifier: MIT
/*
 * string.c - string calls for modules: libc's where it means what
 * Linux's does (exported by table, through wrappers that realign the
 * stack), and Linux's own where libc has none: strscpy, the simple_strto*
 * family.  The sprintf family is not libc's: libumod exports Linux's
 * (src/vsprintf.c), with %pS, %pe, "(null)" and no %n.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kernel.h"

/*
 * libc's own functions assume a 16-byte-aligned stack, which module code
 * does not keep: each is reached through a wrapper here, built to realign
 * (UMOD_KABI_CFLAGS).  memcpy, memmove, memset and memcmp come with libumod.
 */
static void *k_memchr(const void *s, int c, size_t n) { return memchr(s, c, n); }
static size_t k_strlen(const char *s) { return strlen(s); }
static size_t k_strnlen(const char *s, size_t n) { return strnlen(s, n); }
static int k_strcmp(const char *a, const char *b) { return strcmp(a, b); }
static int k_strncmp(const char *a, const char *b, size_t n) { return strncmp(a, b, n); }
static int k_strcasecmp(const char *a, const char *b) { return strcasecmp(a, b); }
static int k_strncasecmp(const char *a, const char *b, size_t n) { return strncasecmp(a, b, n); }
static char *k_strcpy(char *d, const char *s) { return strcpy(d, s); }
static char *k_strncpy(char *d, const char *s, size_t n) { return strncpy(d, s, n); }
static char *k_strcat(char *d, const char *s) { return strcat(d, s); }
static char *k_strncat(char *d, const char *s, size_t n) { return strncat(d, s, n); }
static char *k_strchr(const char *s, int c) { return strchr(s, c); }
static char *k_strchrnul(const char *s, int c) { return strchrnul(s, c); }
static char *k_strrchr(const char *s, int c) { return strrchr(s, c); }
static char *k_strstr(const char *h, const char *n) { return strstr(h, n); }
static size_t k_strspn(const char *s, const char *a) { return strspn(s, a); }
static size_t k_strcspn(const char *s, const char *r) { return strcspn(s, r); }
static char *k_strpbrk(const char *s, const char *a) { return strpbrk(s, a); }
static char *k_strsep(char **s, const char *d) { return strsep(s, d); }

static int k_vsscanf(const char *buf, const char *fmt, va_list ap)
{
	return vsscanf(buf, fmt, ap);
}

static int k_sscanf(const char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsscanf(buf, fmt, ap);
	va_end(ap);
	return n;
}

#define KSYM(sym) { #sym, (const void *)k_##sym }

const struct umod_symbol kapi_libc_exports[] = {
	KSYM(memchr), KSYM(strlen), KSYM(strnlen), KSYM(strcmp), KSYM(strncmp),
	KSYM(strcasecmp), KSYM(strncasecmp), KSYM(strcpy), KSYM(strncpy),
	KSYM(strcat), KSYM(strncat), KSYM(strchr), KSYM(strchrnul),
	KSYM(strrchr), KSYM(strstr), KSYM(strspn), KSYM(strcspn),
	KSYM(strpbrk), KSYM(strsep), KSYM(sscanf), KSYM(vsscanf),
};
const size_t kapi_num_libc_exports =
	sizeof(kapi_libc_exports) / sizeof(kapi_libc_exports[0]);

/* The length copied, or -E2BIG when src did not fit (dest is then cut
 * and terminated). */
long strscpy(char *dest, const char *src, size_t count)
{
	size_t len;

	if (!count)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dest, src, count - 1);
		dest[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dest, src, len + 1);
	return len;
}
EXPORT_SYMBOL(strscpy);

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return strtoul(cp, endp, base);
}
EXPORT_SYMBOL(simple_strtoul);

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	return strtol(cp, endp, base);
}
EXPORT_SYMBOL(simple_strtol);

unsigned long long simple_strtoull(const char *cp, char **endp,
				   unsigned int base)
{
	return strtoull(cp, endp, base);
}
EXPORT_SYMBOL(simple_strtoull);

long long simple_strtoll(const char *cp, char **endp, unsigned int base)
{
	return strtoll(cp, endp, base);
}
EXPORT_SYMBOL(simple_strtoll);

char *skip_spaces(const char *str)
{
	while (isspace((unsigned char)*str))
		++str;
	return (char *)str;
}
EXPORT_SYMBOL(skip_spaces);

/* Trailing space cut in place, leading space skipped: lib/string_helpers' */
char *strim(char *s)
{
	size_t size = strlen(s);
	char *end;

	if (!size)
		return s;
	end = s + size - 1;
	while (end >= s && isspace((unsigned char)*end))
		end--;
	end[1] = '\0';
	return skip_spaces(s);
}
EXPORT_SYMBOL(strim);
