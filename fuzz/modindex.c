// SPDX-License-Identifier: MIT
/*
 * fuzz/modindex.c - the module directory's index files as modinfo and
 * modprobe read them (libtools/modindex.c).  The first byte of the input
 * picks the file, the rest is its text:
 *
 *   0 modules.dep   1 modules.alias   2 modules.symbols
 *   3 modules.builtin, then "\n@@\n" and modules.builtin.modinfo
 *   0xf0 and up: a binary index (libtools/modbin.c), the same bytes as
 *   modules.dep.bin, modules.alias.bin, modules.builtin.bin and
 *   modules.builtin.alias.bin, which the lookups then read instead
 *   (the other selectors are taken modulo 4)
 *
 * Every entry read is looked up again by its own name, and a few fixed
 * names are looked up as modprobe would.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "umod-tools.h"

static volatile size_t sink;
static FILE *devnull;
static char dir[] = "/tmp/fuzz-modindex.XXXXXX";

static const char *const files[] = {
	"modules.dep", "modules.alias", "modules.symbols", "modules.builtin",
	"modules.builtin.modinfo",
};
#define NFILES (sizeof(files) / sizeof(files[0]))
static const char *const bins[] = {
	"modules.dep.bin", "modules.alias.bin", "modules.builtin.bin",
	"modules.builtin.alias.bin",
};
#define NBINS (sizeof(bins) / sizeof(bins[0]))
static const char *const names[] = {
	"hello", "stack_b", "greeter", "symbol:hello_greet", "pci:v00008086d*",
	"", "*", "[",
};

static void cleanup(void)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	for (size_t i = 0; i < NBINS; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, bins[i]);
		unlink(path);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!mkdtemp(dir)) {
		perror("fuzz-modindex: mkdtemp");
		abort();
	}
	atexit(cleanup);
	if (!(devnull = fopen("/dev/null", "w")))
		abort();
	return 0;
}

static void put(const char *file, const void *data, size_t size)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

static int count(const char *module, void *arg)
{
	sink += strlen(module);
	return 0;
}

static int count_info(const char *key, size_t keylen, const char *value,
		      void *arg)
{
	sink += keylen + strlen(value);
	return 0;
}

static void dep(void)
{
	const struct moddep_entry *e;
	struct moddep d;

	if (moddep_load(&d, dir))
		return;
	for (size_t i = 0; i < d.n; i++) {
		e = moddep_find(&d, d.entries[i].name);
		if (!e || strcmp(e->name, d.entries[i].name))
			abort();	/* every entry is found by its name */
		for (size_t k = 0; k < e->ndeps; k++)
			sink += strlen(e->deps[k]);
		sink += strlen(e->path);
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		sink += moddep_find(&d, names[i]) != NULL;
	moddep_free(&d);
}

static void alias(const char *file)
{
	struct modalias_list l;

	if (modalias_load(&l, dir, file))
		return;
	for (size_t i = 0; i < l.n; i++) {
		modalias_lookup(&l, l.v[i].pattern, count, NULL);
		modalias_lookup(&l, l.v[i].module, count, NULL);
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		modalias_lookup(&l, names[i], count, NULL);
	modalias_dump(&l, devnull);
	modalias_free(&l);
}

static void builtin(const uint8_t *data, size_t size)
{
	const uint8_t *mark = memmem(data, size, "\n@@\n", 4);
	struct modbuiltin b;
	char name[256];

	put(files[3], data, mark ? (size_t)(mark - data) : size);
	if (mark)
		put(files[4], mark + 4, size - (mark + 4 - data));
	if (modbuiltin_load(&b, dir))
		return;
	for (const char *p = b.list; p && *p; p += strcspn(p, "\n") + !!p[strcspn(p, "\n")]) {
		size_t n = strcspn(p, "\n");

		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		modindex_modname(strrchr(name, '/') ? strrchr(name, '/') + 1 : name,
				 name, sizeof(name));
		sink += modbuiltin_has(&b, name);
		modbuiltin_modinfo(&b, name, count_info, NULL);
		modbuiltin_alias_lookup(&b, name, count, NULL);
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		sink += modbuiltin_has(&b, names[i]);
		modbuiltin_modinfo(&b, names[i], count_info, NULL);
		modbuiltin_alias_lookup(&b, names[i], count, NULL);
	}
	modbuiltin_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] >= 0xf0) {
		for (size_t i = 0; i < NBINS; i++)
			put(bins[i], data + 1, size - 1);
		dep();
		alias("modules.alias");
		builtin((const uint8_t *)"", 0);
		for (size_t i = 0; i < NBINS; i++) {
			char path[PATH_MAX];

			snprintf(path, sizeof(path), "%s/%s", dir, bins[i]);
			unlink(path);
		}
	} else switch (data[0] % 4) {
	case 0:
		put(files[0], data + 1, size - 1);
		dep();
		break;
	case 1:
	case 2:
		put(files[data[0] % 4], data + 1, size - 1);
		alias(files[data[0] % 4]);
		break;
	case 3:
		builtin(data + 1, size - 1);
		break;
	}
	for (size_t i = 0; i < NFILES; i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	return 0;
}
