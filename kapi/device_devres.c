// SPDX-License-Identifier: MIT
/*
 * device_devres.c - managed resources, as drivers/base/devres.c: each a
 * node on its device's devres_head with a release, run newest first
 * when the driver detaches (a failed probe, a remove) or the device is
 * released.  devm_kmalloc's memory is such a resource with nothing to
 * release but itself; devm_add_action's is a call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "device.h"

struct devres_node {
	struct list_head entry;
	dr_release_t *release;
	const char *name;
	size_t size;
};
KAPI_LAYOUT(sizeof(struct devres_node) == 0x28, "Linux 6.1's struct devres_node");

struct devres {
	struct devres_node node;
	unsigned long long data[] __attribute__((aligned(16)));
};

char *kvasprintf(gfp_t flags, const char *fmt, va_list ap);

/* Every device's list under one lock: devres_lock is Linux's spinlock,
 * which no module touches inline. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

#define to_devres(r)	container_of(r, struct devres, data)

void *__devres_alloc_node(dr_release_t *release, size_t size, gfp_t gfp,
			  int nid, const char *name)
{
	struct devres *dr = __kmalloc(sizeof(*dr) + size, gfp | __GFP_ZERO);

	(void)nid;
	if (!dr)
		return NULL;
	kapi_list_init(&dr->node.entry);
	dr->node.release = release;
	dr->node.name = name;
	dr->node.size = size;
	return dr->data;
}
EXPORT_SYMBOL(__devres_alloc_node);

void devres_free(void *res)
{
	if (!res)
		return;
	if (!kapi_list_empty(&to_devres(res)->node.entry))
		kapi_warn("devres_free: %s is still on its device's list\n",
			  to_devres(res)->node.name);
	kfree(to_devres(res));
}
EXPORT_SYMBOL(devres_free);

void devres_add(struct device *dev, void *res)
{
	pthread_mutex_lock(&lock);
	kapi_list_add_tail(&to_devres(res)->node.entry, &dev->devres_head);
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(devres_add);

/* The newest match (release and match both), unlinked if take. */
static struct devres *find(struct device *dev, dr_release_t *release,
			   dr_match_t *match, void *match_data, bool take)
{
	struct devres *found = NULL;

	pthread_mutex_lock(&lock);
	for (struct list_head *p = dev->devres_head.prev; p != &dev->devres_head; p = p->prev) {
		struct devres *dr = container_of(p, struct devres, node.entry);

		if (dr->node.release != release)
			continue;
		if (match && !match(dev, dr->data, match_data))
			continue;
		found = dr;
		if (take)
			kapi_list_del_init(p);
		break;
	}
	pthread_mutex_unlock(&lock);
	return found;
}

void *devres_find(struct device *dev, dr_release_t *release, dr_match_t *match,
		  void *match_data)
{
	struct devres *dr = find(dev, release, match, match_data, false);

	return dr ? dr->data : NULL;
}
EXPORT_SYMBOL(devres_find);

void *devres_remove(struct device *dev, dr_release_t *release, dr_match_t *match,
		    void *match_data)
{
	struct devres *dr = find(dev, release, match, match_data, true);

	return dr ? dr->data : NULL;
}
EXPORT_SYMBOL(devres_remove);

int devres_destroy(struct device *dev, dr_release_t *release, dr_match_t *match,
		   void *match_data)
{
	void *res = devres_remove(dev, release, match, match_data);

	if (!res)
		return -ENOENT;
	devres_free(res);
	return 0;
}
EXPORT_SYMBOL(devres_destroy);

int devres_release(struct device *dev, dr_release_t *release, dr_match_t *match,
		   void *match_data)
{
	void *res = devres_remove(dev, release, match, match_data);

	if (!res)
		return -ENOENT;
	release(dev, res);
	devres_free(res);
	return 0;
}
EXPORT_SYMBOL(devres_release);

/* Newest first, each taken off the list before its release runs. */
void devres_release_all(struct device *dev)
{
	if (!dev->devres_head.next)	/* never initialized */
		return;
	for (;;) {
		struct devres *dr = NULL;

		pthread_mutex_lock(&lock);
		if (!kapi_list_empty(&dev->devres_head)) {
			dr = container_of(dev->devres_head.prev, struct devres, node.entry);
			kapi_list_del_init(&dr->node.entry);
		}
		pthread_mutex_unlock(&lock);
		if (!dr)
			return;
		dr->node.release(dev, dr->data);
		kfree(dr);
	}
}

/* ---- devm_kmalloc and its kin ---- */

static void devm_kmalloc_release(struct device *dev, void *res)
{
}

static int devm_kmalloc_match(struct device *dev, void *res, void *data)
{
	return res == data;
}

void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	void *res;

	if (!size)
		return (void *)16;	/* ZERO_SIZE_PTR */
	res = __devres_alloc_node(devm_kmalloc_release, size, gfp, -1, "devm_kzalloc_release");
	if (res)
		devres_add(dev, res);
	return res;
}
EXPORT_SYMBOL(devm_kmalloc);

void devm_kfree(struct device *dev, const void *p)
{
	if (!p || p == (void *)16)
		return;
	if (devres_destroy(dev, devm_kmalloc_release, devm_kmalloc_match, (void *)p))
		kapi_warn("devm_kfree: %p is no managed memory of %s\n", p, dev_name(dev));
}
EXPORT_SYMBOL(devm_kfree);

void *devm_kmemdup(struct device *dev, const void *src, size_t len, gfp_t gfp)
{
	void *p = devm_kmalloc(dev, len, gfp);

	if (p && len)
		memcpy(p, src, len);
	return p;
}
EXPORT_SYMBOL(devm_kmemdup);

char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp)
{
	return s ? devm_kmemdup(dev, s, strlen(s) + 1, gfp) : NULL;
}
EXPORT_SYMBOL(devm_kstrdup);

char *devm_kvasprintf(struct device *dev, gfp_t gfp, const char *fmt, va_list ap)
{
	char *s = kvasprintf(gfp, fmt, ap), *p;

	if (!s)
		return NULL;
	p = devm_kstrdup(dev, s, gfp);
	kfree(s);
	return p;
}
EXPORT_SYMBOL(devm_kvasprintf);

char *devm_kasprintf(struct device *dev, gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = devm_kvasprintf(dev, gfp, fmt, ap);
	va_end(ap);
	return p;
}
EXPORT_SYMBOL(devm_kasprintf);

/* ---- Actions ---- */

struct action_devres {
	void *data;
	void (*action)(void *data);
};

static void devm_action_release(struct device *dev, void *res)
{
	struct action_devres *a = res;

	a->action(a->data);
}

static int devm_action_match(struct device *dev, void *res, void *p)
{
	struct action_devres *a = res, *want = p;

	return a->action == want->action && a->data == want->data;
}

int __devm_add_action(struct device *dev, void (*action)(void *), void *data,
		      const char *name)
{
	struct action_devres *a = __devres_alloc_node(devm_action_release, sizeof(*a),
						      GFP_KERNEL, -1, name);

	if (!a)
		return -ENOMEM;
	a->data = data;
	a->action = action;
	devres_add(dev, a);
	return 0;
}
EXPORT_SYMBOL(__devm_add_action);

/* Debian 6.1's own export (the named form came with 6.5). */
int devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	return __devm_add_action(dev, action, data, "devm_add_action");
}
EXPORT_SYMBOL(devm_add_action);

void devm_remove_action(struct device *dev, void (*action)(void *), void *data)
{
	struct action_devres want = { data, action };

	if (devres_destroy(dev, devm_action_release, devm_action_match, &want))
		kapi_warn("devm_remove_action: no such action on %s\n", dev_name(dev));
}
EXPORT_SYMBOL(devm_remove_action);

void devm_release_action(struct device *dev, void (*action)(void *), void *data)
{
	struct action_devres want = { data, action };

	if (devres_release(dev, devm_action_release, devm_action_match, &want))
		kapi_warn("devm_release_action: no such action on %s\n", dev_name(dev));
}
EXPORT_SYMBOL(devm_release_action);
