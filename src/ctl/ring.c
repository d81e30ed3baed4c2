// SPDX-License-Identifier: MIT
/*
 * ring.c - the host's log, a byte ring of records as Linux's printk kept
 * before 5.10: each record a header and its text, 8-byte aligned; a
 * record that would straddle the end goes to the start instead, behind a
 * zero-length marker; the oldest records make room for new ones.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../internal.h"
#include "ctl.h"

struct ring_hdr {
	uint32_t len;			/* whole record; 0 marks a wrap */
	uint16_t text_len;
	uint8_t level;
	uint8_t pad;
	uint64_t usec;
};

#define RING_ALIGN 8
#define RING_MIN 4096

int ctl_ring_init(struct ctl_ring *r, size_t size)
{
	struct timespec now;

	memset(r, 0, sizeof(*r));
	if (size < RING_MIN)
		size = RING_MIN;
	r->size = size & ~(size_t)(RING_ALIGN - 1);
	r->buf = umod_calloc(1, r->size);
	if (!r->buf)
		return -ENOMEM;
	pthread_mutex_init(&r->lock, NULL);
	umod_cond_init(&r->grew);
	clock_gettime(CLOCK_REALTIME, &now);
	r->boot_ns = umod_now_ns();
	r->boot_epoch_us = (uint64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
	return 0;
}

void ctl_ring_free(struct ctl_ring *r)
{
	pthread_cond_destroy(&r->grew);
	pthread_mutex_destroy(&r->lock);
	free(r->buf);
	r->buf = NULL;
}

static struct ring_hdr *rec_at(struct ctl_ring *r, size_t off)
{
	struct ring_hdr *h = (struct ring_hdr *)(r->buf + off);

	return h->len ? h : (struct ring_hdr *)r->buf;
}

/* The offset after the record at off, following a wrap marker. */
static size_t rec_next(struct ctl_ring *r, size_t off)
{
	struct ring_hdr *h = rec_at(r, off);

	return (size_t)((unsigned char *)h - r->buf) + h->len;
}

/* Contiguous bytes free at r->next, keeping room for a wrap marker. */
static bool ring_has_room(struct ctl_ring *r, size_t len)
{
	size_t free;

	if (r->first_seq == r->next_seq)
		return true;
	if (r->next > r->first)
		free = r->size - r->next > r->first ? r->size - r->next : r->first;
	else
		free = r->first - r->next;
	return free >= len + sizeof(struct ring_hdr);
}

void ctl_ring_add(struct ctl_ring *r, int level, const char *text)
{
	size_t text_len = strlen(text);
	size_t len, max = r->size / 4;
	struct ring_hdr *h;

	/* The kernel's own rule: one message may take a quarter. */
	if (text_len > max - sizeof(*h))
		text_len = max - sizeof(*h);
	if (text_len > UINT16_MAX)
		text_len = UINT16_MAX;
	len = (sizeof(*h) + text_len + RING_ALIGN - 1) & ~(size_t)(RING_ALIGN - 1);

	pthread_mutex_lock(&r->lock);
	while (!ring_has_room(r, len)) {
		r->first = rec_next(r, r->first);
		r->first_seq++;
	}
	if (r->next + len + sizeof(*h) > r->size) {
		memset(r->buf + r->next, 0, sizeof(*h));
		r->next = 0;
		if (r->first_seq == r->next_seq)
			r->first = 0;
	}
	h = (struct ring_hdr *)(r->buf + r->next);
	h->len = len;
	h->text_len = text_len;
	h->level = level < 0 ? 0 : level > 7 ? 7 : level;
	h->pad = 0;
	h->usec = (umod_now_ns() - r->boot_ns) / 1000;
	memcpy(h + 1, text, text_len);
	r->next += len;
	r->next_seq++;
	pthread_cond_broadcast(&r->grew);
	pthread_mutex_unlock(&r->lock);
}

/* Records from *from on (those since dropped or cleared skipped), and
 * *from past them. */
static void read_from(struct ctl_ring *r, uint64_t *from, ctl_ring_cb *cb,
		      void *arg)
{
	uint64_t seq;
	size_t off = r->first;

	for (seq = r->first_seq; seq < r->next_seq; seq++) {
		struct ring_hdr *h = rec_at(r, off);
		struct ctl_log_rec rec = {
			seq, h->usec, h->level, (const char *)(h + 1), h->text_len
		};

		if (seq >= r->clear_seq && seq >= *from)
			cb(&rec, arg);
		off = (size_t)((unsigned char *)h - r->buf) + h->len;
	}
	*from = r->next_seq;
}

uint64_t ctl_ring_read(struct ctl_ring *r, bool clear, ctl_ring_cb *cb, void *arg)
{
	uint64_t from = 0;

	pthread_mutex_lock(&r->lock);
	read_from(r, &from, cb, arg);
	if (clear)
		r->clear_seq = r->next_seq;
	pthread_mutex_unlock(&r->lock);
	return from;
}

bool ctl_ring_follow(struct ctl_ring *r, uint64_t *from, unsigned int wait_ms,
		     ctl_ring_cb *cb, void *arg)
{
	int64_t until = umod_now_ms() + wait_ms;
	bool got;

	pthread_mutex_lock(&r->lock);
	while (r->next_seq <= *from &&
	       umod_cond_wait_until(&r->grew, &r->lock, until) == 0)
		;
	got = r->next_seq > *from;
	if (got)
		read_from(r, from, cb, arg);
	pthread_mutex_unlock(&r->lock);
	return got;
}
