/* SPDX-License-Identifier: MIT */
/*
 * umod/kapi.h - the kernel API for genuine Linux modules: libumod-kapi.a.
 *
 * The library exports what Linux modules call (kmalloc, mutexes, jiffies,
 * workqueues, dev_err...) with EXPORT_SYMBOL, so a host that links it
 * whole into a non-PIE executable (-Wl,--whole-archive) exports it with
 * umod_ctx_new().  Some of it is libc's under Linux's names, exported by
 * table: umod_kapi_attach() adds those to a context.  docs/design.md,
 * "The kernel API", says what it covers and what it cannot do.
 */
#ifndef UMOD_KAPI_H
#define UMOD_KAPI_H

#include <umod/host.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Export the table-exported part to ctx: 0 or a negative errno. */
int umod_kapi_attach(struct umod_ctx *ctx);
/* Where request_firmware looks first (Linux's firmware_class.path);
 * NULL or "" for /lib/firmware/updates and /lib/firmware alone. */
void umod_kapi_firmware_path(const char *dir);

#ifdef __cplusplus
}
#endif
#endif /* UMOD_KAPI_H */
