// SPDX-License-Identifier: MIT
/*
 * lsmod.c - list the host's modules, in kmod's format, newest first.  A
 * module the host may remove when unused ends its line in "(autoclean)".
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
	.help = TOOL_LOG_HELP TOOL_HELP,
	.shortopts = "sv" TOOL_SHORTOPTS,
	.longopts = (const struct option[]){
		TOOL_LOG_LONGOPTS,
		TOOL_LONGOPTS
	},
};

static void print_module(const struct umod_conn_module *m)
{
	const char *u = m->users;

	printf("%-19s %8llu  %d", m->name, (unsigned long long)m->size,
	       m->refcnt);
	if (strcmp(u, "-")) {
		/* "a,b," as "a,b" */
		printf(" %.*s", (int)strlen(u) - 1, u);
	}
	if (m->flags & UMOD_CONN_MOD_AUTOCLEAN)
		fputs(" (autoclean)", stdout);
	putchar('\n');
}

static int list(const char *host)
{
	struct umod_conn_module *mods;
	struct umod_conn *c;
	size_t i, n;
	int err;

	c = tool_connect(host);
	if (!c)
		return -ENOTCONN;
	err = umod_conn_list(c, &mods, &n);
	umod_conn_close(c);
	if (err) {
		tool_err("could not get list of modules: %s\n", strerror(-err));
		return err;
	}
	puts("Module                  Size  Used by");
	for (i = 0; i < n; i++)
		print_module(&mods[i]);
	free(mods);
	return 0;
}

int do_lsmod(int argc, char *argv[])
{
	struct tool_opts o = { 0 };
	int r = EXIT_FAILURE;

	if (tool_getopt(&cmdline, &o, argc, argv) != -1)
		return o.status;	/* no options of its own */

	tool_log_open(o.use_syslog);
	if (optind < argc)
		fprintf(stderr, "Usage: %s\n", argv[0]);	/* kmod's words */
	else if (list(o.host) == 0)
		r = EXIT_SUCCESS;
	tool_log_close();
	return r;
}
