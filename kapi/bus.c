// SPDX-License-Identifier: MIT
/*
 * bus.c - buses and their drivers, as drivers/base/bus.c and dd.c: a
 * registered bus is /sys/bus/<name> with devices/ and drivers/; a
 * registered driver is /sys/bus/<bus>/drivers/<name>, and is offered
 * every device of its bus, a device every driver (the bus's match, then
 * its probe or the driver's).  A failed probe releases what the probe
 * acquired through devres; detaching (driver_unregister, device_del)
 * calls remove and releases them too.  Module code is called without
 * the lock: a probe may add devices.  The links are sysfs': a device's
 * in its bus's devices/ and its "subsystem"; while bound, its "driver"
 * and the driver's link to it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"

struct subsys_private {
	struct kobject *dir, *devices_dir, *drivers_dir;
	struct list_head devices, drivers;
	struct bus_type *bus;
};

struct driver_private {
	struct kobject *dir;
	struct list_head node;		/* on its bus */
	struct device_driver *drv;
};

/* A device on a bus; dev->p. */
struct device_private {
	struct list_head node;		/* on its bus */
	struct device *dev;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- Buses ---- */

int bus_register(struct bus_type *bus)
{
	struct subsys_private *p = calloc(1, sizeof(*p));
	int err = -ENOMEM;

	if (!p)
		return -ENOMEM;
	kapi_list_init(&p->devices);
	kapi_list_init(&p->drivers);
	p->bus = bus;
	p->dir = kobject_create_and_add(bus->name, kapi_sysfs_dir("bus"));
	if (!p->dir) {
		err = -EEXIST;
		goto free;
	}
	p->devices_dir = kobject_create_and_add("devices", p->dir);
	p->drivers_dir = kobject_create_and_add("drivers", p->dir);
	if (!p->devices_dir || !p->drivers_dir)
		goto put;
	err = sysfs_create_groups(p->dir, bus->bus_groups);
	if (err)
		goto put;
	bus->p = p;
	return 0;
put:
	kobject_put(p->drivers_dir);
	kobject_put(p->devices_dir);
	kobject_put(p->dir);
free:
	free(p);
	return err;
}
EXPORT_SYMBOL(bus_register);

void bus_unregister(struct bus_type *bus)
{
	struct subsys_private *p = bus->p;

	if (!p)
		return;
	/* A bug of its module, as on Linux; here the entries left are
	 * unlinked, so their later removal touches no freed list. */
	pthread_mutex_lock(&lock);
	if (!kapi_list_empty(&p->devices) || !kapi_list_empty(&p->drivers))
		kapi_warn("bus '%s': unregistered with devices or drivers on it\n", bus->name);
	while (!kapi_list_empty(&p->devices))
		kapi_list_del_init(p->devices.next);
	while (!kapi_list_empty(&p->drivers))
		kapi_list_del_init(p->drivers.next);
	bus->p = NULL;
	pthread_mutex_unlock(&lock);
	kobject_put(p->drivers_dir);
	kobject_put(p->devices_dir);
	kobject_put(p->dir);
	free(p);
}
EXPORT_SYMBOL(bus_unregister);

/* ---- Binding ---- */

struct probe_call {
	struct device *dev;
	struct device_driver *drv;
	int ret;
};

static void run_match(void *p)
{
	struct probe_call *c = p;

	c->ret = c->dev->bus->match(c->dev, c->drv);
}

static void run_probe(void *p)
{
	struct probe_call *c = p;

	c->ret = c->dev->bus->probe ? c->dev->bus->probe(c->dev) : c->drv->probe(c->dev);
}

static void run_remove(void *p)
{
	struct probe_call *c = p;

	if (c->dev->bus->remove)
		c->dev->bus->remove(c->dev);
	else if (c->drv->remove)
		c->drv->remove(c->dev);
}

/* driver_match_device: no match function matches everything. */
static bool matches(struct device *dev, struct device_driver *drv)
{
	struct probe_call c = { dev, drv, 1 };

	if (dev->bus->match &&
	    kapi_call_module(dev->bus->match, "match", run_match, &c))
		return false;
	return c.ret > 0;
}

int sysfs_create_link(struct kobject *kobj, struct kobject *target, const char *name);
void sysfs_remove_link(struct kobject *kobj, const char *name);

/* driver_sysfs_add and _remove: the driver's link to the device and
 * the device's "driver". */
static int driver_sysfs_add(struct device *dev, struct device_driver *drv)
{
	int err = sysfs_create_link(drv->p->dir, &dev->kobj, dev->kobj.name);

	if (!err) {
		err = sysfs_create_link(&dev->kobj, drv->p->dir, "driver");
		if (err)
			sysfs_remove_link(drv->p->dir, dev->kobj.name);
	}
	return err;
}

static void driver_sysfs_remove(struct device *dev, struct device_driver *drv)
{
	sysfs_remove_link(drv->p->dir, dev->kobj.name);
	sysfs_remove_link(&dev->kobj, "driver");
}

/* really_probe: bound while the probe runs, unbound if it fails. */
static int probe(struct device *dev, struct device_driver *drv)
{
	struct probe_call c = { dev, drv, 0 };
	void *code = dev->bus->probe ? (void *)dev->bus->probe : (void *)drv->probe;

	if (__atomic_load_n(&dev->driver, __ATOMIC_RELAXED))
		return -EBUSY;
	dev->driver = drv;
	c.ret = driver_sysfs_add(dev, drv);
	if (!c.ret && code && kapi_call_module(code, "probe", run_probe, &c))
		c.ret = -EFAULT;
	if (c.ret) {
		driver_sysfs_remove(dev, drv);
		devres_release_all(dev);
		dev->driver = NULL;
		if (c.ret != -ENODEV && c.ret != -ENXIO)
			kapi_printk(KERN_WARNING "%s: probe of %s failed with error %d\n",
				    drv->name, dev_name(dev), c.ret);
	}
	return c.ret;
}

void device_release_driver(struct device *dev)
{
	struct device_driver *drv = dev->driver;
	struct probe_call c = { dev, drv, 0 };

	if (!drv)
		return;
	if (dev->bus->remove || drv->remove)
		kapi_call_module(dev->bus->remove ? (void *)dev->bus->remove
						  : (void *)drv->remove,
				 "remove", run_remove, &c);
	devres_release_all(dev);
	driver_sysfs_remove(dev, drv);
	dev->driver = NULL;
}
EXPORT_SYMBOL(device_release_driver);

/* The nth entry of a list, referenced, or NULL past its end: walks that
 * drop the lock around module code. */
static struct device *nth_device(struct subsys_private *sp, int n)
{
	struct device *dev = NULL;

	pthread_mutex_lock(&lock);
	for (struct list_head *l = sp->devices.next; l != &sp->devices; l = l->next)
		if (!n--) {
			dev = container_of(l, struct device_private, node)->dev;
			kobject_get(&dev->kobj);
			break;
		}
	pthread_mutex_unlock(&lock);
	return dev;
}

static struct device_driver *nth_driver(struct subsys_private *sp, int n)
{
	struct device_driver *drv = NULL;

	pthread_mutex_lock(&lock);
	for (struct list_head *l = sp->drivers.next; l != &sp->drivers; l = l->next)
		if (!n--) {
			drv = container_of(l, struct driver_private, node)->drv;
			break;
		}
	pthread_mutex_unlock(&lock);
	return drv;
}

/* ---- Devices on a bus (device_add, device_del) ---- */

int kapi_bus_add_device(struct device *dev)
{
	struct device_private *p;
	int err;

	if (!dev->bus)
		return 0;
	if (!dev->bus->p) {
		kapi_printk(KERN_ERR "%s: bus '%s' is not registered\n",
			    dev_name(dev), dev->bus->name);
		return -EINVAL;
	}
	err = sysfs_create_groups(&dev->kobj, dev->bus->dev_groups);
	if (err)
		return err;
	err = sysfs_create_link(dev->bus->p->devices_dir, &dev->kobj, dev->kobj.name);
	if (err)
		goto groups;
	err = sysfs_create_link(&dev->kobj, dev->bus->p->dir, "subsystem");
	if (err)
		goto link;
	p = calloc(1, sizeof(*p));
	err = -ENOMEM;
	if (!p)
		goto subsystem;
	p->dev = dev;
	dev->p = p;
	pthread_mutex_lock(&lock);
	kapi_list_add_tail(&p->node, &dev->bus->p->devices);
	pthread_mutex_unlock(&lock);
	return 0;
subsystem:
	sysfs_remove_link(&dev->kobj, "subsystem");
link:
	sysfs_remove_link(dev->bus->p->devices_dir, dev->kobj.name);
groups:
	sysfs_remove_groups(&dev->kobj, dev->bus->dev_groups);
	return err;
}

/* bus_probe_device: the first driver of the bus that matches and binds. */
void kapi_bus_probe_device(struct device *dev)
{
	struct device_driver *drv;

	if (!dev->bus || !dev->bus->p)
		return;
	for (int i = 0; (drv = nth_driver(dev->bus->p, i)); i++)
		if (matches(dev, drv) && !probe(dev, drv))
			return;
}

void kapi_bus_remove_device(struct device *dev)
{
	struct device_private *p = dev->p;

	if (!dev->bus || !p)
		return;
	device_release_driver(dev);
	pthread_mutex_lock(&lock);
	kapi_list_del_init(&p->node);
	pthread_mutex_unlock(&lock);
	sysfs_remove_link(&dev->kobj, "subsystem");
	sysfs_remove_link(dev->bus->p->devices_dir, dev->kobj.name);
	dev->p = NULL;
	free(p);
}

int bus_for_each_dev(struct bus_type *bus, struct device *start, void *data,
		     int (*fn)(struct device *dev, void *data))
{
	struct device *dev;
	bool started = !start;
	int err = 0;

	if (!bus || !bus->p)
		return -EINVAL;
	for (int i = 0; !err && (dev = nth_device(bus->p, i)); i++) {
		if (started)
			err = fn(dev, data);
		started |= dev == start;
		kobject_put(&dev->kobj);
	}
	return err;
}
EXPORT_SYMBOL(bus_for_each_dev);

struct device *bus_find_device(struct bus_type *bus, struct device *start,
			       const void *data,
			       int (*match)(struct device *dev, const void *data))
{
	struct device *dev;
	bool started = !start;

	if (!bus || !bus->p)
		return NULL;
	for (int i = 0; (dev = nth_device(bus->p, i)); i++) {
		if (started && match(dev, data))
			return dev;
		started |= dev == start;
		kobject_put(&dev->kobj);
	}
	return NULL;
}
EXPORT_SYMBOL(bus_find_device);

int bus_for_each_drv(struct bus_type *bus, struct device_driver *start, void *data,
		     int (*fn)(struct device_driver *drv, void *data))
{
	struct device_driver *drv;
	bool started = !start;
	int err = 0;

	if (!bus || !bus->p)
		return -EINVAL;
	for (int i = 0; !err && (drv = nth_driver(bus->p, i)); i++) {
		if (started)
			err = fn(drv, data);
		started |= drv == start;
	}
	return err;
}
EXPORT_SYMBOL(bus_for_each_drv);

/* ---- Drivers ---- */

struct device_driver *driver_find(const char *name, struct bus_type *bus)
{
	struct device_driver *drv;

	if (!bus->p)
		return NULL;
	for (int i = 0; (drv = nth_driver(bus->p, i)); i++)
		if (!strcmp(drv->name, name))
			return drv;
	return NULL;
}
EXPORT_SYMBOL(driver_find);

/* driver_attach: every unbound device of the bus that matches. */
static void attach(struct device_driver *drv)
{
	struct device *dev;

	for (int i = 0; (dev = nth_device(drv->bus->p, i)); i++) {
		if (!dev->driver && matches(dev, drv))
			probe(dev, drv);
		kobject_put(&dev->kobj);
	}
}

int driver_register(struct device_driver *drv)
{
	struct driver_private *p;
	int err;

	if (!drv->bus || !drv->bus->p) {
		kapi_printk(KERN_ERR "Driver '%s' was unable to register with bus_type '%s' because the bus was not initialized.\n",
			    drv->name, drv->bus ? drv->bus->name : "");
		return -EINVAL;
	}
	if (driver_find(drv->name, drv->bus)) {
		kapi_printk(KERN_ERR "Error: Driver '%s' is already registered, aborting...\n",
			    drv->name);
		return -EBUSY;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->drv = drv;
	p->dir = kobject_create_and_add(drv->name, drv->bus->p->drivers_dir);
	err = -ENOMEM;
	if (!p->dir)
		goto free;
	err = sysfs_create_groups(p->dir, drv->groups);
	if (err)
		goto put;
	drv->p = p;
	pthread_mutex_lock(&lock);
	kapi_list_add_tail(&p->node, &drv->bus->p->drivers);
	pthread_mutex_unlock(&lock);
	attach(drv);
	return 0;
put:
	kobject_put(p->dir);
free:
	free(p);
	return err;
}
EXPORT_SYMBOL(driver_register);

/* Detached from each device it drives, then off its bus. */
void driver_unregister(struct device_driver *drv)
{
	struct driver_private *p = drv ? drv->p : NULL;
	struct device *dev;

	if (!p) {
		kapi_warn("Unexpected driver unregister!\n");
		return;
	}
	for (int i = 0; drv->bus->p && (dev = nth_device(drv->bus->p, i)); i++) {
		if (dev->driver == drv)
			device_release_driver(dev);
		kobject_put(&dev->kobj);
	}
	pthread_mutex_lock(&lock);
	kapi_list_del_init(&p->node);
	pthread_mutex_unlock(&lock);
	drv->p = NULL;
	kobject_put(p->dir);
	free(p);
}
EXPORT_SYMBOL(driver_unregister);
