/* SPDX-License-Identifier: MIT */
/* version.h - symbol versions: load.c's side of version.c. */
#ifndef UMOD_VERSION_H
#define UMOD_VERSION_H

#include <stdbool.h>
#include <stdint.h>

struct load_info;
struct umod_ksym;

/* The CRC of module_layout: struct module and the tables a module shares
 * with the loader, as genksyms sees them (modpost puts it in __versions). */
extern const uint32_t umod_module_layout_crc;

/* false: the module was built against another version of name. */
bool check_version(struct load_info *info, const char *name, const int32_t *crc);
/* The same for an import resolved to the export k. */
bool check_export_version(struct load_info *info, const char *name,
			  const struct umod_ksym *k);
/* 0, or -ENOEXEC: built against another struct module. */
int check_modstruct_version(struct load_info *info);
/* Exports without CRCs, from a module built with them, taint it. */
void check_export_symbol_versions(struct load_info *info);

#endif /* UMOD_VERSION_H */
