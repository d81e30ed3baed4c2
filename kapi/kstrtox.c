// SPDX-License-Identifier: MIT
/*
 * kstrtox.c - Linux's strict number parsing: the whole string must be
 * the number, save one trailing newline (what `echo 5 > param` sends);
 * base 0 reads 0x.. as hex and 0.. as octal; -EINVAL for anything else
 * and -ERANGE when it does not fit.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <umod/export.h>

typedef unsigned char u8;
typedef signed char s8;
typedef unsigned short u16;
typedef short s16;

static const char *fixup_radix(const char *s, unsigned int *base)
{
	bool hex_prefix = s[0] == '0' && (s[1] | 0x20) == 'x';

	if (*base == 0)
		*base = hex_prefix ? 16 : s[0] == '0' ? 8 : 10;
	if (*base == 16 && hex_prefix)
		s += 2;
	return s;
}

static int digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	return 99;
}

static int parse_ull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool any = false, over = false;
	int d;

	s = fixup_radix(s, &base);	/* base 0 picks one first */
	if (base < 2 || base > 36)
		return -EINVAL;
	for (; (d = digit(*s)) < (int)base; s++) {
		if (v > (ULLONG_MAX - d) / base)
			over = true;
		v = v * base + d;
		any = true;
	}
	if (*s == '\n')
		s++;
	if (!any || *s)
		return -EINVAL;
	if (over)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (!s)
		return -EINVAL;
	if (s[0] == '+')
		s++;
	return parse_ull(s, base, res);
}
EXPORT_SYMBOL(kstrtoull);

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int err;

	if (!s)
		return -EINVAL;
	if (s[0] == '-') {
		err = parse_ull(s + 1, base, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = v ? -(long long)(v - 1) - 1 : 0;
		return 0;
	}
	err = kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > LLONG_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}
EXPORT_SYMBOL(kstrtoll);

/* The narrower kinds: parse wide, then check the range. */
#define KSTRTO_UNSIGNED(name, type, max)				\
int name(const char *s, unsigned int base, type *res)			\
{									\
	unsigned long long v;						\
	int err = kstrtoull(s, base, &v);				\
									\
	if (err)							\
		return err;						\
	if (v > (max))							\
		return -ERANGE;						\
	*res = v;							\
	return 0;							\
}									\
EXPORT_SYMBOL(name)

#define KSTRTO_SIGNED(name, type, min, max)				\
int name(const char *s, unsigned int base, type *res)			\
{									\
	long long v;							\
	int err = kstrtoll(s, base, &v);				\
									\
	if (err)							\
		return err;						\
	if (v < (min) || v > (max))					\
		return -ERANGE;						\
	*res = v;							\
	return 0;							\
}									\
EXPORT_SYMBOL(name)

int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtou16(const char *s, unsigned int base, u16 *res);
int kstrtos16(const char *s, unsigned int base, s16 *res);
int kstrtou8(const char *s, unsigned int base, u8 *res);
int kstrtos8(const char *s, unsigned int base, s8 *res);
int kstrtobool(const char *s, bool *res);

KSTRTO_UNSIGNED(kstrtoul, unsigned long, ULONG_MAX);
KSTRTO_SIGNED(kstrtol, long, LONG_MIN, LONG_MAX);
KSTRTO_UNSIGNED(kstrtouint, unsigned int, UINT_MAX);
KSTRTO_SIGNED(kstrtoint, int, INT_MIN, INT_MAX);
KSTRTO_UNSIGNED(kstrtou16, u16, USHRT_MAX);
KSTRTO_SIGNED(kstrtos16, s16, SHRT_MIN, SHRT_MAX);
KSTRTO_UNSIGNED(kstrtou8, u8, UCHAR_MAX);
KSTRTO_SIGNED(kstrtos8, s8, SCHAR_MIN, SCHAR_MAX);

/* y/Y/1/on true, n/N/0/off false, by the first characters. */
int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		switch (s[1]) {
		case 'n': case 'N':
			*res = true;
			return 0;
		case 'f': case 'F':
			*res = false;
			return 0;
		}
	}
	return -EINVAL;
}
EXPORT_SYMBOL(kstrtobool);

/* The _from_user forms: at most a number's worth of bytes copied in,
 * as lib/kstrtox.c's kstrto_from_user. */
unsigned long _copy_from_user(void *to, const void *from, unsigned long n);

#define KSTRTO_FROM_USER(name, parse, type)				\
int name(const char *s, size_t count, unsigned int base, type *res)	\
{									\
	char buf[1 + sizeof(type) * 8 + 1 + 1];				\
									\
	if (count > sizeof(buf) - 1)					\
		count = sizeof(buf) - 1;				\
	if (_copy_from_user(buf, s, count))				\
		return -EFAULT;						\
	buf[count] = '\0';						\
	return parse(buf, base, res);					\
}									\
EXPORT_SYMBOL(name)

KSTRTO_FROM_USER(kstrtoull_from_user, kstrtoull, unsigned long long);
KSTRTO_FROM_USER(kstrtoll_from_user, kstrtoll, long long);
KSTRTO_FROM_USER(kstrtoul_from_user, kstrtoul, unsigned long);
KSTRTO_FROM_USER(kstrtol_from_user, kstrtol, long);
KSTRTO_FROM_USER(kstrtouint_from_user, kstrtouint, unsigned int);
KSTRTO_FROM_USER(kstrtoint_from_user, kstrtoint, int);
KSTRTO_FROM_USER(kstrtou16_from_user, kstrtou16, u16);
KSTRTO_FROM_USER(kstrtos16_from_user, kstrtos16, s16);
KSTRTO_FROM_USER(kstrtou8_from_user, kstrtou8, u8);
KSTRTO_FROM_USER(kstrtos8_from_user, kstrtos8, s8);
