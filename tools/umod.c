// SPDX-License-Identifier: MIT
/*
 * umod.c - the multi-call binary: run as insmod, rmmod, lsmod... through
 * a symlink, or as `umod TOOL args`.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"

static const struct tool {
	const char *name;
	int (*run)(int argc, char *argv[]);
	const char *help;
} tools[] = {
	{ "insmod", do_insmod, "insert a module into the host" },
	{ "rmmod", do_rmmod, "remove a module from the host" },
	{ "lsmod", do_lsmod, "list the host's modules" },
	{ "modinfo", do_modinfo, "show information about a module" },
	{ "modprobe", do_modprobe, "add or remove modules with their dependencies" },
	{ "depmod", do_depmod, "generate modules.dep and map files" },
	{ "ksyms", do_ksyms, "list the host's symbols" },
	{ "dmesg", do_dmesg, "print the host's log" },
	{ "param", do_param, "read or set a module parameter" },
	{ "kerneld", do_kerneld, "load modules a host asks for; autoclean" },
#if ENABLE_OPENSSL
	{ "sign-file", do_sign_file, "sign a module, as Linux's scripts/sign-file" },
#endif
};

#define NUM_TOOLS (sizeof(tools) / sizeof(tools[0]))

/* ---- Dispatch ---- */

static const struct tool *find_tool(const char *name)
{
	size_t i;

	for (i = 0; i < NUM_TOOLS; i++)
		if (!strcmp(tools[i].name, name))
			return &tools[i];
	return NULL;
}

static void help(void)
{
	size_t i;

	/* kmod's layout: its usage, then the commands */
	printf("umod - Linux's module tools for user-space hosts\n"
	       "Usage:\n"
	       "\tumod [options] command [command_options]\n\n"
	       "Options:\n"
	       "\t-V, --version     show version\n"
	       "\t-h, --help        show this help\n\n"
	       "Commands:\n"
	       "  %-12s %s\n", "help", "Show help message");
	for (i = 0; i < NUM_TOOLS; i++)
		printf("  %-12s %s\n", tools[i].name, tools[i].help);
	printf("\nRun as insmod, rmmod, lsmod, modinfo, modprobe or depmod "
	       "(a link to umod),\nit is that tool.\n");
}

static int run(const struct tool *t, int argc, char *argv[])
{
	/* Messages and usage name the tool, however it was started. */
	program_invocation_short_name = (char *)t->name;
	argv[0] = (char *)t->name;
	return t->run(argc, argv);
}

static int umod_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "version", no_argument, 0, 'V' },
		{ "help", no_argument, 0, 'h' },
		{ NULL, 0, 0, 0 },
	};
	const struct tool *t;
	int c;

	/* Stop at the command: its options are its own. */
	while ((c = getopt_long(argc, argv, "+Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'V':
			tool_version();
			return EXIT_SUCCESS;
		case 'h':
			help();
			return EXIT_SUCCESS;
		default:
			return EXIT_FAILURE;
		}
	}
	/* kmod's words, and its help after them */
	if (optind >= argc) {
		fputs("missing command\n", stderr);
		help();
		return EXIT_FAILURE;
	}
	if (!strcmp(argv[optind], "help")) {
		help();
		return EXIT_SUCCESS;
	}
	t = find_tool(argv[optind]);
	if (!t) {
		fprintf(stderr, "invalid command '%s'\n", argv[optind]);
		help();
		return EXIT_FAILURE;
	}
	argc -= optind;
	argv += optind;
	optind = 0;	/* glibc: start afresh, forgetting our '+' */
	return run(t, argc, argv);
}

int main(int argc, char *argv[])
{
	const struct tool *t = find_tool(program_invocation_short_name);

	if (t)
		return run(t, argc, argv);
	return umod_main(argc, argv);
}
