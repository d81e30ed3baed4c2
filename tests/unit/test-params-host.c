// SPDX-License-Identifier: MIT
/*
 * test-params-host.c - umod_param_get, umod_param_set, umod_for_each_param:
 * the /sys/module/<m>/parameters view, on a module placed in a real
 * context's list by hand, so only the parameter code is under test.
 */
#include <errno.h>
#include <pthread.h>

#include "../tap.h"
#include "../../src/internal.h"

#define KP(n, o, a, p) { .name = n, .ops = o, .arg = (void *)(a), .perm = p }

static int count = 3;
static char *name = "default";
static char str[8] = "abc";
static int ro = 1, wo = 2, hidden = 3, dash_name = 4;
static const struct kparam_string str_kps = { sizeof(str), str };
static struct kernel_param table[] = {
	KP("count", &param_ops_int, &count, 0644),
	KP("name", &param_ops_charp, &name, 0644),
	KP("str", &param_ops_string, &str_kps, 0600),
	KP("ro", &param_ops_int, &ro, 0444),
	KP("wo", &param_ops_int, &wo, 0200),
	KP("hidden", &param_ops_int, &hidden, 0),
	KP("dash_name", &param_ops_int, &dash_name, 0644),
};

/* What module_param and MODULE_PARM_DESC put in .modinfo. */
static char modinfo[] =
	"license=GPL\0"
	"parmtype=count:int\0"
	"parm=count:How many\0"
	"parm=cou:not count's\0"
	"parmtype=name:charp\0"
	"parmtype=str:string\0"
	"parmtype=ro:int\0"
	"parm=ro:Read only\0"
	"parmtype=hidden:int\0";

static struct umod_ctx *ctx;
static struct module fake;

static void add_fake_module(void)
{
	snprintf(fake.name, sizeof(fake.name), "fake");
	fake.state = MODULE_STATE_LIVE;
	fake.ctx = ctx;
	if (module_ref_alloc(&fake, 0))
		abort();
	pthread_mutex_init(&fake.param_lock, NULL);
	fake.kp = table;
	fake.num_kp = sizeof(table) / sizeof(table[0]);
	fake.modinfo = modinfo;
	fake.modinfo_len = sizeof(modinfo);
	INIT_LIST_HEAD(&fake.target_list);
	module_lock(ctx);
	if (module_list_add(ctx, &fake))
		abort();
	module_unlock(ctx);
}

static void remove_fake_module(void)
{
	module_lock(ctx);
	module_list_del(&fake);
	module_unlock(ctx);
	umod_destroy_params(fake.kp, fake.num_kp);
	pthread_mutex_destroy(&fake.param_lock);
}

static char buf[UMOD_PARAM_BUFSIZE];
static const char *got = buf;

static const char *get(const char *param)
{
	int ret = umod_param_get(ctx, "fake", param, buf, sizeof(buf));

	if (ret)
		snprintf(buf, sizeof(buf), "error %d", ret);
	return buf;
}

static void test_get(void)
{
	is_str(get("count"), "3\n", "get reads the value as sysfs shows it");
	is_str(get("name"), "default\n", "a charp");
	is_str(get("str"), "abc\n", "a string");
	is_str(get("ro"), "1\n", "a read-only parameter");
	is_str(get("dash-name"), "4\n", "dashes match underscores");

	is_int(umod_param_get(ctx, "nosuch", "count", buf, sizeof(buf)),
	       -ENOENT, "no such module");
	is_str(umod_errmsg(), "Module nosuch is not currently loaded",
	       "says so");
	is_int(umod_param_get(ctx, "fake", "bogus", buf, sizeof(buf)),
	       -ENOENT, "no such parameter");
	is_str(umod_errmsg(), "fake: no parameter 'bogus'", "says so");
	is_int(umod_param_get(ctx, "fake", "hidden", buf, sizeof(buf)),
	       -ENOENT, "perm 0 hides a parameter, as in sysfs");
	is_int(umod_param_get(ctx, "fake", "wo", buf, sizeof(buf)), -EPERM,
	       "a write-only parameter cannot be read");
	is_str(umod_errmsg(), "fake: parameter 'wo' is not readable",
	       "says so");

	is_int(umod_param_get(ctx, "fake", "count", buf, 2), -ENOSPC,
	       "a buffer one byte short");
	is_str(umod_errmsg(), "fake: parameter 'count' needs 3 bytes, have 2",
	       "says how much is needed");
	is_int(umod_param_get(ctx, "fake", "count", buf, 3), 0,
	       "an exact buffer");
	is_str(got, "3\n", "holds the value");
	is_int(module_refcount(&fake), 0, "no reference is left behind");
}

static void test_set(void)
{
	is_int(umod_param_set(ctx, "fake", "count", "7"), 0, "set an int");
	is_int(count, 7, "the module sees it");
	is_int(umod_param_set(ctx, "fake", "count", "8\n"), 0,
	       "a trailing newline, as echo writes");
	is_str(get("count"), "8\n", "reads back");
	is_int(umod_param_set(ctx, "fake", "dash-name", "0x10"), 0,
	       "set by a dashed name");
	is_int(dash_name, 16, "the module sees it");

	is_int(umod_param_set(ctx, "fake", "name", "first"), 0, "set a charp");
	is_int(umod_param_set(ctx, "fake", "name", "second"), 0, "and again");
	is_str(name, "second", "the module sees the copy");

	is_int(umod_param_set(ctx, "fake", "count", "abc"), -EINVAL,
	       "a bad value");
	is_str(umod_errmsg(), "fake: 'abc' invalid for parameter 'count'",
	       "has Linux's message");
	is_int(umod_param_set(ctx, "fake", "count", "4294967296"), -ERANGE,
	       "an out-of-range value");
	is_int(count, 8, "leaves the old value");
	is_int(umod_param_set(ctx, "fake", "str", "12345678"), -ENOSPC,
	       "a string too long");
	is_str(umod_errmsg(), "fake: str: string doesn't fit in 7 chars.",
	       "says how long it may be");
	is_int(umod_param_set(ctx, "fake", "ro", "5"), -EPERM,
	       "a read-only parameter cannot be set");
	is_str(umod_errmsg(), "fake: parameter 'ro' is not writable",
	       "says so");
	is_int(ro, 1, "and keeps its value");
	is_int(umod_param_set(ctx, "fake", "wo", "5"), 0,
	       "a write-only one can");
	is_int(wo, 5, "the module sees it");
	is_int(umod_param_set(ctx, "fake", "hidden", "5"), -ENOENT,
	       "a hidden one is not there");
	is_int(umod_param_set(ctx, "nosuch", "count", "5"), -ENOENT,
	       "no such module");
	is_int(module_refcount(&fake), 0, "no reference is left behind");
}

static void test_going(void)
{
	atomic_store(&fake.ref->refcnt, 0);		/* unload has claimed it */
	is_int(umod_param_get(ctx, "fake", "count", buf, sizeof(buf)),
	       -ENOENT, "a module being unloaded is not there");
	is_int(umod_param_set(ctx, "fake", "count", "1"), -ENOENT,
	       "nor can it be set");
	atomic_store(&fake.ref->refcnt, MODULE_REF_BASE);
	fake.state = MODULE_STATE_UNFORMED;
	is_int(umod_param_get(ctx, "fake", "count", buf, sizeof(buf)),
	       -ENOENT, "nor one still being laid out");
	fake.state = MODULE_STATE_LIVE;
}

struct seen {
	char names[256];
	const char *count_type, *count_desc, *name_type, *name_desc;
	unsigned int ro_perm;
	int calls;
};

static int note_param(struct module *mod, const struct umod_param_info *p,
		      void *arg)
{
	struct seen *s = arg;

	s->calls++;
	strcat(s->names, p->name);
	strcat(s->names, " ");
	if (!strcmp(p->name, "count")) {
		s->count_type = p->type;
		s->count_desc = p->desc;
	} else if (!strcmp(p->name, "name")) {
		s->name_type = p->type;
		s->name_desc = p->desc;
	} else if (!strcmp(p->name, "ro")) {
		s->ro_perm = p->perm;
	}
	return mod == &fake ? 0 : -1;
}

static int stop_at_third(struct module *mod, const struct umod_param_info *p,
			 void *arg)
{
	return ++*(int *)arg == 3 ? 42 : 0;
}

static void test_for_each(void)
{
	struct seen s = { "" };
	int calls = 0;

	is_int(umod_for_each_param(&fake, note_param, &s), 0,
	       "every parameter is visited");
	is_str(s.names, "count name str ro wo dash_name ",
	       "the visible ones, in order");
	is_str(s.count_type, "int", "type from parmtype");
	is_str(s.count_desc, "How many", "description from parm");
	is_str(s.name_type, "charp", "charp's type");
	ok(s.name_desc == NULL, "no description is NULL");
	is_int(s.ro_perm, 0444, "perm as declared");
	is_int(umod_for_each_param(&fake, stop_at_third, &calls), 42,
	       "a non-zero return stops the walk and is returned");
	is_int(calls, 3, "after the third");
}

/* A charp read while another thread replaces it: the lock keeps the old
 * copy alive until the read is done (ASan or valgrind would see it). */
static void *setter(void *arg)
{
	for (int i = 0; i < 2000; i++)
		umod_param_set(ctx, "fake", "name", i & 1 ? "odd" : "even");
	return NULL;
}

static void test_concurrent(void)
{
	pthread_t t;
	int bad = 0;

	umod_param_set(ctx, "fake", "name", "even");
	pthread_create(&t, NULL, setter, NULL);
	for (int i = 0; i < 2000; i++) {
		get("name");
		if (strcmp(buf, "odd\n") && strcmp(buf, "even\n"))
			bad++;
	}
	pthread_join(t, NULL);
	is_int(bad, 0, "reads during sets see whole values");
	is_int(module_refcount(&fake), 0, "and leave no reference");
}

int main(void)
{
	ctx = umod_ctx_new();
	if (!ok(ctx != NULL, "a context"))
		return done_testing();
	add_fake_module();
	test_get();
	test_set();
	test_going();
	test_for_each();
	test_concurrent();
	remove_fake_module();
	umod_ctx_free(ctx);
	return done_testing();
}
