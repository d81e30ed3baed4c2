// SPDX-License-Identifier: MIT
/*
 * test-kmod - request_module, the host's end of the kerneld channel and
 * autoclean, in a host with a control channel.
 *
 * modprobe is tests/demand/modprobe-wrapper around umod's own, over a
 * module tree made here: the wrapper logs each run, dawdles over
 * "slow-*" names and never finishes "hang-*" ones.  The kerneld of the
 * last tests is a thread of this program speaking the channel's protocol,
 * so it can answer late, never, or vanish mid-request.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <umod/linux.h>

#include "proto.h"
#include "tap.h"

extern char **environ;

/* ---- What the modules report ---- */

static pthread_mutex_t notes_lock = PTHREAD_MUTEX_INITIALIZER;
static char notes[8192];

void dm_note(const char *who, const char *what, int value);
void dm_note(const char *who, const char *what, int value)
{
	size_t n;

	pthread_mutex_lock(&notes_lock);
	n = strlen(notes);
	snprintf(notes + n, sizeof(notes) - n, "%s %s %d\n", who, what, value);
	pthread_mutex_unlock(&notes_lock);
}
EXPORT_SYMBOL(dm_note);

static int count_in(const char *text, const char *line)
{
	size_t len = strlen(line);
	int n = 0;

	for (const char *p = text; (p = strstr(p, line)); p += len)
		if ((p == text || p[-1] == '\n') && (p[len] == '\n' || !p[len]))
			n++;
	return n;
}

static int noted(const char *line)
{
	int n;

	pthread_mutex_lock(&notes_lock);
	n = count_in(notes, line);
	pthread_mutex_unlock(&notes_lock);
	return n;
}

/* ---- The fixture ---- */

static char dir[64] = "/tmp/umod-kmod-XXXXXX";
static char root[80], sock[80], logpath[80], moddir[128];
static struct umod_ctx *ctx;
static struct umod_ctl *ctl;

static void sh(const char *fmt, ...)
{
	char *cmd;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		exit(1);
	va_end(ap);
	if (system(cmd)) {
		printf("Bail out! %s\n", cmd);
		exit(1);
	}
	free(cmd);
}

static void configure(enum umod_request_mode mode, unsigned int timeout_ms,
		      unsigned int max, unsigned int busy_ms)
{
	static char wrapper[256];
	const char *args[] = { "-d", root, NULL };
	struct umod_request_config rc = {
		.size = sizeof(rc), .mode = mode, .modprobe = wrapper, .modprobe_args = args,
		.timeout_ms = timeout_ms, .max_requests = max,
		.busy_timeout_ms = busy_ms,
	};

	snprintf(wrapper, sizeof(wrapper), "%s/tests/demand/modprobe-wrapper",
		 DM_SRC);
	if (umod_set_request_config(ctx, &rc))
		exit(1);
}

static void quiet(int level, const char *msg, void *arg)
{
}

static void setup(void)
{
	struct umod_ctl_config cc = { .size = sizeof(cc), .path = sock,
				      .log = quiet };

	if (!mkdtemp(dir))
		exit(1);
	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(sock, sizeof(sock), "%s/sock", dir);
	snprintf(logpath, sizeof(logpath), "%s/log", dir);
	snprintf(moddir, sizeof(moddir), "%s/lib/modules/%s/extra", root,
		 UMOD_RELEASE_DEFAULT);
	sh("mkdir -p %s && cp %s/tests/demand/mods/*.ko %s/ && "
	   "%s/depmod -b %s %s 2>/dev/null",
	   moddir, DM_BUILD, moddir, DM_BUILD, root, UMOD_RELEASE_DEFAULT);
	setenv("DM_LOG", logpath, 1);
	setenv("DM_MODPROBE", DM_BUILD "/modprobe", 1);
	ctx = umod_ctx_new();
	if (!ctx || umod_ctl_start(ctx, &cc, &ctl)) {
		printf("Bail out! no host: %s\n", umod_errmsg());
		exit(1);
	}
	configure(UMOD_REQUEST_MODPROBE, 10000, 0, 0);
}

static void teardown(void)
{
	umod_ctl_stop(ctl);
	umod_ctx_free(ctx);
	sh("rm -rf %s", dir);
}

/* ---- modprobe's runs, as the wrapper logged them ---- */

static char *read_log(void)
{
	FILE *f = fopen(logpath, "r");
	char *text = calloc(1, 65536);
	size_t n = 0;

	if (f) {
		n = fread(text, 1, 65535, f);
		fclose(f);
	}
	text[n] = '\0';
	return text;
}

static int log_count(const char *line)
{
	char *text = read_log();
	int n = count_in(text, line);

	free(text);
	return n;
}

static void log_clear(void)
{
	FILE *f = fopen(logpath, "w");

	if (f)
		fclose(f);
}

static bool wait_log(const char *line, int ms)
{
	for (; ms > 0; ms -= 10) {
		if (log_count(line))
			return true;
		usleep(10000);
	}
	return false;
}

/* ---- The host's view ---- */

struct find {
	const char *name;
	struct module *mod;
};

static int find_cb(struct module *mod, void *arg)
{
	struct find *f = arg;

	if (strcmp(module_name(mod), f->name))
		return 0;
	f->mod = mod;
	return 1;
}

/* Looked up without a reference: that would count as a use. */
static struct module *find(const char *name)
{
	struct find f = { name, NULL };

	umod_for_each_module(ctx, find_cb, &f);
	return f.mod;
}

/* ---- Callers on threads ---- */

struct caller {
	pthread_t t;
	const char *name;
	pthread_barrier_t *start;
	int ret;
	char msg[512];
	atomic_bool done;	/* ret and msg are set */
};

static void *caller_main(void *arg)
{
	struct caller *c = arg;

	if (c->start)
		pthread_barrier_wait(c->start);
	c->ret = request_module("%s", c->name);
	snprintf(c->msg, sizeof(c->msg), "%s", umod_errmsg());
	atomic_store(&c->done, true);
	return NULL;
}

static void call_all(struct caller *c, int n)
{
	pthread_barrier_t start;

	pthread_barrier_init(&start, NULL, n);
	for (int i = 0; i < n; i++) {
		c[i].start = &start;
		pthread_create(&c[i].t, NULL, caller_main, &c[i]);
	}
	for (int i = 0; i < n; i++)
		pthread_join(c[i].t, NULL);
	pthread_barrier_destroy(&start);
}

/* ---- The tests ---- */

static void test_fallback(void)
{
	char want[256];
	struct module *mod;
	int ret;

	log_clear();
	ret = request_module("dm-alias-%s", "leaf");
	is_int(ret, 0, "request_module by alias, modprobe run by the host");
	mod = find("dm_leaf");
	ok(mod != NULL, "dm_leaf is loaded");
	ok(mod && umod_module_autoclean(mod), "and marked autoclean");
	is_int(noted("dm_leaf init 0"), 1, "its init ran once");
	snprintf(want, sizeof(want), "args -d %s -q -k --host %s -- dm-alias-leaf",
		 root, sock);
	is_int(log_count(want), 1, "modprobe ran as: modprobe -q -k --host SOCKET -- NAME");

	is_int(request_module("dm-alias-leaf"), 0, "asked again: already there");
	is_int(noted("dm_leaf init 0"), 1, "not loaded twice");

	is_int(umod_request_module(ctx, "dm-alias-user"), 0,
	       "a module with a dependency");
	is_int(noted("dm_user leaf 42"), 1, "its init used the dependency");
	ok(find("dm_user") && umod_module_autoclean(find("dm_user")),
	   "dm_user is loaded, autoclean");
}

static void test_failures(void)
{
	char name[80];
	int ret;

	ret = request_module("dm-no-such-module");
	is_int(ret, 1, "an unknown module: modprobe's exit status, as Linux");
	ok(strstr(umod_errmsg(), "dm-no-such-module: modprobe exited with status 1") != NULL,
	   "the message names the module and the cause");
	diag("%s", umod_errmsg());

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	is_int(request_module("%s", name), -ENAMETOOLONG,
	       "a name longer than MODULE_NAME_LEN: -ENAMETOOLONG");

	configure(UMOD_REQUEST_KERNELD, 10000, 0, 0);
	is_int(request_module("dm-alias-leaf"), -ENODEV,
	       "kerneld only, and none connected: -ENODEV");
	is_str(umod_errmsg(), "dm-alias-leaf: kerneld is not running",
	       "the message says so");

	{
		struct umod_request_config off = { .size = sizeof(off),
						   .mode = UMOD_REQUEST_MODPROBE,
						   .modprobe = "" };

		umod_set_request_config(ctx, &off);
		is_int(request_module("dm-alias-leaf"), -ENOENT,
		       "no modprobe configured: -ENOENT, as Linux");
	}
	configure(UMOD_REQUEST_MODPROBE, 10000, 0, 0);
}

/* dm_req's init calls request_module for dm_nested: the load of dm_req
 * is still in progress (its modprobe waits on the host) while a second
 * modprobe loads dm_nested into the same host. */
static void test_init_requests(void)
{
	is_int(request_module("dm_req"), 0, "a module whose init requests another");
	is_int(noted("dm_req request 0"), 1, "the nested request succeeded");
	is_int(noted("dm_nested init 0"), 1, "and loaded dm_nested");
	ok(find("dm_req") && find("dm_nested"), "both are loaded");
}

static void test_merge(void)
{
	struct caller c[8] = { 0 };
	int good = 0;

	log_clear();
	for (int i = 0; i < 8; i++)
		c[i].name = "slow-dm";
	call_all(c, 8);
	for (int i = 0; i < 8; i++)
		good += c[i].ret == 0;
	is_int(good, 8, "8 threads ask for the same module at once: all succeed");
	is_int(log_count("start slow-dm"), 1, "one modprobe served them all");
	is_int(noted("dm_slow init 0"), 1, "the module was loaded once");
}

static void test_many_threads(void)
{
	struct caller c[16] = { 0 };
	char names[16][32];
	int good = 0;

	for (int i = 0; i < 16; i++) {
		switch (i % 4) {
		case 0: c[i].name = "dm-alias-leaf"; break;
		case 1: c[i].name = "slow-dm"; break;
		case 2: c[i].name = "dm_nested"; break;
		default:
			snprintf(names[i], sizeof(names[i]), "dm-none-%d", i);
			c[i].name = names[i];
		}
	}
	call_all(c, 16);
	for (int i = 0; i < 16; i++) {
		int want = i % 4 == 3 ? 1 : 0;

		if (c[i].ret == want)
			good++;
		else
			diag("%s: %d (%s)", c[i].name, c[i].ret, c[i].msg);
	}
	is_int(good, 16, "16 threads, known and unknown names: each its own answer");
	is_int(noted("dm_leaf init 0") + noted("dm_slow init 0") +
	       noted("dm_nested init 0"), 3, "nothing was loaded twice");
}

static void test_bound(void)
{
	struct caller hang[2] = { { .name = "hang-a" }, { .name = "hang-b" } };
	struct caller third = { .name = "dm-bound" };

	log_clear();
	configure(UMOD_REQUEST_MODPROBE, 1500, 2, 300);
	for (int i = 0; i < 2; i++)
		pthread_create(&hang[i].t, NULL, caller_main, &hang[i]);
	ok(wait_log("start hang-a", 2000) && wait_log("start hang-b", 2000),
	   "two requests hold both slots");
	caller_main(&third);
	is_int(third.ret, -ETIME, "a third waits for a slot, then fails: -ETIME");
	/* Waiting itself is the patient case's, below: here, the order. */
	ok(!atomic_load(&hang[0].done) && !atomic_load(&hang[1].done),
	   "giving up while both slots are still held");
	ok(strstr(third.msg, "modprobe dm-bound cannot be processed, kmod busy "
		  "with 2 threads for more than 0 seconds now") != NULL,
	   "with Linux's message");
	diag("%s", third.msg);
	is_int(log_count("start dm-bound"), 0, "its modprobe never ran");
	for (int i = 0; i < 2; i++)
		pthread_join(hang[i].t, NULL);
	ok(hang[0].ret == -ETIMEDOUT && hang[1].ret == -ETIMEDOUT,
	   "the hung modprobes time out: -ETIMEDOUT");
	ok(strstr(hang[0].msg, "did not finish in time: killed") != NULL,
	   "and are killed");
	diag("%s", hang[0].msg);

	/* One slot, a patient wait: the second runs after the first. */
	log_clear();
	configure(UMOD_REQUEST_MODPROBE, 10000, 1, 5000);
	{
		struct caller c[2] = { { .name = "slow-one" }, { .name = "slow-two" } };
		char *text;
		int s1, e1, s2, e2;

		call_all(c, 2);
		ok(c[0].ret == 1 && c[1].ret == 1,
		   "with one slot, two requests both run to the end");
		text = read_log();
		s1 = strstr(text, "start slow-one") - text;
		e1 = strstr(text, "end slow-one") - text;
		s2 = strstr(text, "start slow-two") - text;
		e2 = strstr(text, "end slow-two") - text;
		ok((e1 < s2 || e2 < s1) && s1 >= 0 && s2 >= 0,
		   "one after the other, never side by side");
		free(text);
	}
	configure(UMOD_REQUEST_MODPROBE, 10000, 0, 0);
}

static void test_release(void)
{
	char want[256];

	log_clear();
	is_int(umod_release_module(ctx, "dm_nested"), 0,
	       "release_module runs modprobe -r");
	ok(!find("dm_nested"), "dm_nested is gone");
	snprintf(want, sizeof(want), "args -d %s -q -r --host %s -- dm_nested",
		 root, sock);
	is_int(log_count(want), 1, "as: modprobe -q -r --host SOCKET -- NAME");
}

/* The wrapper holds a "gate-*" modprobe until the gate file exists. */
static void gate(bool let_through)
{
	char path[96];

	snprintf(path, sizeof(path), "%s.gate", logpath);
	if (let_through)
		close(open(path, O_WRONLY | O_CREAT, 0644));
	else
		unlink(path);
}

static void test_nowait(void)
{
	int i;

	gate(false);
	is_int(request_module_nowait("gate-nested-%d", 1), 0,
	       "request_module_nowait returns 0");
	ok(wait_log("start gate-nested-1", 5000) && !log_count("end gate-nested-1 1"),
	   "at once: its modprobe, held at the gate, has not ended");
	gate(true);
	ok(wait_log("end gate-nested-1 1", 5000), "which ends once let through");
	is_int(request_module_nowait("dm_nested"), 0, "another, for dm_nested");
	for (i = 0; i < 500 && !find("dm_nested"); i++)
		usleep(10000);
	ok(find("dm_nested") != NULL, "which loads a little later");
}

static void test_autoclean(void)
{
	char path[256];
	struct module *slow;

	/* dm_nested again, loaded by hand: not autoclean. */
	snprintf(path, sizeof(path), "%s/dm_nested.ko", moddir);
	umod_unload(ctx, "dm_nested", 0);
	is_int(umod_load_file(ctx, path, NULL, 0, NULL), 0, "dm_nested loaded by hand");
	ok(!umod_module_autoclean(find("dm_nested")), "is not autoclean");
	slow = umod_module_get(ctx, "dm_slow");
	ok(slow != NULL, "the host holds dm_slow, as a mount holds a filesystem");

	is_int(umod_autoclean(ctx), 0, "first sweep: everything was used (loaded) "
	       "since the last: nothing goes");
	is_int(umod_autoclean(ctx), 3, "second sweep: three unused autoclean modules go");
	ok(!find("dm_user") && !find("dm_req"), "dm_user and dm_req are gone");
	ok(!find("dm_leaf"), "dm_leaf went with its last user, in the same sweep");
	ok(noted("dm_user exit 0") && noted("dm_leaf exit 0"), "their exits ran");
	ok(find("dm_slow") != NULL, "a module in use stays");
	ok(find("dm_nested") != NULL, "a module not loaded on demand stays");

	module_put(slow);
	is_int(umod_autoclean(ctx), 0, "dm_slow unused now, but visited: survives one sweep");
	ok(find("dm_slow") != NULL, "still there");
	is_int(umod_autoclean(ctx), 1, "the next sweep removes it");
	ok(!find("dm_slow"), "gone");
	is_int(umod_autoclean(ctx), 0, "and then nothing more");
	ok(find("dm_nested") != NULL, "dm_nested stays for good");
}

/* ---- A kerneld of our own ---- */

struct fake_kd {
	int fd;
	pthread_t t;
	pthread_mutex_t lock;
	char seen[2048];		/* the names asked, one a line */
};

static int read_msg(int fd, struct umod_msg_hdr *h, unsigned char **payload)
{
	unsigned char hdr[UMOD_PROTO_HDR_LEN];
	size_t off = 0;

	while (off < sizeof(hdr)) {
		ssize_t n = read(fd, hdr + off, sizeof(hdr) - off);

		if (n <= 0)
			return -1;
		off += n;
	}
	if (umod_hdr_decode(hdr, h))
		return -1;
	*payload = malloc(h->len + 1);
	for (off = 0; off < h->len;) {
		ssize_t n = read(fd, *payload + off, h->len - off);

		if (n <= 0)
			return free(*payload), -1;
		off += n;
	}
	return 0;
}

static void send_msg(int fd, struct umod_wbuf *b)
{
	ssize_t n = send(fd, b->data, b->len, MSG_NOSIGNAL);

	(void)n;
	umod_wbuf_free(b);
}

/* Connect and ask to be kerneld: 0 or the host's -errno. */
static int fk_register(struct fake_kd *k)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct umod_wbuf b = { 0 };
	struct umod_msg_hdr h;
	struct umod_attr_iter it;
	struct umod_attr_val v;
	unsigned char *p;
	uint32_t err = EPROTO;

	memset(k, 0, sizeof(*k));
	strcpy(sa.sun_path, sock);
	k->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (connect(k->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	umod_msg_end(&b, umod_msg_begin(&b, UMOD_OP_KERNELD, 0), 0);
	send_msg(k->fd, &b);
	if (read_msg(k->fd, &h, &p))
		return -EPROTO;
	umod_attr_iter_init(&it, p, h.len);
	while (umod_attr_next(&it, &v) > 0)
		if (v.type == UMOD_A_ERRNO)
			umod_attr_u32(&v, &err);
	free(p);
	return -(int)err;
}

static void fk_answer(int fd, unsigned int kind, uint64_t seq, uint32_t status,
		      const char *msg)
{
	struct umod_wbuf b = { 0 };
	size_t m = umod_msg_begin(&b, UMOD_OP_KERNELD, kind);

	umod_put_u64(&b, UMOD_A_SEQ, seq);
	umod_put_u32(&b, UMOD_A_ERRNO, 0);
	umod_put_u32(&b, UMOD_A_STATUS, status);
	if (msg)
		umod_put_str(&b, UMOD_A_MSG, msg);
	umod_msg_end(&b, m, 0);
	send_msg(fd, &b);
}

/* "die-*": vanish; "quiet-*": never answer; "slow-*": answer late;
 * "missing-*": fail as modprobe would; anything else: done. */
static void *fk_main(void *arg)
{
	struct fake_kd *k = arg;
	struct umod_msg_hdr h;
	unsigned char *p;

	while (!read_msg(k->fd, &h, &p)) {
		struct umod_attr_iter it;
		struct umod_attr_val v;
		const char *name = "";
		uint64_t seq = 0;
		char msg[128];

		umod_attr_iter_init(&it, p, h.len);
		while (umod_attr_next(&it, &v) > 0) {
			if (v.type == UMOD_A_SEQ)
				umod_attr_u64(&v, &seq);
			else if (v.type == UMOD_A_NAME)
				name = umod_attr_str(&v);
		}
		pthread_mutex_lock(&k->lock);
		snprintf(k->seen + strlen(k->seen), sizeof(k->seen) - strlen(k->seen),
			 "%s %s\n", h.flags == UMOD_KERNELD_LOAD ? "load" : "release", name);
		pthread_mutex_unlock(&k->lock);
		if (!strncmp(name, "die-", 4)) {
			free(p);
			break;
		}
		if (!strncmp(name, "slow-", 5))
			usleep(300000);
		if (!strncmp(name, "missing-", 8)) {
			snprintf(msg, sizeof(msg), "modprobe: FATAL: Module %s not found.", name);
			fk_answer(k->fd, h.flags, seq, 1, msg);
		} else if (strncmp(name, "quiet-", 6)) {
			fk_answer(k->fd, h.flags, seq, 0, NULL);
		}
		free(p);
	}
	close(k->fd);
	return NULL;
}

static int fk_seen(struct fake_kd *k, const char *line)
{
	int n;

	pthread_mutex_lock(&k->lock);
	n = count_in(k->seen, line);
	pthread_mutex_unlock(&k->lock);
	return n;
}

static void fk_start(struct fake_kd *k)
{
	pthread_mutex_init(&k->lock, NULL);
	pthread_create(&k->t, NULL, fk_main, k);
}

static bool wait_kerneld(bool up)
{
	for (int i = 0; i < 200; i++) {
		if ((umod_kerneld_pid(ctx) != 0) == up)
			return true;
		usleep(10000);
	}
	return false;
}

static void test_kerneld(void)
{
	struct fake_kd kd, kd2, other;
	struct caller c[6] = { 0 };
	int good = 0, ret;

	configure(UMOD_REQUEST_AUTO, 2000, 0, 0);
	is_int(fk_register(&kd), 0, "a kerneld registers on the control socket");
	fk_start(&kd);
	is_int(umod_kerneld_pid(ctx), getpid(), "the host knows its pid");

	log_clear();
	is_int(request_module("kd-one"), 0, "a request goes to kerneld");
	is_int(fk_seen(&kd, "load kd-one"), 1, "kerneld was asked to load it");
	is_int(log_count("start kd-one"), 0, "the host ran no modprobe itself");

	for (int i = 0; i < 6; i++)
		c[i].name = "slow-kd";
	call_all(c, 6);
	for (int i = 0; i < 6; i++)
		good += c[i].ret == 0;
	is_int(good, 6, "6 threads ask for one module through kerneld: all succeed");
	is_int(fk_seen(&kd, "load slow-kd"), 1, "kerneld was asked once");

	ret = request_module("missing-kd");
	is_int(ret, 1, "kerneld's modprobe failed: its exit status");
	is_str(umod_errmsg(), "missing-kd: modprobe: FATAL: Module missing-kd not found.",
	       "with kerneld's message");

	is_int(umod_release_module(ctx, "kd-one"), 0, "release goes to kerneld too");
	is_int(fk_seen(&kd, "release kd-one"), 1, "kerneld was asked to release it");

	is_int(fk_register(&other), -EBUSY, "a second kerneld is refused: -EBUSY");
	close(other.fd);

	ret = request_module("quiet-kd");
	is_int(ret, -ETIMEDOUT, "kerneld never answers: -ETIMEDOUT");
	diag("%s", umod_errmsg());

	ret = request_module("die-kd");
	is_int(ret, -ECONNRESET, "kerneld dies mid-request: the caller gets -ECONNRESET");
	ok(strstr(umod_errmsg(), "went away") != NULL, "saying kerneld went away");
	diag("%s", umod_errmsg());
	pthread_join(kd.t, NULL);
	ok(wait_kerneld(false), "the host notices kerneld is gone");

	log_clear();
	is_int(request_module("dm-alias-leaf"), 0,
	       "meanwhile a request falls back to modprobe (mode AUTO)");
	is_int(log_count("start dm-alias-leaf"), 1, "run by the host");
	configure(UMOD_REQUEST_KERNELD, 2000, 0, 0);
	is_int(request_module("dm-alias-leaf"), -ENODEV,
	       "or fails at once with kerneld alone (mode KERNELD)");

	is_int(fk_register(&kd2), 0, "kerneld comes back: it registers again");
	fk_start(&kd2);
	is_int(request_module("kd-two"), 0, "requests go to the new kerneld");
	is_int(fk_seen(&kd2, "load kd-two"), 1, "which was asked");
	shutdown(kd2.fd, SHUT_RDWR);
	pthread_join(kd2.t, NULL);
	ok(wait_kerneld(false), "and when it stops, the host carries on");
	pthread_mutex_destroy(&kd.lock);
	pthread_mutex_destroy(&kd2.lock);
}

/* umod kerneld itself: a module's init asks for another through it
 * while kerneld's modprobe for the first is still waiting on the host. */
static void test_real_kerneld(void)
{
	char wrapper[256];
	char *argv[] = { DM_BUILD "/umod", "kerneld", "--host", sock,
			 "--modprobe", wrapper, "--dirname", root, "--keep",
			 NULL };
	posix_spawn_file_actions_t fa;
	int status;
	pid_t pid;

	snprintf(wrapper, sizeof(wrapper), "%s/tests/demand/modprobe-wrapper",
		 DM_SRC);
	umod_unload(ctx, "dm_nested", 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	ok(!posix_spawn(&pid, argv[0], &fa, NULL, argv, environ),
	   "umod kerneld starts");
	posix_spawn_file_actions_destroy(&fa);
	ok(wait_kerneld(true), "and registers");
	configure(UMOD_REQUEST_KERNELD, 10000, 0, 0);
	is_int(request_module("dm_req"), 0,
	       "through kerneld, a module whose init requests another");
	is_int(noted("dm_req request 0"), 2, "the nested request succeeded");
	ok(find("dm_req") && find("dm_nested"), "both are loaded");
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "kerneld stops cleanly on SIGTERM");
	ok(wait_kerneld(false), "and the host sees it go");
}

int main(void)
{
	setup();
	test_fallback();
	test_failures();
	test_init_requests();
	test_merge();
	test_many_threads();
	test_bound();
	test_release();
	test_nowait();
	test_autoclean();
	test_kerneld();
	test_real_kerneld();
	teardown();
	return done_testing();
}
