// SPDX-License-Identifier: MIT
/*
 * modfile_dl.c - the decompression libraries, opened on first need.
 *
 * As kmod 34 does: most runs of a tool read no compressed module (a
 * modprobe that finds its answer in the indexes reads none at all), and
 * linking zlib, liblzma and libzstd at start-up costs every run their
 * relocation and symbol lookups.  Each library is dlopen'd the first
 * time a module of its format is read, and stays for the process's life.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "modfile_dl.h"

struct dl_lib {
	const char *soname;
	const char *const *names;	/* the functions, NULL-terminated */
	void **fns;			/* where their addresses go: a structure
					   of as many function pointers */
	int state;			/* 0 not tried, 1 loaded, -errno failed */
};

static int dl_load(struct dl_lib *lib)
{
	void *h;

	if (lib->state)
		return lib->state < 0 ? lib->state : 0;
	lib->state = -ELIBACC;
	h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return lib->state;
	for (size_t i = 0; lib->names[i]; i++) {
		if (!(lib->fns[i] = dlsym(h, lib->names[i]))) {
			dlclose(h);
			return lib->state;
		}
	}
	lib->state = 1;
	return 0;
}

/* POSIX lets dlsym's object pointers stand for functions; each structure
 * is as many pointers, in the order of its names. */
_Static_assert(sizeof(struct modfile_zlib) == 4 * sizeof(void *), "zlib");
_Static_assert(sizeof(struct modfile_lzma) == 3 * sizeof(void *), "lzma");
_Static_assert(sizeof(struct modfile_zstd) == 5 * sizeof(void *), "zstd");

static struct modfile_zlib zlib_fns;
static struct modfile_lzma lzma_fns;
static struct modfile_zstd zstd_fns;

/* The names in the order of the structures' members. */
static const char *const zlib_names[] = {
	"inflateInit2_", "inflate", "inflateReset", "inflateEnd", NULL,
};
static const char *const lzma_names[] = {
	"lzma_stream_decoder", "lzma_code", "lzma_end", NULL,
};
static const char *const zstd_names[] = {
	"ZSTD_createDStream", "ZSTD_initDStream", "ZSTD_decompressStream",
	"ZSTD_isError", "ZSTD_freeDStream", NULL,
};

static struct dl_lib libs[] = {
	{ "libz.so.1", zlib_names, (void **)&zlib_fns, 0 },
	{ "liblzma.so.5", lzma_names, (void **)&lzma_fns, 0 },
	{ "libzstd.so.1", zstd_names, (void **)&zstd_fns, 0 },
};

const struct modfile_zlib *modfile_zlib(int *err)
{
	*err = dl_load(&libs[0]);
	return *err ? NULL : &zlib_fns;
}

const struct modfile_lzma *modfile_lzma(int *err)
{
	*err = dl_load(&libs[1]);
	return *err ? NULL : &lzma_fns;
}

const struct modfile_zstd *modfile_zstd(int *err)
{
	*err = dl_load(&libs[2]);
	return *err ? NULL : &zstd_fns;
}
