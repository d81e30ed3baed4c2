// SPDX-License-Identifier: MIT
/*
 * elfmangle - damage one field of a good module, for the loader's error
 * tests.  The input must be a sane relocatable file of the host's class; the output is
 * the same file with one change:
 *
 *   elfmangle IN OUT truncate LEN		keep the first LEN bytes
 *   elfmangle IN OUT magic			e_ident "\177ELF" -> "\177EXF"
 *   elfmangle IN OUT class N			e_ident[EI_CLASS]
 *   elfmangle IN OUT machine N			e_machine
 *   elfmangle IN OUT type N			e_type
 *   elfmangle IN OUT shstrndx N		e_shstrndx
 *   elfmangle IN OUT sectype SEC N		sh_type of section SEC
 *   elfmangle IN OUT secoff SEC end		sh_offset of SEC: the file's end
 *   elfmangle IN OUT relsym SEC		first entry of SEC names a
 *						symbol past the table's end
 *   elfmangle IN OUT reloff SEC		first entry of SEC patches a
 *						place past its section's end
 *   elfmangle IN OUT reltype SEC N		first entry of SEC has type N
 *   elfmangle IN OUT symshndx SYM N		symbol SYM's section index
 *   elfmangle IN OUT modinfo KEY VALUE		rewrite a .modinfo value in
 *						place (no longer than before)
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"		/* shared/ */

static unsigned char *image;
static size_t size;

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fputs("elfmangle: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static ElfW(Ehdr) *ehdr(void)
{
	return (ElfW(Ehdr) *)image;
}

static ElfW(Shdr) *shdr(unsigned int i)
{
	return (ElfW(Shdr) *)(image + ehdr()->e_shoff) + i;
}

static const char *secname(unsigned int i)
{
	return (const char *)image + shdr(ehdr()->e_shstrndx)->sh_offset +
	       shdr(i)->sh_name;
}

static unsigned int section(const char *name)
{
	for (unsigned int i = 1; i < ehdr()->e_shnum; i++)
		if (!strcmp(secname(i), name))
			return i;
	die("no section %s", name);
}

static unsigned int symtab(void)
{
	for (unsigned int i = 1; i < ehdr()->e_shnum; i++)
		if (shdr(i)->sh_type == SHT_SYMTAB)
			return i;
	die("no symbol table");
}

/* The first entry of an SHT_RELA or SHT_REL section: both start alike. */
static ElfW(Rel) *first_rela(const char *sec)
{
	unsigned int i = section(sec);

	if ((shdr(i)->sh_type != SHT_RELA && shdr(i)->sh_type != SHT_REL) ||
	    shdr(i)->sh_size == 0)
		die("%s has no relocations", sec);
	return (ElfW(Rel) *)(image + shdr(i)->sh_offset);
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s)
		die("'%s' is not a number", s);
	return v;
}

static void set_modinfo(const char *key, const char *value)
{
	unsigned int i = section(".modinfo");
	char *p = (char *)image + shdr(i)->sh_offset;
	char *end = p + shdr(i)->sh_size;
	size_t klen = strlen(key);

	for (; p < end; p += strlen(p) + 1) {
		size_t old;

		if (strncmp(p, key, klen) || p[klen] != '=')
			continue;
		old = strlen(p + klen + 1);
		if (strlen(value) > old)
			die("'%s' is longer than '%s'", value, p + klen + 1);
		memset(p + klen + 1, 0, old);
		memcpy(p + klen + 1, value, strlen(value));
		return;
	}
	die("no %s= in .modinfo", key);
}

static void mangle(char **arg, int n)
{
	const char *op = arg[0];

	if (!strcmp(op, "truncate") && n == 2)
		size = num(arg[1]) < size ? num(arg[1]) : size;
	else if (!strcmp(op, "magic") && n == 1)
		image[EI_MAG2] = 'X';
	else if (!strcmp(op, "class") && n == 2)
		image[EI_CLASS] = num(arg[1]);
	else if (!strcmp(op, "machine") && n == 2)
		ehdr()->e_machine = num(arg[1]);
	else if (!strcmp(op, "type") && n == 2)
		ehdr()->e_type = num(arg[1]);
	else if (!strcmp(op, "shstrndx") && n == 2)
		ehdr()->e_shstrndx = num(arg[1]);
	else if (!strcmp(op, "sectype") && n == 3)
		shdr(section(arg[1]))->sh_type = num(arg[2]);
	else if (!strcmp(op, "secoff") && n == 3 && !strcmp(arg[2], "end"))
		shdr(section(arg[1]))->sh_offset = size;
	else if (!strcmp(op, "relsym") && n == 2) {
		ElfW(Rel) *r = first_rela(arg[1]);
		size_t nsyms = shdr(symtab())->sh_size / sizeof(ElfW(Sym));

		r->r_info = ELFW(R_INFO)(nsyms + 5, ELFW(R_TYPE)(r->r_info));
	} else if (!strcmp(op, "reloff") && n == 2) {
		ElfW(Rel) *r = first_rela(arg[1]);

		r->r_offset = shdr(shdr(section(arg[1]))->sh_info)->sh_size + 8;
	} else if (!strcmp(op, "reltype") && n == 3) {
		ElfW(Rel) *r = first_rela(arg[1]);

		r->r_info = ELFW(R_INFO)(ELFW(R_SYM)(r->r_info), num(arg[2]));
	} else if (!strcmp(op, "symshndx") && n == 3) {
		ElfW(Shdr) *st = shdr(symtab());
		ElfW(Sym) *sym = (ElfW(Sym) *)(image + st->sh_offset);
		const char *str = (const char *)image + shdr(st->sh_link)->sh_offset;
		size_t i, nsyms = st->sh_size / sizeof(*sym);

		for (i = 0; i < nsyms && strcmp(str + sym[i].st_name, arg[1]); i++)
			;
		if (i == nsyms)
			die("no symbol %s", arg[1]);
		sym[i].st_shndx = num(arg[2]);
	} else if (!strcmp(op, "modinfo") && n == 3)
		set_modinfo(arg[1], arg[2]);
	else
		die("unknown operation '%s' or wrong arguments", op);
}

int main(int argc, char **argv)
{
	FILE *in, *out;
	long len;

	if (argc < 4)
		die("usage: elfmangle IN OUT OPERATION [ARGS...]");
	in = fopen(argv[1], "rb");
	if (!in || fseek(in, 0, SEEK_END) || (len = ftell(in)) < 0 ||
	    fseek(in, 0, SEEK_SET))
		die("%s: %s", argv[1], strerror(errno));
	size = len;
	image = malloc(size);
	if (!image || fread(image, 1, size, in) != size)
		die("%s: read failed", argv[1]);
	fclose(in);
	if (size < sizeof(ElfW(Ehdr)) || memcmp(image, ELFMAG, SELFMAG) ||
	    image[EI_CLASS] != UMOD_ELF_CLASS)
		die("%s: not an ELF file of this machine's class", argv[1]);
	mangle(argv + 3, argc - 3);
	out = fopen(argv[2], "wb");
	if (!out || fwrite(image, 1, size, out) != size || fclose(out))
		die("%s: %s", argv[2], strerror(errno));
	free(image);
	return 0;
}
