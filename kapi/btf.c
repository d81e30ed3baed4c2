// SPDX-License-Identifier: MIT
/*
 * btf.c - where the module's kernel puts a structure's fields, from that
 * kernel's BTF (CONFIG_DEBUG_INFO_BTF): /sys/kernel/btf/vmlinux on the
 * running kernel, or the .BTF section of a vmlinux.
 *
 * Only what laying out a struct needs is read: STRUCT and UNION types
 * with their members' bit offsets, and the kinds in between to step over
 * them.  Members of anonymous structs and unions are found through them,
 * as C finds them.  The format: Linux's Documentation/bpf/btf.rst.
 */
#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf.h"

#define BTF_MAGIC	0xeb9f

struct btf_header {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
};

struct btf_type {
	uint32_t name_off, info, size;
};

struct btf_member {
	uint32_t name_off, type, offset;
};

enum {
	KIND_INT = 1, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION, KIND_ENUM,
	KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT,
	KIND_FUNC, KIND_FUNC_PROTO, KIND_VAR, KIND_DATASEC, KIND_FLOAT,
	KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64,
};

#define KIND(t)		(((t)->info >> 24) & 0x1f)
#define VLEN(t)		((t)->info & 0xffff)
#define KIND_FLAG(t)	((t)->info >> 31)

struct kapi_btf {
	char *file;
	size_t file_len;
	const char *types, *types_end;
	const char *strs;
	uint32_t str_len;
	const struct btf_type **by_id;	/* [0] is void */
	uint32_t nr;
};

/* The bytes after a type's header, by kind; -1 for a kind unknown. */
static long extra_size(const struct btf_type *t)
{
	switch (KIND(t)) {
	case KIND_INT: case KIND_VAR: case KIND_DECL_TAG:
		return 4;
	case KIND_ARRAY:
		return 12;
	case KIND_STRUCT: case KIND_UNION: case KIND_DATASEC: case KIND_ENUM64:
		return 12L * VLEN(t);
	case KIND_ENUM: case KIND_FUNC_PROTO:
		return 8L * VLEN(t);
	case KIND_PTR: case KIND_FWD: case KIND_TYPEDEF: case KIND_VOLATILE:
	case KIND_CONST: case KIND_RESTRICT: case KIND_FUNC: case KIND_FLOAT:
	case KIND_TYPE_TAG:
		return 0;
	}
	return -1;
}

static int index_types(struct kapi_btf *b)
{
	const char *p = b->types;
	size_t cap = 0;

	b->nr = 1;
	while (p < b->types_end) {
		const struct btf_type *t = (const void *)p;
		long extra;

		if ((size_t)(b->types_end - p) < sizeof(*t) ||
		    (extra = extra_size(t)) < 0 ||
		    (size_t)(b->types_end - p) < sizeof(*t) + extra)
			return -EINVAL;
		if (b->nr >= cap) {
			const struct btf_type **n;

			cap = cap ? 2 * cap : 4096;
			n = realloc(b->by_id, cap * sizeof(*n));
			if (!n)
				return -ENOMEM;
			b->by_id = n;
		}
		b->by_id[b->nr++] = t;
		p += sizeof(*t) + extra;
	}
	return 0;
}

/* The raw BTF in a file of it, or in an ELF file's .BTF section. */
static int find_blob(const char *file, size_t len, size_t *off, size_t *size)
{
	const Elf64_Ehdr *eh = (const void *)file;
	const Elf64_Shdr *sh;

	if (len >= sizeof(struct btf_header) &&
	    ((const struct btf_header *)file)->magic == BTF_MAGIC) {
		*off = 0, *size = len;
		return 0;
	}
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(*sh) ||
	    eh->e_shoff > len || (len - eh->e_shoff) / sizeof(*sh) < eh->e_shnum ||
	    eh->e_shstrndx >= eh->e_shnum)
		return -ENOEXEC;
	sh = (const void *)(file + eh->e_shoff);
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *names = &sh[eh->e_shstrndx];

		if (names->sh_offset > len || sh[i].sh_name >= names->sh_size ||
		    names->sh_size > len - names->sh_offset ||
		    strncmp(file + names->sh_offset + sh[i].sh_name, ".BTF",
			    names->sh_size - sh[i].sh_name) ||
		    sh[i].sh_offset > len || sh[i].sh_size > len - sh[i].sh_offset)
			continue;
		*off = sh[i].sh_offset, *size = sh[i].sh_size;
		return 0;
	}
	return -ENODATA;
}

static int parse(struct kapi_btf *b, const char *blob, size_t len)
{
	const struct btf_header *h = (const void *)blob;

	if (len < sizeof(*h) || h->magic != BTF_MAGIC || h->version != 1 ||
	    h->hdr_len < sizeof(*h) || h->hdr_len > len ||
	    h->type_off > len - h->hdr_len ||
	    h->type_len > len - h->hdr_len - h->type_off ||
	    h->str_off > len - h->hdr_len ||
	    h->str_len > len - h->hdr_len - h->str_off || !h->str_len)
		return -EINVAL;
	b->types = blob + h->hdr_len + h->type_off;
	b->types_end = b->types + h->type_len;
	b->strs = blob + h->hdr_len + h->str_off;
	b->str_len = h->str_len;
	if (b->strs[b->str_len - 1])
		return -EINVAL;
	return index_types(b);
}

/* The whole file: read, not mapped, as sysfs's BTF cannot be mapped. */
static int read_file(int fd, char **buf, size_t *len)
{
	size_t cap = 1 << 22, n = 0;
	char *p = NULL;

	for (;;) {
		ssize_t r;

		if (n == cap || !p) {
			char *more = realloc(p, cap = p ? 2 * cap : cap);

			if (!more)
				goto nomem;
			p = more;
		}
		r = read(fd, p + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(p);
			return -errno;
		}
		if (!r)
			break;
		n += r;
	}
	*buf = p, *len = n;
	return 0;
nomem:
	free(p);
	return -ENOMEM;
}

int kapi_btf_open(const char *path, struct kapi_btf **out)
{
	struct kapi_btf *b = calloc(1, sizeof(*b));
	size_t off, size;
	int fd, err;

	if (!b)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto fail;
	}
	err = read_file(fd, &b->file, &b->file_len);
	close(fd);
	if (!err)
		err = find_blob(b->file, b->file_len, &off, &size);
	if (!err)
		err = parse(b, b->file + off, size);
	if (err)
		goto fail;
	*out = b;
	return 0;
fail:
	kapi_btf_close(b);
	return err;
}

void kapi_btf_close(struct kapi_btf *b)
{
	if (!b)
		return;
	free(b->file);
	free(b->by_id);
	free(b);
}

static const char *name_of(const struct kapi_btf *b, uint32_t off)
{
	return off < b->str_len ? b->strs + off : "";
}

static const struct btf_type *type_of(const struct kapi_btf *b, uint32_t id)
{
	return id && id < b->nr ? b->by_id[id] : NULL;
}

static bool is_record(const struct btf_type *t)
{
	return t && (KIND(t) == KIND_STRUCT || KIND(t) == KIND_UNION);
}

/* The struct NAME with members, not a forward declaration of it. */
static const struct btf_type *find_struct(const struct kapi_btf *b,
					  const char *name)
{
	for (uint32_t id = 1; id < b->nr; id++) {
		const struct btf_type *t = b->by_id[id];

		if (KIND(t) == KIND_STRUCT && VLEN(t) &&
		    !strcmp(name_of(b, t->name_off), name))
			return t;
	}
	return NULL;
}

/* MEMBER's bit offset in record t, looking into anonymous members. */
static long member_bits(const struct kapi_btf *b, const struct btf_type *t,
			const char *member, int depth)
{
	const struct btf_member *m = (const void *)(t + 1);

	for (unsigned int i = 0; i < VLEN(t); i++) {
		uint32_t bits = KIND_FLAG(t) ? m[i].offset & 0xffffff : m[i].offset;
		const struct btf_type *mt;
		long in;

		if (m[i].name_off) {
			if (!strcmp(name_of(b, m[i].name_off), member))
				return bits;
			continue;
		}
		mt = type_of(b, m[i].type);
		if (depth < 8 && is_record(mt) &&
		    (in = member_bits(b, mt, member, depth + 1)) >= 0)
			return bits + in;
	}
	return -ENOENT;
}

long kapi_btf_offset(const struct kapi_btf *b, const char *type,
		     const char *member)
{
	const struct btf_type *t = find_struct(b, type);
	long bits;

	if (!t)
		return -ENOENT;
	bits = member_bits(b, t, member, 0);
	if (bits < 0)
		return bits;
	return bits % 8 ? -EINVAL : bits / 8;
}

long kapi_btf_size(const struct kapi_btf *b, const char *type)
{
	const struct btf_type *t = find_struct(b, type);

	return t ? (long)t->size : -ENOENT;
}
