// SPDX-License-Identifier: MIT
/*
 * skbuff.c - socket buffers, in Linux 6.1's struct sk_buff and
 * skb_shared_info (genuine modules reach most fields inline: headroom,
 * tailroom, skb_shinfo(), skb_reserve, __skb_put).  As Linux's: the head
 * is a kmalloc bucket (its size rounded as the slab rounds it), with the
 * shared info at its end; the buffer counts users, the head dataref;
 * paged fragments are (struct page, offset, length) triples read through
 * page.c's linear map.  Putting or pushing past the buffer is a BUG, with
 * skb_over_panic's and skb_under_panic's words.
 *
 * No clones are made here (skb_clone is not offered), so a head always
 * has one reference; a frag_list is walked for reading (skb_copy_bits)
 * and freed, but __pskb_pull_tail pulls from page fragments only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "page.h"
#include "skbuff.h"

#define SMP_CACHE_BYTES		64
#define SKB_DATA_ALIGN(x)	(((x) + SMP_CACHE_BYTES - 1) & ~(size_t)(SMP_CACHE_BYTES - 1))
#define SHINFO_SIZE		SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
#define SKB_TRUESIZE(x)		((x) + SKB_DATA_ALIGN(sizeof(struct sk_buff)) + SHINFO_SIZE)

/* kmalloc_size_roundup: SLUB's buckets, then whole pages. */
static size_t kmalloc_roundup(size_t size)
{
	size_t b;

	if (size > 8192)
		return (size + KAPI_PAGE_SIZE - 1) & ~(KAPI_PAGE_SIZE - 1);
	if (size > 64 && size <= 96)
		return 96;
	if (size > 128 && size <= 192)
		return 192;
	for (b = 8; b < size; b <<= 1)
		;
	return b;
}

void dst_release(struct dst_entry *dst);

struct sk_buff *__alloc_skb(unsigned int size, gfp_t gfp, int flags, int node)
{
	struct sk_buff *skb;
	struct skb_shared_info *shinfo;
	size_t osize;
	u8 *data;

	(void)flags, (void)node;
	skb = malloc(sizeof(*skb));
	if (!skb)
		return NULL;
	osize = kmalloc_roundup(SKB_DATA_ALIGN(size) + SHINFO_SIZE);
	data = aligned_alloc(SMP_CACHE_BYTES, osize);
	if (!data) {
		free(skb);
		return NULL;
	}
	(void)gfp;
	size = osize - SHINFO_SIZE;
	memset(skb, 0, offsetof(struct sk_buff, tail));
	skb->truesize = SKB_TRUESIZE(size);
	skb->users = 1;
	skb->head = data;
	skb->data = data;
	skb->tail = 0;
	skb->end = size;
	skb->mac_header = 0xffff;
	skb->transport_header = 0xffff;
	shinfo = skb_shinfo(skb);
	memset(shinfo, 0, offsetof(struct skb_shared_info, dataref));
	shinfo->dataref = 1;
	return skb;
}
EXPORT_SYMBOL(__alloc_skb);

static void kfree_skb_list(struct sk_buff *segs);

static void skb_release_data(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	int i;

	if (skb->cloned_byte & SKB_CLONED &&
	    __atomic_sub_fetch(&shinfo->dataref, 1, __ATOMIC_ACQ_REL))
		return;
	for (i = 0; i < shinfo->nr_frags; i++) {
		struct page *page = shinfo->frags[i].page;

		if (__atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_ACQ_REL) == 0)
			__folio_put(page);
	}
	if (shinfo->frag_list)
		kfree_skb_list(shinfo->frag_list);
	free(skb->head);
}

/* skb_release_head_state: the route, then the owner's destructor. */
static void skb_release_head_state(struct sk_buff *skb)
{
	unsigned long dst = skb->_skb_refdst;

	if (dst & ~1ul && !(dst & SKB_DST_NOREF))
		dst_release((struct dst_entry *)(dst & ~1ul));
	if (skb->destructor)
		skb->destructor(skb);
}

static bool skb_unref(struct sk_buff *skb)
{
	if (__atomic_load_n(&skb->users, __ATOMIC_ACQUIRE) == 1)
		return true;
	return __atomic_sub_fetch(&skb->users, 1, __ATOMIC_ACQ_REL) == 0;
}

void __kfree_skb(struct sk_buff *skb)
{
	skb_release_head_state(skb);
	if (skb->head)
		skb_release_data(skb);
	free(skb);
}
EXPORT_SYMBOL(__kfree_skb);

void kfree_skb_reason(struct sk_buff *skb, int reason)
{
	(void)reason;	/* for the drop tracepoint, which has no reader */
	if (skb && skb_unref(skb))
		__kfree_skb(skb);
}
EXPORT_SYMBOL(kfree_skb_reason);

void consume_skb(struct sk_buff *skb)
{
	if (skb && skb_unref(skb))
		__kfree_skb(skb);
}
EXPORT_SYMBOL(consume_skb);


static void kfree_skb_list(struct sk_buff *segs)
{
	while (segs) {
		struct sk_buff *next = segs->next;

		kfree_skb_reason(segs, 0);
		segs = next;
	}
}

void kfree_skb_list_reason(struct sk_buff *segs, int reason)
{
	(void)reason;
	kfree_skb_list(segs);
}
EXPORT_SYMBOL(kfree_skb_list_reason);

/* skb_panic: Linux's words, then its BUG. */
__attribute__((noreturn))
static void skb_panic(struct sk_buff *skb, unsigned int sz, void *addr,
		      const char *msg)
{
	kapi_printk(KERN_EMERG "%s: text:%p len:%d put:%d head:%p data:%p "
		    "tail:%#lx end:%#lx dev:%s\n", msg, addr, skb->len, sz,
		    skb->head, skb->data, (unsigned long)skb->tail,
		    (unsigned long)skb->end, "<NULL>");
	__builtin_trap();
}

void *skb_put(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb_tail_pointer(skb);

	if (skb->data_len)	/* SKB_LINEAR_ASSERT */
		__builtin_trap();
	skb->tail += len;
	skb->len += len;
	if (skb->tail > skb->end)
		skb_panic(skb, len, __builtin_return_address(0), "skb_over_panic");
	return tmp;
}
EXPORT_SYMBOL(skb_put);

void *skb_push(struct sk_buff *skb, unsigned int len)
{
	skb->data -= len;
	skb->len += len;
	if (skb->data < skb->head)
		skb_panic(skb, len, __builtin_return_address(0), "skb_under_panic");
	return skb->data;
}
EXPORT_SYMBOL(skb_push);

void *skb_pull(struct sk_buff *skb, unsigned int len)
{
	if (len > skb->len)
		return NULL;
	skb->len -= len;
	if (skb->len < skb->data_len)
		__builtin_trap();
	return skb->data += len;
}
EXPORT_SYMBOL(skb_pull);

void *skb_pull_data(struct sk_buff *skb, size_t len)
{
	void *data = skb->data;

	if (skb->len < len)
		return NULL;
	skb_pull(skb, len);
	return data;
}
EXPORT_SYMBOL(skb_pull_data);

void skb_trim(struct sk_buff *skb, unsigned int len)
{
	if (skb->len <= len)
		return;
	if (skb->data_len) {
		kapi_warn("skb_trim of a paged skb\n");
		return;
	}
	skb->len = len;
	skb->tail = skb->data - skb->head + len;
}
EXPORT_SYMBOL(skb_trim);

/* Copy n bytes between the packet at p and buf, in the direction asked. */
static void move_bytes(void *p, void *buf, int n, bool store)
{
	if (store)
		memcpy(p, buf, n);
	else
		memcpy(buf, p, n);
}

/* Bytes [offset, offset + len) of the packet, read into buf or stored from
 * it: the head, then each page fragment, then each skb of the frag_list,
 * in order.  skb_copy_bits and skb_store_bits. */
static int skb_bytes(struct sk_buff *skb, int offset, u8 *buf, int len, bool store)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	int start = skb_headlen(skb), i, copy;
	struct sk_buff *frag;

	if (offset > (int)skb->len - len)
		return -EFAULT;
	if ((copy = start - offset) > 0) {
		if (copy > len)
			copy = len;
		move_bytes(skb->data + offset, buf, copy, store);
		if ((len -= copy) == 0)
			return 0;
		offset += copy;
		buf += copy;
	}
	for (i = 0; i < shinfo->nr_frags; i++) {
		struct skb_frag *f = &shinfo->frags[i];
		int end = start + f->len;

		if ((copy = end - offset) > 0) {
			if (copy > len)
				copy = len;
			move_bytes((u8 *)kapi_page_address(f->page) + f->offset +
				   offset - start, buf, copy, store);
			if ((len -= copy) == 0)
				return 0;
			offset += copy;
			buf += copy;
		}
		start = end;
	}
	for (frag = shinfo->frag_list; frag; frag = frag->next) {
		int end = start + frag->len;

		if ((copy = end - offset) > 0) {
			if (copy > len)
				copy = len;
			if (skb_bytes(frag, offset - start, buf, copy, store))
				return -EFAULT;
			if ((len -= copy) == 0)
				return 0;
			offset += copy;
			buf += copy;
		}
		start = end;
	}
	return len ? -EFAULT : 0;
}

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len)
{
	return skb_bytes((struct sk_buff *)skb, offset, to, len, false);
}
EXPORT_SYMBOL(skb_copy_bits);

/* A bigger head for __pskb_pull_tail: the shared info moves with it. */
static int grow_tail(struct sk_buff *skb, unsigned int ntail)
{
	size_t head = skb->data - skb->head, osize;
	size_t size = skb->end + ntail;
	u8 *data;

	osize = kmalloc_roundup(SKB_DATA_ALIGN(size) + SHINFO_SIZE);
	data = aligned_alloc(SMP_CACHE_BYTES, osize);
	if (!data)
		return -ENOMEM;
	size = osize - SHINFO_SIZE;
	memcpy(data, skb->head, skb->tail);
	memcpy(data + size, skb_shinfo(skb),
	       offsetof(struct skb_shared_info, frags) +
	       skb_shinfo(skb)->nr_frags * sizeof(struct skb_frag));
	free(skb->head);
	skb->head = data;
	skb->data = data + head;
	skb->end = size;
	return 0;
}

/* Moves delta bytes of the page fragments into the head; the tail
 * pointer after them, or NULL (the skb unchanged) without memory. */
void *__pskb_pull_tail(struct sk_buff *skb, int delta)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	int eat = (int)(skb->tail + delta) - (int)skb->end;
	int frags_len = 0, i, k;

	for (i = 0; i < shinfo->nr_frags; i++)
		frags_len += shinfo->frags[i].len;
	if (delta > frags_len)
		return NULL;	/* would need the frag_list */
	if (eat > 0 && grow_tail(skb, eat + 128))
		return NULL;
	shinfo = skb_shinfo(skb);
	if (skb_copy_bits(skb, skb_headlen(skb), skb_tail_pointer(skb), delta))
		__builtin_trap();
	eat = delta;
	for (i = k = 0; i < shinfo->nr_frags; i++) {
		struct skb_frag *f = &shinfo->frags[i];

		if ((int)f->len <= eat) {
			eat -= f->len;
			if (__atomic_sub_fetch(&f->page->_refcount, 1,
					       __ATOMIC_ACQ_REL) == 0)
				__folio_put(f->page);
			continue;
		}
		shinfo->frags[k] = *f;
		shinfo->frags[k].offset += eat;
		shinfo->frags[k].len -= eat;
		eat = 0;
		k++;
	}
	shinfo->nr_frags = k;
	skb->tail += delta;
	skb->data_len -= delta;
	return skb_tail_pointer(skb);
}
EXPORT_SYMBOL(__pskb_pull_tail);

/* ---- copies and a new head ---- */

/* pskb_expand_head: a private head with nhead bytes more in front and
 * ntail more behind; the data, the shared info and its fragments' page
 * references move to it.  Our heads are never shared (no clones). */
int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	size_t osize, size = SKB_DATA_ALIGN(skb->end + nhead + ntail);
	long off;
	u8 *data;

	(void)gfp;
	if (nhead < 0 || skb->users != 1)	/* Linux's BUG_ONs */
		__builtin_trap();
	osize = kmalloc_roundup(size + SHINFO_SIZE);
	data = aligned_alloc(SMP_CACHE_BYTES, osize);
	if (!data)
		return -ENOMEM;
	size = osize - SHINFO_SIZE;
	memcpy(data + nhead, skb->head, skb->tail);
	memcpy(data + size, shinfo, offsetof(struct skb_shared_info, frags) +
	       shinfo->nr_frags * sizeof(struct skb_frag));
	off = (data + nhead) - skb->head;
	free(skb->head);
	skb->head = data;
	skb->data += off;
	skb->end = size;
	skb->tail += nhead;
	if (skb->mac_header != 0xffff)
		skb->mac_header += nhead;
	if (skb->transport_header != 0xffff)
		skb->transport_header += nhead;
	skb->network_header += nhead;
	skb->cloned_byte &= ~SKB_CLONED;
	skb_shinfo(skb)->dataref = 1;
	return 0;
}
EXPORT_SYMBOL(pskb_expand_head);

/* A copy of the header fields (struct sk_buff up to tail), then the
 * new buffer's own pointers; the new skb owns no socket nor route. */
static void copy_header(struct sk_buff *n, const struct sk_buff *skb)
{
	memcpy(n, skb, offsetof(struct sk_buff, tail));
	n->next = n->prev = NULL;
	n->sk = NULL;
	n->_skb_refdst = 0;
	n->destructor = NULL;
	n->_nfct = 0;
	n->cloned_byte &= ~SKB_CLONED;
}

/* skb_copy: everything, fragments included, into one linear skb with
 * the same headroom. */
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp)
{
	int headerlen = skb->data - skb->head;
	struct sk_buff *n;

	n = __alloc_skb(skb->end + skb->data_len, gfp, 0, -1);
	if (!n)
		return NULL;
	n->data += headerlen;	/* skb_reserve */
	n->tail += headerlen;
	n->len = 0;
	skb_put(n, skb->len);
	if (skb_copy_bits(skb, -headerlen, n->head, headerlen + skb->len))
		__builtin_trap();
	{
		long data = n->data - n->head;
		u32 tail = n->tail, end = n->end;
		u8 *head = n->head;
		unsigned int truesize = n->truesize;

		copy_header(n, skb);
		n->head = head;
		n->data = head + data;
		n->tail = tail;
		n->end = end;
		n->truesize = truesize;
		n->users = 1;
		n->data_len = 0;
	}
	return n;
}
EXPORT_SYMBOL(skb_copy);

/* skb_clone: a second sk_buff.  Shared heads are not implemented here,
 * so the clone has a copy of the head (and of the fragments' data):
 * what the clone's owner sees is the same, each may write its own. */
struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp)
{
	return skb_copy(skb, gfp);
}
EXPORT_SYMBOL(skb_clone);

/* ---- device-side allocation and freeing ---- */
#define NET_SKB_PAD	64	/* max(32, L1_CACHE_BYTES) */

struct sk_buff *__netdev_alloc_skb(void *dev, unsigned int len, gfp_t gfp)
{
	struct sk_buff *skb = __alloc_skb(len + NET_SKB_PAD, gfp, 0, -1);

	if (!skb)
		return NULL;
	skb->data += NET_SKB_PAD;	/* skb_reserve */
	skb->tail += NET_SKB_PAD;
	skb->dev = dev;
	return skb;
}
EXPORT_SYMBOL(__netdev_alloc_skb);

/* __dev_kfree_skb_any/_irq: Linux defers the free out of hard IRQ
 * context; no code here runs in one, so it is freed now. */
enum skb_free_reason { SKB_REASON_CONSUMED, SKB_REASON_DROPPED };

void __dev_kfree_skb_any(struct sk_buff *skb, enum skb_free_reason reason)
{
	if (reason == SKB_REASON_CONSUMED)
		consume_skb(skb);
	else
		kfree_skb_reason(skb, 0);
}
EXPORT_SYMBOL(__dev_kfree_skb_any);

void __dev_kfree_skb_irq(struct sk_buff *skb, enum skb_free_reason reason)
{
	__dev_kfree_skb_any(skb, reason);
}
EXPORT_SYMBOL(__dev_kfree_skb_irq);

/* ---- queues: sk_buff_head, a list under its own spinlock ---- */
struct sk_buff_head {
	struct sk_buff *next, *prev;
	u32 qlen;
	raw_spinlock_t lock;
};

void _raw_spin_lock(raw_spinlock_t *lock);
void _raw_spin_unlock(raw_spinlock_t *lock);

static void queue_insert(struct sk_buff_head *list, struct sk_buff *newsk,
			 struct sk_buff *prev, struct sk_buff *next)
{
	newsk->next = next;
	newsk->prev = prev;
	next->prev = newsk;
	prev->next = newsk;
	list->qlen++;
}

static struct sk_buff *queue_unlink(struct sk_buff_head *list,
				    struct sk_buff *skb)
{
	struct sk_buff *next = skb->next, *prev = skb->prev;

	list->qlen--;
	skb->next = skb->prev = NULL;
	next->prev = prev;
	prev->next = next;
	return skb;
}

void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk)
{
	_raw_spin_lock(&list->lock);
	queue_insert(list, newsk, list->prev, (struct sk_buff *)list);
	_raw_spin_unlock(&list->lock);
}
EXPORT_SYMBOL(skb_queue_tail);

void skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk)
{
	_raw_spin_lock(&list->lock);
	queue_insert(list, newsk, (struct sk_buff *)list, list->next);
	_raw_spin_unlock(&list->lock);
}
EXPORT_SYMBOL(skb_queue_head);

struct sk_buff *skb_dequeue(struct sk_buff_head *list)
{
	struct sk_buff *skb = NULL;

	_raw_spin_lock(&list->lock);
	if (list->next != (struct sk_buff *)list)
		skb = queue_unlink(list, list->next);
	_raw_spin_unlock(&list->lock);
	return skb;
}
EXPORT_SYMBOL(skb_dequeue);

struct sk_buff *skb_dequeue_tail(struct sk_buff_head *list)
{
	struct sk_buff *skb = NULL;

	_raw_spin_lock(&list->lock);
	if (list->prev != (struct sk_buff *)list)
		skb = queue_unlink(list, list->prev);
	_raw_spin_unlock(&list->lock);
	return skb;
}
EXPORT_SYMBOL(skb_dequeue_tail);

void skb_unlink(struct sk_buff *skb, struct sk_buff_head *list)
{
	_raw_spin_lock(&list->lock);
	queue_unlink(list, skb);
	_raw_spin_unlock(&list->lock);
}
EXPORT_SYMBOL(skb_unlink);

void skb_append(struct sk_buff *old, struct sk_buff *newsk,
		struct sk_buff_head *list)
{
	_raw_spin_lock(&list->lock);
	queue_insert(list, newsk, old, old->next);
	_raw_spin_unlock(&list->lock);
}
EXPORT_SYMBOL(skb_append);

void skb_queue_purge(struct sk_buff_head *list)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(list)) != NULL)
		kfree_skb_reason(skb, 0);
}
EXPORT_SYMBOL(skb_queue_purge);

/* pskb_may_pull: the first len bytes in the head, pulling them in from
 * the fragments if need be. */
static bool may_pull(struct sk_buff *skb, unsigned int len)
{
	if (len <= skb_headlen(skb))
		return true;
	if (len > skb->len)
		return false;
	return __pskb_pull_tail(skb, len - skb_headlen(skb)) != NULL;
}

/* The first write_len bytes in the head and the skb's own to write:
 * no head is shared here, so pulling them in is all it takes. */
int skb_ensure_writable(struct sk_buff *skb, unsigned int write_len)
{
	return may_pull(skb, write_len) ? 0 : -ENOMEM;
}
EXPORT_SYMBOL(skb_ensure_writable);

/* ---- trimming a paged skb ---- */
int ___pskb_trim(struct sk_buff *skb, unsigned int len);

static int pskb_trim(struct sk_buff *skb, unsigned int len)
{
	if (len >= skb->len)
		return 0;
	if (skb->data_len)
		return ___pskb_trim(skb, len);
	skb->len = len;
	skb->tail = skb->data - skb->head + len;
	return 0;
}

static void frag_unref(struct skb_frag *f)
{
	if (__atomic_sub_fetch(&f->page->_refcount, 1, __ATOMIC_ACQ_REL) == 0)
		__folio_put(f->page);
}

/* The packet cut to len bytes: fragments past it dropped, the one it
 * ends in shortened, the frag_list trimmed or dropped likewise. */
int ___pskb_trim(struct sk_buff *skb, unsigned int len)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int offset = skb_headlen(skb);
	int nfrags = shinfo->nr_frags, i = 0, err;
	struct sk_buff **fragp, *frag;

	if (offset >= len)
		goto drop_pages;
	for (; i < nfrags; i++) {
		unsigned int end = offset + shinfo->frags[i].len;

		if (end < len) {
			offset = end;
			continue;
		}
		shinfo->frags[i++].len = len - offset;
drop_pages:
		shinfo->nr_frags = i;
		for (; i < nfrags; i++)
			frag_unref(&shinfo->frags[i]);
		if (shinfo->frag_list) {
			kfree_skb_list(shinfo->frag_list);
			shinfo->frag_list = NULL;
		}
		goto done;
	}
	for (fragp = &shinfo->frag_list; (frag = *fragp); fragp = &frag->next) {
		unsigned int end = offset + frag->len;

		if (end < len) {
			offset = end;
			continue;
		}
		if (end > len && (err = pskb_trim(frag, len - offset)))
			return err;
		if (frag->next) {
			kfree_skb_list(frag->next);
			frag->next = NULL;
		}
		break;
	}
done:
	if (len > skb_headlen(skb)) {
		skb->data_len -= skb->len - len;
		skb->len = len;
	} else {
		skb->len = len;
		skb->data_len = 0;
		skb->tail = skb->data - skb->head + len;
	}
	return 0;
}
EXPORT_SYMBOL(___pskb_trim);

int skb_store_bits(struct sk_buff *skb, int offset, const void *from, int len)
{
	return skb_bytes(skb, offset, (u8 *)from, len, true);
}
EXPORT_SYMBOL(skb_store_bits);
