// SPDX-License-Identifier: MIT
/*
 * fuzz/modconf.c - modprobe.d(5) as modprobe reads it (libtools/modconf.c):
 * the input is a configuration file, then the same bytes as a kernel
 * command line; every entry read is then queried by its own name, and
 * the whole printed as modprobe -c does.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "umod-tools.h"

static volatile size_t sink;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

static void query(const struct modconf *conf, const char *name)
{
	const struct modconf_softdep *d;
	const char *s;
	char *opts;

	if ((s = modconf_install(conf, name)))
		sink += strlen(s);
	if ((s = modconf_remove(conf, name)))
		sink += strlen(s);
	if ((d = modconf_softdep(conf, name))) {
		for (size_t i = 0; i < d->npre; i++)
			sink += strlen(d->pre[i]);
		for (size_t i = 0; i < d->npost; i++)
			sink += strlen(d->post[i]);
	}
	sink += modconf_blacklisted(conf, name);
	opts = modconf_options(conf, name, "greeter");
	if (opts)
		sink += strlen(opts);
	free(opts);
}

static void query_all(const struct modconf *conf)
{
	const struct modconf_list *lists[] = {
		&conf->blacklist, &conf->install, &conf->remove, &conf->alias,
		&conf->options,
	};

	for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
		for (size_t i = 0; i < lists[k]->n; i++)
			query(conf, lists[k]->v[i].name);
	for (size_t i = 0; i < conf->nsoftdep; i++)
		query(conf, conf->softdep[i].name);
	query(conf, "hello");
	modconf_show(conf, devnull);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct modconf conf = { 0 };
	char *text = malloc(size + 1);
	FILE *f;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	f = fmemopen(text, size ? size : 1, "r");
	if (f) {
		modconf_parse_file(&conf, f, "fuzz.conf");
		fclose(f);
	}
	modconf_parse_cmdline(&conf, text);
	query_all(&conf);
	modconf_release(&conf);
	free(text);
	return 0;
}
