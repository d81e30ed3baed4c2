// SPDX-License-Identifier: MIT
/*
 * net_checksum.c - the Internet checksum as x86-64 Linux computes it
 * (arch/x86/lib/csum-partial_64.c: little-endian 64-bit words added with
 * end-around carry, the unfolded 32-bit sum genuine modules carry on
 * from and fold inline), and __ipv6_addr_type, the class and scope of an
 * IPv6 address (net/ipv6/addrconf_core.c).
 */
#include <string.h>

#include "kernel.h"

typedef u32 __wsum;

static u64 add64_carry(u64 a, u64 b)
{
	u64 s = a + b;

	return s + (s < a);
}

static u32 add32_with_carry(u32 a, u32 b)
{
	u32 s = a + b;

	return s + (s < a);
}

static u32 from32to16(u32 x)
{
	x = (x & 0xffff) + (x >> 16);
	return (x & 0xffff) + (x >> 16);
}

__wsum csum_partial(const void *buff, int len, __wsum sum)
{
	const u8 *p = buff;
	u64 temp64 = sum, w;
	unsigned int odd = 1 & (unsigned long)p;
	u32 result;

	if (odd) {
		if (len == 0)
			return sum;
		temp64 = (sum >> 8) | (u32)(sum << 24);	/* ror32(sum, 8) */
		temp64 += (u32)*p << 8;
		len--;
		p++;
	}
	for (; len >= 8; len -= 8, p += 8) {
		memcpy(&w, p, 8);
		temp64 = add64_carry(temp64, w);
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);	/* the trailing bytes, zero padded */
		temp64 = add64_carry(temp64, w);
	}
	result = add32_with_carry(temp64 >> 32, temp64 & 0xffffffff);
	if (odd) {
		result = from32to16(result);
		result = ((result >> 8) & 0xff) | ((result & 0xff) << 8);
	}
	return result;
}
EXPORT_SYMBOL(csum_partial);

static u16 csum_fold(__wsum sum)
{
	return (u16)~from32to16(sum);
}

u16 ip_compute_csum(const void *buff, int len)
{
	return csum_fold(csum_partial(buff, len, 0));
}
EXPORT_SYMBOL(ip_compute_csum);

struct in6_addr {
	u8 s6_addr[16];
};

/* The pseudo-header sum of RFC 8200 8.1, in network order as the
 * addresses are, folded. */
u16 csum_ipv6_magic(const struct in6_addr *saddr, const struct in6_addr *daddr,
		    u32 len, u8 proto, __wsum sum)
{
	u64 s = sum;
	u32 w[4];
	int i;

	memcpy(w, saddr, 16);
	for (i = 0; i < 4; i++)
		s += w[i];
	memcpy(w, daddr, 16);
	for (i = 0; i < 4; i++)
		s += w[i];
	s += __builtin_bswap32(len) + __builtin_bswap32(proto);
	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffffffff) + (s >> 32);
	return csum_fold((u32)s);
}
EXPORT_SYMBOL(csum_ipv6_magic);

/* ---- IPv6 address types, include/net/ipv6.h's values ---- */
#define IPV6_ADDR_ANY		0x0000u
#define IPV6_ADDR_UNICAST	0x0001u
#define IPV6_ADDR_MULTICAST	0x0002u
#define IPV6_ADDR_LOOPBACK	0x0010u
#define IPV6_ADDR_LINKLOCAL	0x0020u
#define IPV6_ADDR_SITELOCAL	0x0040u
#define IPV6_ADDR_COMPATv4	0x0080u
#define IPV6_ADDR_MAPPED	0x1000u
#define IPV6_ADDR_SCOPE_NODELOCAL	0x01
#define IPV6_ADDR_SCOPE_LINKLOCAL	0x02
#define IPV6_ADDR_SCOPE_SITELOCAL	0x05
#define IPV6_ADDR_SCOPE_GLOBAL	0x0e
#define IPV6_ADDR_SCOPE_TYPE(scope)	((scope) << 16)

static unsigned int mcast_scope(unsigned int scope)
{
	switch (scope) {
	case IPV6_ADDR_SCOPE_NODELOCAL:
		return IPV6_ADDR_SCOPE_TYPE(scope) | IPV6_ADDR_LOOPBACK;
	case IPV6_ADDR_SCOPE_LINKLOCAL:
		return IPV6_ADDR_SCOPE_TYPE(scope) | IPV6_ADDR_LINKLOCAL;
	case IPV6_ADDR_SCOPE_SITELOCAL:
		return IPV6_ADDR_SCOPE_TYPE(scope) | IPV6_ADDR_SITELOCAL;
	default:
		return IPV6_ADDR_SCOPE_TYPE(scope);
	}
}

int __ipv6_addr_type(const struct in6_addr *addr)
{
	const u8 *a = addr->s6_addr;
	u32 st;
	static const u8 zero[10];

	st = (u32)a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3];
	/* Global unicast and anycast: 2000::/3, and everything but
	 * 0000::/3 and ff00::/8. */
	if ((st & 0xe0000000) != 0 && (st & 0xe0000000) != 0xe0000000)
		return IPV6_ADDR_UNICAST | IPV6_ADDR_SCOPE_TYPE(IPV6_ADDR_SCOPE_GLOBAL);
	if ((st & 0xff000000) == 0xff000000)
		return IPV6_ADDR_MULTICAST | mcast_scope(a[1] & 0x0f);
	if ((st & 0xffc00000) == 0xfe800000)
		return IPV6_ADDR_LINKLOCAL | IPV6_ADDR_UNICAST |
		       IPV6_ADDR_SCOPE_TYPE(IPV6_ADDR_SCOPE_LINKLOCAL);
	if ((st & 0xffc00000) == 0xfec00000)
		return IPV6_ADDR_SITELOCAL | IPV6_ADDR_UNICAST |
		       IPV6_ADDR_SCOPE_TYPE(IPV6_ADDR_SCOPE_SITELOCAL);
	if ((st & 0xfe000000) == 0xfc000000)	/* RFC 4193 */
		return IPV6_ADDR_UNICAST | IPV6_ADDR_SCOPE_TYPE(IPV6_ADDR_SCOPE_GLOBAL);
	if (!memcmp(a, zero, 8)) {
		if (!memcmp(a + 8, zero, 4)) {
			static const u8 one[4] = { 0, 0, 0, 1 };

			if (!memcmp(a + 12, zero, 4))
				return IPV6_ADDR_ANY;
			if (!memcmp(a + 12, one, 4))
				return IPV6_ADDR_LOOPBACK | IPV6_ADDR_UNICAST |
				       IPV6_ADDR_SCOPE_TYPE(IPV6_ADDR_SCOPE_LINKLOCAL);
			return IPV6_ADDR_COMPATv4 | IPV6_ADDR_UNICAST |
			       IPV6_ADDR_SCOPE_TYPE(IPV6_ADDR_SCOPE_GLOBAL);
		}
		if (a[8] == 0 && a[9] == 0 && a[10] == 0xff && a[11] == 0xff)
			return IPV6_ADDR_MAPPED | IPV6_ADDR_SCOPE_TYPE(IPV6_ADDR_SCOPE_GLOBAL);
	}
	return IPV6_ADDR_UNICAST;	/* scope reserved (0): addr-select 3.4 */
}
EXPORT_SYMBOL(__ipv6_addr_type);
