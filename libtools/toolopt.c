// SPDX-License-Identifier: MIT
/*
 * toolopt.c - the command line of the tools that talk to a host (insmod,
 * rmmod, lsmod, ksyms, dmesg, param): each has its own options, then
 * those they share, handled here once: --host, -s and -v where the tool
 * takes them, and -h and -V, which print and end the run; and the
 * connection to the host they name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "umod-tools.h"

static void help(const struct tool_cmdline *cl)
{
	printf("Usage:\n\t%s %s\nOptions:\n%s", program_invocation_short_name,
	       cl->usage, cl->help);
}

int tool_getopt(const struct tool_cmdline *cl, struct tool_opts *o,
		int argc, char *argv[])
{
	int c;

	o->status = EXIT_FAILURE;
	while ((c = getopt_long(argc, argv, cl->shortopts, cl->longopts,
				NULL)) != -1) {
		switch (c) {
		case TOOL_OPT_HOST:
			o->host = optarg;
			break;
		case 's':
			o->use_syslog = true;
			break;
		case 'v':
			tool_verbose();
			break;
		case 'h':
			help(cl);
			o->status = EXIT_SUCCESS;
			return TOOL_OPT_END;
		case 'V':
			tool_version();
			o->status = EXIT_SUCCESS;
			return TOOL_OPT_END;
		case '?':
			return TOOL_OPT_END;
		default:
			return c;
		}
	}
	return -1;
}

/* The libraries built in, as kmod's second line names them. */
void tool_version(void)
{
	printf("umod version %s\n", UMOD_VERSION);
	printf("%cZSTD %cXZ %cZLIB %cLIBCRYPTO\n", ENABLE_ZSTD ? '+' : '-',
	       ENABLE_XZ ? '+' : '-', ENABLE_ZLIB ? '+' : '-',
	       ENABLE_OPENSSL ? '+' : '-');
}

struct umod_conn *tool_connect(const char *host)
{
	const char *path = host ? host : umod_conn_default_path();
	struct umod_conn *c;
	char why[256];
	int err = umod_conn_open_msg(path, &c, why, sizeof(why));

	if (err) {
		tool_err("could not connect to umod host at %s: %s\n", path,
			 *why ? why : strerror(-err));
		return NULL;
	}
	return c;
}
