// SPDX-License-Identifier: MIT
/*
 * regmap_bus.c - the buses a register map reaches its device through,
 * as drivers/base/regmap/regmap-i2c.c and regmap-mmio.c make them.
 *
 * I2C: plain I2C messages (register, then a repeated-start read) when the
 * adapter can do I2C; else, as regmap_get_i2c_bus chooses, SMBus I2C
 * block transfers for 8-bit registers and values, SMBus word data for
 * 16-bit values (byte-swapped for big-endian ones), SMBus byte data;
 * -ENOTSUPP for the rest.
 * MMIO: loads and stores of 8 to 32 bits at regs + register, in the
 * configured byte order (little by default).  No clocks: a map asking
 * for one fails, as devm_clk_get on a machine without it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "regmap.h"

#define ENOTSUPP	524	/* Linux's, not errno's */

/* ---- I2C: what regmap needs of the client and its adapter ---- */

struct i2c_adapter;
struct i2c_algorithm {
	void *master_xfer, *master_xfer_atomic, *smbus_xfer, *smbus_xfer_atomic;
	u32 (*functionality)(struct i2c_adapter *adap);
	void *reg_slave, *unreg_slave;
};

struct i2c_adapter {
	struct module *owner;
	unsigned int class;
	const struct i2c_algorithm *algo;
};

struct i2c_client {
	unsigned short flags, addr;
	char name[20];
	struct i2c_adapter *adapter;
	struct device dev;
};
KAPI_LAYOUT(offsetof(struct i2c_client, dev) == 0x20, "i2c_client.dev");

struct i2c_msg {
	u16 addr, flags, len;
	u8 *buf;
};

#define I2C_M_RD			0x0001
#define I2C_M_TEN			0x0010
#define I2C_FUNC_I2C			0x00000001
#define I2C_FUNC_SMBUS_BYTE_DATA	0x00180000
#define I2C_FUNC_SMBUS_WORD_DATA	0x00600000
#define I2C_FUNC_SMBUS_I2C_BLOCK	0x0c000000
#define I2C_SMBUS_BLOCK_MAX		32

int i2c_transfer(struct i2c_adapter *adap, struct i2c_msg *msgs, int num);
s32 i2c_smbus_read_byte_data(const struct i2c_client *client, u8 command);
s32 i2c_smbus_write_byte_data(const struct i2c_client *client, u8 command, u8 value);
s32 i2c_smbus_read_word_data(const struct i2c_client *client, u8 command);
s32 i2c_smbus_write_word_data(const struct i2c_client *client, u8 command, u16 value);
s32 i2c_smbus_read_i2c_block_data(const struct i2c_client *client, u8 command,
				  u8 length, u8 *values);
s32 i2c_smbus_write_i2c_block_data(const struct i2c_client *client, u8 command,
				   u8 length, const u8 *values);

static bool i2c_can(const struct i2c_client *c, u32 func)
{
	const struct i2c_algorithm *algo = c->adapter->algo;

	return algo->functionality && (algo->functionality(c->adapter) & func) == func;
}

static int i2c_write(void *ctx, const void *data, size_t count)
{
	struct i2c_client *c = ctx;
	struct i2c_msg msg = { c->addr, c->flags & I2C_M_TEN, count, (u8 *)data };
	int ret = i2c_transfer(c->adapter, &msg, 1);

	return ret == 1 ? 0 : ret < 0 ? ret : -EIO;
}

static int i2c_read(void *ctx, const void *reg, size_t reg_size, void *val, size_t val_size)
{
	struct i2c_client *c = ctx;
	struct i2c_msg msgs[2] = {
		{ c->addr, c->flags & I2C_M_TEN, reg_size, (u8 *)reg },
		{ c->addr, (c->flags & I2C_M_TEN) | I2C_M_RD, val_size, val },
	};
	int ret = i2c_transfer(c->adapter, msgs, 2);

	return ret == 2 ? 0 : ret < 0 ? ret : -EIO;
}

static const struct regmap_bus regmap_i2c = {
	.write = i2c_write,
	.read = i2c_read,
	.reg_format_endian_default = REGMAP_ENDIAN_BIG,
	.val_format_endian_default = REGMAP_ENDIAN_BIG,
};

static int smbus_block_write(void *ctx, const void *data, size_t count)
{
	const u8 *d = data;

	if (count < 1)
		return -EINVAL;
	return i2c_smbus_write_i2c_block_data(ctx, d[0], count - 1, d + 1);
}

static int smbus_block_read(void *ctx, const void *reg, size_t reg_size, void *val,
			    size_t val_size)
{
	int ret;

	if (reg_size != 1 || val_size < 1)
		return -EINVAL;
	ret = i2c_smbus_read_i2c_block_data(ctx, ((const u8 *)reg)[0], val_size, val);
	return ret == (int)val_size ? 0 : ret < 0 ? ret : -EIO;
}

static const struct regmap_bus regmap_i2c_smbus_i2c_block = {
	.write = smbus_block_write,
	.read = smbus_block_read,
	.max_raw_read = I2C_SMBUS_BLOCK_MAX,
	.max_raw_write = I2C_SMBUS_BLOCK_MAX,
};

static int smbus_byte_read(void *ctx, unsigned int reg, unsigned int *val)
{
	int ret;

	if (reg > 0xff)
		return -EINVAL;
	ret = i2c_smbus_read_byte_data(ctx, reg);
	if (ret < 0)
		return ret;
	*val = ret;
	return 0;
}

static int smbus_byte_write(void *ctx, unsigned int reg, unsigned int val)
{
	if (val > 0xff || reg > 0xff)
		return -EINVAL;
	return i2c_smbus_write_byte_data(ctx, reg, val);
}

static const struct regmap_bus regmap_smbus_byte = {
	.reg_write = smbus_byte_write,
	.reg_read = smbus_byte_read,
};

static int smbus_word_read(void *ctx, unsigned int reg, unsigned int *val)
{
	int ret;

	if (reg > 0xff)
		return -EINVAL;
	ret = i2c_smbus_read_word_data(ctx, reg);
	if (ret < 0)
		return ret;
	*val = ret;
	return 0;
}

static int smbus_word_write(void *ctx, unsigned int reg, unsigned int val)
{
	if (val > 0xffff || reg > 0xff)
		return -EINVAL;
	return i2c_smbus_write_word_data(ctx, reg, val);
}

static const struct regmap_bus regmap_smbus_word = {
	.reg_write = smbus_word_write,
	.reg_read = smbus_word_read,
};

/* SMBus words travel low byte first; a big-endian register is swapped. */
static int smbus_word_read_swapped(void *ctx, unsigned int reg, unsigned int *val)
{
	int ret = smbus_word_read(ctx, reg, val);

	if (!ret)
		*val = __builtin_bswap16(*val);
	return ret;
}

static int smbus_word_write_swapped(void *ctx, unsigned int reg, unsigned int val)
{
	if (val > 0xffff)
		return -EINVAL;
	return smbus_word_write(ctx, reg, __builtin_bswap16(val));
}

static const struct regmap_bus regmap_smbus_word_swapped = {
	.reg_write = smbus_word_write_swapped,
	.reg_read = smbus_word_read_swapped,
};

static const struct regmap_bus *i2c_bus_for(const struct i2c_client *c,
					    const struct regmap_config *config)
{
	if (i2c_can(c, I2C_FUNC_I2C))
		return &regmap_i2c;
	if (config->val_bits == 8 && config->reg_bits == 8 &&
	    i2c_can(c, I2C_FUNC_SMBUS_I2C_BLOCK))
		return &regmap_i2c_smbus_i2c_block;
	if (config->val_bits == 16 && config->reg_bits == 8 &&
	    i2c_can(c, I2C_FUNC_SMBUS_WORD_DATA)) {
		switch (config->val_format_endian) {
		case REGMAP_ENDIAN_LITTLE:
			return &regmap_smbus_word;
		case REGMAP_ENDIAN_DEFAULT:
		case REGMAP_ENDIAN_BIG:
			return &regmap_smbus_word_swapped;
		default:
			return NULL;
		}
	}
	if (config->val_bits == 8 && config->reg_bits == 8 &&
	    i2c_can(c, I2C_FUNC_SMBUS_BYTE_DATA))
		return &regmap_smbus_byte;
	return NULL;
}

struct regmap *__regmap_init_i2c(struct i2c_client *i2c, const struct regmap_config *config,
				 void *lock_key, const char *lock_name)
{
	const struct regmap_bus *bus = i2c_bus_for(i2c, config);

	if (!bus)
		return ERR_PTR(-ENOTSUPP);
	return __regmap_init(&i2c->dev, bus, i2c, config, lock_key, lock_name);
}
EXPORT_SYMBOL(__regmap_init_i2c);

struct regmap *__devm_regmap_init_i2c(struct i2c_client *i2c,
				      const struct regmap_config *config,
				      void *lock_key, const char *lock_name)
{
	const struct regmap_bus *bus = i2c_bus_for(i2c, config);

	if (!bus)
		return ERR_PTR(-ENOTSUPP);
	return __devm_regmap_init(&i2c->dev, bus, i2c, config, lock_key, lock_name);
}
EXPORT_SYMBOL(__devm_regmap_init_i2c);

/* ---- MMIO ---- */

struct mmio_context {
	u8 *regs;
	unsigned int val_bytes;
	bool big;
};

static int mmio_write(void *ctx, unsigned int reg, unsigned int val)
{
	struct mmio_context *m = ctx;
	volatile u8 *p = m->regs + reg;

	switch (m->val_bytes) {
	case 1:
		*p = val;
		break;
	case 2:
		*(volatile u16 *)p = m->big ? __builtin_bswap16(val) : val;
		break;
	default:
		*(volatile u32 *)p = m->big ? __builtin_bswap32(val) : val;
		break;
	}
	return 0;
}

static int mmio_read(void *ctx, unsigned int reg, unsigned int *val)
{
	struct mmio_context *m = ctx;
	volatile u8 *p = m->regs + reg;

	switch (m->val_bytes) {
	case 1:
		*val = *p;
		break;
	case 2:
		*val = *(volatile u16 *)p;
		*val = m->big ? __builtin_bswap16(*val) : *val;
		break;
	default:
		*val = *(volatile u32 *)p;
		*val = m->big ? __builtin_bswap32(*val) : *val;
		break;
	}
	return 0;
}

static void mmio_free(void *ctx)
{
	kfree(ctx);
}

static const struct regmap_bus regmap_mmio = {
	.fast_io = true,
	.reg_write = mmio_write,
	.reg_read = mmio_read,
	.free_context = mmio_free,
	.val_format_endian_default = REGMAP_ENDIAN_LITTLE,
};

/* regmap_mmio_gen_context's checks: whole-byte registers, no padding,
 * a stride at least the value's width (any for bytes); no port I/O, no
 * clock. */
static struct mmio_context *mmio_context(const char *clk_id, void *regs,
					 const struct regmap_config *config)
{
	unsigned int bytes = config->val_bits / 8;
	struct mmio_context *m;

	if (config->reg_bits % 8 || config->pad_bits)
		return ERR_PTR(-EINVAL);
	if (config->val_bits != 8 && config->val_bits != 16 && config->val_bits != 32)
		return ERR_PTR(-EINVAL);
	if (config->reg_stride < (bytes == 1 ? 0 : (int)bytes))
		return ERR_PTR(-EINVAL);
	if (config->io_port)
		return ERR_PTR(-EOPNOTSUPP);
	if (clk_id)
		return ERR_PTR(-ENOENT);
	m = __kmalloc(sizeof(*m), GFP_KERNEL | __GFP_ZERO);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->regs = regs;
	m->val_bytes = bytes;
	m->big = config->val_format_endian == REGMAP_ENDIAN_BIG;
	return m;
}

struct regmap *__regmap_init_mmio_clk(struct device *dev, const char *clk_id, void *regs,
				      const struct regmap_config *config,
				      void *lock_key, const char *lock_name)
{
	struct mmio_context *m = mmio_context(clk_id, regs, config);
	struct regmap *map;

	if (IS_ERR(m))
		return (void *)m;
	map = __regmap_init(dev, &regmap_mmio, m, config, lock_key, lock_name);
	if (IS_ERR(map))
		kfree(m);
	return map;
}
EXPORT_SYMBOL(__regmap_init_mmio_clk);

struct regmap *__devm_regmap_init_mmio_clk(struct device *dev, const char *clk_id,
					   void *regs, const struct regmap_config *config,
					   void *lock_key, const char *lock_name)
{
	struct mmio_context *m = mmio_context(clk_id, regs, config);
	struct regmap *map;

	if (IS_ERR(m))
		return (void *)m;
	map = __devm_regmap_init(dev, &regmap_mmio, m, config, lock_key, lock_name);
	if (IS_ERR(map))
		kfree(m);
	return map;
}
EXPORT_SYMBOL(__devm_regmap_init_mmio_clk);
