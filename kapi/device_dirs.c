// SPDX-License-Identifier: MIT
/*
 * device_dirs.c - the directories of /sys the device model fills:
 * /sys/devices (and its virtual/), /sys/class and /sys/bus, made once
 * on first use as sysfs.c's kobjects.
 */
#include <pthread.h>
#include <string.h>

#include "device.h"

static struct kobject *top_dir[3];	/* devices, devices/virtual, class */
static pthread_once_t top_once = PTHREAD_ONCE_INIT;

static void make_top_dirs(void)
{
	top_dir[0] = kobject_create_and_add("devices", NULL);
	top_dir[1] = kobject_create_and_add("virtual", top_dir[0]);
	top_dir[2] = kobject_create_and_add("class", NULL);
}

/* /sys/devices, /sys/devices/virtual, /sys/class, /sys/bus. */
struct kobject *kapi_sysfs_dir(const char *name)
{
	static struct kobject *bus_dir;
	static pthread_mutex_t bus_lock = PTHREAD_MUTEX_INITIALIZER;

	pthread_once(&top_once, make_top_dirs);
	if (!strcmp(name, "devices"))
		return top_dir[0];
	if (!strcmp(name, "virtual"))
		return top_dir[1];
	if (!strcmp(name, "class"))
		return top_dir[2];
	pthread_mutex_lock(&bus_lock);
	if (!bus_dir)
		bus_dir = kobject_create_and_add("bus", NULL);
	pthread_mutex_unlock(&bus_lock);
	return bus_dir;
}
