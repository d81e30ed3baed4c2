// SPDX-License-Identifier: MIT
/*
 * param.c - a loaded module's parameter, what Linux shows in
 * /sys/module/MODULE/parameters/PARAM: `umod param MODULE PARAM` prints
 * it, `umod param MODULE PARAM VALUE` sets it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <umod/module.h>

#include "tools.h"

static const struct tool_cmdline cmdline = {
	.usage = "[options] module parameter [value]",
	.help = TOOL_HELP,
	.shortopts = TOOL_SHORTOPTS,
	.longopts = (const struct option[]){ TOOL_LONGOPTS },
};

static int get(struct umod_conn *c, const char *mod, const char *param)
{
	char value[UMOD_PARAM_BUFSIZE + 1];
	int err = umod_conn_param_get(c, mod, param, value, sizeof(value));
	size_t len;

	if (err) {
		tool_err("could not read parameter %s of %s: %s\n", param, mod,
			 strerror(-err));
		return err;
	}
	len = strlen(value);
	printf("%s%s", value, len && value[len - 1] == '\n' ? "" : "\n");
	return 0;
}

static int set(struct umod_conn *c, const char *mod, const char *param,
	       const char *value)
{
	char why[512];
	int err = umod_conn_param_set(c, mod, param, value, why, sizeof(why));

	if (err) {
		tool_err("could not set parameter %s of %s: %s\n", param, mod,
			 strerror(-err));
		if (why[0])
			tool_err("%s\n", why);
	}
	return err;
}

int do_param(int argc, char *argv[])
{
	struct tool_opts o = { 0 };
	struct umod_conn *conn;
	int n, err;

	if (tool_getopt(&cmdline, &o, argc, argv) != -1)
		return o.status;	/* no options of its own */
	n = argc - optind;
	if (n < 2 || n > 3) {
		tool_err("%s.\n", n < 2 ? "missing module or parameter name"
				       : "too many arguments provided");
		return EXIT_FAILURE;
	}
	conn = tool_connect(o.host);
	if (!conn)
		return EXIT_FAILURE;
	if (n == 2)
		err = get(conn, argv[optind], argv[optind + 1]);
	else
		err = set(conn, argv[optind], argv[optind + 1], argv[optind + 2]);
	umod_conn_close(conn);
	return err ? EXIT_FAILURE : EXIT_SUCCESS;
}
