// SPDX-License-Identifier: MIT
/*
 * crchost: loads genuine Linux modules (Debian's crc-itu-t.ko and crc7.ko)
 * and checks their exports compute the standard check values.  The host
 * provides the one import they have on x86-64, __x86_return_thunk, linking
 * kapi's; on arm64 they have none, but ADRP pairs and PREL32 tables; on
 * i386 none, but they take their arguments in registers (Linux builds
 * with -mregparm=3).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <umod/linux.h>

#include "tap.h"

#ifdef __i386__
#define KERNEL_CALL __attribute__((regparm(3)))
#else
#define KERNEL_CALL
#endif

/* With __versions, only what follows the release must agree: Debian's
 * kernels are not preemptible but on x86-64, and name their machine
 * (Linux's MODULE_ARCH_VERMAGIC). */
#if defined(__aarch64__)
#define LINUX_VERMAGIC "umod-linux SMP mod_unload modversions aarch64"
#elif defined(__i386__)
#define LINUX_VERMAGIC "umod-linux SMP preempt mod_unload modversions 686 "
#else
#define LINUX_VERMAGIC "umod-linux SMP preempt mod_unload modversions "
#endif

static const char check[] = "123456789";

static void quiet(int level, const char *msg, void *arg)
{
	printf("# log %d: %s\n", level, msg);
}

int main(int argc, char **argv)
{
	struct umod_ctx *ctx = umod_ctx_new();
	uint16_t KERNEL_CALL (*itu)(uint16_t, const uint8_t *, size_t);
	uint8_t KERNEL_CALL (*crc7)(uint8_t, const uint8_t *, size_t);
	struct module *mod;
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: crchost crc-itu-t.ko crc7.ko\n");
		return 2;
	}
	umod_set_log(ctx, quiet, NULL);
	ret = umod_load_file(ctx, argv[1], NULL, 0, NULL);
	ok(ret == -ENOEXEC && strstr(umod_errmsg(), "version magic"),
	   "a Linux module is refused under umod's vermagic: %s", umod_errmsg());

	umod_set_vermagic(ctx, LINUX_VERMAGIC);
	ret = umod_load_file(ctx, argv[1], NULL, 0, &mod);
	is_int(ret, 0, "crc-itu-t.ko loads when the vermagic agrees past the release (%s)",
	       umod_errmsg());
	if (!ret) {
		is_str(module_name(mod), "crc_itu_t", "its name comes from .modinfo");
		itu = umod_find_symbol(ctx, "crc_itu_t");
		ok(itu && itu(0, (const uint8_t *)check, 9) == 0x31c3,
		   "crc_itu_t(0, \"123456789\") is CRC-16/XMODEM's check value 0x31c3");
		ok(umod_find_symbol(ctx, "crc_itu_t_table") != NULL,
		   "its data export crc_itu_t_table is in the symbol table");
	}
	umod_set_vermagic(ctx, UMOD_VERMAGIC);
	ret = umod_load_file(ctx, argv[2], NULL, UMOD_INIT_IGNORE_VERMAGIC, NULL);
	is_int(ret, 0, "crc7.ko loads with the vermagic check forced off (%s)", umod_errmsg());
	crc7 = umod_find_symbol(ctx, "crc7_be");
	ok(crc7 && crc7(0, (const uint8_t *)check, 9) == (0x75 << 1),
	   "crc7_be(0, \"123456789\") is CRC-7/MMC's check value 0x75, shifted");
	is_int(umod_unload(ctx, "crc7", 0), 0, "crc7 unloads");
	is_int(umod_unload(ctx, "crc_itu_t", 0), 0, "crc_itu_t unloads");
	ok(umod_find_symbol(ctx, "crc_itu_t") == NULL, "and its exports are gone");
	umod_ctx_free(ctx);
	return done_testing();
}
