// SPDX-License-Identifier: MIT
/*
 * ksyms.c - the host's symbol table, as /proc/kallsyms lines:
 * "address type name", then "\t[module]" for a module's symbols.
 * Exports only by default, as the old ksyms; -a for every symbol.
 * Addresses read as zeros unless the host admits the caller.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostconn.h"
#include "tools.h"

static const char cmdopts_s[] = "aVh";
static const struct option cmdopts[] = {
	{ "all", no_argument, 0, 'a' },
	{ "version", no_argument, 0, 'V' },
	{ "help", no_argument, 0, 'h' },
	TOOL_HOST_OPTION,
	{ NULL, 0, 0, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\t%s [options]\n"
	       "Options:\n"
	       "\t-a, --all         every symbol with an address, not only exports\n"
	       "\t-V, --version     show version\n"
	       "\t-h, --help        show this help\n"
	       TOOL_HOST_HELP,
	       program_invocation_short_name);
}

int do_ksyms(int argc, char *argv[])
{
	const char *host = NULL;
	bool all = false;
	struct umod_conn *conn;
	char *text;
	size_t len;
	int c, err;

	while ((c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case TOOL_OPT_HOST:
			host = optarg;
			break;
		case 'h':
			help();
			return EXIT_SUCCESS;
		case 'V':
			tool_version();
			return EXIT_SUCCESS;
		default:
			return EXIT_FAILURE;
		}
	}
	if (optind < argc) {
		tool_err("too many arguments provided.\n");
		return EXIT_FAILURE;
	}
	conn = tool_connect(host);
	if (!conn)
		return EXIT_FAILURE;
	err = umod_conn_symbols(conn, !all, &text, &len);
	umod_conn_close(conn);
	if (err) {
		tool_err("could not read the host's symbols: %s\n",
			 strerror(-err));
		return EXIT_FAILURE;
	}
	fwrite(text, 1, len, stdout);
	free(text);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}
