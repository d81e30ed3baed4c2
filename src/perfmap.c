// SPDX-License-Identifier: MIT
/*
 * perfmap.c - module functions in /tmp/perf-PID.map, perf's map for code
 * it finds in no file: one "START SIZE name" line a function, in hex.
 *
 * Opt-in (UMOD_PERF_MAP=1 in the host's environment), as JITs make it
 * (node --perf-basic-prof, PYTHONPERFSUPPORT): the file grows with every
 * load and is never cleaned, and it shows module addresses, which the
 * control channel hides from unprivileged clients; so it is created 0600.
 * perf reads it after the run, with no notion of time: lines are only
 * appended, so samples taken before an unload are still named; a later
 * module placed at the same address adds lines of its own.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static bool perfmap_wanted;

static void read_env(void)
{
	const char *v = getenv("UMOD_PERF_MAP");

	perfmap_wanted = v && strcmp(v, "") && strcmp(v, "0");
}

static bool is_function(const struct load_info *info, const Elf64_Sym *sym)
{
	int t;

	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= info->elf.shnum ||
	    !sym->st_size || !sym->st_name ||
	    ELF64_ST_TYPE(sym->st_info) != STT_FUNC)
		return false;
	t = info->sec_type[sym->st_shndx];
	return t == MOD_TEXT || t == MOD_INIT_TEXT;
}

/* The lines, as kallsyms names module code: "name [module]". */
static char *format_lines(const struct load_info *info, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	for (size_t i = 1; i < info->elf.nsyms; i++) {
		const Elf64_Sym *sym = &info->syms[i];

		if (is_function(info, sym))
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
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	char path[64], *lines;
	size_t len;
	int fd;

	pthread_once(&once, read_env);
	if (!perfmap_wanted)
		return;
	lines = format_lines(info, &len);
	if (!lines)
		return;
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	/* One write a module: O_APPEND keeps concurrent loads' lines whole. */
	if (fd < 0 || write(fd, lines, len) != (ssize_t)len)
		umod_log(info->ctx, UMOD_LOG_WARNING, "%s: cannot add to %s: %m",
			 info->name, path);
	if (fd >= 0)
		close(fd);
	free(lines);
}
