// SPDX-License-Identifier: MIT
/* ctlhost.c - src/ctl/ops.c's ctl_handle on hosts made for fuzzing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"
#include "../src/ctl/ctl.h"
#include "../tests/robust/host.h"
#include "ctlhost.h"

static struct umod_ctl full, empty;
static char before[1 << 18], after[1 << 18];

static const char *const corpus[] = { "stack_a", "stack_b", "hello", "params" };

static void die(const char *what)
{
	fprintf(stderr, "ctlhost: %s: %s\n", what, umod_errmsg());
	abort();
}

static void fill_ring(struct umod_ctl *ctl)
{
	if (ctl_ring_init(&ctl->ring, 4096))
		die("ring");
	ctl_ring_add(&ctl->ring, 6, "hello: loaded");
	ctl_ring_add(&ctl->ring, 3, "unknown: Unknown symbol no_such_thing");
}

static void setup(struct umod_ctl *ctl, struct umod_ctx *ctx)
{
	if (!ctx)
		die("context");
	ctl->ctx = ctx;
	ctl->release = "umod-1";
	fill_ring(ctl);
}

void ctlhost_init(const char *moddir)
{
	char path[4096];

	setup(&full, robust_ctx_new());
	setup(&empty, robust_ctx_new());
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.ko", moddir, corpus[i]);
		if (umod_load_file(full.ctx, path, NULL, 0, NULL))
			die(path);
	}
	if (robust_snapshot(full.ctx, before, sizeof(before), false))
		die("snapshot");
}

/* Which host: only what cannot change one reaches the modules. */
static struct umod_ctl *host_for(unsigned int op)
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
	struct ctl_client c = {
		.fd = -1, .uid = 4242, .pid = 1, .admitted = admitted,
		.req = { *hdr, (unsigned char *)payload, -1 },
	};

	/* kerneld takes over the client's socket: its own tests cover it. */
	if (hdr->op == UMOD_OP_KERNELD)
		return;
	c.ctl = host_for(hdr->op);
	ctl_handle(&c);
	*out = c.out;
	if (hdr->op == UMOD_OP_LOG && (hdr->flags & UMOD_LOG_CLEAR)) {
		ctl_ring_free(&c.ctl->ring);
		fill_ring(c.ctl);
	}
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
