// SPDX-License-Identifier: MIT
/*
 * load.c - load_module, step by step, after Linux's kernel/module/main.c.
 *
 *   module_sig_check      strip an appended signature
 *   elf_validity_check    every offset, size, index and string in bounds
 *   setup_load_info       find .modinfo, the name, the special sections
 *   check_modstruct_version  built against this struct module (version.c)
 *   early_mod_check       vermagic, licence, a second module of that name
 *   layout_and_allocate   sections by kind into page-aligned W^X memory
 *   add_unformed_module   on the list, so the name is taken
 *   simplify_symbols      resolve imports; record dependencies
 *   apply_relocations     the arch patches each SHT_REL and SHT_RELA section
 *   complete_formation    exports into the index, protections, COMING
 *                         (a dry run stops here and unwinds)
 *   prepare_coming_module notifiers; parse_args
 *   do_init_module        init, LIVE, seal ro_after_init, free init memory
 *
 * A failure at any step unwinds all earlier ones, so the host is left as
 * it was.  The module lock is held only where the list, the symbol index
 * or dependencies change, never across init: init may load other modules.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch.h"
#include "internal.h"
#include "version.h"

#define ALIGN(x, a) (((x) + (a) - 1) & ~((size_t)(a) - 1))

static size_t page_size(void)
{
	static size_t ps;

	if (!ps)
		ps = (size_t)sysconf(_SC_PAGESIZE);
	return ps;
}

#define fail(info, err, ...) umod_fail((info)->ctx, (info)->name, err, __VA_ARGS__)

static int module_sig_check(struct load_info *info)
{
	const char *reason = NULL;
	int err = umod_module_sig_check(info->ctx, info->image, &info->len,
					info->flags, &info->sig_ok, &reason);

	if (err)
		return fail(info, err, "Loading of %s is rejected", reason);
	return 0;
}

static int elf_validity_check(struct load_info *info)
{
	char err[UMOD_ERRMSG_LEN];
	int ret;

	ret = umod_elf_parse(&info->elf, info->image, info->len,
			     UMOD_ELF_RELOCATABLE, err, sizeof(err));
	if (ret)
		return fail(info, ret, "invalid module format: %s", err);
	if (info->elf.ehdr->e_machine != arch_elf_machine())
		return fail(info, -ENOEXEC, "invalid module format: ELF machine %u",
			    info->elf.ehdr->e_machine);
	/* The loader writes addresses into section headers and symbols: into
	 * copies, for sections may overlap in the file (relocations over the
	 * headers, say) and what was validated must stay as it was. */
	info->sechdrs = umod_malloc(info->elf.shnum * sizeof(ElfW(Shdr)));
	info->syms = umod_malloc((info->elf.nsyms + 1) * sizeof(ElfW(Sym)));
	if (!info->sechdrs || !info->syms)
		return fail(info, -ENOMEM, "out of memory");
	memcpy(info->sechdrs, info->elf.shdrs, info->elf.shnum * sizeof(ElfW(Shdr)));
	if (info->elf.nsyms)
		memcpy(info->syms, info->elf.syms, info->elf.nsyms * sizeof(ElfW(Sym)));
	return 0;
}

/* Linux's this_module layout: state, list_head, then the name. */
#define THIS_MODULE_NAME_OFFSET 24

static bool valid_module_name(const char *name)
{
	size_t n = strnlen(name, MODULE_NAME_LEN);

	if (n == 0 || n == MODULE_NAME_LEN || name[0] == '.')
		return false;
	for (; *name; name++)
		if (*name == '/' || *name <= ' ' || *name == 0x7f)
			return false;
	return true;
}

/*
 * A module's own per-CPU variables (DEFINE_PER_CPU) are in .data..percpu,
 * which x86-64 code reaches %gs-relative: as Linux does, the loader lays
 * it out apart, in per-CPU memory, a copy for each CPU, and its symbols
 * are per-CPU pointers.  So on i386 (%fs) and arm (TPIDRPRW), whose
 * 32-bit addressing reaches a per-CPU pointer however it is made.
 * arm64's ADRP cannot reach one from the module: there it stays
 * ordinary data, as on RISC-V.
 */
static void find_pcpusec(struct load_info *info)
{
#if defined(__x86_64__) || defined(__i386__) || defined(__arm__)
	for (unsigned int i = 1; i < info->elf.shnum; i++) {
		if ((info->sechdrs[i].sh_flags & SHF_ALLOC) &&
		    !strcmp(umod_elf_section_name(&info->elf, i), ".data..percpu")) {
			info->index_pcpu = i;
			info->sechdrs[i].sh_flags &= ~(ElfW(Xword))SHF_ALLOC;
			return;
		}
	}
#endif
}

static int percpu_modalloc(struct load_info *info)
{
	const ElfW(Shdr) *s = &info->sechdrs[info->index_pcpu];
	size_t align = s->sh_addralign ? s->sh_addralign : 1;

	info->mod->percpu = NULL;
	if (!info->index_pcpu || !s->sh_size)
		return 0;
	if (align > UMOD_PERCPU_ALIGN_MAX) {
		umod_log(info->ctx, UMOD_LOG_WARNING, "%s: per-cpu alignment %zu > %d",
			 info->name, align, UMOD_PERCPU_ALIGN_MAX);
		align = UMOD_PERCPU_ALIGN_MAX;
	}
	info->mod->percpu = umod_percpu_alloc(s->sh_size, align);
	if (!info->mod->percpu)
		return fail(info, -ENOMEM, "Could not allocate %llu bytes percpu data",
			    (unsigned long long)s->sh_size);
	return 0;
}

/* Each CPU's copy starts as the file's (zeroed already if NOBITS). */
static void percpu_modcopy(struct load_info *info)
{
	const ElfW(Shdr) *s = &info->sechdrs[info->index_pcpu];
	const void *from;
	size_t size;

	if (!info->mod->percpu || s->sh_type == SHT_NOBITS)
		return;
	from = umod_elf_section_data(&info->elf, info->index_pcpu, &size);
	for (unsigned int cpu = 0; from && cpu < UMOD_NR_CPUS; cpu++)
		memcpy((char *)umod_percpu_offset(cpu) + (uintptr_t)info->mod->percpu,
		       from, size);
}

static int setup_load_info(struct load_info *info, const char *name_hint)
{
	struct umod_elf *e = &info->elf;
	unsigned int i;
	const char *name = NULL;
	size_t size;

	i = umod_elf_known(e, UMOD_SEC_MODINFO);
	if (i) {
		info->modinfo = umod_elf_section_data(e, i, &info->modinfo_len);
		info->sechdrs[i].sh_flags &= ~(ElfW(Xword))SHF_ALLOC;
		name = umod_modinfo_get(info->modinfo, info->modinfo_len, "name", 0);
	}
	i = umod_elf_known(e, UMOD_SEC_VERSIONS);
	if (i)
		info->sechdrs[i].sh_flags &= ~(ElfW(Xword))SHF_ALLOC;
	info->index_mod = umod_elf_known(e, UMOD_SEC_THIS_MODULE);
	find_pcpusec(info);
	if (!name && info->index_mod) {
		const char *p = umod_elf_section_data(e, info->index_mod, &size);

		if (p && size >= THIS_MODULE_NAME_OFFSET + MODULE_NAME_LEN &&
		    memchr(p + THIS_MODULE_NAME_OFFSET, '\0', MODULE_NAME_LEN))
			name = p + THIS_MODULE_NAME_OFFSET;
	}
	if (!name || !*name)
		name = name_hint;
	info->name = name ? name : "module";
	if (!name)
		return fail(info, -ENOEXEC, "no module name in .modinfo");
	if (!valid_module_name(name)) {
		/* Not in the message: it may hold a newline, a fake log line. */
		info->name = name_hint && valid_module_name(name_hint) ?
			     name_hint : "module";
		return fail(info, -ENOEXEC, "invalid module name");
	}
	return 0;
}

static const char *get_modinfo(const struct load_info *info, const char *key)
{
	return info->modinfo ?
		umod_modinfo_get(info->modinfo, info->modinfo_len, key, 0) : NULL;
}

/* Linux's license_is_gpl_compatible. */
static bool license_is_gpl_compatible(const char *license)
{
	static const char *const ok[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(license, ok[i]))
			return true;
	return false;
}

/* With symbol versions the release part may differ (Linux's same_magic). */
static bool same_magic(const char *a, const char *b, bool has_crcs)
{
	if (has_crcs) {
		a = strchr(a, ' ');
		b = strchr(b, ' ');
		if (!a || !b)
			return false;
	}
	return !strcmp(a, b);
}

struct found_module {
	const char *name;
	struct module *mod;
};

static int early_mod_check(struct load_info *info)
{
	struct umod_ctx *ctx = info->ctx;
	const char *magic = get_modinfo(info, "vermagic");
	const char *license = get_modinfo(info, "license");
	bool has_crcs = umod_elf_known(&info->elf, UMOD_SEC_VERSIONS) != 0;
	int ret = 0;

	if (info->flags & UMOD_INIT_IGNORE_VERMAGIC) {
		magic = NULL;
		umod_log(ctx, UMOD_LOG_WARNING, "%s: bad vermagic: kernel tainted.",
			 info->name);
	} else if (!magic)
		return fail(info, -ENOEXEC, "no version magic, refusing to load");
	module_lock(ctx);
	if (magic && !same_magic(magic, ctx->vermagic, has_crcs))
		ret = fail(info, -ENOEXEC, "version magic '%s' should be '%s'",
			   magic, ctx->vermagic);
	else if (find_module(ctx, info->name))
		ret = fail(info, -EEXIST, "module is already loaded");
	module_unlock(ctx);
	if (ret)
		return ret;
	info->gplok = license && license_is_gpl_compatible(license);
	if (!license)
		umod_log(ctx, UMOD_LOG_WARNING,
			 "%s: module license 'unspecified' taints kernel.", info->name);
	else if (!info->gplok)
		umod_log(ctx, UMOD_LOG_WARNING,
			 "%s: module license '%s' taints kernel.", info->name, license);
	return 0;
}

/* ---- layout ---- */

static bool is_init_section(const char *name)
{
	return !strncmp(name, ".init", 5);
}

/* Which memory section i goes to, by its flags, as Linux's masks do. */
static int section_mem_type(const struct load_info *info, unsigned int i)
{
	const ElfW(Shdr) *s = &info->sechdrs[i];
	bool init = is_init_section(umod_elf_section_name(&info->elf, i));

	if (!(s->sh_flags & SHF_ALLOC) || s->sh_type == SHT_NULL)
		return -1;
	if (s->sh_flags & SHF_EXECINSTR)
		return init ? MOD_INIT_TEXT : MOD_TEXT;
	if (umod_elf_section_is(&info->elf, i, UMOD_SEC_RO_AFTER_INIT))
		return MOD_RO_AFTER_INIT;
	/* The loader reads it for the module's life: out of reach of the
	 * module's stray writes, as in Linux (a PIE compiler makes it
	 * writable, for its pointers; relocation is done before W^X). */
	if (umod_elf_section_is(&info->elf, i, UMOD_SEC_PARAM))
		return MOD_RODATA;
	if (s->sh_flags & SHF_WRITE)
		return init ? MOD_INIT_DATA : MOD_DATA;
	return init ? MOD_INIT_RODATA : MOD_RODATA;
}

static size_t reserve(struct load_info *info, int type, size_t size, size_t align)
{
	size_t off = ALIGN(info->mem[type].size, align ? align : 1);

	info->mem[type].size = off + size;
	return off;
}

/* Past this a section cannot be laid out: sums of sizes cannot wrap. */
#define SECTION_MAX ((size_t)1 << (UMOD_ELF_BITS == 64 ? 40 : 30))

/* The loader reads these sections as arrays: align them for it, whatever
 * the file asks.  Any section may be aligned more than it asks. */
static size_t section_align(const struct load_info *info, unsigned int i)
{
	const struct umod_elf *e = &info->elf;
	size_t align = info->sechdrs[i].sh_addralign, need = 1;

	if (umod_elf_section_is(e, i, UMOD_SEC_PARAM))
		need = _Alignof(struct kernel_param);
	else if (umod_elf_section_is(e, i, UMOD_SEC_KSYMTAB) ||
		 umod_elf_section_is(e, i, UMOD_SEC_KSYMTAB_GPL))
		need = _Alignof(struct kernel_symbol);
	else if (umod_elf_section_is(e, i, UMOD_SEC_BUG_TABLE))
		need = _Alignof(struct bug_entry);
	return align > need ? align : need;
}

static int layout_sections(struct load_info *info)
{
	unsigned int n = info->elf.shnum;

	info->sec_type = umod_malloc(n * sizeof(*info->sec_type));
	info->sec_off = umod_malloc(n * sizeof(*info->sec_off));
	if (!info->sec_type || !info->sec_off)
		return fail(info, -ENOMEM, "out of memory");
	for (unsigned int i = 0; i < n; i++) {
		const ElfW(Shdr) *s = &info->sechdrs[i];

		info->sec_type[i] = i ? section_mem_type(info, i) : -1;
		if (info->sec_type[i] < 0)
			continue;
		if (s->sh_size > SECTION_MAX || s->sh_addralign > SECTION_MAX)
			return fail(info, -ENOMEM, "section %s is too large (%llu bytes, aligned to %llu)",
				    umod_elf_section_name(&info->elf, i),
				    (unsigned long long)s->sh_size,
				    (unsigned long long)s->sh_addralign);
		info->sec_off[i] = reserve(info, info->sec_type[i], s->sh_size,
					   section_align(info, i));
	}
	return 0;
}

/*
 * One arena block per group: [TEXT][RODATA][RO_AFTER_INIT][DATA][guard]
 * and [INIT_TEXT][INIT_RODATA][INIT_DATA][guard].  The core block starts
 * with [guard][struct module]: the loader's bookkeeping is out of reach
 * of a module's overrun or underrun of its data, which hits a PROT_NONE
 * page or read-only text and rodata and oopses, yet within reach of its
 * relocations to __this_module.  Without text and rodata between them a
 * guard page follows struct module too (head_guard).  Guard pages cost
 * address space, not memory, and no system call: they stay as reserved.
 */
static int allocate_block(struct load_info *info, int first, int last,
			  struct umod_block *block, size_t head, bool head_guard)
{
	size_t off = head, ps = page_size();
	unsigned char *base;
	int err;

	for (int t = first; t < last; t++) {
		info->mem[t].alloc = ALIGN(info->mem[t].size, ps);
		off += info->mem[t].alloc;
	}
	if (off == head && !head)
		return 0;
	base = umod_arena_reserve(off + ps, info->needs_low);
	if (!base)
		return fail(info, -ENOMEM, "cannot allocate %zu bytes of module memory%s",
			    off + ps, info->needs_low ? " below 2 GiB" : "");
	if (head && !head_guard)
		err = umod_arena_open(base + ps, off - ps);
	else
		err = umod_arena_open(base + head, off - head);
	if (!err && head && head_guard)
		err = umod_arena_open(base + ps, head - 2 * ps);
	if (err) {
		umod_arena_free(base, off + ps);
		return fail(info, -ENOMEM, "cannot protect module memory: %s",
			    strerror(-err));
	}
	block->part[0] = base;
	block->len[0] = off + ps;
	base += head;
	for (int t = first; t < last; t++) {
		info->mem[t].base = base;
		base += info->mem[t].alloc;
	}
	return 0;
}

/* Open [p, p+len) and close the guard page after it. */
static int open_guarded(unsigned char *p, size_t len)
{
	int err = umod_arena_open(p, len);

	return err ? err : umod_arena_protect(p + len, page_size(), PROT_NONE);
}

/*
 * In two views (arena.c) a group is three extents of one chunk: its text
 * and its rodata, ready at their protection and written alias bytes away,
 * and [struct module][guard][RO_AFTER_INIT][DATA][guard] for the core,
 * [INIT_DATA][guard] for init.  Data overrun and underrun hit a guard
 * page (or init-writable ro_after_init); struct module is apart from all
 * but its own module's data underrun.  Where a block freed before lay
 * the same way, opening and guarding change nothing: no system call.
 */
static int allocate_views(struct load_info *info, int first,
			  struct umod_block *block, size_t head)
{
	int text = first, ro = first + 1, data = first + 2;
	size_t ps = page_size(), body;
	ptrdiff_t alias;
	unsigned char *base;
	int err;

	for (int t = first; t < first + (first ? 3 : MOD_CORE_TYPES); t++)
		info->mem[t].alloc = ALIGN(info->mem[t].size, ps);
	if (!first) {
		data = MOD_RO_AFTER_INIT;
		body = info->mem[MOD_RO_AFTER_INIT].alloc + info->mem[MOD_DATA].alloc;
	} else {
		body = info->mem[data].alloc;
	}
	if (!head && !body && !info->mem[text].alloc && !info->mem[ro].alloc)
		return 0;
	block->len[UMOD_PART_TEXT] = info->mem[text].alloc;
	block->len[UMOD_PART_RODATA] = info->mem[ro].alloc;
	block->len[UMOD_PART_DATA] = head + (head && body ? ps : 0) + body +
				     (head || body ? ps : 0);
	if (umod_arena_reserve_parts(block, info->needs_low, &alias))
		return fail(info, -ENOMEM, "cannot allocate %zu bytes of module memory%s",
			    block->len[0] + block->len[1] + block->len[2],
			    info->needs_low ? " below 2 GiB" : "");
	base = block->part[UMOD_PART_DATA];
	err = head ? open_guarded(base, head) : 0;
	if (!err && body)
		err = open_guarded(base + head + (head ? ps : 0), body);
	if (err) {
		umod_arena_free_block(block);
		memset(block, 0, sizeof(*block));
		return fail(info, -ENOMEM, "cannot protect module memory: %s",
			    strerror(-err));
	}
	info->mem[text].base = block->part[UMOD_PART_TEXT];
	info->mem[text].alias = alias;
	info->mem[ro].base = block->part[UMOD_PART_RODATA];
	info->mem[ro].alias = alias;
	base += head + (head ? ps : 0);
	for (int t = data; t < (first ? MOD_MEM_NUM_TYPES : MOD_CORE_TYPES); t++) {
		info->mem[t].base = base;
		base += info->mem[t].alloc;
	}
	return 0;
}

static void copy_sections(struct load_info *info)
{
	for (unsigned int i = 1; i < info->elf.shnum; i++) {
		ElfW(Shdr) *s = &info->sechdrs[i];
		uintptr_t dest;

		if (info->sec_type[i] < 0)
			continue;
		/* Empty sections of an empty kind have no memory: address 0
		 * and nothing to copy, as in Linux. */
		dest = (uintptr_t)info->mem[info->sec_type[i]].base + info->sec_off[i];
		if (s->sh_type != SHT_NOBITS && s->sh_size)
			memcpy((void *)(dest + info->mem[info->sec_type[i]].alias),
			       info->image + s->sh_offset, s->sh_size);
		s->sh_addr = dest;
	}
}

/* struct module's pages and the guard pages before (and after) them. */
static size_t module_head(bool head_guard)
{
	return (1 + head_guard) * page_size() + ALIGN(sizeof(struct module), page_size());
}

/* Where each kind of init memory goes when it is folded into the core. */
static const int init_home[MOD_MEM_NUM_TYPES] = {
	[MOD_INIT_TEXT] = MOD_TEXT, [MOD_INIT_RODATA] = MOD_RODATA,
	[MOD_INIT_DATA] = MOD_DATA,
};

static size_t type_align(const struct load_info *info, int type)
{
	size_t align = 1, a;

	for (unsigned int i = 1; i < info->elf.shnum; i++)
		if (info->sec_type[i] == type && (a = section_align(info, i)) > align)
			align = a;
	return align;
}

/*
 * Init sections of a page or less in all go at the end of their core
 * counterparts, init text after text and so on: one block, and no
 * protection or free of their own.  Unlike Linux, their pages are not
 * given back after init, only forgotten (by kallsyms, by lookups of
 * addresses); it is at most a page.  fold[t] is init type t's offset in
 * its home, and home_size[] the homes' own sizes, restored once laid out.
 */
static bool fold_small_init(struct load_info *info, size_t *fold, size_t *home_size)
{
	size_t total = 0;

	for (int t = MOD_CORE_TYPES; t < MOD_MEM_NUM_TYPES; t++)
		total += info->mem[t].size;
	if (!total || total > page_size())
		return false;
	for (int t = MOD_CORE_TYPES; t < MOD_MEM_NUM_TYPES; t++) {
		home_size[t] = info->mem[init_home[t]].size;
		fold[t] = reserve(info, init_home[t], info->mem[t].size,
				  type_align(info, t));
	}
	return true;
}

static void place_folded_init(struct load_info *info, const size_t *fold,
			      const size_t *home_size)
{
	for (int t = MOD_CORE_TYPES; t < MOD_MEM_NUM_TYPES; t++) {
		struct module_memory *home = &info->mem[init_home[t]];

		home->size = home_size[t];
		info->mem[t].base = info->mem[t].size ?
				    (unsigned char *)home->base + fold[t] : NULL;
		info->mem[t].alias = home->alias;
		info->mem[t].alloc = 0;
	}
}

static int layout_and_allocate(struct load_info *info)
{
	size_t fold[MOD_MEM_NUM_TYPES], home_size[MOD_MEM_NUM_TYPES];
	struct module *mod;
	bool folded, head_guard, views;
	int ret;

	ret = arch_frob_sections(info, &arch_slot_ops, &info->stub_bytes,
				 &info->got_bytes);
	if (ret)
		return ret;
	ret = layout_sections(info);
	if (ret)
		return ret;
	info->stub_off = reserve(info, MOD_TEXT, info->stub_bytes, 16);
	info->got_off = reserve(info, MOD_RODATA, info->got_bytes, 8);
	folded = fold_small_init(info, fold, home_size);
	head_guard = !info->mem[MOD_TEXT].size && !info->mem[MOD_RODATA].size;
	views = umod_arena_two_views();
	if (views)
		ret = allocate_views(info, 0, &info->core_block,
				     ALIGN(sizeof(struct module), page_size()));
	else
		ret = allocate_block(info, 0, MOD_CORE_TYPES, &info->core_block,
				     module_head(head_guard), head_guard);
	if (ret)
		return ret;
	if (folded)
		place_folded_init(info, fold, home_size);
	else if (views)
		ret = allocate_views(info, MOD_CORE_TYPES, &info->init_block, 0);
	else
		ret = allocate_block(info, MOD_CORE_TYPES, MOD_MEM_NUM_TYPES,
				     &info->init_block, 0, false);
	if (ret) {
		umod_arena_free_block(&info->core_block);
		return ret;
	}
	copy_sections(info);
	/* A module may have no text or rodata at all: then no slots. */
	arch_place_stubs(info, info->mem[MOD_TEXT].base ?
			 info->mem[MOD_TEXT].base + info->stub_off : NULL,
			 info->mem[MOD_RODATA].base ?
			 info->mem[MOD_RODATA].base + info->got_off : NULL);

	mod = (struct module *)(views ? info->core_block.part[UMOD_PART_DATA] :
				info->core_block.part[0] + page_size());
	mod->ctx = info->ctx;
	mod->state = MODULE_STATE_UNFORMED;
	strcpy(mod->name, info->name);
	memcpy(mod->mem, info->mem, sizeof(mod->mem));
	mod->core_block = info->core_block;
	mod->init_block = info->init_block;
	mod->ref = NULL;	/* module_ref_alloc's */
	INIT_LIST_HEAD(&mod->list);
	INIT_LIST_HEAD(&mod->target_list);
	pthread_mutex_init(&mod->param_lock, NULL);
	info->mod = mod;
	info->name = mod->name;	/* messages outlive the image from here */
	return 0;
}

/* Its count, flags and users, in the context's dense table. */
static int alloc_module_ref(struct load_info *info)
{
	/* Loading on demand counts as a use: it survives one sweep. */
	unsigned int flags = info->flags & UMOD_INIT_AUTOCLEAN ?
			     UMOD_MOD_AUTOCLEAN | UMOD_MOD_VISITED : 0;

	if (module_ref_alloc(info->mod, flags))
		return fail(info, -ENOMEM, "out of memory");
	return 0;
}

static int add_unformed_module(struct load_info *info)
{
	struct umod_ctx *ctx = info->ctx;
	int ret = 0;

	module_lock(ctx);
	if (find_module(ctx, info->name))
		ret = fail(info, -EEXIST, "module is already loaded");
	else if (module_list_add(ctx, info->mod))
		ret = fail(info, -ENOMEM, "out of memory");
	module_unlock(ctx);
	return ret;
}

static void *section_objs(struct load_info *info, enum umod_elf_known name,
			  size_t objsize, unsigned int *num)
{
	unsigned int i = umod_elf_known(&info->elf, name);

	if (!i || info->sec_type[i] < 0) {
		*num = 0;
		return NULL;
	}
	*num = info->sechdrs[i].sh_size / objsize;
	return (void *)(uintptr_t)info->sechdrs[i].sh_addr;
}

static int find_module_sections(struct load_info *info)
{
	struct module *mod = info->mod;

	mod->kp = section_objs(info, UMOD_SEC_PARAM, sizeof(*mod->kp), &mod->num_kp);
	mod->ksyms = section_objs(info, UMOD_SEC_KSYMTAB, sizeof(*mod->ksyms),
				  &mod->num_ksyms);
	mod->gpl_ksyms = section_objs(info, UMOD_SEC_KSYMTAB_GPL, sizeof(*mod->ksyms),
				      &mod->num_gpl_ksyms);
	mod->bugs = section_objs(info, UMOD_SEC_BUG_TABLE, sizeof(*mod->bugs),
				 &mod->num_bugs);
	if (info->modinfo_len) {
		mod->modinfo = umod_malloc(info->modinfo_len);
		if (!mod->modinfo)
			return fail(info, -ENOMEM, "out of memory");
		memcpy(mod->modinfo, info->modinfo, info->modinfo_len);
		mod->modinfo_len = info->modinfo_len;
	}
	if (!info->gplok)
		mod->taints |= UMOD_TAINT_PROPRIETARY;
	if (info->flags & UMOD_INIT_FORCE)
		mod->taints |= UMOD_TAINT_FORCED;
	if (!info->sig_ok) {
		mod->taints |= UMOD_TAINT_UNSIGNED;
		if (umod_sig_configured(info->ctx) &&
		    !atomic_exchange(&info->ctx->sig_taint_told, true))
			umod_log(info->ctx, UMOD_LOG_NOTICE, "%s: module verification "
				 "failed: signature and/or required key missing - "
				 "tainting kernel", info->name);
	}
	return 0;
}

/* ---- symbols ---- */

/*
 * A load's imports are looked up a batch at a time, their misses
 * overlapped (symindex_find_many), where Linux resolves them one by one.
 * Each exporting module is referenced on its first import only: a set of
 * the owners seen spares the walk of its users that Linux's ref_module
 * makes at every import.
 */
#define IMPORT_BATCH	128

struct imports {
	struct symindex_query q[IMPORT_BATCH];
	size_t n, next;			/* looked up, resolved */
	size_t end;			/* the symbol after the batch's last */
	struct module **owners;		/* open addressing; NULL is free */
	size_t owners_mask, nowners;
};

/* The two undefined names the loader answers itself. */
static bool is_this_module(const ElfW(Sym) *sym, const char *name)
{
	/* The first byte spares most symbols the strcmp. */
	return ELFW(ST_TYPE)(sym->st_info) != STT_SECTION && name[0] == '_' &&
	       !strcmp(name, "__this_module");
}

/* The assembler names it in any object using GOTPCREL; the loader's GOT
 * is per symbol, so nothing refers to it. */
static bool is_got(const ElfW(Sym) *sym, const char *name)
{
	return sym->st_shndx == SHN_UNDEF && name[0] == '_' &&
	       !strcmp(name, "_GLOBAL_OFFSET_TABLE_");
}

static bool is_import(const ElfW(Sym) *sym, const char *name)
{
	return sym->st_shndx == SHN_UNDEF && !is_this_module(sym, name) &&
	       !is_got(sym, name);
}

/* The next batch: the imports among the symbols from first on. */
static void lookup_imports(const struct load_info *info, struct imports *im,
			   size_t first)
{
	const struct umod_elf *e = &info->elf;
	size_t i;

	im->n = im->next = 0;
	for (i = first; i < e->nsyms && im->n < IMPORT_BATCH; i++) {
		const char *name = umod_elf_sym_name(e, &info->syms[i]);

		if (is_import(&info->syms[i], name))
			im->q[im->n++].name = name;
	}
	im->end = i;
	symindex_find_many(&info->ctx->index, im->q, im->n);
}

/* The next import's lookup.  Its exporter's slot, which ref_owner
 * writes, lies in the dense table: no prefetch pays for itself. */
static const struct umod_ksym *next_import(struct imports *im, bool *live)
{
	const struct symindex_query *q = &im->q[im->next++];

	*live = q->live;
	return q->sym;
}

/* Where an owner's search starts: struct modules lie a few hundred bytes
 * apart, so their addresses' low bits are no hash. */
static size_t owner_home(const struct module *owner, size_t mask)
{
	return (size_t)(((uint64_t)(uintptr_t)owner * 0x9e3779b97f4a7c15ull) >> 40) & mask;
}

static int grow_owners(struct imports *im)
{
	size_t cap = im->owners ? (im->owners_mask + 1) * 2 : 4, i, j;
	struct module **owners = umod_calloc(cap, sizeof(*owners));

	if (!owners)
		return -ENOMEM;
	for (i = 0; im->owners && i <= im->owners_mask; i++) {
		if (!im->owners[i])
			continue;
		for (j = owner_home(im->owners[i], cap - 1); owners[j];
		     j = (j + 1) & (cap - 1))
			;
		owners[j] = im->owners[i];
	}
	free(im->owners);
	im->owners = owners;
	im->owners_mask = cap - 1;
	return 0;
}

/* mod uses k's owner: a reference on its first import from it. */
static int ref_owner(struct module *mod, struct imports *im,
		     const struct umod_ksym *k)
{
	struct module *owner = k->owner;
	size_t i;
	int ret;

	if (!owner)
		return 0;
	if ((im->nowners + 1) * 2 > im->owners_mask + 1 && (ret = grow_owners(im)))
		return ret;
	for (i = owner_home(owner, im->owners_mask); im->owners[i];
	     i = (i + 1) & im->owners_mask)
		if (im->owners[i] == owner)
			return 0;
	ret = use_module(mod, owner, module_ref_of(&mod->ctx->refs, k->owner_num));
	if (ret)
		return ret;
	im->owners[i] = owner;
	im->nowners++;
	return 0;
}

/* An import's address, or a negative errno: Linux's resolve_symbol. */
static int resolve_symbol(struct load_info *info, ElfW(Sym) *sym, const char *name,
			  struct imports *im)
{
	struct umod_ctx *ctx = info->ctx;
	bool live;
	const struct umod_ksym *k = next_import(im, &live);
	const void *addr;
	int ret;

	if (k && k->gpl && !info->gplok)
		return -ENOENT;		/* GPL-only: as if absent */
	if (k) {
		/* A module still loading may yet fail and vanish. */
		if (!live)
			return -EBUSY;
		if (!check_export_version(info, name, k))
			return -EINVAL;
		/* A dry run takes no references: it runs nothing. */
		ret = info->flags & UMOD_INIT_DRY_RUN ? 0 :
		      ref_owner(info->mod, im, k);
		if (ret)
			return ret;
		sym->st_value = (ElfW(Addr))(uintptr_t)k->addr;
		return 0;
	}
	addr = ctx->resolver ? ctx->resolver(name, ctx->resolver_arg) : NULL;
	if (addr) {
		sym->st_value = (ElfW(Addr))(uintptr_t)addr;
		return 0;
	}
	if (ELFW(ST_BIND)(sym->st_info) == STB_WEAK) {
		sym->st_value = 0;
		return 0;
	}
	return -ENOENT;
}

struct unknown {
	int count;
	int err;			/* the last one's, as Linux returns */
	char first[UMOD_ERRMSG_LEN];
};

/*
 * Each unknown symbol is a problem of its own, worded as Linux logs it,
 * and resolution goes on to the next.  A dry run links it as if the host
 * exported it, so that relocation is checked against a real host address.
 */
static void unknown_symbol(struct load_info *info, ElfW(Sym) *sym,
			   const char *name, int err, struct unknown *u)
{
	const struct umod_ksym *k = symindex_find(&info->ctx->index, name);

	umod_problem(info->ctx, "%s: Unknown symbol %s (err %d)", info->name,
		     name, err);
	if (k && k->gpl && !info->gplok)
		umod_problem(info->ctx, "%s: %s is GPL-only, and the module's "
			     "license is not GPL-compatible", info->name, name);
	if (!u->count++)
		snprintf(u->first, sizeof(u->first), "%s: Unknown symbol %s (err %d)",
			 info->name, name, err);
	u->err = err;
	if (info->flags & UMOD_INIT_DRY_RUN)
		sym->st_value = (ElfW(Addr))(uintptr_t)umod_builtin_symbols;
}

static int simplify_symbols_locked(struct load_info *info, struct imports *im)
{
	const struct umod_elf *e = &info->elf;
	struct unknown u = { 0 };
	int ret;

	for (size_t i = 1; i < e->nsyms; i++) {
		ElfW(Sym) *sym = &info->syms[i];
		const char *name = umod_elf_sym_name(e, sym);

		if (i == im->end)
			lookup_imports(info, im, i);
		if (is_this_module(sym, name)) {
			sym->st_value = (ElfW(Addr))(uintptr_t)info->mod;
			continue;
		}
		if (is_got(sym, name))
			continue;
		switch (sym->st_shndx) {
		case SHN_COMMON:
			return fail(info, -ENOEXEC,
				    "common symbol %s: please compile with -fno-common", name);
		case SHN_ABS:
			break;
		case SHN_UNDEF:
			ret = resolve_symbol(info, sym, name, im);
			if (ret)
				unknown_symbol(info, sym, name, ret, &u);
			break;
		default:
			/* SHN_LOPROC and up: large COMMON (SHN_X86_64_LCOMMON)... */
			if (sym->st_shndx >= e->shnum)
				return fail(info, -ENOEXEC,
					    "symbol %s: section index %#x not supported",
					    name, sym->st_shndx);
			if (info->index_pcpu && sym->st_shndx == info->index_pcpu)
				sym->st_value += (uintptr_t)info->mod->percpu;
			else if (info->sec_type[sym->st_shndx] >= 0)
				sym->st_value += info->sechdrs[sym->st_shndx].sh_addr;
			break;
		}
	}
	/* Each is logged already: the caller's message sums them up. */
	if (u.count > 1)
		umod_set_errmsg("%s, and %d more", u.first, u.count - 1);
	else if (u.count)
		umod_set_errmsg("%s", u.first);
	if (u.count && info->flags & UMOD_INIT_DRY_RUN) {
		info->dry_run_err = u.err;	/* go on: relocate, check exports */
		return 0;
	}
	return u.err;
}

static int simplify_symbols(struct load_info *info)
{
	struct umod_ctx *ctx = info->ctx;
	struct imports im = { .end = 1 };
	int ret;

	module_lock(ctx);
	ret = simplify_symbols_locked(info, &im);
	module_unlock(ctx);
	free(im.owners);
	return ret;
}

static int apply_relocate(struct load_info *info, unsigned int relsec)
{
#ifdef UMOD_ARCH_HAS_REL
	return arch_apply_relocate(info, relsec);
#else
	return fail(info, -ENOEXEC, "REL relocation unsupported in %s",
		    umod_elf_section_name(&info->elf, relsec));
#endif
}

static int apply_relocations(struct load_info *info)
{
	for (unsigned int i = 1; i < info->elf.shnum; i++) {
		const ElfW(Shdr) *s = &info->sechdrs[i];
		int ret;

		if ((s->sh_type != SHT_RELA && s->sh_type != SHT_REL) ||
		    info->sec_type[s->sh_info] < 0)
			continue;	/* relocations of debug info, say */
		if (s->sh_type == SHT_REL)
			ret = apply_relocate(info, i);
		else
			ret = arch_apply_relocate_add(info, i);
		if (ret)
			return ret;
	}
	return 0;
}

/* What relocation wrote into code is data until the instruction cache
 * sees it: arm64 and RISC-V need it cleaned, x86 does nothing. */
static void flush_module_icache(const struct load_info *info)
{
	static const int text[] = { MOD_TEXT, MOD_INIT_TEXT };

	for (size_t i = 0; i < sizeof(text) / sizeof(*text); i++) {
		unsigned char *base = info->mem[text[i]].base;

		if (base)
			__builtin___clear_cache((char *)base, (char *)base + info->mem[text[i]].size);
	}
}

static char kallsyms_type(const struct load_info *info, const ElfW(Sym) *sym)
{
	char c;

	switch (info->sec_type[sym->st_shndx]) {
	case MOD_TEXT: case MOD_INIT_TEXT: c = 't'; break;
	case MOD_RODATA: case MOD_INIT_RODATA: c = 'r'; break;
	default:
		c = info->sechdrs[sym->st_shndx].sh_type == SHT_NOBITS ? 'b' : 'd';
	}
	if (ELFW(ST_BIND)(sym->st_info) != STB_LOCAL)
		c -= 'a' - 'A';
	return c;
}

/* Assembler-local labels (.LC0), and arm64's and RISC-V's mapping
 * symbols ($x code, $d data), name no object of their own: Linux's
 * is_mapping_symbol. */
static bool is_mapping_symbol(const char *str)
{
	if (str[0] == '.' && str[1] == 'L')
		return true;
	return str[0] == '$' && strchr("adtx", str[1]) && str[1] &&
	       (str[2] == '\0' || str[2] == '.');
}

/* The memory type a symbol lies in, or -1 for one kallsyms skips. */
static int kallsym_mem(const struct load_info *info, const ElfW(Sym) *sym)
{
	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= info->elf.shnum ||
	    !sym->st_name || ELFW(ST_TYPE)(sym->st_info) == STT_SECTION ||
	    ELFW(ST_TYPE)(sym->st_info) == STT_FILE)
		return -1;
	if (is_mapping_symbol(umod_elf_sym_name(&info->elf, sym)))
		return -1;
	return info->sec_type[sym->st_shndx];
}

static void add_kallsym(struct module *mod, const struct load_info *info,
			const ElfW(Sym) *sym, size_t *off)
{
	const char *name = umod_elf_sym_name(&info->elf, sym);
	struct umod_kallsym *k = &mod->kallsyms[mod->num_kallsyms +
						mod->num_init_kallsyms];

	k->addr = sym->st_value;
	k->type = kallsyms_type(info, sym);
	k->name = *off;
	strcpy(mod->kallsyms_names + *off, name);
	*off += strlen(name) + 1;
}

/*
 * Keep the symbols for kallsyms: core ones for the module's life, init
 * ones after them until init memory goes, so an oops or %pS in init
 * names its function, as Linux's full symtab does until then.
 */
static int layout_symtab(struct load_info *info)
{
	struct module *mod = info->mod;
	const struct umod_elf *e = &info->elf;
	size_t n = 0, names = 0, off = 0;

	for (size_t i = 1; i < e->nsyms; i++)
		if (kallsym_mem(info, &info->syms[i]) >= 0) {
			n++;
			names += strlen(umod_elf_sym_name(e, &info->syms[i])) + 1;
		}
	if (!n)
		return 0;
	mod->kallsyms = umod_malloc(n * sizeof(*mod->kallsyms));
	mod->kallsyms_names = umod_malloc(names);
	if (!mod->kallsyms || !mod->kallsyms_names)
		return fail(info, -ENOMEM, "out of memory");
	for (size_t i = 1; i < e->nsyms; i++) {
		int t = kallsym_mem(info, &info->syms[i]);

		if (t >= 0 && !mod_mem_is_init(t)) {
			add_kallsym(mod, info, &info->syms[i], &off);
			mod->num_kallsyms++;
		}
	}
	for (size_t i = 1; i < e->nsyms; i++)
		if (mod_mem_is_init(kallsym_mem(info, &info->syms[i]))) {
			add_kallsym(mod, info, &info->syms[i], &off);
			mod->num_init_kallsyms++;
		}
	return 0;
}

static void find_entry_points(struct load_info *info)
{
	const struct umod_elf *e = &info->elf;

	for (size_t i = 1; i < e->nsyms; i++) {
		const ElfW(Sym) *sym = &info->syms[i];
		const char *name;

		if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= e->shnum ||
		    ELFW(ST_BIND)(sym->st_info) == STB_LOCAL ||
		    info->sec_type[sym->st_shndx] < 0)
			continue;
		name = umod_elf_sym_name(e, sym);
		if (name[0] == 'i' && !strcmp(name, "init_module"))
			info->mod->init = (int (*)(void))(uintptr_t)sym->st_value;
		else if (name[0] == 'c' && !strcmp(name, "cleanup_module"))
			info->mod->exit = (void (*)(void))(uintptr_t)sym->st_value;
	}
}

struct init_call {
	int (*init)(void);
	int ret;
};

static void call_init(void *arg)
{
	struct init_call *c = arg;

	c->ret = c->init();
}

/* An oops in init: left COMING, as Linux leaves it; only rmmod -f goes. */
static int died(struct module *mod, int err)
{
	atomic_fetch_or(&mod->ref->flags, UMOD_MOD_DIED);
	umod_log(mod->ctx, UMOD_LOG_ERR, "%s", umod_errmsg());
	return err;
}

/* ---- formation ---- */

static int protect(struct module *mod, int type, int prot)
{
	struct module_memory *m = &mod->mem[type];

	return m->alloc ? umod_arena_protect(m->base, m->alloc, prot) : 0;
}

/*
 * W^X before any module code runs; ro_after_init stays writable for init.
 * mprotect fails when the kernel cannot split a mapping (ENOMEM): the load
 * fails, and freeing the memory resets what was protected.
 */
static int module_enable_protections(struct load_info *info)
{
	static const struct { int type, prot; } w_x[] = {
		{ MOD_TEXT, PROT_READ | PROT_EXEC }, { MOD_RODATA, PROT_READ },
		{ MOD_INIT_TEXT, PROT_READ | PROT_EXEC }, { MOD_INIT_RODATA, PROT_READ },
	};
	int ret;

	for (size_t i = 0; i < sizeof(w_x) / sizeof(w_x[0]); i++) {
		ret = protect(info->mod, w_x[i].type, w_x[i].prot);
		if (ret)
			return fail(info, ret, "cannot protect module memory: %s",
				    strerror(-ret));
	}
	return 0;
}

/* An export's name is read by every lookup for as long as it is indexed:
 * it must be a string in the module's core memory. */
static bool core_string(const struct load_info *info, uintptr_t p)
{
	for (unsigned int i = 1; i < info->elf.shnum; i++) {
		const ElfW(Shdr) *s = &info->sechdrs[i];
		int t = info->sec_type[i];

		if (t < 0 || mod_mem_is_init(t) || p < s->sh_addr ||
		    p - s->sh_addr >= s->sh_size)
			continue;
		return memchr((const void *)p, '\0', s->sh_addr + s->sh_size - p);
	}
	return false;
}

#define CONTROL_CHARS "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b" \
	"\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b" \
	"\x1c\x1d\x1e\x1f\x20\x7f"

static int verify_export_names(struct load_info *info,
			       const struct kernel_symbol *ks, unsigned int n,
			       const char *table)
{
	for (unsigned int i = 0; i < n; i++) {
		/* In integers until checked: a wild offset is no pointer. */
		uintptr_t at = (uintptr_t)&ks[i].name_offset +
			       (uintptr_t)(intptr_t)ks[i].name_offset;
		const char *name = (const char *)at;

		if (!core_string(info, at))
			return fail(info, -ENOEXEC, "%s entry %u: name outside the module",
				    table, i);
		/* A newline in it would forge a line of kallsyms or ksyms. */
		if (!*name || name[strcspn(name, CONTROL_CHARS)])
			return fail(info, -ENOEXEC, "%s entry %u: name empty or "
				    "with a blank or control character", table, i);
	}
	return 0;
}

/* A module without the section has ks NULL, and NULL + 0 is undefined.
 * The CRCs, __kcrctab(_gpl), are one per export, in the same order. */
static int add_exports(struct load_info *info, const struct kernel_symbol *ks,
		       unsigned int n, bool gpl)
{
	enum umod_elf_known crctab = gpl ? UMOD_SEC_KCRCTAB_GPL : UMOD_SEC_KCRCTAB;
	unsigned int num_crcs = 0;
	const int32_t *crcs;
	char err[UMOD_ERRMSG_LEN];
	int ret;

	if (!n)
		return 0;
	crcs = section_objs(info, crctab, sizeof(*crcs), &num_crcs);
	if (num_crcs && num_crcs != n)
		return fail(info, -ENOEXEC, "%s has %u entries for %u exports",
			    gpl ? "__kcrctab_gpl" : "__kcrctab", num_crcs, n);
	ret = add_kernel_symbols_crc(info->ctx, ks, ks + n, gpl,
				     num_crcs ? crcs : NULL, info->mod, err,
				     sizeof(err));
	return ret ? fail(info, ret, "%s", err) : 0;
}

static int verify_and_add_exports(struct load_info *info)
{
	struct module *mod = info->mod;
	int ret;

	/* Both tables first: undoing the first reads the second's names. */
	ret = verify_export_names(info, mod->ksyms, mod->num_ksyms, "__ksymtab");
	if (!ret)
		ret = verify_export_names(info, mod->gpl_ksyms, mod->num_gpl_ksyms,
					  "__ksymtab_gpl");
	if (!ret)
		ret = add_exports(info, mod->ksyms, mod->num_ksyms, false);
	if (ret)
		return ret;
	ret = add_exports(info, mod->gpl_ksyms, mod->num_gpl_ksyms, true);
	if (ret)
		module_remove_exports(mod);
	return ret;
}

static int complete_formation(struct load_info *info)
{
	struct umod_ctx *ctx = info->ctx;
	int ret;

	/* Protect first: once exported, its code may be looked up. */
	ret = module_enable_protections(info);
	if (ret)
		return ret;
	module_lock(ctx);
	pthread_rwlock_wrlock(&ctx->index_lock);
	ret = verify_and_add_exports(info);
	pthread_rwlock_unlock(&ctx->index_lock);
	if (!ret)
		set_module_state(info->mod, MODULE_STATE_COMING);
	module_unlock(ctx);
	return ret;
}

static int prepare_coming_module(struct load_info *info)
{
	int ret = umod_notify(info->ctx, info->mod, MODULE_STATE_COMING);

	if (ret)
		return fail(info, ret < 0 ? ret : -EPERM, "refused by a notifier");
	return 0;
}

static int parse_module_args(struct load_info *info, const char *params)
{
	struct module *mod = info->mod;
	char err[UMOD_ERRMSG_LEN];
	int ret;

	mod->args = umod_strdup(params ? params : "");
	if (!mod->args)
		return fail(info, -ENOMEM, "out of memory");
	ret = umod_parse_args(mod->name, mod->args, mod->kp, mod->num_kp,
			      err, sizeof(err));
	if (ret) {
		umod_set_errmsg("%s", err);
		umod_log(info->ctx, UMOD_LOG_ERR, "%s", err);
	}
	return ret;
}

/* Lookups by address forget init memory before it goes. */
static void free_init_memory(struct module *mod)
{
	struct umod_block block = mod->init_block;

	pthread_rwlock_wrlock(&umod_contexts_lock);
	memset(&mod->init_block, 0, sizeof(mod->init_block));
	for (int t = MOD_CORE_TYPES; t < MOD_MEM_NUM_TYPES; t++)
		memset(&mod->mem[t], 0, sizeof(mod->mem[t]));
	mod->num_init_kallsyms = 0;
	pthread_rwlock_unlock(&umod_contexts_lock);
	umod_arena_free_block(&block);
}

static int do_init_module(struct load_info *info)
{
	struct module *mod = info->mod;
	struct umod_ctx *ctx = info->ctx;
	struct init_call call = { mod->init, 0 };
	int ret;

	if (mod->init && umod_call_guarded(mod, "init", call_init, &call))
		return died(mod, -EFAULT);
	ret = call.ret;
	if (ret < 0)
		return fail(info, ret, "init failed: %s", strerror(-ret));
	if (ret > 0)
		umod_log(ctx, UMOD_LOG_WARNING,
			 "%s: init returned %d, should be 0 or a negative errno",
			 mod->name, ret);
	module_lock(ctx);
	set_module_state(mod, MODULE_STATE_LIVE);
	/* Init has run: too late to fail, as Linux only warns here. */
	ret = protect(mod, MOD_RO_AFTER_INIT, PROT_READ);
	if (ret)
		umod_log(ctx, UMOD_LOG_WARNING,
			 "%s: cannot seal ro_after_init data: %s", mod->name,
			 strerror(-ret));
	/* Debuggers and profilers forget init code before it goes. */
	gdbjit_drop_init(mod);
	perfmap_drop_init(mod);
	free_init_memory(mod);
	module_unlock(ctx);
	umod_notify(ctx, mod, MODULE_STATE_LIVE);
	return 0;
}

/* ---- the whole ---- */

static void unlink_module(struct load_info *info)
{
	struct umod_ctx *ctx = info->ctx;
	struct module *mod = info->mod;

	module_lock(ctx);
	pthread_rwlock_wrlock(&ctx->index_lock);
	if (mod->state != MODULE_STATE_UNFORMED)
		module_remove_exports(mod);
	pthread_rwlock_unlock(&ctx->index_lock);
	module_unload_free(mod);
	module_list_del(mod);
	module_unlock(ctx);
}

static int load_module(struct load_info *info, const char *params,
		       const char *name_hint, struct module **out)
{
	struct module *mod;
	int ret;

	ret = module_sig_check(info);
	if (!ret)
		ret = elf_validity_check(info);
	if (!ret)
		ret = setup_load_info(info, name_hint);
	if (!ret)
		ret = check_modstruct_version(info);
	if (!ret)
		ret = early_mod_check(info);
	if (!ret)
		ret = layout_and_allocate(info);
	if (ret)
		return ret;
	mod = info->mod;
	ret = alloc_module_ref(info);
	if (ret)
		goto free_memory;
	ret = percpu_modalloc(info);
	if (ret)
		goto free_memory;
	ret = add_unformed_module(info);
	if (ret)
		goto free_memory;
	ret = find_module_sections(info);
	if (ret)
		goto unlink;
	check_export_symbol_versions(info);
	ret = simplify_symbols(info);
	if (ret)
		goto unlink;
	ret = apply_relocations(info);
	if (ret)
		goto unlink;
	percpu_modcopy(info);
	flush_module_icache(info);
	find_entry_points(info);
	ret = layout_symtab(info);
	if (ret)
		goto unlink;
	ret = complete_formation(info);
	if (ret)
		goto unlink;
	if (info->flags & UMOD_INIT_DRY_RUN) {
		/* Linked and checked: undone as a failed load is, nothing run. */
		ret = info->dry_run_err;
		goto unlink;
	}
	ret = add_sect_attrs(info);
	if (ret)
		goto unlink;
	/* Debuggers and profilers see it before its init runs. */
	gdbjit_register(info);
	perfmap_add(info);
	ret = prepare_coming_module(info);
	if (ret)
		goto unlink;	/* the notifiers told have been told GOING */
	ret = parse_module_args(info, params);
	if (ret)
		goto going;
	ret = do_init_module(info);
	if (ret && module_died(mod))
		return ret;	/* an oops: nothing of it is undone */
	if (ret)
		goto going;
	if (out)
		*out = mod;
	return 0;

going:
	/* Under the lock, as every state change: readers there use plain loads. */
	module_lock(info->ctx);
	set_module_state(mod, MODULE_STATE_GOING);
	module_unlock(info->ctx);
	umod_notify(info->ctx, mod, MODULE_STATE_GOING);
unlink:
	unlink_module(info);
free_memory:
	free_module(mod);
	return ret;
}

/* image is only read; owned, it is freed after. */
static int load_private_image(struct umod_ctx *ctx, const unsigned char *image,
			      bool owned, size_t len, const char *params,
			      unsigned int flags, const char *name_hint,
			      struct module **out)
{
	struct load_info info = { .ctx = ctx, .image = image, .len = len,
				  .flags = flags, .name = name_hint };
	int ret;

	umod_clear_errmsg();
	ret = umod_percpu_enter(ctx, name_hint);
	if (!ret)
		ret = load_module(&info, params, name_hint, out);
	arch_load_free(&info);
	free(info.sechdrs);
	free(info.syms);
	free(info.sec_type);
	free(info.sec_off);
	if (owned)
		free((void *)image);
	return ret;
}

/*
 * Linux copies the image from user memory, which another thread may
 * change under it; a host's own buffer is no such boundary (it is the
 * kernel here), so the loader reads it in place: a megabyte not copied.
 * Files and descriptors are read into a buffer of the loader's own.
 */
int umod_load_image(struct umod_ctx *ctx, const void *image, size_t len,
		    const char *params, unsigned int flags, struct module **out)
{
	return load_private_image(ctx, image, false, len, params, flags, NULL, out);
}

/* The whole file from offset 0, wherever the fd stands: finit_module's
 * contract, so a caller need not rewind.  At most INT_MAX bytes, as
 * finit_module's kernel_read_file reads: EFBIG before reading any more
 * (a sparse 2 GiB file would otherwise cost 2 GiB). */
static int read_fd(int fd, unsigned char **image, size_t *len)
{
	struct stat st;
	size_t got = 0, cap;
	unsigned char *buf;

	if (fstat(fd, &st))
		return -errno;
	if (st.st_size > INT_MAX)
		return -EFBIG;
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode) && st.st_size == 0)
		cap = 1 << 16;
	else
		cap = (size_t)st.st_size + 1;
	buf = umod_malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n = umod_pread(fd, buf + got, cap - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;
			free(buf);
			return err;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > INT_MAX) {	/* it grew as we read */
			free(buf);
			return -EFBIG;
		}
		if (got == cap) {
			unsigned char *nb = umod_realloc(buf, cap *= 2);

			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
	}
	*image = buf;
	*len = got;
	return 0;
}

static int load_fd_named(struct umod_ctx *ctx, int fd, const char *params,
			 unsigned int flags, const char *name_hint,
			 struct module **out)
{
	unsigned char *image = NULL;
	size_t len = 0;
	int ret = read_fd(fd, &image, &len);

	if (ret)
		return umod_fail(ctx, name_hint, ret, "cannot read module: %s",
				 strerror(-ret));
	return load_private_image(ctx, image, true, len, params, flags, name_hint, out);
}

int umod_load_fd(struct umod_ctx *ctx, int fd, const char *params,
		 unsigned int flags, struct module **out)
{
	return load_fd_named(ctx, fd, params, flags, NULL, out);
}

/* "/lib/foo-bar.ko.xz" names module foo_bar, as kmod derives names. */
static void name_from_path(const char *path, char *name, size_t len)
{
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	for (i = 0; i + 1 < len && base[i] && base[i] != '.'; i++)
		name[i] = base[i] == '-' ? '_' : base[i];
	name[i] = '\0';
}

int umod_load_file(struct umod_ctx *ctx, const char *path, const char *params,
		   unsigned int flags, struct module **out)
{
	char name[MODULE_NAME_LEN];
	int fd, ret;

	name_from_path(path, name, sizeof(name));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return umod_fail(ctx, name, -errno, "cannot open %s: %s", path,
				 strerror(errno));
	ret = load_fd_named(ctx, fd, params, flags, name, out);
	close(fd);
	return ret;
}
