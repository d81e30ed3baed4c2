// SPDX-License-Identifier: MIT
/* elf.c - validate an ELF image of the host's class once, then read it
 * without checks. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "elf.h"

static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -ENOEXEC;
}

/* off + len <= size, without overflow. */
static bool in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int check_header(const struct umod_elf *e, unsigned int flags,
			char *err, size_t errlen)
{
	const ElfW(Ehdr) *h = e->ehdr;

	if (e->size < sizeof(*h) || memcmp(h->e_ident, ELFMAG, SELFMAG))
		return bad(err, errlen, "not an ELF file");
	if (h->e_ident[EI_CLASS] != UMOD_ELF_CLASS)
		return bad(err, errlen, "ELF class %u is not ELFCLASS%d",
			   h->e_ident[EI_CLASS], UMOD_ELF_BITS);
	if (h->e_ident[EI_DATA] != ELFDATA2LSB)
		return bad(err, errlen, "ELF data encoding is not little-endian");
	if (h->e_ident[EI_VERSION] != EV_CURRENT || h->e_version != EV_CURRENT)
		return bad(err, errlen, "unknown ELF version");
	if ((flags & UMOD_ELF_RELOCATABLE) && h->e_type != ET_REL)
		return bad(err, errlen, "ELF type %u is not ET_REL (relocatable)",
			   h->e_type);
	if (!(flags & UMOD_ELF_ANY_MACHINE) && h->e_machine != UMOD_ELF_MACHINE)
		return bad(err, errlen, "ELF machine %u is not " UMOD_ELF_MACHINE_NAME,
			   h->e_machine);
	if (h->e_shentsize != sizeof(ElfW(Shdr)))
		return bad(err, errlen, "section header size %u, expected %zu",
			   h->e_shentsize, sizeof(ElfW(Shdr)));
	if (h->e_shnum == 0 || h->e_shoff == 0)
		return bad(err, errlen, "no section headers");
	if (!in_bounds(h->e_shoff, (uint64_t)h->e_shnum * sizeof(ElfW(Shdr)),
		       e->size))
		return bad(err, errlen, "section headers extend past end of file");
	if (h->e_shoff % _Alignof(ElfW(Shdr)))
		return bad(err, errlen, "section headers misaligned");
	if (h->e_shstrndx == SHN_UNDEF || h->e_shstrndx >= h->e_shnum)
		return bad(err, errlen, "section name table index %u out of range",
			   h->e_shstrndx);
	return 0;
}

static int check_strtab(const struct umod_elf *e, unsigned int idx,
			char *err, size_t errlen)
{
	const ElfW(Shdr) *s = &e->shdrs[idx];
	const char *p;

	if (s->sh_type != SHT_STRTAB)
		return bad(err, errlen, "section %u is not a string table", idx);
	p = (const char *)e->data + s->sh_offset;	/* checked: not NOBITS */
	if (s->sh_size == 0 || p[s->sh_size - 1] != '\0')
		return bad(err, errlen, "string table %u is not NUL-terminated", idx);
	return 0;
}

static int check_sections(struct umod_elf *e, char *err, size_t errlen)
{
	for (unsigned int i = 0; i < e->shnum; i++) {
		const ElfW(Shdr) *s = &e->shdrs[i];

		if (s->sh_type != SHT_NOBITS && s->sh_type != SHT_NULL &&
		    !in_bounds(s->sh_offset, s->sh_size, e->size))
			return bad(err, errlen,
				   "section %u extends past end of file", i);
		if (s->sh_addralign & (s->sh_addralign - 1))
			return bad(err, errlen,
				   "section %u alignment %llu is not a power of two",
				   i, (unsigned long long)s->sh_addralign);
		if (s->sh_link >= e->shnum)
			return bad(err, errlen, "section %u links to %u, out of range",
				   i, s->sh_link);
	}
	if (check_strtab(e, e->ehdr->e_shstrndx, err, errlen))
		return -ENOEXEC;
	e->shstrtab = (const char *)e->data + e->shdrs[e->ehdr->e_shstrndx].sh_offset;
	e->shstrtab_size = e->shdrs[e->ehdr->e_shstrndx].sh_size;
	for (unsigned int i = 0; i < e->shnum; i++)
		if (e->shdrs[i].sh_name >= e->shstrtab_size)
			return bad(err, errlen, "section %u name offset out of range", i);
	return 0;
}

static int check_symtab(struct umod_elf *e, unsigned int flags,
			char *err, size_t errlen)
{
	const ElfW(Shdr) *s;
	unsigned int found = 0;

	for (unsigned int i = 1; i < e->shnum; i++) {
		if (e->shdrs[i].sh_type != SHT_SYMTAB)
			continue;
		if (found)
			return bad(err, errlen, "more than one symbol table");
		found = i;
	}
	if (!found) {
		if (flags & UMOD_ELF_RELOCATABLE)
			return bad(err, errlen, "no symbol table");
		return 0;
	}
	s = &e->shdrs[found];
	if (s->sh_entsize != sizeof(ElfW(Sym)) || s->sh_size % sizeof(ElfW(Sym)))
		return bad(err, errlen, "symbol table entry size %llu, expected %zu",
			   (unsigned long long)s->sh_entsize, sizeof(ElfW(Sym)));
	if (s->sh_offset % _Alignof(ElfW(Sym)))
		return bad(err, errlen, "symbol table misaligned");
	if (check_strtab(e, s->sh_link, err, errlen))
		return -ENOEXEC;
	e->symtab = found;
	e->syms = (const ElfW(Sym) *)(e->data + s->sh_offset);
	e->nsyms = s->sh_size / sizeof(ElfW(Sym));
	e->strtab = (const char *)e->data + e->shdrs[s->sh_link].sh_offset;
	e->strtab_size = e->shdrs[s->sh_link].sh_size;
	for (size_t i = 0; i < e->nsyms; i++) {
		const ElfW(Sym) *sym = &e->syms[i];

		if (sym->st_name >= e->strtab_size)
			return bad(err, errlen, "symbol %zu name offset out of range", i);
		if (sym->st_shndx >= e->shnum && sym->st_shndx < SHN_LORESERVE)
			return bad(err, errlen, "symbol %zu (%s) section index %u out of range",
				   i, e->strtab + sym->st_name, sym->st_shndx);
		if (sym->st_shndx == SHN_XINDEX)
			return bad(err, errlen, "extended section indices are not supported");
	}
	return 0;
}

/* The entry of an SHT_REL or SHT_RELA section: both begin with r_offset
 * and r_info. */
static size_t reloc_entsize(unsigned int sh_type)
{
	return sh_type == SHT_REL ? sizeof(ElfW(Rel)) : sizeof(ElfW(Rela));
}

/* Each relocation names a symbol and a place inside the section it patches. */
static int check_relocs(const struct umod_elf *e, unsigned int i,
			char *err, size_t errlen)
{
	const ElfW(Shdr) *s = &e->shdrs[i];
	const ElfW(Shdr) *target;
	size_t n, entsize = reloc_entsize(s->sh_type);

	if (s->sh_entsize != entsize || s->sh_size % entsize)
		return bad(err, errlen, "%s: relocation entry size %llu, expected %zu",
			   umod_elf_section_name(e, i),
			   (unsigned long long)s->sh_entsize, entsize);
	if (s->sh_offset % _Alignof(ElfW(Rela)))
		return bad(err, errlen, "%s: misaligned", umod_elf_section_name(e, i));
	if (s->sh_info == 0 || s->sh_info >= e->shnum)
		return bad(err, errlen, "%s: applies to section %u, out of range",
			   umod_elf_section_name(e, i), s->sh_info);
	if (s->sh_link != e->symtab)
		return bad(err, errlen, "%s: uses section %u as its symbol table",
			   umod_elf_section_name(e, i), s->sh_link);
	target = &e->shdrs[s->sh_info];
	n = s->sh_size / entsize;
	for (size_t k = 0; k < n; k++) {
		const ElfW(Rel) *r = (const ElfW(Rel) *)(e->data + s->sh_offset + k * entsize);

		if (ELFW(R_SYM)(r->r_info) >= e->nsyms)
			return bad(err, errlen, "%s: relocation %zu names symbol %llu of %zu",
				   umod_elf_section_name(e, i), k,
				   (unsigned long long)ELFW(R_SYM)(r->r_info), e->nsyms);
		/* 8 bytes is the widest place any relocation patches. */
		if (!in_bounds(r->r_offset, 1, target->sh_size))
			return bad(err, errlen, "%s: relocation %zu at offset 0x%llx is past the end of %s",
				   umod_elf_section_name(e, i), k,
				   (unsigned long long)r->r_offset,
				   umod_elf_section_name(e, s->sh_info));
	}
	return 0;
}

static const struct { const char *name; size_t len; } known_names[] = {
#define K(k, s) [k] = { s, sizeof(s) - 1 }
	K(UMOD_SEC_MODINFO, ".modinfo"), K(UMOD_SEC_VERSIONS, "__versions"),
	K(UMOD_SEC_THIS_MODULE, ".gnu.linkonce.this_module"),
	K(UMOD_SEC_PARAM, "__param"), K(UMOD_SEC_KSYMTAB, "__ksymtab"),
	K(UMOD_SEC_KSYMTAB_GPL, "__ksymtab_gpl"),
	K(UMOD_SEC_KCRCTAB, "__kcrctab"), K(UMOD_SEC_KCRCTAB_GPL, "__kcrctab_gpl"),
	K(UMOD_SEC_BUG_TABLE, "__bug_table"),
	K(UMOD_SEC_RO_AFTER_INIT, ".data..ro_after_init"),
#undef K
};

/* One pass, a length compare per known name: names are checked
 * NUL-terminated within .shstrtab by check_sections. */
static void index_known_sections(struct umod_elf *e)
{
	for (unsigned int i = e->shnum; i-- > 1;) {
		const char *name = e->shstrtab + e->shdrs[i].sh_name;
		size_t len = strlen(name);

		for (int k = 0; k < UMOD_SEC_NUM_KNOWN; k++)
			if (len == known_names[k].len &&
			    !memcmp(name, known_names[k].name, len))
				e->known[k] = i;	/* the first wins */
	}
}

int umod_elf_parse(struct umod_elf *e, const void *data, size_t size,
		   unsigned int flags, char *err, size_t errlen)
{
	int ret;

	memset(e, 0, sizeof(*e));
	e->data = data;
	e->size = size;
	e->ehdr = data;
	if ((uintptr_t)data % _Alignof(ElfW(Ehdr)))
		return bad(err, errlen, "image misaligned in memory");
	ret = check_header(e, flags, err, errlen);
	if (ret)
		return ret;
	e->shdrs = (const ElfW(Shdr) *)(e->data + e->ehdr->e_shoff);
	e->shnum = e->ehdr->e_shnum;
	ret = check_sections(e, err, errlen);
	if (!ret && e->shstrtab)
		index_known_sections(e);
	if (!ret)
		ret = check_symtab(e, flags, err, errlen);
	/* A linked image's relocations (.rela.dyn) are the dynamic loader's:
	 * only a relocatable file's are checked, for the loader to apply.
	 * The tools never apply them, and checking would page them all in. */
	if (flags & UMOD_ELF_NO_RELOCS)
		return ret;
	for (unsigned int i = 1; !ret && e->ehdr->e_type == ET_REL && i < e->shnum; i++) {
		if ((e->shdrs[i].sh_type == SHT_RELA ||
		     e->shdrs[i].sh_type == SHT_REL) && e->symtab)
			ret = check_relocs(e, i, err, errlen);
	}
	return ret;
}

const char *umod_elf_section_name(const struct umod_elf *e, unsigned int idx)
{
	if (idx >= e->shnum || !e->shstrtab)
		return "?";
	return e->shstrtab + e->shdrs[idx].sh_name;
}

unsigned int umod_elf_find_section(const struct umod_elf *e, const char *name)
{
	for (unsigned int i = 1; i < e->shnum; i++)
		if (!strcmp(e->shstrtab + e->shdrs[i].sh_name, name))
			return i;
	return 0;
}

/* known[k] is the first of its name: only later sections may share it. */
bool umod_elf_section_is(const struct umod_elf *e, unsigned int idx,
			 enum umod_elf_known k)
{
	unsigned int first = e->known[k];

	if (!first || idx < first)
		return false;
	return idx == first || e->shdrs[idx].sh_name == e->shdrs[first].sh_name ||
	       !strcmp(umod_elf_section_name(e, idx), known_names[k].name);
}

const void *umod_elf_section_data(const struct umod_elf *e, unsigned int idx,
				  size_t *size)
{
	const ElfW(Shdr) *s;

	if (idx == 0 || idx >= e->shnum)
		return NULL;
	s = &e->shdrs[idx];
	/* An inactive (SHT_NULL) section's offset is never checked. */
	if (s->sh_type == SHT_NOBITS || s->sh_type == SHT_NULL)
		return NULL;
	if (size)
		*size = s->sh_size;
	return e->data + s->sh_offset;
}

const char *umod_elf_sym_name(const struct umod_elf *e, const ElfW(Sym) *sym)
{
	if (ELFW(ST_TYPE)(sym->st_info) == STT_SECTION)
		return umod_elf_section_name(e, sym->st_shndx);
	return e->strtab + sym->st_name;
}

size_t umod_elf_strip_signature(const void *data, size_t len,
				struct umod_sig_view *sig)
{
	const size_t magic = sizeof(UMOD_MODULE_SIG_STRING) - 1;
	const unsigned char *p = data;
	struct umod_module_signature d;
	size_t sig_len;

	if (len < magic + sizeof(d) ||
	    memcmp(p + len - magic, UMOD_MODULE_SIG_STRING, magic))
		return len;
	memcpy(&d, p + len - magic - sizeof(d), sizeof(d));
	sig_len = __builtin_bswap32(d.sig_len);
	if (sig_len > len - magic - sizeof(d))
		return len;
	len -= magic + sizeof(d) + sig_len;
	if (sig) {
		sig->desc = (const void *)(p + len + sig_len);
		sig->blob = p + len;
		sig->blob_len = sig_len;
	}
	return len;
}

int umod_modinfo_walk(const char *info, size_t size, umod_modinfo_cb *cb,
		      void *arg)
{
	const char *p = info, *end;

	if (!info)
		return 0;	/* no .modinfo */
	for (end = info + size; p < end;) {
		const char *nul = memchr(p, '\0', end - p);
		const char *eq;
		int ret;

		if (!nul)
			break;		/* an unterminated tail is not an entry */
		eq = memchr(p, '=', nul - p);
		if (eq) {
			ret = cb(p, eq - p, eq + 1, arg);
			if (ret)
				return ret;
		}
		p = nul + 1;
		while (p < end && *p == '\0')
			p++;		/* alignment padding */
	}
	return 0;
}

struct modinfo_query {
	const char *key;
	size_t keylen;
	unsigned int index;
	const char *found;
};

static int match_key(const char *key, size_t keylen, const char *value, void *arg)
{
	struct modinfo_query *q = arg;

	if (keylen != q->keylen || memcmp(key, q->key, keylen))
		return 0;
	if (q->index--)
		return 0;
	q->found = value;
	return 1;
}

const char *umod_modinfo_get(const char *info, size_t size, const char *key,
			     unsigned int index)
{
	struct modinfo_query q = { key, strlen(key), index, NULL };

	umod_modinfo_walk(info, size, match_key, &q);
	return q.found;
}
