// SPDX-License-Identifier: MIT
/*
 * mod-small - figure 1's module: some 1 KB of text, ten imports from the
 * host (eight functions, two objects), one export, init and exit.  The
 * same source becomes mod-small.ko for umod and mod-small.so for dlopen.
 */
#include "mod.h"
#include "small-host.h"

BENCH_MODULE("mod_small");

static int calls;

/* A checksum over host data: a loop the compiler keeps. */
static unsigned int mix(const int *v, int n, unsigned int seed)
{
	unsigned int h = seed;

	for (int i = 0; i < n; i++) {
		h ^= (unsigned int)v[i];
		h = (h << 7 | h >> 25) * 0x9e3779b1u;
	}
	return h;
}

/* Insertion sort of a copy: small tables sort fastest this way. */
static void sort_copy(int *dst, const int *src, int n)
{
	for (int i = 0; i < n; i++) {
		int v = src[i], j = i;

		while (j > 0 && dst[j - 1] > v) {
			dst[j] = dst[j - 1];
			j--;
		}
		dst[j] = v;
	}
}

/* "key=value,key=value": the sum of the values of keys that start with c. */
static long parse_sum(const char *s, char c)
{
	long sum = 0, v = 0;
	int neg = 0, want = 0, in_val = 0;

	for (;; s++) {
		if (!in_val && *s == '=') {
			in_val = 1;
		} else if (*s == ',' || !*s) {
			if (want)
				sum += neg ? -v : v;
			v = neg = want = in_val = 0;
			if (!*s)
				return sum;
			want = s[1] == c;
		} else if (in_val && *s == '-') {
			neg = 1;
		} else if (in_val && *s >= '0' && *s <= '9') {
			v = v * 10 + (*s - '0');
		}
	}
}

/* CRC-32 bit by bit: no table to relocate. */
static unsigned int crc32_bytes(const void *buf, unsigned long len)
{
	const unsigned char *p = buf;
	unsigned int crc = ~0u;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* Decimal, right to left, into the end of buf; returns the start. */
static char *utoa_end(char *end, unsigned long v)
{
	*--end = '\0';
	do
		*--end = (char)('0' + v % 10);
	while (v /= 10);
	return end;
}

static int table_median(const int *v)
{
	int sorted[SMALL_TABLE];

	sort_copy(sorted, v, SMALL_TABLE);
	return sorted[SMALL_TABLE / 2];
}

int small_op(int x)
{
	int slot = host_slot_get(x & 15);
	unsigned int h;

	calls++;
	if (slot < 0)
		return slot;
	host_table[slot] += x;
	h = mix(host_table, SMALL_TABLE, (unsigned int)host_flags);
	if (h & 1)
		host_note("odd", (long)h);
	else
		host_note("even", (long)h);
	host_slot_put(slot);
	return (int)(h >> 8) + calls + table_median(host_table);
}
EXPORT_SYMBOL(small_op);

static long fold(const char *s)
{
	long v = 0;

	while (*s)
		v = v * 31 + *s++;
	return v;
}

static int __init small_init(void)
{
	int ret;

	ret = host_register("mod_small", small_op);
	if (ret)
		return ret;
	host_flags |= 1;
	host_note("init", fold("mod_small") ^ host_now());
	host_note("args", parse_sum(",a=1,b=2,a=-3,c=40", 'a'));
	host_note("crc", crc32_bytes(host_table, sizeof(host_table)));
	ret = small_op(3);
	host_stat_add(ret < 0 ? -1 : 1);
	if (ret < 0) {
		host_unregister("mod_small");
		return ret;
	}
	return 0;
}

static void __exit small_exit(void)
{
	char buf[24];

	host_note("exit", host_now() + calls);
	host_note(utoa_end(buf + sizeof(buf), (unsigned long)calls),
		  crc32_bytes(host_table, sizeof(host_table)));
	if (calls > 1000)
		host_printf("mod_small: %d calls, median %d\n", calls,
			    table_median(host_table));
	host_stat_add(-calls);
	host_unregister("mod_small");
}

module_init(small_init);
module_exit(small_exit);
