// SPDX-License-Identifier: MIT
/*
 * rmmod.c - remove modules from the host, as kmod's rmmod: a module in
 * use is refused here, from the module list, before the host is asked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <umod/host.h>

#include "tools.h"

static const struct tool_cmdline cmdline = {
	.usage = "[options] modulename ...",
	.help = "\t-f, --force       DANGEROUS: forces a module unload and may\n"
		"\t                  crash your host\n"
		"\t-w, --wait        wait until the module is no longer in use\n"
		TOOL_LOG_HELP
		TOOL_HELP,
	.shortopts = "fwsv" TOOL_SHORTOPTS,
	.longopts = (const struct option[]){
		{ "force", no_argument, 0, 'f' },
		{ "wait", no_argument, 0, 'w' },
		TOOL_LOG_LONGOPTS,
		TOOL_LONGOPTS
	},
};

/* kmod's checks: loaded, no module uses it, no reference held (unless we
 * are to wait for that).  0, or a negative errno once reported. */
static int check_in_use(struct umod_conn *c, const char *name, bool wait)
{
	struct umod_conn_module *mods, *m = NULL;
	size_t i, n;
	int err;

	err = umod_conn_list(c, &mods, &n);
	if (err) {
		tool_err("could not get list of modules: %s\n", strerror(-err));
		return err;
	}
	for (i = 0; i < n && !m; i++)
		if (!strcmp(mods[i].name, name))
			m = &mods[i];
	if (!m) {
		tool_err("Module %s is not currently loaded\n", name);
		err = -ENOENT;
	} else if (strcmp(m->users, "-")) {
		char *u;

		/* "a,b," becomes " a b" */
		for (u = m->users; *u; u++)
			if (*u == ',')
				*u = ' ';
		m->users[strlen(m->users) - 1] = '\0';
		tool_err("Module %s is in use by: %s\n", name, m->users);
		err = -EBUSY;
	} else if (m->refcnt > 0 && !wait) {
		tool_err("Module %s is in use\n", name);
		err = -EBUSY;
	}
	free(mods);
	return err;
}

static int remove_one(struct umod_conn *c, const char *arg,
		      unsigned int flags, bool wait)
{
	char name[PATH_MAX], why[512];
	int err;

	if (!modfile_name_from_path(arg, name, sizeof(name))) {
		tool_err("could not use module %s: %s\n", arg,
			 strerror(EINVAL));
		return -EINVAL;
	}
	if (!(flags & UMOD_UNLOAD_FORCE)) {
		err = check_in_use(c, name, wait);
		if (err)
			return err;
	}
	err = umod_conn_delete_module(c, name, flags, why, sizeof(why));
	if (err) {
		tool_err("could not remove module %s: %s\n", arg,
			 strerror(-err));
		if (why[0])
			tool_err("%s\n", why);
	}
	return err;
}

int do_rmmod(int argc, char *argv[])
{
	unsigned int flags = UMOD_UNLOAD_NONBLOCK;
	struct tool_opts o = { 0 };
	bool wait = false;
	struct umod_conn *conn;
	int c, i, r = EXIT_SUCCESS;

	while ((c = tool_getopt(&cmdline, &o, argc, argv)) != -1) {
		switch (c) {
		case 'f':
			flags |= UMOD_UNLOAD_FORCE;
			break;
		case 'w':
			wait = true;
			flags &= ~UMOD_UNLOAD_NONBLOCK;
			break;
		default:
			return o.status;
		}
	}

	tool_log_open(o.use_syslog);
	if (optind >= argc) {
		tool_err("missing module name.\n");
		r = EXIT_FAILURE;
		goto out;
	}
	conn = tool_connect(o.host);
	if (!conn) {
		r = EXIT_FAILURE;
		goto out;
	}
	for (i = optind; i < argc; i++)
		if (remove_one(conn, argv[i], flags, wait) < 0)
			r = EXIT_FAILURE;
	umod_conn_close(conn);
out:
	tool_log_close();
	return r;
}
