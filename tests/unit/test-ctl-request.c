// SPDX-License-Identifier: MIT
/*
 * test-ctl-request.c - umod_ctl_request, the control server's handler
 * without a socket: its reply is the one the socket gives, a guest is
 * refused what changes the host, and what is not one whole message, or
 * needs the connection, is refused with the reason in umod_errmsg().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <umod/host.h>

#include "proto.h"
#include "tap.h"

#define GUEST_UID 4242		/* neither root nor ours */

static void request(struct umod_wbuf *b, unsigned int op, const char *name)
{
	size_t msg = umod_msg_begin(b, op, 0);

	if (name)
		umod_put_str(b, UMOD_A_NAME, name);
	umod_msg_end(b, msg, 0);
}

/* The reply over the socket: whole messages up to the last. */
static unsigned char *over_socket(const char *path, const struct umod_wbuf *req,
				  size_t *len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	unsigned char hdr[UMOD_PROTO_HDR_LEN], *out = NULL;
	struct umod_msg_hdr h = { .flags = UMOD_MSG_MORE };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	*len = 0;
	strncpy(sa.sun_path, path, sizeof(sa.sun_path) - 1);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    write(fd, req->data, req->len) != (ssize_t)req->len)
		goto out;
	while (h.flags & UMOD_MSG_MORE) {
		if (recv(fd, hdr, sizeof(hdr), MSG_WAITALL) != sizeof(hdr) ||
		    umod_hdr_decode(hdr, &h))
			break;
		out = realloc(out, *len + sizeof(hdr) + h.len);
		memcpy(out + *len, hdr, sizeof(hdr));
		if (h.len && recv(fd, out + *len + sizeof(hdr), h.len, MSG_WAITALL) !=
			     (ssize_t)h.len)
			break;
		*len += sizeof(hdr) + h.len;
	}
out:
	if (fd >= 0)
		close(fd);
	return out;
}

/* The reply's errno: its last attribute. */
static int reply_errno(const unsigned char *p, size_t len)
{
	struct umod_msg_hdr h;
	struct umod_attr_iter it;
	struct umod_attr_val a;
	uint32_t e = (uint32_t)-1;

	if (len < UMOD_PROTO_HDR_LEN || umod_hdr_decode(p, &h))
		return -1;
	umod_attr_iter_init(&it, p + UMOD_PROTO_HDR_LEN, h.len);
	while (umod_attr_next(&it, &a) > 0)
		if (a.type == UMOD_A_ERRNO)
			umod_attr_u32(&a, &e);
	return (int)e;
}

int main(void)
{
	char dir[] = "/tmp/test-ctl-request.XXXXXX", path[64];
	struct umod_ctx *ctx = umod_ctx_new();
	struct umod_ctl_config cfg = { .size = sizeof(cfg), .path = path };
	struct umod_ctl *ctl;
	struct umod_wbuf list = { 0 }, del = { 0 }, kd = { 0 };
	size_t len, sock_len;
	unsigned char *sock;
	void *reply;

	if (!ctx || !mkdtemp(dir)) {
		printf("Bail out! no context or directory\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/ctl.sock", dir);
	is_int(umod_ctl_start(ctx, &cfg, &ctl), 0, "the control server starts");
	if (umod_load_file(ctx, UMOD_TEST_MODULES "/roinit.ko", NULL, 0, NULL))
		diag("roinit.ko: %s", umod_errmsg());

	request(&list, UMOD_OP_LIST, NULL);
	is_int(umod_ctl_request(ctl, list.data, list.len, getuid(), &reply, &len), 0,
	       "a list request is handled");
	sock = over_socket(path, &list, &sock_len);
	ok(sock && len == sock_len && !memcmp(reply, sock, len),
	   "its reply is the socket's, byte for byte (%zu bytes)", len);
	ok(len > 0 && memmem(reply, len, "roinit", 6) != NULL,
	   "and lists the module loaded");
	free(reply);
	free(sock);

	request(&del, UMOD_OP_DELETE, "roinit");
	is_int(umod_ctl_request(ctl, del.data, del.len, GUEST_UID, &reply, &len), 0,
	       "a guest's delete is answered");
	is_int(reply_errno(reply, len), EPERM, "with EPERM, as over the socket");
	free(reply);
	is_int(umod_ctl_request(ctl, del.data, del.len, getuid(), &reply, &len), 0,
	       "the owner's delete is answered");
	is_int(reply_errno(reply, len), 0, "and the module is removed");
	free(reply);

	is_int(umod_ctl_request(ctl, list.data, list.len - 1, getuid(), &reply, &len),
	       -EBADMSG, "a message cut short: -EBADMSG");
	ok(strstr(umod_errmsg(), "not one whole message") != NULL,
	   "umod_errmsg says so: %s", umod_errmsg());
	request(&kd, UMOD_OP_KERNELD, NULL);
	is_int(umod_ctl_request(ctl, kd.data, kd.len, getuid(), &reply, &len),
	       -EOPNOTSUPP, "kerneld's channel needs a connection: -EOPNOTSUPP");

	umod_wbuf_free(&list);
	umod_wbuf_free(&del);
	umod_wbuf_free(&kd);
	umod_ctl_stop(ctl);
	umod_ctx_free(ctx);
	rmdir(dir);
	return done_testing();
}
