/* SPDX-License-Identifier: MIT */
/* crcx.h - what crcx exports; kbuild-crc.t edits it between builds. */
#ifndef CRCX_H
#define CRCX_H

struct crcx_range {
	int lo;
	int hi;
};

struct crcx_conf {
	const char *name;
	struct crcx_range range;
};

int crcx_width(const struct crcx_conf *conf);
int crcx_add(int x, int y);
int crcx_neg(int x);

#endif
