/* SPDX-License-Identifier: MIT */
/*
 * device.h - the device model's structures as Debian 6.1's modules
 * compile against them (offsets from the kernel's BTF), shared by
 * device.c (devices, classes, devres), bus.c (buses and drivers) and
 * driver_bus.c (PCI, I2C and platform registration).
 */
#ifndef KAPI_DEVICE_H
#define KAPI_DEVICE_H

#include <stddef.h>
#include <sys/types.h>

#include "kernel.h"

/* sysfs.c's kobject, used only through its API: the name comes first. */
struct kobject {
	const char *name;
	char rest[56];
};

struct attribute {
	const char *name;
	unsigned short mode;
};
/* Linux's attribute_group; its visibility callbacks go unused here. */
struct attribute_group {
	const char *name;
	void *is_visible, *is_bin_visible;
	struct attribute **attrs;
	void *bin_attrs;
};

struct kobj_type {
	void (*release)(struct kobject *kobj);
	const struct sysfs_ops *sysfs_ops;
	const struct attribute_group **default_groups;
	void *child_ns_type, *namespace, *get_ownership;
};

struct sysfs_ops {
	ssize_t (*show)(struct kobject *, struct attribute *, char *);
	ssize_t (*store)(struct kobject *, struct attribute *, const char *, size_t);
};

void kobject_init(struct kobject *kobj, const struct kobj_type *ktype);
int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...);
struct kobject *kobject_create_and_add(const char *name, struct kobject *parent);
struct kobject *kobject_get(struct kobject *kobj);
void kobject_put(struct kobject *kobj);
void kobject_del(struct kobject *kobj);
int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups);
void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups);
int sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns);
void sysfs_remove_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns);

struct device;
struct device_driver;

/* Linux's device_attribute: the device's show and store. */
struct device_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr, char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count);
};

struct bus_type {
	const char *name;
	const char *dev_name;
	struct device *dev_root;
	const struct attribute_group **bus_groups, **dev_groups, **drv_groups;
	int (*match)(struct device *dev, struct device_driver *drv);
	int (*uevent)(struct device *dev, void *env);
	int (*probe)(struct device *dev);
	void (*sync_state)(struct device *dev);
	void (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);
	void *online, *offline, *suspend, *resume, *num_vf;
	void *dma_configure, *dma_cleanup, *pm, *iommu_ops;
	struct subsys_private *p;
	bool need_parent_lock;
};
KAPI_LAYOUT(sizeof(struct bus_type) == 0xb8, "Linux 6.1's struct bus_type");
KAPI_LAYOUT(offsetof(struct bus_type, p) == 0xa8, "bus_type.p");

struct device_driver {
	const char *name;
	struct bus_type *bus;
	struct module *owner;
	const char *mod_name;
	bool suppress_bind_attrs;
	int probe_type;
	const void *of_match_table, *acpi_match_table;
	int (*probe)(struct device *dev);
	void (*sync_state)(struct device *dev);
	int (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);
	void *suspend, *resume;
	const struct attribute_group **groups, **dev_groups;
	const void *pm;
	void *coredump;
	struct driver_private *p;
};
KAPI_LAYOUT(sizeof(struct device_driver) == 0x90, "Linux 6.1's struct device_driver");

struct class {
	const char *name;
	struct module *owner;
	const struct attribute_group **class_groups, **dev_groups;
	struct kobject *dev_kobj;
	void *dev_uevent, *devnode;
	void (*class_release)(struct class *cls);
	void (*dev_release)(struct device *dev);
	void *shutdown_pre, *ns_type, *namespace, *get_ownership, *pm;
	struct subsys_private *p;
};
KAPI_LAYOUT(sizeof(struct class) == 0x78, "Linux 6.1's struct class");

struct device_type {
	const char *name;
	const struct attribute_group **groups;
	void *uevent, *devnode;
	void (*release)(struct device *dev);
	const void *pm;
};

struct device {
	struct kobject kobj;
	struct device *parent;
	struct device_private *p;
	const char *init_name;
	const struct device_type *type;
	struct bus_type *bus;
	struct device_driver *driver;
	void *platform_data;
	void *driver_data;
	struct mutex mutex;
	char links_power_pm_msi[0x238 - 0xa0];	/* not kept here */
	const void *dma_ops;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	u64 bus_dma_limit;
	const void *dma_range_map;
	void *dma_parms;
	struct list_head dma_pools;
	void *dma_io_tlb_mem;
	void *of_node, *fwnode;
	int numa_node;
	u32 devt;
	u32 id;
	raw_spinlock_t devres_lock;
	struct list_head devres_head;
	struct class *class;
	const struct attribute_group **groups;
	void (*release)(struct device *dev);
	void *iommu_group, *iommu, *physical_location;
	int removable;
	u8 bits;		/* offline_disabled, offline... */
	unsigned long flags;
};
KAPI_LAYOUT(sizeof(struct device) == 0x2f0, "Linux 6.1's struct device");
KAPI_LAYOUT(offsetof(struct device, mutex) == 0x80, "device.mutex");
KAPI_LAYOUT(offsetof(struct device, dma_mask) == 0x240, "device.dma_mask");
KAPI_LAYOUT(offsetof(struct device, dma_pools) == 0x268, "device.dma_pools");
KAPI_LAYOUT(offsetof(struct device, numa_node) == 0x290, "device.numa_node");
KAPI_LAYOUT(offsetof(struct device, devres_head) == 0x2a0, "device.devres_head");
KAPI_LAYOUT(offsetof(struct device, release) == 0x2c0, "device.release");
KAPI_LAYOUT(offsetof(struct device, removable) == 0x2e0, "device.removable");
KAPI_LAYOUT(offsetof(struct device, flags) == 0x2e8, "device.flags");

#define container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name ? dev->init_name : dev->kobj.name;
}

/* dev_driver_string's answer, for the files device.c calls. */
static inline const char *kapi_driver_string(const struct device *dev)
{
	struct device_driver *drv = __atomic_load_n(&dev->driver, __ATOMIC_RELAXED);

	if (drv)
		return drv->name;
	if (dev->bus)
		return dev->bus->name;
	return dev->class ? dev->class->name : "";
}

/* device_dirs.c: /sys/devices, /sys/devices/virtual, /sys/class, /sys/bus. */
struct kobject *kapi_sysfs_dir(const char *name);

/* device_glue.c: the directory a device goes in (a glue directory of
 * its class for a class device), and its release at device_del. */
struct kobject *kapi_device_parent_dir(struct device *dev);
void kapi_device_put_parent_dir(struct device *dev);

/* device.c */
struct device *get_device(struct device *dev);
void put_device(struct device *dev);
const char *dev_driver_string(const struct device *dev);
/* device_devres.c: resources released with the device, newest first */
typedef void dr_release_t(struct device *dev, void *res);
typedef int dr_match_t(struct device *dev, void *res, void *match_data);
void *__devres_alloc_node(dr_release_t *release, size_t size, gfp_t gfp,
			  int nid, const char *name);
void devres_add(struct device *dev, void *res);
void devres_free(void *res);
void *devres_find(struct device *dev, dr_release_t *release, dr_match_t *match,
		  void *match_data);
void devres_release_all(struct device *dev);
/* device_pm.c: runtime PM's initial state, disabled once. */
void kapi_pm_runtime_init(struct device *dev);

/* bus.c: a device joins and leaves its bus (device_add, device_del). */
int kapi_bus_add_device(struct device *dev);
void kapi_bus_probe_device(struct device *dev);
void kapi_bus_remove_device(struct device *dev);
int driver_register(struct device_driver *drv);
void driver_unregister(struct device_driver *drv);
int bus_register(struct bus_type *bus);
void device_release_driver(struct device *dev);

#endif /* KAPI_DEVICE_H */
