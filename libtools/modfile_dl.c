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

#if ENABLE_ZLIB || ENABLE_XZ || ENABLE_ZSTD
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
#endif

/* POSIX lets dlsym's object pointers stand for functions; each structure
 * is as many pointers, in the order of its names.  Only the libraries
 * the build is configured with (libtools/libtools.mk). */
#if ENABLE_ZLIB
_Static_assert(sizeof(struct modfile_zlib) == 4 * sizeof(void *), "zlib");
static struct modfile_zlib zlib_fns;
static const char *const zlib_names[] = {
	"inflateInit2_", "inflate", "inflateReset", "inflateEnd", NULL,
};
static struct dl_lib zlib_lib = { "libz.so.1", zlib_names, (void **)&zlib_fns, 0 };

const struct modfile_zlib *modfile_zlib(int *err)
{
	*err = dl_load(&zlib_lib);
	return *err ? NULL : &zlib_fns;
}
#endif

#if ENABLE_XZ
_Static_assert(sizeof(struct modfile_lzma) == 3 * sizeof(void *), "lzma");
static struct modfile_lzma lzma_fns;
static const char *const lzma_names[] = {
	"lzma_stream_decoder", "lzma_code", "lzma_end", NULL,
};
static struct dl_lib lzma_lib = { "liblzma.so.5", lzma_names, (void **)&lzma_fns, 0 };

const struct modfile_lzma *modfile_lzma(int *err)
{
	*err = dl_load(&lzma_lib);
	return *err ? NULL : &lzma_fns;
}
#endif

#if ENABLE_ZSTD
_Static_assert(sizeof(struct modfile_zstd) == 5 * sizeof(void *), "zstd");
static struct modfile_zstd zstd_fns;
static const char *const zstd_names[] = {
	"ZSTD_createDStream", "ZSTD_initDStream", "ZSTD_decompressStream",
	"ZSTD_isError", "ZSTD_freeDStream", NULL,
};
static struct dl_lib zstd_lib = { "libzstd.so.1", zstd_names, (void **)&zstd_fns, 0 };

const struct modfile_zstd *modfile_zstd(int *err)
{
	*err = dl_load(&zstd_lib);
	return *err ? NULL : &zstd_fns;
}
#endif
