// SPDX-License-Identifier: MIT
/*
 * misc.c - small pieces of lib/ that modules call out of line: the
 * ctype table, strlcat, match_string, sort, get_random_bytes; and the
 * x86 FPU bracket, which a user thread does not need (its FPU state is
 * always its own), so kernel_fpu_begin has nothing to save.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "kernel.h"

/* lib/ctype.c: _U 1, _L 2, _D 4, _C 8, _P 0x10, _S 0x20, _X 0x40, _SP 0x80 */
#define U 0x01
#define L 0x02
#define D 0x04
#define C 0x08
#define P 0x10
#define S 0x20
#define X 0x40
#define SP 0x80
const unsigned char _ctype[256] = {
	C, C, C, C, C, C, C, C, C, C | S, C | S, C | S, C | S, C | S, C, C,
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
	S | SP, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,
	P, U | X, U | X, U | X, U | X, U | X, U | X, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,
	P, L | X, L | X, L | X, L | X, L | X, L | X, L, L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, C,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	S | SP, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, P, U, U, U, U, U, U, U, L,
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, P, L, L, L, L, L, L, L, L,
};
EXPORT_SYMBOL(_ctype);

size_t strlcat(char *dest, const char *src, size_t count)
{
	size_t dsize = strlen(dest), len = strlen(src), res = dsize + len;

	if (dsize >= count)	/* Linux BUGs; not worth a crash here */
		return res;
	dest += dsize;
	count -= dsize;
	if (len >= count)
		len = count - 1;
	memcpy(dest, src, len);
	dest[len] = 0;
	return res;
}
EXPORT_SYMBOL(strlcat);

size_t strlcpy(char *dest, const char *src, size_t size)
{
	size_t ret = strlen(src);

	if (size) {
		size_t len = ret >= size ? size - 1 : ret;

		memcpy(dest, src, len);
		dest[len] = '\0';
	}
	return ret;
}
EXPORT_SYMBOL(strlcpy);

/* n is the array's size, or -1 when a NULL entry ends it. */
int match_string(const char *const *array, size_t n, const char *string)
{
	for (size_t i = 0; i < n; i++) {
		if (!array[i])
			break;
		if (!strcmp(array[i], string))
			return i;
	}
	return -EINVAL;
}
EXPORT_SYMBOL(match_string);

int __sysfs_match_string(const char *const *array, size_t n, const char *str)
{
	for (size_t i = 0; i < n; i++) {
		size_t len;

		if (!array[i])
			break;
		len = strlen(array[i]);
		if (!strncmp(array[i], str, len) &&
		    (!str[len] || (str[len] == '\n' && !str[len + 1])))
			return i;
	}
	return -EINVAL;
}
EXPORT_SYMBOL(__sysfs_match_string);

/* Equal but for one trailing newline on either, as lib/string.c's. */
bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	return *s1 == '\n' && !s1[1] && !*s2;
}
EXPORT_SYMBOL(sysfs_streq);

unsigned long gcd(unsigned long a, unsigned long b)
{
	while (b) {
		unsigned long r = a % b;

		a = b;
		b = r;
	}
	return a;
}
EXPORT_SYMBOL(gcd);

/* lib/sort.c's heapsort: not stable, no allocation, as Linux's. */
static void swap_bytes(void *a, void *b, size_t size)
{
	char *x = a, *y = b;

	while (size--) {
		char t = *x;

		*x++ = *y;
		*y++ = t;
	}
}

typedef int cmp_r_fn(const void *, const void *, const void *);
typedef void swap_fn(void *, void *, int);

static void sift_down(char *b, size_t r, size_t n, size_t size, cmp_r_fn *cmp,
		      swap_fn *swap, const void *priv)
{
	size_t c;

	for (; (c = 2 * r + 1) < n; r = c) {
		if (c + 1 < n && cmp(b + c * size, b + (c + 1) * size, priv) < 0)
			c++;
		if (cmp(b + r * size, b + c * size, priv) >= 0)
			return;
		if (swap)
			swap(b + r * size, b + c * size, size);
		else
			swap_bytes(b + r * size, b + c * size, size);
	}
}

void sort_r(void *base, size_t num, size_t size, cmp_r_fn *cmp, swap_fn *swap,
	    const void *priv)
{
	char *b = base;

	for (size_t i = num / 2; i-- > 0;)
		sift_down(b, i, num, size, cmp, swap, priv);
	for (size_t n = num; n-- > 1;) {
		if (swap)
			swap(b, b + n * size, size);
		else
			swap_bytes(b, b + n * size, size);
		sift_down(b, 0, n, size, cmp, swap, priv);
	}
}
EXPORT_SYMBOL(sort_r);

static int cmp_plain(const void *a, const void *b, const void *priv)
{
	return ((int (*)(const void *, const void *))priv)(a, b);
}

void sort(void *base, size_t num, size_t size,
	  int (*cmp)(const void *, const void *), void (*swap)(void *, void *, int))
{
	sort_r(base, num, size, cmp_plain, swap, (const void *)cmp);
}
EXPORT_SYMBOL(sort);

void get_random_bytes(void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n <= 0)
			continue;	/* EINTR; the kernel's pool never fails */
		p += n;
		len -= n;
	}
}
EXPORT_SYMBOL(get_random_bytes);

#define GET_RANDOM(type)						\
type get_random_##type(void)						\
{									\
	type v;								\
									\
	get_random_bytes(&v, sizeof(v));				\
	return v;							\
}									\
EXPORT_SYMBOL(get_random_##type)

GET_RANDOM(u8);
GET_RANDOM(u16);
GET_RANDOM(u32);
GET_RANDOM(u64);

/* Uniform in [0, ceil), by Lemire's multiply-and-reject, as Linux 6.1. */
u32 __get_random_u32_below(u32 ceil)
{
	u64 mult = (u64)ceil * get_random_u32();

	if ((u32)mult < ceil) {
		u32 bound = -ceil % ceil;

		while ((u32)mult < bound)
			mult = (u64)ceil * get_random_u32();
	}
	return mult >> 32;
}
EXPORT_SYMBOL(__get_random_u32_below);

bool irq_fpu_usable(void)
{
	return true;
}
EXPORT_SYMBOL(irq_fpu_usable);

void kernel_fpu_begin_mask(unsigned int kfpu_mask)
{
}
EXPORT_SYMBOL(kernel_fpu_begin_mask);

void kernel_fpu_end(void)
{
}
EXPORT_SYMBOL(kernel_fpu_end);

void *bsearch(const void *key, const void *base, size_t num, size_t size,
	      int (*cmp)(const void *key, const void *elt))
{
	const char *b = base;

	while (num > 0) {
		const char *pivot = b + (num >> 1) * size;
		int r = cmp(key, pivot);

		if (r == 0)
			return (void *)pivot;
		if (r > 0) {
			b = pivot + size;
			num--;
		}
		num >>= 1;
	}
	return NULL;
}
EXPORT_SYMBOL(bsearch);

/* crypto/algapi.c's: dst = src1 ^ src2, any alignment. */
void __crypto_xor(u8 *dst, const u8 *src1, const u8 *src2, unsigned int len)
{
	while (len--)
		*dst++ = *src1++ ^ *src2++;
}
EXPORT_SYMBOL(__crypto_xor);
