// SPDX-License-Identifier: MIT
/*
 * net_ipv6.c - walking an IPv6 packet's extension headers
 * (net/ipv6/exthdrs_core.c), reading them out of the skb wherever they
 * lie (head, fragments), as skb_header_pointer does.
 */
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
