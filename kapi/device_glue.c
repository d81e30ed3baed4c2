// SPDX-License-Identifier: MIT
/*
 * device_glue.c - where a device's directory goes, as drivers/base/
 * core.c's get_device_parent: under its parent, or /sys/devices; a
 * class device without a parent under /sys/devices/virtual/CLASS, and
 * one whose parent is of no class under a "glue" directory named by its
 * class in the parent's (i2c-0/0-0048/hwmon/hwmon0), made by the first
 * such child and gone with the last, as cleanup_glue_dir.
 */
#include <pthread.h>
#include <stdlib.h>

#include "device.h"

struct glue {
	struct list_head list;
	struct kobject *parent, *dir;
	const struct class *class;
	int users;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct list_head glues = { &glues, &glues };

static bool needs_glue(const struct device *dev)
{
	return dev->class && !(dev->parent && dev->parent->class);
}

static struct kobject *glue_parent(const struct device *dev)
{
	return dev->parent ? (struct kobject *)&dev->parent->kobj : kapi_sysfs_dir("virtual");
}

static struct glue *find(struct kobject *parent, const struct class *class)
{
	for (struct list_head *l = glues.next; l != &glues; l = l->next) {
		struct glue *g = container_of(l, struct glue, list);

		if (g->parent == parent && g->class == class)
			return g;
	}
	return NULL;
}

/* The directory to add dev under; NULL if its glue could not be made. */
struct kobject *kapi_device_parent_dir(struct device *dev)
{
	struct kobject *parent = glue_parent(dev), *dir = NULL;
	struct glue *g;

	if (!needs_glue(dev))
		return dev->parent ? &dev->parent->kobj : kapi_sysfs_dir("devices");
	pthread_mutex_lock(&lock);
	g = find(parent, dev->class);
	if (!g && (g = calloc(1, sizeof(*g)))) {
		g->dir = kobject_create_and_add(dev->class->name, parent);
		if (!g->dir) {
			free(g);
			g = NULL;
		} else {
			g->parent = parent;
			g->class = dev->class;
			kapi_list_add_tail(&g->list, &glues);
		}
	}
	if (g) {
		g->users++;
		dir = g->dir;
	}
	pthread_mutex_unlock(&lock);
	return dir;
}

/* dev left its directory: the glue goes with its last child. */
void kapi_device_put_parent_dir(struct device *dev)
{
	struct glue *g;

	if (!needs_glue(dev))
		return;
	pthread_mutex_lock(&lock);
	g = find(glue_parent(dev), dev->class);
	if (g && !--g->users)
		kapi_list_del_init(&g->list);
	else
		g = NULL;
	pthread_mutex_unlock(&lock);
	if (g) {
		kobject_put(g->dir);
		free(g);
	}
}
