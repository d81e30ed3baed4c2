/* SPDX-License-Identifier: MIT */
/*
 * modbin.h - kmod's binary index (modules.*.bin), read in place.
 *
 * depmod writes each index as a prefix trie: a 12-byte header (magic
 * 0xB007F457, version 2.1, the root's offset), then nodes, every number
 * big-endian.  A node's offset carries flags in its top bits: a prefix
 * (a NUL-terminated string), children (first and last byte, then one
 * offset per byte between them, 0 where none), values (a count, then a
 * priority and a NUL-terminated string each).  The file is mmap'd and
 * walked from the root, so a lookup costs the key's length, not the
 * index's size, as in libkmod.
 */
#ifndef UMOD_TOOLS_MODBIN_H
#define UMOD_TOOLS_MODBIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct modbin {
	bool present;		/* the file exists, even if unusable */
	const unsigned char *map;
	size_t size;
	uint32_t root;
};

/* dirname/file, mapped.  0, or -errno: -ENOENT if there is no such file.
 * A file that is not an index of a version this reader knows (depmod
 * writes empty ones) is present but finds nothing, as in libkmod. */
int modbin_open(struct modbin *idx, const char *dirname, const char *file);
void modbin_close(struct modbin *idx);

/* The first value of key, exactly (no wildcards), pointing into the map;
 * NULL if none. */
const char *modbin_search(const struct modbin *idx, const char *key);

/*
 * The values of every key whose pattern (fnmatch) matches key, as libkmod's
 * index_mm_searchwild gives them: by priority, a value once per matching
 * key.  Calls cb until it returns non-zero, which is returned; else the
 * number of values.
 */
int modbin_search_wild(const struct modbin *idx, const char *key,
		       int (*cb)(const char *value, void *arg), void *arg);

/* "<prefix><key> <value>\n" for every value, keys in byte order, as
 * index_mm_dump. */
void modbin_dump(const struct modbin *idx, const char *prefix, FILE *out);

#endif /* UMOD_TOOLS_MODBIN_H */
