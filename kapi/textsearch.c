// SPDX-License-Identifier: MIT
/*
 * textsearch.c - lib/textsearch.c: algorithm modules (ts_kmp.ko,
 * ts_bm.ko, ts_fsm.ko) register their ops; textsearch_prepare finds one
 * by name, holding its module and asking for ts_<name> when none is
 * registered (unless TS_AUTOLOAD says not to), and searches run through
 * the ops over linear data.  Linux 6.1's layouts and errors.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "kernel.h"

#define TS_AUTOLOAD	1

static struct list_head ts_ops_list = { &ts_ops_list, &ts_ops_list };
static pthread_mutex_t ts_lock = PTHREAD_MUTEX_INITIALIZER;

static struct ts_ops *lookup(const char *name)
{
	struct list_head *p;

	for (p = ts_ops_list.next; p != &ts_ops_list; p = p->next) {
		struct ts_ops *o = (void *)((char *)p - offsetof(struct ts_ops, list));

		if (!strcmp(name, o->name))
			return o;
	}
	return NULL;
}

int textsearch_register(struct ts_ops *ops)
{
	int err = -EEXIST;

	if (!ops->name || !ops->find || !ops->init || !ops->get_pattern ||
	    !ops->get_pattern_len)
		return -EINVAL;
	pthread_mutex_lock(&ts_lock);
	if (!lookup(ops->name)) {
		kapi_list_add_tail(&ops->list, &ts_ops_list);
		err = 0;
	}
	pthread_mutex_unlock(&ts_lock);
	return err;
}
EXPORT_SYMBOL(textsearch_register);

int textsearch_unregister(struct ts_ops *ops)
{
	int err = -ENOENT;

	pthread_mutex_lock(&ts_lock);
	if (lookup(ops->name) == ops) {
		kapi_list_del_init(&ops->list);
		err = 0;
	}
	pthread_mutex_unlock(&ts_lock);
	return err;
}
EXPORT_SYMBOL(textsearch_unregister);

static struct ts_ops *get_ops(const char *name)
{
	struct ts_ops *o;

	pthread_mutex_lock(&ts_lock);
	o = lookup(name);
	if (o && !try_module_get(o->owner))
		o = NULL;
	pthread_mutex_unlock(&ts_lock);
	return o;
}

struct ts_linear_state {
	unsigned int len;
	const void *data;
};

/* cb sits at offset 4 of ts_state, as in Linux: copied, not cast. */
static unsigned int get_linear_data(unsigned int consumed, const u8 **dst,
				    struct ts_config *conf, struct ts_state *state)
{
	struct ts_linear_state st;

	memcpy(&st, state->cb, sizeof(st));
	if (consumed < st.len) {
		*dst = (const u8 *)st.data + consumed;
		return st.len - consumed;
	}
	return 0;
}

unsigned int textsearch_find_continuous(struct ts_config *conf,
					struct ts_state *state,
					const void *data, unsigned int len)
{
	struct ts_linear_state st = { len, data };

	conf->get_next_block = get_linear_data;
	memcpy(state->cb, &st, sizeof(st));
	state->offset = 0;
	return conf->ops->find(conf, state);
}
EXPORT_SYMBOL(textsearch_find_continuous);

struct ts_config *textsearch_prepare(const char *algo, const void *pattern,
				     unsigned int len, gfp_t gfp, int flags)
{
	struct ts_config *conf;
	struct ts_ops *ops;

	if (len == 0)
		return (void *)(long)-EINVAL;
	ops = get_ops(algo);
	if (!ops && (flags & TS_AUTOLOAD) && !request_module("ts_%s", algo))
		ops = get_ops(algo);
	if (!ops)
		return (void *)(long)-ENOENT;
	conf = ops->init(pattern, len, gfp, flags);
	if ((unsigned long)conf >= (unsigned long)-4095) {
		module_put(ops->owner);
		return conf;
	}
	conf->ops = ops;
	return conf;
}
EXPORT_SYMBOL(textsearch_prepare);

void textsearch_destroy(struct ts_config *conf)
{
	if (conf->ops) {
		if (conf->ops->destroy)
			conf->ops->destroy(conf);
		module_put(conf->ops->owner);
	}
	kfree(conf);
}
EXPORT_SYMBOL(textsearch_destroy);
