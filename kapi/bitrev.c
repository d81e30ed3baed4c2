// SPDX-License-Identifier: MIT
/*
 * bitrev.c - lib/bitrev.c's table, each byte with its bits reversed,
 * which <linux/bitrev.h>'s inline bitrev8/16/32 index; and
 * lib/math/rational.c's best rational approximation.
 */
#include "kernel.h"

#define R2(n)	(n), (n) + 2 * 64, (n) + 1 * 64, (n) + 3 * 64
#define R4(n)	R2(n), R2((n) + 2 * 16), R2((n) + 1 * 16), R2((n) + 3 * 16)
#define R6(n)	R4(n), R4((n) + 2 * 4), R4((n) + 1 * 4), R4((n) + 3 * 4)

const u8 byte_rev_table[256] = {
	R6(0), R6(2), R6(1), R6(3),
};
EXPORT_SYMBOL(byte_rev_table);

/* The continued fraction of given_numerator/given_denominator, cut
 * where the next convergent would exceed either maximum; the last term
 * may be a semiconvergent, if that is closer. */
void rational_best_approximation(unsigned long given_numerator,
				 unsigned long given_denominator,
				 unsigned long max_numerator,
				 unsigned long max_denominator,
				 unsigned long *best_numerator,
				 unsigned long *best_denominator)
{
	unsigned long n = given_numerator, d = given_denominator;
	unsigned long n0 = 0, d0 = 1, n1 = 1, d1 = 0, n2, d2;

	for (;;) {
		unsigned long dp, a;

		if (d == 0)
			break;
		dp = d;
		a = n / d;
		d = n % d;
		n = dp;
		n2 = n0 + a * n1;
		d2 = d0 + a * d1;
		if (n2 > max_numerator || d2 > max_denominator) {
			unsigned long t = ~0ul;

			if (d1)
				t = (max_denominator - d0) / d1;
			if (n1)
				t = t < (max_numerator - n0) / n1 ? t : (max_numerator - n0) / n1;
			/* The semiconvergent, if it is closer than the last convergent. */
			if (!d1 || 2u * t > a || (2u * t == a && d0 * dp > d1 * d)) {
				n1 = n0 + t * n1;
				d1 = d0 + t * d1;
			}
			break;
		}
		n0 = n1;
		n1 = n2;
		d0 = d1;
		d1 = d2;
	}
	*best_numerator = n1;
	*best_denominator = d1;
}
EXPORT_SYMBOL(rational_best_approximation);
