// SPDX-License-Identifier: MIT
/*
 * sections.c - a loaded module's sections and where they went, as
 * kernel/module/sysfs.c's add_sect_attrs keeps them for
 * /sys/module/NAME/sections/: every allocated section with a size, by
 * name, its address as laid out.  Init sections keep their (stale)
 * addresses after init memory is freed, as Linux's attributes do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct umod_sect_attr {
	const char *name;	/* in mod->sect_names */
	unsigned long addr;
};

static bool sect_empty(const ElfW(Shdr) *s)
{
	return !(s->sh_flags & SHF_ALLOC) || !s->sh_size;
}

/* One block: the attributes, then their names. */
int add_sect_attrs(struct load_info *info)
{
	const struct umod_elf *e = &info->elf;
	struct module *mod = info->mod;
	size_t n = 0, names = 0;
	char *p;

	for (unsigned int i = 1; i < e->shnum; i++)
		if (!sect_empty(&info->sechdrs[i])) {
			n++;
			names += strlen(umod_elf_section_name(e, i)) + 1;
		}
	mod->sect_attrs = malloc(n * sizeof(*mod->sect_attrs) + names);
	if (!mod->sect_attrs && n)
		return -ENOMEM;
	p = (char *)(mod->sect_attrs + n);
	mod->num_sect_attrs = 0;
	for (unsigned int i = 1; i < e->shnum; i++) {
		const char *name = umod_elf_section_name(e, i);
		struct umod_sect_attr *a;

		if (sect_empty(&info->sechdrs[i]))
			continue;
		a = &mod->sect_attrs[mod->num_sect_attrs++];
		a->name = strcpy(p, name);
		a->addr = info->sechdrs[i].sh_addr;
		p += strlen(name) + 1;
	}
	return 0;
}

void free_sect_attrs(struct module *mod)
{
	free(mod->sect_attrs);
	mod->sect_attrs = NULL;
	mod->num_sect_attrs = 0;
}

int umod_for_each_section(struct module *mod, umod_section_cb *cb, void *arg)
{
	int ret = 0;

	for (unsigned int i = 0; i < mod->num_sect_attrs && !ret; i++)
		ret = cb(mod->sect_attrs[i].name, mod->sect_attrs[i].addr, arg);
	return ret;
}
