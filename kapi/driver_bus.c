// SPDX-License-Identifier: MIT
/*
 * driver_bus.c - the buses built into Debian's kernel that drivers
 * register with: PCI, platform and SPI, each registered (/sys/bus/pci,
 * /sys/bus/platform, /sys/bus/spi) the first time a driver comes.  A
 * driver registers on its bus as on Linux, appears in
 * /sys/bus/<bus>/drivers, and its probe is not called: no PCI device is
 * ever enumerated on a host without the hardware, no SPI controller is
 * there, and no platform device is added.  I2C is driver_i2c.c's.  platform_driver_probe, which wants a device
 * now, fails with -ENODEV as Linux's does when none bound.  (USB's core
 * is a module of the tree, usbcore.ko, which registers its bus itself.)
 */
#include <errno.h>
#include <stdbool.h>
#include <pthread.h>
#include <string.h>

#include "device.h"

#define EPROBE_DEFER	517

/* Devices of these buses come from their cores' enumeration, which
 * finds nothing here: no match function is ever asked. */
static int no_enumerated_device(struct device *dev, struct device_driver *drv)
{
	return 0;
}

struct bus_type pci_bus_type = { .name = "pci", .match = no_enumerated_device };
EXPORT_SYMBOL(pci_bus_type);
struct bus_type platform_bus_type = { .name = "platform", .match = no_enumerated_device };
EXPORT_SYMBOL(platform_bus_type);
struct bus_type spi_bus_type = { .name = "spi", .match = no_enumerated_device };
EXPORT_SYMBOL(spi_bus_type);

static pthread_once_t buses_once = PTHREAD_ONCE_INIT;

static void register_buses(void)
{
	bus_register(&pci_bus_type);
	bus_register(&platform_bus_type);
	bus_register(&spi_bus_type);
}

static int register_on(struct bus_type *bus, struct device_driver *drv,
		       struct module *owner, const char *mod_name)
{
	pthread_once(&buses_once, register_buses);
	drv->bus = bus;
	drv->owner = owner;
	drv->mod_name = mod_name;
	return driver_register(drv);
}

/* ---- PCI ---- */

struct pci_driver {
	struct list_head node;
	const char *name;
	const void *id_table;
	void *probe, *remove, *suspend, *resume, *shutdown, *sriov_configure;
	void *sriov_set_msix_vec_count, *sriov_get_vf_total_msix, *err_handler;
	const struct attribute_group **groups, **dev_groups;
	struct device_driver driver;
	struct {
		raw_spinlock_t lock;
		struct list_head list;
	} dynids;
	bool driver_managed_dma;
};
KAPI_LAYOUT(offsetof(struct pci_driver, driver) == 0x78, "pci_driver.driver");
KAPI_LAYOUT(sizeof(struct pci_driver) == 0x128, "Linux 6.1's struct pci_driver");

int __pci_register_driver(struct pci_driver *drv, struct module *owner,
			  const char *mod_name)
{
	drv->driver.name = drv->name;
	drv->driver.groups = drv->groups;
	drv->driver.dev_groups = drv->dev_groups;
	drv->dynids.lock.val = 0;
	kapi_list_init(&drv->dynids.list);
	return register_on(&pci_bus_type, &drv->driver, owner, mod_name);
}
EXPORT_SYMBOL(__pci_register_driver);

void pci_unregister_driver(struct pci_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL(pci_unregister_driver);

/* ---- Platform ---- */

struct platform_driver {
	void *probe, *remove, *remove_new, *shutdown, *suspend, *resume;
	struct device_driver driver;
	const void *id_table;
	bool prevent_deferred_probe, driver_managed_dma;
};
KAPI_LAYOUT(offsetof(struct platform_driver, driver) == 0x30, "platform_driver.driver");
KAPI_LAYOUT(sizeof(struct platform_driver) == 0xd0, "Linux 6.1's struct platform_driver");

int __platform_driver_register(struct platform_driver *drv, struct module *owner)
{
	return register_on(&platform_bus_type, &drv->driver, owner, NULL);
}
EXPORT_SYMBOL(__platform_driver_register);

void platform_driver_unregister(struct platform_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL(platform_driver_unregister);

/* All or none, as Linux's: those registered are unregistered again. */
int __platform_register_drivers(struct platform_driver *const *drivers,
				unsigned int count, struct module *owner)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < count && !err; i++)
		err = __platform_driver_register(drivers[i], owner);
	if (!err)
		return 0;
	kapi_printk(KERN_ERR "failed to register platform driver %s: %d\n",
		    drivers[i - 1]->driver.name, err);
	while (--i > 0)
		platform_driver_unregister(drivers[i - 1]);
	return err;
}
EXPORT_SYMBOL(__platform_register_drivers);

void platform_unregister_drivers(struct platform_driver *const *drivers,
				 unsigned int count)
{
	while (count--)
		platform_driver_unregister(drivers[count]);
}
EXPORT_SYMBOL(platform_unregister_drivers);

/* Registered, no device bound, unregistered again: -ENODEV. */
int __platform_driver_probe(struct platform_driver *drv, void *probe,
			    struct module *owner)
{
	int err;

	drv->probe = probe;
	err = __platform_driver_register(drv, owner);
	if (err)
		return err;
	platform_driver_unregister(drv);
	return -ENODEV;
}
EXPORT_SYMBOL(__platform_driver_probe);

/* ---- SPI: no controller, so no device ---- */

struct spi_driver {
	const void *id_table;
	void *probe, *remove, *shutdown;
	struct device_driver driver;
};
KAPI_LAYOUT(sizeof(struct spi_driver) == 0xb0, "Linux 6.1's struct spi_driver");

int __spi_register_driver(struct module *owner, struct spi_driver *sdrv)
{
	return register_on(&spi_bus_type, &sdrv->driver, owner, NULL);
}
EXPORT_SYMBOL(__spi_register_driver);

/* ---- A platform device's resources ---- */

struct resource {
	u64 start, end;
	const char *name;
	unsigned long flags;
	char rest[0x40 - 0x20];
};

struct platform_device {
	const char *name;
	int id;
	bool id_auto;
	struct device dev;
	char dma_and_more[0x318 - 0x300];
	u32 num_resources;
	struct resource *resource;
};
KAPI_LAYOUT(offsetof(struct platform_device, resource) == 0x320, "platform_device.resource");

#define IORESOURCE_IRQ		0x00000400
#define IORESOURCE_DISABLED	0x10000000

/* The num-th IRQ resource; no ACPI or device tree to ask besides. */
int platform_get_irq_optional(struct platform_device *dev, unsigned int num)
{
	for (u32 i = 0; i < dev->num_resources; i++) {
		struct resource *r = &dev->resource[i];

		if (!(r->flags & IORESOURCE_IRQ) || num--)
			continue;
		if (r->flags & IORESOURCE_DISABLED)
			return -ENXIO;
		return r->start ? (int)r->start : -EINVAL;
	}
	return -ENXIO;
}
EXPORT_SYMBOL(platform_get_irq_optional);

int platform_get_irq(struct platform_device *dev, unsigned int num)
{
	int ret = platform_get_irq_optional(dev, num);

	/* dev_err_probe's form; ret is -ENXIO or -EINVAL here */
	if (ret < 0 && ret != -EPROBE_DEFER)
		kapi_printk(KERN_ERR "%s: error %s: IRQ index %u not found\n", dev_name(&dev->dev),
			    ret == -ENXIO ? "-ENXIO" : "-EINVAL", num);
	return ret;
}
EXPORT_SYMBOL(platform_get_irq);
