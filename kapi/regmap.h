/* SPDX-License-Identifier: MIT */
/*
 * regmap.h - register maps as drivers/base/regmap/ keeps them, shared by
 * regmap_access.c (the access rules, value bytes), regmap_cache.c (the
 * flat and sparse register caches), regmap.c (the core: reads, writes,
 * formatting, paging, locking), regmap_sync.c (regcache_sync),
 * regmap_field.c and regmap_bus.c (I2C, SMBus and MMIO buses), each
 * calling only those before it.  struct regmap is ours alone: modules
 * hold a pointer to it.  What they lay out is Linux 6.1's: the config,
 * the bus, access tables, ranges, reg_field (regmap.h).
 */
#ifndef KAPI_REGMAP_H
#define KAPI_REGMAP_H

#include <pthread.h>

#include "device.h"

enum regcache_type { REGCACHE_NONE, REGCACHE_RBTREE, REGCACHE_COMPRESSED, REGCACHE_FLAT };
enum regmap_endian {
	REGMAP_ENDIAN_DEFAULT, REGMAP_ENDIAN_BIG, REGMAP_ENDIAN_LITTLE, REGMAP_ENDIAN_NATIVE,
};

struct regmap_range {
	unsigned int range_min, range_max;
};

struct regmap_access_table {
	const struct regmap_range *yes_ranges;
	unsigned int n_yes_ranges;
	const struct regmap_range *no_ranges;
	unsigned int n_no_ranges;
};

struct reg_default {
	unsigned int reg, def;
};

struct reg_sequence {
	unsigned int reg, def, delay_us;
};

struct regmap_range_cfg {
	const char *name;
	unsigned int range_min, range_max;
	unsigned int selector_reg, selector_mask;
	int selector_shift;
	unsigned int window_start, window_len;
};

typedef bool (*regmap_reg_fn)(struct device *dev, unsigned int reg);

struct regmap_config {
	const char *name;
	int reg_bits, reg_stride, reg_downshift;
	unsigned int reg_base;
	int pad_bits, val_bits;
	regmap_reg_fn writeable_reg, readable_reg, volatile_reg, precious_reg;
	regmap_reg_fn writeable_noinc_reg, readable_noinc_reg;
	bool disable_locking;
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void *lock_arg;
	int (*reg_read)(void *ctx, unsigned int reg, unsigned int *val);
	int (*reg_write)(void *ctx, unsigned int reg, unsigned int val);
	int (*reg_update_bits)(void *ctx, unsigned int reg, unsigned int mask, unsigned int val);
	int (*read)(void *ctx, const void *reg, size_t reg_size, void *val, size_t val_size);
	int (*write)(void *ctx, const void *data, size_t count);
	size_t max_raw_read, max_raw_write;
	bool fast_io, io_port;
	unsigned int max_register;
	const struct regmap_access_table *wr_table, *rd_table, *volatile_table;
	const struct regmap_access_table *precious_table, *wr_noinc_table, *rd_noinc_table;
	const struct reg_default *reg_defaults;
	unsigned int num_reg_defaults;
	enum regcache_type cache_type;
	const void *reg_defaults_raw;
	unsigned int num_reg_defaults_raw;
	unsigned long read_flag_mask, write_flag_mask;
	bool zero_flag_mask, use_single_read, use_single_write, use_relaxed_mmio;
	bool can_multi_write;
	enum regmap_endian reg_format_endian, val_format_endian;
	const struct regmap_range_cfg *ranges;
	unsigned int num_ranges;
	bool use_hwlock, use_raw_spinlock;
	unsigned int hwlock_id, hwlock_mode;
	bool can_sleep;
};
KAPI_LAYOUT(offsetof(struct regmap_config, disable_locking) == 0x50, "regmap_config.disable_locking");
KAPI_LAYOUT(offsetof(struct regmap_config, max_register) == 0xac, "regmap_config.max_register");
KAPI_LAYOUT(offsetof(struct regmap_config, cache_type) == 0xec, "regmap_config.cache_type");
KAPI_LAYOUT(offsetof(struct regmap_config, reg_format_endian) == 0x118, "regmap_config.reg_format_endian");
KAPI_LAYOUT(offsetof(struct regmap_config, ranges) == 0x120, "regmap_config.ranges");
KAPI_LAYOUT(sizeof(struct regmap_config) == 0x140, "Linux 6.1's struct regmap_config");

struct regmap_bus {
	bool fast_io;
	int (*write)(void *ctx, const void *data, size_t count);
	int (*gather_write)(void *ctx, const void *reg, size_t reg_len,
			    const void *val, size_t val_len);
	void *async_write;
	int (*reg_write)(void *ctx, unsigned int reg, unsigned int val);
	void *reg_noinc_write;
	int (*reg_update_bits)(void *ctx, unsigned int reg, unsigned int mask, unsigned int val);
	int (*read)(void *ctx, const void *reg, size_t reg_size, void *val, size_t val_size);
	int (*reg_read)(void *ctx, unsigned int reg, unsigned int *val);
	void *reg_noinc_read;
	void (*free_context)(void *ctx);
	void *async_alloc;
	u8 read_flag_mask;
	enum regmap_endian reg_format_endian_default, val_format_endian_default;
	size_t max_raw_read, max_raw_write;
	bool free_on_exit;
};
KAPI_LAYOUT(offsetof(struct regmap_bus, read_flag_mask) == 0x60, "regmap_bus.read_flag_mask");
KAPI_LAYOUT(sizeof(struct regmap_bus) == 0x88, "Linux 6.1's struct regmap_bus");

struct reg_field {
	unsigned int reg, lsb, msb, id_size, id_offset;
};

/* The cache: a flat array over 0..max_register, or a sorted sparse
 * array of the registers known (REGCACHE_RBTREE's and COMPRESSED's
 * contents and semantics: a register is there once read or written). */
struct regcache {
	enum regcache_type type;
	unsigned int *vals;		/* flat: by index; sparse: with regs */
	unsigned int *regs;
	unsigned int count, cap;
	struct reg_default *defaults;	/* sorted, for regcache_sync */
	unsigned int num_defaults;
};

struct regmap {
	struct device *dev;
	const char *name;
	pthread_mutex_t mutex;
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void *lock_arg;
	/* the access rules */
	unsigned int reg_stride, max_register, reg_base, reg_downshift, reg_shift;
	regmap_reg_fn writeable_reg, readable_reg, volatile_reg, precious_reg;
	const struct regmap_access_table *wr_table, *rd_table, *volatile_table, *precious_table;
	const struct regmap_range_cfg *ranges;
	unsigned int num_ranges;
	/* the bus: a module's register callbacks, or raw bytes formatted */
	const struct regmap_bus *bus;
	void *bus_context;
	int (*reg_read)(void *ctx, unsigned int reg, unsigned int *val);
	int (*reg_write)(void *ctx, unsigned int reg, unsigned int val);
	int (*reg_update_bits)(void *ctx, unsigned int reg, unsigned int mask, unsigned int val);
	int (*raw_read)(void *ctx, const void *reg, size_t reg_size, void *val, size_t val_size);
	int (*raw_write)(void *ctx, const void *data, size_t count);
	size_t reg_bytes, pad_bytes, val_bytes, max_raw_read, max_raw_write;
	enum regmap_endian reg_endian, val_endian;
	unsigned long read_flag_mask, write_flag_mask;
	bool use_single_read, use_single_write;
	/* register_patch's writes, again at each regcache_sync */
	struct reg_sequence *patch;
	int patch_regs;
	/* the cache */
	struct regcache cache;
	bool cache_only, cache_bypass, cache_dirty, no_sync_defaults;
};

/* The map's lock: its mutex, the driver's own, or none. */
static inline void kapi_regmap_lock(struct regmap *map)
{
	if (map->lock)
		map->lock(map->lock_arg);
}

static inline void kapi_regmap_unlock(struct regmap *map)
{
	if (map->unlock)
		map->unlock(map->lock_arg);
}

/* regmap_access.c: the rules, and the bytes of a value */
bool regmap_readable(struct regmap *map, unsigned int reg);
bool regmap_writeable(struct regmap *map, unsigned int reg);
bool regmap_volatile(struct regmap *map, unsigned int reg);
void kapi_regmap_put_bytes(u8 *buf, size_t n, enum regmap_endian e, unsigned int v);
void kapi_regmap_format_val(const struct regmap *map, void *buf, unsigned int val);
unsigned int kapi_regmap_parse_val(const struct regmap *map, const void *buf);

/* regmap.c: one register, the lock held; creation */
int kapi_regmap_read(struct regmap *map, unsigned int reg, unsigned int *val);
int kapi_regmap_write(struct regmap *map, unsigned int reg, unsigned int val);
int kapi_regmap_patch(struct regmap *map);
struct regmap *__regmap_init(struct device *dev, const struct regmap_bus *bus,
			     void *bus_context, const struct regmap_config *config,
			     void *lock_key, const char *lock_name);
struct regmap *__devm_regmap_init(struct device *dev, const struct regmap_bus *bus,
				  void *bus_context, const struct regmap_config *config,
				  void *lock_key, const char *lock_name);
void regmap_exit(struct regmap *map);

/* regmap_cache.c */
int kapi_regcache_init(struct regmap *map, const struct regmap_config *config);
void kapi_regcache_exit(struct regmap *map);
int kapi_regcache_read(struct regmap *map, unsigned int reg, unsigned int *val);
int kapi_regcache_write(struct regmap *map, unsigned int reg, unsigned int val);
bool kapi_regcache_default(struct regmap *map, unsigned int reg, unsigned int *def);

#endif /* KAPI_REGMAP_H */
