// SPDX-License-Identifier: MIT
/*
 * version.c - symbol versions (modversions), as Linux's
 * kernel/module/version.c: each CRC a module was built against (its
 * __versions) must be the exporter's (__kcrctab), and module_layout's
 * must be the CRC of struct module as this library sees it.
 *
 * A module without __versions was built without CONFIG_MODVERSIONS
 * (plain `cc -c`, as umod allows): nothing is compared for it, as on a
 * Linux built without modversions.  A module with __versions meets
 * Linux's CONFIG_MODVERSIONS=y rules in full.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "elf.h"
#include "internal.h"
#include "version.h"

#ifndef __GENKSYMS__
#include "module_layout_crc.h"	/* genksyms -c module_layout, of this file */
#endif

/* Linux's struct modversion_info: the CRC in a word of the machine's
 * size, so 4 bytes of it on 32-bit machines and 8 on 64-bit ones. */
struct modversion_info {
	unsigned long crc;
	char name[64 - sizeof(unsigned long)];
};

/*
 * What a module's code and tables share with the loader, as Linux's
 * module_layout names them: its CRC covers every field of each, and of
 * every struct, union, enum and typedef they reach.  Never called.
 */
void module_layout(struct module *mod, struct modversion_info *ver,
		   struct kernel_param *kp, struct kernel_symbol *ks,
		   struct bug_entry *bug);
void module_layout(struct module *mod, struct modversion_info *ver,
		   struct kernel_param *kp, struct kernel_symbol *ks,
		   struct bug_entry *bug)
{
}

#ifndef __GENKSYMS__
const uint32_t umod_module_layout_crc = __crc_module_layout;

unsigned int umod_module_layout_version(void)
{
	return umod_module_layout_crc;
}
#endif

/* modprobe --force-modversion: loaded, and tainted F, as
 * CONFIG_MODULE_FORCE_LOAD lets Linux, which says so once.  Before
 * layout there is no module to taint: load.c taints every forced load. */
static bool try_to_force_load(struct load_info *info, const char *reason)
{
	if (!info->forced_told)
		umod_log(info->ctx, UMOD_LOG_WARNING, "%s: %s: kernel tainted.",
			 info->name, reason);
	info->forced_told = true;
	if (info->mod)
		info->mod->taints |= UMOD_TAINT_FORCED;
	return true;
}

static bool has_versions(const struct load_info *info)
{
	return umod_elf_known(&info->elf, UMOD_SEC_VERSIONS) &&
	       !(info->flags & UMOD_INIT_IGNORE_MODVERSIONS);
}

/* Built without CONFIG_MODVERSIONS, and not forced: nothing to compare. */
static bool built_unversioned(const struct load_info *info)
{
	return !umod_elf_known(&info->elf, UMOD_SEC_VERSIONS) &&
	       !(info->flags & UMOD_INIT_IGNORE_MODVERSIONS);
}

/*
 * Linux's check_version.  An exporter without CRCs was tainted when it
 * loaded (check_export_symbol_versions); a module without an entry for
 * the symbol is warned about once and accepted; one without __versions,
 * or forced (kmod's --force-modversion strips them), loads tainted.
 */
bool check_version(struct load_info *info, const char *name, const int32_t *crc)
{
	unsigned int idx = umod_elf_known(&info->elf, UMOD_SEC_VERSIONS);
	const struct modversion_info *v;
	size_t size = 0, i, len = strlen(name);
	const char *entry;
	unsigned long entry_crc;

	if (!crc)
		return true;
	if (!has_versions(info))
		return try_to_force_load(info, name);
	if (len >= sizeof(v->name))
		goto missing;
	/* Read in place, where the file puts it: any alignment will do, as
	 * x86 Linux's reads of its copy do not fault either. */
	entry = umod_elf_section_data(&info->elf, idx, &size);
	for (i = 0; entry && i < size / sizeof(*v); i++, entry += sizeof(*v)) {
		if (strncmp(entry + offsetof(struct modversion_info, name), name,
			    sizeof(v->name)))
			continue;
		memcpy(&entry_crc, entry + offsetof(struct modversion_info, crc),
		       sizeof(entry_crc));
		if ((uint32_t)entry_crc == (uint32_t)*crc)
			return true;
		umod_log(info->ctx, UMOD_LOG_WARNING,
			 "%s: disagrees about version of symbol %s",
			 info->name, name);
		return false;
	}
missing:
	if (!atomic_exchange(&info->ctx->vers_missing_told, true))
		umod_log(info->ctx, UMOD_LOG_WARNING,
			 "%s: no symbol version for %s", info->name, name);
	return true;
}

/*
 * Built by Linux's Kbuild: the vermagic of a kernel with modversions
 * (umod's Kbuild writes none).  Its module_layout is the CRC of Linux's
 * struct module, which no umod host has: such a module reaches the host
 * through the kernel API (kapi) and resolution, not through this layout.
 */
static bool built_for_linux(const struct load_info *info)
{
	const char *magic = info->modinfo ?
		umod_modinfo_get(info->modinfo, info->modinfo_len, "vermagic", 0) : NULL;

	return magic && strstr(magic, " modversions ");
}

/* Linux's check_modstruct_version: before anything of the module is
 * used, and -ENOEXEC as Linux's load_module returns. */
int check_modstruct_version(struct load_info *info)
{
	const int32_t crc = (int32_t)umod_module_layout_crc;

	/* Linux's Kbuild's is of Linux's struct module: not compared, but
	 * forced all the same (--force-modversion), as Linux forces it. */
	info->linux_crcs = built_for_linux(info);
	if (built_unversioned(info) || (info->linux_crcs && has_versions(info)) ||
	    check_version(info, "module_layout", &crc))
		return 0;
	umod_set_errmsg("%s: disagrees about version of symbol module_layout",
			info->name);
	return -ENOEXEC;
}

/*
 * An import's check.  The host's CRCs (umod_export_crcs) are genksyms'
 * over umod's headers: a module Linux's Kbuild built carries CRCs of
 * Linux's declarations instead, never equal, and is not compared with
 * them, as its module_layout is not.  A module built without versions
 * (plain cc -c, which umod allows) loads into a host with CRCs as into
 * one without, untainted.  Modules' exports' CRCs are Linux's rules.
 */
bool check_export_version(struct load_info *info, const char *name,
			  const struct umod_ksym *k)
{
	bool host_unchecked = !k->owner &&
			      (info->linux_crcs || built_unversioned(info));

	return check_version(info, name, host_unchecked ? NULL : k->crc);
}

/* Linux's check_export_symbol_versions: exports without CRCs from a
 * module built with them are accepted, and taint it F. */
void check_export_symbol_versions(struct load_info *info)
{
	const struct module *mod = info->mod;

	if (!has_versions(info))
		return;
	if ((mod->num_ksyms && !umod_elf_known(&info->elf, UMOD_SEC_KCRCTAB)) ||
	    (mod->num_gpl_ksyms && !umod_elf_known(&info->elf, UMOD_SEC_KCRCTAB_GPL)))
		try_to_force_load(info, "no versions for exported symbols");
}
