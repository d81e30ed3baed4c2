// SPDX-License-Identifier: MIT
/*
 * device_hwmon.c - hardware monitoring devices, as drivers/hwmon/hwmon.c
 * registers them: a device "hwmonN" of class hwmon under the sensor's
 * device, with a "name" file, the driver's attribute groups and, for
 * the _with_info form, the standard attributes its chip description
 * asks for (temp1_input, in0_max, fan1_alarm, pwm1...: hwmon's sysfs
 * ABI names), each shown if the chip's is_visible gives it a mode and
 * read, read_string and write through its ops.  Its drvdata is the
 * driver's; the devm_ forms unregister it when the sensor's driver
 * detaches.  No thermal zones (register_tz), no "label" property.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "device.h"

int device_register(struct device *dev);
void device_unregister(struct device *dev);
int dev_set_name(struct device *dev, const char *fmt, ...);
int __class_register(struct class *cls, void *key);
int sysfs_emit(char *buf, const char *fmt, ...);

struct hwmon_chip_info;
struct attribute_group *kapi_hwmon_chip_group(const void *drvdata,
					      const struct hwmon_chip_info *chip);
void kapi_hwmon_free_group(struct attribute_group *group);

struct hwmon_device {
	const char *name;
	struct device dev;
	int id;
	struct attribute_group *chip_group;	/* the _with_info attributes */
	const struct attribute_group *groups[];	/* ours first, the driver's */
};

static struct ida hwmon_ida;

/* ---- The name file, and the class ---- */

static ssize_t name_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", container_of(dev, struct hwmon_device, dev)->name);
}

static struct device_attribute name_attr = { { "name", 0444 }, name_show, NULL };
static struct attribute *name_attrs[] = { &name_attr.attr, NULL };
static const struct attribute_group name_group = { .attrs = name_attrs };

static void hwmon_release(struct device *dev)
{
	struct hwmon_device *hw = container_of(dev, struct hwmon_device, dev);

	kapi_hwmon_free_group(hw->chip_group);
	kfree(hw);
}

static struct class hwmon_class = { .name = "hwmon", .dev_release = hwmon_release };
static pthread_once_t class_once = PTHREAD_ONCE_INIT;

static void register_class(void)
{
	__class_register(&hwmon_class, NULL);
}

/* ---- Registration ---- */

static struct hwmon_device *hwmon_alloc(const char *name, void *drvdata,
					 const struct hwmon_chip_info *chip,
					 const struct attribute_group **groups)
{
	size_t n = 0, g = 0;
	struct hwmon_device *hw;

	while (groups && groups[n])
		n++;
	hw = __kmalloc(sizeof(*hw) + (n + 3) * sizeof(*hw->groups), GFP_KERNEL | __GFP_ZERO);
	if (!hw)
		return ERR_PTR(-ENOMEM);
	hw->name = name;
	if (name)
		hw->groups[g++] = &name_group;
	if (chip) {
		hw->chip_group = kapi_hwmon_chip_group(drvdata, chip);
		if (IS_ERR(hw->chip_group)) {
			void *err = hw->chip_group;

			kfree(hw);
			return err;
		}
		hw->groups[g++] = hw->chip_group;
	}
	if (n)
		memcpy(hw->groups + g, groups, n * sizeof(*groups));
	return hw;
}

/* __hwmon_device_register: an invalid name is only complained about,
 * as since Linux 5.19. */
static struct device *hwmon_register(struct device *dev, const char *name, void *drvdata,
				     const struct hwmon_chip_info *chip,
				     const struct attribute_group **groups)
{
	struct hwmon_device *hw;
	int id, err;

	if (name && (!*name || strpbrk(name, "-* \t\n")))
		kapi_printk(KERN_WARNING "%s %s: hwmon: '%s' is not a valid name attribute, please fix\n",
			    dev ? dev_driver_string(dev) : "", dev ? dev_name(dev) : "(NULL device *)",
			    name);
	pthread_once(&class_once, register_class);
	id = ida_alloc_range(&hwmon_ida, 0, 0x7fffffff, GFP_KERNEL);
	if (id < 0)
		return ERR_PTR(id);
	hw = hwmon_alloc(name, drvdata, chip, groups);
	if (IS_ERR(hw)) {
		ida_free(&hwmon_ida, id);
		return (void *)hw;
	}
	hw->id = id;
	hw->dev.class = &hwmon_class;
	hw->dev.parent = dev;
	hw->dev.groups = hw->groups;
	hw->dev.driver_data = drvdata;
	dev_set_name(&hw->dev, "hwmon%d", id);
	err = device_register(&hw->dev);
	if (err) {
		put_device(&hw->dev);
		ida_free(&hwmon_ida, id);
		return ERR_PTR(err);
	}
	return &hw->dev;
}

struct device *hwmon_device_register_with_groups(struct device *dev, const char *name,
						 void *drvdata,
						 const struct attribute_group **groups)
{
	if (!name)
		return ERR_PTR(-EINVAL);
	return hwmon_register(dev, name, drvdata, NULL, groups);
}
EXPORT_SYMBOL(hwmon_device_register_with_groups);

struct device *hwmon_device_register(struct device *dev)
{
	kapi_printk(KERN_WARNING "%s %s: hwmon_device_register() is deprecated. Please convert the driver to use hwmon_device_register_with_info().\n",
		    dev ? dev_driver_string(dev) : "", dev ? dev_name(dev) : "(NULL device *)");
	return hwmon_register(dev, NULL, NULL, NULL, NULL);
}
EXPORT_SYMBOL(hwmon_device_register);

void hwmon_device_unregister(struct device *dev)
{
	int id = container_of(dev, struct hwmon_device, dev)->id;

	device_unregister(dev);
	ida_free(&hwmon_ida, id);
}
EXPORT_SYMBOL(hwmon_device_unregister);

static void devm_hwmon_release(struct device *dev, void *res)
{
	hwmon_device_unregister(*(struct device **)res);
}

/* The devres slot for a hwmon device about to be registered: made first,
 * as Linux's, so that no failure follows the registration. */
static struct device **devm_hwmon_slot(struct device *dev)
{
	struct device **ptr;

	if (!dev)
		return ERR_PTR(-EINVAL);
	ptr = __devres_alloc_node(devm_hwmon_release, sizeof(*ptr), GFP_KERNEL, -1,
				  "devm_hwmon_release");
	return ptr ? ptr : ERR_PTR(-ENOMEM);
}

/* The registration's device, kept in its slot; or its error, the slot freed. */
static struct device *devm_hwmon_keep(struct device *dev, struct device **ptr,
				      struct device *hwdev)
{
	if (IS_ERR(hwdev)) {
		devres_free(ptr);
		return hwdev;
	}
	*ptr = hwdev;
	devres_add(dev, ptr);
	return hwdev;
}

struct device *devm_hwmon_device_register_with_groups(struct device *dev, const char *name,
						      void *drvdata,
						      const struct attribute_group **groups)
{
	struct device **ptr = devm_hwmon_slot(dev);

	if (IS_ERR(ptr))
		return (struct device *)ptr;
	return devm_hwmon_keep(dev, ptr,
			       hwmon_device_register_with_groups(dev, name, drvdata, groups));
}
EXPORT_SYMBOL(devm_hwmon_device_register_with_groups);

struct hwmon_ops {
	void *is_visible, *read, *read_string, *write;
};

struct hwmon_chip_info {
	const struct hwmon_ops *ops;
	const void *info;
};

struct device *hwmon_device_register_with_info(struct device *dev, const char *name,
					       void *drvdata,
					       const struct hwmon_chip_info *chip,
					       const struct attribute_group **extra_groups)
{
	if (!name)
		return ERR_PTR(-EINVAL);
	if (chip && (!chip->ops || !chip->ops->is_visible || !chip->info))
		return ERR_PTR(-EINVAL);
	if (chip && !dev)
		return ERR_PTR(-EINVAL);
	return hwmon_register(dev, name, drvdata, chip, extra_groups);
}
EXPORT_SYMBOL(hwmon_device_register_with_info);

struct device *devm_hwmon_device_register_with_info(struct device *dev, const char *name,
						    void *drvdata,
						    const struct hwmon_chip_info *chip,
						    const struct attribute_group **extra_groups)
{
	struct device **ptr = devm_hwmon_slot(dev);

	if (IS_ERR(ptr))
		return (struct device *)ptr;
	return devm_hwmon_keep(dev, ptr, hwmon_device_register_with_info(dev, name, drvdata,
									 chip, extra_groups));
}
EXPORT_SYMBOL(devm_hwmon_device_register_with_info);
