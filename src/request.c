// SPDX-License-Identifier: MIT
/*
 * request.c - request_module and __request_module, the names genuine
 * modules import.  Demand loading (kmod.c, kerneld.c, autoclean.c) sits
 * above the core and is reached only through the ops it registers here
 * when a context first uses it; until then there is nobody to ask.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

static const struct umod_demand_ops *_Atomic demand_ops;

void umod_demand_register(const struct umod_demand_ops *ops)
{
	atomic_store(&demand_ops, ops);
}

/* Linux formats into a MODULE_NAME_LEN buffer, and so do we. */
int umod_request_name(char name[MODULE_NAME_LEN], const char *fmt, va_list ap)
{
	int n = vsnprintf(name, MODULE_NAME_LEN, fmt, ap);

	if (n >= MODULE_NAME_LEN)
		return umod_fail(NULL, "request_module", -ENAMETOOLONG,
				 "name too long: %s...", name);
	if (n <= 0)
		return umod_fail(NULL, "request_module", -EINVAL, "empty name");
	return 0;
}

static int vrequest(const void *caller, bool wait, const char *fmt,
		    va_list ap)
{
	const struct umod_demand_ops *ops = atomic_load(&demand_ops);
	char name[MODULE_NAME_LEN];
	int ret = umod_request_name(name, fmt, ap);

	if (ret)
		return ret;
	if (!ops)
		return umod_fail(NULL, name, -ENOENT, "request_module: no host "
				 "context takes requests (no control channel "
				 "or request configuration)");
	return ops->request(caller, wait, name);
}

/* Linux's entry point: request_module and request_module_nowait are
 * macros around it, so genuine Linux modules import this name. */
int __request_module(bool wait, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vrequest(__builtin_return_address(0), wait, fmt, ap);
	va_end(ap);
	return ret;
}

int request_module(const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vrequest(__builtin_return_address(0), true, fmt, ap);
	va_end(ap);
	return ret;
}
