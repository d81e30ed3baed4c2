// SPDX-License-Identifier: MIT
/*
 * test-hostile - each class of bad input, many cases of each, against
 * the loader and the control channel: the cases behind the table in
 * docs/robustness.md.
 *
 * Module files are damaged copies of the gcc -O2 corpus, loaded from
 * memory into a host whose COMING notifier refuses every load, so no
 * damaged code ever runs: a file that passes every check is "accepted"
 * (refused at COMING, -EPERM).  After each case the host must be as
 * before (host.c's snapshot, heap included).  Protocol cases are sent
 * to a live control channel on a socket, which must answer each in form
 * and keep serving.  HOSTILE_TABLE=1 prints, per class, each distinct
 * answer (numbers and names folded) with its count.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "proto.h"
#include "tap.h"
#include "robust/host.h"

#ifndef SHN_X86_64_LCOMMON
#define SHN_X86_64_LCOMMON 0xff02	/* large COMMON, -mcmodel=large */
#endif

static struct umod_ctx *ctx;
static char moddir[1200], tmp[] = "/tmp/test-hostile.XXXXXX", sock[256];
static char before[1 << 18], after[1 << 18];

/* ---- Outcomes: counted per class, answers folded for the table ---- */

#define MAX_KINDS 64

struct cls {
	const char *name;
	unsigned long cases, accepted, refused;
	char why[512];				/* the first case gone wrong */
	struct { char text[160]; unsigned long n; } kinds[MAX_KINDS];
	unsigned int nkinds;
};

/* "hello: section 12 at 0x40" -> "<mod>: section N at 0xN" */
static void fold(const char *mod, const char *msg, char *out, size_t len)
{
	size_t n = 0, ml = mod ? strlen(mod) : 0;

	for (const char *p = msg; *p && n + 8 < len; ) {
		if (ml && !strncmp(p, mod, ml) && !isalnum((unsigned char)p[ml]) &&
		    p[ml] != '_') {
			n += snprintf(out + n, len - n, "<mod>");
			p += ml;
		} else if (p[0] == '0' && p[1] == 'x') {
			n += snprintf(out + n, len - n, "0xN");
			for (p += 2; isxdigit((unsigned char)*p); p++)
				;
		} else if (isdigit((unsigned char)*p)) {
			out[n++] = 'N';
			while (isdigit((unsigned char)*p))
				p++;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
}

static void note(struct cls *c, int ret, const char *mod, const char *msg)
{
	char text[160], folded[140];
	unsigned int i;

	fold(mod, msg, folded, sizeof(folded));
	snprintf(text, sizeof(text), "%s %s", ret ? strerrorname_np(-ret) : "ok",
		 folded);
	for (i = 0; i < c->nkinds; i++)
		if (!strcmp(c->kinds[i].text, text))
			break;
	if (i == c->nkinds && c->nkinds < MAX_KINDS)
		snprintf(c->kinds[c->nkinds++].text, sizeof(text), "%s", text);
	if (i < c->nkinds)
		c->kinds[i].n++;
}

static void wrong(struct cls *c, const char *fmt, ...)
{
	va_list ap;

	if (c->why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
}

static void report(struct cls *c, const char *what)
{
	ok(!c->why[0] && c->cases, "%s: %lu cases, %lu refused, %lu accepted; %s",
	   c->name, c->cases, c->refused, c->accepted, what);
	if (c->why[0])
		diag("%s", c->why);
	if (getenv("HOSTILE_TABLE"))
		for (unsigned int i = 0; i < c->nkinds; i++)
			diag("  %6lu  %s", c->kinds[i].n, c->kinds[i].text);
}

/* ---- Module images ---- */

struct image {
	char name[64];			/* the module's */
	unsigned char *d;
	size_t len;
};

static struct image corpus[64];
static unsigned int ncorpus;

static Elf64_Ehdr *ehdr(struct image *m)
{
	return (Elf64_Ehdr *)m->d;
}

static Elf64_Shdr *shdr(struct image *m, unsigned int i)
{
	return (Elf64_Shdr *)(m->d + ehdr(m)->e_shoff) + i;
}

static const char *secname(struct image *m, unsigned int i)
{
	return (const char *)m->d + shdr(m, ehdr(m)->e_shstrndx)->sh_offset +
	       shdr(m, i)->sh_name;
}

static unsigned int find_type(struct image *m, unsigned int type, unsigned int from)
{
	for (unsigned int i = from; i < ehdr(m)->e_shnum; i++)
		if (shdr(m, i)->sh_type == type)
			return i;
	return 0;
}

static unsigned int find_sec(struct image *m, const char *name)
{
	for (unsigned int i = 1; i < ehdr(m)->e_shnum; i++)
		if (!strcmp(secname(m, i), name))
			return i;
	return 0;
}

static Elf64_Sym *syms(struct image *m, size_t *n)
{
	Elf64_Shdr *s = shdr(m, find_type(m, SHT_SYMTAB, 1));

	*n = s->sh_size / sizeof(Elf64_Sym);
	return (Elf64_Sym *)(m->d + s->sh_offset);
}

static struct image *copy(const struct image *src)
{
	static struct image m;

	free(m.d);
	m = *src;
	m.d = malloc(src->len);
	memcpy(m.d, src->d, src->len);
	return &m;
}

/* Load m as is; check the host after; count and fold the answer. */
static int try_load(struct cls *c, struct image *m, size_t len, unsigned int flags)
{
	char why[1024];
	struct module *mod = NULL;
	int ret;

	bool accepted;

	robust_snapshot(ctx, before, sizeof(before), true);
	ret = umod_load_image(ctx, m->d, len, NULL, flags, &mod);
	robust_snapshot(ctx, after, sizeof(after), true);
	c->cases++;
	accepted = ret == -EPERM && strstr(umod_errmsg(), "refused by a notifier");
	if (accepted)
		c->accepted++;
	else if (ret < 0 && *umod_errmsg())
		c->refused++;
	else
		wrong(c, "%s: load returned %d (%s)", m->name, ret, umod_errmsg());
	if (robust_diff(before, after, why, sizeof(why)))
		wrong(c, "%s: the host changed: %s", m->name, why);
	note(c, accepted ? 0 : ret, m->name, accepted ? "reached COMING" : umod_errmsg());
	return ret;
}

static int refuse_coming(struct module *mod, enum module_state s, void *arg)
{
	return s == MODULE_STATE_COMING ? -EPERM : 0;
}

/* ---- The classes ---- */

static void truncated(struct cls *c)
{
	for (unsigned int k = 0; k < ncorpus; k++) {
		struct image *m = copy(&corpus[k]);
		size_t cuts[] = { 0, 1, 15, 16, 63, 64, 65, 200 };

		for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
			try_load(c, m, cuts[i] < m->len ? cuts[i] : 0, 0);
		for (size_t i = 1; i < 32; i++)
			try_load(c, m, m->len * i / 32, 0);
		try_load(c, m, m->len - 1, 0);
	}
}

static void bad_offsets(struct cls *c)
{
	for (unsigned int k = 0; k < ncorpus; k++) {
		unsigned int n = ehdr(&corpus[k])->e_shnum;
		static const uint64_t offs[] = { 1, 0x7fffffff, 1ull << 40, ~0ull };

		for (unsigned int i = 1; i < n; i++)
			for (size_t j = 0; j < 4; j++) {
				struct image *m = copy(&corpus[k]);
				Elf64_Shdr *s = shdr(m, i);

				if (s->sh_type == SHT_NOBITS || s->sh_type == SHT_NULL)
					continue;
				s->sh_offset = j ? offs[j] : m->len - s->sh_size / 2 + 1;
				try_load(c, m, m->len, 0);
			}
		for (size_t j = 0; j < 4; j++) {
			struct image *m = copy(&corpus[k]);

			ehdr(m)->e_shoff = j ? offs[j] : m->len - 64;
			try_load(c, m, m->len, 0);
		}
	}
}

/* Sections laid over one another: relocations over the headers or the
 * symbols, symbols over the strings, code over data. */
static void overlapping(struct cls *c)
{
	for (unsigned int k = 0; k < ncorpus; k++) {
		unsigned int n = ehdr(&corpus[k])->e_shnum;

		for (unsigned int i = 1; i < n; i++) {
			struct image *m = copy(&corpus[k]);
			Elf64_Shdr *s = shdr(m, i);
			unsigned int j = i % (n - 1) + 1;

			if (s->sh_type == SHT_NOBITS)
				continue;
			if (s->sh_type == SHT_RELA) {
				/* over the section headers, as far as they go */
				size_t room = (size_t)n * sizeof(Elf64_Shdr);

				s->sh_offset = ehdr(m)->e_shoff;
				if (s->sh_size > room)
					s->sh_size = room / sizeof(Elf64_Rela) * sizeof(Elf64_Rela);
			} else if (shdr(m, j)->sh_type != SHT_NOBITS &&
				   shdr(m, j)->sh_size >= s->sh_size) {
				s->sh_offset = shdr(m, j)->sh_offset;	/* onto another */
			} else {
				s->sh_offset = ehdr(m)->e_shoff;
				if (s->sh_size > (size_t)n * sizeof(Elf64_Shdr))
					continue;
			}
			try_load(c, m, m->len, 0);
		}
	}
}

static void symbol_indices(struct cls *c)
{
	for (unsigned int k = 0; k < ncorpus; k++) {
		size_t nsyms;
		struct image *m;
		Elf64_Sym *sym;

		/* relocations naming symbols past the table */
		for (unsigned int r = find_type(&corpus[k], SHT_RELA, 1); r;
		     r = find_type(&corpus[k], SHT_RELA, r + 1)) {
			static const uint32_t past[] = { 0, 1, 1000, 0xffffffff };

			for (size_t j = 0; j < 4; j++) {
				Elf64_Rela *rel;

				m = copy(&corpus[k]);
				syms(m, &nsyms);
				rel = (Elf64_Rela *)(m->d + shdr(m, r)->sh_offset);
				rel->r_info = ELF64_R_INFO(nsyms + past[j], ELF64_R_TYPE(rel->r_info));
				try_load(c, m, m->len, 0);
			}
		}
		/* symbols naming sections past the table, or reserved ones */
		m = copy(&corpus[k]);
		sym = syms(m, &nsyms);
		for (size_t i = 1; i < nsyms; i++) {
			static const uint16_t idx[] = { 0x400, 0xfeff, 0xff00, 0xff1f, 0xff3f };

			for (size_t j = 0; j < 5; j++) {
				m = copy(&corpus[k]);
				sym = syms(m, &nsyms);
				if (sym[i].st_shndx == SHN_UNDEF || sym[i].st_shndx >= SHN_LORESERVE)
					break;
				sym[i].st_shndx = j ? idx[j] : ehdr(m)->e_shnum;
				try_load(c, m, m->len, 0);
			}
		}
		/* names past the string table */
		m = copy(&corpus[k]);
		sym = syms(m, &nsyms);
		sym[nsyms - 1].st_name = 0x7fffffff;
		try_load(c, m, m->len, 0);
	}
}

static void relocations_past(struct cls *c)
{
	for (unsigned int k = 0; k < ncorpus; k++)
		for (unsigned int r = find_type(&corpus[k], SHT_RELA, 1); r;
		     r = find_type(&corpus[k], SHT_RELA, r + 1)) {
			static const int64_t past[] = { 0, -1, -2, -3, -7, 4096, INT64_MAX };

			for (size_t j = 0; j < 7; j++) {
				struct image *m = copy(&corpus[k]);
				Elf64_Shdr *s = shdr(m, r);
				Elf64_Rela *rel = (Elf64_Rela *)(m->d + s->sh_offset);
				size_t nrel = s->sh_size / sizeof(*rel);
				uint64_t size = shdr(m, s->sh_info)->sh_size;

				/* the last relocation, whose type has its width */
				rel[nrel - 1].r_offset = j == 6 ? (uint64_t)past[j] :
							 size + past[j];
				try_load(c, m, m->len, 0);
			}
		}
}

static void relocation_types(struct cls *c)
{
	for (unsigned int k = 0; k < ncorpus; k++) {
		unsigned int r = find_sec(&corpus[k], ".rela.text");

		if (!r)
			continue;
		for (unsigned int type = 0; type < 64; type++) {
			struct image *m = copy(&corpus[k]);
			Elf64_Rela *rel = (Elf64_Rela *)(m->d + shdr(m, r)->sh_offset);

			rel->r_info = ELF64_R_INFO(ELF64_R_SYM(rel->r_info), type);
			try_load(c, m, m->len, 0);
		}
		for (unsigned int type = 64; type < 1u << 31; type = type * 3 + 1) {
			struct image *m = copy(&corpus[k]);
			Elf64_Rela *rel = (Elf64_Rela *)(m->d + shdr(m, r)->sh_offset);

			rel->r_info = ELF64_R_INFO(ELF64_R_SYM(rel->r_info), type);
			try_load(c, m, m->len, 0);
		}
	}
}

static void huge_sizes(struct cls *c)
{
	static const uint64_t sizes[] = {
		1ull << 32, 1ull << 40, (1ull << 40) + 1, 1ull << 62, ~0ull, ~0ull - 4095,
	};

	for (unsigned int k = 0; k < ncorpus; k++) {
		unsigned int n = ehdr(&corpus[k])->e_shnum;

		for (unsigned int i = 1; i < n; i++)
			for (size_t j = 0; j < 6; j++) {
				struct image *m = copy(&corpus[k]);
				Elf64_Shdr *s = shdr(m, i);

				if (!(s->sh_flags & SHF_ALLOC))
					break;
				if (s->sh_type == SHT_NOBITS)
					s->sh_size = sizes[j];
				else
					s->sh_addralign = sizes[j] & -sizes[j];	/* a power of 2 */
				try_load(c, m, m->len, 0);
			}
		for (size_t j = 0; j < 2; j++) {
			struct image *m = copy(&corpus[k]);

			ehdr(m)->e_shnum = j ? 0xffff : 0x8000;
			try_load(c, m, m->len, 0);
		}
	}
}

static void common_symbols(struct cls *c)
{
	for (unsigned int k = 0; k < ncorpus; k++) {
		size_t nsyms;
		Elf64_Sym *sym = syms(&corpus[k], &nsyms);

		for (size_t i = 1; i < nsyms; i++) {
			struct image *m;

			if (ELF64_ST_BIND(sym[i].st_info) != STB_GLOBAL ||
			    sym[i].st_shndx == SHN_UNDEF)
				continue;
			for (int j = 0; j < 2; j++) {
				Elf64_Sym *s;

				m = copy(&corpus[k]);
				s = syms(m, &nsyms);
				s[i].st_shndx = j ? SHN_X86_64_LCOMMON : SHN_COMMON;
				try_load(c, m, m->len, 0);
			}
		}
	}
}

/* A module exporting what the host or another module exports. */
static void duplicate_exports(struct cls *c)
{
	char path[1300];
	static const char *const stacked[] = { "stack_a", "stack_b" };

	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s.ko", moddir, stacked[i]);
		umod_unregister_notifier(ctx, refuse_coming, NULL);
		if (umod_load_file(ctx, path, NULL, 0, NULL))
			wrong(c, "cannot load %s: %s", path, umod_errmsg());
		umod_register_notifier(ctx, refuse_coming, NULL);
	}
	/* With these two in, the module name index may grow once: now. */
	for (unsigned int k = 0; k < ncorpus; k++)
		umod_load_image(ctx, corpus[k].d, corpus[k].len, NULL, 0, NULL);
	for (unsigned int k = 0; k < ncorpus; k++) {
		struct image *m = copy(&corpus[k]);

		/* the corpus's own: a host export, another module's */
		if (!strcmp(m->name, "duphost") || !strcmp(m->name, "dupexp"))
			try_load(c, m, m->len, 0);
	}
	for (unsigned int k = 0; k < ncorpus; k++) {
		struct image *m = copy(&corpus[k]);
		unsigned int i = find_sec(m, ".modinfo");
		char *p, *end;

		if (strcmp(m->name, "stack_a") && strcmp(m->name, "stack_b"))
			continue;
		/* the same exports under another name */
		p = (char *)m->d + shdr(m, i)->sh_offset;
		end = p + shdr(m, i)->sh_size;
		for (; p < end; p += strlen(p) + 1)
			if (!strncmp(p, "name=stack_", 11))
				p[5] = 'x';
		try_load(c, m, m->len, 0);
	}
	umod_unregister_notifier(ctx, refuse_coming, NULL);
	umod_unload(ctx, "stack_b", 0);
	umod_unload(ctx, "stack_a", 0);
	umod_register_notifier(ctx, refuse_coming, NULL);
}

static void set_modinfo(struct image *m, const char *key, const char *value)
{
	unsigned int i = find_sec(m, ".modinfo");
	char *p = (char *)m->d + shdr(m, i)->sh_offset, *end = p + shdr(m, i)->sh_size;
	size_t kl = strlen(key);

	/* In place: the new value is cut to the old one's length, NULs
	 * fill the rest; NULL renames the key away. */
	for (; p < end; p += strlen(p) + 1)
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			size_t room = strlen(p + kl + 1);

			memset(p + kl + 1, 0, room);
			if (value)
				memcpy(p + kl + 1, value, strlen(value) < room ? strlen(value) : room);
			else
				p[0] = 'X';
			return;
		}
}

static void vermagic(struct cls *c)
{
	static const char *const magics[] = {
		"2.6.32 SMP mod_unload ", "umod-2 SMP mod_unload ", "umod-1 SMP ",
		"umod-1 SMP mod_unload modversions ", "", "umod-1",
	};

	for (unsigned int k = 0; k < ncorpus; k++) {
		for (size_t j = 0; j < 6; j++) {
			struct image *m = copy(&corpus[k]);

			set_modinfo(m, "vermagic", magics[j]);
			try_load(c, m, m->len, 0);
		}
		{
			struct image *m = copy(&corpus[k]);

			set_modinfo(m, "vermagic", NULL);
			try_load(c, m, m->len, 0);
		}
	}
}

/* Names from .modinfo that would be paths, hidden files, or too long. */
static void path_names(struct cls *c)
{
	static const char *const names[] = {
		"../../etc/x", "a/b", "/abs", "..", ".hidden", "a b", "tab\tname",
		"new\nline", "\x7f", "",
		"a_name_of_fifty_six_characters_is_too_long_for_a_module_",
	};

	for (unsigned int k = 0; k < ncorpus; k++)
		for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
			struct image *m = copy(&corpus[k]);

			set_modinfo(m, "name", names[j]);
			try_load(c, m, m->len, 0);
		}
}

/* ---- The control channel ---- */

static int connect_host(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct timeval tv = { 5, 0 };

	strcpy(sa.sun_path, sock);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Send bytes, half-close, read every reply; 0 if each was well formed. */
static int exchange(struct cls *c, const void *msg, size_t len, char *first,
		    size_t flen, int *err)
{
	unsigned char buf[1 << 16];
	size_t got = 0, off = 0;
	ssize_t n;
	int fd = connect_host();

	*err = 0;
	first[0] = '\0';
	if (fd < 0)
		return -1;
	if (len && send(fd, msg, len, MSG_NOSIGNAL) < 0 && errno != ECONNRESET &&
	    errno != EPIPE) {
		close(fd);
		return -1;
	}
	shutdown(fd, SHUT_WR);
	while (got < sizeof(buf) && (n = recv(fd, buf + got, sizeof(buf) - got, 0)) > 0)
		got += n;
	close(fd);
	while (off + UMOD_PROTO_HDR_LEN <= got) {
		struct umod_msg_hdr h;
		struct umod_attr_iter it;
		struct umod_attr_val a;
		uint32_t v;
		int r;

		if (umod_hdr_decode(buf + off, &h) || h.len > got - off - UMOD_PROTO_HDR_LEN)
			return -1;
		umod_attr_iter_init(&it, buf + off + UMOD_PROTO_HDR_LEN, h.len);
		while ((r = umod_attr_next(&it, &a)) > 0) {
			if (a.type == UMOD_A_ERRNO && !umod_attr_u32(&a, &v))
				*err = v;
			if (a.type == UMOD_A_MSG && umod_attr_str(&a) && !first[0])
				snprintf(first, flen, "%s", umod_attr_str(&a));
		}
		if (r < 0)
			return -1;
		off += UMOD_PROTO_HDR_LEN + h.len;
	}
	return off == got ? 0 : -1;
}

/* The host's answer to a protocol case: an error, or served. */
static void answered(struct cls *c, int err, const char *msg)
{
	c->cases++;
	if (err)
		c->refused++;
	else
		c->accepted++;
	note(c, -err, NULL, msg);
}

static size_t request(unsigned char *out, size_t cap, unsigned int op,
		      uint32_t flags, const char *name)
{
	struct umod_wbuf b = { 0 };
	size_t msg = umod_msg_begin(&b, op, flags), n;

	if (name)
		umod_put_str(&b, UMOD_A_NAME, name);
	umod_msg_end(&b, msg, 0);
	n = b.len < cap ? b.len : cap;
	memcpy(out, b.data, n);
	umod_wbuf_free(&b);
	return n;
}

static void protocol(struct cls *garbage, struct cls *oversized)
{
	unsigned char base[256], msg[256], big[64];
	char first[256], why[1024];
	unsigned int seed = 1;
	struct umod_msg_hdr h = { UMOD_PROTO_MAGIC, UMOD_PROTO_VERSION, UMOD_OP_LIST, 0, 0 };
	size_t len = request(base, sizeof(base), UMOD_OP_PARAM_GET, 0, "params");
	int err;

	robust_snapshot(ctx, before, sizeof(before), false);
	/* Every single byte of a request changed, to a few values each. */
	for (size_t i = 0; i < len; i++)
		for (unsigned int v = 0; v < 4; v++) {
			static const unsigned char vals[] = { 0x00, 0xff, 0x7f, 0x80 };

			memcpy(msg, base, len);
			msg[i] ^= vals[v] ? vals[v] : msg[i];
			if (exchange(garbage, msg, len, first, sizeof(first), &err))
				wrong(garbage, "byte %zu: a reply out of form", i);
			answered(garbage, err, first);
		}
	/* Random bytes, and requests cut short. */
	for (int i = 0; i < 200; i++) {
		size_t n = rand_r(&seed) % sizeof(msg);

		for (size_t k = 0; k < n; k++)
			msg[k] = rand_r(&seed);
		if (i % 2)
			memcpy(msg, base, n < 8 ? n : 8);	/* our magic, then noise */
		if (exchange(garbage, msg, n, first, sizeof(first), &err))
			wrong(garbage, "random %d: a reply out of form", i);
		answered(garbage, err, first);
	}
	for (size_t n = 0; n < len; n++) {
		if (exchange(garbage, base, n, first, sizeof(first), &err))
			wrong(garbage, "cut at %zu: a reply out of form", n);
		answered(garbage, err, first);
	}
	/* Lengths past the limit, and names past any module's. */
	for (uint32_t l = UMOD_PROTO_MAX_PAYLOAD + 1; l; l = l < (1u << 31) ? l * 2 : 0) {
		h.len = l;
		umod_hdr_encode(big, &h);
		if (exchange(oversized, big, UMOD_PROTO_HDR_LEN, first, sizeof(first), &err) ||
		    err != EMSGSIZE)
			wrong(oversized, "length %u: errno %d", l, err);
		answered(oversized, err, first);
	}
	{
		size_t n = 1 << 20;
		char *name = malloc(n);
		unsigned char *m = malloc(n + 64);

		memset(name, 'a', n - 64);
		name[n - 64] = '\0';
		n = request(m, n + 64, UMOD_OP_DELETE, UMOD_UNLOAD_NONBLOCK, name);
		if (exchange(oversized, m, n, first, sizeof(first), &err) || !err)
			wrong(oversized, "a 1 MiB name: a reply out of form");
		answered(oversized, err, first);
		free(name);
		free(m);
	}
	robust_snapshot(ctx, after, sizeof(after), false);
	if (robust_diff(before, after, why, sizeof(why)))
		wrong(garbage, "the host changed: %s", why);
	len = request(msg, sizeof(msg), UMOD_OP_LIST, 0, NULL);
	if (exchange(garbage, msg, len, first, sizeof(first), &err) || err)
		wrong(garbage, "the host no longer serves: %d %s", err, first);
}

/* A client whose uid the host does not admit, asking for each change. */
static void unauthorized(struct cls *c)
{
	static const unsigned int ops[] = {
		UMOD_OP_INIT, UMOD_OP_DELETE, UMOD_OP_PARAM_SET, UMOD_OP_LOG,
		UMOD_OP_KERNELD, UMOD_OP_AUTOCLEAN,
	};
	int pipefd[2];
	pid_t pid;

	if (geteuid() != 0) {
		c->cases = 0;
		return;
	}
	if (pipe(pipefd))
		return;
	pid = fork();
	if (pid == 0) {		/* nobody, asking */
		unsigned char msg[256];
		char first[256];
		int err;

		close(pipefd[0]);
		if (setgid(65534) || setuid(65534))
			_exit(2);
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			size_t n = request(msg, sizeof(msg), ops[i], 0, "params");

			if (exchange(c, msg, n, first, sizeof(first), &err))
				err = -1;
			dprintf(pipefd[1], "%d\t%s\n", err, first);
		}
		_exit(0);
	}
	close(pipefd[1]);
	{
		FILE *f = fdopen(pipefd[0], "r");
		char line[512];

		while (f && fgets(line, sizeof(line), f)) {
			int err = atoi(line);

			line[strcspn(line, "\n")] = '\0';
			c->cases++;
			if (err == EPERM)
				c->refused++;
			else
				wrong(c, "an unprivileged request answered %d", err);
			note(c, -err, NULL, strchr(line, '\t') + 1);
		}
		if (f)
			fclose(f);
	}
	waitpid(pid, NULL, 0);
}

/* ---- Setup ---- */

static void read_corpus(void)
{
	DIR *d = opendir(moddir);
	struct dirent *e;

	while (d && (e = readdir(d)) && ncorpus < 64) {
		char path[1500];
		struct image *m = &corpus[ncorpus];
		struct stat st;
		int fd;

		if (!strstr(e->d_name, ".ko"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", moddir, e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0 || fstat(fd, &st) || !(m->d = malloc(st.st_size)) ||
		    read(fd, m->d, st.st_size) != st.st_size)
			abort();
		close(fd);
		m->len = st.st_size;
		snprintf(m->name, sizeof(m->name), "%.*s",
			 (int)(strstr(e->d_name, ".ko") - e->d_name), e->d_name);
		ncorpus++;
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	const char *b = getenv("UMOD_B");
	/* Reachable by nobody, for the unauthorized peer. */
	struct umod_ctl_config cfg = { .size = sizeof(cfg), .path = sock,
				       .socket_mode = 0666 };
	struct umod_ctl *ctl;
	struct cls classes[] = {
		{ "truncated files" }, { "bad offsets" }, { "overlapping sections" },
		{ "symbol indices out of range" }, { "relocations past their section" },
		{ "unknown relocation types" }, { "huge sizes" }, { "COMMON symbols" },
		{ "duplicate exports" }, { "vermagic mismatch" },
		{ "path tricks in module names" }, { "protocol garbage" },
		{ "oversized messages" }, { "unauthorized peers" },
	};

	snprintf(moddir, sizeof(moddir), "%s/tests/modules/gcc-O2", b ? b : "build");
	read_corpus();
	if (!ncorpus) {
		printf("1..0 # SKIP %s not built\n", moddir);
		return 0;
	}
	ctx = robust_ctx_new();
	if (!ctx || umod_register_notifier(ctx, refuse_coming, NULL) || !mkdtemp(tmp))
		return 1;
	snprintf(sock, sizeof(sock), "%s/umodd.sock", tmp);
	chmod(tmp, 0755);
	/* Warm up: everything the loader keeps, allocated once, the low
	 * arena too (a relocation type changed to R_X86_64_32 needs it). */
	for (unsigned int k = 0; k < ncorpus; k++)
		umod_load_image(ctx, corpus[k].d, corpus[k].len, NULL, 0, NULL);
	{
		char low[1300];

		snprintf(low, sizeof(low), "%s/../gcc-kernel/hello.ko", moddir);
		umod_load_file(ctx, low, NULL, 0, NULL);
	}

	truncated(&classes[0]);
	report(&classes[0], "each -ENOEXEC, the host unchanged");
	bad_offsets(&classes[1]);
	report(&classes[1], "the host unchanged");
	overlapping(&classes[2]);
	report(&classes[2], "refused or accepted on their content, the host unchanged");
	symbol_indices(&classes[3]);
	report(&classes[3], "the host unchanged");
	relocations_past(&classes[4]);
	report(&classes[4], "the host unchanged");
	relocation_types(&classes[5]);
	report(&classes[5], "the host unchanged");
	{
		/* Huge alignments take a far arena chunk, kept once made. */
		struct cls warm = { "warm" };

		huge_sizes(&warm);
	}
	huge_sizes(&classes[6]);
	report(&classes[6], "the host unchanged");
	common_symbols(&classes[7]);
	report(&classes[7], "the host unchanged");
	duplicate_exports(&classes[8]);
	report(&classes[8], "the host unchanged");
	vermagic(&classes[9]);
	report(&classes[9], "the host unchanged");
	path_names(&classes[10]);
	report(&classes[10], "the host unchanged");

	if (umod_load_file(ctx, "/dev/null", NULL, 0, NULL) != -ENOEXEC)
		diag("/dev/null loads?");
	if (umod_ctl_start(ctx, &cfg, &ctl)) {
		printf("Bail out! cannot start the control channel\n");
		return 1;
	}
	protocol(&classes[11], &classes[12]);
	report(&classes[11], "each answered in form, the host unchanged and serving");
	report(&classes[12], "each -EMSGSIZE unread, or refused in form");
	unauthorized(&classes[13]);
	if (classes[13].cases)
		report(&classes[13], "each -EPERM");
	else
		ok(1, "# SKIP unauthorized peers need root to become nobody");
	umod_ctl_stop(ctl);
	umod_ctx_free(ctx);
	rmdir(tmp);
	return done_testing();
}
