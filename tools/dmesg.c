// SPDX-License-Identifier: MIT
/*
 * dmesg.c - the host's log ring, as util-linux's dmesg(1) prints the
 * kernel's: "[seconds.micros] text" lines; -r adds each record's
 * "<level>" prefix, -t drops the time, -T prints it as a date, -l keeps
 * the levels listed, -c clears the ring after printing it, -C only clears
 * it, -w goes on printing new records as the host logs them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tools.h"

static const struct tool_cmdline cmdline = {
	.usage = "[options]",
	.help = "\t-r, --raw         print the raw message buffer\n"
		"\t-t, --notime      don't show any timestamp with messages\n"
		"\t-T, --ctime       show human-readable timestamp (may be inaccurate!)\n"
		"\t-l, --level=LIST  restrict output to defined levels\n"
		"\t-w, --follow      wait for new messages\n"
		"\t-c, --read-clear  read and clear all messages\n"
		"\t-C, --clear       clear the host's log\n"
		TOOL_HELP,
	.shortopts = "rtTl:wcC" TOOL_SHORTOPTS,
	.longopts = (const struct option[]){
		{ "raw", no_argument, 0, 'r' },
		{ "notime", no_argument, 0, 't' },
		{ "ctime", no_argument, 0, 'T' },
		{ "level", required_argument, 0, 'l' },
		{ "follow", no_argument, 0, 'w' },
		{ "read-clear", no_argument, 0, 'c' },
		{ "clear", no_argument, 0, 'C' },
		TOOL_LONGOPTS
	},
};

enum time_format { TIME_MONO, TIME_NONE, TIME_CTIME };

struct dmesg_opts {
	bool raw;
	enum time_format time;
	unsigned int levels;		/* bit per level; 0: all */
};

/* util-linux's names, in KERN_ order. */
static const char *const level_names[8] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
};

static int parse_level(const char *s, size_t len)
{
	char *end;
	long n;

	for (int i = 0; i < 8; i++)
		if (strlen(level_names[i]) == len &&
		    !strncasecmp(s, level_names[i], len))
			return i;
	n = strtol(s, &end, 10);
	return len && end == s + len && n >= 0 && n < 8 ? (int)n : -1;
}

/* "err,warn": a bit for each; -1 on a name util-linux would refuse. */
static int parse_levels(const char *list, unsigned int *levels)
{
	for (const char *p = list;; p++) {
		size_t len = strcspn(p, ",");
		int lv = parse_level(p, len);

		if (lv < 0) {
			tool_err("unknown level '%.*s'\n", (int)len, p);
			return -1;
		}
		*levels |= 1u << lv;
		p += len;
		if (!*p)
			return 0;
	}
}

/* util-linux's -T: the record's time from the host's start, on the
 * wall clock of then, "[Thu Dec  3 16:34:05 2026]". */
static void print_ctime(const struct umod_conn_record *rec)
{
	time_t t = (time_t)((rec->epoch_us + rec->usec) / 1000000);
	char buf[64];
	struct tm tm;

	if (localtime_r(&t, &tm) && strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S %Y", &tm))
		printf("[%s] ", buf);
}

static int print_record(const struct umod_conn_record *rec, void *arg)
{
	const struct dmesg_opts *o = arg;

	if (o->levels && !(o->levels & (1u << rec->level)))
		return 0;
	if (o->raw)
		printf("<%u>", rec->level);
	if (o->time == TIME_MONO)
		printf("[%5llu.%06llu] ", (unsigned long long)(rec->usec / 1000000),
		       (unsigned long long)(rec->usec % 1000000));
	else if (o->time == TIME_CTIME)
		print_ctime(rec);
	printf("%s\n", rec->text);
	/* A follower's reader waits on each line; a closed pipe ends it. */
	return fflush(stdout) ? -errno : 0;
}

int do_dmesg(int argc, char *argv[])
{
	struct dmesg_opts d = { .time = TIME_MONO };
	struct tool_opts o = { 0 };
	unsigned int flags = 0;
	struct umod_conn *conn;
	bool print = true;
	int c, err;

	while ((c = tool_getopt(&cmdline, &o, argc, argv)) != -1) {
		switch (c) {
		case 'r':
			d.raw = true;
			break;
		case 't':
			d.time = TIME_NONE;
			break;
		case 'T':
			d.time = TIME_CTIME;
			break;
		case 'l':
			if (parse_levels(optarg, &d.levels))
				return EXIT_FAILURE;
			break;
		case 'w':
			flags |= UMOD_CONN_LOG_FOLLOW;
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
	if (!print)
		flags &= ~UMOD_CONN_LOG_FOLLOW;
	conn = tool_connect(o.host);
	if (!conn)
		return EXIT_FAILURE;
	err = umod_conn_log_each(conn, flags, print ? print_record : NULL, &d);
	umod_conn_close(conn);
	if (err == -EPIPE)
		return EXIT_SUCCESS;	/* the reader went away: done */
	if (err) {
		tool_err("could not read the host's log: %s\n", strerror(-err));
		return EXIT_FAILURE;
	}
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}
