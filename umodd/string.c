// SPDX-License-Identifier: MIT
/*
 * string.c - string and formatting calls for modules: libc's where it
 * means what Linux's does (exported by table: EXPORT_SYMBOL cannot name
 * another library's function), and Linux's own where libc has none:
 * strscpy, scnprintf, the simple_strto* family.  Linux's %p extensions
 * (%pS, %pe...) are not understood: libc prints the pointer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
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
	UMOD_SYMBOL(strsep), UMOD_SYMBOL(sprintf), UMOD_SYMBOL(snprintf),
	UMOD_SYMBOL(vsprintf), UMOD_SYMBOL(vsnprintf), UMOD_SYMBOL(sscanf),
	UMOD_SYMBOL(vsscanf),
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

/* The characters written, not those that would have been. */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (n < 0 || !size)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}
EXPORT_SYMBOL(vscnprintf);

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL(scnprintf);

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
