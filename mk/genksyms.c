// SPDX-License-Identifier: MIT
/*
 * genksyms - symbol versions from preprocessed C, as Linux's
 * scripts/genksyms.
 *
 * Reads one translation unit preprocessed with -D__GENKSYMS__ (under
 * which EXPORT_SYMBOL(sym) becomes the marker __GENKSYMS_EXPORT_SYMBOL(sym))
 * and, for every symbol so marked, writes
 *
 *	__crc_<sym> = 0x<crc>;
 *
 * a linker script line ld -r turns into an absolute symbol of the object,
 * where modpost reads it.  The CRC is genksyms' own: CRC-32 (IEEE,
 * reflected, ~0 in and out) over the symbol's declaration as a token
 * stream, each token followed by a space, with every struct, union, enum
 * and typedef it reaches replaced by its definition, recursively, each
 * expanded once per symbol.  A changed prototype, or a changed field of a
 * struct behind it, changes the CRC; storage classes, attributes, asm
 * labels, parameter names and spelling variants (__const) do not.
 *
 *   genksyms [-d] < file.i	-d: also each expansion, on stderr
 *   genksyms -c SYM < file.i	SYM's CRC alone, as a C #define
 *   genksyms -a < file.i	every declared function and object's, as
 *				C initializers { "name", 0x<crc>u },
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_MARKER	"__GENKSYMS_EXPORT_SYMBOL"

struct vec {
	const char **v;
	size_t n, cap;
};

/* A name's definition: a tag's body "{ ... }", a typedef's or an
 * object's declaration, as tokens. */
struct def {
	struct def *next;		/* every definition, newest first */
	struct def *hnext;		/* hash chain */
	char kind;			/* 's'truct/union/enum tag, 't'ypedef, 'd'ecl */
	const char *name;
	struct vec toks;
	bool visited;			/* expanded already for this symbol */
};

static struct vec toks;			/* the whole unit */
static struct vec exports;
static struct def *defs;
#define DEF_HASH_SIZE	4096		/* a power of two */
static struct def *def_hash[DEF_HASH_SIZE];

static _Noreturn void die(const char *msg)
{
	fprintf(stderr, "genksyms: %s\n", msg);
	exit(1);
}

static void push(struct vec *v, const char *s)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 64;
		v->v = realloc(v->v, v->cap * sizeof(*v->v));
		if (!v->v)
			die("out of memory");
	}
	v->v[v->n++] = s;
}

static bool is(const char *tok, const char *s)
{
	return tok && !strcmp(tok, s);
}

static bool is_ident(const char *tok)
{
	return tok && (isalpha((unsigned char)*tok) || *tok == '_' || *tok == '$');
}

static bool in_list(const char *tok, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(tok, *list))
			return true;
	return false;
}

/* ---- Tokens ---- */

static const char *const puncts3[] = { "...", "<<=", ">>=", NULL };
static const char *const puncts2[] = { "->", "++", "--", "<<", ">>", "<=",
	">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=", "-=", "&=",
	"^=", "|=", "##", NULL };

static size_t token_len(const char *p)
{
	const char *q = p;
	char quote;

	if (is_ident(p)) {
		while (isalnum((unsigned char)*q) || *q == '_' || *q == '$')
			q++;
		if (*q == '"' || *q == '\'')	/* L"..", u8"..": one token */
			return (size_t)(q - p) + token_len(q);
		return (size_t)(q - p);
	}
	if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
		while (isalnum((unsigned char)*q) || *q == '_' || *q == '.' ||
		       ((*q == '+' || *q == '-') && strchr("eEpP", q[-1])))
			q++;
		return (size_t)(q - p);
	}
	if (*p == '"' || *p == '\'') {
		for (quote = *q++; *q && *q != quote && *q != '\n'; q++)
			if (*q == '\\' && q[1])
				q++;
		return (size_t)(q - p) + (*q == quote);
	}
	for (const char *const *s = puncts3; *s; s++)
		if (!strncmp(p, *s, 3))
			return 3;
	for (const char *const *s = puncts2; *s; s++)
		if (!strncmp(p, *s, 2))
			return 2;
	return 1;
}

/* Splits the unit into tokens, dropping line markers and pragmas. */
static void tokenize(char *text)
{
	bool line_start = true;

	for (char *p = text; *p;) {
		size_t len;
		char *tok;

		if (*p == '\n') {
			line_start = true;
			p++;
			continue;
		}
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (line_start && *p == '#') {
			p += strcspn(p, "\n");
			continue;
		}
		line_start = false;
		len = token_len(p);
		tok = strndup(p, len);
		if (!tok)
			die("out of memory");
		push(&toks, tok);
		p += len;
	}
}

/* The index past the group opening at i ("(", "[" or "{"). */
static size_t skip_group(const struct vec *v, size_t i)
{
	int depth = 0;

	for (; i < v->n; i++) {
		const char *t = v->v[i];

		if (is(t, "(") || is(t, "[") || is(t, "{"))
			depth++;
		else if ((is(t, ")") || is(t, "]") || is(t, "}")) && --depth == 0)
			return i + 1;
	}
	return i;
}

/* ---- Definitions ---- */

static unsigned int def_hash_of(char kind, const char *name)
{
	uint32_t h = 2166136261u ^ (unsigned char)kind;	/* FNV-1a */

	while (*name)
		h = (h ^ (unsigned char)*name++) * 16777619u;
	return h & (DEF_HASH_SIZE - 1);
}

static struct def *find_def(char kind, const char *name)
{
	for (struct def *d = def_hash[def_hash_of(kind, name)]; d; d = d->hnext)
		if (d->kind == kind && !strcmp(d->name, name))
			return d;
	return NULL;
}

/* The latest definition wins: a function's body after its prototype. */
static struct def *new_def(char kind, const char *name)
{
	struct def *d = find_def(kind, name);

	if (d) {
		d->toks.n = 0;
		return d;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		die("out of memory");
	d->kind = kind;
	d->name = name;
	d->next = defs;
	defs = d;
	d->hnext = def_hash[def_hash_of(kind, name)];
	def_hash[def_hash_of(kind, name)] = d;
	return d;
}

static void copy(struct vec *to, const struct vec *from, size_t i, size_t end)
{
	for (; i < end; i++)
		push(to, from->v[i]);
}

static bool is_typedef(const char *t)
{
	return find_def('t', t) != NULL;
}

static const char *const type_words[] = { "void", "char", "short", "int",
	"long", "float", "double", "signed", "unsigned", "_Bool", "_Complex",
	"__int128", "__signed", "__signed__", "__builtin_va_list", "_Float16",
	"_Float32", "_Float64", "_Float128", "__float128", "__fp16", NULL };
static const char *const spec_words[] = { "typedef", "extern", "static",
	"inline", "__inline", "__inline__", "register", "auto", "_Noreturn",
	"__extension__", "_Thread_local", "__thread", "const", "__const",
	"__const__", "volatile", "__volatile", "__volatile__", "restrict",
	"__restrict", "__restrict__", "_Atomic", NULL };
static const char *const attr_words[] = { "__attribute__", "__attribute",
	"__asm__", "__asm", "asm", "_Alignas", "__declspec", NULL };
static const char *const tag_words[] = { "struct", "union", "enum", NULL };

/* The index past attributes (and asm labels) from i, if any. */
static size_t skip_attrs(const struct vec *v, size_t i, size_t end)
{
	while (i < end && in_list(v->v[i], attr_words))
		i = i + 1 < end && is(v->v[i + 1], "(") ? skip_group(v, i + 1) : i + 1;
	return i;
}

/* Every tag defined within [i, end): C gives nested ones file scope. */
static void record_tags(const struct vec *v, size_t i, size_t end)
{
	for (; i < end; i++) {
		size_t tag = skip_attrs(v, i + 1, end), close;
		struct def *d;

		if (!in_list(v->v[i], tag_words) || tag + 1 >= end ||
		    !is_ident(v->v[tag]) || !is(v->v[tag + 1], "{"))
			continue;
		close = skip_group(v, tag + 1);
		d = new_def('s', v->v[tag]);
		copy(&d->toks, v, tag + 1, close);
		record_tags(v, tag + 2, close - 1);
		i = close - 1;
	}
}

/* Declaration specifiers from i: the index past them.  After a type is
 * named, an identifier is the declarator's, typedef name or not. */
static size_t skip_specifiers(const struct vec *v, size_t i, size_t end)
{
	bool typed = false;

	while (i < end) {
		const char *t = v->v[i];

		if (in_list(t, attr_words)) {
			i = skip_attrs(v, i, end);
		} else if (in_list(t, spec_words)) {
			i++;
		} else if (in_list(t, type_words)) {
			typed = true;
			i++;
		} else if (in_list(t, tag_words)) {
			typed = true;
			i = skip_attrs(v, i + 1, end);
			if (i < end && is_ident(v->v[i]))
				i++;
			if (i < end && is(v->v[i], "{"))
				i = skip_group(v, i);
		} else if (is(t, "typeof") || is(t, "__typeof__") || is(t, "__typeof")) {
			typed = true;
			i = skip_group(v, i + 1);
		} else if (!typed && is_ident(t) && is_typedef(t)) {
			typed = true;
			i++;
		} else {
			break;
		}
	}
	return i;
}

/* A declarator's name: its first identifier that is no keyword. */
static size_t declarator_name(const struct vec *v, size_t i, size_t end)
{
	for (; i < end; i++) {
		const char *t = v->v[i];

		if (in_list(t, attr_words)) {
			i = skip_attrs(v, i, end) - 1;
			continue;
		}
		if (is(t, "(") && i + 1 < end && (is(v->v[i + 1], ")") ||
		    in_list(v->v[i + 1], type_words) || is_typedef(v->v[i + 1])))
			return end;	/* a parameter list: abstract */
		if (is_ident(t) && !in_list(t, spec_words))
			return i;
		if (is(t, "["))
			return end;
	}
	return end;
}

/* Where a declarator ends: ",", ";", "=" or a body's "{" outside groups. */
static size_t declarator_end(const struct vec *v, size_t i)
{
	while (i < v->n && !is(v->v[i], ",") && !is(v->v[i], ";") &&
	       !is(v->v[i], "=") && !is(v->v[i], "{")) {
		if (is(v->v[i], "(") || is(v->v[i], "["))
			i = skip_group(v, i);
		else
			i++;
	}
	return i;
}

/* Parameter names say nothing of the ABI: the declaration without them. */
static void copy_unnamed(struct vec *to, const struct vec *v, size_t i,
			 size_t end, size_t name)
{
	size_t open = name + 1;

	while (open < end && is(v->v[open], ")"))
		open++;
	if (open >= end || !is(v->v[open], "(")) {
		copy(to, v, i, end);
		return;
	}
	copy(to, v, i, open + 1);
	for (size_t p = open + 1, close = skip_group(v, open) - 1; p < close;) {
		size_t spec = skip_specifiers(v, p, close), q = spec, pn;

		while (q < close && !is(v->v[q], ","))
			q = is(v->v[q], "(") || is(v->v[q], "[") ? skip_group(v, q) : q + 1;
		pn = declarator_name(v, spec, q);
		for (; p < q; p++)
			if (p != pn)
				push(to, v->v[p]);
		if (p < close)
			push(to, v->v[p++]);	/* , */
	}
	copy(to, v, skip_group(v, open) - 1, end);
}

/* One declaration, from i: each declarator recorded under its name. */
static size_t declaration(size_t i)
{
	size_t spec_end = skip_specifiers(&toks, i, toks.n), d = spec_end;
	bool is_td = false;

	record_tags(&toks, i, spec_end);
	for (size_t k = i; k < spec_end; k++)
		is_td |= is(toks.v[k], "typedef");
	for (;;) {
		size_t end = declarator_end(&toks, d);
		size_t name = declarator_name(&toks, d, end);

		if (name < end) {
			struct def *def = new_def(is_td ? 't' : 'd', toks.v[name]);

			copy(&def->toks, &toks, i, spec_end);
			copy_unnamed(&def->toks, &toks, d, end, name);
		}
		if (end >= toks.n)
			return end;
		if (is(toks.v[end], "{"))		/* a function's body */
			return skip_group(&toks, end);
		if (is(toks.v[end], "=")) {		/* an initializer */
			for (end++; end < toks.n && !is(toks.v[end], ",") &&
			     !is(toks.v[end], ";");)
				end = is(toks.v[end], "(") || is(toks.v[end], "[") ||
				      is(toks.v[end], "{") ? skip_group(&toks, end) : end + 1;
		}
		if (end >= toks.n || is(toks.v[end], ";"))
			return end + 1;
		d = end + 1;				/* , */
	}
}

static void parse(void)
{
	for (size_t i = 0; i < toks.n;) {
		const char *t = toks.v[i];

		if (is(t, ";")) {
			i++;
		} else if (is(t, EXPORT_MARKER) && i + 2 < toks.n) {
			push(&exports, toks.v[i + 2]);
			i = skip_group(&toks, i + 1);
		} else if (in_list(t, attr_words) || is(t, "_Static_assert")) {
			i = skip_group(&toks, i + 1);	/* top-level asm(), asserts */
		} else {
			size_t next = declaration(i);

			i = next > i ? next : i + 1;
		}
	}
}

/* ---- Expansion and the CRC ---- */

static uint32_t crc32_add(uint32_t crc, const char *s)
{
	for (; *s; s++) {
		crc ^= (unsigned char)*s;
		for (int k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320u & -(crc & 1));
	}
	return crc;
}

struct out {
	uint32_t crc;
	FILE *dump;
};

static void emit(struct out *o, const char *t)
{
	static const char *const same[][2] = {
		{ "__const", "const" }, { "__const__", "const" },
		{ "__volatile", "volatile" }, { "__volatile__", "volatile" },
		{ "__restrict", "restrict" }, { "__restrict__", "restrict" },
		{ "__signed", "signed" }, { "__signed__", "signed" },
		{ "__typeof", "typeof" }, { "__typeof__", "typeof" },
	};

	for (size_t k = 0; k < sizeof(same) / sizeof(same[0]); k++)
		if (!strcmp(t, same[k][0]))
			t = same[k][1];
	o->crc = crc32_add(crc32_add(o->crc, t), " ");
	if (o->dump)
		fprintf(o->dump, "%s ", t);
}

static const char *const dropped[] = { "typedef", "extern", "static", "inline",
	"__inline", "__inline__", "register", "auto", "_Noreturn",
	"__extension__", "_Thread_local", "__thread", NULL };

static void expand(struct out *o, const struct vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		const char *t = v->v[i];
		struct def *d;

		if (in_list(t, attr_words)) {
			i = skip_attrs(v, i, v->n) - 1;
		} else if (in_list(t, dropped)) {
			continue;
		} else if (in_list(t, tag_words) && skip_attrs(v, i + 1, v->n) < v->n &&
			   is_ident(v->v[skip_attrs(v, i + 1, v->n)])) {
			emit(o, t);
			i = skip_attrs(v, i + 1, v->n);
			emit(o, v->v[i]);
			d = find_def('s', v->v[i]);
			if (i + 1 < v->n && is(v->v[i + 1], "{")) {
				if (d)	/* defined here: the body follows */
					d->visited = true;
				continue;
			}
			if (!d) {
				emit(o, "{");
				emit(o, "UNKNOWN");
				emit(o, "}");
			} else if (!d->visited) {
				d->visited = true;
				expand(o, &d->toks);
			}
		} else if (is_ident(t) && (d = find_def('t', t)) && !d->visited) {
			d->visited = true;
			emit(o, "typedef");
			expand(o, &d->toks);
		} else {
			emit(o, t);
		}
	}
}

static bool symbol_crc(const char *name, uint32_t *crc, FILE *dump)
{
	struct def *d = find_def('d', name);
	struct out o = { 0xffffffffu, dump };

	if (!d)
		return false;
	for (struct def *e = defs; e; e = e->next)
		e->visited = false;
	if (dump)
		fprintf(dump, "%s: ", name);
	expand(&o, &d->toks);
	if (dump)
		fputc('\n', dump);
	*crc = ~o.crc;
	return true;
}

static char *read_all(FILE *f)
{
	size_t len = 0, cap = 1 << 16, n;
	char *buf = malloc(cap + 1);

	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap && !(buf = realloc(buf, (cap *= 2) + 1)))
			break;
	}
	if (!buf || ferror(f))
		die("cannot read the preprocessed source");
	buf[len] = '\0';
	return buf;
}

/* -a: what a host's headers declare, for modpost's host exports. */
static void all_crcs(void)
{
	uint32_t crc;

	for (struct def *d = defs; d; d = d->next)
		if (d->kind == 'd' && symbol_crc(d->name, &crc, NULL))
			printf("{ \"%s\", 0x%08xu },\n", d->name, crc);
}

int main(int argc, char **argv)
{
	bool dump = argc == 2 && !strcmp(argv[1], "-d");
	bool all = argc == 2 && !strcmp(argv[1], "-a");
	const char *one = argc == 3 && !strcmp(argv[1], "-c") ? argv[2] : NULL;
	uint32_t crc;
	char *text;

	if (argc > 1 && !dump && !all && !one) {
		fputs("Usage: genksyms [-d] < file.i\n"
		      "       genksyms -c SYMBOL < file.i\n"
		      "       genksyms -a < file.i\n", stderr);
		return 1;
	}
	text = read_all(stdin);
	tokenize(text);
	free(text);		/* the tokens are copies */
	parse();
	if (all) {
		all_crcs();
		return 0;
	}
	if (one) {
		if (!symbol_crc(one, &crc, NULL))
			die("the symbol is not declared");
		printf("#define __crc_%s 0x%08xu\n", one, crc);
		return 0;
	}
	for (size_t i = 0; i < exports.n; i++) {
		if (!symbol_crc(exports.v[i], &crc, dump ? stderr : NULL)) {
			/* modpost warns: version generation failed */
			fprintf(stderr, "genksyms: %s: exported, but not declared\n",
				exports.v[i]);
			continue;
		}
		printf("__crc_%s = 0x%08x;\n", exports.v[i], crc);
	}
	return 0;
}
