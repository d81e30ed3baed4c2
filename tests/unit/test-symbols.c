// SPDX-License-Identifier: MIT
/* test-symbols.c - the export index and add_kernel_symbols. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "tap.h"

/* ---- Exports of this executable, in a real __ksymtab ---- */

int host_fn_a(void) { return 1; }
int host_fn_b(void) { return 2; }
int host_gpl_fn(void) { return 3; }
int host_var = 42;
EXPORT_SYMBOL(host_fn_a);
EXPORT_SYMBOL(host_fn_b);
EXPORT_SYMBOL(host_var);
EXPORT_SYMBOL_GPL(host_gpl_fn);

/* A module's table: two new names, then one the host already exports,
 * spelt by a label of our own so the assembler sees no redefinition. */
int mod_fn_x(void) { return 4; }
int mod_fn_y(void) { return 5; }
#define TEST_KSYM(sec, sym, label, name)				\
	__asm__("	.section \"__ksymtab_strings\",\"aMS\",%progbits,1\n" \
		#label ":	.asciz \"" name "\"\n"			\
		#label "_ns:	.asciz \"\"\n"				\
		"	.previous\n"					\
		"	.section \"" sec "\",\"a\"\n"			\
		"	.balign 4\n"					\
		"	.long " #sym " - .\n"				\
		"	.long " #label " - .\n"				\
		"	.long " #label "_ns - .\n"			\
		"	.previous\n")
TEST_KSYM("modtab", mod_fn_x, modtab_name_x, "mod_fn_x");
TEST_KSYM("modtab", mod_fn_y, modtab_name_y, "mod_fn_y");
TEST_KSYM("modtab", mod_fn_x, modtab_name_dup, "host_fn_b");
/* A table clean on its own, and one clashing with it. */
TEST_KSYM("goodtab", mod_fn_x, goodtab_name_x, "mod_fn_x");
TEST_KSYM("goodtab", mod_fn_y, goodtab_name_y, "mod_fn_y");
TEST_KSYM("clashtab", mod_fn_x, clashtab_name_z, "mod_fn_z");
TEST_KSYM("clashtab", mod_fn_y, clashtab_name_y, "mod_fn_y");
/* One that names itself twice. */
TEST_KSYM("selftab", mod_fn_x, selftab_name_a, "self_a");
TEST_KSYM("selftab", mod_fn_y, selftab_name_b, "self_b");
TEST_KSYM("selftab", mod_fn_y, selftab_name_a2, "self_a");

#define TABLE(sec)							\
	extern const struct kernel_symbol __start_##sec[], __stop_##sec[]
TABLE(modtab);
TABLE(goodtab);
TABLE(clashtab);
TABLE(selftab);

/* ---- Allocation failure on demand: linked with -Wl,--wrap=calloc ---- */

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);
static bool fail_calloc;

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_calloc ? NULL : __real_calloc(n, size);
}

/* ---- Helpers ---- */

static size_t capacity(const struct umod_symindex *ix)
{
	return ix->slots ? ix->mask + 1 : 0;
}

static size_t occupied(const struct umod_symindex *ix)
{
	size_t i, n = 0;

	for (i = 0; i < capacity(ix); i++)
		n += symindex_at(ix, i) != NULL;
	return n;
}

static int insert(struct umod_symindex *ix, const char *name, void *addr)
{
	struct umod_ksym s = { .name = name, .addr = addr };
	const struct umod_ksym *clash = NULL;

	return symindex_insert(ix, &s, &clash);
}

/* n names "<prefix><i>" in one buffer, NUL-separated; names[i] points in. */
static char **make_names(const char *prefix, size_t n, char **buf)
{
	char **names = malloc(n * sizeof(*names));
	size_t i, off = 0, per = strlen(prefix) + 12;

	*buf = malloc(n * per);
	if (!names || !*buf)
		abort();
	for (i = 0; i < n; i++) {
		names[i] = *buf + off;
		off += sprintf(names[i], "%s%zu", prefix, i) + 1;
	}
	return names;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ---- Tests ---- */

static void test_empty(void)
{
	struct umod_symindex ix = { 0 };

	ok(!symindex_find(&ix, "anything"), "an empty index finds nothing");
	symindex_remove(&ix, "anything");
	is_int(ix.count, 0, "removing from an empty index is a no-op");
	symindex_free(&ix);
}

static void test_many(void)
{
	enum { N = 200000 };
	struct umod_symindex ix = { 0 };
	char *buf, *absent_buf;
	char **names = make_names("sym_", N, &buf);
	char **absent = make_names("nosym_", N, &absent_buf);
	const struct umod_ksym *s;
	size_t i, bad = 0, cap;
	double t;

	for (i = 0; i < N; i++)
		bad += insert(&ix, names[i], (void *)(i + 1)) != 0;
	is_int(bad, 0, "%d distinct names insert", N);
	is_int(ix.count, N, "count is %d", N);
	cap = capacity(&ix);
	ok(cap && !(cap & (cap - 1)), "capacity %zu is a power of two", cap);
	ok(ix.count * 10 <= cap * 7 && ix.count * 4 > cap,
	   "load %.2f lies in (0.25, 0.70]", (double)ix.count / cap);

	for (i = 0, bad = 0; i < N; i++) {
		s = symindex_find(&ix, names[i]);
		bad += !s || s->addr != (void *)(i + 1) || s->name == names[i] ||
		       strcmp(s->name, names[i]) || s->hash != symindex_hash(names[i]);
	}
	is_int(bad, 0, "every name finds its own entry, name interned, hash cached");
	t = now_ns();
	for (i = 0; i < N; i++)
		bad += !symindex_find(&ix, names[(i * 7919) % N]);
	t = now_ns() - t;
	diag("%.0f ns per lookup at %d entries", t / N, N);
	for (i = 0, bad = 0; i < N; i++)
		bad += symindex_find(&ix, absent[i]) != NULL;
	is_int(bad, 0, "%d absent names are not found", N);

	for (i = 0; i < N; i += 2)
		symindex_remove(&ix, names[i]);
	is_int(ix.count, N / 2, "removing every other name halves the count");
	for (i = 0, bad = 0; i < N; i++)
		bad += (symindex_find(&ix, names[i]) != NULL) != (i & 1);
	is_int(bad, 0, "removed names are gone, the others remain");
	for (i = 1; i < N; i += 2)
		symindex_remove(&ix, names[i]);
	is_int(ix.count, 0, "removing the rest empties the index");
	is_int(occupied(&ix), 0, "and leaves no slot occupied");

	symindex_free(&ix);
	free(names);
	free(buf);
	free(absent);
	free(absent_buf);
}

/* Names are copied in: the caller's buffer may change or go.  Records of
 * removed names are reused, so load and unload forever stay bounded. */
static void test_pool(void)
{
	struct umod_symindex ix = { 0 };
	char name[32] = "transient_name";
	const struct umod_ksym *s;
	size_t blocks, round, i, bad = 0;

	is_int(insert(&ix, name, (void *)1), 0, "a name from a local buffer goes in");
	strcpy(name, "overwritten___");
	s = symindex_find(&ix, "transient_name");
	ok(s && !strcmp(s->name, "transient_name") && s->name != name,
	   "and is found by its copy after the buffer changes");
	symindex_remove(&ix, "transient_name");
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "cycle_%zu", i);
		insert(&ix, name, (void *)i);
	}
	blocks = ix.pool.nblocks;
	for (round = 0; round < 20; round++) {
		for (i = 0; i < 20000; i++) {
			snprintf(name, sizeof(name), "cycle_%zu", i);
			symindex_remove(&ix, name);
		}
		for (i = 0; i < 20000; i++) {
			snprintf(name, sizeof(name), "cycle_%zu", i);
			bad += insert(&ix, name, (void *)(i + round)) != 0;
		}
	}
	is_int(bad, 0, "20 rounds of removing and adding 20,000 names");
	is_int(ix.pool.nblocks, blocks, "take no more of the pool than the first");
	s = symindex_find(&ix, "cycle_12345");
	ok(s && s->addr == (void *)(12345 + 19), "and find the last round's entries");
	symindex_free(&ix);
}

static void test_duplicate(void)
{
	struct umod_symindex ix = { 0 };
	char copy[] = "dup_name";
	struct umod_ksym s = { .name = copy, .addr = (void *)2 };
	const struct umod_ksym *clash = NULL;

	is_int(insert(&ix, "dup_name", (void *)1), 0, "first insert succeeds");
	is_int(symindex_insert(&ix, &s, &clash), -EEXIST,
	       "the same name at another address is -EEXIST");
	ok(clash && clash->addr == (void *)1 && !strcmp(clash->name, "dup_name"),
	   "clash points at the existing entry");
	is_int(ix.count, 1, "the index keeps one entry");
	ok(symindex_find(&ix, "dup_name")->addr == (void *)1,
	   "the original entry is unchanged");
	symindex_free(&ix);
}

/* A failed growth leaves the index as it was, alone or mid-table. */
static void test_enomem(void)
{
	struct umod_ctx ctx = { 0 };
	struct umod_symindex *ix = &ctx.index;
	char *buf, **names = make_names("full_", 41, &buf);
	struct umod_symslot *before;
	size_t i, cap, bytes;
	char err[256] = "";
	const char *msg = err;
	int ret;

	/* The first 40 fill 64 slots to 5/8: the 41st must grow the table. */
	for (i = 0; i < 40; i++)
		insert(ix, names[i], names[i]);
	cap = capacity(ix);
	bytes = cap * sizeof(*before);
	before = malloc(bytes);
	memcpy(before, ix->slots, bytes);
	fail_calloc = true;
	ret = insert(ix, names[40], names[40]);
	fail_calloc = false;
	is_int(ret, -ENOMEM, "an insert that cannot grow the table is -ENOMEM");
	ok(ix->count == 40 && capacity(ix) == cap && !memcmp(before, ix->slots, bytes) &&
	   !symindex_find(ix, names[40]), "and leaves the index unchanged");

	/* Host table: host_fn_a fits, host_fn_b needs the growth. */
	symindex_remove(ix, names[39]);
	memcpy(before, ix->slots, bytes);
	fail_calloc = true;
	ret = add_kernel_symbols(&ctx, __start___ksymtab, __stop___ksymtab, false,
				 NULL, err, sizeof(err));
	fail_calloc = false;
	is_int(ret, -ENOMEM, "add_kernel_symbols passes -ENOMEM on");
	is_str(msg, "out of memory indexing symbol host_fn_b",
	       "naming the symbol it could not add");
	ok(ix->count == 39 && !memcmp(before, ix->slots, bytes) &&
	   !symindex_find(ix, "host_fn_a"), "and takes back what it added");

	free(before);
	symindex_free(ix);
	free(names);
	free(buf);
}

/* symindex_find_many over names gives what symindex_find_live gives,
 * one by one. */
static bool find_many_agrees(const struct umod_symindex *ix, char **names,
			     size_t n)
{
	struct symindex_query *q = calloc(n, sizeof(*q));
	const struct umod_ksym *s;
	bool same = true, live;

	if (!q)
		abort();
	for (size_t i = 0; i < n; i++)
		q[i].name = names[i];
	symindex_find_many(ix, q, n);
	for (size_t i = 0; i < n; i++) {
		live = false;
		s = symindex_find_live(ix, names[i], &live);
		same &= q[i].sym == s && (!s || q[i].live == live);
	}
	free(q);
	return same;
}

/* Two names of one 32-bit hash: the slot's hash matches for both, and
 * only the name tells them apart. */
static void test_find_many(void)
{
	static char *pair[] = { "c128898", "c153422" };
	struct umod_symindex ix = { 0 };
	struct symindex_query q[3] = { { .name = pair[0] }, { .name = pair[1] },
				       { .name = "c0" } };
	char *buf, **names = make_names("m", 5000, &buf);

	symindex_find_many(&ix, q, 3);
	ok(!q[0].sym && !q[1].sym && !q[2].sym, "an empty index finds nothing, many at once");
	is_int(symindex_hash(pair[0]) == symindex_hash(pair[1]), 1,
	       "%s and %s share a hash", pair[0], pair[1]);
	insert(&ix, pair[1], pair[1]);
	symindex_find_many(&ix, q, 3);
	ok(!q[0].sym && q[1].sym && q[1].sym->addr == pair[1] && !q[2].sym,
	   "the name, not the hash, decides: %s is not %s", pair[0], pair[1]);
	insert(&ix, pair[0], pair[0]);
	symindex_find_many(&ix, q, 3);
	ok(q[0].sym && q[0].sym->addr == pair[0] && q[1].sym &&
	   q[1].sym->addr == pair[1], "each of the two finds its own, behind the other");
	ok(find_many_agrees(&ix, pair, 2), "as one by one does");
	for (size_t i = 0; i < 5000; i += 3)
		insert(&ix, names[i], names[i]);
	ok(find_many_agrees(&ix, names, 5000),
	   "5000 names, a third present, many at once as one by one");
	symindex_free(&ix);
	free(names);
	free(buf);
}

/*
 * Random inserts and removals against a plain presence array.  A small
 * key set keeps the table small and nearly full, so clusters are long and
 * wrap around the end of the table: backward shift must keep every entry
 * reachable.
 */
static void random_ops(size_t nkeys, size_t nops, size_t check_every)
{
	struct umod_symindex ix = { 0 };
	bool *present = calloc(nkeys, sizeof(*present));
	char *buf;
	char **names = make_names("k", nkeys, &buf);
	size_t op, i, k, n = 0, bad = 0, bad_many = 0, wrong_count = 0;
	unsigned int seed = 12345;
	const struct umod_ksym *s;
	int ret;

	for (op = 0; op < nops; op++) {
		k = rand_r(&seed) % nkeys;
		if (rand_r(&seed) & 1) {
			ret = insert(&ix, names[k], names[k]);
			bad += ret != (present[k] ? -EEXIST : 0);
			n += !present[k];
			present[k] = true;
		} else {
			symindex_remove(&ix, names[k]);
			n -= present[k];
			present[k] = false;
		}
		wrong_count += ix.count != n;
		if (op % check_every)
			continue;
		for (i = 0; i < nkeys; i++) {
			s = symindex_find(&ix, names[i]);
			bad += present[i] ? !s || s->addr != names[i] : s != NULL;
		}
		bad_many += !find_many_agrees(&ix, names, nkeys);
		wrong_count += occupied(&ix) != n;
	}
	is_int(bad, 0, "%zu random operations over %zu keys match the reference",
	       nops, nkeys);
	is_int(bad_many, 0, "and so do the same lookups made together");
	is_int(wrong_count, 0, "count and occupied slots track the reference");
	symindex_free(&ix);
	free(present);
	free(names);
	free(buf);
}

static void test_kernel_symbols(void)
{
	struct umod_ctx ctx = { 0 };
	struct umod_symslot *before;
	struct module *mod = calloc(1, sizeof(*mod));
	const struct umod_ksym *s;
	size_t count;
	char err[256] = "";
	const char *msg = err;
	int ret;

	ok(__stop___ksymtab - __start___ksymtab == 3 &&
	   __stop___ksymtab_gpl - __start___ksymtab_gpl == 1,
	   "the linker gathered 3 exports and 1 GPL export");
	is_int(add_kernel_symbols(&ctx, NULL, NULL, false, NULL, err, sizeof(err)),
	       0, "a NULL table adds nothing");
	is_int(add_kernel_symbols(&ctx, __start___ksymtab, __start___ksymtab,
				  false, NULL, err, sizeof(err)),
	       0, "an empty table adds nothing");
	is_int(ctx.index.count, 0, "the index is still empty");

	ret = add_kernel_symbols(&ctx, __start___ksymtab, __stop___ksymtab,
				 false, NULL, err, sizeof(err));
	ret |= add_kernel_symbols(&ctx, __start___ksymtab_gpl, __stop___ksymtab_gpl,
				  true, NULL, err, sizeof(err));
	is_int(ret, 0, "the host's tables go in");
	s = symindex_find(&ctx.index, "host_fn_a");
	ok(s && s->addr == (void *)host_fn_a && !s->owner && !s->gpl,
	   "host_fn_a: its address, owned by the host, not GPL-only");
	s = symindex_find(&ctx.index, "host_var");
	ok(s && s->addr == &host_var && *(int *)s->addr == 42,
	   "host_var: a variable's address");
	s = symindex_find(&ctx.index, "host_gpl_fn");
	ok(s && s->addr == (void *)host_gpl_fn && s->gpl, "host_gpl_fn is GPL-only");

	/* The module's third export clashes: the first two must go again. */
	count = ctx.index.count;
	before = malloc(capacity(&ctx.index) * sizeof(*before));
	memcpy(before, ctx.index.slots, capacity(&ctx.index) * sizeof(*before));
	strcpy(mod->name, "modA");
	ret = add_kernel_symbols(&ctx, __start_modtab, __stop_modtab, false, mod,
				 err, sizeof(err));
	is_int(ret, -ENOEXEC, "a duplicate export is -ENOEXEC");
	is_str(msg, "exports duplicate symbol host_fn_b (owned by kernel)",
	       "the message names the symbol and the host as its owner");
	ok(!symindex_find(&ctx.index, "mod_fn_x") &&
	   !symindex_find(&ctx.index, "mod_fn_y"),
	   "the exports added before the clash are gone");
	ok(ctx.index.count == count &&
	   !memcmp(before, ctx.index.slots, capacity(&ctx.index) * sizeof(*before)),
	   "the index is exactly as before");
	s = symindex_find(&ctx.index, "host_fn_b");
	ok(s && s->addr == (void *)host_fn_b && !s->owner,
	   "the clashing host export is untouched");
	free(before);

	/* A module owns exports; another clashing with them names it. */
	ret = add_kernel_symbols(&ctx, __start_goodtab, __stop_goodtab, true, mod,
				 err, sizeof(err));
	s = symindex_find(&ctx.index, "mod_fn_y");
	ok(!ret && s && s->owner == mod && s->gpl && s->addr == (void *)mod_fn_y,
	   "a module's exports go in, owned by it");
	ret = add_kernel_symbols(&ctx, __start_clashtab, __stop_clashtab, false,
				 NULL, err, sizeof(err));
	is_str(msg, "exports duplicate symbol mod_fn_y (owned by modA)",
	       "a clash with a module names the module");
	ok(ret == -ENOEXEC && !symindex_find(&ctx.index, "mod_fn_z"),
	   "and rolls back");

	count = ctx.index.count;
	ret = add_kernel_symbols(&ctx, __start_selftab, __stop_selftab, false,
				 mod, err, sizeof(err));
	is_str(msg, "exports duplicate symbol self_a (owned by modA)",
	       "a table exporting one name twice clashes with itself");
	ok(ret == -ENOEXEC && ctx.index.count == count &&
	   !symindex_find(&ctx.index, "self_a") &&
	   !symindex_find(&ctx.index, "self_b"), "and adds nothing");

	/* Liveness: the host's exports are live, a module's once it is. */
	{
		bool live = false;

		s = symindex_find_live(&ctx.index, "host_fn_a", &live);
		ok(s && live, "a host export is live from the start");
		s = symindex_find_live(&ctx.index, "mod_fn_y", &live);
		ok(s && !live, "a module's export is not live while it is coming");
		mod->ctx = &ctx;
		mod->gpl_ksyms = __start_goodtab;
		mod->num_gpl_ksyms = __stop_goodtab - __start_goodtab;
		mod->state = MODULE_STATE_COMING;
		set_module_state(mod, MODULE_STATE_LIVE);
		symindex_find_live(&ctx.index, "mod_fn_y", &live);
		ok(live, "it is once the module is live");
		set_module_state(mod, MODULE_STATE_GOING);
		symindex_find_live(&ctx.index, "mod_fn_x", &live);
		ok(!live, "and is not once it is going");
	}

	symindex_free(&ctx.index);
	free(mod);
}

int main(void)
{
	test_empty();
	test_many();
	test_pool();
	test_duplicate();
	test_enomem();
	test_find_many();
	random_ops(39, 200000, 1);
	random_ops(5000, 200000, 5000);
	test_kernel_symbols();
	return done_testing();
}
