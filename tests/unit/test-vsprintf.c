// SPDX-License-Identifier: MIT
/*
 * test-vsprintf.c - Linux's vsnprintf as module code gets it, against
 * the strings Linux prints: the cases of Linux's lib/test_printf.c, and
 * more for what it leaves out.  Each case is formatted into every buffer
 * size from 0 to one past its length, as test_printf does with three:
 * the return value is always the whole length, the buffer holds its
 * prefix, terminated, and nothing past the terminator is touched.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "../tap.h"
#include "../../src/internal.h"

/* Longs and pointers are the machine's word: 64 or 32 bits. */
#define W64 (sizeof(long) == 8)

#define BUF 256
#define PAD 16
#define FILL '$'
#define ERR_PTR(e) ((void *)(intptr_t)(e))

static char area[BUF + 2 * PAD];

/* Everything right at one size; a diagnostic for the first thing wrong. */
static bool check_size(size_t size, const char *want, int wlen, const char *fmt,
		       va_list ap)
{
	char *buf = area + PAD;
	size_t kept = size ? ((size_t)wlen < size - 1 ? (size_t)wlen : size - 1) : 0;
	va_list aq;
	int ret;

	memset(area, FILL, sizeof(area));
	va_copy(aq, ap);
	ret = umod_vsnprintf(size ? buf : NULL, size, fmt, aq);
	va_end(aq);
	if (ret != wlen)
		return diag("size %zu: returned %d, want %d", size, ret, wlen), false;
	for (size_t i = 0; i < sizeof(area); i++) {
		char c = area[i];

		if (i >= PAD && i < PAD + kept && c != want[i - PAD])
			return diag("size %zu: '%.*s', want '%.*s'", size, (int)kept,
				    buf, (int)kept, want), false;
		if (size && i == PAD + kept && c)
			return diag("size %zu: not terminated", size), false;
		if ((i < PAD || i > PAD + kept || (!size && i == PAD)) && c != FILL)
			return diag("size %zu: wrote at %zd", size, (ssize_t)i - PAD), false;
	}
	return true;
}

static void test_len(const char *want, int wlen, const char *fmt, ...)
{
	bool good = true;
	va_list ap;

	va_start(ap, fmt);
	for (size_t size = 0; good && size <= (size_t)wlen + 1; size++)
		good = check_size(size, want, wlen, fmt, ap);
	if (good)
		good = check_size(BUF, want, wlen, fmt, ap);
	va_end(ap);
	ok(good, "\"%s\" gives \"%.*s\"", fmt, wlen, want);
}

#define test(want, fmt, ...) test_len(want, strlen(want), fmt, ##__VA_ARGS__)

static void test_basic(void)
{
	char nul = '\0';

	test("", &nul);
	test("100%", "100%%");
	test("xxx%yyy", "xxx%cyyy", '%');
	test_len("xxx\0yyy", 7, "xxx%cyyy", '\0');
	test("  a|b  ", "%3c|%-3c", 'a', 'b');
}

static void test_number(void)
{
	signed char val = -16;	/* char is unsigned on arm64 */

	test("0x1234abcd  ", "%#-12x", 0x1234abcd);
	test("  0x1234abcd", "%#12x", 0x1234abcd);
	test("0|001| 12|+123| 1234|-123|-1234", "%d|%03d|%3d|%+d|% d|%+d|% d",
	     0, 1, 12, 123, 1234, -123, -1234);
	test("0|1|1|128|255", "%hhu|%hhu|%hhu|%hhu|%hhu", 0, 1, 257, 128, -1);
	test("0|1|1|-128|-1", "%hhd|%hhd|%hhd|%hhd|%hhd", 0, 1, 257, 128, -1);
	test("2015122420151225", "%ho%ho%#ho", 1037, 5282, -11627);
	/* Linux prints one 0 where C prints none. */
	test("00|0|0|0|0", "%.2d|%.1d|%.0d|%.*d|%1.0d", 0, 0, 0, 0, 0, 0);
	test("0xfffffff0|0xf0|0xf0", "%#02x|%#02x|%#02x", val, val & 0xff,
	     (unsigned char)val);
	/* A '#' prefix even on 0, unlike C. */
	test("0x0|0X0|0|0", "%#x|%#X|%#o|%o", 0, 0, 0, 0);
	test("-9223372036854775808|18446744073709551615", "%lld|%llu",
	     LLONG_MIN, ULLONG_MAX);
	test(W64 ? "-1|18446744073709551615|-2|fffffffffffffffe" : "-1|4294967295|-2|fffffffe",
	     "%zd|%zu|%td|%lx",
	     (ssize_t)-1, (size_t)-1, (ptrdiff_t)-2, -2L);
	test("-32768|65535|777|0777|DEADBEEF", "%hd|%hu|%o|%#o|%X", -32768, -1,
	     0777, 0777, 0xdeadbeef);
	test("  005|00005|5    |+5   ", "%5.3d|%05d|%-5d|%-+5d", 5, 5, 5, 5);
	test("0042|  -42", "%04d|%*d", 42, 5, -42);
	test("1|2|3", "%Ld|%jd|%qd", 1LL, (intmax_t)2, 3LL);
	test("-2147483648|4294967295", "%i|%u", INT_MIN, UINT_MAX);
}

static void test_string(void)
{
	test("", "%s%.0s", "", "123");
	test("ABCD|abc|123", "%s|%.3s|%.*s", "ABCD", "abcdef", 3, "123456");
	test("1  |  2|3  |  4|5  ", "%-3s|%3s|%-*s|%*s|%*s", "1", "2", 3, "3", 3,
	     "4", -3, "5");
	test("1234      ", "%-10.4s", "123456");
	test("      1234", "%10.4s", "123456");
	/* A negative precision counts as 0, an empty one as none. */
	test("    ", "%4.*s", -5, "123456");
	test("123456", "%.s", "123456");
	test("a||", "%.s|%.0s|%.*s", "a", "b", 0, "c");
	test("a  |   |   ", "%-3.s|%-3.0s|%-3.*s", "a", "b", 0, "c");
	/* Digits past Linux's fields saturate rather than overflow. */
	test("abc", "%.99999999999999999999s", "abc");
}

/* Where libc would fault: a message instead. */
static void test_bad_strings(void)
{
	test("(null)", "%s", (char *)NULL);
	test("    (null)|(null)    |(nu", "%10s|%-10s|%.3s", (char *)NULL,
	     (char *)NULL, (char *)NULL);
	test("(efault)|(efault)|(efault)", "%s|%s|%s", (char *)1, (char *)4095,
	     (char *)ERR_PTR(-EINVAL));
	test("(null)|(efault)", "%pE|%pE", NULL, (void *)0xab);
	test("(null)|(efault)", "%*ph|%pM", 3, NULL, (void *)0xff0);
}

/* %n writes nothing and ends the output, as any conversion Linux does not
 * know: the arguments after it would be out of step. */
static void test_invalid(void)
{
	int n = 7;

	test("abc", "abc%ndef%d", &n, 5);
	is_int(n, 7, "%%n writes nothing through its pointer");
	test("x=", "x=%y%d", 1);
	test("1 ", "%d %lln", 1, (long long *)&n);
}

static void test_pointers(void)
{
	void *ptr = (void *)(uintptr_t)0xffff0123456789abULL;
	char hashed[BUF], again[BUF];
	int n;

	test(W64 ? "00000000000000ab|0000000000000000|ffff0123456789ab" :
		   "000000ab|00000000|456789ab", "%px|%px|%px",
	     (void *)0xab, NULL, ptr);
	test("      ab|ab", "%8px|%1px", (void *)0xab, (void *)0xab);
	/* NULL and error pointers are no addresses: as they are. */
	test(W64 ? "0000000000000000|ffffffffffffffea" : "00000000|ffffffea", "%p|%p",
	     NULL, ERR_PTR(-EINVAL));
	n = umod_snprintf(hashed, sizeof(hashed), "%p", ptr);
	umod_snprintf(again, sizeof(again), "%p", ptr);
	ok(n == 2 * (int)sizeof(void *) && (!W64 || !strncmp(hashed, "00000000", 8)) &&
	   strcmp(hashed, W64 ? "ffff0123456789ab" : "456789ab") && !strcmp(hashed, again),
	   "%%p hashes: a word's digits, 32 bits of hash, the same each time (%s)",
	   hashed);
	test(hashed, "%pK", ptr);
	test(hashed, "%pe", ptr);
	test(hashed, "%pF", ptr);
	test(hashed, "%pd2", ptr);
	test("(%pf?)", "%pf", ptr);
	test("abc|(null)", "%pks|%pus", "abc", NULL);
	test("0x0000000000001234|0x00000000deadbeef", "%pa|%pad",
	     &(uint64_t){ 0x1234 }, &(uint64_t){ 0xdeadbeef });
	/* The letters after %p are the extension's: all of them. */
	test(W64 ? "00000000000000ab|" : "000000ab|", "%pxyz1|", (void *)0xab);
}

static void test_errptr(void)
{
	void *ptr = (void *)(uintptr_t)0xffff0123456789abULL;
	char hashed[BUF];

	test("-1234", "%pe", ERR_PTR(-1234));
	test("(-ENOTSOCK)", "(%pe)", ERR_PTR(-ENOTSOCK));
	test("(-EAGAIN)", "(%pe)", ERR_PTR(-EAGAIN));
	test("(-EAGAIN)", "(%pe)", ERR_PTR(-EWOULDBLOCK));
	test("[-EIO    ]", "[%-8pe]", ERR_PTR(-EIO));
	test("[    -EIO]", "[%8pe]", ERR_PTR(-EIO));
	test("-EPROBE_DEFER|-ENOTSUPP|-ENOENT|-EHWPOISON", "%pe|%pe|%pe|%pe",
	     ERR_PTR(-517), ERR_PTR(-524), ERR_PTR(-ENOENT), ERR_PTR(-EHWPOISON));
	test("-520", "%pe", ERR_PTR(-520));
	umod_snprintf(hashed, sizeof(hashed), "%p", ptr);
	test(hashed, "%pe", ptr);
}

static void test_buffers(void)
{
	const char buf[3] = { (char)0xc0, (char)0xff, (char)0xee };
	const unsigned char mac[6] = { 0x2d, 0x48, 0xd6, 0xfc, 0x7a, 0x05 };
	const char uuid[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

	test("c0 ff ee|c0:ff:ee|c0-ff-ee|c0ffee", "%3ph|%3phC|%3phD|%3phN",
	     buf, buf, buf, buf);
	test("c0 ff ee|c0:ff:ee|c0-ff-ee|c0ffee", "%*ph|%*phC|%*phD|%*phN",
	     3, buf, 3, buf, 3, buf, 3, buf);
	test("c0||c0", "%ph|%*ph|%phC", buf, 0, buf, buf);
	test("2d:48:d6:fc:7a:05", "%pM", mac);
	test("05:7a:fc:d6:48:2d", "%pMR", mac);
	test("2d-48-d6-fc-7a-05", "%pMF", mac);
	test("2d48d6fc7a05", "%pm", mac);
	test("057afcd6482d", "%pmR", mac);
	test("00010203-0405-0607-0809-0a0b0c0d0e0f", "%pUb", uuid);
	test("00010203-0405-0607-0809-0A0B0C0D0E0F", "%pUB", uuid);
	test("03020100-0504-0706-0809-0a0b0c0d0e0f", "%pUl", uuid);
	test("03020100-0504-0706-0809-0A0B0C0D0E0F", "%pUL", uuid);
	test("00010203-0405-0607-0809-0a0b0c0d0e0f", "%pU", uuid);
}

static void test_ip(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(12345),
				  .sin_addr.s_addr = htonl(0x7f000001) };
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6, .sin6_port = htons(8080),
				    .sin6_flowinfo = htonl(0x12345), .sin6_scope_id = 3 };
	const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	const unsigned char mapped[16] = { [10] = 0xff, 0xff, 1, 2, 3, 4 };
	uint32_t host_order = 0x7f000001;

	test("127.000.000.001|127.0.0.1", "%pi4|%pI4", &sa.sin_addr, &sa.sin_addr);
	test("127.000.000.001|127.0.0.1", "%piS|%pIS", &sa, &sa);
	sa.sin_addr.s_addr = htonl(0x01020304);
	test("001.002.003.004:12345|1.2.3.4:12345", "%piSp|%pISp", &sa, &sa);
	test("127.0.0.1", "%pI4h", &host_order);
	test("2001:0db8:0000:0000:0000:0000:0000:0001|2001:db8::1", "%pI6|%pI6c", v6, v6);
	test("20010db8000000000000000000000001", "%pi6", v6);
	test("::ffff:1.2.3.4|::1", "%pI6c|%pI6c", mapped,
	     (const unsigned char[16]){ [15] = 1 });
	memcpy(&sa6.sin6_addr, v6, 16);
	test("[2001:db8::1]:8080|[2001:db8::1]/74565%3", "%pISpc|%pISfsc", &sa6, &sa6);
	test("(%pI?)|(%pi?)", "%pI|%pi5", v6, v6);
	sa.sin_family = AF_UNIX;
	test("(einval)", "%pIS", &sa);
}

static void test_escaped(void)
{
	const char s[] = "a\n\001\377\"\\";

	test("a\\n\\001\377\"\\", "%*pE", 6, s);
	test("\\141\\n\\001\\377\\\"\\\\", "%*pEa", 6, s);
	test("\\x61\\x0a", "%*pEh", 2, s);
	test("a\\0b", "%*pEn", 3, "a\0b");
	test("a\\n\001", "%*pEs", 3, s);
	test("", "%*pE", 0, s);
}

static void test_bitmap(void)
{
	unsigned long bits[1] = { 0 };
	const int primes[] = { 2, 3, 5, 7, 11, 13, 17, 19 };
	unsigned long big[65536 / LONG_BIT] = { 0 };

	test("00000|00000", "%20pb|%*pb", bits, 20, bits);
	test("|", "%20pbl|%*pbl", bits, 20, bits);
	for (size_t i = 0; i < sizeof(primes) / sizeof(primes[0]); i++)
		bits[0] |= 1UL << primes[i];
	test("a28ac|a28ac", "%20pb|%*pb", bits, 20, bits);
	test("2-3,5,7,11,13,17,19|2-3,5,7,11,13,17,19", "%20pbl|%*pbl", bits, 20, bits);
	bits[0] = (1UL << 20) - 1;
	test("fffff|fffff", "%20pb|%*pb", bits, 20, bits);
	test("0-19|0-19", "%20pbl|%*pbl", bits, 20, bits);
	for (int i = 1; i <= 20; i++)
		big[i / LONG_BIT] |= 1UL << (i % LONG_BIT);
	for (int i = 60000; i < 60015; i++)
		big[i / LONG_BIT] |= 1UL << (i % LONG_BIT);
	test("1-20,60000-60014", "%*pbl", 1 << 16, big);
	if (W64) {
		bits[0] = (unsigned long)0x123456789ULL;
		test("00000001,23456789", "%64pb", bits);
	} else {
		bits[0] = 0x23456789UL;
		test("23456789", "%32pb", bits);
	}
}

/* 1543210543: 2018-11-26T05:35:43 UTC. */
static void test_time(void)
{
	const int tm[9] = { 43, 35, 5, 26, 10, 118 };	/* struct rtc_time */
	const long long t = 1543210543;

	test("(%pt?)", "%pt", tm);
	test("2018-11-26T05:35:43", "%ptR", tm);
	test("0118-10-26T05:35:43", "%ptRr", tm);
	test("05:35:43|2018-11-26", "%ptRt|%ptRd", tm, tm);
	test("05:35:43|0118-10-26", "%ptRtr|%ptRdr", tm, tm);
	test("05:35:43|2018-11-26", "%ptRttr|%ptRdtr", tm, tm);
	test("05:35:43 tr|2018-11-26 tr", "%ptRt tr|%ptRd tr", tm, tm);
	test("2018-11-26 05:35:43", "%ptRs", tm);
	test("2018-11-26T05:35:43|0118-10-26T05:35:43|2018-11-26 05:35:43",
	     "%ptT|%ptTr|%ptTs", &t, &t, &t);
	test("2018-11-26|05:35:43", "%ptTd|%ptTt", &t, &t);
	test("(null)", "%ptR", NULL);
}

struct va_format {
	const char *fmt;
	va_list *va;
};

/* "a%pV|" of fmt and its arguments, as dev_printk passes them on. */
static void nested(const char *want, size_t size, const char *fmt, ...)
{
	char buf[64];
	struct va_format vaf;
	va_list ap;
	int n;

	va_start(ap, fmt);
	vaf = (struct va_format){ fmt, &ap };
	n = umod_snprintf(buf, size, "a%pV|", &vaf);
	va_end(ap);
	ok(n == 7 && !strcmp(buf, want), "%%pV of \"%s\" into %zu bytes: \"%s\", %d",
	   fmt, size, buf, n);
}

static void test_va_format(void)
{
	nested("a<5|x>|", 64, "<%d|%s>", 5, "x");
	nested("a<5|x>|", 8, "<%d|%s>", 5, "x");
	nested("a<5|x>", 7, "<%d|%s>", 5, "x");
	nested("a<5", 4, "<%d|%s>", 5, "x");
	nested("", 1, "<%d|%s>", 5, "x");
	test("(null)", "%pV", NULL);
}

static void test_symbols(void)
{
	void *fn = dlsym(RTLD_DEFAULT, "ldiv");
	char want[BUF];
	Dl_info di;

	if (!dladdr(fn, &di) || !di.dli_sname) {
		ok(0, "dladdr names ldiv");
		return;
	}
	test(di.dli_sname, "%ps", fn);
	umod_sprint_symbol(want, sizeof(want), (uintptr_t)fn + 3);
	ok(!strncmp(want, di.dli_sname, strlen(di.dli_sname)) &&
	   !strncmp(want + strlen(di.dli_sname), "+0x3/0x", 7),
	   "sprint_symbol: %s", want);
	test(want, "%pS", (char *)fn + 3);
	test(want, "%pSR", (char *)fn + 3);
	/* %pB looks up the byte before (the call a return address follows)
	 * and prints the address's own offset. */
	test(want, "%pB", (char *)fn + 3);
	test("0x1234|0x1234|0x1234", "%pS|%ps|%pB", (void *)0x1234, (void *)0x1234,
	     (void *)0x1234);
	test("[      0x1234]", "[%12pS]", (void *)0x1234);
}

/* Return values: the would-be length, the written one, or nothing. */
static void test_returns(void)
{
	char area8[8], *buf = area8;

	is_int(umod_snprintf(buf, 5, "%s", "abcdefgh"), 8, "snprintf returns the would-be length");
	is_str(buf, "abcd", "and keeps what fits, terminated");
	is_int(umod_scnprintf(buf, 5, "%s", "abcdefgh"), 4, "scnprintf returns what it wrote");
	is_int(umod_scnprintf(buf, 0, "%s", "abcdefgh"), 0, "scnprintf into nothing: 0");
	is_int(umod_scnprintf(buf, sizeof(area8), "%d", 42), 2, "scnprintf when it fits: the length");
	is_int(umod_sprintf(buf, "%s-%d", "ab", 7), 4, "sprintf returns the length");
	is_str(buf, "ab-7", "sprintf writes it all");
	memset(buf, FILL, sizeof(area8));
	is_int(umod_snprintf(buf, (size_t)INT_MAX + 1, "%s", "x"), 0,
	       "a size past INT_MAX: 0, as Linux");
	ok(buf[0] == FILL, "and nothing written");
}

int main(void)
{
	test_basic();
	test_number();
	test_string();
	test_bad_strings();
	test_invalid();
	test_pointers();
	test_errptr();
	test_buffers();
	test_ip();
	test_escaped();
	test_bitmap();
	test_time();
	test_va_format();
	test_symbols();
	test_returns();
	return done_testing();
}
