// SPDX-License-Identifier: MIT
/*
 * crcs.c - the symbol versions of umodd's exports, as Linux's vmlinux
 * carries its own in __kcrctab: genksyms' CRC of each declaration in the
 * headers modules include (mk/host-exports.c, $(B)/gen/host_crcs.h), by
 * the compiler that builds umodd, so a cross build's are the target's.
 * modpost -H reads this table from the image, so umodd.symvers and the
 * loader agree by construction.
 */
#include "umodd.h"

const struct umod_symbol_crc umod_host_crcs[] = {
#include "host_crcs.h"	/* genksyms -a: { "name", 0x<crc>u }, ... */
};
const size_t umod_host_num_crcs = sizeof(umod_host_crcs) / sizeof(umod_host_crcs[0]);
