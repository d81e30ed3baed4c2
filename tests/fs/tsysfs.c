// SPDX-License-Identifier: GPL-2.0
/*
 * tsysfs.c - the teaching sysfs attribute, as a genuine Linux module:
 * /sys/kernel/tsysfs/ (kobject_create_and_add under kernel_kobj) with
 * myvariable, read and written (sysfs_create_file, __ATTR), and a named
 * group, stats/, whose writes counts the stores and whose hidden
 * attribute is_visible keeps out.
 */
#include <linux/module.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/string.h>

static struct kobject *kobj;
static int myvariable;
static int writes;

static ssize_t myvariable_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%d\n", myvariable);
}

static ssize_t myvariable_store(struct kobject *k, struct kobj_attribute *a,
				const char *buf, size_t count)
{
	int err = kstrtoint(buf, 10, &myvariable);

	if (err)
		return err;
	writes++;
	return count;
}

static struct kobj_attribute myvariable_attr =
	__ATTR(myvariable, 0660, myvariable_show, myvariable_store);

static ssize_t writes_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%d\n", writes);
}

static struct kobj_attribute writes_attr = __ATTR_RO(writes);
static struct kobj_attribute hidden_attr = __ATTR(hidden, 0444, writes_show, NULL);

static struct attribute *stats_attrs[] = {
	&writes_attr.attr,
	&hidden_attr.attr,
	NULL,
};

static umode_t stats_visible(struct kobject *k, struct attribute *attr, int n)
{
	return attr == &hidden_attr.attr ? 0 : attr->mode;
}

static const struct attribute_group stats_group = {
	.name = "stats",
	.attrs = stats_attrs,
	.is_visible = stats_visible,
};

static int __init tsysfs_init(void)
{
	int err;

	kobj = kobject_create_and_add("tsysfs", kernel_kobj);
	if (!kobj)
		return -ENOMEM;
	err = sysfs_create_file(kobj, &myvariable_attr.attr);
	if (!err)
		err = sysfs_create_group(kobj, &stats_group);
	if (err)
		kobject_put(kobj);
	return err;
}

static void __exit tsysfs_exit(void)
{
	kobject_put(kobj);
}
module_init(tsysfs_init);
module_exit(tsysfs_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A sysfs attribute under /sys/kernel");
