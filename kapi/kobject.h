/* SPDX-License-Identifier: MIT */
/*
 * kobject.h - kobjects, ksets, sysfs attributes and uevents as kapi's
 * files share them (sysfs.c has them; the device model builds on them):
 * Linux 6.1's layouts, x86-64, and lib/kobject.c's, fs/sysfs/'s and
 * lib/kobject_uevent.c's entry points under their own names.
 */
#ifndef KAPI_KOBJECT_H
#define KAPI_KOBJECT_H

#include <stdarg.h>
#include <sys/types.h>

#include "kernel.h"

struct kobject;
struct kset;

struct attribute {
	const char *name;
	unsigned short mode;
};

struct sysfs_ops {
	ssize_t (*show)(struct kobject *, struct attribute *, char *);
	ssize_t (*store)(struct kobject *, struct attribute *, const char *, size_t);
};

struct kobj_type {
	void (*release)(struct kobject *kobj);
	const struct sysfs_ops *sysfs_ops;
	const struct attribute_group **default_groups;
	void *child_ns_type, *namespace, *get_ownership;
};

struct kobject {
	const char *name;
	struct list_head entry;		/* in its kset's list */
	struct kobject *parent;
	struct kset *kset;
	const struct kobj_type *ktype;
	void *sd;
	int kref;			/* struct kref */
	unsigned int state_initialized:1;
	unsigned int state_in_sysfs:1;
	unsigned int state_add_uevent_sent:1;
	unsigned int state_remove_uevent_sent:1;
	unsigned int uevent_suppress:1;
};
KAPI_LAYOUT(sizeof(struct kobject) == 64, "Linux 6.1's struct kobject");

#define UEVENT_NUM_ENVP		64
#define UEVENT_BUFFER_SIZE	2048

struct kobj_uevent_env {
	char *argv[3];
	char *envp[UEVENT_NUM_ENVP];
	int envp_idx;
	char buf[UEVENT_BUFFER_SIZE];
	int buflen;
};
KAPI_LAYOUT(offsetof(struct kobj_uevent_env, buf) == 540 &&
	    sizeof(struct kobj_uevent_env) == 2592, "Linux 6.1's kobj_uevent_env");

struct kset_uevent_ops {
	int (*filter)(struct kobject *kobj);
	const char *(*name)(struct kobject *kobj);
	int (*uevent)(struct kobject *kobj, struct kobj_uevent_env *env);
};

struct kset {
	struct list_head list;		/* its kobjects' entry */
	raw_spinlock_t list_lock;
	struct kobject kobj;
	const struct kset_uevent_ops *uevent_ops;
};
KAPI_LAYOUT(offsetof(struct kset, kobj) == 24 && sizeof(struct kset) == 96,
	    "Linux 6.1's struct kset");

struct kobj_attribute {
	struct attribute attr;
	ssize_t (*show)(struct kobject *kobj, struct kobj_attribute *attr, char *buf);
	ssize_t (*store)(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count);
};

struct file;
struct bin_attribute {
	struct attribute attr;
	size_t size;
	void *private;
	void *(*f_mapping)(void);
	ssize_t (*read)(struct file *, struct kobject *, struct bin_attribute *,
			char *, long long, size_t);
	ssize_t (*write)(struct file *, struct kobject *, struct bin_attribute *,
			 char *, long long, size_t);
	void *mmap;
};
KAPI_LAYOUT(offsetof(struct bin_attribute, read) == 40 &&
	    sizeof(struct bin_attribute) == 64, "Linux 6.1's bin_attribute");

struct attribute_group {
	const char *name;
	unsigned short (*is_visible)(struct kobject *, struct attribute *, int);
	unsigned short (*is_bin_visible)(struct kobject *, struct bin_attribute *, int);
	struct attribute **attrs;
	struct bin_attribute **bin_attrs;
};

enum kobject_action {
	KOBJ_ADD, KOBJ_REMOVE, KOBJ_CHANGE, KOBJ_MOVE, KOBJ_ONLINE,
	KOBJ_OFFLINE, KOBJ_BIND, KOBJ_UNBIND,
};

extern const struct sysfs_ops kobj_sysfs_ops;

void kobject_init(struct kobject *kobj, const struct kobj_type *ktype);
int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...);
int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype,
			 struct kobject *parent, const char *fmt, ...);
struct kobject *kobject_get(struct kobject *kobj);
void kobject_put(struct kobject *kobj);
void kobject_del(struct kobject *kobj);
int kobject_set_name(struct kobject *kobj, const char *fmt, ...);
char *kobject_get_path(const struct kobject *kobj, gfp_t gfp);

void kset_init(struct kset *k);
int kset_register(struct kset *k);
void kset_unregister(struct kset *k);
struct kset *kset_create_and_add(const char *name, const struct kset_uevent_ops *ops,
				 struct kobject *parent);

int add_uevent_var(struct kobj_uevent_env *env, const char *fmt, ...);
int kobject_uevent_env(struct kobject *kobj, enum kobject_action action,
		       char *envp[]);
int kobject_uevent(struct kobject *kobj, enum kobject_action action);
/* A write to a uevent file: "ACTION [UUID [KEY=VALUE...]]". */
int kobject_synth_uevent(struct kobject *kobj, const char *buf, size_t count);

int sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr,
			 const void *ns);
void sysfs_remove_file_ns(struct kobject *kobj, const struct attribute *attr,
			  const void *ns);
int sysfs_create_bin_file(struct kobject *kobj, const struct bin_attribute *attr);
void sysfs_remove_bin_file(struct kobject *kobj, const struct bin_attribute *attr);
int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp);
void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp);
int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups);
void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups);
int sysfs_emit(char *buf, const char *fmt, ...);
int sysfs_emit_at(char *buf, int at, const char *fmt, ...);

#endif /* KAPI_KOBJECT_H */
