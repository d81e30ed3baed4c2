// SPDX-License-Identifier: MIT
/*
 * crchost - a host whose exports carry symbol versions (tests/kbuild-crc.t):
 * the CRCs genksyms gives hostx.h's declarations, its table umod_host_crcs
 * (crcs.c), attached with umod_export_crcs; built with -DNO_CRCS it
 * attaches none.  It loads each module named, one after "-f" with
 * --force-modversion, and says for each
 *
 *	ok NAME taints=LETTERS		or	err ERRNO MESSAGE
 *
 * and the loader's messages, "log: MESSAGE".
 */
#include <stdio.h>
#include <string.h>

#include <umod/export.h>
#include <umod/host.h>

#include "hostx.h"
#include "plain.h"

extern const struct umod_symbol_crc umod_host_crcs[];
extern const size_t umod_host_num_crcs;

int hostx_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(hostx_add);

int hostx_width(const struct hostx_range *r)
{
	return r->hi - r->lo;
}
EXPORT_SYMBOL(hostx_width);

int hostx_plain(int x)
{
	return x;
}
EXPORT_SYMBOL(hostx_plain);

static void log_line(int level, const char *msg, void *arg)
{
	printf("log: %s\n", msg);
}

static void load(struct umod_ctx *ctx, const char *path, unsigned int flags)
{
	struct umod_module_info info;
	struct umod_module *mod;
	int ret = umod_load_file(ctx, path, NULL, flags, &mod);

	if (ret) {
		printf("err %d %s\n", -ret, umod_errmsg());
		return;
	}
	umod_module_info(mod, &info);
	printf("ok %s taints=%s\n", info.name,
	       info.taints & UMOD_TAINT_FORCED ? "F" : "");
}

int main(int argc, char **argv)
{
	struct umod_ctx *ctx = umod_ctx_new();

	if (!ctx) {
		fprintf(stderr, "crchost: %s\n", umod_errmsg());
		return 1;
	}
	umod_set_log(ctx, log_line, NULL);
#ifndef NO_CRCS
	printf("crcs %d\n", umod_export_crcs(ctx, umod_host_crcs,
					     umod_host_num_crcs));
#endif
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f") && i + 1 < argc)
			load(ctx, argv[++i], UMOD_INIT_IGNORE_MODVERSIONS);
		else
			load(ctx, argv[i], 0);
		fflush(stdout);
	}
	umod_ctx_free(ctx);
	return 0;
}
