// SPDX-License-Identifier: MIT
/*
 * net_checksum.c - the Internet checksum as x86-64 Linux computes it
 * (arch/x86/lib/csum-partial_64.c: little-endian 64-bit words added with
 * end-around carry, the unfolded 32-bit sum genuine modules carry on
 * from and fold inline), and __ipv6_addr_type, the class and scope of an
 * IPv6 address (net/ipv6/addrconf_core.c).
 */
#include <errno.h>
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

/* ---- checksums of and in socket buffers ---- */
#include "page.h"
#include "skbuff.h"

#define CHECKSUM_COMPLETE	2
#define CHECKSUM_PARTIAL	3

static unsigned int ip_summed(const struct sk_buff *skb)
{
	return (u8)skb->headers[0] >> 5 & 3;	/* the bits at 0x80 */
}

static __wsum csum_add(__wsum csum, __wsum addend)
{
	u32 res = csum + addend;

	return res + (res < addend);
}

static __wsum csum_sub(__wsum csum, __wsum addend)
{
	return csum_add(csum, ~addend);
}

static __wsum csum_block_add(__wsum csum, __wsum csum2, int offset)
{
	if (offset & 1)
		csum2 = csum2 >> 8 | csum2 << 24;	/* ror32(csum2, 8) */
	return csum_add(csum, csum2);
}

/* RFC 1624: a 32-bit word of the summed data changed from from to to. */
static void csum_replace4(u16 *sum, u32 from, u32 to)
{
	__wsum tmp = csum_sub(~(__wsum)*sum, from);

	*sum = csum_fold(csum_add(tmp, to));
}

void inet_proto_csum_replace4(u16 *sum, struct sk_buff *skb, u32 from, u32 to,
			      bool pseudohdr)
{
	__wsum *csum = (__wsum *)(skb->headers + 8);	/* skb->csum, 0x88 */

	if (ip_summed(skb) != CHECKSUM_PARTIAL) {
		csum_replace4(sum, from, to);
		if (ip_summed(skb) == CHECKSUM_COMPLETE && pseudohdr)
			*csum = ~csum_add(csum_sub(~*csum, from), to);
	} else if (pseudohdr) {
		*sum = ~csum_fold(csum_add(csum_sub((__wsum)*sum, from), to));
	}
}
EXPORT_SYMBOL(inet_proto_csum_replace4);

struct skb_checksum_ops {
	__wsum (*update)(const void *mem, int len, __wsum wsum);
	__wsum (*combine)(__wsum csum, __wsum csum2, int offset, int len);
};

/* The sum of bytes [offset, offset + len): head, fragments, frag_list,
 * each part's sum combined at its position, as skbuff.c's. */
__wsum __skb_checksum(const struct sk_buff *skb, int offset, int len,
		      __wsum csum, const struct skb_checksum_ops *ops)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	int start = skb_headlen(skb), i, copy, pos = 0;
	const struct sk_buff *frag;

	if ((copy = start - offset) > 0) {
		if (copy > len)
			copy = len;
		csum = ops->update(skb->data + offset, copy, csum);
		if ((len -= copy) == 0)
			return csum;
		offset += copy;
		pos = copy;
	}
	for (i = 0; i < shinfo->nr_frags; i++) {
		const struct skb_frag *f = &shinfo->frags[i];
		int end = start + f->len;

		if ((copy = end - offset) > 0) {
			const u8 *p = (const u8 *)kapi_page_address(f->page) +
				      f->offset + offset - start;

			if (copy > len)
				copy = len;
			csum = ops->combine(csum, ops->update(p, copy, 0), pos, copy);
			if (!(len -= copy))
				return csum;
			offset += copy;
			pos += copy;
		}
		start = end;
	}
	for (frag = shinfo->frag_list; frag; frag = frag->next) {
		int end = start + frag->len;

		if ((copy = end - offset) > 0) {
			if (copy > len)
				copy = len;
			csum = ops->combine(csum, __skb_checksum(frag, offset - start,
					    copy, 0, ops), pos, copy);
			if ((len -= copy) == 0)
				return csum;
			offset += copy;
			pos += copy;
		}
		start = end;
	}
	if (len)
		__builtin_trap();	/* BUG_ON(len) */
	return csum;
}
EXPORT_SYMBOL(__skb_checksum);

static __wsum csum_partial_ext(const void *buff, int len, __wsum sum)
{
	return csum_partial(buff, len, sum);
}

static __wsum csum_block_add_ext(__wsum csum, __wsum csum2, int offset, int len)
{
	(void)len;
	return csum_block_add(csum, csum2, offset);
}

static const struct skb_checksum_ops default_ops = {
	.update = csum_partial_ext,
	.combine = csum_block_add_ext,
};

__wsum skb_checksum(const struct sk_buff *skb, int offset, int len, __wsum csum)
{
	return __skb_checksum(skb, offset, len, csum, &default_ops);
}
EXPORT_SYMBOL(skb_checksum);

int ___pskb_trim(struct sk_buff *skb, unsigned int len);

/* pskb_trim_rcsum's slow path: the trimmed bytes' sum taken out of a
 * complete checksum, or a partial one's field kept in the head. */
int pskb_trim_rcsum_slow(struct sk_buff *skb, unsigned int len)
{
	__wsum *csum = (__wsum *)(skb->headers + 8);

	if (ip_summed(skb) == CHECKSUM_COMPLETE) {
		int delta = skb->len - len;

		*csum = csum_block_add(*csum, ~skb_checksum(skb, len, delta, 0), len);
	} else if (ip_summed(skb) == CHECKSUM_PARTIAL) {
		/* csum_start, csum_offset share skb->csum's word */
		u16 csum_start = ((u16 *)csum)[0], csum_offset = ((u16 *)csum)[1];
		unsigned int hdlen = len > skb_headlen(skb) ? skb_headlen(skb) : len;
		int offset = csum_start - (skb->data - skb->head) + csum_offset;

		if (offset + 2 > (int)hdlen)
			return -EINVAL;
	}
	if (skb->data_len)
		return ___pskb_trim(skb, len);
	skb->len = len;
	skb->tail = skb->data - skb->head + len;
	return 0;
}
EXPORT_SYMBOL(pskb_trim_rcsum_slow);

int skb_ensure_writable(struct sk_buff *skb, unsigned int write_len);

/* A CHECKSUM_PARTIAL skb's checksum, computed from csum_start to the
 * end and stored at csum_offset past it (CSUM_MANGLED_0 for 0), as a
 * device without checksum offload needs it; then CHECKSUM_NONE. */
static bool warned;	/* WARN_ONCE */

int skb_checksum_help(struct sk_buff *skb)
{
	u16 *csum_field = (u16 *)(skb->headers + 8);	/* csum_start, csum_offset */
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	int offset, err;
	u16 sum;

	if (ip_summed(skb) != CHECKSUM_COMPLETE) {
		if (shinfo->gso_size) {
			kapi_warn("skb_checksum_help: a GSO skb\n");
			return -EINVAL;
		}
		offset = csum_field[0] - (skb->data - skb->head);
		if (offset >= (int)skb_headlen(skb)) {
			if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
				kapi_warn("offset (%d) >= skb_headlen() (%u)\n",
					  offset, skb_headlen(skb));
			return -EINVAL;
		}
		sum = csum_fold(skb_checksum(skb, offset, skb->len - offset, 0));
		offset += csum_field[1];
		if (offset + 2 > (int)skb_headlen(skb)) {
			if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
				kapi_warn("offset+2 (%zu) > skb_headlen() (%u)\n",
					  (size_t)offset + 2, skb_headlen(skb));
			return -EINVAL;
		}
		err = skb_ensure_writable(skb, offset + 2);
		if (err)
			return err;
		sum = sum ? sum : 0xffff;	/* CSUM_MANGLED_0 */
		memcpy(skb->data + offset, &sum, 2);
	}
	skb->headers[0] &= ~0x60;	/* ip_summed = CHECKSUM_NONE */
	return 0;
}
EXPORT_SYMBOL(skb_checksum_help);
