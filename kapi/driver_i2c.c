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
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "device.h"

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
	struct mutex bus_lock, mux_lock;	/* rt_mutexes: 32 bytes, as ours */
	int timeout;		/* in jiffies */
	int retries;
	struct device dev;
	unsigned long locked_flags;
	int nr;
	char name[48];
	char dev_released[32];
	struct mutex userspace_clients_lock;
	struct list_head userspace_clients;
	void *bus_recovery_info;
	const void *quirks;
};
KAPI_LAYOUT(offsetof(struct i2c_adapter, retries) == 0x6c, "i2c_adapter.retries");
KAPI_LAYOUT(offsetof(struct i2c_adapter, nr) == 0x368, "i2c_adapter.nr");
KAPI_LAYOUT(offsetof(struct i2c_adapter, userspace_clients) == 0x3e0, "i2c_adapter.userspace_clients");

struct i2c_client {
	unsigned short flags, addr;
	char name[20];
	struct i2c_adapter *adapter;
	struct device dev;
	int init_irq, irq;
	struct list_head detected;
	void *devres_group_id;
};
KAPI_LAYOUT(offsetof(struct i2c_client, adapter) == 0x18, "i2c_client.adapter");
KAPI_LAYOUT(sizeof(struct i2c_client) == 0x330, "Linux 6.1's struct i2c_client");

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

/* An I2C block of up to 32 bytes, its length the caller's (not SMBus's
 * count byte): what i2c-core-smbus.c's do. */
s32 i2c_smbus_read_i2c_block_data(const struct i2c_client *client, u8 command,
				  u8 length, u8 *values)
{
	union i2c_smbus_data data;
	int status;

	if (length > I2C_SMBUS_BLOCK_MAX)
		length = I2C_SMBUS_BLOCK_MAX;
	data.block[0] = length;
	status = client_xfer(client, I2C_SMBUS_READ, command,
			     I2C_SMBUS_I2C_BLOCK_DATA, &data);
	if (status < 0)
		return status;
	memcpy(values, &data.block[1], data.block[0]);
	return data.block[0];
}
EXPORT_SYMBOL(i2c_smbus_read_i2c_block_data);

s32 i2c_smbus_write_i2c_block_data(const struct i2c_client *client, u8 command,
				   u8 length, const u8 *values)
{
	union i2c_smbus_data data;

	if (length > I2C_SMBUS_BLOCK_MAX)
		length = I2C_SMBUS_BLOCK_MAX;
	data.block[0] = length;
	memcpy(data.block + 1, values, length);
	return client_xfer(client, 0, command, I2C_SMBUS_I2C_BLOCK_DATA, &data);
}
EXPORT_SYMBOL(i2c_smbus_write_i2c_block_data);

/* ---- The bus: clients matched to drivers by their id tables ---- */

struct i2c_device_id {
	char name[20];
	unsigned long driver_data;
};

struct i2c_driver {
	unsigned int class;
	int (*probe)(struct i2c_client *client, const struct i2c_device_id *id);
	void (*remove)(struct i2c_client *client);
	int (*probe_new)(struct i2c_client *client);
	void *shutdown, *alert, *command;
	struct device_driver driver;
	const struct i2c_device_id *id_table;
	void *detect;
	const unsigned short *address_list;
	struct list_head clients;
	u32 flags;
};
KAPI_LAYOUT(offsetof(struct i2c_driver, id_table) == 0xc8, "i2c_driver.id_table");
KAPI_LAYOUT(offsetof(struct i2c_driver, clients) == 0xe0, "i2c_driver.clients");
KAPI_LAYOUT(sizeof(struct i2c_driver) == 0xf8, "Linux 6.1's struct i2c_driver");

const struct i2c_device_id *i2c_match_id(const struct i2c_device_id *id,
					 const struct i2c_client *client)
{
	if (!id || !client)
		return NULL;
	for (; id->name[0]; id++)
		if (!strcmp(client->name, id->name))
			return id;
	return NULL;
}
EXPORT_SYMBOL(i2c_match_id);

extern const struct attribute_group *const kapi_i2c_adapter_groups[];
extern const struct attribute_group *const kapi_i2c_client_groups[];

static const struct device_type i2c_client_type = {
	.name = "i2c_client", .groups = (const struct attribute_group **)kapi_i2c_client_groups,
};
static const struct device_type i2c_adapter_type = {
	.name = "i2c_adapter", .groups = (const struct attribute_group **)kapi_i2c_adapter_groups,
};

#define to_client(d)	container_of(d, struct i2c_client, dev)
#define to_driver(d)	container_of(d, struct i2c_driver, driver)

static int i2c_device_match(struct device *dev, struct device_driver *drv)
{
	return dev->type == &i2c_client_type &&
	       i2c_match_id(to_driver(drv)->id_table, to_client(dev)) != NULL;
}

static int i2c_device_probe(struct device *dev)
{
	struct i2c_client *client = to_client(dev);
	struct i2c_driver *driver = to_driver(dev->driver);

	if (driver->probe_new)
		return driver->probe_new(client);
	if (driver->probe)
		return driver->probe(client, i2c_match_id(driver->id_table, client));
	return -EINVAL;
}

static void i2c_device_remove(struct device *dev)
{
	struct i2c_driver *driver = to_driver(dev->driver);

	if (driver->remove)
		driver->remove(to_client(dev));
}

struct bus_type i2c_bus_type = {
	.name = "i2c",
	.match = i2c_device_match,
	.probe = i2c_device_probe,
	.remove = i2c_device_remove,
};
EXPORT_SYMBOL(i2c_bus_type);

static pthread_once_t bus_once = PTHREAD_ONCE_INIT;

/* i2c-core's "dummy" driver, which binds the clients that only reserve
 * an address (i2c_new_dummy_device), registered with the bus as i2c_init
 * does. */
static int dummy_probe(struct i2c_client *client)
{
	return 0;
}

static const struct i2c_device_id dummy_id[] = { { "dummy", 0 }, { "" } };

static struct i2c_driver dummy_driver = {
	.probe_new = dummy_probe,
	.driver = { .name = "dummy", .bus = &i2c_bus_type },
	.id_table = dummy_id,
};

static void register_bus(void)
{
	if (bus_register(&i2c_bus_type))
		return;
	kapi_list_init(&dummy_driver.clients);
	driver_register(&dummy_driver.driver);
}

/* Drivers: registered on the bus, offered its clients.  Detection (a
 * driver's detect callback probing addresses on each adapter) is not
 * run. */
int i2c_register_driver(struct module *owner, struct i2c_driver *driver)
{
	int err;

	pthread_once(&bus_once, register_bus);
	kapi_list_init(&driver->clients);
	driver->driver.owner = owner;
	driver->driver.bus = &i2c_bus_type;
	err = driver_register(&driver->driver);
	if (!err)
		kapi_printk(KERN_DEBUG "i2c-core: driver [%s] registered\n",
			    driver->driver.name);
	return err;
}
EXPORT_SYMBOL(i2c_register_driver);

void i2c_del_driver(struct i2c_driver *driver)
{
	driver_unregister(&driver->driver);
	kapi_printk(KERN_DEBUG "i2c-core: driver [%s] unregistered\n",
		    driver->driver.name);
}
EXPORT_SYMBOL(i2c_del_driver);

struct i2c_client *i2c_verify_client(struct device *dev)
{
	return dev->type == &i2c_client_type ? to_client(dev) : NULL;
}
EXPORT_SYMBOL(i2c_verify_client);

struct i2c_adapter *i2c_verify_adapter(struct device *dev)
{
	return dev->type == &i2c_adapter_type ?
	       container_of(dev, struct i2c_adapter, dev) : NULL;
}
EXPORT_SYMBOL(i2c_verify_adapter);

/* ---- Adapters ---- */

int dev_set_name(struct device *dev, const char *fmt, ...);
int device_register(struct device *dev);
void device_unregister(struct device *dev);
int bus_for_each_dev(struct bus_type *bus, struct device *start, void *data,
		     int (*fn)(struct device *dev, void *data));
void __mutex_init(struct mutex *lock, const char *name, void *key);
void mutex_lock(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

static struct ida adapter_ida;

static void lock_bus(struct i2c_adapter *adap, unsigned int flags)
{
	mutex_lock(&adap->bus_lock);
}

static int trylock_bus(struct i2c_adapter *adap, unsigned int flags)
{
	return mutex_trylock(&adap->bus_lock);
}

static void unlock_bus(struct i2c_adapter *adap, unsigned int flags)
{
	mutex_unlock(&adap->bus_lock);
}

static const struct i2c_lock_operations adapter_lock_ops = {
	lock_bus, trylock_bus, unlock_bus,
};

/* The adapter is its module's memory: nothing to free at release. */
static void adapter_release(struct device *dev)
{
}

static int register_adapter(struct i2c_adapter *adap)
{
	int err;

	if (!adap->name[0]) {
		kapi_printk(KERN_ERR "i2c-core: Attempt to register an adapter with no name!\n");
		return -EINVAL;
	}
	if (!adap->algo) {
		kapi_printk(KERN_ERR "i2c-core: Attempt to register adapter '%s' with no algo!\n",
			    adap->name);
		return -EINVAL;
	}
	if (!adap->lock_ops)
		adap->lock_ops = &adapter_lock_ops;
	adap->locked_flags = 0;
	__mutex_init(&adap->bus_lock, "bus_lock", NULL);
	__mutex_init(&adap->mux_lock, "mux_lock", NULL);
	__mutex_init(&adap->userspace_clients_lock, "userspace_clients_lock", NULL);
	kapi_list_init(&adap->userspace_clients);
	if (!adap->timeout)
		adap->timeout = 250;	/* HZ */
	pthread_once(&bus_once, register_bus);
	dev_set_name(&adap->dev, "i2c-%d", adap->nr);
	adap->dev.bus = &i2c_bus_type;
	adap->dev.type = &i2c_adapter_type;
	adap->dev.release = adapter_release;
	err = device_register(&adap->dev);
	if (err) {
		kapi_printk(KERN_ERR "i2c-core: adapter '%s': can't register device (%d)\n",
			    adap->name, err);
		put_device(&adap->dev);
		return err;
	}
	return 0;
}

int i2c_add_adapter(struct i2c_adapter *adap)
{
	int nr = ida_alloc_range(&adapter_ida, 0, 0x7fffffff, GFP_KERNEL), err;

	if (nr < 0)
		return nr;
	adap->nr = nr;
	err = register_adapter(adap);
	if (err)
		ida_free(&adapter_ida, nr);
	return err;
}
EXPORT_SYMBOL(i2c_add_adapter);

int i2c_add_numbered_adapter(struct i2c_adapter *adap)
{
	int nr, err;

	if (adap->nr == -1)
		return i2c_add_adapter(adap);
	nr = ida_alloc_range(&adapter_ida, adap->nr, adap->nr, GFP_KERNEL);
	if (nr < 0)
		return nr == -ENOSPC ? -EBUSY : nr;
	err = register_adapter(adap);
	if (err)
		ida_free(&adapter_ida, nr);
	return err;
}
EXPORT_SYMBOL(i2c_add_numbered_adapter);

/* One client of the adapter unregistered (1), or none left (0): the
 * walk starts again after each, as the bus's list changed. */
static int unregister_child_client(struct device *dev, void *adap_dev)
{
	if (dev->parent != adap_dev || dev->type != &i2c_client_type)
		return 0;
	device_unregister(dev);
	return 1;
}

/* Its clients first, then the adapter; the structure cleared, so it can
 * be added again, as Linux's. */
void i2c_del_adapter(struct i2c_adapter *adap)
{
	if (!adap->dev.p || adap->dev.type != &i2c_adapter_type) {
		kapi_printk(KERN_DEBUG "i2c-core: attempting to delete unregistered adapter [%s]\n",
			    adap->name);
		return;
	}
	mutex_lock(&adap->userspace_clients_lock);
	while (!kapi_list_empty(&adap->userspace_clients))
		kapi_list_del_init(adap->userspace_clients.next);
	mutex_unlock(&adap->userspace_clients_lock);
	while (bus_for_each_dev(&i2c_bus_type, NULL, &adap->dev, unregister_child_client) == 1)
		;
	device_unregister(&adap->dev);
	memset(&adap->dev, 0, sizeof(adap->dev));
	ida_free(&adapter_ida, adap->nr);
}
EXPORT_SYMBOL(i2c_del_adapter);

static int adapter_nr_is(struct device *dev, void *nr)
{
	struct i2c_adapter *adap = i2c_verify_adapter(dev);

	return adap && adap->nr == *(int *)nr;
}

struct device *bus_find_device(struct bus_type *bus, struct device *start, const void *data,
			       int (*match)(struct device *dev, const void *data));

/* The adapter numbered nr, and a reference on it and on its module. */
struct i2c_adapter *i2c_get_adapter(int nr)
{
	struct device *dev = bus_find_device(&i2c_bus_type, NULL, &nr, (void *)adapter_nr_is);
	struct i2c_adapter *adap = dev ? i2c_verify_adapter(dev) : NULL;

	if (adap && adap->owner && !umod_try_module_get((struct umod_module *)adap->owner)) {
		put_device(dev);
		return NULL;
	}
	return adap;
}
EXPORT_SYMBOL(i2c_get_adapter);

void i2c_put_adapter(struct i2c_adapter *adap)
{
	if (!adap)
		return;
	if (adap->owner)
		umod_module_put((struct umod_module *)adap->owner);
	put_device(&adap->dev);
}
EXPORT_SYMBOL(i2c_put_adapter);

/* ---- Clients ---- */

struct i2c_board_info {
	char type[20];
	unsigned short flags, addr;
	const char *dev_name;
	void *platform_data;
	void *of_node, *fwnode, *swnode;
	const void *resources;
	unsigned int num_resources;
	int irq;
};
KAPI_LAYOUT(sizeof(struct i2c_board_info) == 0x50, "Linux 6.1's struct i2c_board_info");

static void client_release(struct device *dev)
{
	kfree(to_client(dev));
}

struct addr_check {
	struct i2c_adapter *adap;
	unsigned short addr;
};

static int addr_busy(struct device *dev, void *p)
{
	struct addr_check *c = p;
	struct i2c_client *client = i2c_verify_client(dev);

	return client && client->adapter == c->adap && client->addr == c->addr ? -EBUSY : 0;
}

struct i2c_client *i2c_new_client_device(struct i2c_adapter *adap,
					 const struct i2c_board_info *info)
{
	struct i2c_client *client;
	struct addr_check check = { adap, info->addr };
	int err;

	if (!(info->flags & I2C_M_TEN) && (info->addr < 0x08 || info->addr > 0x77)) {
		kapi_printk(KERN_ERR "i2c i2c-%d: Invalid 7-bit I2C address 0x%02hx\n",
			    adap->nr, info->addr);
		return (void *)(long)-EINVAL;
	}
	if (bus_for_each_dev(&i2c_bus_type, NULL, &check, addr_busy))
		return (void *)(long)-EBUSY;
	client = __kmalloc(sizeof(*client), GFP_KERNEL | __GFP_ZERO);
	if (!client)
		return (void *)(long)-ENOMEM;
	client->adapter = adap;
	client->dev.platform_data = info->platform_data;
	client->flags = info->flags;
	client->addr = info->addr;
	client->init_irq = info->irq;
	client->irq = info->irq;
	kapi_list_init(&client->detected);
	snprintf(client->name, sizeof(client->name), "%s", info->type);
	client->dev.parent = &adap->dev;
	client->dev.bus = &i2c_bus_type;
	client->dev.type = &i2c_client_type;
	client->dev.release = client_release;
	if (info->dev_name)
		dev_set_name(&client->dev, "i2c-%s", info->dev_name);
	else
		dev_set_name(&client->dev, "%d-%04x", adap->nr,
			     client->addr | (client->flags & I2C_M_TEN ? 0xa000 : 0));
	err = device_register(&client->dev);
	if (err) {
		kapi_printk(KERN_ERR "i2c i2c-%d: Failed to register i2c client %s at 0x%02x (%d)\n",
			    adap->nr, client->name, client->addr, err);
		put_device(&client->dev);
		return (void *)(long)err;
	}
	return client;
}
EXPORT_SYMBOL(i2c_new_client_device);

void i2c_unregister_device(struct i2c_client *client)
{
	if (!client || IS_ERR_VALUE(client))
		return;
	device_unregister(&client->dev);
}
EXPORT_SYMBOL(i2c_unregister_device);

struct i2c_client *i2c_new_dummy_device(struct i2c_adapter *adapter, u16 address)
{
	struct i2c_board_info info = { .type = "dummy", .addr = address };

	return i2c_new_client_device(adapter, &info);
}
EXPORT_SYMBOL(i2c_new_dummy_device);

int __devm_add_action(struct device *dev, void (*action)(void *), void *data,
		      const char *name);

static void devm_unregister_dummy(void *client)
{
	i2c_unregister_device(client);
}

struct i2c_client *devm_i2c_new_dummy_device(struct device *dev, struct i2c_adapter *adapter,
					     u16 address)
{
	struct i2c_client *client = i2c_new_dummy_device(adapter, address);
	int err;

	if (IS_ERR_VALUE(client))
		return client;
	err = __devm_add_action(dev, devm_unregister_dummy, client, "devm_unregister_dummy");
	if (err) {
		i2c_unregister_device(client);
		return (void *)(long)err;
	}
	return client;
}
EXPORT_SYMBOL(devm_i2c_new_dummy_device);

/* ---- sysfs: name, modalias; an adapter's new_device, delete_device ---- */

int sysfs_emit(char *buf, const char *fmt, ...);

static ssize_t name_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", dev->type == &i2c_client_type ? to_client(dev)->name
			  : container_of(dev, struct i2c_adapter, dev)->name);
}

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "i2c:%s\n", to_client(dev)->name);
}

/* dev_err/dev_info on an adapter's attribute, as Linux prints them. */
#define adap_printk(level, adap, attr, fmt, ...)				\
	kapi_printk(level "i2c i2c-%d: %s: " fmt, (adap)->nr, attr, ##__VA_ARGS__)

/* "NAME ADDRESS", as i2c_sysfs_new_device parses it. */
static ssize_t new_device_store(struct device *dev, struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct i2c_adapter *adap = container_of(dev, struct i2c_adapter, dev);
	struct i2c_board_info info = { 0 };
	struct i2c_client *client;
	const char *blank = strchr(buf, ' ');
	char end;
	int res;

	if (!blank) {
		adap_printk(KERN_ERR, adap, "new_device", "Missing parameters\n");
		return -EINVAL;
	}
	if (blank - buf > (int)sizeof(info.type) - 1) {
		adap_printk(KERN_ERR, adap, "new_device", "Invalid device name\n");
		return -EINVAL;
	}
	memcpy(info.type, buf, blank - buf);
	res = sscanf(++blank, "%hi%c", &info.addr, &end);
	if (res < 1) {
		adap_printk(KERN_ERR, adap, "new_device", "Can't parse I2C address\n");
		return -EINVAL;
	}
	if (res > 1 && end != '\n') {
		adap_printk(KERN_ERR, adap, "new_device", "Extra parameters\n");
		return -EINVAL;
	}
	client = i2c_new_client_device(adap, &info);
	if (IS_ERR_VALUE(client))
		return (long)client;
	mutex_lock(&adap->userspace_clients_lock);
	kapi_list_add_tail(&client->detected, &adap->userspace_clients);
	mutex_unlock(&adap->userspace_clients_lock);
	adap_printk(KERN_INFO, adap, "new_device", "Instantiated device %s at 0x%02hx\n",
		    info.type, info.addr);
	return count;
}

static ssize_t delete_device_store(struct device *dev, struct device_attribute *attr,
				   const char *buf, size_t count)
{
	struct i2c_adapter *adap = container_of(dev, struct i2c_adapter, dev);
	struct i2c_client *found = NULL;
	unsigned short addr;
	char end;
	int res = sscanf(buf, "%hi%c", &addr, &end);

	if (res < 1) {
		adap_printk(KERN_ERR, adap, "delete_device", "Can't parse I2C address\n");
		return -EINVAL;
	}
	if (res > 1 && end != '\n') {
		adap_printk(KERN_ERR, adap, "delete_device", "Extra parameters\n");
		return -EINVAL;
	}
	mutex_lock(&adap->userspace_clients_lock);
	for (struct list_head *p = adap->userspace_clients.next;
	     p != &adap->userspace_clients; p = p->next) {
		struct i2c_client *c = container_of(p, struct i2c_client, detected);

		if (c->addr == addr) {
			kapi_list_del_init(p);
			found = c;
			break;
		}
	}
	mutex_unlock(&adap->userspace_clients_lock);
	if (!found) {
		adap_printk(KERN_ERR, adap, "delete_device", "Can't find device in list\n");
		return -ENOENT;
	}
	adap_printk(KERN_INFO, adap, "delete_device", "Deleting device %s at 0x%02hx\n",
		    found->name, found->addr);
	i2c_unregister_device(found);
	return count;
}

static struct device_attribute dev_attr_name = { { "name", 0444 }, name_show, NULL };
static struct device_attribute dev_attr_modalias = { { "modalias", 0444 }, modalias_show, NULL };
static struct device_attribute dev_attr_new_device = { { "new_device", 0200 }, NULL,
						       new_device_store };
static struct device_attribute dev_attr_delete_device = { { "delete_device", 0200 }, NULL,
							  delete_device_store };

static struct attribute *adapter_attrs[] = {
	&dev_attr_name.attr, &dev_attr_new_device.attr, &dev_attr_delete_device.attr, NULL,
};
static struct attribute *client_attrs[] = { &dev_attr_name.attr, &dev_attr_modalias.attr, NULL };
static const struct attribute_group adapter_group = { .attrs = adapter_attrs };
static const struct attribute_group client_group = { .attrs = client_attrs };
const struct attribute_group *const kapi_i2c_adapter_groups[] = { &adapter_group, NULL };
const struct attribute_group *const kapi_i2c_client_groups[] = { &client_group, NULL };
