// SPDX-License-Identifier: MIT
/* test-elf: the ELF reader accepts a real object and refuses each kind of
 * damage with its own message, never reading out of bounds. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "tap.h"

static unsigned char *orig;
static size_t orig_len;

static void load_sample(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	orig_len = (size_t)st.st_size;
	orig = malloc(orig_len);
	if (read(fd, orig, orig_len) != (ssize_t)orig_len)
		exit(1);
	close(fd);
}

/* A fresh, aligned copy to damage. */
static unsigned char *copy(void)
{
	unsigned char *p = aligned_alloc(64, (orig_len + 63) & ~(size_t)63);

	memcpy(p, orig, orig_len);
	return p;
}

/* The relocation sections of the machine's modules. */
#if defined(__i386__) || defined(__arm__)
#define SHT_RELOC	SHT_REL
typedef ElfW(Rel) reloc_t;
#else
#define SHT_RELOC	SHT_RELA
typedef ElfW(Rela) reloc_t;
#endif

static ElfW(Shdr) *shdr(unsigned char *img, unsigned int i)
{
	ElfW(Ehdr) *h = (ElfW(Ehdr) *)img;

	return (ElfW(Shdr) *)(img + h->e_shoff) + i;
}

static unsigned int find(unsigned char *img, ElfW(Word) type)
{
	ElfW(Ehdr) *h = (ElfW(Ehdr) *)img;

	for (unsigned int i = 1; i < h->e_shnum; i++)
		if (shdr(img, i)->sh_type == type)
			return i;
	return 0;
}

/* Parse a damaged image; it must fail with ENOEXEC and say `want`. */
static void refuses(unsigned char *img, size_t len, const char *want, const char *what)
{
	struct umod_elf e;
	char err[256] = "";
	int ret = umod_elf_parse(&e, img, len, UMOD_ELF_RELOCATABLE, err, sizeof(err));

	ok(ret == -ENOEXEC && strstr(err, want), "%s: %s", what, err);
	if (!strstr(err, want))
		diag("want '%s'", want);
	free(img);
}

static void test_good(void)
{
	struct umod_elf e;
	char err[256] = "";
	unsigned char *img = copy();
	const char *info;
	size_t len;
	unsigned int i;
	bool found_export = false, found_import = false;

	is_int(umod_elf_parse(&e, img, orig_len, UMOD_ELF_RELOCATABLE, err, sizeof(err)), 0,
	       "a compiler's object parses");
	ok(e.symtab && e.nsyms > 3, "it has a symbol table (%zu symbols)", e.nsyms);
	i = umod_elf_find_section(&e, ".modinfo");
	ok(i != 0, ".modinfo found by name");
	info = umod_elf_section_data(&e, i, &len);
	is_str(umod_modinfo_get(info, len, "name", 0), "sample", "modinfo name");
	is_str(umod_modinfo_get(info, len, "alias", 0), "sample-alias", "modinfo alias");
	ok(umod_modinfo_get(info, len, "alias", 1) == NULL, "no second alias");
	ok(umod_modinfo_get(info, len, "nonesuch", 0) == NULL, "absent key");
	for (size_t k = 1; k < e.nsyms; k++) {
		const char *n = umod_elf_sym_name(&e, &e.syms[k]);

		found_export |= !strcmp(n, "__ksymtab_sample_fn");
		found_import |= !strcmp(n, "imported") && e.syms[k].st_shndx == SHN_UNDEF;
	}
	ok(found_export, "the EXPORT_SYMBOL label __ksymtab_sample_fn is in the symbol table");
	ok(found_import, "the import is undefined");
	ok(umod_elf_find_section(&e, "__ksymtab") != 0, "__ksymtab section exists");
	is_str(umod_elf_section_name(&e, 9999), "?", "an out-of-range section has a safe name");
	free(img);
}

static void test_damage(void)
{
	unsigned char *img;
	unsigned int i;

	refuses(copy(), 10, "not an ELF file", "truncated header");
	img = copy(); img[1] = 'X';
	refuses(img, orig_len, "not an ELF file", "bad magic");
	img = copy(); img[EI_CLASS] = UMOD_ELF_CLASS == ELFCLASS64 ? ELFCLASS32 : ELFCLASS64;
	refuses(img, orig_len, UMOD_ELF_CLASS == ELFCLASS64 ? "ELFCLASS64" : "ELFCLASS32",
		"the other class");
	img = copy(); img[EI_DATA] = ELFDATA2MSB;
	refuses(img, orig_len, "little-endian", "big-endian");
	img = copy(); ((ElfW(Ehdr) *)img)->e_type = ET_DYN;
	refuses(img, orig_len, "not ET_REL", "shared object");
	img = copy(); ((ElfW(Ehdr) *)img)->e_machine = EM_S390;
	refuses(img, orig_len, "not " UMOD_ELF_MACHINE_NAME, "other machine");
	img = copy(); ((ElfW(Ehdr) *)img)->e_shoff = orig_len - 8;
	refuses(img, orig_len, "section headers extend past end", "section headers past end");
	img = copy(); ((ElfW(Ehdr) *)img)->e_shnum = 0xffff;
	refuses(img, orig_len, "section headers extend past end", "huge section count");
	img = copy(); ((ElfW(Ehdr) *)img)->e_shstrndx = 0xfff0;
	refuses(img, orig_len, "out of range", "name table index out of range");
	refuses(copy(), orig_len / 2, "past end of file", "file cut in half");
	img = copy(); shdr(img, 1)->sh_offset = (ElfW(Off))-16;
	refuses(img, orig_len, "extends past end of file", "section offset wraps around");
	img = copy(); shdr(img, 1)->sh_size = (size_t)1 << (UMOD_ELF_BITS == 64 ? 40 : 30);
	refuses(img, orig_len, "extends past end of file", "huge section size");
	img = copy(); shdr(img, 1)->sh_addralign = 3;
	refuses(img, orig_len, "not a power of two", "alignment 3");
	img = copy(); shdr(img, 1)->sh_link = 5000;
	refuses(img, orig_len, "links to 5000", "sh_link out of range");

	img = copy(); i = find(img, SHT_SYMTAB);
	shdr(img, i)->sh_type = SHT_PROGBITS;
	refuses(img, orig_len, "no symbol table", "no symbol table");
	img = copy(); i = find(img, SHT_SYMTAB);
	shdr(img, find(img, SHT_NOTE) ? find(img, SHT_NOTE) : 1)->sh_type = SHT_SYMTAB;
	refuses(img, orig_len, "more than one symbol table", "two symbol tables");
	img = copy(); i = find(img, SHT_SYMTAB);
	shdr(img, i)->sh_entsize = sizeof(ElfW(Sym)) + 8;
	refuses(img, orig_len, "symbol table entry size", "bad symbol entry size");
	img = copy(); i = find(img, SHT_SYMTAB);
	((ElfW(Sym) *)(img + shdr(img, i)->sh_offset))[2].st_name = 0x7fffffff;
	refuses(img, orig_len, "name offset out of range", "symbol name out of range");
	img = copy(); i = find(img, SHT_SYMTAB);
	((ElfW(Sym) *)(img + shdr(img, i)->sh_offset))[2].st_shndx = 4000;
	refuses(img, orig_len, "section index 4000 out of range", "symbol section out of range");
	img = copy(); i = find(img, SHT_SYMTAB);
	{
		ElfW(Shdr) *str = shdr(img, shdr(img, i)->sh_link);
		img[str->sh_offset + str->sh_size - 1] = 'x';
	}
	refuses(img, orig_len, "not NUL-terminated", "unterminated string table");

	img = copy(); i = find(img, SHT_RELOC);
	shdr(img, i)->sh_info = 7777;
	refuses(img, orig_len, "applies to section 7777", "relocation target out of range");
	img = copy(); i = find(img, SHT_RELOC);
	((reloc_t *)(img + shdr(img, i)->sh_offset))[0].r_info = ELFW(R_INFO)(100000, 1);
	{	/* the tools, which never apply relocations, read it */
		struct umod_elf e;
		char err[256] = "";

		is_int(umod_elf_parse(&e, img, orig_len, UMOD_ELF_RELOCATABLE |
				      UMOD_ELF_NO_RELOCS, err, sizeof(err)), 0,
		       "a bad relocation is no concern of a reader that never applies it");
	}
	refuses(img, orig_len, "names symbol 100000", "relocation symbol out of range");
	img = copy(); i = find(img, SHT_RELOC);
	((reloc_t *)(img + shdr(img, i)->sh_offset))[0].r_offset = 1 << 30;
	refuses(img, orig_len, "past the end of", "relocation past its section");
	img = copy(); i = find(img, SHT_RELOC);
	shdr(img, i)->sh_type = SHT_RELOC == SHT_RELA ? SHT_REL : SHT_RELA;
	refuses(img, orig_len, "relocation entry size", "REL entries as RELA, or RELA as REL");
}

static void test_signature(void)
{
	static const char magic[] = UMOD_MODULE_SIG_STRING;
	struct umod_module_signature d = { .id_type = 2, .sig_len = __builtin_bswap32(5) };
	size_t len = orig_len + 5 + sizeof(d) + sizeof(magic) - 1;
	unsigned char *img = malloc(len);
	struct umod_sig_view v;

	memcpy(img, orig, orig_len);
	memcpy(img + orig_len, "SIGNA", 5);
	memcpy(img + orig_len + 5, &d, sizeof(d));
	memcpy(img + orig_len + 5 + sizeof(d), magic, sizeof(magic) - 1);
	is_int(umod_elf_strip_signature(img, len, &v), orig_len, "signature stripped to the ELF length");
	ok(v.blob_len == 5 && !memcmp(v.blob, "SIGNA", 5) && v.desc->id_type == 2,
	   "signature blob and descriptor found");
	is_int(umod_elf_strip_signature(orig, orig_len, NULL), orig_len, "unsigned file unchanged");
	d.sig_len = __builtin_bswap32(1u << 30);
	memcpy(img + orig_len + 5, &d, sizeof(d));
	is_int(umod_elf_strip_signature(img, len, NULL), len, "a lying signature length is ignored");
	free(img);
}

int main(int argc, char **argv)
{
	load_sample(argc > 1 ? argv[1] : getenv("UMOD_ELF_SAMPLE"));
	test_good();
	test_damage();
	test_signature();
	return done_testing();
}
