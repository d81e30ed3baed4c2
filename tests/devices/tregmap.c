// SPDX-License-Identifier: GPL-2.0
/*
 * tregmap.c - regmap and hwmon as a driver uses them, for
 * tests/linux-devices.t.
 *
 * bus=N poke=REG,WORD,... peek=REG,...: SMBus word writes and reads at
 * addr on I2C adapter N (i2c-stub's registers, set before a driver binds
 * and read after), each read logged as "tregmap: peek REG WORD".
 *
 * selftest=1: register maps over a chip in memory (its registers an
 * array, its accesses counted), through the module's reg_read/reg_write,
 * a regmap_bus of raw bytes and MMIO; each check logged as TAP,
 * "tregmap: ok N - what" or "not ok".  Then a hwmon device on the map
 * (hwmon_device_register_with_info): temp1 (input, max, label), in0,
 * pwm1 read and written through the registers.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/i2c.h>
#include <linux/hwmon.h>
#include <linux/regmap.h>
#include <linux/slab.h>

static int bus = -1;
module_param(bus, int, 0444);
static ushort addr = 0x48;
module_param(addr, ushort, 0444);
static uint poke[16];
static int npoke;
module_param_array(poke, uint, &npoke, 0444);
static uint peek[8];
static int npeek;
module_param_array(peek, uint, &npeek, 0444);
static bool selftest;
module_param(selftest, bool, 0444);

/* ---- SMBus words at the stub ---- */

static int i2c_words(void)
{
	struct i2c_adapter *adap = i2c_get_adapter(bus);
	union i2c_smbus_data data;
	int i, err = 0;

	if (!adap)
		return -ENODEV;
	for (i = 0; i + 1 < npoke && !err; i += 2) {
		data.word = poke[i + 1];
		err = i2c_smbus_xfer(adap, addr, 0, I2C_SMBUS_WRITE, poke[i],
				     I2C_SMBUS_WORD_DATA, &data);
	}
	for (i = 0; i < npeek && !err; i++) {
		err = i2c_smbus_xfer(adap, addr, 0, I2C_SMBUS_READ, peek[i],
				     I2C_SMBUS_WORD_DATA, &data);
		if (!err)
			pr_info("tregmap: peek 0x%02x 0x%04x\n", peek[i], data.word);
	}
	i2c_put_adapter(adap);
	return err;
}

/* ---- The chip in memory ---- */

static u16 hw[0x200];
static int hw_reads, hw_writes;
static u8 raw_sent[8];
static size_t raw_len;

static int chip_read(void *ctx, unsigned int reg, unsigned int *val)
{
	hw_reads++;
	*val = hw[reg];
	return 0;
}

static int chip_write(void *ctx, unsigned int reg, unsigned int val)
{
	hw_writes++;
	hw[reg] = val;
	return 0;
}

/* A bus of bytes: what was sent kept, reads answered from hw. */
static int raw_write(void *ctx, const void *data, size_t count)
{
	raw_len = min(count, sizeof(raw_sent));
	memcpy(raw_sent, data, raw_len);
	return 0;
}

static int raw_read(void *ctx, const void *reg, size_t reg_size, void *val, size_t val_size)
{
	u8 r = *(const u8 *)reg & 0x7f;

	raw_sent[0] = *(const u8 *)reg;
	memcpy(val, &hw[r], val_size);	/* the CPU's order: little endian */
	return 0;
}

static const struct regmap_bus raw_bus = { .write = raw_write, .read = raw_read };

static int tests, failed;

static void check(bool cond, const char *what)
{
	tests++;
	if (!cond)
		failed++;
	pr_info("tregmap: %sok %d - %s\n", cond ? "" : "not ", tests, what);
}

/* ---- The cached map: rules, cache, sync, paging ---- */

static const struct regmap_range rd_no[] = { regmap_reg_range(0x10, 0x11) };
static const struct regmap_access_table rd_table = { .no_ranges = rd_no, .n_no_ranges = 1 };
static const struct regmap_range wr_no[] = { regmap_reg_range(0x00, 0x00) };
static const struct regmap_access_table wr_table = { .no_ranges = wr_no, .n_no_ranges = 1 };
static const struct reg_default defaults[] = { { 0x20, 0x1234 } };
static const struct regmap_range_cfg pages[] = { {
	.range_min = 0x100, .range_max = 0x1ff, .selector_reg = 0x3f,
	.selector_mask = 0xff, .window_start = 0x40, .window_len = 0x10,
} };

static bool status_volatile(struct device *dev, unsigned int reg)
{
	return reg == 0x00 || reg == 0x3f;
}

static const struct regmap_config cached_config = {
	.name = "cached", .reg_bits = 16, .val_bits = 16, .max_register = 0x1ff,
	.reg_read = chip_read, .reg_write = chip_write,
	.rd_table = &rd_table, .wr_table = &wr_table, .volatile_reg = status_volatile,
	.reg_defaults = defaults, .num_reg_defaults = ARRAY_SIZE(defaults),
	.cache_type = REGCACHE_RBTREE, .ranges = pages, .num_ranges = 1,
};

static void check_rules(struct regmap *map)
{
	unsigned int v;
	int r0 = hw_reads;

	check(!regmap_read(map, 0x20, &v) && v == 0x1234 && hw_reads == r0,
	      "a default is read from the cache");
	hw[0x05] = 0x0a0b;
	check(!regmap_read(map, 0x05, &v) && v == 0x0a0b && hw_reads == r0 + 1,
	      "a register first read comes from the chip");
	check(!regmap_read(map, 0x05, &v) && v == 0x0a0b && hw_reads == r0 + 1,
	      "read again, from the cache");
	regmap_read(map, 0x00, &v);
	regmap_read(map, 0x00, &v);
	check(hw_reads == r0 + 3, "a volatile register is read from the chip each time");
	check(regmap_read(map, 0x10, &v) == -EIO, "rd_table's no range: -EIO");
	check(regmap_write(map, 0x00, 1) == -EIO, "wr_table's no range: -EIO");
	check(regmap_read(map, 0x200, &v) == -EIO, "past max_register: -EIO");
}

static void check_update(struct regmap *map)
{
	bool change;
	int w0 = hw_writes;

	regmap_update_bits_check(map, 0x05, 0x00f0, 0x0050, &change);
	check(change && hw[0x05] == 0x0a5b && hw_writes == w0 + 1,
	      "update_bits changes the bits asked, written through");
	regmap_update_bits_check(map, 0x05, 0x00f0, 0x0050, &change);
	check(!change && hw_writes == w0 + 1, "update_bits to the same value writes nothing");
}

static const struct reg_sequence patch[] = { { 0x0e, 0xe0 } };

static void check_cache_modes(struct regmap *map)
{
	unsigned int v;
	int w0;

	regcache_cache_only(map, true);
	check(!regmap_write(map, 0x06, 0xbeef) && hw[0x06] != 0xbeef,
	      "cache only: a write stays in the cache");
	check(!regmap_read(map, 0x06, &v) && v == 0xbeef, "cache only: read back from it");
	check(regmap_read(map, 0x00, &v) == -EBUSY, "cache only: a volatile read is -EBUSY");
	regcache_cache_only(map, false);
	check(!regcache_sync(map) && hw[0x06] == 0xbeef, "regcache_sync writes it to the chip");
	w0 = hw_writes;
	check(!regcache_sync(map) && hw_writes == w0, "a clean cache syncs nothing");
	check(!regmap_register_patch(map, patch, ARRAY_SIZE(patch)) && hw[0x0e] == 0xe0,
	      "register_patch writes the patch");
	memset(hw, 0, sizeof(hw));
	regcache_mark_dirty(map);
	check(!regcache_sync(map) && hw[0x06] == 0xbeef && hw[0x05] == 0x0a5b &&
	      hw[0x20] == 0x1234, "after mark_dirty, sync restores all, defaults too");
	check(hw[0x0e] == 0xe0, "and the patch first");
	regcache_cache_bypass(map, true);
	regmap_write(map, 0x07, 0x7777);
	regcache_cache_bypass(map, false);
	hw[0x07] = 0x1111;
	check(!regmap_read(map, 0x07, &v) && v == 0x1111,
	      "a write bypassing the cache leaves it empty");
}

static void check_bulk_and_paging(struct regmap *map)
{
	u16 out[4] = { 1, 2, 3, 4 }, in[4] = { 0 };
	const struct reg_sequence seq[] = { { 0x0c, 0xc0 }, { 0x0d, 0xd0 } };
	struct regmap_field *f;
	unsigned int v;

	check(!regmap_bulk_write(map, 0x08, out, 4) && hw[0x08] == 1 && hw[0x0b] == 4,
	      "bulk_write writes each register");
	check(!regmap_bulk_read(map, 0x08, in, 4) && !memcmp(in, out, sizeof(in)),
	      "bulk_read reads them back");
	check(!regmap_multi_reg_write(map, seq, 2) && hw[0x0c] == 0xc0 && hw[0x0d] == 0xd0,
	      "multi_reg_write writes the sequence");
	check(!regmap_write(map, 0x123, 0x5a5a) && hw[0x3f] == 2 && hw[0x43] == 0x5a5a,
	      "a paged register: selector set to page 2, written in the window");
	hw[0x43] = 0;
	check(!regmap_read(map, 0x123, &v) && v == 0x5a5a, "a paged register is cached too");
	f = devm_regmap_field_alloc(regmap_get_device(map), map, (struct reg_field)REG_FIELD(0x05, 8, 11));
	check(!IS_ERR(f) && !regmap_field_read(f, &v) && v == 0xa, "a field reads its bits");
	check(!regmap_field_write(f, 0x3) && hw[0x05] == 0x035b, "a field writes its bits");
}

/* ---- Flat, raw bytes, MMIO ---- */

static void check_flat(struct device *dev)
{
	const struct regmap_config cfg = {
		.reg_bits = 8, .val_bits = 8, .max_register = 15,
		.reg_read = chip_read, .reg_write = chip_write, .cache_type = REGCACHE_FLAT,
	};
	struct regmap *map = regmap_init(dev, NULL, NULL, &cfg);
	unsigned int v = 1;
	int r0 = hw_reads;

	hw[3] = 0x33;
	check(!IS_ERR(map) && !regmap_read(map, 3, &v) && v == 0 && hw_reads == r0,
	      "flat cache: an unwritten register reads 0, the chip untouched");
	if (!IS_ERR(map))
		regmap_exit(map);
}

static void check_raw(struct device *dev, enum regmap_endian endian, const u8 *want,
		      const char *what)
{
	struct regmap_config cfg = {
		.reg_bits = 8, .val_bits = 16, .read_flag_mask = 0x80,
		.val_format_endian = endian,
	};
	struct regmap *map = regmap_init(dev, &raw_bus, NULL, &cfg);
	unsigned int v;

	check(!IS_ERR(map) && !regmap_write(map, 0x12, 0xabcd) && raw_len == 3 &&
	      !memcmp(raw_sent, want, 3), what);
	hw[0x12] = 0x0102;	/* bytes 02 01 */
	if (!IS_ERR(map))
		check(!regmap_read(map, 0x12, &v) && raw_sent[0] == 0x92 &&
		      v == (endian == REGMAP_ENDIAN_BIG ? 0x0201 : 0x0102),
		      "a raw read: read_flag_mask on the register, the value parsed");
	if (!IS_ERR(map))
		regmap_exit(map);
}

static void check_mmio(struct device *dev)
{
	static u32 regs[4];
	const struct regmap_config cfg = {
		.reg_bits = 32, .val_bits = 32, .reg_stride = 4,
		.val_format_endian = REGMAP_ENDIAN_BIG,
	};
	struct regmap *map = devm_regmap_init_mmio(dev, regs, &cfg);
	unsigned int v;

	check(!IS_ERR(map) && !regmap_write(map, 8, 0x11223344) && regs[2] == 0x44332211,
	      "MMIO, big endian: the word stored byte-swapped");
	check(!IS_ERR(map) && regmap_write(map, 2, 1) == -EINVAL,
	      "MMIO: an unaligned register is -EINVAL");
	regs[1] = 0x78563412;
	check(!IS_ERR(map) && !regmap_read(map, 4, &v) && v == 0x12345678,
	      "MMIO, big endian: read back");
}

/* ---- hwmon on the cached map ---- */

static struct regmap *hwmon_map;

static umode_t t_is_visible(const void *data, enum hwmon_sensor_types type, u32 attr,
			    int channel)
{
	if (type == hwmon_temp && channel == 1)
		return 0;	/* temp2: no such sensor fitted */
	if (type == hwmon_pwm || (type == hwmon_temp && attr == hwmon_temp_max))
		return 0644;
	return 0444;
}

/* temp: register 0x21 in 1/256 degree, max 0x22; in0: 0x23 in mV. */
static int t_read(struct device *dev, enum hwmon_sensor_types type, u32 attr, int channel,
		  long *val)
{
	unsigned int reg = type == hwmon_in ? 0x23 : type == hwmon_pwm ? 0x24 :
			   attr == hwmon_temp_max ? 0x22 : 0x21, v;
	int err = regmap_read(hwmon_map, reg, &v);

	if (err)
		return err;
	*val = type == hwmon_temp ? (long)(s16)v * 1000 / 256 : v;
	return 0;
}

static int t_write(struct device *dev, enum hwmon_sensor_types type, u32 attr, int channel,
		   long val)
{
	if (type == hwmon_pwm)
		return val < 0 || val > 255 ? -EINVAL : regmap_write(hwmon_map, 0x24, val);
	return regmap_write(hwmon_map, 0x22, clamp_val(val * 256 / 1000, -32768, 32767) & 0xffff);
}

static int t_read_string(struct device *dev, enum hwmon_sensor_types type, u32 attr,
			 int channel, const char **str)
{
	*str = "board";
	return 0;
}

static const struct hwmon_ops t_ops = {
	.is_visible = t_is_visible, .read = t_read, .write = t_write,
	.read_string = t_read_string,
};

static const struct hwmon_channel_info *t_info[] = {
	HWMON_CHANNEL_INFO(temp, HWMON_T_INPUT | HWMON_T_MAX | HWMON_T_LABEL, HWMON_T_INPUT),
	HWMON_CHANNEL_INFO(in, HWMON_I_INPUT),
	HWMON_CHANNEL_INFO(pwm, HWMON_PWM_INPUT),
	NULL
};

static const struct hwmon_chip_info t_chip = { .ops = &t_ops, .info = t_info };

/* ---- The device ---- */

static struct device *tdev;

static void tdev_release(struct device *dev)
{
	kfree(dev);
}

static int run_selftest(void)
{
	struct regmap *map;
	struct device *hwdev;
	int err;

	tdev = kzalloc(sizeof(*tdev), GFP_KERNEL);
	if (!tdev)
		return -ENOMEM;
	tdev->release = tdev_release;
	dev_set_name(tdev, "tregmap");
	err = device_register(tdev);
	if (err) {
		put_device(tdev);
		return err;
	}
	map = devm_regmap_init(tdev, NULL, NULL, &cached_config);
	check(!IS_ERR(map) && regmap_get_device(map) == tdev, "devm_regmap_init, on its device");
	if (IS_ERR(map))
		return PTR_ERR(map);
	check_rules(map);
	check_update(map);
	check_cache_modes(map);
	check_bulk_and_paging(map);
	check_flat(tdev);
	check_raw(tdev, REGMAP_ENDIAN_BIG, (const u8 []){ 0x12, 0xab, 0xcd },
		  "a raw write, big endian: register byte, then the value's high byte");
	check_raw(tdev, REGMAP_ENDIAN_LITTLE, (const u8 []){ 0x12, 0xcd, 0xab },
		  "a raw write, little endian: the value's low byte first");
	check_mmio(tdev);
	pr_info("tregmap: %d of %d checks passed\n", tests - failed, tests);
	hw[0x21] = 0x1980;	/* 25.5 degrees */
	hw[0x22] = 0x5000;	/* 80 */
	hw[0x23] = 3300;
	regcache_drop_region(map, 0x21, 0x24);
	hwmon_map = map;
	hwdev = devm_hwmon_device_register_with_info(tdev, "tregmap", NULL, &t_chip, NULL);
	return PTR_ERR_OR_ZERO(hwdev);
}

static int __init tregmap_init(void)
{
	int err = 0;

	if (bus >= 0)
		err = i2c_words();
	if (!err && selftest) {
		err = run_selftest();
		if (err && tdev)
			device_unregister(tdev);
	}
	return err;
}

static void __exit tregmap_exit(void)
{
	if (tdev)
		device_unregister(tdev);
}

module_init(tregmap_init);
module_exit(tregmap_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("regmap and hwmon as a driver uses them");
