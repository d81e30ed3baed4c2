// SPDX-License-Identifier: MIT
/* crcnover.c - built without modversions: no __versions at all. */
#include "crcuse.h"
