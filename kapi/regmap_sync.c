// SPDX-License-Identifier: MIT
/*
 * regmap_sync.c - regcache_sync, as drivers/base/regmap/regcache.c: once
 * the cache is dirty (a write while cache-only, or regcache_mark_dirty
 * after the hardware lost its state), the registered patch is written
 * again, then each cached register that is writeable and not volatile
 * is written to the chip around the cache, unless it holds its default
 * and the hardware was not reset.
 */
#include <errno.h>

#include "regmap.h"

/* A register holding its default needs no write, unless the hardware
 * was reset to unknown values (regcache_mark_dirty). */
static bool needs_sync(struct regmap *map, unsigned int reg, unsigned int val)
{
	unsigned int def;

	if (map->no_sync_defaults)
		return true;
	return !kapi_regcache_default(map, reg, &def) || def != val;
}

static int sync_reg(struct regmap *map, unsigned int reg, unsigned int val)
{
	int ret;

	if (regmap_volatile(map, reg) || !regmap_writeable(map, reg) ||
	    !needs_sync(map, reg, val))
		return 0;
	map->cache_bypass = true;
	ret = kapi_regmap_write(map, reg, val);
	map->cache_bypass = false;
	if (ret)
		kapi_printk(KERN_ERR "regmap %s: Unable to sync register %#x. %d\n",
			    map->name, reg, ret);
	return ret;
}

static int sync_range(struct regmap *map, unsigned int min, unsigned int max)
{
	struct regcache *c = &map->cache;
	int ret = 0;

	for (unsigned int i = 0; i < c->count && !ret; i++) {
		unsigned int reg = c->type == REGCACHE_FLAT ? i * map->reg_stride : c->regs[i];

		if (reg >= min && reg <= max)
			ret = sync_reg(map, reg, c->vals[i]);
	}
	return ret;
}

static int sync_locked(struct regmap *map, unsigned int min, unsigned int max, bool all)
{
	bool bypass = map->cache_bypass;
	int ret = 0;

	if (map->cache.type == REGCACHE_NONE)
		return -EINVAL;
	if (map->cache_only)
		kapi_warn("regmap %s: regcache_sync while cache only\n", map->name);
	if (!map->cache_dirty)
		goto out;
	if (all)
		ret = kapi_regmap_patch(map);	/* the errata first */
	if (!ret)
		ret = sync_range(map, min, max);
	if (!ret && all)
		map->cache_dirty = false;
out:
	map->cache_bypass = bypass;
	if (all)
		map->no_sync_defaults = false;
	return ret;
}

int regcache_sync(struct regmap *map)
{
	int ret;

	kapi_regmap_lock(map);
	ret = sync_locked(map, 0, ~0u, true);
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regcache_sync);

int regcache_sync_region(struct regmap *map, unsigned int min, unsigned int max)
{
	int ret;

	kapi_regmap_lock(map);
	ret = sync_locked(map, min, max, false);
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regcache_sync_region);
