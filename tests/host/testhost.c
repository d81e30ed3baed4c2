// SPDX-License-Identifier: MIT
/*
 * testhost - a umod host driven by commands on stdin, one per line, for
 * the loader's end-to-end tests (tests/loader*.t).
 *
 * It exports functions and data of its own (EXPORT_SYMBOL), libc through
 * an export table and the hooks Linux's code generation calls (kapi's thunks),
 * prints everything the loader reports, and can snapshot all the state a
 * user could observe, so a test can prove a failed operation left nothing
 * behind.  Each command echoes as "> command"; its results follow:
 *
 *   load [--force|--force-vermagic|--force-modversion|--dry-run] PATH [PARAMS...]
 *   load-fd ... / load-image ...	the same through umod_load_fd/_image
 *					-> "ok NAME" or "err ENAME message";
 *					a dry run that would load: "ok"
 *   unload NAME [force] [nonblock]	-> "ok" or "err ENAME message"
 *   lsmod				-> "lsmod N", "mod NAME STATE REFCNT USERS"
 *   info MOD				-> "info NAME state=.. refcnt=.. taints=.."
 *   modinfo MOD KEY			-> "modinfo MOD KEY = VALUE" for each
 *   params MOD				-> "parm NAME PERM TYPE"
 *   param MOD NAME [VALUE]		get -> "param MOD NAME = VALUE", set
 *   sym SYM / ksym SYM			export's owner / kallsyms' type, owner
 *   call SYM				-> "call SYM = N" (int (*)(void))
 *   prot SYM / protret SYM		protection of SYM / of what SYM returns
 *   get MOD / put MOD			umod_module_get / module_put
 *   symget SYM / symput SYM		umod_symbol_get / umod_symbol_put
 *   notify on|off [TAG]		-> "notify[/TAG] NAME STATE" on changes
 *   veto NAME|-			refuse NAME in its COMING notifier
 *   vermagic [STRING]			set or show the expected vermagic
 *   loglevel N				show loader messages up to level N
 *   snapshot / same			record state / compare: "same" or a diff
 *   stress THREADS ITERS PATH...	load, unload, call, get concurrently
 *   quit
 *
 * Loader messages print as "log: LEVEL: message", printk as
 * "printk: LEVEL: message", host_record() as "record: message".
 *
 * snapshot counts the heap's bytes in use exactly (tests/heapcount.c):
 * take it after a warm-up load and unload, which fills lazily made caches.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <umod/linux.h>

#include "../heapcount.h"

/* libumod-private (src/internal.h): bytes of module memory allocated. */
size_t umod_arena_bytes_in_use(void);

#define PARAM_BUFSIZE 4096	/* <umod/module.h>'s UMOD_PARAM_BUFSIZE */

static struct umod_ctx *ctx;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool quiet;		/* stress: callbacks print nothing */
static int loglevel = UMOD_LOG_INFO;

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&out_lock);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	pthread_mutex_unlock(&out_lock);
}

/* ---- What the host exports ---- */

int host_counter = 7;
EXPORT_SYMBOL(host_counter);

int host_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL(host_add);

void host_record(const char *msg)
{
	if (!quiet)
		say("record: %s", msg);
}
EXPORT_SYMBOL(host_record);

/*
 * The thread's per-CPU area and its current task, as the host's per-CPU
 * init gives them (a task of its own in the area's first host word):
 * what module code must read from the machine's per-CPU and current
 * registers (tests/modules/pcpu.c).
 */
static __thread void *percpu_area;
static __thread long task_stub[16];

static void percpu_init(void *area, unsigned int cpu)
{
	(void)cpu;
	percpu_area = area;
	*(void **)((char *)area + UMOD_PERCPU_CURRENT_OFFSET) = task_stub;
}

void *host_percpu_area(void)
{
	return percpu_area;
}
EXPORT_SYMBOL(host_percpu_area);

void *host_current(void)
{
	return task_stub;
}
EXPORT_SYMBOL(host_current);

int host_gpl_only(void)
{
	return 1234;
}
EXPORT_SYMBOL_GPL(host_gpl_only);

void __stack_chk_fail(void);	/* -fstack-protector modules call it */

static const struct umod_symbol libc_symbols[] = {
	UMOD_SYMBOL(snprintf), UMOD_SYMBOL(vsnprintf),
	UMOD_SYMBOL(strlen), UMOD_SYMBOL(strcmp), UMOD_SYMBOL(strncmp),
	UMOD_SYMBOL(strcpy), UMOD_SYMBOL(memcpy), UMOD_SYMBOL(memmove),
	UMOD_SYMBOL(memset), UMOD_SYMBOL(memcmp),
	UMOD_SYMBOL(malloc), UMOD_SYMBOL(calloc), UMOD_SYMBOL(free),
	UMOD_SYMBOL(__stack_chk_fail),
};

/* ---- Loader callbacks ---- */

static const char *level_name(int level)
{
	static const char *const names[] = {
		"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
	};

	return level >= 0 && level < 8 ? names[level] : "?";
}

static void on_log(int level, const char *msg, void *arg)
{
	const char *prefix = arg;

	if (quiet || level > loglevel)
		return;
	say("%s: %s: %.*s", prefix, level_name(level),
	    (int)strcspn(msg, "\n"), msg);
}

static const char *state_name(enum module_state s)
{
	switch (s) {
	case MODULE_STATE_LIVE:		return "live";
	case MODULE_STATE_COMING:	return "coming";
	case MODULE_STATE_GOING:	return "going";
	case MODULE_STATE_UNFORMED:	return "unformed";
	}
	return "?";
}

#define MAX_NOTIFIERS 8
static struct notify_slot {
	bool used;
	char tag[16];
} notifiers[MAX_NOTIFIERS];

static int on_notify(struct module *mod, enum module_state state, void *arg)
{
	const char *tag = arg;

	if (quiet)
		return 0;
	if (*tag)
		say("notify/%s %s %s", tag, module_name(mod), state_name(state));
	else
		say("notify %s %s", module_name(mod), state_name(state));
	return 0;
}

static char veto_name[64];

static int on_veto(struct module *mod, enum module_state state, void *arg)
{
	if (state != MODULE_STATE_COMING || strcmp(module_name(mod), veto_name))
		return 0;
	say("veto %s", veto_name);
	return -EPERM;
}

/* ---- Helpers ---- */

static const char *errname(int err)
{
	static _Thread_local char buf[16];
	const char *name;

	if (err == EWOULDBLOCK)
		return "EWOULDBLOCK";	/* what umod documents; EAGAIN to glibc */
	name = strerrorname_np(err);
	if (name)
		return name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

static void fail(int ret, const char *msg)
{
	if (msg && *msg)
		say("err %s %s", errname(-ret), msg);
	else
		say("err %s", errname(-ret));
}

static char *word(char **p)
{
	char *s = *p + strspn(*p, " \t");
	char *e;

	if (!*s)
		return NULL;
	e = s + strcspn(s, " \t");
	*p = *e ? e + 1 : e;
	*e = '\0';
	return s;
}

static char *rest(char *p)
{
	p += strspn(p, " \t");
	return *p ? p : NULL;
}

static void usage(const char *u)
{
	say("usage: %s", u);
}

/* Visit the module called name under the module lock. */
struct with_module {
	const char *name;
	void (*fn)(struct module *mod, void *arg);
	void *arg;
};

static int with_module_cb(struct module *mod, void *arg)
{
	struct with_module *w = arg;

	if (strcmp(module_name(mod), w->name))
		return 0;
	w->fn(mod, w->arg);
	return 1;
}

static bool with_module(const char *name, void (*fn)(struct module *, void *),
			void *arg)
{
	struct with_module w = { name, fn, arg };

	if (umod_for_each_module(ctx, with_module_cb, &w))
		return true;
	say("err ENOENT %s: not loaded", name);
	return false;
}

static void taint_letters(unsigned int t, char *buf)
{
	char *p = buf;

	if (t & UMOD_TAINT_PROPRIETARY)
		*p++ = 'P';
	if (t & UMOD_TAINT_FORCED)
		*p++ = 'F';
	if (t & UMOD_TAINT_DIE)
		*p++ = 'D';
	if (t & UMOD_TAINT_OOT)
		*p++ = 'O';
	if (t & UMOD_TAINT_UNSIGNED)
		*p++ = 'E';
	if (p == buf)
		*p++ = '-';
	*p = '\0';
}

/* Users of mod, sorted and comma-separated, or "-". */
struct names {
	char buf[512];
	const char *v[64];
	int n;
};

static int add_name(struct module *mod, void *arg)
{
	struct names *u = arg;

	if (u->n < 64)
		u->v[u->n++] = module_name(mod);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *users_of(struct module *mod, struct names *u)
{
	size_t len = 0;

	u->n = 0;
	umod_for_each_user(mod, add_name, u);
	qsort(u->v, u->n, sizeof(u->v[0]), cmp_str);
	strcpy(u->buf, "-");
	for (int i = 0; i < u->n && len < sizeof(u->buf); i++)
		len += snprintf(u->buf + len, sizeof(u->buf) - len, "%s%s",
				i ? "," : "", u->v[i]);
	return u->buf;
}

/* ---- Loading and unloading ---- */

static int load_image(const char *path, const char *params, unsigned int flags,
		      struct module **mod)
{
	struct stat st;
	void *image;
	int fd, ret;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	image = malloc(st.st_size ? st.st_size : 1);
	if (!image) {
		ret = -ENOMEM;
		goto out;
	}
	ret = read(fd, image, st.st_size) == st.st_size ? 0 : -EIO;
	if (!ret)
		ret = umod_load_image(ctx, image, st.st_size, params, flags, mod);
	free(image);
out:
	close(fd);
	return ret;
}

static int load_fd(const char *path, const char *params, unsigned int flags,
		   struct module **mod)
{
	int fd = open(path, O_RDONLY), ret;

	if (fd < 0)
		return -errno;
	ret = umod_load_fd(ctx, fd, params, flags, mod);
	close(fd);
	return ret;
}

static int load_file(const char *path, const char *params, unsigned int flags,
		     struct module **mod)
{
	return umod_load_file(ctx, path, params, flags, mod);
}

static void do_load(char *args, int (*load)(const char *, const char *,
					    unsigned int, struct module **))
{
	unsigned int flags = 0;
	struct module *mod;
	char *path;
	int ret;

	while ((path = word(&args)) && !strncmp(path, "--", 2)) {
		if (!strcmp(path, "--force"))
			flags |= UMOD_INIT_FORCE;
		else if (!strcmp(path, "--force-vermagic"))
			flags |= UMOD_INIT_IGNORE_VERMAGIC;
		else if (!strcmp(path, "--force-modversion"))
			flags |= UMOD_INIT_IGNORE_MODVERSIONS;
		else if (!strcmp(path, "--dry-run"))
			flags |= UMOD_INIT_DRY_RUN;
		else
			return usage("load: unknown option");
	}
	if (!path)
		return usage("load [--force...] PATH [PARAMS]");
	ret = load(path, rest(args), flags, &mod);
	if (ret)
		return fail(ret, umod_errmsg());
	if (flags & UMOD_INIT_DRY_RUN)
		say("ok");
	else
		say("ok %s", module_name(mod));
}

static void cmd_load(char *args)	{ do_load(args, load_file); }
static void cmd_load_fd(char *args)	{ do_load(args, load_fd); }
static void cmd_load_image(char *args)	{ do_load(args, load_image); }

static void cmd_unload(char *args)
{
	char *name = word(&args), *opt;
	unsigned int flags = 0;
	int ret;

	if (!name)
		return usage("unload NAME [force] [nonblock]");
	while ((opt = word(&args))) {
		if (!strcmp(opt, "force"))
			flags |= UMOD_UNLOAD_FORCE;
		else if (!strcmp(opt, "nonblock"))
			flags |= UMOD_UNLOAD_NONBLOCK;
		else
			return usage("unload NAME [force] [nonblock]");
	}
	ret = umod_unload(ctx, name, flags);
	if (ret)
		return fail(ret, umod_errmsg());
	say("ok");
}

/* ---- Looking at modules ---- */

static int count_module(struct module *mod, void *arg)
{
	++*(int *)arg;
	return 0;
}

static int print_module(struct module *mod, void *arg)
{
	struct umod_module_info info;
	struct names u;

	umod_module_info(mod, &info);
	say("mod %s %s %d %s", info.name, state_name(info.state), info.refcnt,
	    users_of(mod, &u));
	return 0;
}

static void cmd_lsmod(char *args)
{
	int n = 0;

	umod_for_each_module(ctx, count_module, &n);
	say("lsmod %d", n);
	umod_for_each_module(ctx, print_module, NULL);
}

static void print_info(struct module *mod, void *arg)
{
	struct umod_module_info info;
	char taints[8];

	umod_module_info(mod, &info);
	taint_letters(info.taints, taints);
	say("info %s state=%s refcnt=%d taints=%s size=%s", info.name,
	    state_name(info.state), info.refcnt, taints,
	    info.size ? "nonzero" : "0");
}

static void cmd_info(char *args)
{
	char *name = word(&args);

	if (!name)
		return usage("info MOD");
	with_module(name, print_info, NULL);
}

static void print_modinfo(struct module *mod, void *arg)
{
	const char *key = arg, *v;

	for (unsigned int i = 0; (v = umod_module_modinfo(mod, key, i)); i++)
		say("modinfo %s %s = %s", module_name(mod), key, v);
}

static void cmd_modinfo(char *args)
{
	char *name = word(&args), *key = word(&args);

	if (!key)
		return usage("modinfo MOD KEY");
	with_module(name, print_modinfo, key);
}

static int print_param(struct module *mod, const struct umod_param_info *p,
		       void *arg)
{
	say("parm %s %04o %s", p->name, p->perm, p->type ? p->type : "-");
	return 0;
}

static void cmd_params(char *args)
{
	char *name = word(&args);
	struct module *mod;

	if (!name)
		return usage("params MOD");
	mod = umod_module_get(ctx, name);
	if (!mod)
		return fail(-ENOENT, "not loaded");
	umod_for_each_param(mod, print_param, NULL);
	module_put(mod);
}

static void cmd_param(char *args)
{
	char *mod = word(&args), *name = word(&args), *value = rest(args);
	char buf[PARAM_BUFSIZE];
	int ret;

	if (!name)
		return usage("param MOD NAME [VALUE]");
	if (value) {
		ret = umod_param_set(ctx, mod, name, value);
		return ret ? fail(ret, NULL) : say("ok");
	}
	ret = umod_param_get(ctx, mod, name, buf, sizeof(buf));
	if (ret < 0)
		return fail(ret, NULL);
	say("param %s %s = %.*s", mod, name, (int)strcspn(buf, "\n"), buf);
}

/* ---- Symbols ---- */

static void cmd_sym(char *args)
{
	char *name = word(&args);
	struct module *owner;
	void *addr;

	if (!name)
		return usage("sym SYM");
	addr = umod_find_symbol(ctx, name);
	if (!addr)
		return say("sym %s none", name);
	owner = umod_module_address(ctx, addr);
	say("sym %s = %s", name, owner ? module_name(owner) : "host");
}

static int print_ksym(const struct umod_symbol_info *s, void *arg)
{
	if (!strcmp(s->name, arg))
		say("ksym %s %c %s", s->name, s->type,
		    s->owner ? module_name(s->owner) : "host");
	return 0;
}

static void cmd_ksym(char *args)
{
	char *name = word(&args);

	if (!name)
		return usage("ksym SYM");
	umod_for_each_symbol(ctx, false, print_ksym, name);
	say("ksym end");
}

static void cmd_call(char *args)
{
	char *name = word(&args);
	int (*fn)(void);

	if (!name)
		return usage("call SYM");
	fn = umod_symbol_get(ctx, name);
	if (!fn)
		return fail(-ENOENT, name);
	say("call %s = %d", name, fn());
	umod_symbol_put(ctx, name);
}

/* The permissions /proc/self/maps gives the page holding addr. */
static void print_prot(const char *what, const void *addr)
{
	FILE *f = fopen("/proc/self/maps", "re");
	uintptr_t lo, hi, a = (uintptr_t)addr;
	char line[512], perm[8];
	bool found = false;

	if (!f)
		return fail(-errno, "/proc/self/maps");
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &lo, &hi,
			       perm) == 3 && a >= lo && a < hi;
	fclose(f);
	say("prot %s %s", what, found ? perm : "unmapped");
}

static void cmd_prot(char *args)
{
	char *name = word(&args);
	void *addr;

	if (!name)
		return usage("prot SYM");
	addr = umod_find_symbol(ctx, name);
	if (!addr)
		return fail(-ENOENT, name);
	print_prot(name, addr);
}

static void cmd_protret(char *args)
{
	char *name = word(&args);
	const void *(*fn)(void);

	if (!name)
		return usage("protret SYM");
	fn = umod_symbol_get(ctx, name);
	if (!fn)
		return fail(-ENOENT, name);
	print_prot(name, fn());
	umod_symbol_put(ctx, name);
}

/* ---- References ---- */

#define MAX_HELD 64
static struct module *held[MAX_HELD];
static char held_name[MAX_HELD][64];
static int num_held;

static void cmd_get(char *args)
{
	char *name = word(&args);
	struct module *mod;

	if (!name)
		return usage("get MOD");
	if (num_held == MAX_HELD)
		return fail(-ENOSPC, "too many references held");
	mod = umod_module_get(ctx, name);
	if (!mod)
		return fail(-ENOENT, name);
	held[num_held] = mod;
	snprintf(held_name[num_held++], sizeof(held_name[0]), "%s", name);
	say("ok");
}

static void cmd_put(char *args)
{
	char *name = word(&args);

	if (!name)
		return usage("put MOD");
	for (int i = num_held - 1; i >= 0; i--) {
		if (strcmp(held_name[i], name))
			continue;
		module_put(held[i]);
		held[i] = held[--num_held];
		memcpy(held_name[i], held_name[num_held], sizeof(held_name[0]));
		return say("ok");
	}
	fail(-ENOENT, "no reference held");
}

static void cmd_symget(char *args)
{
	char *name = word(&args);

	if (!name)
		return usage("symget SYM");
	if (!umod_symbol_get(ctx, name))
		return fail(-ENOENT, name);
	say("ok");
}

static void cmd_symput(char *args)
{
	char *name = word(&args);

	if (!name)
		return usage("symput SYM");
	umod_symbol_put(ctx, name);
	say("ok");
}

/* ---- Notifiers, vermagic, log level ---- */

static void cmd_notify(char *args)
{
	char *op = word(&args), *tag = word(&args);
	struct notify_slot *slot = NULL;
	int ret;

	if (!op || (strcmp(op, "on") && strcmp(op, "off")))
		return usage("notify on|off [TAG]");
	if (!tag)
		tag = "";
	/* on: the first free slot; off: the slot registered with tag. */
	for (int i = 0; i < MAX_NOTIFIERS; i++)
		if (notifiers[i].used == !strcmp(op, "off") &&
		    (!notifiers[i].used || !strcmp(notifiers[i].tag, tag))) {
			slot = &notifiers[i];
			break;
		}
	if (!slot)
		return fail(-ENOENT, "no such notifier, or too many");
	if (slot->used) {
		ret = umod_unregister_notifier(ctx, on_notify, slot->tag);
		slot->used = false;
	} else {
		snprintf(slot->tag, sizeof(slot->tag), "%s", tag);
		ret = umod_register_notifier(ctx, on_notify, slot->tag);
		slot->used = !ret;
	}
	return ret ? fail(ret, NULL) : say("ok");
}

static void cmd_veto(char *args)
{
	char *name = word(&args);
	int ret;

	if (!name)
		return usage("veto NAME|-");
	if (veto_name[0])
		umod_unregister_notifier(ctx, on_veto, NULL);
	veto_name[0] = '\0';
	if (strcmp(name, "-")) {
		snprintf(veto_name, sizeof(veto_name), "%s", name);
		ret = umod_register_notifier(ctx, on_veto, NULL);
		if (ret)
			return fail(ret, NULL);
	}
	say("ok");
}

static void cmd_vermagic(char *args)
{
	char *v = rest(args);
	int ret;

	if (!v)
		return say("vermagic '%s'", umod_vermagic(ctx));
	ret = umod_set_vermagic(ctx, v);
	return ret ? fail(ret, NULL) : say("ok");
}

static void cmd_loglevel(char *args)
{
	char *n = word(&args);

	if (!n)
		return usage("loglevel N");
	loglevel = atoi(n);
	say("ok");
}

/* ---- Snapshots: everything a user could observe ---- */

struct state {
	char **lines;
	size_t n, cap;
	size_t heap;
};

static struct state snap;

static void __attribute__((format(printf, 2, 3)))
state_add(struct state *s, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->lines = realloc(s->lines, s->cap * sizeof(*s->lines));
		if (!s->lines)
			abort();
	}
	s->lines[s->n++] = line;
}

static void state_free(struct state *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->lines[i]);
	free(s->lines);
	memset(s, 0, sizeof(*s));
}

static int state_module(struct module *mod, void *arg)
{
	struct umod_module_info info;
	char taints[8];
	struct names u;

	umod_module_info(mod, &info);
	taint_letters(info.taints, taints);
	state_add(arg, "module %s %s refcnt=%d users=%s taints=%s", info.name,
		  state_name(info.state), info.refcnt, users_of(mod, &u), taints);
	return 0;
}

static int state_symbol(const struct umod_symbol_info *s, void *arg)
{
	state_add(arg, "symbol %s %s%s", s->name,
		  s->owner ? module_name(s->owner) : "host", s->gpl ? " gpl" : "");
	return 0;
}

static int count_symbol(const struct umod_symbol_info *s, void *arg)
{
	++*(size_t *)arg;
	return 0;
}

struct mod_list {
	char name[64][64];
	int n;
};

static int list_module(struct module *mod, void *arg)
{
	struct mod_list *l = arg;

	if (l->n < 64)
		snprintf(l->name[l->n++], sizeof(l->name[0]), "%s", module_name(mod));
	return 0;
}

struct param_list {
	char name[64][64];
	int n;
};

static int list_param(struct module *mod, const struct umod_param_info *p,
		      void *arg)
{
	struct param_list *l = arg;

	if (l->n < 64)
		snprintf(l->name[l->n++], sizeof(l->name[0]), "%s", p->name);
	return 0;
}

/* Every parameter's value, read as a user would: outside the module walk,
 * since umod_param_get looks the module up itself. */
static void state_params(struct state *s)
{
	static struct mod_list mods;
	static struct param_list l;
	char buf[PARAM_BUFSIZE];

	mods.n = 0;
	umod_for_each_module(ctx, list_module, &mods);
	for (int i = 0; i < mods.n; i++) {
		struct module *m = umod_module_get(ctx, mods.name[i]);

		if (!m)
			continue;
		l.n = 0;
		umod_for_each_param(m, list_param, &l);
		module_put(m);
		for (int k = 0; k < l.n; k++) {
			int ret = umod_param_get(ctx, mods.name[i], l.name[k], buf,
						 sizeof(buf));
			if (ret < 0)
				state_add(s, "param %s %s: %s", mods.name[i],
					  l.name[k], errname(-ret));
			else
				state_add(s, "param %s %s = %.*s", mods.name[i],
					  l.name[k], (int)strcspn(buf, "\n"), buf);
		}
	}
}

static void state_build(struct state *s)
{
	size_t nsyms = 0;

	umod_for_each_module(ctx, state_module, s);
	state_params(s);
	umod_for_each_symbol(ctx, true, state_symbol, s);
	umod_for_each_symbol(ctx, false, count_symbol, &nsyms);
	state_add(s, "kallsyms %zu", nsyms);
	state_add(s, "arena %zu", umod_arena_bytes_in_use());
	qsort(s->lines, s->n, sizeof(*s->lines), cmp_str);
}

static void cmd_snapshot(char *args)
{
	state_free(&snap);
	state_build(&snap);
	snap.heap = heap_in_use();	/* with the snapshot itself */
	say("ok");
}

static void cmd_same(char *args)
{
	size_t heap = heap_in_use(), i = 0, j = 0;
	struct state now = { 0 };
	bool same = true;

	state_build(&now);
	while (i < snap.n || j < now.n) {
		int c = i == snap.n ? 1 : j == now.n ? -1 :
			strcmp(snap.lines[i], now.lines[j]);

		if (c)
			same = false;
		if (c < 0)
			say("- %s", snap.lines[i++]);
		else if (c > 0)
			say("+ %s", now.lines[j++]);
		else
			i++, j++;
	}
	if (heap != snap.heap) {
		say("- heap %zu", snap.heap);
		say("+ heap %zu", heap);
		same = false;
	}
	state_free(&now);
	if (same)
		say("same");
}

/* ---- Stress: every operation at once, from several threads ---- */

#define STRESS_MAX_MODS 8

struct stress {
	unsigned int iters, nmods;
	const char *path[STRESS_MAX_MODS];
	char name[STRESS_MAX_MODS][64];
	char sym[STRESS_MAX_MODS][80];
	atomic_int value[STRESS_MAX_MODS];	/* INT_MIN until called */
	atomic_bool inconsistent[STRESS_MAX_MODS];
	atomic_uint loads, unloads, calls, gets, errors;
};

struct worker {
	pthread_t thread;
	struct stress *s;
	unsigned int seed;
};

static void __attribute__((format(printf, 2, 3)))
stress_error(struct stress *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (atomic_fetch_add(&s->errors, 1) >= 10)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	say("stress error: %s", buf);
}

static void stress_load(struct stress *s, unsigned int k)
{
	int ret = umod_load_file(ctx, s->path[k], NULL, 0, NULL);

	/* Already loaded, its dependency is not, it is changing state, or
	 * it is a module whose init fails with -ENODEV (initfail). */
	if (!ret)
		atomic_fetch_add(&s->loads, 1);
	else if (ret != -EEXIST && ret != -ENOENT && ret != -EBUSY &&
		 ret != -ENODEV)
		stress_error(s, "load %s: %s (%s)", s->path[k], errname(-ret),
			     umod_errmsg());
}

static void stress_unload(struct stress *s, unsigned int k)
{
	int ret = umod_unload(ctx, s->name[k], 0);

	if (!ret)
		atomic_fetch_add(&s->unloads, 1);
	else if (ret != -ENOENT && ret != -EWOULDBLOCK && ret != -EBUSY)
		stress_error(s, "unload %s: %s (%s)", s->name[k], errname(-ret),
			     umod_errmsg());
}

static void stress_call(struct stress *s, unsigned int k)
{
	int (*fn)(void) = umod_symbol_get(ctx, s->sym[k]);
	int v, unseen = INT32_MIN;

	if (!fn)
		return;
	v = fn();
	umod_symbol_put(ctx, s->sym[k]);
	atomic_fetch_add(&s->calls, 1);
	if (!atomic_compare_exchange_strong(&s->value[k], &unseen, v) &&
	    unseen != v)
		atomic_store(&s->inconsistent[k], true);
}

static void stress_get(struct stress *s, unsigned int k)
{
	struct module *mod = umod_module_get(ctx, s->name[k]);

	if (!mod)
		return;
	if (strcmp(module_name(mod), s->name[k]))
		stress_error(s, "umod_module_get(%s) gave %s", s->name[k],
			     module_name(mod));
	if (!try_module_get(mod))
		stress_error(s, "try_module_get(%s) failed with a reference held",
			     s->name[k]);
	else
		module_put(mod);
	module_put(mod);
	atomic_fetch_add(&s->gets, 1);
}

static void stress_look(struct stress *s, unsigned int k)
{
	void *addr = umod_find_symbol(ctx, s->sym[k]);
	size_t n = 0;
	int mods = 0;

	umod_for_each_module(ctx, count_module, &mods);
	umod_for_each_symbol(ctx, true, count_symbol, &n);
	if (mods > (int)s->nmods)
		stress_error(s, "%d modules loaded, only %u exist", mods, s->nmods);
	(void)addr;
}

static void *stress_worker(void *arg)
{
	struct worker *w = arg;
	struct stress *s = w->s;
	static void (*const ops[])(struct stress *, unsigned int) = {
		stress_load, stress_load, stress_unload, stress_call,
		stress_get, stress_look,
	};

	for (unsigned int i = 0; i < s->iters; i++) {
		unsigned int k = rand_r(&w->seed) % s->nmods;

		ops[rand_r(&w->seed) % (sizeof(ops) / sizeof(ops[0]))](s, k);
	}
	return NULL;
}

/* After the threads: every reference left is a dependent module's. */
static int stress_check(struct module *mod, void *arg)
{
	struct umod_module_info info;
	struct names u;

	umod_module_info(mod, &info);
	users_of(mod, &u);
	if (info.state != MODULE_STATE_LIVE || info.refcnt != u.n)
		stress_error(arg, "%s is %s with refcnt %d and %d users",
			     info.name, state_name(info.state), info.refcnt, u.n);
	return 0;
}

static void cmd_stress(char *args)
{
	char *nthreads = word(&args), *iters = word(&args), *path;
	struct worker w[16];
	struct stress s = { 0 };
	int n;

	if (!iters)
		return usage("stress THREADS ITERS PATH...");
	n = atoi(nthreads);
	if (n < 1 || n > 16)
		return usage("stress: 1 to 16 threads");
	s.iters = atoi(iters);
	while ((path = word(&args)) && s.nmods < STRESS_MAX_MODS) {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		int len = strcspn(base, ".");

		s.path[s.nmods] = path;
		snprintf(s.name[s.nmods], sizeof(s.name[0]), "%.*s", len, base);
		snprintf(s.sym[s.nmods], sizeof(s.sym[0]), "%.*s_value", len, base);
		s.value[s.nmods++] = INT32_MIN;
	}
	if (!s.nmods)
		return usage("stress THREADS ITERS PATH...");
	quiet = true;
	for (int i = 0; i < n; i++) {
		w[i] = (struct worker){ .s = &s, .seed = i + 1 };
		if (pthread_create(&w[i].thread, NULL, stress_worker, &w[i]))
			abort();
	}
	for (int i = 0; i < n; i++)
		pthread_join(w[i].thread, NULL);
	quiet = false;
	umod_for_each_module(ctx, stress_check, &s);
	say("stress loads=%u unloads=%u calls=%u gets=%u errors=%u", s.loads,
	    s.unloads, s.calls, s.gets, s.errors);
	for (unsigned int k = 0; k < s.nmods; k++) {
		if (s.inconsistent[k])
			say("stress %s inconsistent", s.sym[k]);
		else if (s.value[k] == INT32_MIN)
			say("stress %s never called", s.sym[k]);
		else
			say("stress %s = %d", s.sym[k], s.value[k]);
	}
}

/* ---- The command loop ---- */

static const struct command {
	const char *name;
	void (*fn)(char *args);
} commands[] = {
	{ "load", cmd_load },		{ "load-fd", cmd_load_fd },
	{ "load-image", cmd_load_image }, { "unload", cmd_unload },
	{ "lsmod", cmd_lsmod },		{ "info", cmd_info },
	{ "modinfo", cmd_modinfo },	{ "params", cmd_params },
	{ "param", cmd_param },		{ "sym", cmd_sym },
	{ "ksym", cmd_ksym },		{ "call", cmd_call },
	{ "prot", cmd_prot },		{ "protret", cmd_protret },
	{ "get", cmd_get },		{ "put", cmd_put },
	{ "symget", cmd_symget },	{ "symput", cmd_symput },
	{ "notify", cmd_notify },	{ "veto", cmd_veto },
	{ "vermagic", cmd_vermagic },	{ "loglevel", cmd_loglevel },
	{ "snapshot", cmd_snapshot },	{ "same", cmd_same },
	{ "stress", cmd_stress },
};

static bool run(char *line)
{
	char *args = line, *name, *text;

	line[strcspn(line, "\n")] = '\0';
	text = rest(line);
	if (!text || *text == '#')
		return true;
	say("> %s", line);
	name = word(&args);
	if (!strcmp(name, "quit"))
		return false;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name)) {
			commands[i].fn(args);
			return true;
		}
	say("unknown command '%s'", name);
	return true;
}

/*
 * host_far: "return 77", copied 6 GiB from the image (1 GiB on 32-bit
 * machines), beyond the reach of any direct branch (x86-64's rel32,
 * arm64's BL and ADRP, RISC-V's AUIPC pair, arm's BL): a module calling
 * it goes through the loader's stub, veneer or PLT entry.  Not exported
 * if the kernel will not map there.
 */
#define FAR_DISTANCE	(sizeof(void *) == 8 ? (uintptr_t)6 << 30 : (uintptr_t)1 << 30)
static const unsigned char far_code[] = {
#if defined(__x86_64__) || defined(__i386__)
	0xb8, 0x4d, 0x00, 0x00, 0x00, 0xc3,	/* mov $77, %eax; ret */
#elif defined(__arm__)
	0x4d, 0x00, 0xa0, 0xe3, 0x1e, 0xff, 0x2f, 0xe1,	/* mov r0, #77; bx lr (ARM) */
#elif defined(__aarch64__)
	0xa0, 0x09, 0x80, 0x52, 0xc0, 0x03, 0x5f, 0xd6,	/* mov w0, #77; ret */
#elif defined(__riscv)
	0x13, 0x05, 0xd0, 0x04, 0x67, 0x80, 0x00, 0x00,	/* li a0, 77; ret */
#endif
};
static struct umod_symbol far_symbol = { "host_far", NULL };

static void export_far(void)
{
	uintptr_t near = (uintptr_t)&far_symbol, want = near + FAR_DISTANCE;
	long pg = sysconf(_SC_PAGESIZE);
	unsigned char *p = mmap((void *)(want & ~(uintptr_t)(pg - 1)), pg,
				PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	if ((uintptr_t)p - near < FAR_DISTANCE / 6 * 5) {	/* the hint was not taken */
		munmap(p, pg);
		return;
	}
	memcpy(p, far_code, sizeof(far_code));
	mprotect(p, pg, PROT_READ | PROT_EXEC);
	__builtin___clear_cache((char *)p, (char *)p + sizeof(far_code));
	far_symbol.addr = p;
	umod_export_table(ctx, &far_symbol, 1, 0);
}

int main(void)
{
	static char line[4096];	/* static: its size never shows in the heap */

	ctx = umod_ctx_new();
	if (!ctx) {
		perror("umod_ctx_new");
		return 1;
	}
	umod_set_log(ctx, on_log, "log");
	umod_set_printk(on_log, "printk");
	umod_set_percpu_init(percpu_init);
	if (umod_export_table(ctx, libc_symbols,
			      sizeof(libc_symbols) / sizeof(libc_symbols[0]), 0)) {
		fprintf(stderr, "testhost: umod_export_table: %s\n", umod_errmsg());
		return 1;
	}
	export_far();
	while (fgets(line, sizeof(line), stdin) && run(line))
		;
	umod_ctx_free(ctx);
	state_free(&snap);
	say("bye");
	return 0;
}
