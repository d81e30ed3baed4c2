// SPDX-License-Identifier: MIT
/* small-host.c - the ten exports mod-small imports, for every program
 * that loads it (figures 1 and 5). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include <umod/host.h>

#include "bench.h"
#include "small-host.h"

int host_table[SMALL_TABLE];
int host_flags;
static int (*registered)(int);
static long stat_total;
static long notes;

int (*host_registered(void))(int)
{
	return registered;
}

int host_register(const char *name, int (*fn)(int))
{
	if (registered)
		return -EBUSY;
	registered = fn;
	return 0;
}

void host_unregister(const char *name)
{
	registered = NULL;
}

int host_slot_get(int hint)
{
	return hint & (SMALL_TABLE - 1);
}

void host_slot_put(int slot)
{
}

void host_note(const char *what, long v)
{
	notes += v ^ what[0];
}

long host_now(void)
{
	return (long)bench_now();
}

void host_stat_add(int n)
{
	stat_total += n;
}

int host_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

EXPORT_SYMBOL(host_table);
EXPORT_SYMBOL(host_flags);
EXPORT_SYMBOL(host_register);
EXPORT_SYMBOL(host_unregister);
EXPORT_SYMBOL(host_slot_get);
EXPORT_SYMBOL(host_slot_put);
EXPORT_SYMBOL(host_note);
EXPORT_SYMBOL(host_now);
EXPORT_SYMBOL(host_stat_add);
EXPORT_SYMBOL(host_printf);

#ifdef __arm__
/* mod-small's divisions by ten are libgcc's on arm, which Linux exports
 * to its modules (arch/arm/kernel/armksyms.c): so does this host. */
void __aeabi_uidivmod(void);
EXPORT_SYMBOL(__aeabi_uidivmod);
#endif
