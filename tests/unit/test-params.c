// SPDX-License-Identifier: MIT
/*
 * test-params.c - the parameter ops and the command-line parser, checked
 * against what Linux does with the same strings.
 */
#include <errno.h>
#include <stdbool.h>

#include "../tap.h"
#include "../../src/internal.h"

#define KP(n, o, a) { .name = n, .ops = o, .arg = (void *)(a), .perm = 0644 }

static char out[UMOD_PARAM_BUFSIZE];

static const char *get(const struct kernel_param *kp)
{
	int n;

	memset(out, 'X', sizeof(out));
	n = kp->ops->get(out, kp);
	if (n < 0 || n >= (int)sizeof(out) || out[n] != '\0')
		return "(bad return)";
	return out;
}

static int set(const struct kernel_param *kp, const char *val)
{
	return kp->ops->set(val, kp);
}

/*
 * Blocks params.c has allocated and not freed: the link wraps malloc and
 * free (params.mk), so this counts the code under test and not libc.
 */
static long live_blocks;

void *__real_malloc(size_t size);
void __real_free(void *p);

void *__wrap_malloc(size_t size)
{
	void *p = __real_malloc(size);

	if (p)
		live_blocks++;
	return p;
}

void __wrap_free(void *p)
{
	if (p)
		live_blocks--;
	__real_free(p);
}


static void test_integers(void)
{
	unsigned char b = 7;
	short s = 0;
	unsigned short us = 0;
	int i = 0;
	unsigned int u = 0;
	long l = 0;
	unsigned long ul = 0;
	unsigned long long ull = 0;
	struct kernel_param kb = KP("b", &param_ops_byte, &b);
	struct kernel_param ks = KP("s", &param_ops_short, &s);
	struct kernel_param kus = KP("us", &param_ops_ushort, &us);
	struct kernel_param ki = KP("i", &param_ops_int, &i);
	struct kernel_param ku = KP("u", &param_ops_uint, &u);
	struct kernel_param kl = KP("l", &param_ops_long, &l);
	struct kernel_param kul = KP("ul", &param_ops_ulong, &ul);
	struct kernel_param kull = KP("ull", &param_ops_ullong, &ull);

	is_str(get(&kb), "7\n", "byte prints as a number, not a character");
	is_int(set(&kb, "255"), 0, "byte takes 255");
	is_str(get(&kb), "255\n", "byte reads back 255");
	is_int(set(&kb, "256"), -ERANGE, "byte refuses 256 with ERANGE");
	is_int(b, 255, "a refused value leaves the old one");
	is_int(set(&kb, "-1"), -EINVAL, "byte refuses a sign");

	is_int(set(&ks, "-32768"), 0, "short takes its minimum");
	is_str(get(&ks), "-32768\n", "short reads back negative");
	is_int(set(&ks, "32768"), -ERANGE, "short refuses 32768");
	is_int(set(&kus, "65535"), 0, "ushort takes 65535");
	is_str(get(&kus), "65535\n", "ushort reads back");
	is_int(set(&kus, "65536"), -ERANGE, "ushort refuses 65536");

	is_int(set(&ki, "42"), 0, "int takes 42");
	is_str(get(&ki), "42\n", "int reads back with a newline");
	is_int(set(&ki, "-17"), 0, "int takes -17");
	is_str(get(&ki), "-17\n", "int reads back -17");
	is_int(set(&ki, "0x1f"), 0, "0x is hexadecimal");
	is_int(i, 31, "0x1f is 31");
	is_int(set(&ki, "0X1F"), 0, "0X too");
	is_int(i, 31, "0X1F is 31");
	is_int(set(&ki, "010"), 0, "a leading 0 is octal");
	is_int(i, 8, "010 is 8");
	is_int(set(&ki, "0"), 0, "0 alone is zero");
	is_int(i, 0, "0 is 0");
	is_int(set(&ki, "+5"), 0, "a plus sign is allowed");
	is_int(i, 5, "+5 is 5");
	is_int(set(&ki, "-0x10"), 0, "negative hexadecimal");
	is_int(i, -16, "-0x10 is -16");
	is_int(set(&ki, "9\n"), 0, "one trailing newline is allowed (echo)");
	is_int(i, 9, "9\\n is 9");
	is_int(set(&ki, "9\n\n"), -EINVAL, "two newlines are not");
	is_int(set(&ki, "2147483647"), 0, "INT_MAX");
	is_int(set(&ki, "-2147483648"), 0, "INT_MIN");
	is_str(get(&ki), "-2147483648\n", "INT_MIN reads back");
	is_int(set(&ki, "2147483648"), -ERANGE, "INT_MAX + 1 is out of range");
	is_int(set(&ki, "-2147483649"), -ERANGE, "INT_MIN - 1 is out of range");
	is_int(set(&ki, "99999999999999999999"), -ERANGE,
	       "beyond 64 bits is out of range");
	is_int(set(&ki, "99999999999999999999x"), -ERANGE,
	       "overflow wins over trailing garbage, as in Linux");
	is_int(set(&ki, "12abc"), -EINVAL, "trailing garbage");
	is_int(set(&ki, "abc"), -EINVAL, "no digits");
	is_int(set(&ki, ""), -EINVAL, "empty");
	is_int(set(&ki, " 5"), -EINVAL, "leading space");
	is_int(set(&ki, "0x"), -EINVAL, "0x without digits");
	is_int(set(&ki, "08"), -EINVAL, "8 is not an octal digit");
	is_int(set(&ki, "-"), -EINVAL, "a sign alone");
	is_int(set(&ki, "+-5"), -EINVAL, "two signs");
	is_int(set(&ki, "-+5"), -EINVAL, "two signs, the other way");
	is_int(set(&ki, NULL), -EINVAL, "no value at all");
	is_int(i, -2147483648, "failures left INT_MIN in place");

	is_int(set(&ku, "4294967295"), 0, "uint takes UINT_MAX");
	is_str(get(&ku), "4294967295\n", "uint reads back unsigned");
	is_int(set(&ku, "4294967296"), -ERANGE, "uint refuses 2^32");
	is_int(set(&ku, "-1"), -EINVAL, "uint refuses a minus sign");

	/* long is the machine's word: 64 or 32 bits. */
	const bool w64 = sizeof(long) == 8;

	is_int(set(&kl, w64 ? "-9223372036854775808" : "-2147483648"), 0,
	       "long takes LONG_MIN");
	is_str(get(&kl), w64 ? "-9223372036854775808\n" : "-2147483648\n",
	       "LONG_MIN reads back");
	is_int(set(&kl, w64 ? "9223372036854775808" : "2147483648"), -ERANGE,
	       "long refuses LONG_MAX + 1");
	is_int(set(&kl, w64 ? "-9223372036854775809" : "-2147483649"), -ERANGE,
	       "long refuses LONG_MIN - 1");
	is_int(set(&kul, w64 ? "18446744073709551615" : "4294967295"), 0,
	       "ulong takes ULONG_MAX");
	is_str(get(&kul), w64 ? "18446744073709551615\n" : "4294967295\n",
	       "ULONG_MAX reads back");
	is_int(set(&kul, w64 ? "18446744073709551616" : "4294967296"), -ERANGE,
	       "ulong refuses 2^64 (2^32)");
	is_int(set(&kull, "0xffffffffffffffff"), 0, "ullong takes 64 bits of hex");
	is_str(get(&kull), "18446744073709551615\n", "ullong reads back decimal");
}

static void test_hexint(void)
{
	unsigned int h = 0;
	struct kernel_param kh = KP("h", &param_ops_hexint, &h);

	is_int(set(&kh, "255"), 0, "hexint takes decimal");
	is_str(get(&kh), "0x0000ff\n", "hexint prints Linux's %%#08x");
	is_int(set(&kh, "0xdeadbeef"), 0, "hexint takes hex");
	is_str(get(&kh), "0xdeadbeef\n", "wide values are not cut");
	is_int(set(&kh, "0"), 0, "hexint takes 0");
	is_str(get(&kh), "00000000\n", "zero has no 0x, as printf's # gives");
	is_int(set(&kh, "0x100000000"), -ERANGE, "hexint is 32 bits");
}

static void test_bools(void)
{
	static const struct { const char *s; bool v; } forms[] = {
		{ "y", true }, { "Y", true }, { "1", true }, { "yes", true },
		{ "on", true }, { "ON", true }, { "t", true }, { "true", true },
		{ "e", true }, { "enable", true },
		{ "n", false }, { "N", false }, { "0", false }, { "no", false },
		{ "off", false }, { "Off", false }, { "f", false },
		{ "false", false }, { "d", false }, { "disable", false },
	};
	static const char *const bad[] = { "", "x", "o", "ox", "2", " y" };
	bool v = false, inv = false;
	int bint = 5;
	struct kernel_param kv = KP("v", &param_ops_bool, &v);
	struct kernel_param kinv = KP("inv", &param_ops_invbool, &inv);
	struct kernel_param kbint = KP("bint", &param_ops_bint, &bint);
	size_t k;

	for (k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		v = !forms[k].v;
		ok(set(&kv, forms[k].s) == 0 && v == forms[k].v,
		   "bool '%s' is %s", forms[k].s, forms[k].v ? "true" : "false");
	}
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		is_int(set(&kv, bad[k]), -EINVAL, "bool refuses '%s'", bad[k]);
	v = false;
	ok(set(&kv, NULL) == 0 && v, "bool with no value is true");
	ok(param_ops_bool.flags & KERNEL_PARAM_OPS_FL_NOARG,
	   "bool may be given without a value");
	is_str(get(&kv), "Y\n", "true reads as Y");
	v = false;
	is_str(get(&kv), "N\n", "false reads as N");

	ok(set(&kinv, "y") == 0 && !inv, "invbool 'y' stores false");
	is_str(get(&kinv), "Y\n", "and reads back as Y");
	ok(set(&kinv, "n") == 0 && inv, "invbool 'n' stores true");
	is_str(get(&kinv), "N\n", "and reads back as N");
	ok(!(param_ops_invbool.flags & KERNEL_PARAM_OPS_FL_NOARG),
	   "invbool needs a value, as in Linux");

	ok(set(&kbint, "y") == 0 && bint == 1, "bint 'y' stores int 1");
	is_str(get(&kbint), "1\n", "bint reads back as an int");
	ok(set(&kbint, "off") == 0 && bint == 0, "bint 'off' stores 0");
	is_str(get(&kbint), "0\n", "bint 0 reads back");
	is_int(set(&kbint, "2"), -EINVAL, "bint takes bool forms only");
	ok(param_ops_bint.flags & KERNEL_PARAM_OPS_FL_NOARG,
	   "bint may be given without a value");
}

static void test_charp(void)
{
	static const char initial[] = "default";
	char *p = (char *)initial, *first, *mine, big[1026];
	struct kernel_param kp = KP("p", &param_ops_charp, &p);
	long before;

	is_str(get(&kp), "default\n", "charp reads its initial value");
	param_ops_charp.free(&p);
	ok(p == initial, "free leaves a value we did not allocate");

	is_int(set(&kp, "hello"), 0, "charp takes a string");
	ok(p != initial && !strcmp(p, "hello"), "into a copy of its own");
	first = p;
	is_int(set(&kp, "world"), 0, "charp takes another");
	ok(p != first && !strcmp(p, "world"), "the copy is replaced");
	is_str(get(&kp), "world\n", "and reads back");
	param_ops_charp.free(&p);

	before = live_blocks;
	p = (char *)initial;
	set(&kp, "one");
	set(&kp, "two");
	set(&kp, "three");
	param_ops_charp.free(&p);
	is_int(live_blocks, before, "re-setting frees earlier copies");

	mine = malloc(sizeof("the host's own"));
	strcpy(mine, "the host's own");
	p = mine;
	param_ops_charp.free(&p);
	set(&kp, "x");
	param_ops_charp.free(&p);
	is_str(mine, "the host's own", "a pointer set elsewhere is not freed");
	free(mine);	/* a double free here would abort */

	memset(big, 'a', 1024);
	big[1024] = '\0';
	p = (char *)initial;
	is_int(set(&kp, big), 0, "charp takes 1024 bytes");
	big[1024] = 'a';
	big[1025] = '\0';
	is_int(set(&kp, big), -ENOSPC, "but not 1025, as in Linux");
	is_int(strlen(p), 1024, "the refused value left the old one");
	param_ops_charp.free(&p);

	p = NULL;
	is_str(get(&kp), "(null)\n", "a NULL charp reads as (null)");
}

static void test_string(void)
{
	char buf[8] = "init";
	const char *s = buf;
	const struct kparam_string str = { sizeof(buf), buf };
	struct kernel_param kp = KP("s", &param_ops_string, &str);

	is_str(get(&kp), "init\n", "string reads its buffer");
	is_int(set(&kp, "1234567"), 0, "string takes maxlen - 1 chars");
	is_str(s, "1234567", "copied into the buffer");
	is_int(set(&kp, "12345678"), -ENOSPC, "one more does not fit");
	is_str(s, "1234567", "and the buffer is untouched");
	is_int(param_set_copystring("ab", &kp), 0, "Linux's name works too");
	is_str(get(&kp), "ab\n", "string reads back");
}

static void test_arrays(void)
{
	int a[4] = { 0 };
	unsigned int num = 99;
	const struct kparam_array arr = { 4, sizeof(int), &num, &param_ops_int, a };
	struct kernel_param kp = KP("a", &param_array_ops, &arr);
	bool bv[3] = { true, false, true };
	const struct kparam_array barr = { 3, sizeof(bool), NULL, &param_ops_bool, bv };
	struct kernel_param kb = KP("bv", &param_array_ops, &barr);
	char *cp[3] = { "x", "y", "z" };
	unsigned int ncp = 0;
	const struct kparam_array carr = { 3, sizeof(char *), &ncp, &param_ops_charp, cp };
	struct kernel_param kc = KP("cp", &param_array_ops, &carr);
	long before;

	is_int(set(&kp, "1,-2,0x10"), 0, "int array takes three values");
	ok(num == 3 && a[0] == 1 && a[1] == -2 && a[2] == 16,
	   "count and values are set");
	is_str(get(&kp), "1,-2,16\n", "read back comma-separated");
	is_int(set(&kp, "5"), 0, "one value");
	ok(num == 1 && a[0] == 5, "count follows");
	is_str(get(&kp), "5\n", "only the set element reads back");
	is_int(set(&kp, "1,2,3,4"), 0, "max values");
	is_int(set(&kp, "1,2,3,4,5"), -EINVAL, "one more is refused");
	is_int(set(&kp, "7,x,9"), -EINVAL, "a bad element is refused");
	ok(num == 1 && a[0] == 7, "elements before it stay set, as in Linux");
	is_int(set(&kp, ""), -EINVAL, "an empty int array value is refused");
	is_int(set(&kp, "1,,2"), -EINVAL, "so is an empty element");
	is_int(set(&kp, NULL), -EINVAL, "no value is refused");
	num = 0;
	is_str(get(&kp), "", "no elements read as nothing");

	is_str(get(&kb), "Y,N,Y\n", "without num, all elements read back");
	is_int(set(&kb, "n,y"), 0, "bool array set");
	ok(!bv[0] && bv[1] && bv[2], "only the given elements change");

	before = live_blocks;
	is_int(set(&kc, "aa,bb,cc"), 0, "charp array set");
	ok(ncp == 3 && !strcmp(cp[0], "aa") && !strcmp(cp[2], "cc"),
	   "charp elements copied");
	is_str(get(&kc), "aa,bb,cc\n", "charp array reads back");
	is_int(set(&kc, "dd"), 0, "a shorter setting");
	is_str(get(&kc), "dd\n", "reads back one");
	param_array_ops.free((void *)&carr);
	is_int(live_blocks, before, "free releases every element's copy");
}

static void test_long_get(void)
{
	char *cp[2];
	unsigned int n = 2;
	const struct kparam_array arr = { 2, sizeof(char *), &n, &param_ops_charp, cp };
	struct kernel_param kp = KP("long", &param_array_ops, &arr);
	static char big[3000];
	const char *r;

	memset(big, 'b', sizeof(big) - 1);
	cp[0] = cp[1] = big;
	r = get(&kp);
	is_int(strlen(r), UMOD_PARAM_BUFSIZE - 1,
	       "an array longer than the buffer is cut, not overrun");
}

/* A module's parameters, as module_param & co. lay them out. */
static int count = 1;
static char *name = "none";
static bool flag, noflag;
static char str[8];
static int arr[3];
static unsigned int arr_num;
static int dash_name;
static const struct kparam_string str_kps = { sizeof(str), str };
static const struct kparam_array arr_kpa = { 3, sizeof(int), &arr_num,
					     &param_ops_int, arr };
static struct kernel_param table[] = {
	KP("count", &param_ops_int, &count),
	KP("name", &param_ops_charp, &name),
	KP("flag", &param_ops_bool, &flag),
	KP("noflag", &param_ops_invbool, &noflag),
	KP("str", &param_ops_string, &str_kps),
	KP("arr", &param_array_ops, &arr_kpa),
	KP("dash_name", &param_ops_int, &dash_name),
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

static char errbuf[256];
static const char *err = errbuf;

static int parse(const char *line)
{
	static char args[1024];

	snprintf(args, sizeof(args), "%s", line);
	errbuf[0] = '\0';
	return umod_parse_args("mod", args, table, NTABLE, errbuf,
			       sizeof(errbuf));
}

static void test_parse_args(void)
{
	static char inplace[] = "count=12 flag";
	long before;

	is_int(parse("count=3 name=\"a b\" flag"), 0, "a command line parses");
	ok(count == 3 && !strcmp(name, "a b") && flag,
	   "quoted value keeps its space, bare bool is set");
	is_int(parse("\"name=c  d\" count=4"), 0, "a wholly quoted argument");
	ok(!strcmp(name, "c  d") && count == 4, "is one argument, quotes gone");
	is_int(parse("name=a\"b c\"d"), 0, "quotes inside a value");
	is_str(name, "a\"b c\"d", "group but stay, as in Linux");
	is_int(parse("  \tcount=5 \t flag=n  "), 0, "spaces and tabs around");
	ok(count == 5 && !flag, "are skipped");
	is_int(parse("dash-name=6"), 0, "dashes in names");
	is_int(dash_name, 6, "match underscores");
	is_int(parse("name=a-b"), 0, "but not in values");
	is_str(name, "a-b", "the value keeps its dash");
	is_int(parse("arr=1,2 str=abc noflag=y"), 0, "arrays and strings");
	ok(arr_num == 2 && arr[1] == 2 && !strcmp(str, "abc") && !noflag,
	   "are set");
	is_int(parse(""), 0, "an empty line is fine");
	is_int(parse("   "), 0, "so is a blank one");
	is_int(umod_parse_args("mod", NULL, table, NTABLE, NULL, 0), 0,
	       "so is none");

	is_int(umod_parse_args("mod", inplace, table, NTABLE, NULL, 0), 0,
	       "parsing works without an error buffer");
	ok(!memcmp(inplace, "count\0" "12\0" "flag", sizeof(inplace)),
	   "the line is cut up in place, as Linux does");

	is_int(parse("bogus=1"), -ENOENT, "an unknown parameter is refused");
	is_str(err, "mod: Unknown parameter 'bogus'", "naming it");
	count = 0;
	is_int(parse("count=1 bogus count=2"), -ENOENT, "parsing stops there");
	is_int(count, 1, "after what came before");
	is_int(parse("=5"), -ENOENT, "a value without a name");
	is_str(err, "mod: Unknown parameter '=5'", "is an unknown name");
	is_int(parse("dash"), -ENOENT, "a prefix is not a match");

	is_int(parse("count=abc"), -EINVAL, "a bad value is refused");
	is_str(err, "mod: 'abc' invalid for parameter 'count'",
	       "with Linux's message");
	is_int(parse("count=99999999999"), -ERANGE,
	       "an out-of-range value keeps its errno");
	is_str(err, "mod: '99999999999' invalid for parameter 'count'",
	       "and the same message");
	is_int(parse("count"), -EINVAL, "a missing value is refused");
	is_str(err, "mod: '' invalid for parameter 'count'", "as in Linux");
	is_int(parse("noflag"), -EINVAL, "invbool needs a value");
	is_int(parse("flag=maybe"), -EINVAL, "a bad bool");
	is_str(err, "mod: 'maybe' invalid for parameter 'flag'", "is named");
	is_int(parse("dash-name=x"), -EINVAL, "a bad value for a dashed name");
	is_str(err, "mod: 'x' invalid for parameter 'dash-name'",
	       "names it as given");

	is_int(parse("str=12345678"), -ENOSPC, "a string too long");
	is_str(err, "mod: str: string doesn't fit in 7 chars.",
	       "says how long it may be");
	is_int(parse("arr=1,2,3,4"), -EINVAL, "an array too long");
	is_str(err, "mod: arr: can only take 3 arguments",
	       "says how many it takes");
	is_int(parse("arr=1,x"), -EINVAL, "an array with a bad element");
	is_str(err, "mod: '1,x' invalid for parameter 'arr'",
	       "shows the whole value");

	umod_destroy_params(table, NTABLE);
	name = "none";
	before = live_blocks;
	is_int(parse("name=first name=second"), 0, "charp set twice");
	umod_destroy_params(table, NTABLE);
	is_int(live_blocks, before, "destroy frees what parsing allocated");
	name = "none";
}

static void test_find_param(void)
{
	ok(umod_find_param(table, NTABLE, "count") == &table[0], "find by name");
	ok(umod_find_param(table, NTABLE, "dash-name") == &table[6],
	   "find with dashes for underscores");
	ok(umod_find_param(table, NTABLE, "dash_name") == &table[6],
	   "and with underscores");
	ok(!umod_find_param(table, NTABLE, "coun"), "no prefix match");
	ok(!umod_find_param(table, NTABLE, "counts"), "no longer match");
	ok(!umod_find_param(table, 0, "count"), "nothing in an empty table");
}

int main(void)
{
	printf("# parameter ops and parse_args\n");
	test_integers();
	test_hexint();
	test_bools();
	test_charp();
	test_string();
	test_arrays();
	test_long_get();
	test_parse_args();
	test_find_param();
	return done_testing();
}
