// SPDX-License-Identifier: MIT
/*
 * modpost - finish modules after compiling, as Linux's scripts/mod/modpost.
 *
 * Each module object (its parts already linked with ld -r) is read for
 * what it exports, the __ksymtab_<sym> labels EXPORT_SYMBOL leaves, and
 * what it needs, its undefined symbols.  Needs are resolved against the
 * other modules, the symvers files given with -i and libumod's own
 * exports.  Then each module gets <module>.mod.c (name, vermagic, depends
 * and __this_module) and the directory a Module.symvers listing the new
 * exports, both in Linux's formats.
 *
 * With -m (CONFIG_MODVERSIONS), each export's CRC is the absolute symbol
 * __crc_<sym> genksyms put in its object (mk/genksyms.c); .mod.c gets
 * them as __kcrctab(_gpl), one per export in __ksymtab's order, and the
 * CRC of each symbol the module uses, module_layout first, as __versions.
 *
 *   modpost [-m] [-w] [-V vermagic] [-i symvers]... [-o Module.symvers]
 *           [-T modules.order] [module.o]...
 *   modpost -H host [-t table]... [-o Module.symvers]
 *                                          a host executable's exports,
 *                                          versioned by its umod_host_crcs
 *   modpost -b [-o Module.symvers]         libumod's own exports alone
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <umod/host.h>

#include "elf.h"
#include "list.h"

#define KSYMTAB_PFX	"__ksymtab_"
#define KSTRTABNS_PFX	"__kstrtabns_"
#define CRC_PFX		"__crc_"
#define IMAGE_CRCS	"umod_host_crcs"	/* a host's, umod_export_crcs' */
#define VMLINUX		"vmlinux"	/* Linux's name for what the host exports */
#define SYMHASH_SIZE	4096		/* a power of two */
#define MAX_UNRESOLVED_REPORTS 10
/* Linux's modpost defines it too: struct module's name[] */
#define MODULE_NAME_LEN	((int)(64 - sizeof(unsigned long)))

enum loglevel { LOG_WARN, LOG_ERROR };

struct ptrvec {
	void **v;
	size_t n, cap;
};

/* An export: of a module built here, of a symvers file, or of libumod. */
struct sym {
	struct sym *hnext;		/* hash chain, newest first */
	struct mod *owner;
	char *ns;			/* namespace, or NULL */
	bool gpl;
	bool crc_valid;
	uint32_t crc;
	uint64_t ksymtab_off;		/* its entry's place in __ksymtab(_gpl) */
	char name[];
};

/* An undefined symbol of a module, and the module whose export it uses. */
struct need {
	struct mod *owner;
	bool weak;
	char name[];
};

struct mod {
	struct list_head list;
	char *path;			/* the object less ".o", or a symvers column */
	const char *base;		/* the file name part of path */
	bool from_dump;			/* known from symvers: nothing to write */
	bool is_vmlinux;
	bool gpl_compatible;
	bool seen;			/* scratch for add_depends */
	struct ptrvec exports;		/* struct sym *, in symbol table order */
	struct ptrvec needs;		/* struct need * */
	struct ptrvec import_ns;	/* char *, MODULE_IMPORT_NS */
};

static struct list_head modules = LIST_HEAD_INIT(modules);
static struct sym *symhash[SYMHASH_SIZE];
static const char *vermagic = UMOD_VERMAGIC;
static bool warn_unresolved;
static bool modversions;
static bool error_occurred;
static unsigned int nr_unresolved;

static void __attribute__((format(printf, 2, 3)))
modpost_log(enum loglevel level, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: modpost: ", level == LOG_WARN ? "WARNING" : "ERROR");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (level == LOG_ERROR)
		error_occurred = true;
}

#define warn(...)	modpost_log(LOG_WARN, __VA_ARGS__)
#define error(...)	modpost_log(LOG_ERROR, __VA_ARGS__)

static _Noreturn void __attribute__((format(printf, 1, 2)))
fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("FATAL: modpost: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	exit(1);
}

static void *nofail(void *p)
{
	if (!p)
		fatal("Memory allocation failure\n");
	return p;
}

static void vec_push(struct ptrvec *vec, void *p)
{
	if (vec->n == vec->cap) {
		vec->cap = vec->cap ? 2 * vec->cap : 8;
		vec->v = nofail(realloc(vec->v, vec->cap * sizeof(*vec->v)));
	}
	vec->v[vec->n++] = p;
}

#define vec_for_each(p, vec) \
	for (size_t _i = 0; _i < (vec)->n && ((p) = (vec)->v[_i], 1); _i++)

static bool strstarts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The whole file, NUL-terminated so text files can be read as strings. */
static char *read_file(const char *path, size_t *size)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		fatal("%s: %s\n", path, strerror(errno));
	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 65536;
			buf = nofail(realloc(buf, cap + 1));
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (ferror(f))
		fatal("%s: %s\n", path, strerror(errno));
	if (f != stdin)
		fclose(f);
	buf[len] = '\0';
	*size = len;
	return buf;
}

/* ---- Modules and the export index ---- */

static struct mod *new_mod(const char *path, size_t len)
{
	struct mod *mod = nofail(calloc(1, sizeof(*mod)));
	const char *slash;

	mod->path = nofail(strndup(path, len));
	slash = strrchr(mod->path, '/');
	mod->base = slash ? slash + 1 : mod->path;
	mod->is_vmlinux = !strcmp(mod->path, VMLINUX);
	/* Without MODULE_LICENSE there is already a warning: don't pile on. */
	mod->gpl_compatible = true;
	list_add_tail(&mod->list, &modules);
	return mod;
}

static struct mod *find_mod(const char *path)
{
	struct mod *mod;

	list_for_each_entry(mod, &modules, list)
		if (!strcmp(mod->path, path))
			return mod;
	return NULL;
}

static unsigned int sym_hash(const char *name)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*name)
		h = (h ^ (unsigned char)*name++) * 16777619u;
	return h & (SYMHASH_SIZE - 1);
}

static struct sym *find_sym(const char *name)
{
	struct sym *s;

	for (s = symhash[sym_hash(name)]; s; s = s->hnext)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/*
 * Modules built here may replace an export of another out-of-tree module
 * (its symvers may be stale), but not one of the host or their own.
 */
static struct sym *add_export(struct mod *mod, const char *name, bool gpl,
			      const char *ns)
{
	struct sym *s = find_sym(name);
	unsigned int h = sym_hash(name);

	if (s && (s->owner->is_vmlinux || s->owner == mod))
		error("%s: '%s' exported twice. Previous export was in %s%s\n",
		      mod->path, name, s->owner->path,
		      s->owner->is_vmlinux ? "" : ".ko");
	s = nofail(calloc(1, sizeof(*s) + strlen(name) + 1));
	strcpy(s->name, name);
	s->owner = mod;
	s->gpl = gpl;
	s->ns = ns && *ns ? nofail(strdup(ns)) : NULL;
	s->hnext = symhash[h];
	symhash[h] = s;
	vec_push(&mod->exports, s);
	return s;
}

/*
 * A host export's CRC: that of its declaration in the headers modules
 * built here include (mk/host-exports.c, versioned by genksyms -a when
 * modpost was built).  What they do not declare has none.  A host that
 * carries its own (IMAGE_CRCS, given to umod_export_crcs) is versioned
 * by those alone, the CRCs it checks at run time: its compiler's, which
 * are the target's in a cross build.
 */
struct host_crc {
	const char *name;
	uint32_t crc;
};
static const struct host_crc host_crcs[] = {
#include "host_crcs.h"
};
/* module_layout's, the host's when -H read one (read_module_layout). */
static uint32_t module_layout_crc;
static const struct host_crc *image_crcs;
static size_t num_image_crcs;
static bool have_image_crcs;

static void set_host_crc(struct sym *s)
{
	const struct host_crc *tab = have_image_crcs ? image_crcs : host_crcs;
	size_t n = have_image_crcs ? num_image_crcs :
		   sizeof(host_crcs) / sizeof(host_crcs[0]);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(tab[i].name, s->name)) {
			s->crc = tab[i].crc;
			s->crc_valid = true;
			return;
		}
}

/* libumod's exports: every host has them, whatever its symvers says.
 * module_layout stands for struct module as libumod sees it (version.c). */
static void add_builtins(struct mod *vmlinux)
{
	size_t n;
	const struct umod_symbol *b = umod_builtin_exports(&n);
	struct sym *s;

	for (size_t i = 0; i < n; i++)
		if (!find_sym(b[i].name))
			set_host_crc(add_export(vmlinux, b[i].name, false, NULL));
	if (!find_sym("module_layout")) {
		s = add_export(vmlinux, "module_layout", false, NULL);
		s->crc = module_layout_crc ? module_layout_crc :
			 umod_module_layout_version();
		s->crc_valid = true;
	}
}

/* ---- Module.symvers ---- */

/* 0x<crc>\t<symbol>\t<module>\t<export type>[\t<namespace>] */
static void read_dump(const char *path)
{
	size_t size;
	char *buf = read_file(path, &size), *line, *next;
	unsigned int lineno = 0;

	for (line = buf; *line; line = next) {
		char *f[5] = { line }, *end;
		unsigned int n = 1;
		unsigned long crc;
		struct mod *mod;
		struct sym *s;
		bool gpl;

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		lineno++;
		if (!*line)
			continue;
		while (n < 5 && (f[n] = strchr(f[n - 1], '\t')))
			*f[n++]++ = '\0';
		crc = strtoul(f[0], &end, 16);
		if (n < 4 || *end || !*f[0] || !*f[1] || !*f[2])
			fatal("%s:%u: parse error in symbol dump file\n",
			      path, lineno);
		if (!strcmp(f[3], "EXPORT_SYMBOL_GPL")) {
			gpl = true;
		} else if (!strcmp(f[3], "EXPORT_SYMBOL")) {
			gpl = false;
		} else {
			error("%s:%u: %s: unknown export type %s, skipped\n",
			      path, lineno, f[1], f[3]);
			continue;
		}
		mod = find_mod(f[2]);
		if (!mod) {
			mod = new_mod(f[2], strlen(f[2]));
			mod->from_dump = true;
		}
		s = add_export(mod, f[1], gpl, n == 5 ? f[4] : NULL);
		s->crc = (uint32_t)crc;
		s->crc_valid = true;
	}
	free(buf);
}

static FILE *open_output(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;

	if (!f)
		fatal("%s: %s\n", path, strerror(errno));
	return f;
}

static void close_output(FILE *f, const char *path)
{
	bool failed = ferror(f);

	failed |= (f == stdout ? fflush(f) : fclose(f)) != 0;
	if (failed)
		fatal("%s: write error\n", path);
}

/* Linux's order: modules as read, each one's exports as in its symtab. */
static void write_dump(const char *path)
{
	FILE *f = open_output(path);
	struct mod *mod;
	struct sym *s;

	list_for_each_entry(mod, &modules, list) {
		if (mod->from_dump)
			continue;
		vec_for_each(s, &mod->exports)
			fprintf(f, "0x%08x\t%s\t%s\tEXPORT_SYMBOL%s\t%s\n", s->crc,
				s->name, mod->path, s->gpl ? "_GPL" : "",
				s->ns ? s->ns : "");
	}
	close_output(f, path);
}

/* ---- Module objects ---- */

/* The NUL-terminated string at offset off of section idx, or NULL. */
static const char *section_string(const struct umod_elf *elf, unsigned int idx,
				  uint64_t off)
{
	size_t size;
	const char *data = umod_elf_section_data(elf, idx, &size);

	if (!data || off >= size || !memchr(data + off, '\0', size - off))
		return NULL;
	return data + off;
}

/* Linux's license_is_gpl_compatible(). */
static bool license_is_gpl_compatible(const char *license)
{
	static const char *const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights",
		"Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL",
	};

	for (size_t i = 0; i < sizeof(gpl) / sizeof(gpl[0]); i++)
		if (!strcmp(license, gpl[i]))
			return true;
	return false;
}

static void read_modinfo(struct mod *mod, const struct umod_elf *elf)
{
	size_t size = 0;
	const char *info = umod_elf_section_data(elf,
			umod_elf_find_section(elf, ".modinfo"), &size);
	const char *v;

	if (!info || !umod_modinfo_get(info, size, "license", 0)) {
		warn("missing MODULE_LICENSE() in %s.o\n", mod->path);
		return;
	}
	for (unsigned int i = 0; (v = umod_modinfo_get(info, size, "license", i)); i++)
		if (!license_is_gpl_compatible(v))
			mod->gpl_compatible = false;
	for (unsigned int i = 0; (v = umod_modinfo_get(info, size, "import_ns", i)); i++)
		vec_push(&mod->import_ns, nofail(strdup(v)));
}

static bool ignore_undef_symbol(const char *name)
{
	/* The loader binds __this_module to the module's struct module. */
	return !*name || !strcmp(name, "__this_module") ||
	       !strcmp(name, "_GLOBAL_OFFSET_TABLE_");
}

static struct need *new_need(struct mod *mod, const char *name)
{
	struct need *n = nofail(calloc(1, sizeof(*n) + strlen(name) + 1));

	strcpy(n->name, name);
	vec_push(&mod->needs, n);
	return n;
}

static void add_need(struct mod *mod, const Elf64_Sym *sym, const char *name)
{
	unsigned int bind = ELF64_ST_BIND(sym->st_info);

	if ((bind != STB_GLOBAL && bind != STB_WEAK) || ignore_undef_symbol(name))
		return;
	new_need(mod, name)->weak = bind == STB_WEAK;
}

static void read_symbols(struct mod *mod, const struct umod_elf *elf)
{
	unsigned int ksymtab = umod_elf_find_section(elf, "__ksymtab");
	unsigned int ksymtab_gpl = umod_elf_find_section(elf, "__ksymtab_gpl");

	for (size_t i = 1; i < elf->nsyms; i++) {
		const Elf64_Sym *sym = &elf->syms[i];
		const char *name = elf->strtab + sym->st_name;

		if (sym->st_shndx == SHN_UNDEF)
			add_need(mod, sym, name);
		else if (sym->st_shndx == SHN_COMMON)
			warn("\"%s\" [%s] is COMMON symbol\n", name, mod->path);
		else if (strstarts(name, KSYMTAB_PFX) &&
			 (sym->st_shndx == ksymtab || sym->st_shndx == ksymtab_gpl))
			add_export(mod, name + strlen(KSYMTAB_PFX),
				   sym->st_shndx == ksymtab_gpl, NULL)->ksymtab_off =
				sym->st_value;
	}
}

/* __kcrctab runs parallel to __ksymtab: the exports in its order. */
static int by_ksymtab_place(const void *a, const void *b)
{
	const struct sym *x = *(struct sym *const *)a, *y = *(struct sym *const *)b;

	if (x->gpl != y->gpl)
		return x->gpl - y->gpl;
	return (x->ksymtab_off > y->ksymtab_off) - (x->ksymtab_off < y->ksymtab_off);
}

/* genksyms' __crc_<sym>, absolute symbols ld -r gave the object. */
static void read_crcs(struct mod *mod, const struct umod_elf *elf)
{
	struct sym *s;

	for (size_t i = 1; i < elf->nsyms; i++) {
		const Elf64_Sym *sym = &elf->syms[i];
		const char *name = elf->strtab + sym->st_name;

		if (sym->st_shndx != SHN_ABS || !strstarts(name, CRC_PFX))
			continue;
		name += strlen(CRC_PFX);
		vec_for_each(s, &mod->exports)
			if (!strcmp(s->name, name)) {
				s->crc = (uint32_t)sym->st_value;
				s->crc_valid = true;
			}
	}
}

/* EXPORT_SYMBOL_NS labels each namespace string __kstrtabns_<sym>. */
static void read_namespaces(struct mod *mod, const struct umod_elf *elf)
{
	for (size_t i = 1; i < elf->nsyms; i++) {
		const Elf64_Sym *sym = &elf->syms[i];
		const char *name = elf->strtab + sym->st_name, *ns;
		struct sym *s;

		if (!strstarts(name, KSTRTABNS_PFX) ||
		    sym->st_shndx == SHN_UNDEF || sym->st_shndx >= SHN_LORESERVE)
			continue;
		name += strlen(KSTRTABNS_PFX);
		ns = section_string(elf, sym->st_shndx, sym->st_value);
		if (!ns) {
			error("%s.o: namespace of %s is not a string\n",
			      mod->path, name);
			continue;
		}
		vec_for_each(s, &mod->exports)
			if (!strcmp(s->name, name)) {
				free(s->ns);
				s->ns = *ns ? nofail(strdup(ns)) : NULL;
			}
	}
}

static void read_object(const char *path)
{
	size_t size, len = strlen(path);
	struct umod_elf elf;
	struct mod *mod;
	char err[256];
	char *data;

	if (len < 3 || strcmp(path + len - 2, ".o")) {
		error("%s: filename must be suffixed with .o\n", path);
		return;
	}
	data = read_file(path, &size);
	if (umod_elf_parse(&elf, data, size,
			   UMOD_ELF_RELOCATABLE | UMOD_ELF_ANY_MACHINE,
			   err, sizeof(err)))
		fatal("%s: %s\n", path, err);
	mod = new_mod(path, len - 2);
	/* struct module is versioned too, though no export names it. */
	if (modversions)
		new_need(mod, "module_layout");
	read_modinfo(mod, &elf);
	read_symbols(mod, &elf);
	read_namespaces(mod, &elf);
	read_crcs(mod, &elf);
	free(data);
}

/* modules.order: one object per line. */
static void read_order(const char *path)
{
	size_t size;
	char *buf = read_file(path, &size), *line, *next;

	for (line = buf; *line; line = next) {
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		if (*line)
			read_object(line);
	}
	free(buf);
}

/* ---- The host executable ---- */

/* The string at virtual address addr of the image, or NULL. */
static const char *image_string(const struct umod_elf *elf, uint64_t addr)
{
	for (unsigned int i = 1; i < elf->shnum; i++) {
		const Elf64_Shdr *sh = &elf->shdrs[i];

		if ((sh->sh_flags & SHF_ALLOC) && sh->sh_type != SHT_NOBITS &&
		    addr >= sh->sh_addr && addr - sh->sh_addr < sh->sh_size)
			return section_string(elf, i, addr - sh->sh_addr);
	}
	return NULL;
}

/*
 * Each struct kernel_symbol holds offsets relative to its own fields: the
 * field's address (section address plus offset) plus the offset is where
 * the name and namespace strings were linked.
 */
static void read_host_ksymtab(struct mod *vmlinux, const struct umod_elf *elf,
			      const char *path, const char *secname, bool gpl)
{
	unsigned int idx = umod_elf_find_section(elf, secname);
	const unsigned char *data;
	struct kernel_symbol ks;
	size_t size;

	if (!idx)
		return;
	data = umod_elf_section_data(elf, idx, &size);
	if (!data || size % sizeof(ks))
		fatal("%s: %s is not an array of struct kernel_symbol\n",
		      path, secname);
	for (size_t off = 0; off < size; off += sizeof(ks)) {
		uint64_t at = elf->shdrs[idx].sh_addr + off;
		const char *name, *ns;

		memcpy(&ks, data + off, sizeof(ks));
		name = image_string(elf, at + offsetof(struct kernel_symbol, name_offset)
				    + (int64_t)ks.name_offset);
		ns = image_string(elf, at + offsetof(struct kernel_symbol, namespace_offset)
				  + (int64_t)ks.namespace_offset);
		if (!name || !*name)
			fatal("%s: %s entry %zu: name is not a string in the image\n",
			      path, secname, off / sizeof(ks));
		add_export(vmlinux, name, gpl, ns);
	}
}

/* len bytes at virtual address addr of the image, as linked; false if
 * no section with contents holds them. */
static bool image_read(const struct umod_elf *elf, uint64_t addr, void *buf,
		       size_t len)
{
	const unsigned char *data;
	size_t size;

	for (unsigned int i = 1; i < elf->shnum; i++) {
		const Elf64_Shdr *sh = &elf->shdrs[i];

		if ((sh->sh_flags & SHF_ALLOC) && sh->sh_type != SHT_NOBITS &&
		    addr >= sh->sh_addr && addr - sh->sh_addr + len <= sh->sh_size &&
		    (data = umod_elf_section_data(elf, i, &size))) {
			memcpy(buf, data + (addr - sh->sh_addr), len);
			return true;
		}
	}
	return false;
}

/* The address stored at addr of the image: in place, or in a PIE the
 * addend of its R_*_RELATIVE relocation (0 if it has neither). */
static uint64_t image_pointer(const struct umod_elf *elf, uint64_t addr)
{
	uint64_t value = 0;

	for (unsigned int i = 1; i < elf->shnum; i++) {
		const Elf64_Shdr *sh = &elf->shdrs[i];
		const unsigned char *data;
		size_t size;

		if (sh->sh_type == SHT_RELA && !(sh->sh_flags & SHF_INFO_LINK) &&
		    (data = umod_elf_section_data(elf, i, &size)))
			for (size_t off = 0; off + sizeof(Elf64_Rela) <= size;
			     off += sizeof(Elf64_Rela)) {
				Elf64_Rela r;

				memcpy(&r, data + off, sizeof(r));
				if (r.r_offset == addr && !ELF64_R_SYM(r.r_info))
					return (uint64_t)r.r_addend;
			}
	}
	image_read(elf, addr, &value, sizeof(value));
	return value;
}

static const Elf64_Sym *image_symbol(const struct umod_elf *elf, const char *name)
{
	for (size_t i = 1; i < elf->nsyms; i++)
		if (elf->syms[i].st_name < elf->strtab_size &&
		    !strcmp(elf->strtab + elf->syms[i].st_name, name))
			return &elf->syms[i];
	return NULL;
}

/*
 * Exports by table (umod_export_table): an array of struct umod_symbol,
 * sized by its symbol.  A host that links libumod-kapi exports libc's
 * string functions so, from kapi_libc_exports.
 */
static void read_host_table(struct mod *vmlinux, const struct umod_elf *elf,
			    const char *path, const char *table, bool must)
{
	const Elf64_Sym *sym = image_symbol(elf, table);
	const size_t entsize = sizeof(struct umod_symbol);

	if (!sym || sym->st_shndx == SHN_UNDEF || sym->st_size % entsize) {
		if (must)
			error("%s: %s is not an array of struct umod_symbol%s\n",
			      path, table, elf->nsyms ? "" : " (no symbol table)");
		return;
	}
	for (uint64_t off = 0; off < sym->st_size; off += entsize) {
		uint64_t at = sym->st_value + off + offsetof(struct umod_symbol, name);
		const char *name = image_string(elf, image_pointer(elf, at));

		if (!name || !*name) {
			error("%s: %s entry %" PRIu64 ": name is not a string in the image\n",
			      path, table, off / entsize);
			return;
		}
		if (!find_sym(name))
			set_host_crc(add_export(vmlinux, name, false, NULL));
	}
}

/*
 * The host's own CRCs: the array IMAGE_CRCS of struct umod_symbol_crc it
 * gives umod_export_crcs (umodd/crcs.c), sized by its symbol.  Read
 * before its exports are, which take their CRCs from it.
 */
static void read_image_crcs(const struct umod_elf *elf, const char *path)
{
	const Elf64_Sym *sym = image_symbol(elf, IMAGE_CRCS);
	const size_t entsize = sizeof(struct umod_symbol_crc);
	struct host_crc *tab;
	size_t n;

	if (!sym || sym->st_shndx == SHN_UNDEF)
		return;
	if (sym->st_size % entsize)
		fatal("%s: %s is not an array of struct umod_symbol_crc\n",
		      path, IMAGE_CRCS);
	n = sym->st_size / entsize;
	tab = nofail(calloc(n ? n : 1, sizeof(*tab)));
	for (size_t i = 0; i < n; i++) {
		uint64_t at = sym->st_value + i * entsize;
		const char *name = image_string(elf, image_pointer(elf,
				at + offsetof(struct umod_symbol_crc, name)));
		unsigned int crc;

		if (!name ||
		    !image_read(elf, at + offsetof(struct umod_symbol_crc, crc),
				&crc, sizeof(crc)))
			fatal("%s: %s entry %zu is not in the image\n",
			      path, IMAGE_CRCS, i);
		tab[i].name = nofail(strdup(name));	/* the image goes */
		tab[i].crc = crc;
	}
	image_crcs = tab;
	num_image_crcs = n;
	have_image_crcs = true;
}

/*
 * module_layout as the host's libumod has it (a static copy's constant,
 * version.c), so a cross-built host's Module.symvers names the target's
 * struct module; a host linking libumod.so has the one modpost has.
 */
static void read_module_layout(const struct umod_elf *elf)
{
	const Elf64_Sym *sym = image_symbol(elf, "umod_module_layout_crc");

	if (sym && sym->st_shndx != SHN_UNDEF &&
	    sym->st_size == sizeof(module_layout_crc))
		image_read(elf, sym->st_value, &module_layout_crc,
			   sizeof(module_layout_crc));
}

/* genksyms' __crc_<sym> in a host linked from versioned objects (as
 * Kbuild versions a module's), else the CRC of its declaration. */
static void set_host_crcs(struct mod *vmlinux, const struct umod_elf *elf)
{
	char name[MODULE_NAME_LEN + sizeof(CRC_PFX)];
	const Elf64_Sym *sym;
	struct sym *s;

	vec_for_each(s, &vmlinux->exports) {
		snprintf(name, sizeof(name), CRC_PFX "%s", s->name);
		sym = image_symbol(elf, name);
		if (sym && sym->st_shndx == SHN_ABS) {
			s->crc = (uint32_t)sym->st_value;
			s->crc_valid = true;
		} else {
			set_host_crc(s);
		}
	}
}

static void read_host(struct mod *vmlinux, const char *path,
		      const struct ptrvec *tables)
{
	const char *table;
	struct umod_elf elf;
	char err[256];
	size_t size;
	char *data = read_file(path, &size);

	if (umod_elf_parse(&elf, data, size, UMOD_ELF_ANY_MACHINE,
			   err, sizeof(err)))
		fatal("%s: %s\n", path, err);
	if (elf.ehdr->e_type != ET_EXEC && elf.ehdr->e_type != ET_DYN)
		fatal("%s: not an executable or shared object\n", path);
	read_image_crcs(&elf, path);
	read_host_ksymtab(vmlinux, &elf, path, "__ksymtab", false);
	read_host_ksymtab(vmlinux, &elf, path, "__ksymtab_gpl", true);
	set_host_crcs(vmlinux, &elf);
	read_host_table(vmlinux, &elf, path, "kapi_libc_exports", false);
	vec_for_each(table, tables)
		read_host_table(vmlinux, &elf, path, table, true);
	read_module_layout(&elf);
	free(data);
}

/* ---- Checks ---- */

static bool imports_ns(const struct mod *mod, const char *ns)
{
	const char *s;

	vec_for_each(s, &mod->import_ns)
		if (!strcmp(s, ns))
			return true;
	return false;
}

static void check_modname_len(const struct mod *mod)
{
	if (strlen(mod->base) >= MODULE_NAME_LEN)
		error("module name is too long [%s.ko]\n", mod->path);
}

static void check_exports(struct mod *mod)
{
	struct need *n;

	vec_for_each(n, &mod->needs) {
		struct sym *exp = find_sym(n->name);

		if (!exp) {
			if (!n->weak && nr_unresolved++ < MAX_UNRESOLVED_REPORTS)
				modpost_log(warn_unresolved ? LOG_WARN : LOG_ERROR,
					    "\"%s\" [%s.ko] undefined!\n",
					    n->name, mod->path);
			continue;
		}
		if (exp->owner == mod) {
			error("\"%s\" [%s.ko] was exported without definition\n",
			      n->name, mod->path);
			continue;
		}
		n->owner = exp->owner;
		if (exp->ns && !imports_ns(mod, exp->ns))
			error("module %s uses symbol %s from namespace %s, but does not import it.\n",
			      mod->base, exp->name, exp->ns);
		if (!mod->gpl_compatible && exp->gpl)
			error("GPL-incompatible module %s.ko uses GPL-only symbol '%s'\n",
			      mod->base, exp->name);
	}
}

/* ---- <module>.mod.c ---- */

static void put_cstr(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < ' ' || c > '~')
			fprintf(f, "\\%03o", c);
		else
			putc(c, f);
	}
	putc('"', f);
}

/* KBUILD_MODNAME: the file name with '-' and ',' made '_', as Kbuild does. */
static char *modname(const struct mod *mod)
{
	char *name = nofail(strdup(mod->base));

	for (char *p = name; *p; p++)
		if (*p == '-' || *p == ',')
			*p = '_';
	return name;
}

static void add_modinfo(FILE *f, const char *tag, const char *value)
{
	fprintf(f, "MODULE_INFO(%s, ", tag);
	put_cstr(f, value);
	fputs(");\n", f);
}

/*
 * The head of Linux's struct module: int state, struct list_head list,
 * char name[MODULE_NAME_LEN].  The loader binds __this_module to its own
 * struct module; this copy is there so the file has Linux's format.
 */
static void add_this_module(FILE *f, const char *name)
{
	size_t len = strlen(name);

	fputs("/* The head of Linux's struct module; the loader binds __this_module\n"
	      " * to a struct module of its own. */\n"
	      "__asm__(\"\t.section .gnu.linkonce.this_module,\\\"aw\\\",%progbits\\n\"\n"
	      "\t\"\t.balign 64\\n\"\n"
	      "\t\"\t.globl __this_module\\n\"\n"
	      "\t\"\t.type __this_module, %object\\n\"\n"
	      "\t\"__this_module:\\n\"\n"
	      "\t\"\t.long 0, 0\\n\"\t\t/* state, padding */\n"
	      "\t\"\t.quad 0, 0\\n\"\t\t/* list */\n"
	      "\t\"\t.byte ", f);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%s%u", i ? "," : "", (unsigned char)name[i]);
	fprintf(f, "\\n\"\t/* name */\n"
		"\t\"\t.zero %zu\\n\"\n"
		"\t\"\t.size __this_module, %u\\n\"\n"
		"\t\"\t.previous\\n\");\n",
		MODULE_NAME_LEN - len, 24 + MODULE_NAME_LEN);
}

/* Linux's order: each module once, as its symbols first need it. */
static void add_depends(FILE *f, struct mod *mod)
{
	struct need *n;
	bool first = true;

	vec_for_each(n, &mod->needs)
		if (n->owner)
			n->owner->seen = n->owner->is_vmlinux;
	fputs("MODULE_INFO(depends, \"", f);
	vec_for_each(n, &mod->needs) {
		if (!n->owner || n->owner->seen)
			continue;
		n->owner->seen = true;
		fprintf(f, "%s%s", first ? "" : ",", n->owner->base);
		first = false;
	}
	fputs("\");\n", f);
}

/* Linux 6.1's SYMBOL_CRC, in __ksymtab's order; an export genksyms
 * could not version is warned about and gets 0, as Linux does. */
static void add_crcs(FILE *f, struct mod *mod, bool gpl)
{
	struct ptrvec sorted = { 0 };
	bool first = true;
	struct sym *s;

	vec_for_each(s, &mod->exports)
		vec_push(&sorted, s);
	if (sorted.n)
		qsort(sorted.v, sorted.n, sizeof(*sorted.v), by_ksymtab_place);
	vec_for_each(s, &sorted) {
		if (s->gpl != gpl)
			continue;
		if (!s->crc_valid)
			warn("EXPORT symbol \"%s\" [%s.ko] version generation failed, "
			     "symbol will not be versioned.\n", s->name, mod->path);
		if (first)
			fprintf(f, "__asm__(\"\t.section \\\"__kcrctab%s\\\",\\\"a\\\"\\n\"\n"
				"\t\"\t.balign 4\\n\"\n", gpl ? "_gpl" : "");
		fprintf(f, "\t\"\t.long %#010x\\n\"\t/* %s */\n", s->crc, s->name);
		first = false;
	}
	if (!first)
		fputs("\t\"\t.previous\\n\");\n", f);
	free(sorted.v);
}

/* Linux's add_versions: the CRC of each symbol used, as built against. */
static void add_versions(FILE *f, struct mod *mod)
{
	struct need *n;

	fputs("\nstatic const struct {\n"
	      "\tunsigned long crc;\n"
	      "\tchar name[64 - sizeof(unsigned long)];\n"
	      "} ____versions[] __attribute__((__used__, __section__(\"__versions\"),\n"
	      "\t\t\t\t__aligned__(sizeof(unsigned long)))) = {\n", f);
	vec_for_each(n, &mod->needs) {
		struct sym *s = n->owner ? find_sym(n->name) : NULL;

		if (!s)
			continue;
		if (!s->crc_valid) {
			warn("\"%s\" [%s.ko] has no CRC!\n", n->name, mod->path);
			continue;
		}
		if (strlen(n->name) >= MODULE_NAME_LEN) {
			error("too long symbol \"%s\" [%s.ko]\n", n->name, mod->path);
			break;
		}
		fprintf(f, "\t{ %#8x, \"%s\" },\n", s->crc, n->name);
	}
	fputs("};\n", f);
}

static void write_mod_c(struct mod *mod)
{
	char *name = modname(mod), *path;
	FILE *f;

	if (asprintf(&path, "%s.mod.c", mod->path) < 0)
		fatal("Memory allocation failure\n");
	f = open_output(path);
	fprintf(f, "/* Written by modpost for %s.ko: do not edit. */\n"
		"#include <umod/module.h>\n\n", mod->base);
	add_modinfo(f, "vermagic", vermagic);
	add_modinfo(f, "name", name);
	fputs("\n", f);
	add_this_module(f, name);
	fputs("\n", f);
	add_depends(f, mod);
	if (modversions) {
		fputs("\n", f);
		add_crcs(f, mod, false);
		add_crcs(f, mod, true);
		add_versions(f, mod);
	}
	close_output(f, path);
	free(path);
	free(name);
}

/* ---- main ---- */

static _Noreturn void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"Usage: modpost [-m] [-w] [-V vermagic] [-i symvers]... [-o Module.symvers]\n"
		"               [-T modules.order] [module.o]...\n"
		"       modpost -H host [-t table]... [-o Module.symvers]\n"
		"       modpost -b [-o Module.symvers]\n"
		"\n"
		"  -i, --input=FILE      read exports from a Module.symvers file\n"
		"  -o, --output=FILE     write the modules' exports there (- for stdout)\n"
		"  -T, --order=FILE      read the module objects listed in FILE (- for stdin)\n"
		"  -m, --modversions     write symbol versions: __kcrctab, __versions\n"
		"  -w, --warn            report undefined symbols as warnings, not errors\n"
		"  -V, --vermagic=STR    the vermagic to write (default \"%s\")\n"
		"  -H, --host=FILE       list the exports of the host executable FILE\n"
		"                        and of libumod, as the module \"" VMLINUX "\",\n"
		"                        with the CRCs of its array " IMAGE_CRCS "\n"
		"                        (umod_export_crcs) when it has one\n"
		"  -t, --table=SYMBOL    with -H, also the exports in the host's array\n"
		"                        SYMBOL of struct umod_symbol (umod_export_table;\n"
		"                        kapi_libc_exports is read when present)\n"
		"  -b, --builtins        list libumod's exports alone\n",
		UMOD_VERMAGIC);
	exit(status);
}

static const struct option options[] = {
	{ "input", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "order", required_argument, NULL, 'T' },
	{ "warn", no_argument, NULL, 'w' },
	{ "modversions", no_argument, NULL, 'm' },
	{ "vermagic", required_argument, NULL, 'V' },
	{ "host", required_argument, NULL, 'H' },
	{ "table", required_argument, NULL, 't' },
	{ "builtins", no_argument, NULL, 'b' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* -H and -b: what a host offers, as Linux's vmlinux Module.symvers. */
static int host_symvers(const char *host, const struct ptrvec *tables,
			const char *output)
{
	struct mod *vmlinux = new_mod(VMLINUX, strlen(VMLINUX));

	if (host)
		read_host(vmlinux, host, tables);
	add_builtins(vmlinux);
	if (error_occurred)
		return 1;
	write_dump(output ? output : "-");
	return 0;
}

int main(int argc, char **argv)
{
	const char *output = NULL, *order = NULL, *host = NULL;
	static struct ptrvec dumps;	/* kept to the end, as the tables are */
	static struct ptrvec tables;
	struct mod *mod, *vmlinux;
	bool builtins = false;
	const char *dump;
	int opt;

	while ((opt = getopt_long(argc, argv, "i:o:T:mwV:H:t:bh", options, NULL)) != -1) {
		switch (opt) {
		case 'i': vec_push(&dumps, optarg); break;
		case 'o': output = optarg; break;
		case 'T': order = optarg; break;
		case 'w': warn_unresolved = true; break;
		case 'm': modversions = true; break;
		case 'V': vermagic = optarg; break;
		case 'H': host = optarg; break;
		case 't': vec_push(&tables, optarg); break;
		case 'b': builtins = true; break;
		case 'h': usage(0);
		default: usage(1);
		}
	}
	if (host || builtins) {
		if (optind < argc || order || dumps.n || (tables.n && !host))
			usage(1);
		return host_symvers(host, &tables, output);
	}
	if (tables.n)
		usage(1);

	vec_for_each(dump, &dumps)
		read_dump(dump);
	vmlinux = find_mod(VMLINUX);
	if (!vmlinux) {
		vmlinux = new_mod(VMLINUX, strlen(VMLINUX));
		vmlinux->from_dump = true;
	}
	add_builtins(vmlinux);
	while (optind < argc)
		read_object(argv[optind++]);
	if (order)
		read_order(order);

	list_for_each_entry(mod, &modules, list) {
		if (mod->from_dump)
			continue;
		check_modname_len(mod);
		check_exports(mod);
	}
	if (nr_unresolved > MAX_UNRESOLVED_REPORTS)
		warn("suppressed %u unresolved symbol warnings because there were too many)\n",
		     nr_unresolved - MAX_UNRESOLVED_REPORTS);
	if (error_occurred)
		return 1;
	/* Module.symvers first: make sees the .mod.c files as its products. */
	if (output)
		write_dump(output);
	list_for_each_entry(mod, &modules, list)
		if (!mod->from_dump)
			write_mod_c(mod);
	return 0;
}
