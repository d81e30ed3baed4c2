// SPDX-License-Identifier: MIT
/*
 * hwmon_attrs.c - the attributes hwmon_device_register_with_info makes
 * from a chip description, as drivers/hwmon/hwmon.c's hwmon_genattrs:
 * for each channel of each sensor type, each attribute bit set in its
 * config word becomes a file named by hwmon's sysfs ABI (temp1_input:
 * channels count from 1, from 0 for in and intrusion; pwm1 for
 * pwm_input; chip attributes unnumbered), with the mode the chip's
 * is_visible gives it (none: no file).  Reading calls the chip's read
 * (read_string for labels) and shows "%ld\n"; writing parses a decimal
 * long and calls its write; their errors are the file's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "device.h"

int kstrtol(const char *s, unsigned int base, long *res);

typedef unsigned short umode_t;

enum hwmon_sensor_types {
	hwmon_chip, hwmon_temp, hwmon_in, hwmon_curr, hwmon_power, hwmon_energy,
	hwmon_humidity, hwmon_fan, hwmon_pwm, hwmon_intrusion, hwmon_max,
};

struct hwmon_ops {
	umode_t (*is_visible)(const void *drvdata, enum hwmon_sensor_types type,
			      u32 attr, int channel);
	int (*read)(struct device *dev, enum hwmon_sensor_types type, u32 attr,
		    int channel, long *val);
	int (*read_string)(struct device *dev, enum hwmon_sensor_types type, u32 attr,
			   int channel, const char **str);
	int (*write)(struct device *dev, enum hwmon_sensor_types type, u32 attr,
		     int channel, long val);
};

struct hwmon_channel_info {
	enum hwmon_sensor_types type;
	const u32 *config;
};

struct hwmon_chip_info {
	const struct hwmon_ops *ops;
	const struct hwmon_channel_info **info;
};

/* ---- The names, in the order of each type's attribute enum ---- */

static const char *const chip_names[] = {
	"temp_reset_history", "in_reset_history", "curr_reset_history",
	"power_reset_history", NULL /* register_tz */, "update_interval", "alarms",
	"samples", "curr_samples", "in_samples", "power_samples", "temp_samples",
};

static const char *const temp_names[] = {
	"enable", "input", "type", "lcrit", "lcrit_hyst", "min", "min_hyst", "max",
	"max_hyst", "crit", "crit_hyst", "emergency", "emergency_hyst", "alarm",
	"lcrit_alarm", "min_alarm", "max_alarm", "crit_alarm", "emergency_alarm",
	"fault", "offset", "label", "lowest", "highest", "reset_history",
	"rated_min", "rated_max",
};

static const char *const in_names[] = {	/* and curr's */
	"enable", "input", "min", "max", "lcrit", "crit", "average", "lowest",
	"highest", "reset_history", "label", "alarm", "min_alarm", "max_alarm",
	"lcrit_alarm", "crit_alarm", "rated_min", "rated_max",
};

static const char *const power_names[] = {
	"enable", "average", "average_interval", "average_interval_max",
	"average_interval_min", "average_highest", "average_lowest", "average_max",
	"average_min", "input", "input_highest", "input_lowest", "reset_history",
	"accuracy", "cap", "cap_hyst", "cap_max", "cap_min", "min", "max", "crit",
	"lcrit", "label", "alarm", "cap_alarm", "min_alarm", "max_alarm",
	"lcrit_alarm", "crit_alarm", "rated_min", "rated_max",
};

static const char *const energy_names[] = { "enable", "input", "label" };

static const char *const humidity_names[] = {
	"enable", "input", "label", "min", "min_hyst", "max", "max_hyst", "alarm",
	"fault", "rated_min", "rated_max",
};

static const char *const fan_names[] = {
	"enable", "input", "label", "min", "max", "div", "pulses", "target", "alarm",
	"min_alarm", "max_alarm", "fault",
};

static const char *const pwm_names[] = { "", "enable", "mode", "freq", "auto_channels_temp" };
static const char *const intrusion_names[] = { "alarm", "beep" };

#define NAMES(prefix, a)	{ prefix, a, sizeof(a) / sizeof(a[0]) }
static const struct {
	const char *prefix;
	const char *const *names;
	unsigned int n;
} types[hwmon_max] = {
	[hwmon_chip] = NAMES("", chip_names),
	[hwmon_temp] = NAMES("temp", temp_names),
	[hwmon_in] = NAMES("in", in_names),
	[hwmon_curr] = NAMES("curr", in_names),
	[hwmon_power] = NAMES("power", power_names),
	[hwmon_energy] = NAMES("energy", energy_names),
	[hwmon_humidity] = NAMES("humidity", humidity_names),
	[hwmon_fan] = NAMES("fan", fan_names),
	[hwmon_pwm] = NAMES("pwm", pwm_names),
	[hwmon_intrusion] = NAMES("intrusion", intrusion_names),
};

/* The label attributes are strings. */
static bool is_string(enum hwmon_sensor_types type, u32 attr)
{
	const char *name = attr < types[type].n ? types[type].names[attr] : NULL;

	return type != hwmon_chip && name && !strcmp(name, "label");
}

/* ---- One attribute ---- */

struct hwmon_attr {
	struct device_attribute dev_attr;
	const struct hwmon_ops *ops;
	enum hwmon_sensor_types type;
	u32 attr;
	int index;
	char name[32];
};

struct op_call {
	struct hwmon_attr *a;
	struct device *dev;
	long val;
	const char *str;
	int ret;
};

static void run_read(void *p)
{
	struct op_call *c = p;

	if (is_string(c->a->type, c->a->attr))
		c->ret = c->a->ops->read_string(c->dev, c->a->type, c->a->attr, c->a->index,
						&c->str);
	else
		c->ret = c->a->ops->read(c->dev, c->a->type, c->a->attr, c->a->index, &c->val);
}

static void run_write(void *p)
{
	struct op_call *c = p;

	c->ret = c->a->ops->write(c->dev, c->a->type, c->a->attr, c->a->index, c->val);
}

static ssize_t hwmon_attr_show(struct device *dev, struct device_attribute *da, char *buf)
{
	struct op_call c = { (struct hwmon_attr *)da, dev, 0, NULL, -EIO };
	const void *code = is_string(c.a->type, c.a->attr) ? (void *)c.a->ops->read_string
							   : (void *)c.a->ops->read;

	if (kapi_call_module(code, "hwmon read", run_read, &c))
		return -EFAULT;
	if (c.ret < 0)
		return c.ret;
	if (c.str)
		return snprintf(buf, 4096, "%s\n", c.str);
	return snprintf(buf, 4096, "%ld\n", c.val);
}

static ssize_t hwmon_attr_store(struct device *dev, struct device_attribute *da,
				const char *buf, size_t count)
{
	struct op_call c = { (struct hwmon_attr *)da, dev, 0, NULL, -EIO };
	int ret = kstrtol(buf, 10, &c.val);

	if (ret < 0)
		return ret;
	if (kapi_call_module(c.a->ops->write, "hwmon write", run_write, &c))
		return -EFAULT;
	return c.ret < 0 ? c.ret : (ssize_t)count;
}

/* hwmon_genattr: NULL for an attribute not shown (no name, no mode). */
static struct hwmon_attr *genattr(const void *drvdata, const struct hwmon_ops *ops,
				  enum hwmon_sensor_types type, u32 attr, int index,
				  int *err)
{
	const char *suffix = attr < types[type].n ? types[type].names[attr] : NULL;
	umode_t mode;
	struct hwmon_attr *a;
	int base = type == hwmon_in || type == hwmon_intrusion ? 0 : 1;

	if (!suffix || !(mode = ops->is_visible(drvdata, type, attr, index)))
		return NULL;
	if (((mode & 0444) && (is_string(type, attr) ? !ops->read_string : !ops->read)) ||
	    ((mode & 0222) && !ops->write)) {
		*err = -EINVAL;
		return NULL;
	}
	a = __kmalloc(sizeof(*a), GFP_KERNEL | __GFP_ZERO);
	if (!a) {
		*err = -ENOMEM;
		return NULL;
	}
	if (type == hwmon_chip)
		snprintf(a->name, sizeof(a->name), "%s", suffix);
	else
		snprintf(a->name, sizeof(a->name), "%s%d%s%s", types[type].prefix,
			 index + base, *suffix ? "_" : "", suffix);
	a->dev_attr.attr.name = a->name;
	a->dev_attr.attr.mode = mode;
	a->dev_attr.show = hwmon_attr_show;
	a->dev_attr.store = hwmon_attr_store;
	a->ops = ops;
	a->type = type;
	a->attr = attr;
	a->index = index;
	return a;
}

/* ---- The group ---- */

void kapi_hwmon_free_group(struct attribute_group *group)
{
	if (!group)
		return;
	for (struct attribute **a = group->attrs; a && *a; a++)
		kfree(container_of(*a, struct hwmon_attr, dev_attr.attr));
	kfree(group->attrs);
	kfree(group);
}

static unsigned int count_attrs(const struct hwmon_chip_info *chip)
{
	unsigned int n = 0;

	for (const struct hwmon_channel_info **info = chip->info; *info; info++)
		for (const u32 *cfg = (*info)->config; *cfg; cfg++)
			n += __builtin_popcount(*cfg);
	return n;
}

static int add_channel(struct attribute_group *g, unsigned int *n, const void *drvdata,
		       const struct hwmon_ops *ops, const struct hwmon_channel_info *info,
		       int channel)
{
	u32 cfg = info->config[channel];
	int err = 0;

	if ((unsigned int)info->type >= hwmon_max)
		return -EINVAL;
	for (u32 attr = 0; cfg >> attr; attr++) {
		struct hwmon_attr *a;

		if (!(cfg & (1u << attr)))
			continue;
		a = genattr(drvdata, ops, info->type, attr, channel, &err);
		if (err)
			return err;
		if (a)
			g->attrs[(*n)++] = &a->dev_attr.attr;
	}
	return 0;
}

struct attribute_group *kapi_hwmon_chip_group(const void *drvdata,
					      const struct hwmon_chip_info *chip)
{
	struct attribute_group *g = __kmalloc(sizeof(*g), GFP_KERNEL | __GFP_ZERO);
	unsigned int n = 0;
	int err = -ENOMEM;

	if (!g)
		return ERR_PTR(-ENOMEM);
	g->attrs = __kmalloc((count_attrs(chip) + 1) * sizeof(*g->attrs),
			     GFP_KERNEL | __GFP_ZERO);
	if (!g->attrs)
		goto fail;
	err = 0;
	for (const struct hwmon_channel_info **info = chip->info; *info && !err; info++)
		for (int ch = 0; (*info)->config[ch] && !err; ch++)
			err = add_channel(g, &n, drvdata, chip->ops, *info, ch);
	if (!err)
		return g;
fail:
	kapi_hwmon_free_group(g);
	return ERR_PTR(err);
}
