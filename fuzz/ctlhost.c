// SPDX-License-Identifier: MIT
/* ctlhost.c - the control server's handler, through umod_ctl_request,
 * on hosts made for fuzzing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tests/robust/host.h"
#include "ctlhost.h"

/* A host for fuzzing: its context and its control server, whose handler
 * umod_ctl_request reaches without the socket. */
struct fuzz_host {
	struct umod_ctx *ctx;
	struct umod_ctl *ctl;
};

static struct fuzz_host full, empty;
static char sockdir[] = "/tmp/umod-fuzz-ctl.XXXXXX";
static char before[1 << 18], after[1 << 18];

static const char *const corpus[] = { "stack_a", "stack_b", "hello", "params" };

/* Not the fuzzer's uid, nor root's: a guest, refused what changes a host. */
#define GUEST_UID	4242

static void die(const char *what)
{
	fprintf(stderr, "ctlhost: %s: %s\n", what, umod_errmsg());
	abort();
}

static void fill_ring(struct umod_ctl *ctl)
{
	umod_ctl_log(ctl, 6, "hello: loaded");
	umod_ctl_log(ctl, 3, "unknown: Unknown symbol no_such_thing");
}

static void stop_hosts(void)
{
	umod_ctl_stop(full.ctl);
	umod_ctl_stop(empty.ctl);
	rmdir(sockdir);
}

static void setup(struct fuzz_host *h, const char *name)
{
	char path[sizeof(sockdir) + 32];
	struct umod_ctl_config cfg = {
		.size = sizeof(cfg), .path = path, .release = "umod-1",
		.log_size = 4096,
	};

	h->ctx = robust_ctx_new();
	if (!h->ctx)
		die("context");
	snprintf(path, sizeof(path), "%s/%s.sock", sockdir, name);
	if (umod_ctl_start(h->ctx, &cfg, &h->ctl))
		die(path);
	fill_ring(h->ctl);
}

void ctlhost_init(const char *moddir)
{
	char path[4096];

	if (!mkdtemp(sockdir))
		die("mkdtemp");
	setup(&full, "full");
	setup(&empty, "empty");
	atexit(stop_hosts);
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.ko", moddir, corpus[i]);
		if (umod_load_file(full.ctx, path, NULL, 0, NULL))
			die(path);
	}
	if (robust_snapshot(full.ctx, before, sizeof(before), false))
		die("snapshot");
}

/* Which host: only what cannot change one reaches the modules. */
static struct fuzz_host *host_for(unsigned int op)
{
	switch (op) {
	case UMOD_OP_LIST:
	case UMOD_OP_SYMBOLS:
	case UMOD_OP_PARAM_GET:
	case UMOD_OP_RELEASE:
		return &full;
	default:
		return &empty;
	}
}

void ctlhost_handle(const struct umod_msg_hdr *hdr, const void *payload,
		    bool admitted, struct umod_wbuf *out)
{
	struct fuzz_host *h = host_for(hdr->op);
	unsigned char *msg = malloc(UMOD_PROTO_HDR_LEN + hdr->len);
	void *reply;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!msg) {
		out->oom = true;
		return;
	}
	umod_hdr_encode(msg, hdr);
	memcpy(msg + UMOD_PROTO_HDR_LEN, payload, hdr->len);
	/* kerneld's channel and a following log need the connection: their
	 * own tests cover them. */
	if (umod_ctl_request(h->ctl, msg, UMOD_PROTO_HDR_LEN + hdr->len,
			     admitted ? getuid() : GUEST_UID, &reply, &len)) {
		out->oom = true;	/* nothing to check */
	} else {
		out->data = reply;
		out->len = out->cap = len;
	}
	free(msg);
	if (hdr->op == UMOD_OP_LOG && (hdr->flags & UMOD_LOG_CLEAR))
		fill_ring(h->ctl);
}

static void check_attrs(const unsigned char *p, size_t len, int depth)
{
	struct umod_attr_iter it;
	struct umod_attr_val a;
	int ret;

	umod_attr_iter_init(&it, p, len);
	while ((ret = umod_attr_next(&it, &a)) > 0)
		if (depth < 2 && (a.type == UMOD_A_MODULE ||
				  a.type == UMOD_A_SYMBOL ||
				  a.type == UMOD_A_RECORD))
			check_attrs(a.data, a.len, depth + 1);
	if (ret < 0) {
		fprintf(stderr, "ctlhost: the host sent a malformed attribute\n");
		abort();
	}
}

void ctlhost_check_reply(const struct umod_wbuf *out)
{
	size_t off = 0;
	struct umod_msg_hdr h = { .flags = UMOD_MSG_MORE };

	if (out->oom)
		return;
	while (off < out->len) {
		if (out->len - off < UMOD_PROTO_HDR_LEN ||
		    umod_hdr_decode(out->data + off, &h) ||
		    h.len > out->len - off - UMOD_PROTO_HDR_LEN) {
			fprintf(stderr, "ctlhost: the host sent a malformed message\n");
			abort();
		}
		off += UMOD_PROTO_HDR_LEN;
		check_attrs(out->data + off, h.len, 0);
		off += h.len;
	}
	if (out->len && (h.flags & UMOD_MSG_MORE)) {
		fprintf(stderr, "ctlhost: the reply does not end\n");
		abort();
	}
}

void ctlhost_check_state(void)
{
	char why[1024];

	if (robust_snapshot(full.ctx, after, sizeof(after), false))
		die("snapshot");
	if (robust_diff(before, after, why, sizeof(why))) {
		fprintf(stderr, "ctlhost: a request changed the host: %s\n", why);
		abort();
	}
}
