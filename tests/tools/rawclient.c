// SPDX-License-Identifier: MIT
/*
 * rawclient.c - speaks the control protocol byte by byte, to send a host
 * what the tools never would: bad framing, stray descriptors, stalls,
 * floods.  Prints what came back, one line per reply:
 *
 *	op=N errno=E msg=TEXT then=open|closed
 *
 * Usage: rawclient SOCKET CASE [ARGS...]; see main() for the cases.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proto.h"

static const char *sock_path;

static int connect_host(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("rawclient: connect");
		exit(2);
	}
	return fd;
}

static void send_bytes(int fd, const void *p, size_t len, const int *fds,
		       int nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 4)];
		struct cmsghdr align;
	} cbuf = { 0 };
	struct iovec iov = { (void *)p, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (nfds) {
		struct cmsghdr *cm;

		mh.msg_control = cbuf.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	if (sendmsg(fd, &mh, MSG_NOSIGNAL) != (ssize_t)len) {
		perror("rawclient: send");
		exit(2);
	}
}

/* A well-formed message: op, flags, then the payload already built. */
static void send_msg(int fd, unsigned int op, uint32_t flags,
		     const struct umod_wbuf *attrs, const int *fds, int nfds)
{
	struct umod_wbuf b = { 0 };
	size_t m = umod_msg_begin(&b, op, flags);

	if (attrs && attrs->len)
		memcpy(umod_wbuf_reserve(&b, attrs->len), attrs->data, attrs->len);
	umod_msg_end(&b, m, 0);
	send_bytes(fd, b.data, b.len, fds, nfds);
	umod_wbuf_free(&b);
}

static void send_header(int fd, uint32_t magic, unsigned int version,
			unsigned int op, uint32_t len)
{
	struct umod_msg_hdr h = { magic, version, op, 0, len };
	unsigned char raw[UMOD_PROTO_HDR_LEN];

	umod_hdr_encode(raw, &h);
	send_bytes(fd, raw, sizeof(raw), NULL, 0);
}

static int recv_full(int fd, void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = recv(fd, p, len, 0);

		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Whether the host closed the connection (it does so at once). */
static const char *then(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char c;

	if (poll(&p, 1, 300) == 1 && recv(fd, &c, 1, MSG_DONTWAIT) == 0)
		return "closed";
	return "open";
}

/* Read one reply (all its messages); print it.  -1 on EOF. */
static int print_reply(int fd, bool check_close)
{
	unsigned int op = 0, nmsgs = 0, nattrs = 0;
	uint32_t err = 0;
	char msg[512] = "";
	bool more = true;

	while (more) {
		unsigned char hdr[UMOD_PROTO_HDR_LEN], *payload;
		struct umod_attr_iter it;
		struct umod_attr_val a;
		struct umod_msg_hdr h;

		if (recv_full(fd, hdr, sizeof(hdr)) < 0) {
			printf("eof\n");
			return -1;
		}
		if (umod_hdr_decode(hdr, &h) < 0) {
			printf("bad reply header\n");
			exit(2);
		}
		payload = malloc(h.len + 1);
		if (!payload || recv_full(fd, payload, h.len) < 0) {
			printf("eof in reply\n");
			exit(2);
		}
		umod_attr_iter_init(&it, payload, h.len);
		while (umod_attr_next(&it, &a) > 0) {
			if (a.type == UMOD_A_ERRNO)
				umod_attr_u32(&a, &err);
			else if (a.type == UMOD_A_MSG && umod_attr_str(&a))
				snprintf(msg, sizeof(msg), "%s", umod_attr_str(&a));
			else
				nattrs++;
		}
		free(payload);
		op = h.op;
		nmsgs++;
		more = h.flags & UMOD_MSG_MORE;
	}
	printf("op=%u errno=%u msg=%s", op, err, msg);
	if (check_close)
		printf(" then=%s", then(fd));
	putchar('\n');
	fflush(stdout);
	return 0;
}

static int case_header(uint32_t magic, unsigned int version, unsigned int op,
		       uint32_t len)
{
	int fd = connect_host();

	send_header(fd, magic, version, op, len);
	print_reply(fd, true);
	return 0;
}

/* An attribute claiming more bytes than the payload has. */
static int case_badattr(void)
{
	unsigned char attr[8] = { UMOD_A_NAME, 0, 0, 0, 200, 0, 0, 0 };
	struct umod_wbuf b = { 0 };
	int fd = connect_host();

	memcpy(umod_wbuf_reserve(&b, sizeof(attr)), attr, sizeof(attr));
	send_msg(fd, UMOD_OP_DELETE, 0, &b, NULL, 0);
	print_reply(fd, false);
	send_msg(fd, UMOD_OP_RELEASE, 0, NULL, NULL, 0);	/* still served */
	print_reply(fd, true);
	umod_wbuf_free(&b);
	return 0;
}

/* A name that is not a string (no NUL). */
static int case_badstring(void)
{
	struct umod_wbuf b = { 0 };
	int fd = connect_host();

	umod_put(&b, UMOD_A_NAME, "greet", 5);
	send_msg(fd, UMOD_OP_DELETE, 0, &b, NULL, 0);
	print_reply(fd, true);
	umod_wbuf_free(&b);
	return 0;
}

static int case_op(unsigned int op, uint32_t flags)
{
	int fd = connect_host();

	send_msg(fd, op, flags, NULL, NULL, 0);
	print_reply(fd, true);
	return 0;
}

/* Descriptors where they do not belong, or too many. */
static int case_fds(unsigned int op, int nfds, const char *file)
{
	int fds[2], fd = connect_host();

	if (file) {
		fds[0] = fds[1] = open(file, O_RDONLY);
	} else if (pipe(fds) < 0) {
		perror("rawclient: pipe");
		return 2;
	}
	send_msg(fd, op, 0, NULL, fds, nfds);
	print_reply(fd, true);
	return 0;
}

/* Two requests in one write: two replies, in order. */
static int case_pipeline(void)
{
	struct umod_wbuf b = { 0 };
	size_t m;
	int fd = connect_host();

	m = umod_msg_begin(&b, UMOD_OP_RELEASE, 0);
	umod_msg_end(&b, m, 0);
	m = umod_msg_begin(&b, UMOD_OP_LIST, 0);
	umod_msg_end(&b, m, 0);
	send_bytes(fd, b.data, b.len, NULL, 0);
	print_reply(fd, false);
	print_reply(fd, true);
	umod_wbuf_free(&b);
	return 0;
}

/* Half a header, then silence: does the host hang up (within 30 s)? */
static int case_stall(void)
{
	unsigned char half[5] = { 0x55, 0x4d, 0x4f, 0x44, 1 };
	struct pollfd p;
	int fd = connect_host();
	char c;

	send_bytes(fd, half, sizeof(half), NULL, 0);
	printf("stalled\n");
	fflush(stdout);
	p = (struct pollfd){ fd, POLLIN, 0 };
	if (poll(&p, 1, 30000) != 1 || recv(fd, &c, 1, 0) != 0) {
		printf("not dropped\n");
		return 1;
	}
	printf("dropped\n");
	return 0;
}

/* Connect and say nothing: is the connection dropped (a guest's is)? */
static int case_idle(int wait_ms)
{
	struct pollfd p = { connect_host(), POLLIN, 0 };
	char c;

	if (poll(&p, 1, wait_ms) == 1 && recv(p.fd, &c, 1, 0) == 0)
		printf("dropped\n");
	else
		printf("not dropped\n");
	return 0;
}

/* Hold n connections open, count those turned away, run cmd meanwhile. */
static int case_flood(int n, char *cmd[])
{
	int *fds = calloc(n, sizeof(*fds)), refused = 0, i, status;
	pid_t pid;

	for (i = 0; i < n; i++)
		fds[i] = connect_host();
	usleep(300000);
	for (i = 0; i < n; i++) {
		struct pollfd p = { fds[i], POLLIN, 0 };

		if (poll(&p, 1, 0) == 1) {
			refused++;
			if (refused == 1)
				print_reply(fds[i], false);
		}
	}
	printf("refused %d of %d\n", refused, n);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	printf("while held: exit %d\n", WEXITSTATUS(status));
	for (i = 0; i < n; i++)
		close(fds[i]);
	free(fds);
	return 0;
}

/* The host's pid, as the socket's credentials say: a daemon's too. */
static int case_peerpid(void)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd = connect_host();

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		perror("rawclient: SO_PEERCRED");
		return 2;
	}
	printf("%d\n", (int)cred.pid);
	return 0;
}

int main(int argc, char *argv[])
{
	const char *c;

	if (argc < 3) {
		fprintf(stderr, "usage: rawclient SOCKET CASE [ARGS...]\n");
		return 2;
	}
	sock_path = argv[1];
	c = argv[2];
	if (!strcmp(c, "badmagic"))
		return case_header(0x12345678, 1, UMOD_OP_LIST, 0);
	if (!strcmp(c, "badversion"))
		return case_header(UMOD_PROTO_MAGIC, 99, UMOD_OP_LIST, 0);
	if (!strcmp(c, "oversize"))
		return case_header(UMOD_PROTO_MAGIC, 1, UMOD_OP_LIST, 2u << 20);
	if (!strcmp(c, "badattr"))
		return case_badattr();
	if (!strcmp(c, "badstring"))
		return case_badstring();
	if (!strcmp(c, "unknownop"))
		return case_op(99, 0);
	if (!strcmp(c, "badflags"))
		return case_op(UMOD_OP_SYMBOLS, 0x80);
	if (!strcmp(c, "fdlist"))
		return case_fds(UMOD_OP_LIST, 1, argc > 3 ? argv[3] : NULL);
	if (!strcmp(c, "pipeinit"))
		return case_fds(UMOD_OP_INIT, 1, NULL);
	if (!strcmp(c, "twofds"))
		return case_fds(UMOD_OP_INIT, 2, argc > 3 ? argv[3] : NULL);
	if (!strcmp(c, "noinitfd"))
		return case_op(UMOD_OP_INIT, 0);
	if (!strcmp(c, "pipeline"))
		return case_pipeline();
	if (!strcmp(c, "stall"))
		return case_stall();
	if (!strcmp(c, "idle") && argc > 3)
		return case_idle(atoi(argv[3]));
	if (!strcmp(c, "peerpid"))
		return case_peerpid();
	if (!strcmp(c, "flood") && argc > 4)
		return case_flood(atoi(argv[3]), argv + 4);
	fprintf(stderr, "rawclient: unknown case %s\n", c);
	return 2;
}
