// SPDX-License-Identifier: MIT
/* crcs.c - crchost's CRC table, as umodd/crcs.c: crcs.h is genksyms -a
 * over hostx.h (host.mk). */
#include <umod/host.h>

const struct umod_symbol_crc umod_host_crcs[] = {
#include "crcs.h"
};
const size_t umod_host_num_crcs = sizeof(umod_host_crcs) / sizeof(umod_host_crcs[0]);
