/* SPDX-License-Identifier: MIT */
/*
 * umod/linux.h - the host API under Linux's names, for hosts that want
 * them: struct module, enum module_state and MODULE_STATE_*,
 * try_module_get, module_put, module_name, request_module,
 * __request_module and request_module_nowait.  Include it instead of
 * <umod/host.h> (it includes that), and before it.
 *
 * <umod/host.h> keeps every name umod_'s, so that a host with a struct
 * module or a request_module of its own can still include it.  Here the
 * host's types are renamed to Linux's: struct umod_module is then struct
 * module, the type module code (<umod/module.h>) sees, with the same
 * layout and the same symbols; the functions are libumod's exports for
 * module code, the ones <umod/module.h> declares.
 */
#ifndef UMOD_LINUX_H
#define UMOD_LINUX_H

#ifdef UMOD_HOST_H
#error "include <umod/linux.h> before <umod/host.h>: it names host.h's types"
#endif

#include <stdbool.h>

#define umod_module module
#define umod_module_state module_state
#include <umod/host.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MODULE_STATE_LIVE	UMOD_MODULE_LIVE
#define MODULE_STATE_COMING	UMOD_MODULE_COMING
#define MODULE_STATE_GOING	UMOD_MODULE_GOING
#define MODULE_STATE_UNFORMED	UMOD_MODULE_UNFORMED

#pragma GCC visibility push(default)

bool try_module_get(struct module *mod);	/* umod_try_module_get */
void module_put(struct module *mod);		/* umod_module_put */
const char *module_name(const struct module *mod); /* umod_module_name */

/* request_module asks, from a module, the module's own host; from host
 * code, the first context that started a control channel or was given
 * a request configuration (umod_request_module names it). */
int request_module(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Linux's: wait false returns at once, the request going on a thread. */
int __request_module(bool wait, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#ifndef request_module_nowait
#define request_module_nowait(...) __request_module(false, __VA_ARGS__)
#endif

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* UMOD_LINUX_H */
