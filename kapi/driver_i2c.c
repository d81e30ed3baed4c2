// SPDX-License-Identifier: MIT
/*
 * driver_i2c.c - I2C transfers, as drivers/i2c/i2c-core-base.c makes
 * them: through the adapter's algorithm, under the adapter's bus lock,
 * retried on -EAGAIN up to the adapter's retries within its timeout.
 * No adapter is registered on this host, so a driver only reaches here
 * with an adapter of a module's own making.  Adapter quirks are not
 * checked.
 */
#include <errno.h>
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
