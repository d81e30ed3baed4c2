/* SPDX-License-Identifier: MIT */
/*
 * modfile.h - a module file read from disk, for modinfo and depmod.
 *
 * .ko, .ko.gz, .ko.xz and .ko.zst are told apart by their first bytes, as
 * kmod does, and decompressed in memory; the ELF image is then checked by
 * src/elf.c.  The readers below return what kmod's libkmod returns for the
 * same file, in the same order, so the tools' output matches kmod's.
 */
#ifndef UMOD_TOOLS_MODFILE_H
#define UMOD_TOOLS_MODFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../src/elf.h"

struct modfile {
	const char *path;
	unsigned char *data;	/* the whole (decompressed) file */
	size_t size;
	bool mapped;		/* data is an mmap of an uncompressed file */
	bool is_elf;		/* ELF magic: still valid after a failed open */
	bool elf32, msb;	/* the file's class and byte order */
	unsigned char *image;	/* elf's bytes when the file had to be widened */
	size_t image_size;
	struct umod_elf elf;
};

/*
 * 0, or a negative errno: -ENOENT and friends from open(), -EINVAL for a
 * damaged compressed stream, -ENOEXEC for a file that is not a module
 * (the reason is then in err; mf->is_elf tells a damaged ELF file, which
 * kmod's tools report as -EINVAL, from something else).
 */
int modfile_open(struct modfile *mf, const char *path, char *err, size_t errlen);
void modfile_close(struct modfile *mf);

/* One "key=value" string of .modinfo.  A string without '=' is a key
 * with an empty value, as kmod reads it. */
struct modinfo_entry {
	const char *key;
	size_t keylen;
	const char *value;
	size_t valuelen;
};

/* The .modinfo strings in file order; free(*out).  Returns the count. */
int modfile_modinfo(const struct modfile *mf, struct modinfo_entry **out);

/* A symbol the module exports or needs, with its modversions CRC. */
struct modsym {
	const char *name;	/* points into the file */
	uint64_t crc;
	bool weak;		/* a weak reference: missing is no error */
};

/*
 * Exports, as libkmod finds them: the __crc_<name> symbols when the module
 * has modversions, else every string in __ksymtab_strings.  Returns the
 * count; free(*out).
 */
int modfile_exports(const struct modfile *mf, struct modsym **out);

/*
 * Dependency symbols: every named undefined symbol in symbol table order,
 * with its CRC from __versions, then the __versions entries no symbol
 * claimed (module_layout).  Returns the count; free(*out).
 */
int modfile_imports(const struct modfile *mf, struct modsym **out);

/* Module name from a path: the basename up to its first '.', with '-'
 * turned into '_'.  Returns buf, or NULL if the basename is empty. */
char *modfile_name_from_path(const char *path, char *buf, size_t len);

/*
 * modfile_widen.c: a 32-bit or big-endian file (mf->data) as an ELF64
 * little-endian image in mf->image, for modfile_open.  0 or -errno.
 */
int modfile_widen(struct modfile *mf, char *err, size_t errlen);

/* Whether name ends in one of the module extensions umod reads. */
bool modfile_has_module_ext(const char *name);

#endif /* UMOD_TOOLS_MODFILE_H */
