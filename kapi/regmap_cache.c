// SPDX-License-Identifier: MIT
/*
 * regmap_cache.c - the register cache, as drivers/base/regmap/regcache*.c
 * keep it: REGCACHE_FLAT an array over every register to max_register
 * (a register never written reads 0, Linux 6.1's flat cache has no
 * validity bits); REGCACHE_RBTREE and _COMPRESSED a sorted array of the
 * registers known, which misses (-ENOENT) until a register is read or
 * written, what Linux's rbtree of register blocks holds.  Defaults
 * (reg_defaults, or reg_defaults_raw parsed in the bus's byte order)
 * fill it first; regcache_drop_region forgets registers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "regmap.h"

/* ---- The sparse cache: sorted registers ---- */

/* The index of reg, or where it would go. */
static unsigned int sparse_find(const struct regcache *c, unsigned int reg, bool *found)
{
	unsigned int lo = 0, hi = c->count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (c->regs[mid] < reg)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < c->count && c->regs[lo] == reg;
	return lo;
}

static int sparse_grow(struct regcache *c)
{
	unsigned int cap = c->cap ? c->cap * 2 : 16;
	unsigned int *regs = realloc(c->regs, cap * sizeof(*regs));

	if (!regs)
		return -ENOMEM;
	c->regs = regs;
	regs = realloc(c->vals, cap * sizeof(*regs));
	if (!regs)
		return -ENOMEM;
	c->vals = regs;
	c->cap = cap;
	return 0;
}

static int sparse_write(struct regcache *c, unsigned int reg, unsigned int val)
{
	bool found;
	unsigned int i = sparse_find(c, reg, &found);

	if (!found) {
		if (c->count == c->cap && sparse_grow(c))
			return -ENOMEM;
		memmove(c->regs + i + 1, c->regs + i, (c->count - i) * sizeof(*c->regs));
		memmove(c->vals + i + 1, c->vals + i, (c->count - i) * sizeof(*c->vals));
		c->regs[i] = reg;
		c->count++;
	}
	c->vals[i] = val;
	return 0;
}

/* ---- Both kinds ---- */

static int cache_read(struct regmap *map, unsigned int reg, unsigned int *val)
{
	struct regcache *c = &map->cache;
	bool found;
	unsigned int i;

	if (c->type == REGCACHE_FLAT) {
		i = reg / map->reg_stride;
		if (i >= c->count)
			return -ENOENT;
		*val = c->vals[i];
		return 0;
	}
	i = sparse_find(c, reg, &found);
	if (!found)
		return -ENOENT;
	*val = c->vals[i];
	return 0;
}

static int cache_write(struct regmap *map, unsigned int reg, unsigned int val)
{
	struct regcache *c = &map->cache;

	if (c->type != REGCACHE_FLAT)
		return sparse_write(c, reg, val);
	if (reg / map->reg_stride >= c->count)
		return -EINVAL;
	c->vals[reg / map->reg_stride] = val;
	return 0;
}

int kapi_regcache_read(struct regmap *map, unsigned int reg, unsigned int *val)
{
	if (map->cache.type == REGCACHE_NONE)
		return -ENOSYS;
	if (regmap_volatile(map, reg))
		return -EINVAL;
	return cache_read(map, reg, val);
}

int kapi_regcache_write(struct regmap *map, unsigned int reg, unsigned int val)
{
	if (map->cache.type == REGCACHE_NONE || regmap_volatile(map, reg))
		return 0;
	return cache_write(map, reg, val);
}

/* ---- Defaults ---- */

static int cmp_default(const void *a, const void *b)
{
	const struct reg_default *x = a, *y = b;

	return x->reg < y->reg ? -1 : x->reg > y->reg;
}

/* reg_defaults_raw: values from register 0 on, in the bus's order. */
static int defaults_from_raw(struct regmap *map, const struct regmap_config *config)
{
	struct regcache *c = &map->cache;
	unsigned int n = 0;

	c->defaults = calloc(config->num_reg_defaults_raw, sizeof(*c->defaults));
	if (!c->defaults)
		return -ENOMEM;
	for (unsigned int i = 0; i < config->num_reg_defaults_raw; i++) {
		unsigned int reg = i * map->reg_stride;

		if (!regmap_readable(map, reg) || regmap_volatile(map, reg))
			continue;
		c->defaults[n].reg = reg;
		c->defaults[n++].def = kapi_regmap_parse_val(map,
			(const u8 *)config->reg_defaults_raw + i * map->val_bytes);
	}
	c->num_defaults = n;
	return 0;
}

static int load_defaults(struct regmap *map, const struct regmap_config *config)
{
	struct regcache *c = &map->cache;

	if (config->reg_defaults && config->num_reg_defaults) {
		c->defaults = malloc(config->num_reg_defaults * sizeof(*c->defaults));
		if (!c->defaults)
			return -ENOMEM;
		memcpy(c->defaults, config->reg_defaults,
		       config->num_reg_defaults * sizeof(*c->defaults));
		c->num_defaults = config->num_reg_defaults;
		qsort(c->defaults, c->num_defaults, sizeof(*c->defaults), cmp_default);
	} else if (config->reg_defaults_raw && config->num_reg_defaults_raw) {
		int ret = defaults_from_raw(map, config);

		if (ret)
			return ret;
	}
	for (unsigned int i = 0; i < c->num_defaults; i++) {
		int ret = cache_write(map, c->defaults[i].reg, c->defaults[i].def);

		if (ret)
			return ret;
	}
	return 0;
}

int kapi_regcache_init(struct regmap *map, const struct regmap_config *config)
{
	struct regcache *c = &map->cache;
	int ret;

	c->type = config->cache_type;
	if (c->type == REGCACHE_NONE)
		return 0;
	if (c->type > REGCACHE_FLAT)
		return -EINVAL;
	if (config->reg_defaults && !config->num_reg_defaults)
		return -EINVAL;
	if (c->type == REGCACHE_FLAT) {
		if (!map->max_register)
			return -EINVAL;
		c->count = map->max_register / map->reg_stride + 1;
		c->vals = calloc(c->count, sizeof(*c->vals));
		if (!c->vals)
			return -ENOMEM;
	}
	ret = load_defaults(map, config);
	if (ret)
		kapi_regcache_exit(map);
	return ret;
}

void kapi_regcache_exit(struct regmap *map)
{
	struct regcache *c = &map->cache;

	free(c->vals);
	free(c->regs);
	free(c->defaults);
	memset(c, 0, sizeof(*c));
}

int regcache_drop_region(struct regmap *map, unsigned int min, unsigned int max)
{
	struct regcache *c = &map->cache;
	unsigned int n = 0;

	if (c->type == REGCACHE_NONE)
		return -EINVAL;
	kapi_regmap_lock(map);
	if (c->type == REGCACHE_FLAT) {
		for (unsigned int i = 0; i < c->count; i++)
			if (i * map->reg_stride >= min && i * map->reg_stride <= max)
				c->vals[i] = 0;
	} else {
		for (unsigned int i = 0; i < c->count; i++) {
			if (c->regs[i] >= min && c->regs[i] <= max)
				continue;
			c->regs[n] = c->regs[i];
			c->vals[n++] = c->vals[i];
		}
		c->count = n;
	}
	kapi_regmap_unlock(map);
	return 0;
}
EXPORT_SYMBOL(regcache_drop_region);


/* The register's default, if it has one (regcache_sync's question). */
bool kapi_regcache_default(struct regmap *map, unsigned int reg, unsigned int *def)
{
	const struct reg_default key = { reg, 0 }, *d;

	d = bsearch(&key, map->cache.defaults, map->cache.num_defaults, sizeof(key), cmp_default);
	if (d)
		*def = d->def;
	return d != NULL;
}
