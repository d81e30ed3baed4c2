// SPDX-License-Identifier: MIT
/*
 * perfmap.c - module functions in /tmp/perf-PID.map, perf's map for code
 * it finds in no file: one "START SIZE name" line a function, in hex,
 * named as kallsyms names module code, "name [module]".
 *
 * perf reads the map when it reports, with no notion of time, and takes
 * the first line for an address.  So the map lists the code that is there
 * now: a module's lines are added before its init runs, its init lines
 * go when init memory is freed, the rest when it is unloaded.  A module
 * loaded again, or another, often lands where the last one was: stale
 * lines would name its samples wrongly; without them, code that is gone
 * shows as bare addresses instead.
 *
 * Opt-in (UMOD_PERF_MAP=1 in the host's environment), as JITs make it
 * (node --perf-basic-prof, PYTHONPERFSUPPORT): writing the file costs
 * every load a write and every unload a rewrite, and the file shows
 * module addresses, which the control channel hides from unprivileged
 * clients; so it is created 0600.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static bool perfmap_wanted;
static pthread_mutex_t perfmap_lock = PTHREAD_MUTEX_INITIALIZER;

static void read_env(void)
{
	const char *v = getenv("UMOD_PERF_MAP");

	perfmap_wanted = v && strcmp(v, "") && strcmp(v, "0");
}

static bool wanted(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, read_env);
	return perfmap_wanted;
}

static void map_path(char *path, size_t len)
{
	snprintf(path, len, "/tmp/perf-%d.map", (int)getpid());
}

static bool is_function(const struct load_info *info, size_t idx)
{
	const ElfW(Sym) *sym = &info->syms[idx];
	int t;

	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= info->elf.shnum ||
	    !sym->st_size || !sym->st_name ||
	    ELFW(ST_TYPE)(sym->st_info) != STT_FUNC)
		return false;
	t = info->sec_type[sym->st_shndx];
	return (t == MOD_TEXT || t == MOD_INIT_TEXT) && !gdbjit_entry_alias(info, idx);
}

/* The lines, as kallsyms names module code: "name [module]". */
static char *format_lines(const struct load_info *info, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	for (size_t i = 1; i < info->elf.nsyms; i++) {
		const ElfW(Sym) *sym = &info->syms[i];

		if (is_function(info, i))
			fprintf(f, "%llx %llx %s [%s]\n",
				(unsigned long long)sym->st_value,
				(unsigned long long)sym->st_size,
				umod_elf_sym_name(&info->elf, sym), info->name);
	}
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

void perfmap_add(const struct load_info *info)
{
	char path[64], *lines;
	size_t len;
	int fd;

	if (!wanted())
		return;
	lines = format_lines(info, &len);
	if (!lines)
		return;
	map_path(path, sizeof(path));
	pthread_mutex_lock(&perfmap_lock);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write(fd, lines, len) != (ssize_t)len)
		umod_log(info->ctx, UMOD_LOG_WARNING, "%s: cannot add to %s: %m",
			 info->name, path);
	if (fd >= 0)
		close(fd);
	pthread_mutex_unlock(&perfmap_lock);
	free(lines);
}

/* A line of mod's, in [lo, hi) if hi is not 0. */
static bool line_goes(const char *line, const struct module *mod,
		      uintptr_t lo, uintptr_t hi)
{
	const char *tag = strrchr(line, '[');
	unsigned long long start = strtoull(line, NULL, 16);

	if (!tag || strncmp(tag + 1, mod->name, strlen(mod->name)) ||
	    strcmp(tag + 1 + strlen(mod->name), "]\n"))
		return false;
	return !hi || (start >= lo && start < hi);
}

/* Rewrite the map without mod's lines (in [lo, hi), if hi is not 0),
 * and rename it over: perf never reads half a map. */
static void remove_lines(const struct module *mod, uintptr_t lo, uintptr_t hi)
{
	char path[64], tmp[80], *line = NULL;
	FILE *in, *out = NULL;
	size_t cap = 0;
	int fd;

	map_path(path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	pthread_mutex_lock(&perfmap_lock);
	in = fopen(path, "re");
	if (!in)
		goto out;		/* no map, nothing to remove */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0 && !(out = fdopen(fd, "w")))
		close(fd);
	if (!out)
		goto fail;
	while (getline(&line, &cap, in) > 0)
		if (!line_goes(line, mod, lo, hi))
			fputs(line, out);
	if (fclose(out) || rename(tmp, path)) {
		unlink(tmp);
		goto fail;
	}
	goto out;
fail:
	umod_log(mod->ctx, UMOD_LOG_WARNING, "%s: cannot rewrite %s: %m",
		 mod->name, path);
out:
	if (in)
		fclose(in);
	pthread_mutex_unlock(&perfmap_lock);
	free(line);
}

/* Init text has a block of its own, or is folded into the core text's
 * (load.c): either way mem[MOD_INIT_TEXT] says where it is. */
void perfmap_drop_init(const struct module *mod)
{
	const struct module_memory *m = &mod->mem[MOD_INIT_TEXT];
	uintptr_t lo = (uintptr_t)m->base;

	if (wanted() && m->size)
		remove_lines(mod, lo, lo + m->size);
}

void perfmap_remove(const struct module *mod)
{
	if (wanted())
		remove_lines(mod, 0, 0);
}
