// SPDX-License-Identifier: MIT
/*
 * string.c - string calls for modules: libc's where it means what
 * Linux's does (exported by table: EXPORT_SYMBOL cannot name another
 * library's function), and Linux's own where libc has none: strscpy,
 * the simple_strto* family.  The sprintf family is not libc's: libumod
 * exports Linux's (src/vsprintf.c), with %pS, %pe, "(null)" and no %n.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <umod/host.h>

#include "umodd.h"

/* memcpy, memmove, memset and memcmp come with libumod. */
const struct umod_symbol umodd_libc_exports[] = {
	UMOD_SYMBOL(memchr), UMOD_SYMBOL(strlen), UMOD_SYMBOL(strnlen),
	UMOD_SYMBOL(strcmp), UMOD_SYMBOL(strncmp), UMOD_SYMBOL(strcasecmp),
	UMOD_SYMBOL(strncasecmp), UMOD_SYMBOL(strcpy), UMOD_SYMBOL(strncpy),
	UMOD_SYMBOL(strcat), UMOD_SYMBOL(strncat), UMOD_SYMBOL(strchr),
	UMOD_SYMBOL(strchrnul), UMOD_SYMBOL(strrchr), UMOD_SYMBOL(strstr),
	UMOD_SYMBOL(strspn), UMOD_SYMBOL(strcspn), UMOD_SYMBOL(strpbrk),
	UMOD_SYMBOL(strsep), UMOD_SYMBOL(sscanf), UMOD_SYMBOL(vsscanf),
};
const size_t umodd_num_libc_exports =
	sizeof(umodd_libc_exports) / sizeof(umodd_libc_exports[0]);

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
