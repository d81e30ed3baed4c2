// SPDX-License-Identifier: MIT
/*
 * device.c - struct device's life, as drivers/base/core.c leads it, on
 * sysfs.c's kobjects: device_initialize gives the reference count,
 * device_add puts the device in sysfs (where device_glue.c says), on its bus
 * and probes the bus's drivers for it; device_del undoes that; the last
 * put_device releases its devres and calls the release of the device,
 * its type or its class, as device_release does.  Also dev_set_name,
 * dev_driver_string, device attribute files, and classes registered by
 * __class_register (class_create's are chrdev.c's).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "device.h"

char *kvasprintf(gfp_t flags, const char *fmt, va_list ap);
void __mutex_init(struct mutex *lock, const char *name, void *key);

/* ---- Attributes: the device's show and store, under the guard ---- */

struct attr_call {
	struct device *dev;
	struct device_attribute *attr;
	char *buf;
	const char *cbuf;
	size_t count;
	ssize_t ret;
};

static void run_show(void *p)
{
	struct attr_call *c = p;

	c->ret = c->attr->show(c->dev, c->attr, c->buf);
}

static void run_store(void *p)
{
	struct attr_call *c = p;

	c->ret = c->attr->store(c->dev, c->attr, c->cbuf, c->count);
}

static ssize_t dev_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct attr_call c = { container_of(kobj, struct device, kobj),
			       (struct device_attribute *)attr, buf, NULL, 0, -EIO };

	if (c.attr->show && kapi_call_module(c.attr->show, "show", run_show, &c))
		return -EFAULT;
	return c.ret;
}

static ssize_t dev_attr_store(struct kobject *kobj, struct attribute *attr,
			      const char *buf, size_t count)
{
	struct attr_call c = { container_of(kobj, struct device, kobj),
			       (struct device_attribute *)attr, NULL, buf, count, -EIO };

	if (c.attr->store && kapi_call_module(c.attr->store, "store", run_store, &c))
		return -EFAULT;
	return c.ret;
}

static const struct sysfs_ops dev_sysfs_ops = {
	.show = dev_attr_show,
	.store = dev_attr_store,
};

int device_create_file(struct device *dev, const struct device_attribute *attr)
{
	return dev ? sysfs_create_file_ns(&dev->kobj, &attr->attr, NULL) : 0;
}
EXPORT_SYMBOL(device_create_file);

void device_remove_file(struct device *dev, const struct device_attribute *attr)
{
	if (dev)
		sysfs_remove_file_ns(&dev->kobj, &attr->attr, NULL);
}
EXPORT_SYMBOL(device_remove_file);

int device_add_groups(struct device *dev, const struct attribute_group **groups)
{
	return sysfs_create_groups(&dev->kobj, groups);
}
EXPORT_SYMBOL(device_add_groups);

void device_remove_groups(struct device *dev, const struct attribute_group **groups)
{
	sysfs_remove_groups(&dev->kobj, groups);
}
EXPORT_SYMBOL(device_remove_groups);

/* ---- Release: the last reference ---- */

struct release_call {
	void (*release)(struct device *dev);
	struct device *dev;
};

static void run_release(void *p)
{
	struct release_call *c = p;

	c->release(c->dev);
}

/* device_release's order: devres first, then whichever release the
 * device has; the name, which kobject_cleanup frees after, last. */
static void device_release(struct kobject *kobj)
{
	struct device *dev = container_of(kobj, struct device, kobj);
	const char *name = kobj->name;
	struct release_call c = { NULL, dev };

	devres_release_all(dev);
	if (dev->release)
		c.release = dev->release;
	else if (dev->type && dev->type->release)
		c.release = dev->type->release;
	else if (dev->class && dev->class->dev_release)
		c.release = dev->class->dev_release;
	if (c.release)
		kapi_call_module(c.release, "device release", run_release, &c);
	else
		kapi_warn("Device '%s' does not have a release() function, it is broken and must be fixed. See Documentation/core-api/kobject.rst.\n",
			  name ? name : "");
}

static const struct kobj_type device_ktype = {
	.release = device_release,
	.sysfs_ops = &dev_sysfs_ops,
};

/* ---- Names ---- */

static int set_name_vargs(struct device *dev, const char *fmt, va_list ap)
{
	char *name = kvasprintf(GFP_KERNEL, fmt, ap);

	if (!name)
		return -ENOMEM;
	for (char *s = name; (s = strchr(s, '/')); )
		*s = '!';	/* sysfs names hold no slash */
	kfree(dev->kobj.name);
	dev->kobj.name = name;
	return 0;
}

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = set_name_vargs(dev, fmt, ap);
	va_end(ap);
	return err;
}
EXPORT_SYMBOL(dev_set_name);

const char *dev_driver_string(const struct device *dev)
{
	return kapi_driver_string(dev);
}
EXPORT_SYMBOL(dev_driver_string);

/* ---- The life of a device ---- */

/* A name set before (dev_set_name, then device_register) stays, as
 * Linux's kobject_init leaves it. */
void device_initialize(struct device *dev)
{
	const char *name = dev->kobj.name;

	kobject_init(&dev->kobj, &device_ktype);
	dev->kobj.name = name;
	__mutex_init(&dev->mutex, "&dev->mutex", NULL);
	kapi_list_init(&dev->dma_pools);
	kapi_list_init(&dev->devres_head);
	dev->devres_lock.val = 0;
	dev->numa_node = -1;
	dev->p = NULL;
	kapi_pm_runtime_init(dev);
}
EXPORT_SYMBOL(device_initialize);

struct device *get_device(struct device *dev)
{
	return dev ? container_of(kobject_get(&dev->kobj), struct device, kobj) : NULL;
}
EXPORT_SYMBOL(get_device);

void put_device(struct device *dev)
{
	if (dev)
		kobject_put(&dev->kobj);
}
EXPORT_SYMBOL(put_device);

/* The name device_add gives: init_name, or the bus's dev_name and id. */
static int device_name(struct device *dev)
{
	int err = 0;

	if (dev->init_name) {
		err = dev_set_name(dev, "%s", dev->init_name);
		dev->init_name = NULL;
	} else if (!dev->kobj.name && dev->bus && dev->bus->dev_name) {
		err = dev_set_name(dev, "%s%u", dev->bus->dev_name, dev->id);
	}
	if (!err && !dev->kobj.name)
		err = -EINVAL;
	return err;
}

static int add_groups(struct device *dev)
{
	int err = 0;

	if (dev->class && dev->class->dev_groups)
		err = sysfs_create_groups(&dev->kobj, dev->class->dev_groups);
	if (!err && dev->type && dev->type->groups)
		err = sysfs_create_groups(&dev->kobj, dev->type->groups);
	if (!err && dev->groups)
		err = sysfs_create_groups(&dev->kobj, dev->groups);
	return err;
}

int sysfs_create_link(struct kobject *kobj, struct kobject *target, const char *name);
void sysfs_remove_link(struct kobject *kobj, const char *name);

/* device_add_class_symlinks: the device in /sys/class/NAME, its
 * "subsystem" and its "device" (the parent).  Classes of class_create
 * (chrdev.c's) have no directory, so no links. */
static struct kobject *class_dir(struct device *dev)
{
	return dev->class ? (struct kobject *)dev->class->p : NULL;
}

static int add_class_links(struct device *dev)
{
	struct kobject *dir = class_dir(dev);
	int err;

	if (!dir)
		return 0;
	err = sysfs_create_link(&dev->kobj, dir, "subsystem");
	if (err)
		return err;
	if (dev->parent) {
		err = sysfs_create_link(&dev->kobj, &dev->parent->kobj, "device");
		if (err)
			goto subsystem;
	}
	err = sysfs_create_link(dir, &dev->kobj, dev->kobj.name);
	if (!err)
		return 0;
	sysfs_remove_link(&dev->kobj, "device");
subsystem:
	sysfs_remove_link(&dev->kobj, "subsystem");
	return err;
}

static void remove_class_links(struct device *dev)
{
	struct kobject *dir = class_dir(dev);

	if (!dir)
		return;
	sysfs_remove_link(dir, dev->kobj.name);
	sysfs_remove_link(&dev->kobj, "device");
	sysfs_remove_link(&dev->kobj, "subsystem");
}

int device_add(struct device *dev)
{
	struct kobject *parent = NULL;
	int err;

	dev = get_device(dev);
	if (!dev)
		return -EINVAL;
	err = device_name(dev);
	if (err) {
		kapi_printk(KERN_ERR "%s: device_add: no name for the device\n",
			    dev->bus ? dev->bus->name : "device");
		goto put;
	}
	parent = kapi_device_parent_dir(dev);
	err = parent ? kobject_add(&dev->kobj, parent, "%s", dev->kobj.name) : -ENOMEM;
	if (err)
		goto glue;
	err = add_class_links(dev);
	if (err)
		goto del;
	err = add_groups(dev);
	if (err)
		goto links;
	err = kapi_bus_add_device(dev);
	if (err)
		goto links;
	kapi_bus_probe_device(dev);
	return 0;
links:
	remove_class_links(dev);
del:
	kobject_del(&dev->kobj);
glue:
	if (parent)
		kapi_device_put_parent_dir(dev);
put:
	put_device(dev);
	return err;
}
EXPORT_SYMBOL(device_add);

int device_register(struct device *dev)
{
	device_initialize(dev);
	return device_add(dev);
}
EXPORT_SYMBOL(device_register);

/* Off its bus (its driver detached), out of sysfs; device_add's
 * reference dropped. */
void device_del(struct device *dev)
{
	kapi_bus_remove_device(dev);
	remove_class_links(dev);
	kobject_del(&dev->kobj);
	kapi_device_put_parent_dir(dev);
	put_device(dev);
}
EXPORT_SYMBOL(device_del);

void device_unregister(struct device *dev)
{
	device_del(dev);
	put_device(dev);
}
EXPORT_SYMBOL(device_unregister);

/* ---- Classes registered by their module ---- */

struct subsys_private;

int __class_register(struct class *cls, void *key)
{
	struct kobject *dir;
	int err;

	(void)key;
	dir = kobject_create_and_add(cls->name, kapi_sysfs_dir("class"));
	if (!dir)
		return -EEXIST;
	err = sysfs_create_groups(dir, cls->class_groups);
	if (err) {
		kobject_put(dir);
		return err;
	}
	cls->p = (struct subsys_private *)dir;
	return 0;
}
EXPORT_SYMBOL(__class_register);

void class_unregister(struct class *cls)
{
	struct kobject *dir = (struct kobject *)cls->p;

	if (!dir)
		return;
	cls->p = NULL;
	kobject_put(dir);
	if (cls->class_release)
		cls->class_release(cls);
}
EXPORT_SYMBOL(class_unregister);
