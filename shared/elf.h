/* SPDX-License-Identifier: MIT */
/*
 * elf.h - a bounds-checked view of an ELF file of the host's word size, for
 * the loader and tools.
 *
 * umod_elf_parse checks everything later code relies on, once, so readers
 * can index sections, symbols and strings without checking again:
 * every section's bytes, every sh_link and sh_info, every symbol's name
 * and section index, every relocation's symbol index (unless the caller
 * says it never applies them).
 */
#ifndef UMOD_ELF_H
#define UMOD_ELF_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The loader reads modules of its own word size, as Linux does: ElfW(Sym)
 * is the 64-bit symbol on 64-bit hosts and the 32-bit one on 32-bit hosts
 * (<link.h>, in glibc and musl); ELFW(R_SYM) picks the macro likewise.
 */
#include <link.h>
#if UINTPTR_MAX > 0xffffffffu
#define UMOD_ELF_BITS	64
#define UMOD_ELF_CLASS	ELFCLASS64
#else
#define UMOD_ELF_BITS	32
#define UMOD_ELF_CLASS	ELFCLASS32
#endif
#define UMOD_ELFW_(w, t)	ELF##w##_##t
#define UMOD_ELFW(w, t)		UMOD_ELFW_(w, t)
#define ELFW(t)			UMOD_ELFW(UMOD_ELF_BITS, t)

/* Sections the loader asks for by name, found in one pass by parse. */
enum umod_elf_known {
	UMOD_SEC_MODINFO,		/* .modinfo */
	UMOD_SEC_VERSIONS,		/* __versions */
	UMOD_SEC_THIS_MODULE,		/* .gnu.linkonce.this_module */
	UMOD_SEC_PARAM,			/* __param */
	UMOD_SEC_KSYMTAB,		/* __ksymtab */
	UMOD_SEC_KSYMTAB_GPL,		/* __ksymtab_gpl */
	UMOD_SEC_KCRCTAB,		/* __kcrctab */
	UMOD_SEC_KCRCTAB_GPL,		/* __kcrctab_gpl */
	UMOD_SEC_BUG_TABLE,		/* __bug_table */
	UMOD_SEC_RO_AFTER_INIT,		/* .data..ro_after_init */
	UMOD_SEC_NUM_KNOWN,
};

struct umod_elf {
	const unsigned char *data;
	size_t size;
	const ElfW(Ehdr) *ehdr;
	const ElfW(Shdr) *shdrs;
	unsigned int shnum;
	const char *shstrtab;
	size_t shstrtab_size;
	unsigned int symtab;		/* section index; 0 if none */
	const ElfW(Sym) *syms;
	size_t nsyms;
	const char *strtab;
	size_t strtab_size;
	unsigned int known[UMOD_SEC_NUM_KNOWN];	/* section index; 0 if none */
};

/* The machine this build loads modules for. */
#if defined(__aarch64__)
#define UMOD_ELF_MACHINE	EM_AARCH64
#define UMOD_ELF_MACHINE_NAME	"AArch64"
#elif defined(__riscv) && __riscv_xlen == 64
#define UMOD_ELF_MACHINE	EM_RISCV
#define UMOD_ELF_MACHINE_NAME	"RISC-V"
#elif defined(__i386__)
#define UMOD_ELF_MACHINE	EM_386
#define UMOD_ELF_MACHINE_NAME	"Intel 80386"
#elif defined(__arm__)
#define UMOD_ELF_MACHINE	EM_ARM
#define UMOD_ELF_MACHINE_NAME	"ARM"
#else
#define UMOD_ELF_MACHINE	EM_X86_64
#define UMOD_ELF_MACHINE_NAME	"x86-64"
#endif

/* What the caller needs of the file. */
#define UMOD_ELF_RELOCATABLE	1u	/* ET_REL with one symbol table: a module */
#define UMOD_ELF_ANY_MACHINE	2u	/* the tools read modules of any arch */
#define UMOD_ELF_NO_RELOCS	4u	/* never applied: their check is skipped */

/* 0, or -ENOEXEC with the reason in err (no module name: the caller
 * knows what it is reading). */
int umod_elf_parse(struct umod_elf *elf, const void *data, size_t size,
		   unsigned int flags, char *err, size_t errlen);

const char *umod_elf_section_name(const struct umod_elf *elf, unsigned int idx);
/* Section index by name, or 0: the first of that name, as the scan
 * of umod_elf_find_section finds; umod_elf_known without a scan. */
unsigned int umod_elf_find_section(const struct umod_elf *elf, const char *name);
static inline unsigned int umod_elf_known(const struct umod_elf *elf,
					  enum umod_elf_known k)
{
	return elf->known[k];
}
/* Whether section idx has known section k's name. */
bool umod_elf_section_is(const struct umod_elf *elf, unsigned int idx,
			 enum umod_elf_known k);
/* The section's bytes, or NULL for SHT_NOBITS and index 0. */
const void *umod_elf_section_data(const struct umod_elf *elf, unsigned int idx,
				  size_t *size);
const char *umod_elf_sym_name(const struct umod_elf *elf, const ElfW(Sym) *sym);

/*
 * A signed module ends with the PKCS#7 blob, a struct module_signature and
 * the magic "~Module signature appended~\n".  Returns the length of the
 * ELF part (len when unsigned) and, if sig is not NULL, where the signature
 * blob and its descriptor are.
 */
#define UMOD_MODULE_SIG_STRING "~Module signature appended~\n"
/* It follows the signature, at any offset: packed, so reads need no
 * alignment. */
struct __attribute__((__packed__)) umod_module_signature {
	unsigned char algo;		/* public-key crypto algorithm */
	unsigned char hash;		/* digest algorithm */
	unsigned char id_type;		/* key identifier type: 2 is PKCS#7 */
	unsigned char signer_len;
	unsigned char key_id_len;
	unsigned char pad[3];
	unsigned int sig_len;		/* big-endian */
};
struct umod_sig_view {
	const struct umod_module_signature *desc;
	const unsigned char *blob;
	size_t blob_len;
};
size_t umod_elf_strip_signature(const void *data, size_t len,
				struct umod_sig_view *sig);

/*
 * .modinfo: "key=value" strings separated by NULs.  Calls cb for each
 * entry in file order; a non-zero return stops the walk and is returned.
 */
typedef int umod_modinfo_cb(const char *key, size_t keylen, const char *value,
			    void *arg);
int umod_modinfo_walk(const char *info, size_t size, umod_modinfo_cb *cb,
		      void *arg);
/* The index-th value for key, or NULL. */
const char *umod_modinfo_get(const char *info, size_t size, const char *key,
			     unsigned int index);

#endif /* UMOD_ELF_H */
