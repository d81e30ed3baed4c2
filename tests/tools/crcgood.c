// SPDX-License-Identifier: MIT
/* crcgood.c - built against the exporter's CRC. */
#define CRCUSE_CRC 0x1234abcd
#include "crcuse.h"
