// SPDX-License-Identifier: MIT
/*
 * dev_printk.c - dev_err and its kin, and dynamic debug's pr_debug and
 * dev_dbg.  A device message is prefixed with the device's name, Linux's
 * "driver device: " without the driver part (that needs struct device's
 * layout past its kobject, whose name is first).  A dynamic debug call
 * is reached only once its site is enabled (its jump label is a no-op
 * otherwise), and prints at KERN_DEBUG.
 */
#include <stdarg.h>
#include <stdio.h>

#include "kernel.h"

struct device;

/* struct device begins with its kobject, which begins with its name. */
static const char *dev_name(const struct device *dev)
{
	const char *name = dev ? *(const char *const *)dev : NULL;

	return name ? name : "(NULL device *)";
}

static void dev_vprintk(const char *level, const struct device *dev,
			const char *fmt, va_list ap)
{
	char msg[1024];

	umod_vsnprintf(msg, sizeof(msg), fmt, ap);
	kapi_printk("%s%s: %s", level, dev_name(dev), msg);
}

#define DEV_PRINTK(func, level)						\
void func(const struct device *dev, const char *fmt, ...)		\
{									\
	va_list ap;							\
									\
	va_start(ap, fmt);						\
	dev_vprintk(level, dev, fmt, ap);				\
	va_end(ap);							\
}									\
EXPORT_SYMBOL(func)

DEV_PRINTK(_dev_emerg, KERN_SOH "0");
DEV_PRINTK(_dev_alert, KERN_SOH "1");
DEV_PRINTK(_dev_crit, KERN_SOH "2");
DEV_PRINTK(_dev_err, KERN_SOH "3");
DEV_PRINTK(_dev_warn, KERN_SOH "4");
DEV_PRINTK(_dev_notice, KERN_SOH "5");
DEV_PRINTK(_dev_info, KERN_SOH "6");

/* level is the whole KERN_ prefix, as dev_printk's callers give it. */
void dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dev_vprintk(level, dev, fmt, ap);
	va_end(ap);
}
EXPORT_SYMBOL(dev_printk);

/* dev_err_probe: -EPROBE_DEFER (517) is quiet, as Linux records it only
 * as the reason for deferral. */
int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
{
	va_list ap;

	if (err != -517) {
		char msg[1024];

		va_start(ap, fmt);
		umod_vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		kapi_printk(KERN_ERR "%s: error %pe: %s", dev_name(dev),
			    (void *)(long)err, msg);
	}
	return err;
}
EXPORT_SYMBOL(dev_err_probe);

struct _ddebug;

void __dynamic_pr_debug(struct _ddebug *desc, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	umod_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kapi_printk(KERN_DEBUG "%s", msg);
}
EXPORT_SYMBOL(__dynamic_pr_debug);

void __dynamic_dev_dbg(struct _ddebug *desc, const struct device *dev,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dev_vprintk(KERN_DEBUG, dev, fmt, ap);
	va_end(ap);
}
EXPORT_SYMBOL(__dynamic_dev_dbg);

/*
 * print_hex_dump: Linux's format, rowsize 16 or 32 bytes a line, in
 * groups of 1, 2, 4 or 8 bytes, with the ASCII column if asked
 * (lib/hexdump.c's hex_dump_to_buffer, host-endian groups).
 */
enum { DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS, DUMP_PREFIX_OFFSET };

static int hex_line(const u8 *p, size_t len, int rowsize, int groupsize,
		    bool ascii, char *buf, size_t size)
{
	int ngroups, n = 0;

	if (groupsize != 1 && groupsize != 2 && groupsize != 4 && groupsize != 8)
		groupsize = 1;
	if (len % groupsize)
		groupsize = 1;
	ngroups = len / groupsize;
	for (int g = 0; g < ngroups; g++) {
		u64 v = 0;

		for (int b = groupsize - 1; b >= 0; b--)
			v = v << 8 | p[g * groupsize + b];
		n += snprintf(buf + n, size - n, "%s%0*llx", g ? " " : "",
			      groupsize * 2, (unsigned long long)v);
	}
	if (ascii) {
		int pad = rowsize * 2 + rowsize / groupsize + 1 - n;

		n += snprintf(buf + n, size - n, "%*s", pad > 1 ? pad : 1, "");
		for (size_t i = 0; i < len; i++)
			n += snprintf(buf + n, size - n, "%c",
				      p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.');
	}
	return n;
}

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type,
		    int rowsize, int groupsize, const void *buf, size_t len,
		    bool ascii)
{
	char line[32 * 3 + 2 + 32 + 1];

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += rowsize) {
		size_t linelen = len - i < (size_t)rowsize ? len - i : (size_t)rowsize;

		hex_line((const u8 *)buf + i, linelen, rowsize, groupsize,
			 ascii, line, sizeof(line));
		if (prefix_type == DUMP_PREFIX_ADDRESS)
			kapi_printk("%s%s%p: %s\n", level, prefix_str,
				    (const u8 *)buf + i, line);
		else if (prefix_type == DUMP_PREFIX_OFFSET)
			kapi_printk("%s%s%.8zx: %s\n", level, prefix_str, i, line);
		else
			kapi_printk("%s%s%s\n", level, prefix_str, line);
	}
}
EXPORT_SYMBOL(print_hex_dump);
