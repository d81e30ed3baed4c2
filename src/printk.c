// SPDX-License-Identifier: MIT
/*
 * printk.c - the kernel's log calls for modules: printk (and _printk,
 * its name since Linux 5.15), vprintk, __warn_printk and panic, formatted
 * by vsprintf.c as Linux formats them.  A message's KERN_ prefix sets its
 * level; KERN_DEFAULT or none means 4 (warning), Linux's default message
 * level; one trailing newline ends the record.  The host says where
 * records go (umod_set_printk); stderr until it does.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define LOG_LINE_MAX	1024	/* longer messages are cut, as Linux's */
#define DEFAULT_LEVEL	4

static umod_log_fn *printk_fn;
static void *printk_arg;

void umod_set_printk(umod_log_fn *fn, void *arg)
{
	printk_fn = fn;
	printk_arg = arg;
}

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

int umod_vprintk(const char *fmt, va_list ap)
{
	char buf[LOG_LINE_MAX];
	const char *text;
	int level, n;
	size_t len;

	n = umod_vsnprintf(buf, sizeof(buf), fmt, ap);
	text = take_level(buf, &level);
	len = strlen(text);
	if (len && text[len - 1] == '\n')
		buf[text - buf + len - 1] = '\0';
	if (printk_fn)
		printk_fn(level, text, printk_arg);
	else
		fprintf(stderr, "%s\n", text);
	return n;
}

int umod_printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = umod_vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* What WARN() prints before its backtrace. */
void umod_warn_printk(const char *fmt, ...)
{
	va_list ap;

	umod_printk(KERN_WARNING "------------[ cut here ]------------\n");
	va_start(ap, fmt);
	umod_vprintk(fmt, ap);
	va_end(ap);
}

void umod_panic(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	umod_vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	umod_printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	abort();
}
