// SPDX-License-Identifier: MIT
/*
 * test-device: kapi's device model keeps drivers/base's contracts, called
 * as a module calls it on Linux 6.1's layouts: a driver is offered the
 * devices of its bus that its bus's match accepts, whichever registers
 * first; a failed probe leaves the device unbound and its devres
 * released; detaching calls remove and releases managed resources
 * newest first; the device's release runs at the last put_device, not
 * before; dev_set_name before device_register stays; buses, drivers and
 * devices appear in /sys (the registry umodd's FUSE view serves).
 * Runtime PM: a device starts suspended and disabled (-EACCES), and once
 * enabled its type's callbacks run as its usage count falls to zero and
 * rises again.  A sensor's devm_hwmon device is hwmon/hwmonN under it, with its name file,
 * and goes with the sensor.  request_firmware reads the file from the firmware directory a host
 * names, and a missing one is -ENOENT.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <stdio.h>
#include <unistd.h>

#include <umod/linux.h>
#include <umod/kapi.h>
#include <umod/sysfs.h>

#include "tap.h"

/* Linux 6.1's layouts, the parts a driver touches. */
struct device;
struct device_driver {
	const char *name;
	struct bus_type *bus;
	void *owner;
	const char *mod_name;
	bool suppress_bind_attrs;
	int probe_type;
	const void *of_match_table, *acpi_match_table;
	int (*probe)(struct device *dev);
	void (*sync_state)(struct device *dev);
	int (*remove)(struct device *dev);
	void *rest[8];
};
struct bus_type {
	const char *name, *dev_name;
	void *dev_root, *groups[3];
	int (*match)(struct device *dev, struct device_driver *drv);
	void *rest[16];
};
struct device {
	const char *name;	/* kobj.name */
	char kobj_rest[56];
	struct device *parent;
	void *p;
	const char *init_name;
	const struct device_type *type;
	struct bus_type *bus;
	struct device_driver *driver;
	void *platform_data, *driver_data;
	char middle[0x2c0 - 0x80];
	void (*release)(struct device *dev);
	char tail[0x2f0 - 0x2c8];
};
struct dev_pm_ops { void *sleep_ops[20]; int (*runtime_suspend)(struct device *);
		   int (*runtime_resume)(struct device *); int (*runtime_idle)(struct device *); };
struct device_type { const char *name; void *groups, *uevent, *devnode, *release;
		     const struct dev_pm_ops *pm; };
_Static_assert(sizeof(struct bus_type) == 0xb8, "bus_type");
_Static_assert(sizeof(struct device_driver) == 0x90, "device_driver");

int bus_register(struct bus_type *);
void bus_unregister(struct bus_type *);
int driver_register(struct device_driver *);
void driver_unregister(struct device_driver *);
int device_register(struct device *);
void device_unregister(struct device *);
int dev_set_name(struct device *, const char *, ...);
struct device *get_device(struct device *);
void put_device(struct device *);
const char *dev_driver_string(const struct device *);
void *devm_kmalloc(struct device *, size_t, unsigned int);
int __devm_add_action(struct device *, void (*)(void *), void *, const char *);
struct device *devm_hwmon_device_register_with_groups(struct device *, const char *,
						      void *, const void **);
int __pm_runtime_resume(struct device *, int);
int __pm_runtime_idle(struct device *, int);
int __pm_runtime_suspend(struct device *, int);
int __pm_runtime_set_status(struct device *, unsigned int);
void pm_runtime_enable(struct device *);
struct firmware { size_t size; const unsigned char *data; void *priv; };
int request_firmware(const struct firmware **, const char *, struct device *);
void release_firmware(const struct firmware *);

static char trail[256];
static int probe_result;

static void note(const char *what)
{
	strcat(trail, what);
}

/* The bus matches a device to the driver whose name starts the device's. */
static int match(struct device *dev, struct device_driver *drv)
{
	return !strncmp(dev->name, drv->name, strlen(drv->name));
}

static void action_a(void *p) { note("a"); }
static void action_b(void *p) { note("b"); }

static int probe(struct device *dev)
{
	note("P");
	if (!devm_kmalloc(dev, 64, 0xcc0) || __devm_add_action(dev, action_a, NULL, "a") ||
	    __devm_add_action(dev, action_b, NULL, "b"))
		return -ENOMEM;
	return probe_result;
}

static int remove_(struct device *dev)
{
	note("R");
	return 0;
}

static void release(struct device *dev)
{
	note("X");
}

static int pm_suspend(struct device *dev) { note("s"); return 0; }
static int pm_resume(struct device *dev) { note("r"); return 0; }

static bool in_sysfs(const char *path, unsigned int want)
{
	unsigned int mode;

	return umod_sysfs_lookup(path, &mode) == 0 && (mode & S_IFMT) == want;
}

int main(void)
{
	static struct bus_type bus = { .name = "tbus", .match = match };
	static struct device_driver drv = { .name = "tdrv", .bus = &bus,
					    .probe = probe, .remove = remove_ };
	static struct device early, late, other;

	ok(driver_register(&drv) == -EINVAL, "a driver on an unregistered bus is refused (-EINVAL)");
	ok(bus_register(&bus) == 0 && in_sysfs("bus/tbus/drivers", S_IFDIR),
	   "bus_register makes /sys/bus/tbus/drivers");
	ok(bus_register(&bus) == -EEXIST, "a second bus of the name is refused (-EEXIST)");

	/* A device before its driver: probed when the driver comes. */
	dev_set_name(&early, "tdrv-early");
	early.bus = &bus;
	early.release = release;
	ok(device_register(&early) == 0 && !early.driver && !strcmp(early.name, "tdrv-early"),
	   "a device registers unbound, with the name set before device_register");
	ok(in_sysfs("devices/tdrv-early", S_IFDIR), "it is /sys/devices/tdrv-early");
	ok(!strcmp(dev_driver_string(&early), "tbus"), "dev_driver_string is the bus's name while unbound");
	ok(driver_register(&drv) == 0 && early.driver == &drv && !strcmp(trail, "P"),
	   "driver_register probes the waiting device that matches (%s)", trail);
	ok(in_sysfs("bus/tbus/drivers/tdrv", S_IFDIR), "the driver is /sys/bus/tbus/drivers/tdrv");
	ok(!strcmp(dev_driver_string(&early), "tdrv"), "dev_driver_string is the driver's once bound");
	ok(driver_register(&drv) == -EBUSY, "registering the driver twice is refused (-EBUSY)");

	/* A device after the driver, and one that does not match. */
	trail[0] = 0;
	late.init_name = "tdrv-late";
	late.bus = &bus;
	late.release = release;
	other.init_name = "nomatch";
	other.bus = &bus;
	other.release = release;
	ok(device_register(&late) == 0 && late.driver == &drv &&
	   device_register(&other) == 0 && !other.driver && !strcmp(trail, "P"),
	   "device_register probes a matching device at once, not another (%s)", trail);

	/* Detach: remove, then devres newest first; release at the last put. */
	trail[0] = 0;
	get_device(&late);
	device_unregister(&late);
	ok(!strcmp(trail, "Rba") && !late.driver, "device_unregister: remove, then actions b, a (%s)", trail);
	ok(!in_sysfs("devices/tdrv-late", S_IFDIR), "the device is out of /sys");
	put_device(&late);
	ok(!strcmp(trail, "RbaX"), "its release runs at the last put_device (%s)", trail);

	/* A failed probe leaves the device unbound, its devres released. */
	trail[0] = 0;
	driver_unregister(&drv);
	ok(!strcmp(trail, "Rba") && !early.driver && !in_sysfs("bus/tbus/drivers/tdrv", S_IFDIR),
	   "driver_unregister detaches its device (%s) and leaves /sys", trail);
	trail[0] = 0;
	probe_result = -EIO;
	ok(driver_register(&drv) == 0 && !early.driver && !strcmp(trail, "Pba"),
	   "a probe that fails leaves the device unbound, its actions run (%s)", trail);
	trail[0] = 0;
	driver_unregister(&drv);
	device_unregister(&early);
	device_unregister(&other);
	ok(!strcmp(trail, "XX"), "unregistering the rest releases both devices (%s)", trail);
	bus_unregister(&bus);
	ok(!in_sysfs("bus/tbus", S_IFDIR), "bus_unregister takes /sys/bus/tbus away");

	{
		static struct device sensor;
		struct device *hw;
		char buf[4096];
		long n;

		sensor.init_name = "sensor";
		sensor.release = release;
		device_register(&sensor);
		hw = devm_hwmon_device_register_with_groups(&sensor, "tsensor", &sensor, NULL);
		n = umod_sysfs_show("devices/sensor/hwmon/hwmon0/name", buf);
		ok(n == 8 && !memcmp(buf, "tsensor\n", 8) && hw->driver_data == &sensor,
		   "devm_hwmon_device_register_with_groups: /sys/devices/sensor/hwmon/hwmon0/name says tsensor");
		device_unregister(&sensor);
		ok(!in_sysfs("devices/sensor", S_IFDIR) && !in_sysfs("class/hwmon/hwmon0", S_IFDIR),
		   "it goes with its sensor");
	}
	{
		static const struct dev_pm_ops ops = { .runtime_suspend = pm_suspend,
						       .runtime_resume = pm_resume };
		static const struct device_type type = { .name = "pmdev", .pm = &ops };
		static struct device pmdev;
		int a, b, c, d, e, f;

		pmdev.init_name = "pmdev";
		pmdev.type = &type;
		pmdev.release = release;
		device_register(&pmdev);
		trail[0] = 0;
		a = __pm_runtime_resume(&pmdev, 0);
		b = __pm_runtime_set_status(&pmdev, 0);	/* RPM_ACTIVE */
		pm_runtime_enable(&pmdev);
		c = __pm_runtime_resume(&pmdev, 4);	/* pm_runtime_get_sync */
		d = __pm_runtime_idle(&pmdev, 4);	/* pm_runtime_put_sync */
		e = __pm_runtime_resume(&pmdev, 4);
		f = __pm_runtime_suspend(&pmdev, 0);
		ok(a == -EACCES && b == 0 && c == 1 && d == 0 && e == 0 && f == -EAGAIN &&
		   !strcmp(trail, "sr"),
		   "runtime PM: disabled -EACCES; enabled, put suspends, get resumes, in use -EAGAIN (%d %d %d %d %d %d %s)",
		   a, b, c, d, e, f, trail);
		device_unregister(&pmdev);
	}
	{
		char dir[] = "/tmp/umod-test-fw.XXXXXX", path[64];
		const struct firmware *fw = NULL;
		FILE *f;

		if (!mkdtemp(dir))
			return 1;
		snprintf(path, sizeof(path), "%s/t.bin", dir);
		f = fopen(path, "w");
		fputs("firmware\n", f);
		fclose(f);
		umod_kapi_firmware_path(dir);
		ok(request_firmware(&fw, "t.bin", NULL) == 0 && fw && fw->size == 9 &&
		   !memcmp(fw->data, "firmware\n", 9),
		   "request_firmware reads the file from the host's firmware directory");
		release_firmware(fw);
		fw = (void *)1;
		ok(request_firmware(&fw, "umod-none.bin", NULL) == -ENOENT && !fw,
		   "a missing file is -ENOENT, and no firmware");
		unlink(path);
		rmdir(dir);
	}
	return done_testing();
}
