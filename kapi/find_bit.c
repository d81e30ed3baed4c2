// SPDX-License-Identifier: MIT
/*
 * find_bit.c - lib/find_bit.c and the out-of-line bitmap operations:
 * each search returns the bit's index, or the size when there is none.
 */
#include "kernel.h"

#define BITS	64ul

static unsigned long find(const unsigned long *a, const unsigned long *b,
			  unsigned long invert, unsigned long nbits,
			  unsigned long start)
{
	unsigned long w;

	if (start >= nbits)
		return nbits;
	w = (a[start / BITS] ^ invert) & (b ? b[start / BITS] : ~0ul);
	w &= ~0ul << (start % BITS);
	start -= start % BITS;
	while (!w) {
		start += BITS;
		if (start >= nbits)
			return nbits;
		w = (a[start / BITS] ^ invert) & (b ? b[start / BITS] : ~0ul);
	}
	start += __builtin_ctzl(w);
	return start < nbits ? start : nbits;
}

unsigned long _find_next_bit(const unsigned long *addr, unsigned long nbits,
			     unsigned long start)
{
	return find(addr, NULL, 0, nbits, start);
}
EXPORT_SYMBOL(_find_next_bit);

unsigned long _find_next_zero_bit(const unsigned long *addr, unsigned long nbits,
				  unsigned long start)
{
	return find(addr, NULL, ~0ul, nbits, start);
}
EXPORT_SYMBOL(_find_next_zero_bit);

unsigned long _find_next_and_bit(const unsigned long *a, const unsigned long *b,
				 unsigned long nbits, unsigned long start)
{
	return find(a, b, 0, nbits, start);
}
EXPORT_SYMBOL(_find_next_and_bit);

unsigned long _find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find(addr, NULL, 0, size, 0);
}
EXPORT_SYMBOL(_find_first_bit);

unsigned long _find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find(addr, NULL, ~0ul, size, 0);
}
EXPORT_SYMBOL(_find_first_zero_bit);

unsigned long _find_last_bit(const unsigned long *addr, unsigned long size)
{
	for (unsigned long i = size; i-- > 0;)
		if (addr[i / BITS] >> (i % BITS) & 1)
			return i;
	return size;
}
EXPORT_SYMBOL(_find_last_bit);

unsigned int __bitmap_weight(const unsigned long *bitmap, unsigned int bits)
{
	unsigned int w = 0, i;

	for (i = 0; i < bits / BITS; i++)
		w += __builtin_popcountl(bitmap[i]);
	if (bits % BITS)
		w += __builtin_popcountl(bitmap[i] & (~0ul >> (BITS - bits % BITS)));
	return w;
}
EXPORT_SYMBOL(__bitmap_weight);
