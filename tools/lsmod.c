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

#include "hostconn.h"
#include "tools.h"

static const char cmdopts_s[] = "svVh";
static const struct option cmdopts[] = {
	{ "syslog", no_argument, 0, 's' },
	{ "verbose", no_argument, 0, 'v' },
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
	       "\t-s, --syslog      print to syslog, not stderr\n"
	       "\t-v, --verbose     enables more messages\n"
	       "\t-V, --version     show version\n"
	       "\t-h, --help        show this help\n"
	       TOOL_HOST_HELP,
	       program_invocation_short_name);
}

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
	const char *host = NULL;
	bool use_syslog = false;
	int c, r = EXIT_FAILURE;

	while ((c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL)) != -1) {
		switch (c) {
		case 's':
			use_syslog = true;
			break;
		case 'v':
			tool_verbose();
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

	tool_log_open(use_syslog);
	if (optind < argc)
		tool_err("too many arguments provided.\n");
	else if (list(host) == 0)
		r = EXIT_SUCCESS;
	tool_log_close();
	return r;
}
