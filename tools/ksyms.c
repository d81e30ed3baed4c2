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

#include "tools.h"

static const struct tool_cmdline cmdline = {
	.usage = "[options]",
	.help = "\t-a, --all         every symbol with an address, not only exports\n"
		TOOL_HELP,
	.shortopts = "a" TOOL_SHORTOPTS,
	.longopts = (const struct option[]){
		{ "all", no_argument, 0, 'a' },
		TOOL_LONGOPTS
	},
};

int do_ksyms(int argc, char *argv[])
{
	struct tool_opts o = { 0 };
	bool all = false;
	struct umod_conn *conn;
	char *text;
	size_t len;
	int c, err;

	while ((c = tool_getopt(&cmdline, &o, argc, argv)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		default:
			return o.status;
		}
	}
	if (optind < argc) {
		tool_err("too many arguments provided.\n");
		return EXIT_FAILURE;
	}
	conn = tool_connect(o.host);
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
