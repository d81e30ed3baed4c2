// SPDX-License-Identifier: MIT
/*
 * regmap_access.c - what a register map allows, as regmap.c's
 * regmap_writeable, _readable and _volatile decide it: max_register,
 * then the driver's callback, else its table (a no range wins over the
 * yes ranges; no yes ranges allow all); with a cache, only what the
 * driver calls volatile is, without one everything readable.  And the
 * bytes of a value, big or little endian, as the bus carries them.
 */
#include "regmap.h"

/* ---- Access rules ---- */

bool regmap_reg_in_ranges(unsigned int reg, const struct regmap_range *ranges,
			  unsigned int nranges)
{
	for (unsigned int i = 0; i < nranges; i++)
		if (reg >= ranges[i].range_min && reg <= ranges[i].range_max)
			return true;
	return false;
}
EXPORT_SYMBOL(regmap_reg_in_ranges);

bool regmap_check_range_table(struct regmap *map, unsigned int reg,
			      const struct regmap_access_table *table)
{
	(void)map;
	if (regmap_reg_in_ranges(reg, table->no_ranges, table->n_no_ranges))
		return false;
	if (!table->n_yes_ranges)
		return true;
	return regmap_reg_in_ranges(reg, table->yes_ranges, table->n_yes_ranges);
}
EXPORT_SYMBOL(regmap_check_range_table);

bool regmap_writeable(struct regmap *map, unsigned int reg)
{
	if (map->max_register && reg > map->max_register)
		return false;
	if (map->writeable_reg)
		return map->writeable_reg(map->dev, reg);
	if (map->wr_table)
		return regmap_check_range_table(map, reg, map->wr_table);
	return true;
}

bool regmap_readable(struct regmap *map, unsigned int reg)
{
	if (!map->reg_read && !map->raw_read)
		return false;
	if (map->max_register && reg > map->max_register)
		return false;
	if (map->readable_reg)
		return map->readable_reg(map->dev, reg);
	if (map->rd_table)
		return regmap_check_range_table(map, reg, map->rd_table);
	return true;
}

bool regmap_volatile(struct regmap *map, unsigned int reg)
{
	if (!regmap_readable(map, reg))
		return false;
	if (map->volatile_reg)
		return map->volatile_reg(map->dev, reg);
	if (map->volatile_table)
		return regmap_check_range_table(map, reg, map->volatile_table);
	return map->cache.type == REGCACHE_NONE;
}

/* ---- Formatting: registers and values as the bus sees them ---- */

void kapi_regmap_put_bytes(u8 *buf, size_t n, enum regmap_endian e, unsigned int v)
{
	for (size_t i = 0; i < n; i++) {
		size_t shift = e == REGMAP_ENDIAN_BIG ? n - 1 - i : i;

		buf[i] = v >> (8 * shift);
	}
}

static unsigned int get_bytes(const u8 *buf, size_t n, enum regmap_endian e)
{
	unsigned int v = 0;

	for (size_t i = 0; i < n; i++) {
		size_t shift = e == REGMAP_ENDIAN_BIG ? n - 1 - i : i;

		v |= (unsigned int)buf[i] << (8 * shift);
	}
	return v;
}

void kapi_regmap_format_val(const struct regmap *map, void *buf, unsigned int val)
{
	kapi_regmap_put_bytes(buf, map->val_bytes, map->val_endian, val);
}

unsigned int kapi_regmap_parse_val(const struct regmap *map, const void *buf)
{
	return get_bytes(buf, map->val_bytes, map->val_endian);
}

