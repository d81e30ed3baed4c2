// SPDX-License-Identifier: MIT
/*
 * gdbjit.c - modules for debuggers, through GDB's JIT interface.
 *
 * gdb puts a breakpoint on __jit_debug_register_code and, each time it is
 * hit, reads the entry __jit_debug_descriptor names: an ELF object in our
 * memory.  Attaching later, it walks the list.  For each module we build
 * one, as LLVM's JIT does: the module's own ET_REL file, each loaded
 * section's sh_addr set to its load address (gdb takes section addresses
 * from there; symbol values stay section-relative, as in any ET_REL), the
 * symbols kallsyms names, and the .debug_* sections copied from the file
 * and relocated against the load addresses, their .rela sections dropped
 * (gdb would relocate them again).  Loaded sections carry no bytes but
 * .eh_frame, which gdb unwinds with; the debug sections never go into
 * module memory.
 *
 * Freeing init memory, the object is registered again without the init
 * sections: their symbols are blanked, and the debug info's references to
 * them are set to the tombstones a linker writes for discarded code (0;
 * 1 in .debug_ranges and .debug_loc, where 0 0 ends a list), so gdb drops
 * those functions and lines as it does for code a linker collected.
 *
 * gdb has no "attached" flag: the object is built at every load.  It
 * costs a copy of the symbols and the debug info, and one pass over the
 * debug relocations.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch.h"
#include "internal.h"

/* GDB's interface, by its names and layout (gdb/jit.h, version 1). */
enum { JIT_NOACTION, JIT_REGISTER_FN, JIT_UNREGISTER_FN };

struct jit_code_entry {
	struct jit_code_entry *next_entry, *prev_entry;
	const char *symfile_addr;
	uint64_t symfile_size;
};

struct jit_descriptor {
	uint32_t version;
	uint32_t action_flag;
	struct jit_code_entry *relevant_entry, *first_entry;
};

__attribute__((visibility("default"), used))
struct jit_descriptor __jit_debug_descriptor = { 1, JIT_NOACTION, NULL, NULL };

/* gdb's breakpoint: it must stay a call, so never inline or fold it. */
__attribute__((visibility("default"), used, noinline))
void __jit_debug_register_code(void)
{
	__asm__ volatile("" ::: "memory");
}

static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

/* A debug-info field relocated against init code: its tombstone. */
struct init_ref {
	size_t off;			/* in the object */
	unsigned char width, tomb;
};

/* One block holds it all: this header, the object, the init refs. */
struct umod_jit {
	struct jit_code_entry entry;
	size_t block_len;
	unsigned char *obj;
	size_t len;
	struct init_ref *refs;
	size_t num_refs;
	bool has_init;
};

static void jit_notify(struct jit_code_entry *e, uint32_t action)
{
	__jit_debug_descriptor.relevant_entry = e;
	__jit_debug_descriptor.action_flag = action;
	__jit_debug_register_code();
	__jit_debug_descriptor.action_flag = JIT_NOACTION;
}

static void jit_link(struct umod_jit *jit)
{
	struct jit_code_entry *e = &jit->entry;

	e->symfile_addr = (const char *)jit->obj;
	e->symfile_size = jit->len;
	pthread_mutex_lock(&jit_lock);
	e->prev_entry = NULL;
	e->next_entry = __jit_debug_descriptor.first_entry;
	if (e->next_entry)
		e->next_entry->prev_entry = e;
	__jit_debug_descriptor.first_entry = e;
	jit_notify(e, JIT_REGISTER_FN);
	pthread_mutex_unlock(&jit_lock);
}

static void jit_unlink(struct umod_jit *jit)
{
	struct jit_code_entry *e = &jit->entry;

	pthread_mutex_lock(&jit_lock);
	if (e->prev_entry)
		e->prev_entry->next_entry = e->next_entry;
	else
		__jit_debug_descriptor.first_entry = e->next_entry;
	if (e->next_entry)
		e->next_entry->prev_entry = e->prev_entry;
	jit_notify(e, JIT_UNREGISTER_FN);
	pthread_mutex_unlock(&jit_lock);
}

/* ---- building the object ---- */

enum sec_kind { SEC_DROP, SEC_LOADED, SEC_EH_FRAME, SEC_DEBUG, SEC_SYMTAB,
		SEC_COPY };

struct builder {
	const struct load_info *info;
	struct umod_jit *jit;
	ElfW(Shdr) *shdrs;		/* the object's, in its block */
	size_t nsyms;			/* symbols kept, with the null one */
	bool debug;			/* carry the debug sections */
};

static bool is_init_name(const char *name)
{
	return !strncmp(name, ".init", 5);
}

/*
 * init_module and cleanup_module are aliases module_init and module_exit
 * make of the module's own functions.  kallsyms names an address by the
 * first symbol there, the module's own (locals come first); gdb and perf
 * would take the alias.  So they get the module's own name alone.
 */
bool gdbjit_entry_alias(const struct load_info *info, size_t idx)
{
	const ElfW(Sym) *sym = &info->elf.syms[idx];	/* as in the file */
	const char *name;

	/* Asked of every symbol twice a load: only a global can be one, and
	 * the first byte tells most from both names. */
	if (ELFW(ST_BIND)(sym->st_info) == STB_LOCAL)
		return false;
	name = umod_elf_sym_name(&info->elf, sym);
	if ((name[0] != 'i' || strcmp(name, "init_module")) &&
	    (name[0] != 'c' || strcmp(name, "cleanup_module")))
		return false;
	for (size_t i = 1; i < info->elf.nsyms; i++) {
		const ElfW(Sym) *o = &info->elf.syms[i];

		if (i != idx && o->st_name && o->st_shndx == sym->st_shndx &&
		    o->st_value == sym->st_value &&
		    ELFW(ST_TYPE)(o->st_info) == ELFW(ST_TYPE)(sym->st_info))
			return true;
	}
	return false;
}

/* load.c's kallsyms choice, init symbols included: what kallsyms names. */
static bool keep_symbol(const struct load_info *info, size_t idx)
{
	const ElfW(Sym) *sym = &info->elf.syms[idx];

	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= info->elf.shnum ||
	    !sym->st_name || ELFW(ST_TYPE)(sym->st_info) == STT_SECTION ||
	    ELFW(ST_TYPE)(sym->st_info) == STT_FILE)
		return false;
	if (!strncmp(umod_elf_sym_name(&info->elf, sym), ".L", 2))
		return false;
	return info->sec_type[sym->st_shndx] >= 0 && !gdbjit_entry_alias(info, idx);
}

static enum sec_kind section_kind(const struct builder *b, unsigned int i)
{
	const struct load_info *info = b->info;
	const ElfW(Shdr) *s = &info->sechdrs[i];
	const char *name = umod_elf_section_name(&info->elf, i);

	if (info->sec_type[i] >= 0)
		return !strcmp(name, ".eh_frame") && s->sh_type == SHT_PROGBITS ?
		       SEC_EH_FRAME : SEC_LOADED;
	if (i == info->elf.symtab)
		return SEC_SYMTAB;
	if (i == info->elf.shdrs[info->elf.symtab].sh_link ||
	    i == info->elf.ehdr->e_shstrndx)
		return SEC_COPY;
	if (b->debug && !strncmp(name, ".debug_", 7) &&
	    s->sh_type == SHT_PROGBITS && !(s->sh_flags & SHF_COMPRESSED))
		return SEC_DEBUG;
	return SEC_DROP;
}

static size_t count_symbols(const struct load_info *info)
{
	size_t n = 1;

	for (size_t i = 1; i < info->elf.nsyms; i++)
		n += keep_symbol(info, i);
	return n;
}

/* The relocation sections of carried debug sections, one by one. */
static unsigned int next_debug_rela(const struct builder *b, unsigned int i)
{
	const struct load_info *info = b->info;

	for (i++; i < info->elf.shnum; i++) {
		const ElfW(Shdr) *rs = &info->sechdrs[i];

		if ((rs->sh_type == SHT_RELA || rs->sh_type == SHT_REL) &&
		    rs->sh_info < info->elf.shnum &&
		    section_kind(b, rs->sh_info) == SEC_DEBUG)
			return i;
	}
	return 0;
}

static bool in_init(const struct load_info *info, const ElfW(Sym) *sym)
{
	return sym->st_shndx < info->elf.shnum && info->sec_type[sym->st_shndx] >= 0 &&
	       mod_mem_is_init(info->sec_type[sym->st_shndx]);
}

/* SHT_REL and SHT_RELA entries start alike: r_offset, r_info. */
static size_t reloc_entsize(unsigned int sh_type)
{
	return sh_type == SHT_REL ? sizeof(ElfW(Rel)) : sizeof(ElfW(Rela));
}

/* The addend: SHT_RELA's own, or SHT_REL's in the place, which on the
 * machines that have them (i386, arm) is a 32-bit word in debug info. */
static int64_t reloc_addend(const ElfW(Shdr) *rs, const ElfW(Rela) *r,
			    const unsigned char *loc, size_t room)
{
	int32_t a = 0;

	if (rs->sh_type == SHT_RELA)
		return (int64_t)r->r_addend;
	if (room >= 4)
		memcpy(&a, loc, 4);
	return a;
}

/* Debug-info fields relocated against init code: room for their refs. */
static size_t count_init_refs(const struct builder *b)
{
	const struct load_info *info = b->info;
	size_t n = 0;

	for (unsigned int i = next_debug_rela(b, 0); i; i = next_debug_rela(b, i)) {
		const ElfW(Shdr) *rs = &info->sechdrs[i];
		size_t entsize = reloc_entsize(rs->sh_type);

		for (size_t k = 0; k < rs->sh_size / entsize; k++) {
			const ElfW(Rel) *r = (const void *)(info->image + rs->sh_offset +
							    k * entsize);

			n += in_init(info, &info->syms[ELFW(R_SYM)(r->r_info)]);
		}
	}
	return n;
}

/* Section headers (into shdrs, if not NULL) and the object's size:
 * bytes follow the ELF header in section order, then the headers. */
static size_t layout_object(const struct builder *b, ElfW(Shdr) *shdrs)
{
	const struct load_info *info = b->info;
	size_t off = sizeof(ElfW(Ehdr));
	ElfW(Shdr) tmp;

	for (unsigned int i = 1; i < info->elf.shnum; i++) {
		ElfW(Shdr) *s = shdrs ? &shdrs[i] : &tmp;

		*s = info->sechdrs[i];
		s->sh_flags &= ~(ElfW(Xword))SHF_GROUP;
		switch (section_kind(b, i)) {
		case SEC_LOADED:
			s->sh_type = SHT_NOBITS;
			s->sh_offset = off;
			/* Empty, in a kind with no memory: at 0, where gdb
			 * would take 0 for an address, not a tombstone. */
			if (!s->sh_addr)
				s->sh_flags &= ~(ElfW(Xword))SHF_ALLOC;
			continue;
		case SEC_DROP:
			memset(s, 0, sizeof(*s));
			s->sh_name = info->sechdrs[i].sh_name;
			continue;
		case SEC_SYMTAB:
			s->sh_size = b->nsyms * sizeof(ElfW(Sym));
			s->sh_addr = 0;
			break;
		case SEC_EH_FRAME:
			break;
		default:
			s->sh_addr = 0;
		}
		off = (off + 7) & ~(size_t)7;
		s->sh_offset = off;
		off += s->sh_size;
	}
	return ((off + 7) & ~(size_t)7) + info->elf.shnum * sizeof(ElfW(Shdr));
}

/* Locals first, as ELF wants; sh_info is the first global. */
static void fill_symtab(struct builder *b, unsigned int sec)
{
	const struct load_info *info = b->info;
	ElfW(Sym) *out = (ElfW(Sym) *)(b->jit->obj + b->shdrs[sec].sh_offset);
	size_t n = 1;			/* the null symbol, zero already */

	for (int global = 0; global < 2; global++) {
		if (global)
			b->shdrs[sec].sh_info = n;
		for (size_t i = 1; i < info->elf.nsyms; i++) {
			const ElfW(Sym) *sym = &info->elf.syms[i];

			if ((ELFW(ST_BIND)(sym->st_info) != STB_LOCAL) != global ||
			    !keep_symbol(info, i))
				continue;
			out[n++] = *sym;	/* st_value section-relative */
		}
	}
}

/* Apply one .rela.debug_* section to the copy of its target; symbols
 * hold final addresses (info->syms), the debug sections sit at 0. */
static int relocate_debug(struct builder *b, unsigned int relsec)
{
	const struct load_info *info = b->info;
	const ElfW(Shdr) *rs = &info->sechdrs[relsec];
	unsigned int target = rs->sh_info;
	size_t entsize = reloc_entsize(rs->sh_type);
	size_t n = rs->sh_size / entsize, size = b->shdrs[target].sh_size;
	unsigned char *base = b->jit->obj + b->shdrs[target].sh_offset;
	const char *name = umod_elf_section_name(&info->elf, target);
	bool one = !strcmp(name, ".debug_ranges") || !strcmp(name, ".debug_loc");

	for (size_t k = 0; k < n; k++) {
		const ElfW(Rela) *r = (const void *)(info->image + rs->sh_offset + k * entsize);
		const ElfW(Sym) *sym = &info->syms[ELFW(R_SYM)(r->r_info)];
		int width;

		if (r->r_offset >= size)
			return -ENOEXEC;
		width = arch_reloc_data(ELFW(R_TYPE)(r->r_info), base + r->r_offset,
					size - r->r_offset, sym->st_value,
					reloc_addend(rs, r, base + r->r_offset, size - r->r_offset),
					r->r_offset);
		if (width < 0)
			return width;
		if (width && in_init(info, sym))
			b->jit->refs[b->jit->num_refs++] = (struct init_ref){
				base + r->r_offset - b->jit->obj, width, one };
	}
	return 0;
}

static int fill_sections(struct builder *b)
{
	const struct load_info *info = b->info;
	int ret;

	for (unsigned int i = 1; i < info->elf.shnum; i++) {
		const ElfW(Shdr) *s = &b->shdrs[i];
		unsigned char *dst = b->jit->obj + s->sh_offset;

		switch (section_kind(b, i)) {
		case SEC_EH_FRAME:	/* relocated, in module memory */
			memcpy(dst, (const void *)(uintptr_t)s->sh_addr, s->sh_size);
			break;
		case SEC_DEBUG:
		case SEC_COPY:
			memcpy(dst, info->image + info->sechdrs[i].sh_offset, s->sh_size);
			break;
		case SEC_SYMTAB:
			fill_symtab(b, i);
			break;
		case SEC_LOADED:
			if (is_init_name(umod_elf_section_name(&info->elf, i)))
				b->jit->has_init = true;
			break;
		default:
			break;
		}
	}
	for (unsigned int i = next_debug_rela(b, 0); i; i = next_debug_rela(b, i)) {
		ret = relocate_debug(b, i);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Blocks are mappings, not heap: debug info runs to megabytes, and a
 * block the size of a module's in the heap would move every allocation
 * after it (the robustness tests compare the heap to the byte).  One
 * freed block is kept for the next load, so loading and unloading in turn
 * costs no system call: a mapping each time cost 10 µs a cycle.
 */
static struct {
	void *p;
	size_t len;
} spare;			/* under jit_lock */

/* A zeroed block of at least *len bytes; *len becomes its size. */
static void *block_get(size_t *len)
{
	size_t want = *len;
	void *p = NULL;

	pthread_mutex_lock(&jit_lock);
	if (spare.p && spare.len >= want) {
		p = spare.p;
		*len = spare.len;
		spare.p = NULL;
	}
	pthread_mutex_unlock(&jit_lock);
	if (p) {
		memset(p, 0, want);
		return p;
	}
	p = umod_mmap(NULL, want, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Keep the larger of this block and the spare; unmap the other. */
static void block_put(void *p, size_t len)
{
	pthread_mutex_lock(&jit_lock);
	if (!spare.p || spare.len < len) {
		void *old = spare.p;
		size_t old_len = spare.len;

		spare.p = p;
		spare.len = len;
		p = old;
		len = old_len;
	}
	pthread_mutex_unlock(&jit_lock);
	if (p)
		munmap(p, len);
}

static void jit_free(struct umod_jit *jit)
{
	block_put(jit, jit->block_len);
}

/* Header, object and refs in one zero-filled block. */
static int build_object(struct builder *b)
{
	const struct load_info *info = b->info;
	size_t len = layout_object(b, NULL), refs = count_init_refs(b);
	size_t obj_off = (sizeof(struct umod_jit) + 15) & ~(size_t)15;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t block_len = obj_off + len + refs * sizeof(struct init_ref);
	struct umod_jit *jit;
	ElfW(Ehdr) *eh;
	int ret;

	block_len = (block_len + page - 1) & ~(page - 1);
	jit = block_get(&block_len);
	if (!jit)
		return -ENOMEM;
	jit->block_len = block_len;
	jit->obj = (unsigned char *)jit + obj_off;
	jit->len = len;
	jit->refs = (struct init_ref *)(jit->obj + len);	/* len is 8-aligned */
	b->jit = jit;
	b->shdrs = (ElfW(Shdr) *)(jit->obj + len - info->elf.shnum * sizeof(ElfW(Shdr)));
	layout_object(b, b->shdrs);
	eh = (ElfW(Ehdr) *)jit->obj;
	*eh = *info->elf.ehdr;
	eh->e_phoff = 0;
	eh->e_phnum = 0;
	eh->e_shoff = (unsigned char *)b->shdrs - jit->obj;
	eh->e_shnum = info->elf.shnum;
	eh->e_shentsize = sizeof(ElfW(Shdr));
	ret = fill_sections(b);
	if (ret) {
		jit_free(jit);
		b->jit = NULL;
	}
	return ret;
}

/* With the debug info, or, if it cannot be relocated, without it. */
static struct umod_jit *build_jit(const struct load_info *info, int *err)
{
	struct builder b = { .info = info, .debug = true };
	int ret;

	b.nsyms = count_symbols(info);
	ret = build_object(&b);
	if (ret == -ENOEXEC) {
		*err = ret;
		b.debug = false;
		ret = build_object(&b);
	}
	if (ret)
		*err = ret;
	return b.jit;
}

void gdbjit_register(struct load_info *info)
{
	int err = 0;
	struct umod_jit *jit = build_jit(info, &err);

	/* A debugging aid: the module loads without it. */
	if (err)
		umod_log(info->ctx, UMOD_LOG_WARNING, "%s: %s for debuggers: %s",
			 info->name, jit ? "no debug info" : "no symbols",
			 err == -ENOMEM ? "out of memory" :
			 "debug relocations not supported");
	if (!jit)
		return;
	info->mod->jit = jit;
	jit_link(jit);
}

static const char *obj_section_name(const struct umod_jit *jit, unsigned int i)
{
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)jit->obj;
	const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(jit->obj + eh->e_shoff);

	return (const char *)jit->obj + sh[eh->e_shstrndx].sh_offset + sh[i].sh_name;
}

static bool obj_init_section(const struct umod_jit *jit, unsigned int i)
{
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)jit->obj;
	const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(jit->obj + eh->e_shoff);

	return i && i < eh->e_shnum && sh[i].sh_flags & SHF_ALLOC &&
	       is_init_name(obj_section_name(jit, i));
}

/* Symbols first: they are told by their section's flags. */
static void blank_init_symbols(struct umod_jit *jit)
{
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)jit->obj;
	const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(jit->obj + eh->e_shoff);

	for (unsigned int i = 1; i < eh->e_shnum; i++) {
		ElfW(Sym) *sym = (ElfW(Sym) *)(jit->obj + sh[i].sh_offset);

		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		for (size_t k = 1; k < sh[i].sh_size / sizeof(*sym); k++)
			if (obj_init_section(jit, sym[k].st_shndx))
				memset(&sym[k], 0, sizeof(*sym));
	}
}

static void hide_init_sections(struct umod_jit *jit)
{
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)jit->obj;
	ElfW(Shdr) *sh = (ElfW(Shdr) *)(jit->obj + eh->e_shoff);

	for (unsigned int i = 1; i < eh->e_shnum; i++)
		if (obj_init_section(jit, i)) {
			sh[i].sh_flags &= ~(ElfW(Xword))SHF_ALLOC;
			sh[i].sh_addr = 0;
		}
}

/* Init memory is gone: blank what lay there, then tell gdb again.  gdb
 * read the object when told; between the two calls nothing reads it. */
void gdbjit_drop_init(struct module *mod)
{
	struct umod_jit *jit = mod->jit;

	if (!jit || !jit->has_init)
		return;
	jit_unlink(jit);
	blank_init_symbols(jit);
	hide_init_sections(jit);
	for (size_t k = 0; k < jit->num_refs; k++) {
		memset(jit->obj + jit->refs[k].off, 0, jit->refs[k].width);
		jit->obj[jit->refs[k].off] = jit->refs[k].tomb;	/* little-endian */
	}
	jit->has_init = false;
	jit_link(jit);
}

void gdbjit_unregister(struct module *mod)
{
	if (!mod->jit)
		return;
	jit_unlink(mod->jit);
	jit_free(mod->jit);
	mod->jit = NULL;
}
