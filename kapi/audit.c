// SPDX-License-Identifier: MIT
/*
 * audit.c - the audit subsystem, off: as on a kernel booted without
 * audit=1 and with no auditd.  Modules test audit_enabled inline before
 * they log, so the record calls are reached only if it were on.
 */
#include "kernel.h"

u32 audit_enabled;
EXPORT_SYMBOL(audit_enabled);

void __audit_log_nfcfg(const char *name, u8 af, unsigned int nentries,
		       int op, gfp_t gfp)
{
	(void)name, (void)af, (void)nentries, (void)op, (void)gfp;
}
EXPORT_SYMBOL(__audit_log_nfcfg);
