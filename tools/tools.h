/* SPDX-License-Identifier: MIT */
/*
 * tools.h - the tools in the umod multi-call binary, and what they share.
 *
 * Each tool is `int do_<name>(int argc, char *argv[])`, called with
 * argv[0] its own name whether run as a symlink (insmod ...) or as
 * `umod insmod ...`; it returns the process's exit status.
 */
#ifndef UMOD_TOOLS_H
#define UMOD_TOOLS_H

#include <getopt.h>
#include <stdbool.h>
#include <syslog.h>

struct umod_conn;

int do_insmod(int argc, char *argv[]);
int do_rmmod(int argc, char *argv[]);
int do_lsmod(int argc, char *argv[]);
int do_modinfo(int argc, char *argv[]);
int do_modprobe(int argc, char *argv[]);
int do_depmod(int argc, char *argv[]);
int do_ksyms(int argc, char *argv[]);
int do_dmesg(int argc, char *argv[]);
int do_param(int argc, char *argv[]);
int do_kerneld(int argc, char *argv[]);
int do_sign_file(int argc, char *argv[]);

/* ---- umod.c: messages, as kmod's tools print them ---- */

/* "insmod: ERROR: ..." on stderr, or to syslog after tool_log_open(true).
 * Messages above the verbosity (LOG_ERR, raised by each -v) are dropped. */
void tool_log_open(bool use_syslog);
void tool_log_close(void);
void tool_verbose(void);
void tool_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define tool_err(...)	tool_log(LOG_ERR, __VA_ARGS__)
#define tool_warn(...)	tool_log(LOG_WARNING, __VA_ARGS__)
#define tool_info(...)	tool_log(LOG_INFO, __VA_ARGS__)
#define tool_dbg(...)	tool_log(LOG_DEBUG, __VA_ARGS__)

/* "umod version X", for every tool's --version. */
void tool_version(void);

/* The host named by --host, else $UMOD_HOST, else the default socket.
 * On failure prints "could not connect to umod host at PATH: reason"
 * and returns NULL. */
struct umod_conn *tool_connect(const char *host);

/* The long option every tool that talks to a host takes. */
#define TOOL_OPT_HOST	0x100
#define TOOL_HOST_OPTION { "host", required_argument, 0, TOOL_OPT_HOST }
/* For help texts whose descriptions start at column 18, as kmod's. */
#define TOOL_HOST_HELP	"\t    --host=SOCKET talk to the umod host at SOCKET\n"

/* ---- toolopt.c: the command line of the tools that talk to a host ---- */

/* Each such tool's options end in these, and its help in TOOL_HELP. */
#define TOOL_SHORTOPTS	"Vh"
#define TOOL_LONGOPTS					\
	{ "version", no_argument, 0, 'V' },		\
	{ "help", no_argument, 0, 'h' },		\
	TOOL_HOST_OPTION,				\
	{ NULL, 0, 0, 0 }
#define TOOL_HELP					\
	"\t-V, --version     show version\n"		\
	"\t-h, --help        show this help\n"		\
	TOOL_HOST_HELP

/* -s and -v, for a tool that logs as kmod's do: "sv" in its shortopts. */
#define TOOL_LOG_LONGOPTS				\
	{ "syslog", no_argument, 0, 's' },		\
	{ "verbose", no_argument, 0, 'v' }
#define TOOL_LOG_HELP					\
	"\t-s, --syslog      print to syslog, not stderr\n"	\
	"\t-v, --verbose     enables more messages\n"

/* A tool's command line: its own options first, then the shared ones. */
struct tool_cmdline {
	const char *usage;		/* after "Usage:\n\tNAME " */
	const char *help;		/* the option lines, for -h */
	const char *shortopts;		/* ending in TOOL_SHORTOPTS */
	const struct option *longopts;	/* ending in TOOL_LONGOPTS */
};

/* What the shared options set. */
struct tool_opts {
	const char *host;		/* --host, else NULL */
	bool use_syslog;		/* -s */
	int status;			/* the exit status, on TOOL_OPT_END */
};

#define TOOL_OPT_END	(-2)

/*
 * getopt_long over cl's options.  Handles the shared ones and returns the
 * tool's own, -1 after the last option, or TOOL_OPT_END when the run is
 * over: help or version printed, or a bad option reported by getopt.
 */
int tool_getopt(const struct tool_cmdline *cl, struct tool_opts *o,
		int argc, char *argv[]);

#endif /* UMOD_TOOLS_H */
