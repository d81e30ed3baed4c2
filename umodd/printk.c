// SPDX-License-Identifier: MIT
/*
 * printk.c - the kernel's log calls for modules: printk (and _printk,
 * its name since Linux 5.15), vprintk, __warn_printk, panic.  A message's
 * KERN_ prefix sets its level, KERN_DEFAULT or none means 4 (warning), as
 * Linux's default message level; one trailing newline ends the record.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <umod/module.h>

#include "umodd.h"

#define LOG_LINE_MAX	1024	/* longer messages are cut, as Linux's */
#define DEFAULT_LEVEL	4

int vprintk(const char *fmt, va_list ap);
int _printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __warn_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Skip every KERN_SOH prefix; the first level digit wins. */
static const char *take_level(const char *text, int *level)
{
	*level = -1;
	while (text[0] == KERN_SOH[0] && text[1]) {
		char c = text[1];

		if (c >= '0' && c <= '7') {
			if (*level < 0)
				*level = c - '0';
		} else if (c != 'c' && c != 'd') {	/* KERN_CONT, KERN_DEFAULT */
			break;
		}
		text += 2;
	}
	if (*level < 0)
		*level = DEFAULT_LEVEL;
	return text;
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[LOG_LINE_MAX];
	const char *text;
	int level, n;
	size_t len;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return n;
	text = take_level(buf, &level);
	len = strlen(text);
	if (len && text[len - 1] == '\n')
		buf[text - buf + len - 1] = '\0';
	umodd_log(level, text);
	return n;
}
EXPORT_SYMBOL(vprintk);

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL(printk);

/* Linux 5.15 renamed printk's function; modules built since call this. */
int _printk(const char *fmt, ...) __attribute__((alias("printk")));
EXPORT_SYMBOL(_printk);

/* What WARN() prints before its backtrace. */
void __warn_printk(const char *fmt, ...)
{
	va_list ap;

	printk(KERN_WARNING "------------[ cut here ]------------\n");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
EXPORT_SYMBOL(__warn_printk);

void panic(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	abort();
}
EXPORT_SYMBOL(panic);
