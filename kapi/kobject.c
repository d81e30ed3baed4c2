// SPDX-License-Identifier: MIT
/*
 * kobject.c - kobjects, ksets and uevents, as lib/kobject.c and
 * lib/kobject_uevent.c make them (kobject.h); sysfs.c has their
 * directories and files.
 *
 * A kobject added with a kset and no parent goes under the kset's own
 * kobject, and on its list.  kobject_uevent builds the environment as
 * kobject_uevent_env does (ACTION, DEVPATH, SUBSYSTEM, the caller's
 * keys, the kset's uevent(), SEQNUM) and broadcasts it: the host's
 * listener (<umod/sysfs.h>) gets it where Linux's netlink socket would
 * carry it.  A kobject in a kset has a uevent file, as Linux gives
 * devices, modules, buses and drivers (all kset members): reading it
 * shows the keys the kset's uevent() adds, as uevent_show does; writing
 * an action to it sends a synthetic uevent (kobject_synth_uevent).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <umod/sysfs.h>

#include "kernel.h"
#include "kobject.h"

#define KOBJ_PATH_MAX	256
#define PAGE_SIZE	4096

/* sysfs.c's, for the directories. */
int kapi_sysfs_create_dir(struct kobject *kobj);
void kapi_sysfs_remove_dir(struct kobject *kobj);
int kapi_sysfs_path(const struct kobject *kobj, char *buf, size_t size);
int kapi_sysfs_create_file_ops(struct kobject *kobj, struct attribute *attr,
			       const struct sysfs_ops *ops);
char *kvasprintf(gfp_t flags, const char *fmt, va_list ap);

#define kset_of(k)	((struct kset *)((char *)(k) - offsetof(struct kset, kobj)))

static const struct sysfs_ops uevent_file_ops;
static struct attribute uevent_attr = { "uevent", 0644 };

/* ---- kobjects ---- */

static void init_internal(struct kobject *kobj)
{
	kobj->kref = 1;
	kapi_list_init(&kobj->entry);
	kobj->state_in_sysfs = 0;
	kobj->state_add_uevent_sent = 0;
	kobj->state_remove_uevent_sent = 0;
	kobj->state_initialized = 1;
}

/* As Linux's: the rest of the kobject (its kset) is the caller's. */
void kobject_init(struct kobject *kobj, const struct kobj_type *ktype)
{
	if (!kobj || !ktype) {
		kapi_warn("kobject (%p): %s\n", (void *)kobj,
			  !kobj ? "invalid kobject pointer!" :
			  "must have a ktype to be initialized properly!\n");
		return;
	}
	if (kobj->state_initialized) {
		kapi_warn("kobject (%p): tried to init an initialized object, something is seriously wrong.\n",
			  (void *)kobj);
	}
	init_internal(kobj);
	kobj->ktype = ktype;
}
EXPORT_SYMBOL(kobject_init);

struct kobject *kobject_get(struct kobject *kobj)
{
	if (kobj)
		__atomic_add_fetch(&kobj->kref, 1, __ATOMIC_SEQ_CST);
	return kobj;
}
EXPORT_SYMBOL(kobject_get);

static int set_name_vargs(struct kobject *kobj, const char *fmt, va_list ap)
{
	char *name = kvasprintf(GFP_KERNEL, fmt, ap);

	if (!name)
		return -ENOMEM;
	for (char *p = name; (p = strchr(p, '/')); )
		*p = '!';	/* as kobject_set_name_vargs */
	kfree(kobj->name);
	kobj->name = name;
	return 0;
}

int kobject_set_name(struct kobject *kobj, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = set_name_vargs(kobj, fmt, ap);
	va_end(ap);
	return err;
}
EXPORT_SYMBOL(kobject_set_name);

static void kset_join(struct kobject *kobj)
{
	struct kset *k = kobj->kset;

	kobject_get(&k->kobj);
	_raw_spin_lock(&k->list_lock);
	kapi_list_add_tail(&kobj->entry, &k->list);
	_raw_spin_unlock(&k->list_lock);
}

static void kset_leave(struct kobject *kobj)
{
	struct kset *k = kobj->kset;

	_raw_spin_lock(&k->list_lock);
	kapi_list_del_init(&kobj->entry);
	_raw_spin_unlock(&k->list_lock);
	kobject_put(&k->kobj);
}

/* create_dir: the directory, the ktype's default groups, and a kset
 * member's uevent file. */
static int create_dir(struct kobject *kobj)
{
	const struct kobj_type *kt = kobj->ktype;
	int err = kapi_sysfs_create_dir(kobj);

	if (err)
		return err;
	kobj->state_in_sysfs = 1;
	if (kt && kt->default_groups)
		err = sysfs_create_groups(kobj, kt->default_groups);
	if (!err && kobj->kset)
		err = kapi_sysfs_create_file_ops(kobj, &uevent_attr, &uevent_file_ops);
	if (err) {
		kapi_sysfs_remove_dir(kobj);
		kobj->state_in_sysfs = 0;
	}
	return err;
}

static int add_internal(struct kobject *kobj)
{
	struct kobject *parent;
	int err;

	if (!kobj->name || !kobj->name[0]) {
		kapi_warn("kobject: (%p): attempted to be registered with empty name!\n",
			  (void *)kobj);
		return -EINVAL;
	}
	parent = kobject_get(kobj->parent);
	if (kobj->kset) {
		if (!parent)
			parent = kobject_get(&kobj->kset->kobj);
		kset_join(kobj);
		kobj->parent = parent;
	}
	err = create_dir(kobj);
	if (err) {
		if (kobj->kset)
			kset_leave(kobj);
		kobject_put(parent);
		kobj->parent = NULL;
		if (err == -EEXIST)
			kapi_printk(KERN_ERR "kobject_add_internal failed for %s with -EEXIST, don't try to register things with the same name in the same directory.\n",
				    kobj->name);
		else
			kapi_printk(KERN_ERR "kobject_add_internal failed for %s (error: %d parent: %s)\n",
				    kobj->name, err, parent ? parent->name : "'none'");
	}
	return err;
}

static int add_varg(struct kobject *kobj, struct kobject *parent,
		    const char *fmt, va_list ap)
{
	int err;

	if (!kobj->state_initialized) {
		kapi_warn("kobject '%s' (%p): tried to add an uninitialized object, something is seriously wrong.\n",
			  kobj->name ? kobj->name : "", (void *)kobj);
		return -EINVAL;
	}
	err = set_name_vargs(kobj, fmt, ap);
	if (err)
		return err;
	kobj->parent = parent;
	return add_internal(kobj);
}

int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...)
{
	va_list ap;
	int err;

	if (!kobj)
		return -EINVAL;
	va_start(ap, fmt);
	err = add_varg(kobj, parent, fmt, ap);
	va_end(ap);
	return err;
}
EXPORT_SYMBOL(kobject_add);

int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype,
			 struct kobject *parent, const char *fmt, ...)
{
	va_list ap;
	int err;

	kobject_init(kobj, ktype);
	va_start(ap, fmt);
	err = add_varg(kobj, parent, fmt, ap);
	va_end(ap);
	return err;
}
EXPORT_SYMBOL(kobject_init_and_add);

/* kobject_create's; the name goes in cleanup(). */
static void dynamic_kobj_release(struct kobject *kobj)
{
	kfree(kobj);
}

static const struct kobj_type dynamic_kobj_ktype = {
	.release = dynamic_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
};

struct kobject *kobject_create_and_add(const char *name, struct kobject *parent)
{
	struct kobject *kobj = __kmalloc(sizeof(*kobj), GFP_KERNEL | __GFP_ZERO);

	if (!kobj)
		return NULL;
	kobject_init(kobj, &dynamic_kobj_ktype);
	if (kobject_add(kobj, parent, "%s", name)) {
		kapi_printk(KERN_WARNING "kobject_create_and_add: kobject_add error\n");
		kobject_put(kobj);
		return NULL;
	}
	return kobj;
}
EXPORT_SYMBOL(kobject_create_and_add);

/* Out of sysfs and its kset: the directory, its files and groups. */
void kobject_del(struct kobject *kobj)
{
	struct kobject *parent;

	if (!kobj || !kobj->state_in_sysfs)
		return;
	kapi_sysfs_remove_dir(kobj);
	kobj->state_in_sysfs = 0;
	if (kobj->kset)
		kset_leave(kobj);
	parent = kobj->parent;
	kobj->parent = NULL;
	kobject_put(parent);
}
EXPORT_SYMBOL(kobject_del);

/* "/kernel/tkset/foo", kmalloc'd. */
char *kobject_get_path(const struct kobject *kobj, gfp_t gfp)
{
	char path[KOBJ_PATH_MAX];
	char *p;

	if (kapi_sysfs_path(kobj, path, sizeof(path)))
		return NULL;
	p = __kmalloc(strlen(path) + 2, gfp);
	if (p) {
		p[0] = '/';
		strcpy(p + 1, path);
	}
	return p;
}
EXPORT_SYMBOL(kobject_get_path);

struct release_call {
	void (*release)(struct kobject *kobj);
	struct kobject *kobj;
};

static void run_release(void *p)
{
	struct release_call *c = p;

	c->release(c->kobj);
}

/* kobject_cleanup: a kobject that announced itself says it goes, then
 * leaves sysfs, then the ktype's release (the module's, under the
 * guard), then its name, which kobject_set_name allocated. */
static void cleanup(struct kobject *kobj)
{
	struct release_call c = { kobj->ktype ? kobj->ktype->release : NULL, kobj };
	const char *name = kobj->name;

	if (kobj->state_add_uevent_sent && !kobj->state_remove_uevent_sent)
		kobject_uevent(kobj, KOBJ_REMOVE);
	kobject_del(kobj);
	if (!c.release)
		kapi_printk(KERN_ERR "kobject: '%s' (%p): does not have a release() function, it is broken and must be fixed. See Documentation/core-api/kobject.rst.\n",
			    name ? name : "", (void *)kobj);
	else
		kapi_call_module(c.release, "kobject release", run_release, &c);
	kfree(name);
}

void kobject_put(struct kobject *kobj)
{
	if (!kobj)
		return;
	if (!kobj->state_initialized)
		kapi_warn("kobject: '%s' (%p): is not initialized, yet kobject_put() is being called.\n",
			  kobj->name ? kobj->name : "", (void *)kobj);
	if (!__atomic_sub_fetch(&kobj->kref, 1, __ATOMIC_SEQ_CST))
		cleanup(kobj);
}
EXPORT_SYMBOL(kobject_put);

/* ---- ksets ---- */

void kset_init(struct kset *k)
{
	init_internal(&k->kobj);
	kapi_list_init(&k->list);
	k->list_lock.val = 0;
}
EXPORT_SYMBOL(kset_init);

int kset_register(struct kset *k)
{
	int err;

	if (!k)
		return -EINVAL;
	if (!k->kobj.ktype) {
		kapi_printk(KERN_ERR "must have a ktype\n");
		return -EINVAL;
	}
	kset_init(k);
	err = add_internal(&k->kobj);
	if (err)
		return err;
	kobject_uevent(&k->kobj, KOBJ_ADD);
	return 0;
}
EXPORT_SYMBOL(kset_register);

void kset_unregister(struct kset *k)
{
	if (!k)
		return;
	kobject_del(&k->kobj);
	kobject_put(&k->kobj);
}
EXPORT_SYMBOL(kset_unregister);

static void kset_release(struct kobject *kobj)
{
	kfree(kset_of(kobj));
}

static const struct kobj_type kset_ktype = {
	.release = kset_release,
	.sysfs_ops = &kobj_sysfs_ops,
};

struct kset *kset_create_and_add(const char *name, const struct kset_uevent_ops *ops,
				 struct kobject *parent)
{
	struct kset *k = __kmalloc(sizeof(*k), GFP_KERNEL | __GFP_ZERO);

	if (!k)
		return NULL;
	if (kobject_set_name(&k->kobj, "%s", name)) {
		kfree(k);
		return NULL;
	}
	k->uevent_ops = ops;
	k->kobj.parent = parent;
	k->kobj.ktype = &kset_ktype;
	if (kset_register(k)) {
		kfree(k->kobj.name);
		kfree(k);
		return NULL;
	}
	return k;
}
EXPORT_SYMBOL(kset_create_and_add);

/* ---- uevents ---- */

static const char *const actions[] = {
	[KOBJ_ADD] = "add", [KOBJ_REMOVE] = "remove", [KOBJ_CHANGE] = "change",
	[KOBJ_MOVE] = "move", [KOBJ_ONLINE] = "online", [KOBJ_OFFLINE] = "offline",
	[KOBJ_BIND] = "bind", [KOBJ_UNBIND] = "unbind",
};

static pthread_mutex_t uevent_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long uevent_seqnum;
static umod_uevent_fn *listener;
static void *listener_arg;

void umod_uevent_listen(umod_uevent_fn *fn, void *arg)
{
	pthread_mutex_lock(&uevent_lock);
	listener = fn;
	listener_arg = arg;
	pthread_mutex_unlock(&uevent_lock);
}

int add_uevent_var(struct kobj_uevent_env *env, const char *fmt, ...)
{
	size_t room = sizeof(env->buf) - env->buflen;
	va_list ap;
	int len;

	if (env->envp_idx >= UEVENT_NUM_ENVP) {
		kapi_warn(KERN_ERR "add_uevent_var: too many keys\n");
		return -ENOMEM;
	}
	va_start(ap, fmt);
	len = umod_vsnprintf(&env->buf[env->buflen], room, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= room) {
		kapi_warn(KERN_ERR "add_uevent_var: buffer size too small\n");
		return -ENOMEM;
	}
	env->envp[env->envp_idx++] = &env->buf[env->buflen];
	env->buflen += len + 1;
	return 0;
}
EXPORT_SYMBOL(add_uevent_var);

/* The kset's uevent_ops, each module code under its guard. */
struct ops_call {
	const struct kset_uevent_ops *ops;
	struct kobject *kobj;
	struct kobj_uevent_env *env;
	long ret;
	const char *name;
};

static void run_filter(void *p)
{
	struct ops_call *c = p;

	c->ret = c->ops->filter(c->kobj);
}

static void run_name(void *p)
{
	struct ops_call *c = p;

	c->name = c->ops->name(c->kobj);
}

static void run_uevent(void *p)
{
	struct ops_call *c = p;

	c->ret = c->ops->uevent(c->kobj, c->env);
}

static bool filtered_out(struct ops_call *c)
{
	return c->ops && c->ops->filter &&
	       (kapi_call_module(c->ops->filter, "uevent filter", run_filter, c) ||
		!c->ret);
}

static int kset_uevent(struct ops_call *c)
{
	int err;

	if (!c->ops || !c->ops->uevent)
		return 0;
	err = kapi_call_module(c->ops->uevent, "uevent", run_uevent, c);
	return err ? err : c->ret;
}

/* The kset the kobject belongs to: its own, or its nearest parent's. */
static struct kset *top_kset(struct kobject *kobj)
{
	while (!kobj->kset && kobj->parent)
		kobj = kobj->parent;
	return kobj->kset;
}

/* kobject_uevent_net_broadcast's part: to the host, under the lock
 * that orders SEQNUM. */
static int broadcast(struct kobj_uevent_env *env, const char *action,
		     const char *devpath)
{
	int err;

	pthread_mutex_lock(&uevent_lock);
	err = add_uevent_var(env, "SEQNUM=%llu", ++uevent_seqnum);
	if (!err && listener)
		listener(action, devpath, env->envp, env->envp_idx, listener_arg);
	pthread_mutex_unlock(&uevent_lock);
	return err;
}

static int build_env(struct ops_call *c, const char *action, const char *devpath,
		     const char *subsystem, char *envp_ext[])
{
	int err = add_uevent_var(c->env, "ACTION=%s", action);

	if (!err)
		err = add_uevent_var(c->env, "DEVPATH=%s", devpath);
	if (!err)
		err = add_uevent_var(c->env, "SUBSYSTEM=%s", subsystem);
	for (int i = 0; !err && envp_ext && envp_ext[i]; i++)
		err = add_uevent_var(c->env, "%s", envp_ext[i]);
	if (!err && (err = kset_uevent(c)))
		kapi_printk(KERN_DEBUG "kobject: '%s' (%p): kobject_uevent_env: uevent() returned %d\n",
			    c->kobj->name, (void *)c->kobj, err);
	return err;
}

int kobject_uevent_env(struct kobject *kobj, enum kobject_action action,
		       char *envp_ext[])
{
	struct ops_call c = { .kobj = kobj };
	const char *subsystem;
	char *devpath = NULL;
	struct kset *kset;
	int err = -ENOMEM;

	if (action == KOBJ_REMOVE)
		kobj->state_remove_uevent_sent = 1;
	kset = top_kset(kobj);
	if (!kset)
		return -EINVAL;	/* "attempted to send uevent without kset!" */
	c.ops = kset->uevent_ops;
	if (kobj->uevent_suppress || filtered_out(&c))
		return 0;
	subsystem = kset->kobj.name;
	if (c.ops && c.ops->name &&
	    kapi_call_module(c.ops->name, "uevent name", run_name, &c) == 0)
		subsystem = c.name;
	if (!subsystem)
		return 0;
	c.env = __kmalloc(sizeof(*c.env), GFP_KERNEL | __GFP_ZERO);
	devpath = kobject_get_path(kobj, GFP_KERNEL);
	if (!c.env || !devpath)
		goto out;
	err = build_env(&c, actions[action], devpath, subsystem, envp_ext);
	if (err)
		goto out;
	if (action == KOBJ_ADD)
		kobj->state_add_uevent_sent = 1;
	err = broadcast(c.env, actions[action], devpath);
out:
	kfree(devpath);
	kfree(c.env);
	return err;
}
EXPORT_SYMBOL(kobject_uevent_env);

int kobject_uevent(struct kobject *kobj, enum kobject_action action)
{
	return kobject_uevent_env(kobj, action, NULL);
}
EXPORT_SYMBOL(kobject_uevent);

/* kobject_action_type: the action word, up to a space or the end (a
 * trailing newline dropped); *args what follows the space. */
static int action_type(const char *buf, size_t count, enum kobject_action *type,
		       const char **args)
{
	size_t len = count;
	const char *space;

	if (len && buf[len - 1] == '\n')
		len--;
	space = memchr(buf, ' ', len);
	*args = NULL;
	if (space) {
		*args = space + 1;
		len = space - buf;
	}
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strlen(actions[i]) == len && !strncmp(buf, actions[i], len)) {
			*type = i;
			return 0;
		}
	return -EINVAL;
}

static bool uuid_valid(const char *s, size_t len)
{
	if (len != 36)
		return false;
	for (size_t i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ?
		    s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/* kobject_action_args: "UUID [KEY=VALUE ...]" as SYNTH_UUID= and
 * SYNTH_ARG_KEY=VALUE keys. */
static int action_args(const char *args, size_t len, struct kobj_uevent_env *env)
{
	const char *end = args + len, *word;
	size_t n;

	if (len && end[-1] == '\n')
		end--;
	n = strcspn(args, " \n");
	if ((size_t)(end - args) < n || !uuid_valid(args, n) ||
	    add_uevent_var(env, "SYNTH_UUID=%.*s", (int)n, args))
		return -EINVAL;
	for (word = args + n; word < end; word += n) {
		while (word < end && *word == ' ')
			word++;
		if (word >= end)
			break;
		n = strcspn(word, " \n");
		if ((size_t)(end - word) < n)
			n = end - word;
		if (!memchr(word, '=', n) || *word == '=' ||
		    add_uevent_var(env, "SYNTH_ARG_%.*s", (int)n, word))
			return -EINVAL;
	}
	return 0;
}

int kobject_synth_uevent(struct kobject *kobj, const char *buf, size_t count)
{
	char *no_uuid_envp[] = { "SYNTH_UUID=0", NULL };
	struct kobj_uevent_env *env = NULL;
	enum kobject_action action;
	const char *args, *msg = NULL;
	char *devpath;
	int err;

	err = action_type(buf, count, &action, &args);
	if (err) {
		msg = "unknown uevent action string";
		goto out;
	}
	if (!args) {
		err = kobject_uevent_env(kobj, action, no_uuid_envp);
		goto out;
	}
	env = __kmalloc(sizeof(*env), GFP_KERNEL | __GFP_ZERO);
	err = -ENOMEM;
	if (!env)
		goto out;
	err = action_args(args, count - (args - buf), env);
	if (err) {
		msg = "incorrect uevent action arguments";
		goto out;
	}
	env->envp[env->envp_idx] = NULL;
	err = kobject_uevent_env(kobj, action, env->envp);
out:
	kfree(env);
	if (err) {
		devpath = kobject_get_path(kobj, GFP_KERNEL);
		kapi_printk(KERN_WARNING "synth uevent: %s: %s\n",
			    devpath ? devpath : "unknown device",
			    msg ? msg : "failed to send uevent");
		kfree(devpath);
	}
	return err;
}

/* ---- The uevent file ---- */

/* uevent_show's: the keys the kset's uevent() adds, a line each. */
static ssize_t uevent_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct ops_call c = { .kobj = kobj };
	struct kset *kset = top_kset(kobj);
	int len = 0;

	(void)attr;
	c.ops = kset ? kset->uevent_ops : NULL;
	if (!c.ops || !c.ops->uevent || filtered_out(&c))
		return 0;
	c.env = __kmalloc(sizeof(*c.env), GFP_KERNEL | __GFP_ZERO);
	if (!c.env)
		return -ENOMEM;
	if (!kset_uevent(&c))
		for (int i = 0; i < c.env->envp_idx; i++)
			len += sysfs_emit_at(buf, len, "%s\n", c.env->envp[i]);
	kfree(c.env);
	return len;
}

static ssize_t uevent_store(struct kobject *kobj, struct attribute *attr,
			    const char *buf, size_t count)
{
	int err;

	(void)attr;
	err = kobject_synth_uevent(kobj, buf, count);
	if (err) {
		kapi_printk(KERN_ERR "%s: uevent: failed to send synthetic uevent: %d\n",
			    kobj->name, err);
		return err;
	}
	return count;
}

static const struct sysfs_ops uevent_file_ops = {
	.show = uevent_show,
	.store = uevent_store,
};
