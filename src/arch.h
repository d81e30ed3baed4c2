/* SPDX-License-Identifier: MIT */
/*
 * arch.h - what each architecture gives the loader (src/arch/<arch>.c).
 *
 * Relocation is two-phase, as arm64 Linux does for its PLTs: before layout
 * the arch counts the GOT slots and branch stubs its relocations might
 * need, so layout can reserve them inside the module's own text and
 * rodata; after symbols are resolved it applies each relocation section.
 */
#ifndef UMOD_ARCH_H
#define UMOD_ARCH_H

#include <stddef.h>
#include <stdint.h>

struct load_info;

/* The ELF machine this build links. */
unsigned int arch_elf_machine(void);

/* What the machine's relocations need of GOT slots and stubs, and how
 * those look (src/arch/slots.h): each back end's own.  slots.c counts
 * and places them the same way for all, in the three steps below. */
struct slot_ops;
extern const struct slot_ops arch_slot_ops;

/* Before layout: size the stub area (text) and the GOT (rodata), and set
 * info->needs_low if an absolute 32-bit relocation needs the low 2 GiB. */
int arch_frob_sections(struct load_info *info, const struct slot_ops *ops,
		       size_t *stub_bytes, size_t *got_bytes);

/* After allocation: where the reserved areas are. */
void arch_place_stubs(struct load_info *info, void *stubs, void *got);

/* Apply one SHT_REL section (the addend is in the place), on the
 * machines whose modules have them; the others refuse the section, as
 * Linux's default apply_relocate does. */
#if defined(__i386__) || defined(__arm__)
#define UMOD_ARCH_HAS_REL 1
int arch_apply_relocate(struct load_info *info, unsigned int relsec);
#endif

/* Apply one SHT_RELA section; sechdrs[].sh_addr and syms[].st_value hold
 * final addresses.  Fails with a message naming the type and section.
 * Both walks are slots.h's, built into each back end with its own
 * apply_one. */
int arch_apply_relocate_add(struct load_info *info, unsigned int relsec);

/* One relocation of a section that is not loaded (debug info, for
 * gdbjit.c): writes S + A, or S + A - P, at loc, which has room bytes.
 * Returns the width written, or -ENOEXEC for a type with no meaning
 * there (GOT, PLT) or a value that does not fit. */
int arch_reloc_data(unsigned int type, unsigned char *loc, size_t room,
		    uint64_t S, int64_t A, uint64_t P);

/* Free the per-load state. */
void arch_load_free(struct load_info *info);

/* Point the calling thread's per-CPU register (x86-64: GS, i386: FS) at
 * base, or clear it with NULL; 0 or a negative errno.  arm64 and arm
 * have no register user space may set: the base is kept for the thread,
 * and the reads module code makes of the kernel's register are done for
 * it (traps.c's arch_emulate) from arch_percpu_base, which a signal
 * handler may call. */
int arch_set_percpu_base(void *base);
#if defined(__aarch64__) || defined(__arm__)
void *arch_percpu_base(void);
#endif

#endif /* UMOD_ARCH_H */
