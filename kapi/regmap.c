// SPDX-License-Identifier: MIT
/*
 * regmap.c - the register map core, as drivers/base/regmap/regmap.c
 * runs it: a register is read from the cache unless volatile (or the
 * cache is bypassed), else from the bus; a write goes to the cache and,
 * unless cache-only, to the bus; access rules come from the driver's
 * callbacks, or its tables, and max_register.  A bus is the config's
 * reg_read/reg_write, a bus's register callbacks, or raw bytes: the
 * register (reg_base added, shifted, padded, flag masks ORed in) and
 * values formatted big, little or native endian, 8 to 32 bits each.
 * Paged ranges select their window through the selector register.
 * Bus transfers are synchronous, so the _async forms are the plain ones
 * and regmap_async_complete has nothing to wait for.  Not here: the
 * odd register/value widths (4+12, 7+9...), noinc access, hwspinlocks,
 * debugfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "regmap.h"

void __udelay(unsigned long usecs);

#define IS_ALIGNED(x, a)	(((x) & ((a) - 1)) == 0)

/* ---- Locking: the map's mutex, the driver's own, or none ---- */

static void mutex_lock_map(void *arg)
{
	pthread_mutex_lock(&((struct regmap *)arg)->mutex);
}

static void mutex_unlock_map(void *arg)
{
	pthread_mutex_unlock(&((struct regmap *)arg)->mutex);
}

static bool regmap_volatile_range(struct regmap *map, unsigned int reg, size_t num)
{
	for (size_t i = 0; i < num; i++)
		if (!regmap_volatile(map, reg + i * map->reg_stride))
			return false;
	return true;
}

/* ---- Formatting: registers as the bus sees them ---- */

/* The register's bytes and padding, with the flag mask over them, as
 * regmap_set_work_buf_flag_mask ORs it from the first byte. */
static size_t format_reg(const struct regmap *map, u8 *buf, unsigned int reg,
			 unsigned long mask)
{
	size_t n = map->reg_bytes + map->pad_bytes;

	reg = (reg + map->reg_base) >> map->reg_downshift;
	memset(buf, 0, n);
	kapi_regmap_put_bytes(buf, map->reg_bytes, map->reg_endian, reg << map->reg_shift);
	for (size_t i = 0; i < map->reg_bytes; i++)
		buf[i] |= mask >> (8 * (map->reg_bytes - i - 1));
	return n;
}

/* ---- Paging: a virtual register in a range, through its window ---- */

static const struct regmap_range_cfg *range_of(struct regmap *map, unsigned int reg)
{
	for (unsigned int i = 0; i < map->num_ranges; i++)
		if (reg >= map->ranges[i].range_min && reg <= map->ranges[i].range_max)
			return &map->ranges[i];
	return NULL;
}

static int update_bits(struct regmap *map, unsigned int reg, unsigned int mask,
		       unsigned int val, bool *change, bool force);

/* The window's page selected (the selector updated as any register, as
 * _regmap_select_page), and the register within it. */
static int select_page(struct regmap *map, unsigned int *reg)
{
	const struct regmap_range_cfg *r = range_of(map, *reg);
	unsigned int off, page;
	int ret;

	if (!r)
		return 0;
	off = (*reg - r->range_min) % r->window_len;
	page = (*reg - r->range_min) / r->window_len;
	ret = update_bits(map, r->selector_reg, r->selector_mask,
			  page << r->selector_shift, NULL, false);
	if (ret)
		return ret;
	*reg = r->window_start + off;
	return 0;
}

/* ---- The bus: one register ---- */

static int bus_reg_read(struct regmap *map, unsigned int reg, unsigned int *val)
{
	u8 buf[8], vbuf[4];
	size_t n;
	int ret;

	ret = select_page(map, &reg);
	if (ret)
		return ret;
	if (!map->raw_read)
		return map->reg_read(map->bus_context, map->bus ?
				     (reg + map->reg_base) >> map->reg_downshift : reg, val);
	n = format_reg(map, buf, reg, map->read_flag_mask);
	ret = map->raw_read(map->bus_context, buf, n, vbuf, map->val_bytes);
	if (!ret)
		*val = kapi_regmap_parse_val(map, vbuf);
	return ret;
}

static int bus_reg_write(struct regmap *map, unsigned int reg, unsigned int val)
{
	u8 buf[16];
	size_t n;
	int ret;

	ret = select_page(map, &reg);
	if (ret)
		return ret;
	if (!map->raw_write)
		return map->reg_write(map->bus_context, map->bus ?
				      (reg + map->reg_base) >> map->reg_downshift : reg, val);
	n = format_reg(map, buf, reg, map->write_flag_mask);
	kapi_regmap_format_val(map, buf + n, val);
	return map->raw_write(map->bus_context, buf, n + map->val_bytes);
}

/* ---- One register, the cache first (the lock held) ---- */

int kapi_regmap_read(struct regmap *map, unsigned int reg, unsigned int *val)
{
	int ret;

	if (!map->cache_bypass && !kapi_regcache_read(map, reg, val))
		return 0;
	if (map->cache_only)
		return -EBUSY;
	if (!regmap_readable(map, reg))
		return -EIO;
	ret = bus_reg_read(map, reg, val);
	if (!ret && !map->cache_bypass)
		kapi_regcache_write(map, reg, *val);
	return ret;
}

int kapi_regmap_write(struct regmap *map, unsigned int reg, unsigned int val)
{
	int ret;

	if (!regmap_writeable(map, reg))
		return -EIO;
	if (!map->cache_bypass) {
		ret = kapi_regcache_write(map, reg, val);
		if (ret)
			return ret;
		if (map->cache_only) {
			map->cache_dirty = true;
			return 0;
		}
	}
	return bus_reg_write(map, reg, val);
}

static int update_bits(struct regmap *map, unsigned int reg, unsigned int mask,
		       unsigned int val, bool *change, bool force)
{
	unsigned int orig, tmp;
	int ret;

	if (change)
		*change = false;
	if (regmap_volatile(map, reg) && map->reg_update_bits) {
		ret = select_page(map, &reg);
		if (!ret)
			ret = map->reg_update_bits(map->bus_context, reg, mask, val);
		if (!ret && change)
			*change = true;
		return ret;
	}
	ret = kapi_regmap_read(map, reg, &orig);
	if (ret)
		return ret;
	tmp = (orig & ~mask) | (val & mask);
	if (!force && tmp == orig)
		return 0;
	ret = kapi_regmap_write(map, reg, tmp);
	if (!ret && change)
		*change = true;
	return ret;
}

/* ---- The API: one register ---- */

int regmap_read(struct regmap *map, unsigned int reg, unsigned int *val)
{
	int ret;

	if (!IS_ALIGNED(reg, map->reg_stride))
		return -EINVAL;
	kapi_regmap_lock(map);
	ret = kapi_regmap_read(map, reg, val);
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regmap_read);

int regmap_write(struct regmap *map, unsigned int reg, unsigned int val)
{
	int ret;

	if (!IS_ALIGNED(reg, map->reg_stride))
		return -EINVAL;
	kapi_regmap_lock(map);
	ret = kapi_regmap_write(map, reg, val);
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regmap_write);

int regmap_write_async(struct regmap *map, unsigned int reg, unsigned int val)
{
	return regmap_write(map, reg, val);
}
EXPORT_SYMBOL(regmap_write_async);

int regmap_update_bits_base(struct regmap *map, unsigned int reg, unsigned int mask,
			    unsigned int val, bool *change, bool async, bool force)
{
	int ret;

	(void)async;
	kapi_regmap_lock(map);
	ret = update_bits(map, reg, mask, val, change, force);
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regmap_update_bits_base);

int regmap_test_bits(struct regmap *map, unsigned int reg, unsigned int bits)
{
	unsigned int val;
	int ret = regmap_read(map, reg, &val);

	return ret ? ret : (val & bits) == bits;
}
EXPORT_SYMBOL(regmap_test_bits);

void regmap_async_complete(struct regmap *map)
{
	(void)map;	/* every transfer completed before its call returned */
}
EXPORT_SYMBOL(regmap_async_complete);

/* ---- Raw blocks: values in the device's byte order ---- */

static bool can_raw(const struct regmap *map, bool write)
{
	return write ? map->raw_write != NULL : map->raw_read != NULL;
}

/* The bus's transfer of n registers from reg, in max_raw-sized pieces
 * (single registers if the driver asked), as _regmap_raw_read's loop. */
static int raw_xfer(struct regmap *map, unsigned int reg, u8 *val, size_t n, bool write)
{
	size_t max = write ? map->max_raw_write : map->max_raw_read;
	size_t per = max ? max / map->val_bytes : n;
	u8 buf[16 + 256];
	int ret = 0;

	if ((write ? map->use_single_write : map->use_single_read) || !per)
		per = 1;
	for (size_t i = 0; i < n && !ret; i += per) {
		size_t count = n - i < per ? n - i : per, len = count * map->val_bytes;
		unsigned int r = reg + i * map->reg_stride;
		size_t hdr;

		ret = select_page(map, &r);
		if (ret)
			break;
		hdr = format_reg(map, buf, r, write ? map->write_flag_mask : map->read_flag_mask);
		if (!write) {
			ret = map->raw_read(map->bus_context, buf, hdr, val + i * map->val_bytes, len);
		} else if (map->bus && map->bus->gather_write) {
			ret = map->bus->gather_write(map->bus_context, buf, hdr,
						     val + i * map->val_bytes, len);
		} else if (hdr + len <= sizeof(buf)) {
			memcpy(buf + hdr, val + i * map->val_bytes, len);
			ret = map->raw_write(map->bus_context, buf, hdr + len);
		} else {
			u8 *big = __kmalloc(hdr + len, GFP_KERNEL);

			if (!big)
				return -ENOMEM;
			memcpy(big, buf, hdr);
			memcpy(big + hdr, val + i * map->val_bytes, len);
			ret = map->raw_write(map->bus_context, big, hdr + len);
			kfree(big);
		}
	}
	return ret;
}

static int raw_write_locked(struct regmap *map, unsigned int reg, const void *val,
			    size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!regmap_writeable(map, reg + i * map->reg_stride))
			return -EINVAL;
	if (!map->cache_bypass && map->cache.type != REGCACHE_NONE) {
		for (size_t i = 0; i < n; i++) {
			unsigned int v = kapi_regmap_parse_val(map, (const u8 *)val +
							       i * map->val_bytes);
			int ret = kapi_regcache_write(map, reg + i * map->reg_stride, v);

			if (ret)
				return ret;
		}
		if (map->cache_only) {
			map->cache_dirty = true;
			return 0;
		}
	}
	return raw_xfer(map, reg, (u8 *)val, n, true);
}

int regmap_raw_write(struct regmap *map, unsigned int reg, const void *val, size_t val_len)
{
	int ret;

	if (!can_raw(map, true) || val_len % map->val_bytes)
		return -EINVAL;
	if (!IS_ALIGNED(reg, map->reg_stride) || !val_len)
		return -EINVAL;
	kapi_regmap_lock(map);
	ret = raw_write_locked(map, reg, val, val_len / map->val_bytes);
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regmap_raw_write);

int regmap_raw_write_async(struct regmap *map, unsigned int reg, const void *val,
			   size_t val_len)
{
	return regmap_raw_write(map, reg, val, val_len);
}
EXPORT_SYMBOL(regmap_raw_write_async);

/* Cached registers come from the cache, formatted as the bus would have
 * given them; volatile runs from the bus. */
int regmap_raw_read(struct regmap *map, unsigned int reg, void *val, size_t val_len)
{
	size_t n = val_len / map->val_bytes;
	int ret = 0;

	if (val_len % map->val_bytes || !IS_ALIGNED(reg, map->reg_stride) || !n)
		return -EINVAL;
	kapi_regmap_lock(map);
	if (regmap_volatile_range(map, reg, n) || map->cache_bypass ||
	    map->cache.type == REGCACHE_NONE) {
		if (!can_raw(map, false))
			ret = -EOPNOTSUPP;
		else if (map->cache_only)
			ret = -EBUSY;
		else
			for (size_t i = 0; i < n && !ret; i++)
				if (!regmap_readable(map, reg + i * map->reg_stride))
					ret = -EIO;
		if (!ret)
			ret = raw_xfer(map, reg, val, n, false);
	} else {
		for (size_t i = 0; i < n && !ret; i++) {
			unsigned int v;

			ret = kapi_regmap_read(map, reg + i * map->reg_stride, &v);
			if (!ret)
				kapi_regmap_format_val(map, (u8 *)val + i * map->val_bytes, v);
		}
	}
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regmap_raw_read);

/* ---- Bulk: values in the CPU's byte order, val_bytes wide ---- */

static unsigned int get_native(const void *val, size_t i, size_t bytes)
{
	switch (bytes) {
	case 1: return ((const u8 *)val)[i];
	case 2: return ((const u16 *)val)[i];
	default: return ((const u32 *)val)[i];
	}
}

static void put_native(void *val, size_t i, size_t bytes, unsigned int v)
{
	switch (bytes) {
	case 1: ((u8 *)val)[i] = v; break;
	case 2: ((u16 *)val)[i] = v; break;
	default: ((u32 *)val)[i] = v; break;
	}
}

int regmap_bulk_write(struct regmap *map, unsigned int reg, const void *val,
		      size_t val_count)
{
	size_t bytes = map->val_bytes;
	int ret = 0;

	if (!IS_ALIGNED(reg, map->reg_stride))
		return -EINVAL;
	kapi_regmap_lock(map);
	if (!can_raw(map, true) || map->num_ranges) {
		for (size_t i = 0; i < val_count && !ret; i++)
			ret = kapi_regmap_write(map, reg + i * map->reg_stride,
						get_native(val, i, bytes));
	} else {
		u8 *wval = __kmalloc(val_count * bytes + 1, GFP_KERNEL);

		if (!wval) {
			ret = -ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < val_count; i++)
			kapi_regmap_format_val(map, wval + i * bytes, get_native(val, i, bytes));
		ret = raw_write_locked(map, reg, wval, val_count);
		kfree(wval);
	}
out:
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regmap_bulk_write);

int regmap_bulk_read(struct regmap *map, unsigned int reg, void *val, size_t val_count)
{
	size_t bytes = map->val_bytes;
	int ret = 0;

	if (!IS_ALIGNED(reg, map->reg_stride) || !val_count)
		return -EINVAL;
	if (can_raw(map, false) && !map->num_ranges &&
	    (regmap_volatile_range(map, reg, val_count) || map->cache.type == REGCACHE_NONE)) {
		ret = regmap_raw_read(map, reg, val, val_count * bytes);
		for (size_t i = 0; i < val_count && !ret; i++)
			put_native(val, i, bytes,
				   kapi_regmap_parse_val(map, (u8 *)val + i * bytes));
		return ret;
	}
	kapi_regmap_lock(map);
	for (size_t i = 0; i < val_count && !ret; i++) {
		unsigned int v;

		ret = kapi_regmap_read(map, reg + i * map->reg_stride, &v);
		if (!ret)
			put_native(val, i, bytes, v);
	}
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regmap_bulk_read);

static int multi_write(struct regmap *map, const struct reg_sequence *regs, int num,
		       bool bypass)
{
	bool was = map->cache_bypass;
	int ret = 0;

	kapi_regmap_lock(map);
	map->cache_bypass = was || bypass;
	for (int i = 0; i < num && !ret; i++) {
		ret = kapi_regmap_write(map, regs[i].reg, regs[i].def);
		if (!ret && regs[i].delay_us)
			__udelay(regs[i].delay_us);
	}
	map->cache_bypass = was;
	kapi_regmap_unlock(map);
	return ret;
}

int regmap_multi_reg_write(struct regmap *map, const struct reg_sequence *regs, int num_regs)
{
	for (int i = 0; i < num_regs; i++)
		if (!IS_ALIGNED(regs[i].reg, map->reg_stride))
			return -EINVAL;
	return multi_write(map, regs, num_regs, false);
}
EXPORT_SYMBOL(regmap_multi_reg_write);

int regmap_multi_reg_write_bypassed(struct regmap *map, const struct reg_sequence *regs,
				    int num_regs)
{
	return multi_write(map, regs, num_regs, true);
}
EXPORT_SYMBOL(regmap_multi_reg_write_bypassed);

/* ---- Patches: a chip's errata writes, kept for after a reset ---- */

static int write_bypassed(struct regmap *map, const struct reg_sequence *regs, int num)
{
	bool bypass = map->cache_bypass;
	int ret = 0;

	map->cache_bypass = true;
	for (int i = 0; i < num && !ret; i++) {
		ret = kapi_regmap_write(map, regs[i].reg, regs[i].def);
		if (!ret && regs[i].delay_us)
			__udelay(regs[i].delay_us);
	}
	map->cache_bypass = bypass;
	return ret;
}

/* The patch written around the cache, as regcache_sync does first. */
int kapi_regmap_patch(struct regmap *map)
{
	return write_bypassed(map, map->patch, map->patch_regs);
}

/* Kept, then written at once around the cache; the lock held from the
 * keeping, which Linux does before it, so a sync never sees half. */
int regmap_register_patch(struct regmap *map, const struct reg_sequence *regs, int num_regs)
{
	struct reg_sequence *p;
	int ret = -ENOMEM;

	if (num_regs <= 0) {
		kapi_warn("invalid registers number (%d)\n", num_regs);
		return 0;
	}
	kapi_regmap_lock(map);
	p = realloc(map->patch, (map->patch_regs + num_regs) * sizeof(*p));
	if (p) {
		memcpy(p + map->patch_regs, regs, num_regs * sizeof(*regs));
		map->patch = p;
		map->patch_regs += num_regs;
		ret = write_bypassed(map, regs, num_regs);
	}
	kapi_regmap_unlock(map);
	return ret;
}
EXPORT_SYMBOL(regmap_register_patch);

/* ---- The cache's switches ---- */

void regcache_cache_only(struct regmap *map, bool enable)
{
	kapi_regmap_lock(map);
	if (map->cache_bypass && enable)
		kapi_warn("regmap %s: cache only while bypassing the cache\n", map->name);
	map->cache_only = enable;
	kapi_regmap_unlock(map);
}
EXPORT_SYMBOL(regcache_cache_only);

void regcache_cache_bypass(struct regmap *map, bool enable)
{
	kapi_regmap_lock(map);
	if (map->cache_only && enable)
		kapi_warn("regmap %s: cache bypass while cache only\n", map->name);
	map->cache_bypass = enable;
	kapi_regmap_unlock(map);
}
EXPORT_SYMBOL(regcache_cache_bypass);

void regcache_mark_dirty(struct regmap *map)
{
	kapi_regmap_lock(map);
	map->cache_dirty = true;
	map->no_sync_defaults = true;
	kapi_regmap_unlock(map);
}
EXPORT_SYMBOL(regcache_mark_dirty);

/* ---- What a driver asks of its map ---- */

struct device *regmap_get_device(struct regmap *map)
{
	return map->dev;
}
EXPORT_SYMBOL(regmap_get_device);

int regmap_get_val_bytes(struct regmap *map)
{
	return map->val_bytes;
}
EXPORT_SYMBOL(regmap_get_val_bytes);

int regmap_get_max_register(struct regmap *map)
{
	return map->max_register ? (int)map->max_register : -EINVAL;
}
EXPORT_SYMBOL(regmap_get_max_register);

int regmap_get_reg_stride(struct regmap *map)
{
	return map->reg_stride;
}
EXPORT_SYMBOL(regmap_get_reg_stride);

bool regmap_can_raw_write(struct regmap *map)
{
	return can_raw(map, true);
}
EXPORT_SYMBOL(regmap_can_raw_write);

size_t regmap_get_raw_read_max(struct regmap *map)
{
	return map->max_raw_read;
}
EXPORT_SYMBOL(regmap_get_raw_read_max);

size_t regmap_get_raw_write_max(struct regmap *map)
{
	return map->max_raw_write;
}
EXPORT_SYMBOL(regmap_get_raw_write_max);

int regmap_parse_val(struct regmap *map, const void *buf, unsigned int *val)
{
	*val = kapi_regmap_parse_val(map, buf);
	return 0;
}
EXPORT_SYMBOL(regmap_parse_val);

/* ---- Creation ---- */

static enum regmap_endian endian_of(enum regmap_endian cfg, enum regmap_endian bus_default)
{
	enum regmap_endian e = cfg ? cfg : bus_default ? bus_default : REGMAP_ENDIAN_BIG;

	if (e == REGMAP_ENDIAN_NATIVE)
		e = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? REGMAP_ENDIAN_BIG
							   : REGMAP_ENDIAN_LITTLE;
	return e;
}

static void init_locking(struct regmap *map, const struct regmap_config *config)
{
	if (config->lock && config->unlock) {
		map->lock = config->lock;
		map->unlock = config->unlock;
		map->lock_arg = config->lock_arg;
	} else if (!config->disable_locking) {
		pthread_mutex_init(&map->mutex, NULL);
		map->lock = mutex_lock_map;
		map->unlock = mutex_unlock_map;
		map->lock_arg = map;
	}
}

static void init_rules(struct regmap *map, const struct regmap_config *config)
{
	map->reg_stride = config->reg_stride > 0 ? config->reg_stride : 1;
	map->max_register = config->max_register;
	map->reg_base = config->reg_base;
	map->reg_downshift = config->reg_downshift;
	map->writeable_reg = config->writeable_reg;
	map->readable_reg = config->readable_reg;
	map->volatile_reg = config->volatile_reg;
	map->precious_reg = config->precious_reg;
	map->wr_table = config->wr_table;
	map->rd_table = config->rd_table;
	map->volatile_table = config->volatile_table;
	map->precious_table = config->precious_table;
	map->ranges = config->ranges;
	map->num_ranges = config->num_ranges;
	map->use_single_read = config->use_single_read;
	map->use_single_write = config->use_single_write;
}

/* Register and value widths: whole bytes, 8 to 32 bits, as the common
 * cases of regmap_init's format switch; -EINVAL for the rest, as Linux
 * for a combination it does not know. */
static int init_format(struct regmap *map, const struct regmap_config *config)
{
	if (config->reg_bits % 8 || config->val_bits % 8 || config->reg_bits > 32 ||
	    config->val_bits > 32 || !config->val_bits || config->pad_bits < 0)
		return -EINVAL;
	map->reg_bytes = config->reg_bits / 8;
	map->pad_bytes = config->pad_bits / 8;
	map->reg_shift = config->pad_bits % 8;
	map->val_bytes = config->val_bits / 8;
	return 0;
}

static void init_bus(struct regmap *map, const struct regmap_bus *bus, void *bus_context,
		     const struct regmap_config *config)
{
	map->bus = bus;
	map->bus_context = bus_context;
	if (!bus) {
		map->reg_read = config->reg_read;
		map->reg_write = config->reg_write;
		map->reg_update_bits = config->reg_update_bits;
		map->raw_read = config->read;
		map->raw_write = config->write;
		map->max_raw_read = config->max_raw_read;
		map->max_raw_write = config->max_raw_write;
		return;
	}
	map->reg_read = bus->reg_read;
	map->reg_write = bus->reg_write;
	map->reg_update_bits = bus->reg_update_bits;
	if (!bus->reg_read)
		map->raw_read = bus->read;
	if (!bus->reg_write)
		map->raw_write = bus->write;
	map->max_raw_read = bus->max_raw_read;
	map->max_raw_write = bus->max_raw_write;
	if (config->read_flag_mask || config->write_flag_mask || config->zero_flag_mask) {
		map->read_flag_mask = config->read_flag_mask;
		map->write_flag_mask = config->write_flag_mask;
	} else {
		map->read_flag_mask = bus->read_flag_mask;
	}
	map->reg_endian = endian_of(config->reg_format_endian, bus->reg_format_endian_default);
	map->val_endian = endian_of(config->val_format_endian, bus->val_format_endian_default);
}

struct regmap *__regmap_init(struct device *dev, const struct regmap_bus *bus,
			     void *bus_context, const struct regmap_config *config,
			     void *lock_key, const char *lock_name)
{
	struct regmap *map;
	int ret;

	(void)lock_key, (void)lock_name;
	if (!config)
		return ERR_PTR(-EINVAL);
	map = __kmalloc(sizeof(*map), GFP_KERNEL | __GFP_ZERO);
	if (!map)
		return ERR_PTR(-ENOMEM);
	map->dev = dev;
	map->name = config->name ? config->name : dev ? dev_name(dev) : "regmap";
	init_locking(map, config);
	init_rules(map, config);
	map->reg_endian = endian_of(config->reg_format_endian, 0);
	map->val_endian = endian_of(config->val_format_endian, 0);
	init_bus(map, bus, bus_context, config);
	ret = init_format(map, config);
	if (!ret && !map->reg_read && !map->reg_write && !map->raw_write)
		ret = -EINVAL;
	if (!ret)
		ret = kapi_regcache_init(map, config);
	if (ret) {
		kfree(map);
		return ERR_PTR(ret);
	}
	return map;
}
EXPORT_SYMBOL(__regmap_init);

void regmap_exit(struct regmap *map)
{
	kapi_regcache_exit(map);
	free(map->patch);
	if (map->bus && map->bus->free_context)
		map->bus->free_context(map->bus_context);
	if (map->lock == mutex_lock_map)
		pthread_mutex_destroy(&map->mutex);
	kfree(map);
}
EXPORT_SYMBOL(regmap_exit);

static void devm_regmap_release(struct device *dev, void *res)
{
	(void)dev;
	regmap_exit(*(struct regmap **)res);
}

struct regmap *__devm_regmap_init(struct device *dev, const struct regmap_bus *bus,
				  void *bus_context, const struct regmap_config *config,
				  void *lock_key, const char *lock_name)
{
	struct regmap **ptr, *map;

	ptr = __devres_alloc_node(devm_regmap_release, sizeof(*ptr), GFP_KERNEL, -1,
				  "devm_regmap_release");
	if (!ptr)
		return ERR_PTR(-ENOMEM);
	map = __regmap_init(dev, bus, bus_context, config, lock_key, lock_name);
	if (IS_ERR(map)) {
		devres_free(ptr);
		return map;
	}
	*ptr = map;
	devres_add(dev, ptr);
	return map;
}
EXPORT_SYMBOL(__devm_regmap_init);

/* dev_get_regmap: the device's devm regmap of that name (any, if NULL). */
static int match_regmap(struct device *dev, void *res, void *data)
{
	struct regmap *map = *(struct regmap **)res;

	(void)dev;
	return !data || (map->name && !strcmp(map->name, data));
}

struct regmap *dev_get_regmap(struct device *dev, const char *name)
{
	struct regmap **r = devres_find(dev, devm_regmap_release, match_regmap, (void *)name);

	return r ? *r : NULL;
}
EXPORT_SYMBOL(dev_get_regmap);
