// SPDX-License-Identifier: MIT
/*
 * net_ipv6.c - walking an IPv6 packet's extension headers
 * (net/ipv6/exthdrs_core.c), reading them out of the skb wherever they
 * lie (head, fragments), as skb_header_pointer does: ipv6_skip_exthdr
 * past them, ipv6_find_hdr to the one asked for.
 */
#include <errno.h>

#include "kernel.h"
#include "skbuff.h"

#define NEXTHDR_HOP		0
#define NEXTHDR_ROUTING		43
#define NEXTHDR_FRAGMENT	44
#define NEXTHDR_AUTH		51
#define NEXTHDR_NONE		59
#define NEXTHDR_DEST		60

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len);

bool ipv6_ext_hdr(u8 nexthdr)
{
	return nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_ROUTING ||
	       nexthdr == NEXTHDR_FRAGMENT || nexthdr == NEXTHDR_AUTH ||
	       nexthdr == NEXTHDR_NONE || nexthdr == NEXTHDR_DEST;
}
EXPORT_SYMBOL(ipv6_ext_hdr);

static const void *header_pointer(const struct sk_buff *skb, int offset,
				  int len, void *buffer)
{
	if ((int)skb_headlen(skb) - offset >= len)
		return skb->data + offset;
	return skb_copy_bits(skb, offset, buffer, len) < 0 ? NULL : buffer;
}

/* The offset of the first header past the extension headers from start,
 * its type in *nexthdrp; -1 if they run out of the packet or end in
 * NEXTHDR_NONE.  A fragment header past the first fragment ends the walk
 * (its offset in *frag_offp, network order). */
int ipv6_skip_exthdr(const struct sk_buff *skb, int start, u8 *nexthdrp,
		     u16 *frag_offp)
{
	u8 nexthdr = *nexthdrp;

	*frag_offp = 0;
	while (ipv6_ext_hdr(nexthdr)) {
		u8 buf[2];
		const u8 *hp;	/* struct ipv6_opt_hdr: nexthdr, hdrlen */
		int hdrlen;

		if (nexthdr == NEXTHDR_NONE)
			return -1;
		hp = header_pointer(skb, start, 2, buf);
		if (!hp)
			return -1;
		if (nexthdr == NEXTHDR_FRAGMENT) {
			u16 frag;
			const u16 *fp = header_pointer(skb, start + 2, 2, &frag);

			if (!fp)
				return -1;
			*frag_offp = *fp;
			if (__builtin_bswap16(*frag_offp) & ~0x7)
				break;
			hdrlen = 8;
		} else if (nexthdr == NEXTHDR_AUTH) {
			hdrlen = (hp[1] + 2) << 2;
		} else {
			hdrlen = (hp[1] + 1) << 3;
		}
		nexthdr = hp[0];
		start += hdrlen;
	}
	*nexthdrp = nexthdr;
	return start;
}
EXPORT_SYMBOL(ipv6_skip_exthdr);

#define IP6_FH_F_FRAG		(1 << 0)
#define IP6_FH_F_AUTH		(1 << 1)
#define IP6_FH_F_SKIP_RH	(1 << 2)
#define IPV6_HDRLEN		40

/* The offset of the header of type target (any last one if target < 0)
 * in an IPv6 packet, at *offset if set, else at the network header, and
 * its type; -ENOENT if there is none, -EBADMSG if the packet is cut. */
int ipv6_find_hdr(const struct sk_buff *skb, unsigned int *offset, int target,
		  unsigned short *fragoff, int *flags)
{
	unsigned int start = skb->network_header - (skb->data - skb->head) +
			     IPV6_HDRLEN;
	const u8 *ip6 = skb->head + skb->network_header;
	u8 nexthdr = ip6[6], buf[IPV6_HDRLEN];
	bool found;

	if (fragoff)
		*fragoff = 0;
	if (*offset) {
		ip6 = header_pointer(skb, *offset, IPV6_HDRLEN, buf);
		if (!ip6 || ip6[0] >> 4 != 6)
			return -EBADMSG;
		start = *offset + IPV6_HDRLEN;
		nexthdr = ip6[6];
	}
	do {
		u8 hdr[4];
		const u8 *hp;	/* ipv6_opt_hdr; ipv6_rt_hdr's segments_left at 3 */
		unsigned int hdrlen;

		found = nexthdr == target;
		if (!ipv6_ext_hdr(nexthdr) || nexthdr == NEXTHDR_NONE) {
			if (target < 0 || found)
				break;
			return -ENOENT;
		}
		hp = header_pointer(skb, start, 2, hdr);
		if (!hp)
			return -EBADMSG;
		if (nexthdr == NEXTHDR_ROUTING) {
			const u8 *rh = header_pointer(skb, start, 4, hdr);

			if (!rh)
				return -EBADMSG;
			if (flags && (*flags & IP6_FH_F_SKIP_RH) && rh[3] == 0)
				found = false;
		}
		if (nexthdr == NEXTHDR_FRAGMENT) {
			u16 frag;
			const u8 *fp;
			unsigned short frag_off;

			if (flags)	/* only the first fragment */
				*flags |= IP6_FH_F_FRAG;
			fp = header_pointer(skb, start + 2, 2, &frag);
			if (!fp)
				return -EBADMSG;
			frag_off = (fp[0] << 8 | fp[1]) & ~0x7;
			if (frag_off) {
				if (target < 0 && (!ipv6_ext_hdr(hp[0]) ||
						   hp[0] == NEXTHDR_NONE)) {
					if (fragoff)
						*fragoff = frag_off;
					return hp[0];
				}
				if (!found)
					return -ENOENT;
				if (fragoff)
					*fragoff = frag_off;
				break;
			}
			hdrlen = 8;
		} else if (nexthdr == NEXTHDR_AUTH) {
			if (flags && (*flags & IP6_FH_F_AUTH) && target < 0)
				break;
			hdrlen = (hp[1] + 2) << 2;
		} else {
			hdrlen = (hp[1] + 1) << 3;
		}
		if (!found) {
			nexthdr = hp[0];
			start += hdrlen;
		}
	} while (!found);
	*offset = start;
	return nexthdr;
}
EXPORT_SYMBOL(ipv6_find_hdr);
