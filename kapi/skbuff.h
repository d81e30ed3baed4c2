/* SPDX-License-Identifier: MIT */
/*
 * skbuff.h - Linux 6.1's struct sk_buff and skb_shared_info on x86-64
 * (Debian's config), the fields kapi reads by name, the rest as padding
 * at the same offsets.
 */
#ifndef KAPI_SKBUFF_H
#define KAPI_SKBUFF_H

#include "kernel.h"

struct page;

struct skb_frag {		/* skb_frag_t: a bio_vec */
	struct page *page;
	unsigned int len;
	unsigned int offset;
};

#define MAX_SKB_FRAGS	17

struct skb_shared_info {
	u8 flags, meta_len, nr_frags, tx_flags;
	unsigned short gso_size, gso_segs;
	struct sk_buff *frag_list;
	u64 hwtstamps;
	unsigned int gso_type;
	u32 tskey;
	int dataref;		/* atomic_t */
	unsigned int xdp_frags_size;
	void *destructor_arg;
	struct skb_frag frags[MAX_SKB_FRAGS];
};
KAPI_LAYOUT(offsetof(struct skb_shared_info, dataref) == 0x20, "shinfo->dataref");
KAPI_LAYOUT(offsetof(struct skb_shared_info, frags) == 0x30, "shinfo->frags");
KAPI_LAYOUT(sizeof(struct skb_shared_info) == 0x140, "Linux 6.1's skb_shared_info");

#define SKB_CLONED	0x01	/* cloned:1, the first bit at __cloned_offset */
#define SKB_DST_NOREF	1ul

struct sk_buff {
	struct sk_buff *next, *prev;
	void *dev;
	void *sk;
	s64 tstamp;
	char cb[48];
	unsigned long _skb_refdst;
	void (*destructor)(struct sk_buff *skb);
	unsigned long _nfct;
	unsigned int len, data_len;
	u16 mac_len, hdr_len, queue_mapping;
	u8 cloned_byte;		/* cloned:1 nohdr:1 fclone:2 ... */
	u8 pad0;
	char headers[0xb6 - 0x80];	/* pkt_type... protocol */
	u16 transport_header, network_header, mac_header;
	u32 tail, end;
	u8 *head, *data;
	unsigned int truesize;
	int users;		/* refcount_t */
	void *extensions;
};
KAPI_LAYOUT(offsetof(struct sk_buff, cb) == 0x28, "skb->cb");
KAPI_LAYOUT(offsetof(struct sk_buff, len) == 0x70, "skb->len");
KAPI_LAYOUT(offsetof(struct sk_buff, cloned_byte) == 0x7e, "skb->cloned");
KAPI_LAYOUT(offsetof(struct sk_buff, transport_header) == 0xb6, "skb->transport_header");
KAPI_LAYOUT(offsetof(struct sk_buff, tail) == 0xbc, "skb->tail");
KAPI_LAYOUT(offsetof(struct sk_buff, head) == 0xc8, "skb->head");
KAPI_LAYOUT(offsetof(struct sk_buff, users) == 0xdc, "skb->users");
KAPI_LAYOUT(sizeof(struct sk_buff) == 0xe8, "Linux 6.1's struct sk_buff");

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)(skb->head + skb->end);
}

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline u8 *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->head + skb->tail;
}

struct dst_entry;
void __folio_put(struct page *folio);

#endif /* KAPI_SKBUFF_H */
