/* SPDX-License-Identifier: MIT */
/* hostx.h - what crchost exports, as modules and the host include it. */
#ifndef HOSTX_H
#define HOSTX_H

struct hostx_range {
	int lo;
	int hi;
};

int hostx_add(int a, int b);
int hostx_width(const struct hostx_range *r);

#endif
