// SPDX-License-Identifier: MIT
/*
 * activate SOCKET PROGRAM [ARGS...] - systemd's socket activation in
 * small, for the tests: bind and listen on SOCKET, then run PROGRAM with
 * it as fd 3, LISTEN_FDS=1 and LISTEN_PID its pid, as a .socket unit
 * starts its service.  The socket file stays, as systemd's does.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char pid[16];
	int fd;

	if (argc < 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: activate SOCKET PROGRAM [ARGS...]\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 16) < 0 || (fd != 3 && dup2(fd, 3) < 0)) {
		perror(argv[1]);
		return 1;
	}
	if (fd != 3)
		close(fd);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	execv(argv[2], argv + 2);
	perror(argv[2]);
	return 1;
}
