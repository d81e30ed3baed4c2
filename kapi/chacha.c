// SPDX-License-Identifier: MIT
/*
 * chacha.c - lib/crypto/chacha.c's block functions, built into Debian's
 * kernel: chacha_block_generic gives one 64-byte block of keystream and
 * advances the state's counter, hchacha_block_generic the HChaCha words
 * (XChaCha's subkey).  RFC 8439's quarter round, 20 or 12 rounds.
 */
#include <string.h>

#include "kernel.h"

static inline u32 rol32(u32 v, int n)
{
	return v << n | v >> (32 - n);
}

#define QR(a, b, c, d) (					\
	x[a] += x[b], x[d] = rol32(x[d] ^ x[a], 16),		\
	x[c] += x[d], x[b] = rol32(x[b] ^ x[c], 12),		\
	x[a] += x[b], x[d] = rol32(x[d] ^ x[a], 8),		\
	x[c] += x[d], x[b] = rol32(x[b] ^ x[c], 7))

static void chacha_permute(u32 *x, int nrounds)
{
	if (nrounds != 20 && nrounds != 12)
		kapi_warn(KERN_WARNING "chacha: %d rounds\n", nrounds);
	for (int i = 0; i < nrounds; i += 2) {
		QR(0, 4, 8, 12), QR(1, 5, 9, 13), QR(2, 6, 10, 14), QR(3, 7, 11, 15);
		QR(0, 5, 10, 15), QR(1, 6, 11, 12), QR(2, 7, 8, 13), QR(3, 4, 9, 14);
	}
}

void chacha_block_generic(u32 *state, u8 *stream, int nrounds)
{
	u32 x[16];

	memcpy(x, state, sizeof(x));
	chacha_permute(x, nrounds);
	for (int i = 0; i < 16; i++) {
		u32 v = x[i] + state[i];

		stream[4 * i] = v;	/* little-endian, any alignment */
		stream[4 * i + 1] = v >> 8;
		stream[4 * i + 2] = v >> 16;
		stream[4 * i + 3] = v >> 24;
	}
	state[12]++;
}
EXPORT_SYMBOL(chacha_block_generic);

void hchacha_block_generic(const u32 *state, u32 *stream, int nrounds)
{
	u32 x[16];

	memcpy(x, state, sizeof(x));
	chacha_permute(x, nrounds);
	memcpy(&stream[0], &x[0], 16);
	memcpy(&stream[4], &x[12], 16);
}
EXPORT_SYMBOL(hchacha_block_generic);
