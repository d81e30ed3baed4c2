// SPDX-License-Identifier: MIT
/*
 * insmod.c - insert one module file into the host, as kmod's insmod.
 *
 * The open file travels to the host, which reads, checks and links it;
 * a compressed module is inflated here first, as kmod does when the
 * kernel cannot, and sent as a memory file.  On failure the kmod line
 * comes first, then the host's precise reason:
 *
 *	insmod: ERROR: could not insert module b.ko: Unknown symbol in module
 *	insmod: ERROR: b: Unknown symbol a_hello (err -2)
 *
 * Where the host lists problems (every unknown symbol, say) each has a
 * line.  --dry-run asks the host whether the module would load: it links
 * the module, checks it and unwinds, running none of its code.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <umod/host.h>

#include "tools.h"

/* Its descriptions start at column 27, as in kmod's insmod. */
static const struct tool_cmdline cmdline = {
	.usage = "[options] filename [module options]",
	.help = "\t-f, --force              DANGEROUS: forces a module load, may cause\n"
		"\t                         data corruption and crash your host.\n"
		"\t                         implies --force-modversion and\n"
		"\t                         --force-vermagic\n"
		"\t    --force-modversion   Ignore module's version\n"
		"\t    --force-vermagic     Ignore module's version magic\n"
		"\t-k, --autoclean          let the host remove the module once\n"
		"\t                         it has gone unused (as modutils' insmod)\n"
		"\t-n, --dry-run            link and check it, run none of it, keep\n"
		"\t                         nothing; print every problem, exit 0 if\n"
		"\t                         it would load\n"
		"\t-s, --syslog             print to syslog, not stderr\n"
		"\t-v, --verbose            enables more messages\n"
		"\t-V, --version            show version\n"
		"\t-h, --help               show this help\n"
		"\t    --host=SOCKET        talk to the umod host at SOCKET\n",
	.shortopts = "fknsv" TOOL_SHORTOPTS,
	.longopts = (const struct option[]){
		{ "force", no_argument, 0, 'f' },
		{ "autoclean", no_argument, 0, 'k' },
		{ "dry-run", no_argument, 0, 'n' },
		{ "force-modversion", no_argument, 0, 2 },
		{ "force-vermagic", no_argument, 0, 1 },
		TOOL_LOG_LONGOPTS,
		TOOL_LONGOPTS
	},
};

/* kmod's words for what finit_module's errors mean for a module. */
static const char *mod_strerror(int err)
{
	switch (err) {
	case ENOEXEC:
		return "Invalid module format";
	case ENOENT:
		return "Unknown symbol in module";
	case ESRCH:
		return "Module has wrong symbol version";
	case EINVAL:
		return "Invalid parameters";
	default:
		return strerror(err);
	}
}

/* The problems the host listed, one per line. */
struct problems {
	char *text;
	size_t len;
	FILE *f;
};

static void take_problem(const char *msg, void *arg)
{
	fprintf(((struct problems *)arg)->f, "%s\n", msg);
}

/* kmod's line, then each problem the host listed, or else its (or the
 * inflater's) precise reason. */
static void report(const char *filename, int err, const char *why,
		   const char *problems, unsigned int flags)
{
	const char *line, *end;

	if (flags & UMOD_INIT_DRY_RUN)
		tool_err("module %s would not load: %s\n", filename,
			 mod_strerror(-err));
	else
		tool_err("could not insert module %s: %s\n", filename,
			 mod_strerror(-err));
	for (line = problems; line && *line; line = end + 1) {
		end = strchr(line, '\n');
		/* the host names a file it could not read a name from
		 * "module", as Linux's log does; the user knows it by path */
		if (!strncmp(line, "module: ", 8) && line + 8 <= end)
			tool_err("%s: %.*s\n", filename, (int)(end - line - 8),
				 line + 8);
		else
			tool_err("%.*s\n", (int)(end - line), line);
	}
	if ((!problems || !*problems) && why[0])
		tool_err("%s\n", why);
}

/*
 * The module options as one line, as kmod joins them: a value with a
 * space and no quote of its own is quoted, so it stays one value.
 */
static char *join_params(char *args[], int n)
{
	size_t len = 1;
	char *line, *p;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(args[i]) + 3;
	line = p = malloc(len);
	if (!line)
		return NULL;
	*p = '\0';
	for (i = 0; i < n; i++) {
		const char *value = strchr(args[i], '=');

		if (i)
			*p++ = ' ';
		if (value && value[1] != '"' && value[1] != '\'' &&
		    strchr(value + 1, ' '))
			p += sprintf(p, "%.*s\"%s\"", (int)(value + 1 - args[i]),
				     args[i], value + 1);
		else
			p = stpcpy(p, args[i]);
	}
	return line;
}

static int insert(const char *host, const char *filename, const char *params,
		  unsigned int flags)
{
	char why[512] = "";
	struct problems p = { NULL, 0, NULL };
	struct umod_conn *c;
	int fd, err;

	fd = modfile_fd(filename, why, sizeof(why));
	if (fd == -ENOEXEC) {
		report(filename, fd, why, NULL, flags);
		return fd;
	}
	if (fd < 0) {
		tool_err("could not load module %s: %s\n", filename,
			 strerror(-fd));
		return fd;
	}
	c = tool_connect(host);
	if (!c) {
		close(fd);
		return -ENOTCONN;
	}
	p.f = open_memstream(&p.text, &p.len);
	err = umod_conn_init_module_report(c, fd, params, flags, why, sizeof(why),
					   p.f ? take_problem : NULL, &p);
	if (p.f && fclose(p.f)) {
		free(p.text);
		p.text = NULL;
	}
	if (err)
		report(filename, err, why, p.text, flags);
	free(p.text);
	umod_conn_close(c);
	close(fd);
	return err;
}

int do_insmod(int argc, char *argv[])
{
	struct tool_opts o = { 0 };
	unsigned int flags = 0;
	const char *filename;
	char *params = NULL;
	int c, r;

	while ((c = tool_getopt(&cmdline, &o, argc, argv)) != -1) {
		switch (c) {
		case 'f':
			flags |= UMOD_INIT_FORCE;
			break;
		case 2:
			flags |= UMOD_INIT_IGNORE_MODVERSIONS;
			break;
		case 1:
			flags |= UMOD_INIT_IGNORE_VERMAGIC;
			break;
		case 'k':
			flags |= UMOD_INIT_AUTOCLEAN;
			break;
		case 'n':
			flags |= UMOD_INIT_DRY_RUN;
			break;
		default:
			return o.status;
		}
	}

	tool_log_open(o.use_syslog);
	r = EXIT_FAILURE;
	if (optind >= argc) {
		tool_err("missing filename.\n");
		goto out;
	}
	filename = argv[optind];
	if (!strcmp(filename, "-")) {
		tool_err("this tool does not support loading from stdin!\n");
		goto out;
	}
	params = join_params(argv + optind + 1, argc - optind - 1);
	if (!params) {
		tool_err("could not gather module options: out-of-memory\n");
		goto out;
	}
	if (insert(o.host, filename, params, flags) == 0)
		r = EXIT_SUCCESS;
out:
	free(params);
	tool_log_close();
	return r;
}
