/* SPDX-License-Identifier: MIT */
/*
 * strmap.h - a string-keyed hash map, and kmod's hash order.
 *
 * depmod writes some files in the order kmod's hash tables hand their
 * entries out: by bucket of Paul Hsieh's SuperFastHash (kmod's hash
 * function) over a power-of-two bucket count, then by strcmp within a
 * bucket.  strmap_kmod_order() sorts entries that way, so umod's depmod
 * lists modules and symbols exactly where kmod's does.
 */
#ifndef UMOD_TOOLS_STRMAP_H
#define UMOD_TOOLS_STRMAP_H

#include <stddef.h>

struct strmap_entry {
	const char *key;	/* not copied: it must outlive the entry */
	void *value;
	struct strmap_entry *next;
};

struct strmap {
	struct strmap_entry **buckets;
	size_t nbuckets;	/* a power of two */
	size_t count;
};

void strmap_init(struct strmap *m);
/* Frees the entries, and each value with free_value unless NULL. */
void strmap_free(struct strmap *m, void (*free_value)(void *value));
void *strmap_get(const struct strmap *m, const char *key);
/* Adds or replaces; *old (if not NULL) gets the value replaced or NULL.
 * 0 or -ENOMEM. */
int strmap_set(struct strmap *m, const char *key, void *value, void **old);
/* Removes key; returns its value or NULL. */
void *strmap_del(struct strmap *m, const char *key);

/* All entries, in kmod's iteration order for a table of nbuckets (a power
 * of two); the caller frees the array.  NULL only when out of memory. */
struct strmap_entry **strmap_kmod_order(const struct strmap *m, unsigned int nbuckets);

/* kmod's hash of a string (SuperFastHash, with len as the seed). */
unsigned int strmap_kmod_hash(const char *key, unsigned int len);

#endif /* UMOD_TOOLS_STRMAP_H */
