// SPDX-License-Identifier: MIT
/*
 * listenfds.c - systemd's socket activation, by its protocol rather than
 * libsystemd (sd_listen_fds(3)): LISTEN_PID names the process the sockets
 * are for, LISTEN_FDS counts them, from fd 3 on.  umodd takes one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "umodd.h"

#define LISTEN_FDS_START 3

static long env_number(const char *name)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return *end || errno || v < 0 ? -1 : v;
}

int umodd_listen_fd(void)
{
	long pid = env_number("LISTEN_PID"), n = env_number("LISTEN_FDS");

	/* Not for the modprobes and modules we start. */
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (pid != getpid() || n <= 0)
		return 0;
	if (n > 1) {
		fprintf(stderr, "umodd: socket activation passed %ld sockets; "
			"umodd listens on one\n", n);
		return -1;
	}
	return LISTEN_FDS_START;
}
