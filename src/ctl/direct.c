// SPDX-License-Identifier: MIT
/*
 * direct.c - one request handled without a socket: for a host that
 * carries the protocol over a transport of its own, and for the fuzzer,
 * which hands the handler whatever a client could send.  What needs the
 * connection itself (kerneld's channel, a log that follows) is refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../log.h"
#include "ctl.h"

int umod_ctl_request(struct umod_ctl *ctl, const void *msg, size_t len,
		     unsigned int uid, void **reply, size_t *reply_len)
{
	struct ctl_client c = { .fd = -1, .uid = uid, .ctl = ctl };
	struct umod_msg_hdr *h = &c.req.hdr;
	int err;

	umod_clear_errmsg();
	*reply = NULL;
	*reply_len = 0;
	if (len < UMOD_PROTO_HDR_LEN || (err = umod_hdr_decode(msg, h)) ||
	    h->len != len - UMOD_PROTO_HDR_LEN) {
		umod_set_errmsg("umod_ctl_request: not one whole message");
		return -EBADMSG;
	}
	if (h->op == UMOD_OP_KERNELD ||
	    (h->op == UMOD_OP_LOG && (h->flags & UMOD_LOG_FOLLOW))) {
		umod_set_errmsg("umod_ctl_request: operation %u needs a connection",
				h->op);
		return -EOPNOTSUPP;
	}
	/* The handler may write into the payload as it parses it. */
	c.req.payload = malloc(h->len ? h->len : 1);
	if (!c.req.payload) {
		umod_set_errmsg("umod_ctl_request: out of memory");
		return -ENOMEM;
	}
	memcpy(c.req.payload, (const unsigned char *)msg + UMOD_PROTO_HDR_LEN, h->len);
	c.req.fd = -1;
	c.admitted = ctl_uid_admitted(ctl, uid);
	ctl_handle(&c);
	free(c.req.payload);
	if (c.out.oom) {
		umod_wbuf_free(&c.out);
		umod_set_errmsg("umod_ctl_request: out of memory");
		return -ENOMEM;
	}
	*reply = c.out.data;
	*reply_len = c.out.len;
	return 0;
}
