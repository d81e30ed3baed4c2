// SPDX-License-Identifier: MIT
/*
 * fuzz/conn.c - the control channel's reply decoder, tool side
 * (libtools/hostconn.c): a tool asks, and whatever the "host" answers is
 * the input.  Its first byte picks the request; the rest is the reply,
 * written into the socket before the tool reads, then the host hangs up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "umod-tools.h"

static volatile size_t sink;
static char dir[] = "/tmp/fuzz-conn.XXXXXX";
static char path[sizeof(dir) + 16];
static int listen_fd = -1, module_fd = -1;

static void cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/sock", dir);
	strcpy(sa.sun_path, path);
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(listen_fd, 4))
		abort();
	atexit(cleanup);
	module_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return 0;
}

static void ask(struct umod_conn *c, unsigned int what)
{
	struct umod_conn_module *mods = NULL;
	char buf[256], msg[256];
	char *text = NULL;
	size_t n = 0;

	switch (what % 9) {
	case 0:
		if (!umod_conn_list(c, &mods, &n))
			for (size_t i = 0; i < n; i++)
				sink += strlen(mods[i].name) + strlen(mods[i].users) +
					strlen(mods[i].state);
		free(mods);
		return;
	case 1:
	case 2:
		if (!umod_conn_symbols(c, what % 9 == 2, &text, &n))
			sink += strlen(text) + n;
		break;
	case 3:
		if (!umod_conn_log(c, 0, &text, &n))
			sink += strlen(text) + n;
		break;
	case 4:
		if (!umod_conn_release(c, buf, sizeof(buf)))
			sink += strlen(buf);
		return;
	case 5:
		if (!umod_conn_param_get(c, "hello", "whom", buf, sizeof(buf)))
			sink += strlen(buf);
		return;
	case 6:
		umod_conn_param_set(c, "hello", "whom", "x", msg, sizeof(msg));
		break;
	case 7:
		umod_conn_delete_module(c, "hello", 0, msg, sizeof(msg));
		break;
	case 8:
		umod_conn_init_module(c, module_fd, "whom=x", 0, msg, sizeof(msg));
		break;
	}
	if (what % 9 >= 6)
		sink += strlen(msg);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct umod_conn *c;
	int host;

	if (!size)
		return 0;
	if (umod_conn_open(path, &c))
		abort();
	host = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (host < 0)
		abort();
	/* What the socket takes now; a longer reply is cut short. */
	if (size > 1 && send(host, data + 1, size - 1, MSG_NOSIGNAL) < 0 &&
	    errno != EAGAIN)
		abort();
	shutdown(host, SHUT_WR);
	ask(c, data[0]);
	umod_conn_close(c);
	close(host);
	return 0;
}
