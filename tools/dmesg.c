// SPDX-License-Identifier: MIT
/*
 * dmesg.c - the host's log ring, as dmesg(1) prints the kernel's:
 * "[seconds.micros] text" lines; -r prints the ring raw, with each
 * record's "<level>" prefix, -t drops the time, -c clears the ring after
 * printing it, -C only clears it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostconn.h"
#include "tools.h"

static const struct tool_cmdline cmdline = {
	.usage = "[options]",
	.help = "\t-r, --raw         print the raw message buffer\n"
		"\t-t, --notime      don't show any timestamp with messages\n"
		"\t-c, --read-clear  read and clear all messages\n"
		"\t-C, --clear       clear the host's log\n"
		TOOL_HELP,
	.shortopts = "rtcC" TOOL_SHORTOPTS,
	.longopts = (const struct option[]){
		{ "raw", no_argument, 0, 'r' },
		{ "notime", no_argument, 0, 't' },
		{ "read-clear", no_argument, 0, 'c' },
		{ "clear", no_argument, 0, 'C' },
		TOOL_LONGOPTS
	},
};

/* Length of a "<N>" prefix at p, or 0. */
static size_t level_prefix(const char *p)
{
	return p[0] == '<' && isdigit((unsigned char)p[1]) && p[2] == '>' ? 3 : 0;
}

/* Length of a "[seconds.micros] " prefix at p, or 0. */
static size_t time_prefix(const char *p)
{
	const char *end;

	if (*p != '[' || !(end = strstr(p, "] ")))
		return 0;
	return end + 2 - p;
}

/* One record a line; a line of a multi-line record comes as it is. */
static void print_log(const char *text, size_t len, bool raw, bool notime)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;
		size_t lv = level_prefix(p), tm = lv ? time_prefix(p + lv) : 0;
		const char *out = p;

		if (!raw && lv && tm)
			out += lv + (notime ? tm : 0);
		printf("%.*s\n", (int)(eol - out), out);
		p = eol + 1;
	}
}

int do_dmesg(int argc, char *argv[])
{
	bool raw = false, notime = false, print = true;
	struct tool_opts o = { 0 };
	unsigned int flags = 0;
	struct umod_conn *conn;
	char *text;
	size_t len;
	int c, err;

	while ((c = tool_getopt(&cmdline, &o, argc, argv)) != -1) {
		switch (c) {
		case 'r':
			raw = true;
			break;
		case 't':
			notime = true;
			break;
		case 'c':
			flags |= UMOD_CONN_LOG_CLEAR;
			break;
		case 'C':
			flags |= UMOD_CONN_LOG_CLEAR;
			print = false;
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
	err = umod_conn_log(conn, flags, &text, &len);
	umod_conn_close(conn);
	if (err) {
		tool_err("could not read the host's log: %s\n", strerror(-err));
		return EXIT_FAILURE;
	}
	if (print)
		print_log(text, len, raw, notime);
	free(text);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}
