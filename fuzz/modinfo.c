// SPDX-License-Identifier: MIT
/*
 * fuzz/modinfo.c - what modinfo and depmod read of a module file: the
 * file itself (plain, gzip, xz or zstd), .modinfo, the exports, the
 * imports with their __versions CRCs, and an appended signature.  The
 * input is handed over as a file, the way the tools get it.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "umod-tools.h"

static volatile size_t sink;
static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fd = memfd_create("fuzz-modinfo.ko", MFD_CLOEXEC);
	if (fd < 0) {
		perror("fuzz-modinfo: memfd_create");
		abort();
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

static void read_symbols(const struct modsym *s, int n)
{
	for (int i = 0; i < n; i++)
		sink += strlen(s[i].name) + s[i].crc + s[i].weak;
}

static void read_module(const struct modfile *mf)
{
	struct modinfo_entry *info;
	struct modsig_info sig;
	struct modsym *syms;
	int n;

	n = modfile_modinfo(mf, &info);
	for (int i = 0; i < n; i++)
		sink += strnlen(info[i].key, info[i].keylen) +
			strnlen(info[i].value, info[i].valuelen);
	free(info);
	n = modfile_exports(mf, &syms);
	read_symbols(syms, n);
	free(syms);
	n = modfile_imports(mf, &syms);
	read_symbols(syms, n);
	free(syms);
	if (modsig_read(mf->data, mf->size, &sig)) {
		char *key = modsig_hex(sig.key_id, sig.key_id_len);
		char *hex = modsig_hex(sig.sig, sig.sig_len);

		sink += strlen(sig.id_type) + strnlen(sig.signer, sig.signer_len) +
			strlen(sig.hash_algo) + (key ? strlen(key) : 0) +
			(hex ? strlen(hex) : 0);
		free(key);
		free(hex);
		modsig_free(&sig);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct modfile mf;
	char err[256];

	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (modfile_open(&mf, path, err, sizeof(err)))
		return 0;
	read_module(&mf);
	modfile_close(&mf);
	return 0;
}
