/* SPDX-License-Identifier: MIT */
/*
 * modfile_dl.h - the decompressors' functions, from libraries opened on
 * first need (modfile_dl.c).  Each getter returns NULL, with *err
 * -ELIBACC, if its library or one of its functions cannot be loaded.
 */
#ifndef UMOD_TOOLS_MODFILE_DL_H
#define UMOD_TOOLS_MODFILE_DL_H

#if ENABLE_XZ
#include <lzma.h>
#endif
#if ENABLE_ZLIB
#include <zlib.h>
#endif
#if ENABLE_ZSTD
#include <zstd.h>
#endif

/* Members in the order modfile_dl.c names them. */
#if ENABLE_ZLIB
struct modfile_zlib {
	int (*inflateInit2_)(z_streamp strm, int window_bits, const char *version,
			     int stream_size);
	int (*inflate)(z_streamp strm, int flush);
	int (*inflateReset)(z_streamp strm);
	int (*inflateEnd)(z_streamp strm);
};
const struct modfile_zlib *modfile_zlib(int *err);
#endif

#if ENABLE_XZ
struct modfile_lzma {
	lzma_ret (*stream_decoder)(lzma_stream *strm, uint64_t memlimit,
				   uint32_t flags);
	lzma_ret (*code)(lzma_stream *strm, lzma_action action);
	void (*end)(lzma_stream *strm);
};
const struct modfile_lzma *modfile_lzma(int *err);
#endif

#if ENABLE_ZSTD
struct modfile_zstd {
	ZSTD_DStream *(*createDStream)(void);
	size_t (*initDStream)(ZSTD_DStream *zds);
	size_t (*decompressStream)(ZSTD_DStream *zds, ZSTD_outBuffer *output,
				   ZSTD_inBuffer *input);
	unsigned (*isError)(size_t code);
	size_t (*freeDStream)(ZSTD_DStream *zds);
};
const struct modfile_zstd *modfile_zstd(int *err);
#endif

#endif /* UMOD_TOOLS_MODFILE_DL_H */
