// SPDX-License-Identifier: MIT
/*
 * net_ethtool.c - ethtool's link mode masks (net/ethtool/ioctl.c): the
 * legacy 32-bit SUPPORTED_* word to and from Linux 6.1's 93-bit mask.
 */
#include <string.h>

#include "kernel.h"

#define LINK_MODE_NBITS	93	/* __ETHTOOL_LINK_MODE_MASK_NBITS */
#define LINK_MODE_LONGS	((LINK_MODE_NBITS + 63) / 64)

void ethtool_convert_legacy_u32_to_link_mode(unsigned long *dst, u32 legacy_u32)
{
	memset(dst, 0, LINK_MODE_LONGS * sizeof(*dst));
	dst[0] = legacy_u32;
}
EXPORT_SYMBOL(ethtool_convert_legacy_u32_to_link_mode);

/* false when the mask has modes past bit 31, which the word cannot say */
bool ethtool_convert_link_mode_to_legacy_u32(u32 *legacy_u32,
					     const unsigned long *src)
{
	bool fits = !(src[0] >> 32) &&
		    !(src[1] & ((1ul << (LINK_MODE_NBITS - 64)) - 1));

	*legacy_u32 = src[0];
	return fits;
}
EXPORT_SYMBOL(ethtool_convert_link_mode_to_legacy_u32);
