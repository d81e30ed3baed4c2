// SPDX-License-Identifier: MIT
/* modfile.c - read a module file, compressed or not, and what kmod reads of it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "umod-tools.h"
#include "modfile_dl.h"

/* A decompressed module larger than this is a damaged (or hostile) file. */
#define MODFILE_MAX_SIZE (1UL << 30)

struct outbuf {
	unsigned char *p;
	size_t len, cap;
};

#if ENABLE_ZLIB || ENABLE_XZ || ENABLE_ZSTD
/* Room for at least one more byte; the caller writes up to cap. */
static int outbuf_grow(struct outbuf *o)
{
	size_t cap = o->cap ? o->cap * 2 : 1 << 20;
	unsigned char *p;

	if (o->len < o->cap)
		return 0;
	if (cap > MODFILE_MAX_SIZE)
		return -EFBIG;
	p = realloc(o->p, cap);
	if (!p)
		return -ENOMEM;
	o->p = p;
	o->cap = cap;
	return 0;
}
#endif

#if ENABLE_ZLIB
static int inflate_gzip(const unsigned char *in, size_t len, struct outbuf *o)
{
	z_stream z = { .next_in = (unsigned char *)in, .avail_in = len };
	int ret, err = 0, err_lib;
	const struct modfile_zlib *zl = modfile_zlib(&err_lib);

	if (!zl)
		return err_lib;
	/* 15 + 32: a gzip or zlib header, detected (zlib.h's inflateInit2) */
	if (zl->inflateInit2_(&z, 15 + 32, ZLIB_VERSION, (int)sizeof(z)) != Z_OK)
		return -ENOMEM;
	do {
		err = outbuf_grow(o);
		if (err)
			break;
		z.next_out = o->p + o->len;
		z.avail_out = o->cap - o->len;
		ret = zl->inflate(&z, Z_NO_FLUSH);
		o->len = o->cap - z.avail_out;
		/* gzip allows members one after another, as gunzip reads them */
		if (ret == Z_STREAM_END && z.avail_in > 0)
			ret = zl->inflateReset(&z);
		else if (ret == Z_STREAM_END)
			break;
		if (ret != Z_OK && ret != Z_BUF_ERROR)
			err = ret == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
		else if (ret == Z_BUF_ERROR && z.avail_in == 0)
			err = -EINVAL;		/* truncated */
	} while (!err);
	zl->inflateEnd(&z);
	return err;
}
#endif

#if ENABLE_XZ
static int inflate_xz(const unsigned char *in, size_t len, struct outbuf *o)
{
	lzma_stream s = LZMA_STREAM_INIT;
	int err = 0, err_lib;
	const struct modfile_lzma *xz = modfile_lzma(&err_lib);
	lzma_ret ret;

	if (!xz)
		return err_lib;
	if (xz->stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return -ENOMEM;
	s.next_in = in;
	s.avail_in = len;
	do {
		err = outbuf_grow(o);
		if (err)
			break;
		s.next_out = o->p + o->len;
		s.avail_out = o->cap - o->len;
		ret = xz->code(&s, LZMA_FINISH);
		o->len = o->cap - s.avail_out;
		if (ret == LZMA_STREAM_END)
			break;
		if (ret == LZMA_MEM_ERROR)
			err = -ENOMEM;
		else if (ret != LZMA_OK)
			err = -EINVAL;
	} while (!err);
	xz->end(&s);
	return err;
}
#endif

#if ENABLE_ZSTD
static int inflate_zstd(const unsigned char *in, size_t len, struct outbuf *o)
{
	int err = 0, err_lib;
	const struct modfile_zstd *zs = modfile_zstd(&err_lib);
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_DStream *z;
	size_t ret = 1;

	if (!zs)
		return err_lib;
	if (!(z = zs->createDStream()))
		return -ENOMEM;
	zs->initDStream(z);
	while (!err && (ib.pos < ib.size || ret != 0)) {
		ZSTD_outBuffer ob;

		err = outbuf_grow(o);
		if (err)
			break;
		ob = (ZSTD_outBuffer){ o->p, o->cap, o->len };
		ret = zs->decompressStream(z, &ob, &ib);
		o->len = ob.pos;
		if (zs->isError(ret))
			err = -EINVAL;
		else if (ret != 0 && ib.pos == ib.size && ob.pos < ob.size)
			err = -EINVAL;		/* truncated frame */
	}
	zs->freeDStream(z);
	return err;
}
#endif

/* A format built without is no compression: its bytes are read as they
 * are, as kmod 30 built without the library reads them. */
static const struct compression {
	unsigned char magic[6];
	size_t magic_len;
	int (*inflate)(const unsigned char *in, size_t len, struct outbuf *o);
} compressions[] = {
#if ENABLE_XZ
	{ { 0xfd, '7', 'z', 'X', 'Z', 0 }, 6, inflate_xz },
#endif
#if ENABLE_ZSTD
	{ { 0x28, 0xb5, 0x2f, 0xfd }, 4, inflate_zstd },
#endif
#if ENABLE_ZLIB
	{ { 0x1f, 0x8b }, 2, inflate_gzip },
#endif
	{ { 0 }, 0, NULL }	/* the end */
};

/* The format whose magic starts the n bytes at p, or NULL. */
static const struct compression *compression_of(const unsigned char *p, size_t n)
{
	for (const struct compression *c = compressions; c->magic_len; c++)
		if (n >= c->magic_len && !memcmp(p, c->magic, c->magic_len))
			return c;
	return NULL;
}

bool modfile_is_compressed(int fd)
{
	unsigned char magic[6];
	ssize_t n = pread(fd, magic, sizeof(magic), 0);

	return n > 0 && compression_of(magic, n);
}

static int read_file(struct modfile *mf, int fd)
{
	const struct compression *c;
	struct outbuf o = { 0 };
	struct stat st;
	void *map;
	int err;

	if (fstat(fd, &st) < 0)
		return -errno;
	/* kmod reads six bytes of magic before anything else */
	if (st.st_size < 6)
		return -EINVAL;
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return -errno;
	c = compression_of(map, st.st_size);
	if (!c) {
		mf->data = map;
		mf->size = st.st_size;
		mf->mapped = true;
		return 0;
	}
	err = c->inflate(map, st.st_size, &o);
	munmap(map, st.st_size);
	if (err) {
		free(o.p);
		return err;
	}
	mf->data = o.p;
	mf->size = o.len;
	return 0;
}

/* An ELF file not of the host's class or not little-endian, as kmod reads too. */
static bool is_foreign(const struct modfile *mf)
{
	const unsigned char *id = mf->data;

	return mf->is_elf &&
	       (id[EI_CLASS] != UMOD_ELF_CLASS || id[EI_DATA] == ELFDATA2MSB);
}

int modfile_open(struct modfile *mf, const char *path, char *err, size_t errlen)
{
	int fd, ret;

	memset(mf, 0, sizeof(*mf));
	mf->path = path;
	if (errlen)
		err[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read_file(mf, fd);
	close(fd);
	if (ret)
		return ret;
	mf->is_elf = mf->size > EI_NIDENT && !memcmp(mf->data, ELFMAG, SELFMAG);
	if (mf->is_elf) {	/* the file's own, for __versions and CRCs */
		mf->elf32 = mf->data[EI_CLASS] == ELFCLASS32;
		mf->msb = mf->data[EI_DATA] == ELFDATA2MSB;
	}
	if (is_foreign(mf) && (ret = modfile_widen(mf, err, errlen))) {
		modfile_close(mf);
		return ret;
	}
	ret = umod_elf_parse(&mf->elf, mf->image ? mf->image : mf->data,
			     mf->image ? mf->image_size : mf->size,
			     UMOD_ELF_RELOCATABLE | UMOD_ELF_ANY_MACHINE |
			     UMOD_ELF_NO_RELOCS,
			     err, errlen);
	if (ret)
		modfile_close(mf);
	return ret;
}

void modfile_close(struct modfile *mf)
{
	free(mf->image);
	mf->image = NULL;
	if (mf->mapped)
		munmap(mf->data, mf->size);
	else
		free(mf->data);
	mf->data = NULL;
}

static const char *section_by_name(const struct modfile *mf, const char *name,
				   size_t *size)
{
	unsigned int idx = umod_elf_find_section(&mf->elf, name);
	const void *p = umod_elf_section_data(&mf->elf, idx, size);

	if (!p)
		*size = 0;
	return p;
}

/* Non-empty strings separated by runs of NULs; the last may lack its NUL. */
static size_t next_string(const char *s, size_t size, size_t *pos, size_t *len)
{
	size_t i = *pos;

	while (i < size && s[i] == '\0')
		i++;
	if (i == size)
		return 0;
	*pos = i;
	*len = strnlen(s + i, size - i);
	return 1;
}

int modfile_modinfo(const struct modfile *mf, struct modinfo_entry **out)
{
	size_t size, pos = 0, len, n = 0;
	const char *s = section_by_name(mf, ".modinfo", &size);
	struct modinfo_entry *e;

	*out = NULL;
	for (; next_string(s, size, &pos, &len); pos += len)
		n++;
	if (!n)
		return 0;
	e = calloc(n, sizeof(*e));
	if (!e)
		return -ENOMEM;
	n = 0;
	for (pos = 0; next_string(s, size, &pos, &len); pos += len) {
		const char *eq = memchr(s + pos, '=', len);

		e[n].key = s + pos;
		e[n].keylen = eq ? (size_t)(eq - (s + pos)) : len;
		e[n].value = eq ? eq + 1 : s + pos + len;
		e[n].valuelen = eq ? len - e[n].keylen - 1 : 0;
		n++;
	}
	*out = e;
	return n;
}

/*
 * With modversions a __crc_<sym> symbol holds the CRC: absolute, or an
 * offset into the section that stores it.  -1 if that is out of range.
 */
/* The symbol's own name, as kmod reads it (no section names). */
static const char *sym_name(const struct umod_elf *e, const ElfW(Sym) *sym)
{
	return e->strtab + sym->st_name;
}

/* An integer of the module's own byte order. */
static uint64_t get_uint(const struct modfile *mf, const unsigned char *p,
			 unsigned int len)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < len; i++)
		v = mf->msb ? v << 8 | p[i] : v | (uint64_t)p[i] << (8 * i);
	return v;
}

static uint64_t resolve_crc(const struct modfile *mf, const ElfW(Sym) *sym)
{
	const unsigned char *p;
	size_t size;

	if (sym->st_shndx == SHN_ABS || sym->st_shndx == SHN_UNDEF)
		return sym->st_value;
	p = umod_elf_section_data(&mf->elf, sym->st_shndx, &size);
	if (!p || size < 4 || sym->st_value > size - 4)
		return (uint64_t)-1;
	return get_uint(mf, p + sym->st_value, 4);
}

/* "__crc_" a byte at a time: a shorter name stops at its NUL, and this
 * runs for every symbol of every module depmod reads. */
static bool is_crc_symbol(const char *name)
{
	return name[0] == '_' && name[1] == '_' && name[2] == 'c' &&
	       name[3] == 'r' && name[4] == 'c' && name[5] == '_';
}

static int crc_exports(const struct modfile *mf, struct modsym **out)
{
	const struct umod_elf *e = &mf->elf;
	struct modsym *s;
	size_t n = 0;

	for (size_t i = 1; i < e->nsyms; i++)
		n += is_crc_symbol(sym_name(e, &e->syms[i]));
	if (!n)
		return 0;
	s = calloc(n, sizeof(*s));
	if (!s)
		return -ENOMEM;
	n = 0;
	for (size_t i = 1; i < e->nsyms; i++) {
		const char *name = sym_name(e, &e->syms[i]);

		if (!is_crc_symbol(name))
			continue;
		s[n].name = name + 6;
		s[n].crc = resolve_crc(mf, &e->syms[i]);
		s[n].weak = ELFW(ST_BIND)(e->syms[i].st_info) == STB_WEAK;
		n++;
	}
	*out = s;
	return n;
}

/*
 * Without modversions kmod takes every string of __ksymtab_strings as an
 * export, namespace names included; so does depmod here, to write the
 * same modules.symbols.  An unterminated tail is no string.
 */
static int ksymtab_strings_exports(const struct modfile *mf, struct modsym **out)
{
	size_t size, pos = 0, len, n = 0;
	const char *s = section_by_name(mf, "__ksymtab_strings", &size);
	struct modsym *syms;

	for (; next_string(s, size, &pos, &len); pos += len)
		n += pos + len < size;
	if (!n)
		return 0;
	syms = calloc(n, sizeof(*syms));
	if (!syms)
		return -ENOMEM;
	n = 0;
	for (pos = 0; next_string(s, size, &pos, &len); pos += len)
		if (pos + len < size)
			syms[n++].name = s + pos;
	*out = syms;
	return n;
}

int modfile_exports(const struct modfile *mf, struct modsym **out)
{
	int n;

	*out = NULL;
	n = crc_exports(mf, out);
	if (n == 0)
		n = ksymtab_strings_exports(mf, out);
	return n;
}

/*
 * Linux's struct modversion_info: the CRC as an unsigned long, the name
 * filling the rest of 64 bytes.
 */
#define MODVERSION_SIZE 64

static const unsigned char *versions(const struct modfile *mf, size_t *n)
{
	size_t size;
	const char *p = section_by_name(mf, "__versions", &size);

	*n = 0;
	if (!p || size % MODVERSION_SIZE)
		return NULL;
	*n = size / MODVERSION_SIZE;
	return (const unsigned char *)p;
}

static unsigned int crc_size(const struct modfile *mf)
{
	return mf->elf32 ? 4 : 8;
}

static uint64_t version_crc(const struct modfile *mf, const unsigned char *v)
{
	return get_uint(mf, v, crc_size(mf));
}

/* The entry's name, or NULL if it fills its field without a NUL. */
static const char *version_name(const struct modfile *mf, const unsigned char *v)
{
	const char *name = (const char *)v + crc_size(mf);

	return memchr(name, '\0', MODVERSION_SIZE - crc_size(mf)) ? name : NULL;
}

static bool undefined_symbol(const struct modfile *mf, const ElfW(Sym) *sym)
{
	/* sparc's global register "symbols" are not imports */
	if (mf->elf.ehdr->e_machine == EM_SPARC ||
	    mf->elf.ehdr->e_machine == EM_SPARCV9)
		if (ELFW(ST_TYPE)(sym->st_info) == STT_SPARC_REGISTER)
			return false;
	return sym->st_shndx == SHN_UNDEF &&
	       sym_name(&mf->elf, sym)[0] != '\0';
}

/* __versions entries hashed by name, so that a symbol finds its CRC in
 * one probe or few, not by a scan of them all per symbol.  Open
 * addressing; a name's first entry wins, as the scan found it. */
struct version_table {
	const char **names;		/* NULL: a free slot */
	size_t *entry;			/* the entry's index in __versions */
	size_t mask;
};

static size_t name_hash(const char *s)
{
	size_t h = 2166136261u;		/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot holding name, or the free one where it would go. */
static size_t version_slot(const struct version_table *t, const char *name)
{
	size_t i = name_hash(name) & t->mask;

	while (t->names[i] && strcmp(t->names[i], name))
		i = (i + 1) & t->mask;
	return i;
}

static int version_table_init(struct version_table *t, const struct modfile *mf,
			      const unsigned char *ver, size_t nver)
{
	size_t size = 16;

	while (size < 2 * nver)
		size *= 2;
	t->mask = size - 1;
	t->names = calloc(size, sizeof(*t->names));
	t->entry = malloc(size * sizeof(*t->entry));
	if (!t->names || !t->entry)
		return -ENOMEM;
	for (size_t v = 0; v < nver; v++) {
		const char *name = version_name(mf, ver + v * MODVERSION_SIZE);
		size_t i;

		if (!name || t->names[i = version_slot(t, name)])
			continue;
		t->names[i] = name;
		t->entry[i] = v;
	}
	return 0;
}

static void version_table_free(struct version_table *t)
{
	free(t->names);
	free(t->entry);
}

int modfile_imports(const struct modfile *mf, struct modsym **out)
{
	const struct umod_elf *e = &mf->elf;
	size_t nver, n = 0;
	const unsigned char *ver = versions(mf, &nver);
	struct version_table vt = { 0 };
	struct modsym *s;
	bool *claimed;
	int err = -ENOMEM;

	*out = NULL;
	claimed = calloc(nver + 1, sizeof(*claimed));
	/* every field of each entry used is set below */
	s = malloc((e->nsyms + nver + 1) * sizeof(*s));
	if (!claimed || !s || version_table_init(&vt, mf, ver, nver))
		goto fail;
	for (size_t i = 1; i < e->nsyms; i++) {
		const ElfW(Sym) *sym = &e->syms[i];
		size_t slot;

		if (!undefined_symbol(mf, sym))
			continue;
		s[n].name = sym_name(e, sym);
		s[n].weak = ELFW(ST_BIND)(sym->st_info) == STB_WEAK;
		s[n].crc = 0;
		slot = version_slot(&vt, s[n].name);
		if (vt.names[slot]) {
			s[n].crc = version_crc(mf, ver + vt.entry[slot] * MODVERSION_SIZE);
			claimed[vt.entry[slot]] = true;
		}
		n++;
	}
	/* module_layout and the like: versioned, but no symbol uses them */
	for (size_t v = 0; v < nver; v++) {
		const unsigned char *entry = ver + v * MODVERSION_SIZE;

		if (claimed[v] || !version_name(mf, entry))
			continue;
		s[n].name = version_name(mf, entry);
		s[n].crc = version_crc(mf, entry);
		s[n].weak = false;
		n++;
	}
	if (n)
		*out = s;
	err = n;
fail:
	if (!*out)
		free(s);
	version_table_free(&vt);
	free(claimed);
	return err;
}

char *modfile_name_from_path(const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	if (!*base || !len)
		return NULL;
	for (i = 0; i + 1 < len && base[i] && base[i] != '.'; i++)
		buf[i] = base[i] == '-' ? '_' : base[i];
	buf[i] = '\0';
	return buf;
}

bool modfile_has_module_ext(const char *name)
{
	/* Only the formats built in, as kmod's kmod_exts */
	static const char *const exts[] = {
		".ko",
#if ENABLE_ZLIB
		".ko.gz",
#endif
#if ENABLE_XZ
		".ko.xz",
#endif
#if ENABLE_ZSTD
		".ko.zst",
#endif
	};
	size_t len = strlen(name);

	for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++) {
		size_t el = strlen(exts[i]);

		if (len > el && !strcmp(name + len - el, exts[i]))
			return true;
	}
	return false;
}
