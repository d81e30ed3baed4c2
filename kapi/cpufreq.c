// SPDX-License-Identifier: MIT
/*
 * cpufreq.c - cpufreq governors (drivers/cpufreq/cpufreq.c) on a machine
 * whose CPUs have no frequency driver: cpufreq_register_governor lists a
 * governor by name (-EBUSY for a name in use), unregister takes it off.
 * With no driver there are no policies, so no governor is ever started;
 * __cpufreq_driver_target, which governors call on a policy, says
 * -ENODEV.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "kernel.h"

#define CPUFREQ_NAME_LEN	16

/* Linux 6.1's, up to what is read here. */
struct cpufreq_governor {
	char name[CPUFREQ_NAME_LEN];
	void *init, *exit, *start, *stop, *limits, *show_setspeed, *store_setspeed;
	struct list_head governor_list;
};
KAPI_LAYOUT(offsetof(struct cpufreq_governor, governor_list) == 72,
	       "Linux 6.1's cpufreq_governor");

static pthread_mutex_t governors_lock = PTHREAD_MUTEX_INITIALIZER;
static struct list_head governors = { &governors, &governors };

static struct cpufreq_governor *find_governor(const char *name)
{
	for (struct list_head *e = governors.next; e != &governors; e = e->next) {
		struct cpufreq_governor *g = (void *)((char *)e -
			offsetof(struct cpufreq_governor, governor_list));

		if (!strncasecmp(name, g->name, CPUFREQ_NAME_LEN))
			return g;
	}
	return NULL;
}

int cpufreq_register_governor(struct cpufreq_governor *governor)
{
	int err = -EBUSY;

	if (!governor)
		return -EINVAL;
	pthread_mutex_lock(&governors_lock);
	if (!find_governor(governor->name)) {
		kapi_list_add(&governor->governor_list, &governors);
		err = 0;
	}
	pthread_mutex_unlock(&governors_lock);
	return err;
}
EXPORT_SYMBOL(cpufreq_register_governor);

void cpufreq_unregister_governor(struct cpufreq_governor *governor)
{
	if (!governor)
		return;
	pthread_mutex_lock(&governors_lock);
	kapi_list_del_init(&governor->governor_list);
	pthread_mutex_unlock(&governors_lock);
}
EXPORT_SYMBOL(cpufreq_unregister_governor);

int __cpufreq_driver_target(void *policy, unsigned int target, unsigned int relation)
{
	return -ENODEV;	/* no driver */
}
EXPORT_SYMBOL(__cpufreq_driver_target);
