// SPDX-License-Identifier: MIT
/*
 * crc32.c - lib/crc32.c's CRCs, which are built into Debian's kernel:
 * crc32_le (the IEEE 802.3 polynomial, reflected), __crc32c_le
 * (Castagnoli's) and crc32_be.  As Linux's, the seed is used as given
 * and the result is not inverted: callers do that.  And lib/crc-t10dif.c's
 * crc_t10dif_generic, the T10 DIF CRC-16 (0x8bb7, not reflected), which
 * crct10dif-pclmul.ko falls back on.
 */
#include "kernel.h"

static u32 crc_le(u32 crc, const u8 *p, size_t len, u32 poly)
{
	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (crc & 1 ? poly : 0);
	}
	return crc;
}

u32 crc32_le(u32 crc, const u8 *p, size_t len)
{
	return crc_le(crc, p, len, 0xedb88320);
}
EXPORT_SYMBOL(crc32_le);

u32 __crc32c_le(u32 crc, const u8 *p, size_t len)
{
	return crc_le(crc, p, len, 0x82f63b78);
}
EXPORT_SYMBOL(__crc32c_le);

u32 crc32_be(u32 crc, const u8 *p, size_t len)
{
	while (len--) {
		crc ^= (u32)*p++ << 24;
		for (int i = 0; i < 8; i++)
			crc = (crc << 1) ^ (crc & 0x80000000u ? 0x04c11db7 : 0);
	}
	return crc;
}
EXPORT_SYMBOL(crc32_be);

u16 crc_t10dif_generic(u16 crc, const unsigned char *p, size_t len)
{
	while (len--) {
		crc ^= (u16)*p++ << 8;
		for (int i = 0; i < 8; i++)
			crc = crc & 0x8000 ? (u16)(crc << 1) ^ 0x8bb7 : (u16)(crc << 1);
	}
	return crc;
}
EXPORT_SYMBOL(crc_t10dif_generic);
