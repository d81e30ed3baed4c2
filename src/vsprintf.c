// SPDX-License-Identifier: MIT
/*
 * vsprintf.c - Linux's vsnprintf for module code, written after the
 * behaviour of lib/vsprintf.c (and lib/test_printf.c's cases):
 *
 *  - numbers: a '#' hex prefix even on 0 ("0x0"), "%.0d" of 0 is "0", a
 *    negative '*' precision counts as 0 and "%.s" as no precision;
 *  - %s of NULL prints "(null)", of an address in the first page or of
 *    an error pointer "(efault)", where libc would fault;
 *  - %n, and any conversion Linux does not know, ends the output there:
 *    no argument past it is read, nothing is written through it;
 *  - %p hashes the address with a per-process random key (SipHash-2-4,
 *    the low 32 bits, as Linux), so logs show no addresses; NULL and
 *    error pointers print as they are; %px prints it raw, %pK as %p
 *    (kptr_restrict 0);
 *  - %pS %ps %pSR %pB name the symbol (kallsyms.c), %pe the errno,
 *    %*ph %pM %pm %pI4 %pi4 %pI6 %pi6 %pI6c %pIS %piS %pU %pa %pad
 *    %pE %pV %*pb %*pbl %ptR %ptT %pks print what they point to.
 *
 * Other extensions Linux knows (%pd, %pG, %pR, %pC...) read kernel
 * structures a module here has none of: they print as %p.  So does %pF,
 * and %pf prints "(%pf?)": Linux 6.1 no longer takes them.  The length
 * modifiers j and q, which Linux refuses, are read as 64 bits.
 *
 * The names are umod_-prefixed: inside libumod, snprintf stays libc's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>
#include <time.h>

#include "internal.h"

#define LEFT	(1 << 0)	/* '-' */
#define PLUS	(1 << 1)	/* '+' */
#define SPACE	(1 << 2)	/* ' ' */
#define SPECIAL	(1 << 3)	/* '#' */
#define ZEROPAD	(1 << 4)	/* '0' */
#define SMALL	(1 << 5)	/* lower-case hex */
#define SIGN	(1 << 6)	/* signed conversion */

#define PAGE_SIZE_LINUX	4096UL	/* check_pointer's first page */
#define MAX_ERRNO	4095UL

struct spec {
	unsigned int flags;
	int width;		/* -1: none */
	int precision;		/* -1: none */
	unsigned int base;
};

/* Where output goes: len counts what would have been written. */
struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static bool is_err_value(const void *p)
{
	return (uintptr_t)p >= (uintptr_t)-MAX_ERRNO;
}

static const char hex_lower[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";

/* ---- numbers ---- */

static void number(struct out *o, unsigned long long num, struct spec s)
{
	const char *digits = s.flags & SMALL ? hex_lower : hex_upper;
	bool prefix = (s.flags & SPECIAL) && s.base != 10, zero = !num;
	char tmp[3 * sizeof(num)], sign = 0;
	int width = s.width, precision = s.precision, i = 0;

	if (s.flags & LEFT)
		s.flags &= ~ZEROPAD;
	if (s.flags & SIGN) {
		if ((long long)num < 0) {
			sign = '-';
			num = -num;
		} else if (s.flags & PLUS) {
			sign = '+';
		} else if (s.flags & SPACE) {
			sign = ' ';
		}
		width -= !!sign;
	}
	if (prefix)
		width -= s.base == 16 ? 2 : !zero;
	do {
		tmp[i++] = digits[num % s.base];
		num /= s.base;
	} while (num);
	if (precision < i)
		precision = i;
	width -= precision;
	if (!(s.flags & (ZEROPAD | LEFT)))
		pad(o, ' ', width), width = 0;
	if (sign)
		put(o, sign);
	if (prefix && (s.base == 16 || !zero))
		put(o, '0');
	if (prefix && s.base == 16)
		put(o, s.flags & SMALL ? 'x' : 'X');
	if (!(s.flags & LEFT))
		pad(o, s.flags & ZEROPAD ? '0' : ' ', width), width = 0;
	pad(o, '0', precision - i);
	while (i)
		put(o, tmp[--i]);
	pad(o, ' ', width);
}

/* "0x" and 2 * size zero-padded hex digits. */
static void special_hex(struct out *o, unsigned long long num, int size)
{
	number(o, num, (struct spec){ SPECIAL | SMALL | ZEROPAD, 2 + 2 * size, -1, 16 });
}

/* ---- strings ---- */

static void string_nocheck(struct out *o, const char *str, struct spec s)
{
	size_t n = 0;

	while ((s.precision < 0 || n < (size_t)s.precision) && str[n])
		n++;
	if (!(s.flags & LEFT) && s.width > (int)n)
		pad(o, ' ', s.width - (int)n);
	for (size_t i = 0; i < n; i++)
		put(o, str[i]);
	if ((s.flags & LEFT) && s.width > (int)n)
		pad(o, ' ', s.width - (int)n);
}

/* A message in place of what a bad pointer would have given. */
static void error_string(struct out *o, const char *msg, struct spec s)
{
	if (s.precision < 0)
		s.precision = 2 * sizeof(void *);
	string_nocheck(o, msg, s);
}

/* Linux's check_pointer: true, and the reason printed, when p cannot be read. */
static bool bad_pointer(struct out *o, const void *p, struct spec s)
{
	const char *msg = NULL;

	if (!p)
		msg = "(null)";
	else if ((uintptr_t)p < PAGE_SIZE_LINUX || is_err_value(p))
		msg = "(efault)";
	if (msg)
		error_string(o, msg, s);
	return msg;
}

static void string(struct out *o, const char *str, struct spec s)
{
	if (!bad_pointer(o, str, s))
		string_nocheck(o, str, s);
}

/* ---- plain %p: hashed ---- */

static uint64_t ptr_key[2];
static bool ptr_key_ready;
static pthread_once_t ptr_key_once = PTHREAD_ONCE_INIT;

static void fill_ptr_key(void)
{
	ptr_key_ready = getrandom(ptr_key, sizeof(ptr_key), 0) == sizeof(ptr_key);
}

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND(v0, v1, v2, v3) do {					\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

/* SipHash-2-4 of one 64-bit word, as Linux's siphash_1u64. */
static uint64_t siphash_1u64(uint64_t m, const uint64_t k[2])
{
	uint64_t v0 = 0x736f6d6570736575ULL ^ k[0], v1 = 0x646f72616e646f6dULL ^ k[1];
	uint64_t v2 = 0x6c7967656e657261ULL ^ k[0], v3 = 0x7465646279746573ULL ^ k[1];
	uint64_t b = 8ULL << 56;

	v3 ^= m;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= m;
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	for (int i = 0; i < 4; i++)
		SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

/* The address in hex, 16 digits zero-padded unless a width is given. */
static void pointer_string(struct out *o, const void *p, struct spec s)
{
	s.base = 16;
	s.flags |= SMALL;
	if (s.width == -1) {
		s.width = 2 * sizeof(p);
		s.flags |= ZEROPAD;
	}
	number(o, (uintptr_t)p, s);
}

static void default_pointer(struct out *o, const void *p, struct spec s)
{
	/* NULL and error pointers are no addresses: printed as they are. */
	if (!p || is_err_value(p)) {
		pointer_string(o, p, s);
		return;
	}
	pthread_once(&ptr_key_once, fill_ptr_key);
	if (!ptr_key_ready) {
		s.width = 2 * sizeof(p);
		error_string(o, "(____ptrval____)", s);
		return;
	}
	pointer_string(o, (const void *)(uintptr_t)(siphash_1u64((uintptr_t)p, ptr_key) &
						  0xffffffff), s);
}

/* ---- %pS %ps %pB ---- */

static void symbol_string(struct out *o, const void *p, const char *fmt, struct spec s)
{
	char sym[MODULE_NAME_LEN + 256];
	uintptr_t addr = (uintptr_t)p;	/* %pSR: x86 return addresses are plain */

	if (*fmt == 'B')
		umod_sprint_backtrace(sym, sizeof(sym), addr);
	else if (*fmt == 's')
		umod_sprint_symbol_no_offset(sym, sizeof(sym), addr);
	else
		umod_sprint_symbol(sym, sizeof(sym), addr);
	string_nocheck(o, sym, s);
}

/* ---- %pe ---- */

#define E(e) [e] = "-" #e
static const char *const errnames[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK),
	E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK),
	E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOMSG), E(EIDRM), E(ECHRNG),
	E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG), E(EUNATCH), E(ENOCSI),
	E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL), E(ENOANO), E(EBADRQC),
	E(EBADSLT), E(EBFONT), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR),
	E(ENONET), E(ENOPKG), E(EREMOTE), E(ENOLINK), E(EADV), E(ESRMNT),
	E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT), E(EBADMSG),
	E(EOVERFLOW), E(ENOTUNIQ), E(EBADFD), E(EREMCHG), E(ELIBACC),
	E(ELIBBAD), E(ELIBSCN), E(ELIBMAX), E(ELIBEXEC), E(EILSEQ),
	E(ERESTART), E(ESTRPIPE), E(EUSERS), E(ENOTSOCK), E(EDESTADDRREQ),
	E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT),
	E(ESOCKTNOSUPPORT), E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT),
	E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH),
	E(ENETRESET), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN),
	E(ENOTCONN), E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT),
	E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY),
	E(EINPROGRESS), E(ESTALE), E(EUCLEAN), E(ENOTNAM), E(ENAVAIL),
	E(EISNAM), E(EREMOTEIO), E(EDQUOT), E(ENOMEDIUM), E(EMEDIUMTYPE),
	E(ECANCELED), E(ENOKEY), E(EKEYEXPIRED), E(EKEYREVOKED),
	E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE), E(ERFKILL),
	E(EHWPOISON),
};
#undef E

/* The kernel's own errnos, from 512 (include/linux/errno.h). */
static const char *const errnames_512[] = {
	"-ERESTARTSYS", "-ERESTARTNOINTR", "-ERESTARTNOHAND", "-ENOIOCTLCMD",
	"-ERESTART_RESTARTBLOCK", "-EPROBE_DEFER", "-EOPENSTALE", "-ENOPARAM",
	NULL, "-EBADHANDLE", "-ENOTSYNC", "-EBADCOOKIE", "-ENOTSUPP",
	"-ETOOSMALL", "-ESERVERFAULT", "-EBADTYPE", "-EJUKEBOX", "-EIOCBQUEUED",
	"-ERECALLCONFLICT",
};

static const char *errname(long err)
{
	unsigned long e = -err;

	if (e < sizeof(errnames) / sizeof(errnames[0]))
		return errnames[e];
	if (e >= 512 && e - 512 < sizeof(errnames_512) / sizeof(errnames_512[0]))
		return errnames_512[e - 512];
	return NULL;
}

/* "-ENOENT", or the number for one Linux has no name for. */
static void err_ptr(struct out *o, const void *p, struct spec s)
{
	long err = (long)(intptr_t)p;
	const char *name = errname(err);

	if (name) {
		string_nocheck(o, name, s);
		return;
	}
	s.flags |= SIGN;
	s.base = 10;
	number(o, err, s);
}

/* ---- buffers: %ph %pM %pm %pU ---- */

static void hex_string(struct out *o, const unsigned char *p, const char *fmt,
		       struct spec s)
{
	char sep = fmt[1] == 'C' ? ':' : fmt[1] == 'D' ? '-' : fmt[1] == 'N' ? 0 : ' ';
	int len = s.width < 0 ? 1 : s.width > 64 ? 64 : s.width;

	if (!s.width || bad_pointer(o, p, s))
		return;
	for (int i = 0; i < len; i++) {
		put(o, hex_lower[p[i] >> 4]);
		put(o, hex_lower[p[i] & 15]);
		if (sep && i != len - 1)
			put(o, sep);
	}
}

static char *hex_byte(char *q, unsigned char c, const char *digits)
{
	*q++ = digits[c >> 4];
	*q++ = digits[c & 15];
	return q;
}

static void mac_address(struct out *o, const unsigned char *p, const char *fmt,
			struct spec s)
{
	char mac[sizeof("xx:xx:xx:xx:xx:xx")], *q = mac;
	char sep = fmt[1] == 'F' ? '-' : ':';
	bool reversed = fmt[1] == 'R';

	if (bad_pointer(o, p, s))
		return;
	for (int i = 0; i < 6; i++) {
		q = hex_byte(q, p[reversed ? 5 - i : i], hex_lower);
		if (fmt[0] == 'M' && i != 5)
			*q++ = sep;
	}
	*q = '\0';
	string_nocheck(o, mac, s);
}

static void uuid_string(struct out *o, const unsigned char *p, const char *fmt,
			struct spec s)
{
	static const unsigned char be[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	static const unsigned char le[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	bool upper = fmt[1] == 'B' || fmt[1] == 'L';
	const unsigned char *index = fmt[1] == 'l' || fmt[1] == 'L' ? le : be;
	char uuid[37], *q = uuid;

	if (bad_pointer(o, p, s))
		return;
	for (int i = 0; i < 16; i++) {
		q = hex_byte(q, p[index[i]], upper ? hex_upper : hex_lower);
		if (i == 3 || i == 5 || i == 7 || i == 9)
			*q++ = '-';
	}
	*q = '\0';
	string_nocheck(o, uuid, s);
}

/* ---- IP addresses: %pI4 %pi4 %pI6 %pi6 %pI6c %pIS %piS ---- */

struct sbuf {
	char *p, *end;
};

static void sput(struct sbuf *b, char c)
{
	if (b->p < b->end - 1)
		*b->p++ = c;
	*b->p = '\0';
}

static void sdec(struct sbuf *b, unsigned long n, int min_digits)
{
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = '0' + n % 10;
		n /= 10;
	} while (n);
	while (i < min_digits)
		tmp[i++] = '0';
	while (i)
		sput(b, tmp[--i]);
}

/* order: 'h' host, 'l' little endian, else network (big) order. */
static void ip4_string(struct sbuf *b, const unsigned char *a, bool leading_zeros,
		       char order)
{
	bool backwards = order == 'h' || order == 'l';	/* x86 hosts are little endian */

	for (int i = 0; i < 4; i++) {
		sdec(b, a[backwards ? 3 - i : i], leading_zeros ? 3 : 1);
		if (i < 3)
			sput(b, '.');
	}
}

static void ip6_string(struct sbuf *b, const unsigned char *a, bool colons)
{
	for (int i = 0; i < 16; i++) {
		sput(b, hex_lower[a[i] >> 4]);
		sput(b, hex_lower[a[i] & 15]);
		if (colons && i & 1 && i != 15)
			sput(b, ':');
	}
}

static unsigned int word16(const unsigned char *a, int i)
{
	return a[2 * i] << 8 | a[2 * i + 1];
}

/* RFC 5952: the longest run of two or more zero words becomes "::";
 * v4-mapped and ISATAP addresses end in dotted decimal. */
static void ip6_compressed(struct sbuf *b, const unsigned char *a)
{
	static const unsigned char zero10[10];
	bool v4 = (!memcmp(a, zero10, 10) && word16(a, 5) == 0xffff) ||
		  ((word16(a, 4) & 0xfdff) == 0 && word16(a, 5) == 0x5efe);
	int range = v4 ? 6 : 8, longest = 1, colonpos = -1;
	bool needcolon = false;

	for (int i = 0; i < range; i++) {
		int n = 0;

		while (i + n < range && !word16(a, i + n))
			n++;
		if (n > longest) {
			longest = n;
			colonpos = i;
		}
	}
	for (int i = 0; i < range; i++) {
		char hex[5];
		struct sbuf h = { hex, hex + sizeof(hex) };
		unsigned int w = word16(a, i);
		bool started = false;

		if (i == colonpos) {
			if (needcolon || i == 0)
				sput(b, ':');
			sput(b, ':');
			needcolon = false;
			i += longest - 1;
			continue;
		}
		if (needcolon)
			sput(b, ':');
		for (int shift = 12; shift >= 0; shift -= 4)
			if ((started |= (w >> shift) & 15) || !shift)
				sput(&h, hex_lower[(w >> shift) & 15]);
		for (char *c = hex; c < h.p; c++)
			sput(b, *c);
		needcolon = true;
	}
	if (v4) {
		if (needcolon)
			sput(b, ':');
		ip4_string(b, a + 12, false, 'n');
	}
}

static void ip6_any(struct sbuf *b, const unsigned char *a, char kind, bool compressed)
{
	if (kind == 'I' && compressed)
		ip6_compressed(b, a);
	else
		ip6_string(b, a, kind == 'I');
}

/* %pIS / %piS: a struct sockaddr, its port ('p'), flowinfo ('f'),
 * scope ('s'), compressed ('c') or byte order ([hnbl]) as asked. */
static void ip_sockaddr(struct out *o, const void *p, const char *fmt, struct spec s)
{
	const unsigned short *family = p;
	const unsigned char *sa = p;
	char text[sizeof("[xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:255.255.255.255]:12345/123456789%1234567890")];
	struct sbuf b = { text, text + sizeof(text) };
	bool port = false, flow = false, scope = false, compressed = false;
	char order = 'n';

	for (const char *f = fmt + 2; (*f >= 'a' && *f <= 'z') || (*f >= 'A' && *f <= 'Z'); f++)
		switch (*f) {
		case 'p': port = true; break;
		case 'f': flow = true; break;
		case 's': scope = true; break;
		case 'c': compressed = true; break;
		case 'h': case 'l': case 'n': case 'b': order = *f; break;
		}
	text[0] = '\0';
	if (*family == 2) {		/* AF_INET: port at 2, address at 4 */
		ip4_string(&b, sa + 4, fmt[0] == 'i', order);
		if (port)
			sput(&b, ':'), sdec(&b, sa[2] << 8 | sa[3], 1);
	} else if (*family == 10) {	/* AF_INET6: port 2, flowinfo 4, addr 8, scope 24 */
		uint32_t flowinfo, scope_id;

		memcpy(&flowinfo, sa + 4, 4);
		memcpy(&scope_id, sa + 24, 4);
		if (port || flow || scope)
			sput(&b, '[');
		ip6_any(&b, sa + 8, fmt[0], compressed);
		if (port || flow || scope)
			sput(&b, ']');
		if (port)
			sput(&b, ':'), sdec(&b, sa[2] << 8 | sa[3], 1);
		if (flow)	/* traffic class and flow label: 28 bits */
			sput(&b, '/'), sdec(&b, (sa[4] & 0x0f) << 24 | sa[5] << 16 | sa[6] << 8 | sa[7], 1);
		if (scope)
			sput(&b, '%'), sdec(&b, scope_id, 1);
	} else {
		error_string(o, "(einval)", s);
		return;
	}
	string_nocheck(o, text, s);
}

static void ip_addr(struct out *o, const void *p, const char *fmt, struct spec s)
{
	char text[sizeof("xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:255.255.255.255")];
	struct sbuf b = { text, text + sizeof(text) };

	if (bad_pointer(o, p, s))
		return;
	text[0] = '\0';
	switch (fmt[1]) {
	case '4':
		ip4_string(&b, p, fmt[0] == 'i', fmt[2]);
		break;
	case '6':
		ip6_any(&b, p, fmt[0], fmt[2] == 'c');
		break;
	case 'S':
		ip_sockaddr(o, p, fmt, s);
		return;
	default:
		error_string(o, fmt[0] == 'i' ? "(%pi?)" : "(%pI?)", s);
		return;
	}
	string_nocheck(o, text, s);
}

/* ---- %pE: escaped buffer (Linux's string_escape_mem) ---- */

#define ESC_SPACE	(1 << 0)	/* 's' */
#define ESC_SPECIAL	(1 << 1)	/* 'c' */
#define ESC_NULL	(1 << 2)	/* 'n' */
#define ESC_OCTAL	(1 << 3)	/* 'o' */
#define ESC_ANY		(ESC_SPACE | ESC_SPECIAL | ESC_NULL | ESC_OCTAL)	/* 'a' */
#define ESC_NP		(1 << 4)	/* 'p': printable characters pass */
#define ESC_HEX		(1 << 5)	/* 'h' */

/* The kernel's ctype: Latin-1 from 0xa0 on is printable too. */
static bool kernel_isprint(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c >= 0xa0;
}

static char escape_letter(unsigned char c, unsigned int flags)
{
	static const char space[] = "\nn\rr\tt\vv\ff", special[] = "\\\\\aa\033e\"\"";

	if (flags & ESC_SPACE && c)
		for (const char *e = space; *e; e += 2)
			if (*e == (char)c)
				return e[1];
	if (flags & ESC_SPECIAL && c)
		for (const char *e = special; *e; e += 2)
			if (*e == (char)c)
				return e[1];
	if (flags & ESC_NULL && !c)
		return '0';
	return 0;
}

static void escape_char(struct out *o, unsigned char c, unsigned int flags)
{
	char letter;

	if (flags & ESC_NP && kernel_isprint(c)) {
		put(o, c);
	} else if ((letter = escape_letter(c, flags))) {
		put(o, '\\');
		put(o, letter);
	} else if (flags & ESC_OCTAL) {
		put(o, '\\');
		put(o, '0' + (c >> 6));
		put(o, '0' + ((c >> 3) & 7));
		put(o, '0' + (c & 7));
	} else if (flags & ESC_HEX) {
		put(o, '\\');
		put(o, 'x');
		put(o, hex_lower[c >> 4]);
		put(o, hex_lower[c & 15]);
	} else {
		put(o, c);
	}
}

static void escaped_string(struct out *o, const unsigned char *p, const char *fmt,
			   struct spec s)
{
	static const char letters[] = "acnhops";
	static const unsigned int bits[] = { ESC_ANY, ESC_SPECIAL, ESC_NULL,
		ESC_HEX, ESC_OCTAL, ESC_NP, ESC_SPACE };
	unsigned int flags = 0;
	const char *l;

	if (!s.width || bad_pointer(o, p, s))
		return;
	for (fmt++; *fmt && (l = strchr(letters, *fmt)); fmt++)
		flags |= bits[l - letters];
	if (!flags)
		flags = ESC_ANY | ESC_NP;
	for (int i = 0; i < (s.width < 0 ? 1 : s.width); i++)
		escape_char(o, p[i], flags);
}

/* ---- %*pb %*pbl: bitmaps of width bits ---- */

static bool test_bit(const unsigned long *map, int bit)
{
	return map[bit / (8 * sizeof(long))] >> (bit % (8 * sizeof(long))) & 1;
}

/* 32-bit chunks in hex, most significant first, comma-separated. */
static void bitmap_string(struct out *o, const unsigned long *map, struct spec s)
{
	int nbits = s.width > 0 ? s.width : 0;
	int chunk = nbits % 32 ? nbits % 32 : 32;

	if (bad_pointer(o, map, s))
		return;
	for (int i = (nbits + 31) / 32 * 32 - 32; i >= 0; i -= 32, chunk = 32) {
		unsigned long long val = 0;

		for (int bit = chunk - 1; bit >= 0; bit--)
			val = val << 1 | test_bit(map, i + bit);
		if (i != (nbits + 31) / 32 * 32 - 32)
			put(o, ',');
		number(o, val, (struct spec){ SMALL | ZEROPAD, (chunk + 3) / 4, -1, 16 });
	}
}

/* Ranges of set bits: "1-3,5". */
static void bitmap_list(struct out *o, const unsigned long *map, struct spec s)
{
	static const struct spec dec = { 0, -1, -1, 10 };
	int nbits = s.width > 0 ? s.width : 0;
	bool first = true;

	if (bad_pointer(o, map, s))
		return;
	for (int bit = 0; bit < nbits; bit++) {
		int top = bit;

		if (!test_bit(map, bit))
			continue;
		while (top + 1 < nbits && test_bit(map, top + 1))
			top++;
		if (!first)
			put(o, ',');
		first = false;
		number(o, bit, dec);
		if (top > bit) {
			put(o, '-');
			number(o, top, dec);
		}
		bit = top;
	}
}

/* ---- %ptR %ptT: struct rtc_time and time64_t, as ISO 8601 ---- */

struct rtc_time {	/* Linux's */
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday,
	    tm_isdst;
};

static void two_digits(struct out *o, int n, char after)
{
	number(o, n, (struct spec){ ZEROPAD | SIGN, 2, -1, 10 });
	if (after)
		put(o, after);
}

/* [dt]: the date or the time alone; r: raw, years since 1900 and months
 * from 0; s: a space between them rather than 'T'. */
static void rtc_string(struct out *o, const struct rtc_time *tm, const char *fmt)
{
	bool date = fmt[2] != 't', time = fmt[2] != 'd', raw = false, space = false;

	for (fmt += 2 + (fmt[2] == 'd' || fmt[2] == 't'); *fmt == 'r' || *fmt == 's'; fmt++) {
		raw |= *fmt == 'r';
		space |= *fmt == 's';
	}
	if (date) {
		number(o, tm->tm_year + (raw ? 0 : 1900),
		       (struct spec){ ZEROPAD | SIGN, 4, -1, 10 });
		put(o, '-');
		two_digits(o, tm->tm_mon + (raw ? 0 : 1), '-');
		two_digits(o, tm->tm_mday, 0);
	}
	if (date && time)
		put(o, space ? ' ' : 'T');
	if (time) {
		two_digits(o, tm->tm_hour, ':');
		two_digits(o, tm->tm_min, ':');
		two_digits(o, tm->tm_sec, 0);
	}
}

static void time_and_date(struct out *o, const void *p, const char *fmt, struct spec s)
{
	struct rtc_time rtc;
	struct tm tm;
	time_t t;

	if (fmt[1] != 'R' && fmt[1] != 'T') {
		error_string(o, "(%pt?)", s);
		return;
	}
	if (bad_pointer(o, p, s))	/* Linux would oops on a bad time64_t * */
		return;
	if (fmt[1] == 'R') {
		rtc_string(o, p, fmt);
		return;
	}
	t = *(const long long *)p;
	if (!gmtime_r(&t, &tm)) {
		error_string(o, "(%pt?)", s);
		return;
	}
	rtc = (struct rtc_time){ tm.tm_sec, tm.tm_min, tm.tm_hour, tm.tm_mday,
				 tm.tm_mon, tm.tm_year, tm.tm_wday, tm.tm_yday, 0 };
	rtc_string(o, &rtc, fmt);
}

/* ---- %pV ---- */

struct va_format {
	const char *fmt;
	va_list *va;
};

static void va_format(struct out *o, const struct va_format *vaf, struct spec s)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;

	if (bad_pointer(o, vaf, s))
		return;
	va_copy(ap, *vaf->va);
	/* Its terminator, if any, is overwritten or cut at the end. */
	o->len += umod_vsnprintf(room ? o->buf + o->len : NULL, room + (room != 0),
				 vaf->fmt, ap);
	va_end(ap);
}

static void pointer(struct out *o, const char *fmt, const void *p, struct spec s)
{
	switch (*fmt) {
	case 'S': case 's': case 'B':
		symbol_string(o, p, fmt, s);
		break;
	case 'h':
		hex_string(o, p, fmt, s);
		break;
	case 'b':
		if (fmt[1] == 'l')
			bitmap_list(o, p, s);
		else
			bitmap_string(o, p, s);
		break;
	case 'M': case 'm':
		mac_address(o, p, fmt, s);
		break;
	case 'I': case 'i':
		ip_addr(o, p, fmt, s);
		break;
	case 'E':
		escaped_string(o, p, fmt, s);
		break;
	case 'U':
		uuid_string(o, p, fmt, s);
		break;
	case 'V':
		va_format(o, p, s);
		break;
	case 't':
		time_and_date(o, p, fmt, s);
		break;
	case 'a':	/* phys_addr_t and dma_addr_t: 64 bits on x86-64 */
		if (!bad_pointer(o, p, s))
			special_hex(o, *(const uint64_t *)p, 8);
		break;
	case 'k': case 'u':
		if (fmt[1] == 's')
			string(o, p, s);
		else
			error_string(o, "(einval)", s);
		break;
	case 'x':
		pointer_string(o, p, s);
		break;
	case 'f':
		if (fmt[1] != 'w') {
			error_string(o, "(%pf?)", s);
			break;
		}
		/* fall through */
	default:	/* %p, %pK, %pe of a valid pointer, kernel structures */
		if (*fmt == 'e' && is_err_value(p))
			err_ptr(o, p, s);
		else
			default_pointer(o, p, s);
	}
}

/* ---- the format ---- */

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF };

struct conv {
	struct spec spec;
	enum length length;
	char type;		/* conversion letter; 0: end of the output */
	bool width_arg, precision_arg;	/* '*' */
};

#define WIDTH_MAX	((1 << 23) - 1)	/* Linux's 24-bit field */
#define PRECISION_MAX	((1 << 15) - 1)	/* and 16-bit one */

/* Digits, saturating at max. */
static int skip_atoi(const char **s, int max)
{
	int n = 0;

	while (**s >= '0' && **s <= '9') {
		n = n * 10 + *(*s)++ - '0';
		if (n > max)
			n = max;
	}
	return n;
}

static enum length length_modifier(const char **fmt)
{
	char c = **fmt;

	if (c != 'h' && c != 'l' && c != 'L' && c != 'z' && c != 't' &&
	    c != 'j' && c != 'q')
		return LEN_INT;
	(*fmt)++;
	if ((c == 'h' || c == 'l') && **fmt == c) {
		(*fmt)++;
		return c == 'h' ? LEN_CHAR : LEN_LLONG;
	}
	switch (c) {
	case 'h': return LEN_SHORT;
	case 'l': return LEN_LONG;
	case 'z': return LEN_SIZE;
	case 't': return LEN_PTRDIFF;
	default: return LEN_LLONG;	/* L, q, and j: intmax_t is 64 bits */
	}
}

/* One conversion after its '%': flags, width, precision, length, letter. */
static const char *decode(const char *fmt, struct conv *c)
{
	static const char flag_chars[] = "-+ #0";
	const char *f;

	*c = (struct conv){ .spec = { 0, -1, -1, 10 } };
	while (*fmt && (f = strchr(flag_chars, *fmt)))
		c->spec.flags |= 1u << (f - flag_chars), fmt++;
	if (*fmt == '*')
		c->width_arg = true, fmt++;
	else if (*fmt >= '0' && *fmt <= '9')
		c->spec.width = skip_atoi(&fmt, WIDTH_MAX);
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*')
			c->precision_arg = true, fmt++;
		else if (*fmt >= '0' && *fmt <= '9')
			c->spec.precision = skip_atoi(&fmt, PRECISION_MAX);
	}
	c->length = length_modifier(&fmt);
	switch (*fmt) {
	case 'x':
		c->spec.flags |= SMALL;
		/* fall through */
	case 'X':
		c->spec.base = 16;
		break;
	case 'o':
		c->spec.base = 8;
		break;
	case 'd': case 'i':
		c->spec.flags |= SIGN;
		break;
	case 'u': case 'c': case 's': case 'p': case '%':
		break;
	default:	/* %n and the unknown: Linux stops here */
		return fmt;
	}
	c->type = *fmt;
	return fmt + 1;
}

/* The argument of an integer conversion, sign-extended when signed. */
static unsigned long long num_arg(va_list *ap, enum length length, bool sign)
{
	switch (length) {
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_LONG:
		return sign ? (unsigned long long)va_arg(*ap, long) : va_arg(*ap, unsigned long);
	case LEN_SIZE:
		return sign ? (unsigned long long)va_arg(*ap, ssize_t) : va_arg(*ap, size_t);
	case LEN_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	case LEN_CHAR:
		return sign ? (unsigned long long)(signed char)va_arg(*ap, int) :
			      (unsigned char)va_arg(*ap, int);
	case LEN_SHORT:
		return sign ? (unsigned long long)(short)va_arg(*ap, int) :
			      (unsigned short)va_arg(*ap, int);
	default:
		return sign ? (unsigned long long)va_arg(*ap, int) : va_arg(*ap, unsigned int);
	}
}

static void percent_c(struct out *o, int c, struct spec s)
{
	if (!(s.flags & LEFT))
		pad(o, ' ', s.width - 1);
	put(o, (char)c);
	if (s.flags & LEFT)
		pad(o, ' ', s.width - 1);
}

/* '*' arguments, clamped as Linux's set_field_width and set_precision do. */
static void star_args(struct conv *c, va_list *ap)
{
	if (c->width_arg) {
		int w = va_arg(*ap, int);

		if (w < 0) {
			c->spec.flags |= LEFT;
			w = w == INT_MIN ? INT_MAX : -w;
		}
		c->spec.width = w > WIDTH_MAX ? WIDTH_MAX : w;
	}
	if (c->precision_arg) {
		int p = va_arg(*ap, int);

		c->spec.precision = p < 0 ? 0 : p > PRECISION_MAX ? PRECISION_MAX : p;
	}
}

static void format(struct out *o, const char *fmt, va_list *ap)
{
	while (*fmt) {
		struct conv c;

		if (*fmt != '%') {
			put(o, *fmt++);
			continue;
		}
		fmt = decode(fmt + 1, &c);
		if (!c.type)
			return;
		star_args(&c, ap);
		switch (c.type) {
		case '%':
			put(o, '%');
			break;
		case 'c':
			percent_c(o, va_arg(*ap, int), c.spec);
			break;
		case 's':
			string(o, va_arg(*ap, const char *), c.spec);
			break;
		case 'p':
			pointer(o, fmt, va_arg(*ap, const void *), c.spec);
			while ((*fmt >= 'a' && *fmt <= 'z') || (*fmt >= 'A' && *fmt <= 'Z') ||
			       (*fmt >= '0' && *fmt <= '9'))
				fmt++;
			break;
		default:
			number(o, num_arg(ap, c.length, c.spec.flags & SIGN), c.spec);
		}
	}
}

int umod_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size ? size - 1 : 0, 0 };
	va_list aq;

	if (size > INT_MAX)	/* Linux warns and writes nothing */
		return 0;
	va_copy(aq, ap);
	format(&o, fmt, &aq);
	va_end(aq);
	if (size)
		buf[o.len < o.size ? o.len : o.size] = '\0';
	return (int)o.len;
}

int umod_vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = umod_vsnprintf(buf, size, fmt, ap);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

int umod_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = umod_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int umod_scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = umod_vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int umod_vsprintf(char *buf, const char *fmt, va_list ap)
{
	return umod_vsnprintf(buf, INT_MAX, fmt, ap);
}

int umod_sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = umod_vsnprintf(buf, INT_MAX, fmt, ap);
	va_end(ap);
	return n;
}
