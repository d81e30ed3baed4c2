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
 *   modpost [-w] [-V vermagic] [-i symvers]... [-o Module.symvers]
 *           [-T modules.order] [module.o]...
 *   modpost -H host [-o Module.symvers]    a host executable's exports
 *   modpost -b [-o Module.symvers]         libumod's own exports alone
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
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

/* libumod's exports: every host has them, whatever its symvers says. */
static void add_builtins(struct mod *vmlinux)
{
	size_t n;
	const struct umod_symbol *b = umod_builtin_exports(&n);

	for (size_t i = 0; i < n; i++)
		if (!find_sym(b[i].name))
			add_export(vmlinux, b[i].name, false, NULL);
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
		struct mod *mod;
		bool gpl;

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		lineno++;
		if (!*line)
			continue;
		while (n < 5 && (f[n] = strchr(f[n - 1], '\t')))
			*f[n++]++ = '\0';
		strtoul(f[0], &end, 16);
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
		add_export(mod, f[1], gpl, n == 5 ? f[4] : NULL);
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
			fprintf(f, "0x%08x\t%s\t%s\tEXPORT_SYMBOL%s\t%s\n", 0u,
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

static void add_need(struct mod *mod, const Elf64_Sym *sym, const char *name)
{
	unsigned int bind = ELF64_ST_BIND(sym->st_info);
	struct need *n;

	if ((bind != STB_GLOBAL && bind != STB_WEAK) || ignore_undef_symbol(name))
		return;
	n = nofail(calloc(1, sizeof(*n) + strlen(name) + 1));
	strcpy(n->name, name);
	n->weak = bind == STB_WEAK;
	vec_push(&mod->needs, n);
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
				   sym->st_shndx == ksymtab_gpl, NULL);
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
	read_modinfo(mod, &elf);
	read_symbols(mod, &elf);
	read_namespaces(mod, &elf);
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

static void read_host(struct mod *vmlinux, const char *path)
{
	struct umod_elf elf;
	char err[256];
	size_t size;
	char *data = read_file(path, &size);

	if (umod_elf_parse(&elf, data, size, UMOD_ELF_ANY_MACHINE,
			   err, sizeof(err)))
		fatal("%s: %s\n", path, err);
	if (elf.ehdr->e_type != ET_EXEC && elf.ehdr->e_type != ET_DYN)
		fatal("%s: not an executable or shared object\n", path);
	read_host_ksymtab(vmlinux, &elf, path, "__ksymtab", false);
	read_host_ksymtab(vmlinux, &elf, path, "__ksymtab_gpl", true);
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
	close_output(f, path);
	free(path);
	free(name);
}

/* ---- main ---- */

static _Noreturn void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"Usage: modpost [-w] [-V vermagic] [-i symvers]... [-o Module.symvers]\n"
		"               [-T modules.order] [module.o]...\n"
		"       modpost -H host [-o Module.symvers]\n"
		"       modpost -b [-o Module.symvers]\n"
		"\n"
		"  -i, --input=FILE      read exports from a Module.symvers file\n"
		"  -o, --output=FILE     write the modules' exports there (- for stdout)\n"
		"  -T, --order=FILE      read the module objects listed in FILE (- for stdin)\n"
		"  -w, --warn            report undefined symbols as warnings, not errors\n"
		"  -V, --vermagic=STR    the vermagic to write (default \"%s\")\n"
		"  -H, --host=FILE       list the exports of the host executable FILE\n"
		"                        and of libumod, as the module \"" VMLINUX "\"\n"
		"  -b, --builtins        list libumod's exports alone\n",
		UMOD_VERMAGIC);
	exit(status);
}

static const struct option options[] = {
	{ "input", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "order", required_argument, NULL, 'T' },
	{ "warn", no_argument, NULL, 'w' },
	{ "vermagic", required_argument, NULL, 'V' },
	{ "host", required_argument, NULL, 'H' },
	{ "builtins", no_argument, NULL, 'b' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* -H and -b: what a host offers, as Linux's vmlinux Module.symvers. */
static int host_symvers(const char *host, const char *output)
{
	struct mod *vmlinux = new_mod(VMLINUX, strlen(VMLINUX));

	if (host)
		read_host(vmlinux, host);
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
	struct mod *mod, *vmlinux;
	bool builtins = false;
	const char *dump;
	int opt;

	while ((opt = getopt_long(argc, argv, "i:o:T:wV:H:bh", options, NULL)) != -1) {
		switch (opt) {
		case 'i': vec_push(&dumps, optarg); break;
		case 'o': output = optarg; break;
		case 'T': order = optarg; break;
		case 'w': warn_unresolved = true; break;
		case 'V': vermagic = optarg; break;
		case 'H': host = optarg; break;
		case 'b': builtins = true; break;
		case 'h': usage(0);
		default: usage(1);
		}
	}
	if (host || builtins) {
		if (optind < argc || order || dumps.n)
			usage(1);
		return host_symvers(host, output);
	}

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
