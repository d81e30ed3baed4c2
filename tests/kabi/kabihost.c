// SPDX-License-Identifier: MIT
/*
 * kabihost: genuine Debian modules that need what x86-64 Linux gives its
 * modules.  Stack-protected code, libcurve25519-generic.ko and libdes.ko,
 * computes published test vectors on the thread that loaded it and on a
 * host thread prepared with umod_thread_prepare; code that prints,
 * pretimeout_noop.ko's governor, is called on an 8-byte-aligned stack,
 * as Linux's watchdog core may call it.  Linked as umodd is: non-PIE,
 * with libumod's printk and the kernel API of libumod-kapi.a.
 *
 *	kabihost <dir of lib/crypto> <dir of drivers/watchdog>
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <umod/host.h>

#include "kabi_call.h"
#include "tap.h"

typedef uint8_t u8;

/* ---- What the modules import from the host ---- */

struct watchdog_device { int id; };
struct watchdog_governor {
	const char name[20];
	void (*pretimeout)(struct watchdog_device *wdd);
};

static struct watchdog_governor *governor;

int watchdog_register_governor(struct watchdog_governor *gov)
{
	governor = gov;
	return 0;
}
EXPORT_SYMBOL(watchdog_register_governor);

void watchdog_unregister_governor(struct watchdog_governor *gov)
{
	if (governor == gov)
		governor = NULL;
}
EXPORT_SYMBOL(watchdog_unregister_governor);

/* libumod's printk logs here: to stderr, as umodd's console does, and
 * kept for the test. */
static char printed[256];
static int printed_level = -1;

static void printk_sink(int level, const char *msg, void *arg)
{
	fprintf(stderr, "# printk %d: %s\n", level, msg);
	printed_level = level;
	snprintf(printed, sizeof(printed), "%s", msg);
}

static void on_log(int level, const char *msg, void *arg)
{
	printf("# log %d: %s\n", level, msg);
}

/* ---- The per-CPU area ---- */

static unsigned long gs_base(void)
{
	unsigned long base = 0;

	syscall(SYS_arch_prctl, ARCH_GET_GS, &base);
	return base;
}

static unsigned long gs_canary(void)
{
	unsigned long c;

	asm volatile("movq %%gs:0x28, %0" : "=r"(c));
	return c;
}

/* ---- RFC 7748, 5.2: the first X25519 test vector ---- */

static const u8 x25519_scalar[32] = {
	0xa5, 0x46, 0xe3, 0x6b, 0xf0, 0x52, 0x7c, 0x9d, 0x3b, 0x16, 0x15, 0x4b,
	0x82, 0x46, 0x5e, 0xdd, 0x62, 0x14, 0x4c, 0x0a, 0xc1, 0xfc, 0x5a, 0x18,
	0x50, 0x6a, 0x22, 0x44, 0xba, 0x44, 0x9a, 0xc4,
};
static const u8 x25519_point[32] = {
	0xe6, 0xdb, 0x68, 0x67, 0x58, 0x30, 0x30, 0xdb, 0x35, 0x94, 0xc1, 0xa4,
	0x24, 0xb1, 0x5f, 0x7c, 0x72, 0x66, 0x24, 0xec, 0x26, 0xb3, 0x35, 0x3b,
	0x10, 0xa9, 0x03, 0xa6, 0xd0, 0xab, 0x1c, 0x4c,
};
static const u8 x25519_out[32] = {
	0xc3, 0xda, 0x55, 0x37, 0x9d, 0xe9, 0xc6, 0x90, 0x8e, 0x94, 0xea, 0x4d,
	0xf2, 0x8d, 0x08, 0x4f, 0x32, 0xec, 0xcf, 0x03, 0x49, 0x1c, 0x71, 0xf7,
	0x54, 0xb4, 0x07, 0x55, 0x77, 0xa2, 0x85, 0x52,
};

typedef void curve25519_fn(u8 out[32], const u8 scalar[32], const u8 point[32]);
static curve25519_fn *curve25519_generic;

static bool x25519_ok(void)
{
	u8 out[32];

	curve25519_generic(out, x25519_scalar, x25519_point);
	return !memcmp(out, x25519_out, sizeof(out));
}

/* ---- A host thread: started before anything set GS, it prepares itself ---- */

struct host_thread {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool go;
	unsigned long gs_before, gs_after, canary;
	int prepared;
	bool x25519;
};

static void *host_thread_main(void *arg)
{
	struct host_thread *t = arg;

	t->gs_before = gs_base();
	pthread_mutex_lock(&t->lock);
	while (!t->go)
		pthread_cond_wait(&t->cond, &t->lock);
	pthread_mutex_unlock(&t->lock);
	t->prepared = umod_thread_prepare();
	t->gs_after = gs_base();
	if (!t->prepared) {
		t->canary = gs_canary();
		t->x25519 = x25519_ok();
	}
	return NULL;
}

static void start_host_thread(struct host_thread *t)
{
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	pthread_create(&t->thread, NULL, host_thread_main, t);
}

static void run_host_thread(struct host_thread *t)
{
	pthread_mutex_lock(&t->lock);
	t->go = true;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
}

/* ---- The tests ---- */

static void test_curve25519(struct umod_ctx *ctx, const char *crypto)
{
	char path[4096];
	struct host_thread t, again;
	unsigned long canary;

	start_host_thread(&t);
	snprintf(path, sizeof(path), "%s/libcurve25519-generic.ko", crypto);
	is_int(umod_load_file(ctx, path, NULL, UMOD_INIT_FORCE, NULL), 0,
	       "libcurve25519-generic.ko loads (%s)", umod_errmsg());
	curve25519_generic = (curve25519_fn *)umod_find_symbol(ctx, "curve25519_generic");
	if (!ok(curve25519_generic != NULL, "it exports curve25519_generic"))
		return;
	ok(x25519_ok(), "curve25519_generic, stack-protected, computes RFC 7748's "
	   "test vector on the thread that loaded it");
	canary = gs_canary();
	ok(canary && !(canary & 0xff), "the canary at %%gs:0x28 is set, its low byte zero");

	run_host_thread(&t);
	ok(t.gs_before == 0, "a host thread started before any load has no GS base");
	is_int(t.prepared, 0, "umod_thread_prepare prepares it");
	ok(t.gs_after && t.gs_after != gs_base(), "with a per-CPU area of its own");
	ok(t.canary == canary, "holding the host's canary");
	ok(t.x25519, "curve25519_generic computes the test vector on that thread");

	start_host_thread(&again);
	run_host_thread(&again);
	ok(again.x25519 && again.gs_after == t.gs_after,
	   "the area of a thread that exited serves the next thread");
}

struct des_ctx { uint32_t expkey[32]; };
struct des3_ede_ctx { uint32_t expkey[3 * 32]; };

static void test_des(struct umod_ctx *ctx, const char *crypto)
{
	/* FIPS 46's worked example; NIST SP 800-67's TDEA example. */
	static const u8 key[8] = { 0x13, 0x34, 0x57, 0x79, 0x9b, 0xbc, 0xdf, 0xf1 };
	static const u8 plain[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
	static const u8 cipher[8] = { 0x85, 0xe8, 0x13, 0x54, 0x0f, 0x0a, 0xb4, 0x05 };
	static const u8 key3[24] = {
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
		0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01,
		0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23,
	};
	static const u8 plain3[8] = "The qufc";
	static const u8 cipher3[8] = { 0xa8, 0x26, 0xfd, 0x8c, 0xe5, 0x3b, 0x85, 0x5f };
	int (*des_expand_key)(struct des_ctx *, const u8 *, unsigned int);
	void (*des_encrypt)(const struct des_ctx *, u8 *, const u8 *);
	int (*des3_expand_key)(struct des3_ede_ctx *, const u8 *, unsigned int);
	void (*des3_encrypt)(const struct des3_ede_ctx *, u8 *, const u8 *);
	void (*des3_decrypt)(const struct des3_ede_ctx *, u8 *, const u8 *);
	struct des3_ede_ctx c3;
	struct des_ctx c;
	char path[4096];
	u8 out[8], back[8];

	snprintf(path, sizeof(path), "%s/libdes.ko", crypto);
	is_int(umod_load_file(ctx, path, NULL, UMOD_INIT_FORCE, NULL), 0,
	       "libdes.ko loads, reading the host's fips_enabled (%s)", umod_errmsg());
	des_expand_key = umod_find_symbol(ctx, "des_expand_key");
	des_encrypt = umod_find_symbol(ctx, "des_encrypt");
	des3_expand_key = umod_find_symbol(ctx, "des3_ede_expand_key");
	des3_encrypt = umod_find_symbol(ctx, "des3_ede_encrypt");
	des3_decrypt = umod_find_symbol(ctx, "des3_ede_decrypt");
	if (!ok(des_expand_key && des_encrypt && des3_expand_key && des3_encrypt &&
		des3_decrypt, "it exports DES and triple DES"))
		return;
	ok(!des_expand_key(&c, key, 8) && (des_encrypt(&c, out, plain), 1) &&
	   !memcmp(out, cipher, 8), "des_encrypt gives FIPS 46's example ciphertext");
	is_int(des3_expand_key(&c3, key3, 24), 0,
	       "des3_ede_expand_key, stack-protected, takes SP 800-67's keys");
	des3_encrypt(&c3, out, plain3);
	des3_decrypt(&c3, back, out);
	ok(!memcmp(out, cipher3, 8) && !memcmp(back, plain3, 8),
	   "triple DES gives SP 800-67's example ciphertext, and back");
}

static void test_printing(struct umod_ctx *ctx, const char *watchdog)
{
	struct watchdog_device wdd = { .id = 7 };
	char path[4096];

	snprintf(path, sizeof(path), "%s/pretimeout_noop.ko", watchdog);
	is_int(umod_load_file(ctx, path, NULL, UMOD_INIT_FORCE, NULL), 0,
	       "pretimeout_noop.ko loads (%s)", umod_errmsg());
	if (!ok(governor && !strcmp(governor->name, "noop"),
		"its init registers the noop governor"))
		return;
	KCALL(governor->pretimeout, &wdd);
	ok(!strcmp(printed, "watchdog7: pretimeout event"),
	   "called on an 8-byte-aligned stack, it prints through printk: %s", printed);
	is_int(printed_level, 1, "at KERN_ALERT");
	is_int(umod_unload(ctx, "pretimeout_noop", 0), 0, "and unloads");
	ok(governor == NULL, "its exit unregistered the governor");
}

int main(int argc, char **argv)
{
	struct umod_ctx *ctx;

	if (argc != 3) {
		fprintf(stderr, "usage: kabihost <lib/crypto> <drivers/watchdog>\n");
		return 2;
	}
	umod_set_printk(printk_sink, NULL);
	ctx = umod_ctx_new();
	umod_set_log(ctx, on_log, NULL);
	test_curve25519(ctx, argv[1]);
	test_des(ctx, argv[1]);
	test_printing(ctx, argv[2]);
	umod_ctx_free(ctx);
	return done_testing();
}
