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

/*
 * Lay out each thread's task_struct (`current`) as the modules' kernel
 * does, from its BTF: btf_path is raw BTF (/sys/kernel/btf/vmlinux) or
 * an ELF file with a .BTF section (a vmlinux).  Modules then read their
 * thread's pid and tgid, its name as comm, and the process's ids through
 * current_cred().  Before umod_kapi_attach(), else -EBUSY.  0, or a
 * negative errno: the file's (open, read), -ENOEXEC for neither BTF nor
 * ELF, -ENODATA for an ELF file without .BTF, -EINVAL when its
 * task_struct disagrees with the offsets kapi was built for (thread_info
 * at 0, __state at 0x18, Linux 6.1 x86-64) or the BTF is malformed,
 * -E2BIG when task_struct is larger than kapi allots.  Without a layout
 * those fields read 0.
 */
int umod_kapi_task_layout(const char *btf_path);

#ifdef __cplusplus
}
#endif
#endif /* UMOD_KAPI_H */
