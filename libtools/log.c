// SPDX-License-Identifier: MIT
/*
 * log.c - the tools' one logger, kmod's format: "modprobe: ERROR: ...",
 * on stderr or to syslog.  A shown FATAL message ends the run, as kmod's
 * tools/log.c does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "umod-tools.h"

static bool log_syslog;
static int log_level = LOG_ERR;

static const char *prio_name(int prio)
{
	switch (prio) {
	case LOG_CRIT:		return "FATAL";
	case LOG_ERR:		return "ERROR";
	case LOG_WARNING:	return "WARNING";
	case LOG_NOTICE:	return "NOTICE";
	case LOG_INFO:		return "INFO";
	case LOG_DEBUG:		return "DEBUG";
	default:		return "LOG";
	}
}

void tool_log_open(bool use_syslog)
{
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(program_invocation_short_name, LOG_CONS, LOG_DAEMON);
}

void tool_log_close(void)
{
	if (log_syslog)
		closelog();
	log_syslog = false;
}

void tool_log_set_level(int prio)
{
	log_level = prio;
}

int tool_log_level(void)
{
	return log_level;
}

void tool_verbose(void)
{
	if (log_level < LOG_DEBUG)
		log_level++;
}

void tool_vlog(int prio, const char *fmt, va_list ap)
{
	char *msg;

	/* vasprintf reads errno for %m before anything can change it */
	if (prio > log_level || vasprintf(&msg, fmt, ap) < 0)
		return;
	if (log_syslog) {
		syslog(prio, "%s: %s", prio_name(prio), msg);
	} else {
		fflush(stdout);
		fprintf(stderr, "%s: %s: %s", program_invocation_short_name,
			prio_name(prio), msg);
	}
	free(msg);
	if (prio <= LOG_CRIT)
		exit(EXIT_FAILURE);
}

void tool_log(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tool_vlog(prio, fmt, ap);
	va_end(ap);
}
