// SPDX-License-Identifier: MIT
/*
 * ida.c - ID allocation (lib/idr.c's IDA): ida_alloc_range gives the
 * lowest free ID in [min, max], ida_free gives it back, ida_destroy
 * frees everything.  struct ida is Linux 6.1's 16-byte xarray, zeroed by
 * DEFINE_IDA or ida_init; its head points at a bitmap of the IDs in use
 * here, NULL when none is, so that the inline ida_is_empty is right.
 * One lock for all IDAs: Linux's is per IDA, the result is the same.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

KAPI_LAYOUT(sizeof(struct ida) == 16, "Linux 6.1's ida");

struct ids {
	unsigned int nbits;	/* a multiple of 64 */
	unsigned long bits[];
};

static pthread_mutex_t ida_lock = PTHREAD_MUTEX_INITIALIZER;

static bool in_use(const struct ids *s, unsigned int id)
{
	return s && id < s->nbits && s->bits[id / 64] >> (id % 64) & 1;
}

/* Room for id: the bitmap doubled until it covers it. */
static struct ids *cover(struct ida *ida, unsigned int id)
{
	struct ids *s = ida->xa_head, *n;
	unsigned int have = s ? s->nbits : 0, want = have ? have : 64;

	if (id < have)
		return s;
	while (want <= id)
		want = want > UINT_MAX / 2 ? UINT_MAX / 64 * 64 : want * 2;
	n = realloc(s, sizeof(*n) + want / 8);
	if (!n)
		return NULL;
	memset((char *)n->bits + have / 8, 0, (want - have) / 8);
	n->nbits = want;
	ida->xa_head = n;
	return n;
}

int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp)
{
	struct ids *s;
	unsigned int id;
	int ret = -ENOSPC;

	if ((int)min < 0)
		return -ENOSPC;
	if ((int)max < 0)
		max = INT_MAX;
	pthread_mutex_lock(&ida_lock);
	s = ida->xa_head;
	for (id = min; id <= max && in_use(s, id); id++)
		;
	if (id <= max) {
		s = cover(ida, id);
		if (s) {
			s->bits[id / 64] |= 1ul << (id % 64);
			ret = id;
		} else {
			ret = -ENOMEM;
		}
	}
	pthread_mutex_unlock(&ida_lock);
	return ret;
}
EXPORT_SYMBOL(ida_alloc_range);

void ida_free(struct ida *ida, unsigned int id)
{
	struct ids *s;
	bool empty = true;

	pthread_mutex_lock(&ida_lock);
	s = ida->xa_head;
	if (!in_use(s, id)) {
		pthread_mutex_unlock(&ida_lock);
		kapi_warn(KERN_WARNING "ida_free called for id=%d which is not allocated.\n",
			  (int)id);
		return;
	}
	s->bits[id / 64] &= ~(1ul << (id % 64));
	for (unsigned int i = 0; i < s->nbits / 64 && empty; i++)
		empty = !s->bits[i];
	if (empty) {
		free(s);
		ida->xa_head = NULL;
	}
	pthread_mutex_unlock(&ida_lock);
}
EXPORT_SYMBOL(ida_free);

void ida_destroy(struct ida *ida)
{
	pthread_mutex_lock(&ida_lock);
	free(ida->xa_head);
	ida->xa_head = NULL;
	pthread_mutex_unlock(&ida_lock);
}
EXPORT_SYMBOL(ida_destroy);
