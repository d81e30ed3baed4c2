// SPDX-License-Identifier: MIT
/*
 * device_pm.c - runtime power management, as drivers/base/power/runtime.c
 * keeps it in a device's dev_pm_info (Debian 6.1's offsets): a device
 * starts suspended with runtime PM disabled once (device_initialize);
 * while disabled, resume and suspend requests fail with -EACCES (resume
 * answers 1 if the device is active); while enabled, they call the
 * runtime_resume, runtime_suspend and runtime_idle callbacks of the
 * device's PM domain, type, class, bus or driver, in Linux's order, and
 * track the status; a usage count above zero keeps the device from
 * suspending (-EAGAIN).  Requests run synchronously: RPM_ASYNC work is
 * done at once, and autosuspend suspends at once rather than after its
 * delay.  Parents and suppliers are not resumed or counted.
 */
#include <errno.h>
#include <stdbool.h>
#include <pthread.h>

#include "device.h"

#define PM_INFO		0xd8		/* device.power */
#define DEV_PM_DOMAIN	0x210		/* device.pm_domain */
#define PM_USAGE_COUNT	(PM_INFO + 216)
#define PM_BITS		(PM_INFO + 224)	/* disable_depth:3, then the flags */
#define PM_STATUS	(PM_INFO + 236)
#define PM_ERROR	(PM_INFO + 244)
#define PM_AUTOSUSPEND_DELAY (PM_INFO + 248)

#define DISABLE_DEPTH	0x7u
#define RUNTIME_AUTO	(1u << 7)
#define NO_CALLBACKS	(1u << 9)
#define USE_AUTOSUSPEND	(1u << 11)

#define RPM_ASYNC	0x01
#define RPM_GET_PUT	0x04
#define RPM_AUTO	0x08

enum { RPM_ACTIVE, RPM_RESUMING, RPM_SUSPENDED, RPM_SUSPENDING };

#define field(dev, off, type)	((type *)((char *)(dev) + (off)))
#define usage_count(dev)	field(dev, PM_USAGE_COUNT, int)
#define bits(dev)		field(dev, PM_BITS, u32)
#define status(dev)		field(dev, PM_STATUS, int)
#define error(dev)		field(dev, PM_ERROR, int)

/* The state of every device under one lock, dropped around callbacks. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned int disable_depth(struct device *dev)
{
	return *bits(dev) & DISABLE_DEPTH;
}

static void set_disable_depth(struct device *dev, unsigned int depth)
{
	*bits(dev) = (*bits(dev) & ~DISABLE_DEPTH) | (depth & DISABLE_DEPTH);
}

/* pm_runtime_init, from device_initialize. */
void kapi_pm_runtime_init(struct device *dev)
{
	*status(dev) = RPM_SUSPENDED;
	*usage_count(dev) = 0;
	*error(dev) = 0;
	*bits(dev) = RUNTIME_AUTO | 1;		/* disabled once */
}

/* struct dev_pm_ops' runtime callbacks, at 160, 168 and 176. */
typedef int pm_callback(struct device *dev);
enum { CB_SUSPEND = 160, CB_RESUME = 168, CB_IDLE = 176 };

static pm_callback *callback(struct device *dev, int which)
{
	const void *ops = NULL;
	const void *domain = *field(dev, DEV_PM_DOMAIN, const void **);

	if (domain)
		ops = domain;			/* dev_pm_domain begins with its ops */
	else if (dev->type && dev->type->pm)
		ops = dev->type->pm;
	else if (dev->class && dev->class->pm)
		ops = dev->class->pm;
	else if (dev->bus && dev->bus->pm)
		ops = dev->bus->pm;
	if (!ops && dev->driver && dev->driver->pm)
		ops = dev->driver->pm;
	return ops ? *(pm_callback **)((const char *)ops + which) : NULL;
}

/* The callback, or 0 without one; unlocked around it. */
static int run_callback(struct device *dev, int which)
{
	pm_callback *cb = (*bits(dev) & NO_CALLBACKS) ? NULL : callback(dev, which);
	int ret;

	if (!cb)
		return 0;
	pthread_mutex_unlock(&lock);
	ret = cb(dev);
	pthread_mutex_lock(&lock);
	return ret;
}

static int rpm_suspend(struct device *dev)
{
	int ret;

	if (*error(dev))
		return -EINVAL;
	if (disable_depth(dev))
		return -EACCES;
	if (*usage_count(dev) > 0 || !(*bits(dev) & RUNTIME_AUTO))
		return -EAGAIN;
	if (*status(dev) == RPM_SUSPENDED)
		return 1;
	*status(dev) = RPM_SUSPENDING;
	ret = run_callback(dev, CB_SUSPEND);
	if (!ret) {
		*status(dev) = RPM_SUSPENDED;
		return 0;
	}
	*status(dev) = RPM_ACTIVE;
	if (ret != -EAGAIN && ret != -EBUSY)
		*error(dev) = ret;
	return ret;
}

static int rpm_resume(struct device *dev)
{
	int ret;

	if (*error(dev))
		return -EINVAL;
	if (disable_depth(dev))
		return *status(dev) == RPM_ACTIVE ? 1 : -EACCES;
	if (*status(dev) == RPM_ACTIVE)
		return 1;
	*status(dev) = RPM_RESUMING;
	ret = run_callback(dev, CB_RESUME);
	if (ret) {
		*status(dev) = RPM_SUSPENDED;
		*error(dev) = ret;
		return ret;
	}
	*status(dev) = RPM_ACTIVE;
	return 0;
}

/* Idle: the idle callback may veto (non-zero); else suspend. */
static int rpm_idle(struct device *dev)
{
	int ret;

	if (*error(dev))
		return -EINVAL;
	if (*usage_count(dev) > 0)
		return -EAGAIN;
	if (disable_depth(dev))
		return -EACCES;
	if (*status(dev) != RPM_ACTIVE)
		return -EAGAIN;
	ret = run_callback(dev, CB_IDLE);
	return ret ? ret : rpm_suspend(dev);
}

/* A put that leaves references: nothing more to do. */
static bool put_leaves_users(struct device *dev, int rpmflags)
{
	return (rpmflags & RPM_GET_PUT) && --*usage_count(dev) > 0;
}

int __pm_runtime_idle(struct device *dev, int rpmflags)
{
	int ret = 0;

	pthread_mutex_lock(&lock);
	if (!put_leaves_users(dev, rpmflags))
		ret = rpm_idle(dev);
	pthread_mutex_unlock(&lock);
	return ret;
}
EXPORT_SYMBOL(__pm_runtime_idle);

int __pm_runtime_suspend(struct device *dev, int rpmflags)
{
	int ret = 0;

	pthread_mutex_lock(&lock);
	if (!put_leaves_users(dev, rpmflags))
		ret = rpm_suspend(dev);
	pthread_mutex_unlock(&lock);
	return ret;
}
EXPORT_SYMBOL(__pm_runtime_suspend);

int __pm_runtime_resume(struct device *dev, int rpmflags)
{
	int ret;

	pthread_mutex_lock(&lock);
	if (rpmflags & RPM_GET_PUT)
		++*usage_count(dev);
	ret = rpm_resume(dev);
	pthread_mutex_unlock(&lock);
	return ret;
}
EXPORT_SYMBOL(__pm_runtime_resume);

/* 1 and a reference if active, 0 if not, -EINVAL if disabled. */
int pm_runtime_get_if_active(struct device *dev, bool ign_usage_count)
{
	int ret;

	pthread_mutex_lock(&lock);
	if (disable_depth(dev)) {
		ret = -EINVAL;
	} else if (*status(dev) != RPM_ACTIVE) {
		ret = 0;
	} else if (ign_usage_count) {
		ret = 1;
		++*usage_count(dev);
	} else {
		ret = *usage_count(dev) > 0;
		if (ret)
			++*usage_count(dev);
	}
	pthread_mutex_unlock(&lock);
	return ret;
}
EXPORT_SYMBOL(pm_runtime_get_if_active);

int __pm_runtime_set_status(struct device *dev, unsigned int status)
{
	int ret = 0;

	if (status != RPM_ACTIVE && status != RPM_SUSPENDED)
		return -EINVAL;
	pthread_mutex_lock(&lock);
	if (!disable_depth(dev))
		ret = -EAGAIN;		/* only while disabled */
	else {
		*status(dev) = status;
		*error(dev) = 0;
	}
	pthread_mutex_unlock(&lock);
	return ret;
}
EXPORT_SYMBOL(__pm_runtime_set_status);

void pm_runtime_enable(struct device *dev)
{
	pthread_mutex_lock(&lock);
	if (disable_depth(dev))
		set_disable_depth(dev, disable_depth(dev) - 1);
	else
		kapi_printk(KERN_WARNING "%s %s: Unbalanced pm_runtime_enable!\n",
			    kapi_driver_string(dev), dev_name(dev));
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(pm_runtime_enable);

/* A resume request pending is run first if check_resume: none can be. */
void __pm_runtime_disable(struct device *dev, bool check_resume)
{
	pthread_mutex_lock(&lock);
	if (disable_depth(dev) < DISABLE_DEPTH)
		set_disable_depth(dev, disable_depth(dev) + 1);
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(__pm_runtime_disable);

/* Requests are synchronous: nothing is ever pending to wait for. */
void pm_runtime_barrier(struct device *dev)
{
}
EXPORT_SYMBOL(pm_runtime_barrier);

void pm_runtime_allow(struct device *dev)
{
	pthread_mutex_lock(&lock);
	if (!(*bits(dev) & RUNTIME_AUTO)) {
		*bits(dev) |= RUNTIME_AUTO;
		if (!--*usage_count(dev))
			rpm_idle(dev);
	}
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(pm_runtime_allow);

void pm_runtime_forbid(struct device *dev)
{
	pthread_mutex_lock(&lock);
	if (*bits(dev) & RUNTIME_AUTO) {
		*bits(dev) &= ~RUNTIME_AUTO;
		++*usage_count(dev);
		rpm_resume(dev);
	}
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(pm_runtime_forbid);

void pm_runtime_no_callbacks(struct device *dev)
{
	pthread_mutex_lock(&lock);
	*bits(dev) |= NO_CALLBACKS;
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(pm_runtime_no_callbacks);

void __pm_runtime_use_autosuspend(struct device *dev, bool use)
{
	pthread_mutex_lock(&lock);
	if (use)
		*bits(dev) |= USE_AUTOSUSPEND;
	else
		*bits(dev) &= ~USE_AUTOSUSPEND;
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(__pm_runtime_use_autosuspend);

void pm_runtime_set_autosuspend_delay(struct device *dev, int delay)
{
	pthread_mutex_lock(&lock);
	*field(dev, PM_AUTOSUSPEND_DELAY, int) = delay;
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(pm_runtime_set_autosuspend_delay);
