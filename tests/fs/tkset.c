// SPDX-License-Identifier: GPL-2.0
/*
 * tkset.c - Linux's samples/kobject/kset-example.c, as a teaching
 * module: a kset /sys/kernel/tkset with two kobjects of a ktype of its
 * own, each with a "value" attribute (default_groups) and announced by
 * a uevent; the kset's uevent_ops add a key, and filter "quiet" out; a
 * store sends a change uevent with a key of the caller's.  "foo" also
 * has a 16-byte binary attribute, "blob", read and written at offsets.
 */
#include <linux/module.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/slab.h>
#include <linux/string.h>

#define BLOB_SIZE 16

struct tobj {
	struct kobject kobj;
	int value;
};
#define to_tobj(k) container_of(k, struct tobj, kobj)

struct tobj_attribute {
	struct attribute attr;
	ssize_t (*show)(struct tobj *t, struct tobj_attribute *a, char *buf);
	ssize_t (*store)(struct tobj *t, struct tobj_attribute *a,
			 const char *buf, size_t count);
};
#define to_tobj_attr(a) container_of(a, struct tobj_attribute, attr)

static ssize_t tobj_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct tobj_attribute *a = to_tobj_attr(attr);

	return a->show ? a->show(to_tobj(kobj), a, buf) : -EIO;
}

static ssize_t tobj_attr_store(struct kobject *kobj, struct attribute *attr,
			       const char *buf, size_t len)
{
	struct tobj_attribute *a = to_tobj_attr(attr);

	return a->store ? a->store(to_tobj(kobj), a, buf, len) : -EIO;
}

static const struct sysfs_ops tobj_sysfs_ops = {
	.show = tobj_attr_show,
	.store = tobj_attr_store,
};

static void tobj_release(struct kobject *kobj)
{
	pr_info("tkset: %s released\n", kobject_name(kobj));
	kfree(to_tobj(kobj));
}

static ssize_t value_show(struct tobj *t, struct tobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%d\n", t->value);
}

static ssize_t value_store(struct tobj *t, struct tobj_attribute *a,
			   const char *buf, size_t count)
{
	char *envp[] = { "TKSET_REASON=store", NULL };
	int ret = kstrtoint(buf, 10, &t->value);

	if (ret < 0)
		return ret;
	kobject_uevent_env(&t->kobj, KOBJ_CHANGE, envp);
	return count;
}

static struct tobj_attribute value_attr = __ATTR(value, 0664, value_show, value_store);

static struct attribute *tobj_attrs[] = {
	&value_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(tobj);

static const struct kobj_type tobj_ktype = {
	.sysfs_ops = &tobj_sysfs_ops,
	.release = tobj_release,
	.default_groups = tobj_groups,
};

static int tkset_filter(struct kobject *kobj)
{
	return strcmp(kobject_name(kobj), "quiet") != 0;
}

static int tkset_uevent(struct kobject *kobj, struct kobj_uevent_env *env)
{
	if (kobj->ktype != &tobj_ktype)
		return 0;
	return add_uevent_var(env, "TKSET_VALUE=%d", to_tobj(kobj)->value);
}

static const struct kset_uevent_ops tkset_uevent_ops = {
	.filter = tkset_filter,
	.uevent = tkset_uevent,
};

static char blob[BLOB_SIZE];

static ssize_t blob_read(struct file *file, struct kobject *kobj,
			 struct bin_attribute *attr, char *buf, loff_t pos,
			 size_t count)
{
	memcpy(buf, blob + pos, count);
	return count;
}

static ssize_t blob_write(struct file *file, struct kobject *kobj,
			  struct bin_attribute *attr, char *buf, loff_t pos,
			  size_t count)
{
	memcpy(blob + pos, buf, count);
	return count;
}

static BIN_ATTR(blob, 0644, blob_read, blob_write, BLOB_SIZE);

static struct kset *tkset;
static struct tobj *foo, *quiet;

static struct tobj *tobj_create(const char *name)
{
	struct tobj *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->kobj.kset = tkset;
	if (kobject_init_and_add(&t->kobj, &tobj_ktype, NULL, "%s", name)) {
		kobject_put(&t->kobj);
		return NULL;
	}
	kobject_uevent(&t->kobj, KOBJ_ADD);
	return t;
}

static int __init tkset_init(void)
{
	int err = -ENOMEM;

	tkset = kset_create_and_add("tkset", &tkset_uevent_ops, kernel_kobj);
	if (!tkset)
		return -ENOMEM;
	foo = tobj_create("foo");
	if (!foo)
		goto unregister;
	quiet = tobj_create("quiet");
	if (!quiet)
		goto put_foo;
	err = sysfs_create_bin_file(&foo->kobj, &bin_attr_blob);
	if (err)
		goto put_quiet;
	return 0;

put_quiet:
	kobject_put(&quiet->kobj);
put_foo:
	kobject_put(&foo->kobj);
unregister:
	kset_unregister(tkset);
	return err;
}

static void __exit tkset_exit(void)
{
	sysfs_remove_bin_file(&foo->kobj, &bin_attr_blob);
	kobject_put(&quiet->kobj);
	kobject_put(&foo->kobj);
	kset_unregister(tkset);
}
module_init(tkset_init);
module_exit(tkset_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("a kset, its kobjects' uevents, a binary attribute");
