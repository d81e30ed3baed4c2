// SPDX-License-Identifier: MIT
/*
 * regmap_cache.c - the register cache, as drivers/base/regmap/regcache*.c
 * keep it: REGCACHE_FLAT an array over every register to max_register
 * (a register never written reads 0, Linux 6.1's flat cache has no
 * validity bits); REGCACHE_RBTREE and _COMPRESSED a sorted array of the
 * registers known, which misses (-ENOENT) until a register is read or
 * written, what Linux's rbtree of register blocks holds.  Defaults
 * (reg_defaults, or reg_defaults_raw parsed in the bus's byte order)
 * fill it first.  regcache_sync writes back what differs from the
 * defaults (everything once regcache_mark_dirty said the hardware lost
 * them), around the cache.  Also regmap fields (reg_field bit ranges).
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

/* ---- Sync and drop ---- */

/* A register holding its default needs no write, unless the hardware
 * was reset to unknown values (regcache_mark_dirty). */
static bool needs_sync(struct regmap *map, unsigned int reg, unsigned int val)
{
	const struct reg_default key = { reg, 0 }, *d;

	if (map->no_sync_defaults)
		return true;
	d = bsearch(&key, map->cache.defaults, map->cache.num_defaults,
		    sizeof(key), cmp_default);
	return !d || d->def != val;
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
	ret = sync_range(map, min, max);
	if (!ret && all)
		map->cache_dirty = false;
out:
	map->cache_bypass = bypass;
	if (all)
		map->no_sync_defaults = false;
	return ret;
}

static void lock_map(struct regmap *map)
{
	if (map->lock)
		map->lock(map->lock_arg);
}

static void unlock_map(struct regmap *map)
{
	if (map->unlock)
		map->unlock(map->lock_arg);
}

int regcache_sync(struct regmap *map)
{
	int ret;

	lock_map(map);
	ret = sync_locked(map, 0, ~0u, true);
	unlock_map(map);
	return ret;
}
EXPORT_SYMBOL(regcache_sync);

int regcache_sync_region(struct regmap *map, unsigned int min, unsigned int max)
{
	int ret;

	lock_map(map);
	ret = sync_locked(map, min, max, false);
	unlock_map(map);
	return ret;
}
EXPORT_SYMBOL(regcache_sync_region);

int regcache_drop_region(struct regmap *map, unsigned int min, unsigned int max)
{
	struct regcache *c = &map->cache;
	unsigned int n = 0;

	if (c->type == REGCACHE_NONE)
		return -EINVAL;
	lock_map(map);
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
	unlock_map(map);
	return 0;
}
EXPORT_SYMBOL(regcache_drop_region);

/* ---- Fields: bit ranges of a register (or of a run of them) ---- */

struct regmap_field {
	struct regmap *regmap;
	unsigned int mask, shift, reg, id_size, id_offset;
};

static void field_init(struct regmap_field *f, struct regmap *map, struct reg_field rf)
{
	f->regmap = map;
	f->reg = rf.reg;
	f->shift = rf.lsb;
	f->mask = (unsigned int)((~0ull >> (63 - rf.msb)) & (~0ull << rf.lsb));
	f->id_size = rf.id_size;
	f->id_offset = rf.id_offset;
}

struct regmap_field *regmap_field_alloc(struct regmap *regmap, struct reg_field reg_field)
{
	struct regmap_field *f = __kmalloc(sizeof(*f), GFP_KERNEL | __GFP_ZERO);

	if (!f)
		return ERR_PTR(-ENOMEM);
	field_init(f, regmap, reg_field);
	return f;
}
EXPORT_SYMBOL(regmap_field_alloc);

void regmap_field_free(struct regmap_field *field)
{
	kfree(field);
}
EXPORT_SYMBOL(regmap_field_free);

void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
void devm_kfree(struct device *dev, const void *p);

struct regmap_field *devm_regmap_field_alloc(struct device *dev, struct regmap *regmap,
					     struct reg_field reg_field)
{
	struct regmap_field *f = devm_kmalloc(dev, sizeof(*f), GFP_KERNEL | __GFP_ZERO);

	if (!f)
		return ERR_PTR(-ENOMEM);
	field_init(f, regmap, reg_field);
	return f;
}
EXPORT_SYMBOL(devm_regmap_field_alloc);

void devm_regmap_field_free(struct device *dev, struct regmap_field *field)
{
	devm_kfree(dev, field);
}
EXPORT_SYMBOL(devm_regmap_field_free);

static int fields_alloc(struct device *dev, struct regmap *regmap,
			struct regmap_field **fields, const struct reg_field *reg_field,
			int num_fields)
{
	struct regmap_field *f = dev ? devm_kmalloc(dev, num_fields * sizeof(*f), GFP_KERNEL)
				     : __kmalloc(num_fields * sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	for (int i = 0; i < num_fields; i++) {
		field_init(&f[i], regmap, reg_field[i]);
		fields[i] = &f[i];
	}
	return 0;
}

int regmap_field_bulk_alloc(struct regmap *regmap, struct regmap_field **rm_field,
			    const struct reg_field *reg_field, int num_fields)
{
	return fields_alloc(NULL, regmap, rm_field, reg_field, num_fields);
}
EXPORT_SYMBOL(regmap_field_bulk_alloc);

int devm_regmap_field_bulk_alloc(struct device *dev, struct regmap *regmap,
				 struct regmap_field **field, const struct reg_field *reg_field,
				 int num_fields)
{
	return fields_alloc(dev, regmap, field, reg_field, num_fields);
}
EXPORT_SYMBOL(devm_regmap_field_bulk_alloc);

void regmap_field_bulk_free(struct regmap_field *field)
{
	kfree(field);
}
EXPORT_SYMBOL(regmap_field_bulk_free);

void devm_regmap_field_bulk_free(struct device *dev, struct regmap_field *field)
{
	devm_kfree(dev, field);
}
EXPORT_SYMBOL(devm_regmap_field_bulk_free);

int regmap_read(struct regmap *map, unsigned int reg, unsigned int *val);
int regmap_update_bits_base(struct regmap *map, unsigned int reg, unsigned int mask,
			    unsigned int val, bool *change, bool async, bool force);

static int field_read_at(struct regmap_field *field, unsigned int reg, unsigned int *val)
{
	unsigned int v;
	int ret = regmap_read(field->regmap, reg, &v);

	if (!ret)
		*val = (v & field->mask) >> field->shift;
	return ret;
}

int regmap_field_read(struct regmap_field *field, unsigned int *val)
{
	return field_read_at(field, field->reg, val);
}
EXPORT_SYMBOL(regmap_field_read);

int regmap_fields_read(struct regmap_field *field, unsigned int id, unsigned int *val)
{
	if (id >= field->id_size)
		return -EINVAL;
	return field_read_at(field, field->reg + field->id_offset * id, val);
}
EXPORT_SYMBOL(regmap_fields_read);

int regmap_field_update_bits_base(struct regmap_field *field, unsigned int mask,
				  unsigned int val, bool *change, bool async, bool force)
{
	mask = (mask << field->shift) & field->mask;
	return regmap_update_bits_base(field->regmap, field->reg, mask, val << field->shift,
				       change, async, force);
}
EXPORT_SYMBOL(regmap_field_update_bits_base);

int regmap_fields_update_bits_base(struct regmap_field *field, unsigned int id,
				   unsigned int mask, unsigned int val, bool *change,
				   bool async, bool force)
{
	if (id >= field->id_size)
		return -EINVAL;
	mask = (mask << field->shift) & field->mask;
	return regmap_update_bits_base(field->regmap, field->reg + field->id_offset * id,
				       mask, val << field->shift, change, async, force);
}
EXPORT_SYMBOL(regmap_fields_update_bits_base);
