// SPDX-License-Identifier: MIT
/*
 * param_sysfs.c - the host's view of module parameters, as Linux's
 * /sys/module/<m>/parameters: perm 0 hides a parameter, the read and
 * write bits allow get and set, and values are set under the module's
 * param_lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PERM_READ	0444
#define PERM_WRITE	0222

/* The module, pinned, and its visible parameter name; or an error. */
static int lookup(struct umod_ctx *ctx, const char *module, const char *param,
		  struct module **modp, const struct kernel_param **kpp)
{
	struct module *mod = umod_module_get(ctx, module);
	const struct kernel_param *kp;

	if (!mod) {
		umod_set_errmsg("Module %s is not currently loaded", module);
		return -ENOENT;
	}
	kp = umod_find_param(mod->kp, mod->num_kp, param);
	if (!kp || !kp->perm) {
		umod_set_errmsg("%s: no parameter '%s'", mod->name, param);
		module_put(mod);
		return -ENOENT;
	}
	*modp = mod;
	*kpp = kp;
	return 0;
}

/* get and set may be the module's own code: run them guarded. */
struct param_call {
	const struct kernel_param *kp;
	struct module *mod;
	const char *name;
	char *val, *msg;
	int ret;
};

static void call_get(void *arg)
{
	struct param_call *c = arg;

	c->ret = c->kp->ops->get(c->val, c->kp);
}

static void call_set(void *arg)
{
	struct param_call *c = arg;

	c->ret = umod_param_store(c->mod->name, c->kp, c->name, c->val, c->msg,
				  UMOD_ERRMSG_LEN);
}

int umod_param_get(struct umod_ctx *ctx, const char *module, const char *param,
		   char *buf, size_t len)
{
	char val[UMOD_PARAM_BUFSIZE];
	const struct kernel_param *kp;
	struct param_call c;
	struct module *mod;
	int n;

	umod_clear_errmsg();
	n = umod_percpu_enter(ctx, module);	/* get may be the module's */
	if (n)
		return n;
	n = lookup(ctx, module, param, &mod, &kp);
	if (n)
		return n;
	if (!(kp->perm & PERM_READ) || !kp->ops->get) {
		umod_set_errmsg("%s: parameter '%s' is not readable",
				mod->name, param);
		n = -EPERM;
		goto out;
	}

	c = (struct param_call){ kp, mod, param, val, NULL, 0 };
	pthread_mutex_lock(&mod->param_lock);
	n = umod_call_guarded(mod, "param get", call_get, &c);
	pthread_mutex_unlock(&mod->param_lock);
	if (n)		/* an oops: the message says where */
		goto out;
	n = c.ret;
	if (n < 0) {
		umod_set_errmsg("%s: cannot read parameter '%s'", mod->name,
				param);
		goto out;
	}
	if ((size_t)n >= len) {
		umod_set_errmsg("%s: parameter '%s' needs %d bytes, have %zu",
				mod->name, param, n + 1, len);
		n = -ENOSPC;
		goto out;
	}
	memcpy(buf, val, n);
	buf[n] = '\0';
	n = 0;
out:
	module_put(mod);
	return n;
}

int umod_param_set(struct umod_ctx *ctx, const char *module, const char *param,
		   const char *value)
{
	char msg[UMOD_ERRMSG_LEN];
	const struct kernel_param *kp;
	struct param_call c;
	struct module *mod;
	char *val;
	int err;

	umod_clear_errmsg();
	err = umod_percpu_enter(ctx, module);	/* set may be the module's */
	if (err)
		return err;
	err = lookup(ctx, module, param, &mod, &kp);
	if (err)
		return err;
	if (!(kp->perm & PERM_WRITE) || !kp->ops->set) {
		umod_set_errmsg("%s: parameter '%s' is not writable",
				mod->name, param);
		err = -EPERM;
		goto out;
	}
	/* Linux hands set() a writable copy, which some ops rely on. */
	val = umod_strdup(value ? value : "");
	if (!val) {
		umod_set_errmsg("%s: out of memory setting parameter '%s'",
				mod->name, param);
		err = -ENOMEM;
		goto out;
	}

	c = (struct param_call){ kp, mod, param, val, msg, 0 };
	pthread_mutex_lock(&mod->param_lock);
	err = umod_call_guarded(mod, "param set", call_set, &c);
	pthread_mutex_unlock(&mod->param_lock);
	if (!err && c.ret) {
		err = c.ret;
		umod_set_errmsg("%s", msg);
	}
	free(val);
out:
	module_put(mod);
	return err;
}

/* .modinfo's "<key>=<param>:<text>" for this parameter: the text. */
struct parm_query {
	const char *key, *param;
	size_t param_len;
	const char *found;
};

static int match_parm(const char *key, size_t keylen, const char *value,
		      void *arg)
{
	struct parm_query *q = arg;

	if (keylen != strlen(q->key) || memcmp(key, q->key, keylen) ||
	    strncmp(value, q->param, q->param_len) || value[q->param_len] != ':')
		return 0;
	q->found = value + q->param_len + 1;
	return 1;
}

static const char *modinfo_parm(const struct module *mod, const char *key,
				const char *param)
{
	struct parm_query q = { key, param, strlen(param), NULL };

	umod_modinfo_walk(mod->modinfo, mod->modinfo_len, match_parm, &q);
	return q.found;
}

int umod_for_each_param(struct module *mod, umod_param_cb *cb, void *arg)
{
	unsigned int i;
	int ret;

	for (i = 0; i < mod->num_kp; i++) {
		const struct kernel_param *kp = &mod->kp[i];
		struct umod_param_info info;

		if (!kp->perm)
			continue;	/* not in sysfs either */
		info = (struct umod_param_info){
			.name = kp->name,
			.perm = kp->perm,
			.type = modinfo_parm(mod, "parmtype", kp->name),
			.desc = modinfo_parm(mod, "parm", kp->name),
		};
		ret = cb(mod, &info, arg);
		if (ret)
			return ret;
	}
	return 0;
}
