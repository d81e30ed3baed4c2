// SPDX-License-Identifier: MIT
/*
 * skbuff_seq.c - reading an skb's bytes block by block where they lie
 * (skb_seq_read: the head, each page fragment, then the frag_list's
 * skbs), and textsearch over an skb with it (skb_find_text), as
 * net/core/skbuff.c does; pages are read through page.c's linear map.
 */
#include <limits.h>
#include <string.h>

#include "kernel.h"
#include "page.h"
#include "skbuff.h"

struct skb_seq_state {
	u32 lower_offset;
	u32 upper_offset;
	u32 frag_idx;
	u32 stepped_offset;
	struct sk_buff *root_skb;
	struct sk_buff *cur_skb;
	u8 *frag_data;
	u32 frag_off;
};
KAPI_LAYOUT(sizeof(struct skb_seq_state) == 48, "Linux 6.1's skb_seq_state");

void skb_prepare_seq_read(struct sk_buff *skb, unsigned int from,
			  unsigned int to, struct skb_seq_state *st)
{
	st->lower_offset = from;
	st->upper_offset = to;
	st->root_skb = st->cur_skb = skb;
	st->frag_idx = st->stepped_offset = 0;
	st->frag_data = NULL;
	st->frag_off = 0;
}
EXPORT_SYMBOL(skb_prepare_seq_read);

/* The next block at consumed bytes past from, in *data, and its length;
 * 0 past to or at the end of the packet. */
unsigned int skb_seq_read(unsigned int consumed, const u8 **data,
			  struct skb_seq_state *st)
{
	unsigned int block_limit, abs_offset = consumed + st->lower_offset;

	if (abs_offset >= st->upper_offset) {
		st->frag_data = NULL;
		return 0;
	}
next_skb:
	block_limit = skb_headlen(st->cur_skb) + st->stepped_offset;
	if (abs_offset < block_limit && !st->frag_data) {
		*data = st->cur_skb->data + (abs_offset - st->stepped_offset);
		return block_limit - abs_offset;
	}
	if (st->frag_idx == 0 && !st->frag_data)
		st->stepped_offset += skb_headlen(st->cur_skb);
	while (st->frag_idx < skb_shinfo(st->cur_skb)->nr_frags) {
		const struct skb_frag *frag = &skb_shinfo(st->cur_skb)->frags[st->frag_idx];

		block_limit = frag->len + st->stepped_offset;
		if (abs_offset < block_limit) {
			st->frag_data = kapi_page_address(frag->page);
			*data = st->frag_data + frag->offset +
				(abs_offset - st->stepped_offset);
			return block_limit - abs_offset;
		}
		st->frag_data = NULL;
		st->stepped_offset += frag->len;
		st->frag_idx++;
	}
	st->frag_data = NULL;
	if (st->root_skb == st->cur_skb && skb_shinfo(st->root_skb)->frag_list) {
		st->cur_skb = skb_shinfo(st->root_skb)->frag_list;
		st->frag_idx = 0;
		goto next_skb;
	} else if (st->cur_skb->next) {
		st->cur_skb = st->cur_skb->next;
		st->frag_idx = 0;
		goto next_skb;
	}
	return 0;
}
EXPORT_SYMBOL(skb_seq_read);

void skb_abort_seq_read(struct skb_seq_state *st)
{
	st->frag_data = NULL;
}
EXPORT_SYMBOL(skb_abort_seq_read);

/* The seq state lives in state->cb, 4 bytes into ts_state as Linux lays
 * it out: copied out and back rather than read misaligned. */
static unsigned int skb_ts_get_next_block(unsigned int offset, const u8 **text,
					  struct ts_config *conf,
					  struct ts_state *state)
{
	struct skb_seq_state st;
	unsigned int len;

	(void)conf;
	memcpy(&st, state->cb, sizeof(st));
	len = skb_seq_read(offset, text, &st);
	memcpy(state->cb, &st, sizeof(st));
	return len;
}

static void skb_ts_finish(struct ts_config *conf, struct ts_state *state)
{
	(void)conf;
	memset(state->cb + offsetof(struct skb_seq_state, frag_data), 0,
	       sizeof(u8 *));	/* skb_abort_seq_read */
}

/* The offset from from of the first occurrence of the pattern that ends
 * by to, else UINT_MAX. */
unsigned int skb_find_text(struct sk_buff *skb, unsigned int from,
			   unsigned int to, struct ts_config *config)
{
	unsigned int patlen = config->ops->get_pattern_len(config), ret;
	struct skb_seq_state st;
	struct ts_state state;

	config->get_next_block = skb_ts_get_next_block;
	config->finish = skb_ts_finish;
	skb_prepare_seq_read(skb, from, to, &st);
	memcpy(state.cb, &st, sizeof(st));
	state.offset = 0;	/* textsearch_find */
	ret = config->ops->find(config, &state);
	return ret + patlen <= to - from ? ret : UINT_MAX;
}
EXPORT_SYMBOL(skb_find_text);
