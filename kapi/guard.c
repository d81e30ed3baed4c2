// SPDX-License-Identifier: MIT
/*
 * guard.c - kapi's calls into module code (a driver's file operations, a
 * /proc entry's proc_ops) under libumod's fault guard, as libumod makes
 * its own: a handler that faults is an oops, its request fails with
 * -EFAULT, and the host goes on.  The module is the one whose memory the
 * handler is in; code of no module (the host's) runs unguarded.
 */
#include <errno.h>

#include "kernel.h"

static struct umod_ctx *guard_ctx;

void kapi_guard_setup(struct umod_ctx *ctx)
{
	guard_ctx = ctx;
}

int kapi_call_module(const void *code, const char *what,
		     umod_guarded_fn *fn, void *arg)
{
	struct module *mod = guard_ctx ? umod_module_address(guard_ctx, code) : NULL;

	if (!mod) {
		fn(arg);
		return 0;
	}
	return umod_call_guarded(mod, what, fn, arg) ? -EFAULT : 0;
}
