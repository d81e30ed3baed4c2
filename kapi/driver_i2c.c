// SPDX-License-Identifier: MIT
/*
 * driver_i2c.c - I2C transfers, as drivers/i2c/i2c-core-base.c makes
 * them: through the adapter's algorithm, under the adapter's bus lock,
 * retried on -EAGAIN up to the adapter's retries within its timeout.
 * No adapter is registered on this host, so a driver only reaches here
 * with an adapter of a module's own making.  SMBus calls go to the
 * adapter's smbus_xfer, or are emulated over I2C messages as
 * i2c-core-smbus.c does (quick, byte, byte and word data, process call,
 * I2C block; not SMBus block transfers or PEC).  Adapter quirks are not
 * checked.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "kernel.h"

struct i2c_msg {
	u16 addr, flags, len;
	u8 *buf;
};

struct i2c_adapter;
struct i2c_algorithm {
	int (*master_xfer)(struct i2c_adapter *adap, struct i2c_msg *msgs, int num);
};

struct i2c_lock_operations {
	void (*lock_bus)(struct i2c_adapter *adap, unsigned int flags);
	int (*trylock_bus)(struct i2c_adapter *adap, unsigned int flags);
	void (*unlock_bus)(struct i2c_adapter *adap, unsigned int flags);
};

struct i2c_adapter {
	struct module *owner;
	unsigned int class;
	const struct i2c_algorithm *algo;
	void *algo_data;
	const struct i2c_lock_operations *lock_ops;
	char bus_lock_and_more[0x68 - 0x28];
	int timeout;		/* in jiffies */
	int retries;
};
KAPI_LAYOUT(offsetof(struct i2c_adapter, retries) == 0x6c, "i2c_adapter.retries");

struct i2c_client {
	unsigned short flags, addr;
	char name[20];
	struct i2c_adapter *adapter;
};
KAPI_LAYOUT(offsetof(struct i2c_client, adapter) == 0x18, "i2c_client.adapter");

#define I2C_M_TEN		0x0010
#define I2C_LOCK_SEGMENT	2

int __i2c_transfer(struct i2c_adapter *adap, struct i2c_msg *msgs, int num)
{
	unsigned long start = kapi_jiffies();
	int ret = -EAGAIN;

	if (!adap->algo->master_xfer)
		return -EOPNOTSUPP;
	for (int try = 0; try <= adap->retries; try++) {
		ret = adap->algo->master_xfer(adap, msgs, num);
		if (ret != -EAGAIN || (long)(kapi_jiffies() - start) > adap->timeout)
			break;
	}
	return ret;
}
EXPORT_SYMBOL(__i2c_transfer);

int i2c_transfer(struct i2c_adapter *adap, struct i2c_msg *msgs, int num)
{
	int ret;

	if (!adap->algo->master_xfer)
		return -EOPNOTSUPP;
	if (adap->lock_ops)
		adap->lock_ops->lock_bus(adap, I2C_LOCK_SEGMENT);
	ret = __i2c_transfer(adap, msgs, num);
	if (adap->lock_ops)
		adap->lock_ops->unlock_bus(adap, I2C_LOCK_SEGMENT);
	return ret;
}
EXPORT_SYMBOL(i2c_transfer);

/* One message to or from the client: count bytes, or the error. */
int i2c_transfer_buffer_flags(const struct i2c_client *client, char *buf,
			      int count, u16 flags)
{
	struct i2c_msg msg = {
		.addr = client->addr,
		.flags = flags | (client->flags & I2C_M_TEN),
		.len = count,
		.buf = (u8 *)buf,
	};
	int ret = i2c_transfer(client->adapter, &msg, 1);

	return ret == 1 ? count : ret;
}
EXPORT_SYMBOL(i2c_transfer_buffer_flags);

/* ---- SMBus, emulated over I2C messages unless the adapter speaks it ---- */

union i2c_smbus_data {
	u8 byte;
	u16 word;
	u8 block[34];	/* length first */
};

struct i2c_smbus_algorithm {
	void *master_xfer, *master_xfer_atomic;
	int (*smbus_xfer)(struct i2c_adapter *adap, u16 addr, unsigned short flags,
			  char read_write, u8 command, int size, union i2c_smbus_data *data);
};

#define I2C_M_RD		0x0001
#define I2C_SMBUS_READ		1
#define I2C_SMBUS_QUICK		0
#define I2C_SMBUS_BYTE		1
#define I2C_SMBUS_BYTE_DATA	2
#define I2C_SMBUS_WORD_DATA	3
#define I2C_SMBUS_PROC_CALL	4
#define I2C_SMBUS_I2C_BLOCK_DATA 8
#define I2C_SMBUS_BLOCK_MAX	32
#define I2C_CLIENT_PEC		0x04

/* The messages of the protocol; what it reads copied back. */
static int smbus_emulated(struct i2c_adapter *adap, u16 addr, unsigned short flags,
			  char read_write, u8 command, int size,
			  union i2c_smbus_data *data)
{
	u8 buf0[I2C_SMBUS_BLOCK_MAX + 3] = { command }, buf1[I2C_SMBUS_BLOCK_MAX + 2];
	bool read = read_write == I2C_SMBUS_READ;
	struct i2c_msg msg[2] = {
		{ addr, flags, 1, buf0 },
		{ addr, flags | I2C_M_RD, 0, buf1 },
	};
	int nmsgs = read ? 2 : 1, status;

	switch (size) {
	case I2C_SMBUS_QUICK:
		msg[0].len = 0;
		msg[0].flags = flags | (read ? I2C_M_RD : 0);
		nmsgs = 1;
		break;
	case I2C_SMBUS_BYTE:
		if (read) {
			msg[0].flags = I2C_M_RD | flags;
			nmsgs = 1;
		}
		break;
	case I2C_SMBUS_BYTE_DATA:
		if (read) {
			msg[1].len = 1;
		} else {
			msg[0].len = 2;
			buf0[1] = data->byte;
		}
		break;
	case I2C_SMBUS_WORD_DATA:
		if (read) {
			msg[1].len = 2;
		} else {
			msg[0].len = 3;
			buf0[1] = data->word & 0xff;
			buf0[2] = data->word >> 8;
		}
		break;
	case I2C_SMBUS_PROC_CALL:
		nmsgs = 2;
		read = true;
		msg[0].len = 3;
		msg[1].len = 2;
		buf0[1] = data->word & 0xff;
		buf0[2] = data->word >> 8;
		break;
	case I2C_SMBUS_I2C_BLOCK_DATA:
		if (data->block[0] > I2C_SMBUS_BLOCK_MAX)
			return -EINVAL;
		if (read) {
			msg[1].len = data->block[0];
		} else {
			msg[0].len = data->block[0] + 1;
			for (int i = 1; i <= data->block[0]; i++)
				buf0[i] = data->block[i];
		}
		break;
	default:
		return -EOPNOTSUPP;	/* block transfers and PEC: not emulated here */
	}
	status = __i2c_transfer(adap, msg, nmsgs);
	if (status < 0)
		return status;
	if (status != nmsgs)
		return -EIO;
	if (!read)
		return 0;
	switch (size) {
	case I2C_SMBUS_BYTE:
		data->byte = buf0[0];
		break;
	case I2C_SMBUS_BYTE_DATA:
		data->byte = buf1[0];
		break;
	case I2C_SMBUS_WORD_DATA:
	case I2C_SMBUS_PROC_CALL:
		data->word = buf1[0] | buf1[1] << 8;
		break;
	case I2C_SMBUS_I2C_BLOCK_DATA:
		for (int i = 0; i < data->block[0]; i++)
			data->block[i + 1] = buf1[i];
		break;
	}
	return 0;
}

int i2c_smbus_xfer(struct i2c_adapter *adap, u16 addr, unsigned short flags,
		   char read_write, u8 command, int protocol,
		   union i2c_smbus_data *data)
{
	const struct i2c_smbus_algorithm *algo = (const void *)adap->algo;
	int ret = -EOPNOTSUPP;

	if (flags & I2C_CLIENT_PEC)
		return -EOPNOTSUPP;
	if (adap->lock_ops)
		adap->lock_ops->lock_bus(adap, I2C_LOCK_SEGMENT);
	if (algo->smbus_xfer)
		ret = algo->smbus_xfer(adap, addr, flags & I2C_M_TEN, read_write,
				       command, protocol, data);
	if (ret == -EOPNOTSUPP && adap->algo->master_xfer)
		ret = smbus_emulated(adap, addr, flags & I2C_M_TEN, read_write,
				     command, protocol, data);
	if (adap->lock_ops)
		adap->lock_ops->unlock_bus(adap, I2C_LOCK_SEGMENT);
	return ret;
}
EXPORT_SYMBOL(i2c_smbus_xfer);

static int client_xfer(const struct i2c_client *c, char rw, u8 command, int protocol,
		       union i2c_smbus_data *data)
{
	return i2c_smbus_xfer(c->adapter, c->addr, c->flags, rw, command, protocol, data);
}

s32 i2c_smbus_read_byte(const struct i2c_client *client)
{
	union i2c_smbus_data data;
	int status = client_xfer(client, I2C_SMBUS_READ, 0, I2C_SMBUS_BYTE, &data);

	return status < 0 ? status : data.byte;
}
EXPORT_SYMBOL(i2c_smbus_read_byte);

s32 i2c_smbus_write_byte(const struct i2c_client *client, u8 value)
{
	return client_xfer(client, 0, value, I2C_SMBUS_BYTE, NULL);
}
EXPORT_SYMBOL(i2c_smbus_write_byte);

s32 i2c_smbus_read_byte_data(const struct i2c_client *client, u8 command)
{
	union i2c_smbus_data data;
	int status = client_xfer(client, I2C_SMBUS_READ, command, I2C_SMBUS_BYTE_DATA, &data);

	return status < 0 ? status : data.byte;
}
EXPORT_SYMBOL(i2c_smbus_read_byte_data);

s32 i2c_smbus_write_byte_data(const struct i2c_client *client, u8 command, u8 value)
{
	union i2c_smbus_data data = { .byte = value };

	return client_xfer(client, 0, command, I2C_SMBUS_BYTE_DATA, &data);
}
EXPORT_SYMBOL(i2c_smbus_write_byte_data);

s32 i2c_smbus_read_word_data(const struct i2c_client *client, u8 command)
{
	union i2c_smbus_data data;
	int status = client_xfer(client, I2C_SMBUS_READ, command, I2C_SMBUS_WORD_DATA, &data);

	return status < 0 ? status : data.word;
}
EXPORT_SYMBOL(i2c_smbus_read_word_data);

s32 i2c_smbus_write_word_data(const struct i2c_client *client, u8 command, u16 value)
{
	union i2c_smbus_data data = { .word = value };

	return client_xfer(client, 0, command, I2C_SMBUS_WORD_DATA, &data);
}
EXPORT_SYMBOL(i2c_smbus_write_word_data);
