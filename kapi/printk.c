// SPDX-License-Identifier: MIT
/*
 * printk.c - printing for kapi's own messages, through libumod's printk
 * (umod_vprintk) so they land where module messages do; and WARN's
 * form, as __warn_printk gives it.
 */
#include <stdarg.h>

#include "kernel.h"

int kapi_printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = umod_vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void kapi_warn(const char *fmt, ...)
{
	va_list ap;

	kapi_printk(KERN_WARNING "------------[ cut here ]------------\n");
	va_start(ap, fmt);
	umod_vprintk(fmt, ap);
	va_end(ap);
}
