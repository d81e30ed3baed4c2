// SPDX-License-Identifier: MIT
/*
 * fuzz/load.c - the whole load path over any image.
 *
 * The image is validated, laid out, linked against a host with exports,
 * relocated and published, then refused by a COMING notifier, so no code
 * from it ever runs, and the loader unwinds it.  After every input the
 * host must be exactly as before: no module, the same symbol index, no
 * module memory; LeakSanitizer sees the heap.  Each input is tried as
 * given and forced (vermagic ignored), to get past the version check.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/robust/host.h"

static struct umod_ctx *ctx;
static char before[1 << 18], after[1 << 18];

static int refuse_coming(struct module *mod, enum module_state state, void *arg)
{
	return state == MODULE_STATE_COMING ? -EPERM : 0;
}

static void snapshot(char *buf)
{
	if (robust_snapshot(ctx, buf, sizeof(before), false)) {
		fprintf(stderr, "fuzz-load: snapshot too large\n");
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	ctx = robust_ctx_new();
	if (!ctx || umod_register_notifier(ctx, refuse_coming, NULL)) {
		fprintf(stderr, "fuzz-load: cannot set up the host\n");
		abort();
	}
	snapshot(before);
	return 0;
}

static void load(const uint8_t *data, size_t size, unsigned int flags)
{
	char why[1024];
	struct module *mod = NULL;
	int ret = umod_load_image(ctx, data, size, NULL, flags, &mod);

	if (ret >= 0 || ret < -4095 || mod || !*umod_errmsg()) {
		fprintf(stderr, "fuzz-load: load returned %d, module %p, message '%s'\n",
			ret, (void *)mod, umod_errmsg());
		abort();
	}
	snapshot(after);
	if (robust_diff(before, after, why, sizeof(why))) {
		fprintf(stderr, "fuzz-load: failed load (%s) changed the host: %s\n",
			umod_errmsg(), why);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	load(data, size, 0);
	load(data, size, UMOD_INIT_FORCE);
	return 0;
}
