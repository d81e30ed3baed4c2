// SPDX-License-Identifier: MIT
/* crcbad.c - built against another CRC: a changed prototype, say. */
#define CRCUSE_CRC 0x1234abce
#include "crcuse.h"
