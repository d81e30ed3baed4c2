// SPDX-License-Identifier: MIT
/*
 * protoseed.c - seed corpora for fuzz/ctl.c and fuzz/conn.c: every
 * request a tool sends, encoded by shared/proto.c, and the reply the host
 * gives it, by src/ctl/ops.c over the module corpus.
 *
 *	protoseed MODDIR OUTDIR		writes OUTDIR/ctl/ and OUTDIR/conn/
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <umod/host.h>

#include "ctlhost.h"

struct request {
	const char *name;
	unsigned int op, flags;
	int conn;		/* fuzz/conn.c's selector, or -1 */
	const char *attrs[4][2];	/* A_NAME, A_PARAMS, ... by type name */
};

static const struct request requests[] = {
	{ "list", UMOD_OP_LIST, 0, 0, { { 0 } } },
	{ "symbols-all", UMOD_OP_SYMBOLS, UMOD_SYMBOLS_ALL, 1, { { 0 } } },
	{ "symbols", UMOD_OP_SYMBOLS, 0, 2, { { 0 } } },
	{ "log", UMOD_OP_LOG, 0, 3, { { 0 } } },
	{ "log-clear", UMOD_OP_LOG, UMOD_LOG_CLEAR, -1, { { 0 } } },
	{ "release", UMOD_OP_RELEASE, 0, 4, { { 0 } } },
	{ "param-get", UMOD_OP_PARAM_GET, 0, 5,
	  { { "name", "hello" }, { "param", "whom" } } },
	{ "param-get-array", UMOD_OP_PARAM_GET, 0, -1,
	  { { "name", "params" }, { "param", "arr" } } },
	{ "param-set", UMOD_OP_PARAM_SET, 0, 6,
	  { { "name", "hello" }, { "param", "whom" }, { "value", "fuzz" } } },
	{ "delete", UMOD_OP_DELETE, UMOD_UNLOAD_NONBLOCK, 7, { { "name", "hello" } } },
	{ "init", UMOD_OP_INIT, 0, 8, { { "params", "whom=\"a b\"" } } },
	{ "autoclean", UMOD_OP_AUTOCLEAN, 0, -1, { { 0 } } },
	{ "unknown-op", 77, 0, -1, { { "name", "x" } } },
};

static unsigned int attr_type(const char *name)
{
	if (!strcmp(name, "name"))
		return UMOD_A_NAME;
	if (!strcmp(name, "params"))
		return UMOD_A_PARAMS;
	if (!strcmp(name, "param"))
		return UMOD_A_PARAM;
	return UMOD_A_VALUE;
}

static void put_file(const char *dir, const char *name, const void *prefix,
		     size_t plen, const void *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(prefix, 1, plen, f) != plen ||
	    fwrite(data, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void seed(const struct request *rq, const char *ctl_dir,
		 const char *conn_dir)
{
	struct umod_wbuf req = { 0 }, reply = { 0 };
	struct umod_msg_hdr hdr;
	size_t msg = umod_msg_begin(&req, rq->op, rq->flags);
	unsigned char sel = rq->conn;

	for (int i = 0; i < 4 && rq->attrs[i][0]; i++)
		umod_put_str(&req, attr_type(rq->attrs[i][0]), rq->attrs[i][1]);
	if (umod_msg_end(&req, msg, 0) || umod_hdr_decode(req.data, &hdr)) {
		fprintf(stderr, "protoseed: cannot encode %s\n", rq->name);
		exit(1);
	}
	put_file(ctl_dir, rq->name, "", 0, req.data, req.len);
	if (rq->conn >= 0) {
		ctlhost_handle(&hdr, req.data + UMOD_PROTO_HDR_LEN, true, &reply);
		put_file(conn_dir, rq->name, &sel, 1, reply.data, reply.len);
	}
	umod_wbuf_free(&req);
	umod_wbuf_free(&reply);
}

int main(int argc, char **argv)
{
	char ctl_dir[4096], conn_dir[4096];

	if (argc != 3) {
		fprintf(stderr, "usage: protoseed MODDIR OUTDIR\n");
		return 2;
	}
	snprintf(ctl_dir, sizeof(ctl_dir), "%s/ctl", argv[2]);
	snprintf(conn_dir, sizeof(conn_dir), "%s/conn", argv[2]);
	mkdir(ctl_dir, 0755);
	mkdir(conn_dir, 0755);
	ctlhost_init(argv[1]);
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
		seed(&requests[i], ctl_dir, conn_dir);
	return 0;
}
