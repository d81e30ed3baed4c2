// SPDX-License-Identifier: MIT
/* strmap.c - a chained string hash map, and kmod's hash order. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "umod-tools.h"

/*
 * Paul Hsieh's SuperFastHash, as kmod uses it.  The 16-bit reads are the
 * host's byte order and the odd bytes plain (signed on x86) chars, as in
 * kmod, so the order matches kmod on the same machine.
 */
unsigned int strmap_kmod_hash(const char *key, unsigned int len)
{
	unsigned int hash = len, rem = len & 3, tmp;
	uint16_t a, b;

	for (len /= 4; len > 0; len--, key += 4) {
		memcpy(&a, key, 2);
		memcpy(&b, key + 2, 2);
		hash += a;
		tmp = ((unsigned int)b << 11) ^ hash;
		hash = (hash << 16) ^ tmp;
		hash += hash >> 11;
	}
	switch (rem) {
	case 3:
		memcpy(&a, key, 2);
		hash += a;
		hash ^= hash << 16;
		hash ^= (unsigned int)(int)key[2] << 18;
		hash += hash >> 11;
		break;
	case 2:
		memcpy(&a, key, 2);
		hash += a;
		hash ^= hash << 11;
		hash += hash >> 17;
		break;
	case 1:
		hash += (unsigned int)(int)key[0];
		hash ^= hash << 10;
		hash += hash >> 1;
		break;
	}
	/* final avalanche */
	hash ^= hash << 3;
	hash += hash >> 5;
	hash ^= hash << 4;
	hash += hash >> 17;
	hash ^= hash << 25;
	hash += hash >> 6;
	return hash;
}

/* FNV-1a for our own buckets: any good spread will do. */
static size_t bucket_of(const struct strmap *m, const char *key)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 0x100000001b3ull;
	return h & (m->nbuckets - 1);
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_free(struct strmap *m, void (*free_value)(void *value))
{
	for (size_t i = 0; i < m->nbuckets; i++)
		for (struct strmap_entry *e = m->buckets[i], *next; e; e = next) {
			next = e->next;
			if (free_value)
				free_value(e->value);
			free(e);
		}
	free(m->buckets);
	strmap_init(m);
}

static struct strmap_entry **find(const struct strmap *m, const char *key)
{
	struct strmap_entry **p;

	if (!m->nbuckets)
		return NULL;
	for (p = &m->buckets[bucket_of(m, key)]; *p; p = &(*p)->next)
		if (!strcmp((*p)->key, key))
			return p;
	return p;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_entry **p = find(m, key);

	return p && *p ? (*p)->value : NULL;
}

/* Keeps the load under one entry a bucket. */
static int grow(struct strmap *m)
{
	size_t n = m->nbuckets ? m->nbuckets * 2 : 256;
	struct strmap_entry **old = m->buckets;
	size_t oldn = m->nbuckets;

	m->buckets = calloc(n, sizeof(*m->buckets));
	if (!m->buckets) {
		m->buckets = old;
		return -ENOMEM;
	}
	m->nbuckets = n;
	for (size_t i = 0; i < oldn; i++)
		for (struct strmap_entry *e = old[i], *next; e; e = next) {
			size_t b = bucket_of(m, e->key);

			next = e->next;
			e->next = m->buckets[b];
			m->buckets[b] = e;
		}
	free(old);
	return 0;
}

int strmap_set(struct strmap *m, const char *key, void *value, void **old)
{
	struct strmap_entry **p, *e;

	if (old)
		*old = NULL;
	if (m->count >= m->nbuckets && grow(m))
		return -ENOMEM;
	p = find(m, key);
	if (*p) {
		if (old)
			*old = (*p)->value;
		(*p)->key = key;
		(*p)->value = value;
		return 0;
	}
	e = malloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	*e = (struct strmap_entry){ key, value, NULL };
	*p = e;
	m->count++;
	return 0;
}

void *strmap_del(struct strmap *m, const char *key)
{
	struct strmap_entry **p = find(m, key), *e;
	void *value;

	if (!p || !*p)
		return NULL;
	e = *p;
	value = e->value;
	*p = e->next;
	free(e);
	m->count--;
	return value;
}

struct ordered {
	unsigned int bucket;
	struct strmap_entry *e;
};

static int ordered_cmp(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;

	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return strcmp(x->e->key, y->e->key);
}

struct strmap_entry **strmap_kmod_order(const struct strmap *m, unsigned int nbuckets)
{
	struct ordered *o = malloc((m->count + 1) * sizeof(*o));
	struct strmap_entry **out = malloc((m->count + 1) * sizeof(*out));
	size_t n = 0;

	if (!o || !out) {
		free(o);
		free(out);
		return NULL;
	}
	for (size_t i = 0; i < m->nbuckets; i++)
		for (struct strmap_entry *e = m->buckets[i]; e; e = e->next)
			o[n++] = (struct ordered){
				strmap_kmod_hash(e->key, strlen(e->key)) & (nbuckets - 1), e };
	qsort(o, n, sizeof(*o), ordered_cmp);
	for (size_t i = 0; i < n; i++)
		out[i] = o[i].e;
	out[n] = NULL;
	free(o);
	return out;
}
