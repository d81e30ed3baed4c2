// SPDX-License-Identifier: MIT
/*
 * sha.c - the generic SHA-1 and SHA-256 that Debian's kernel has built
 * in (sha1_generic, sha256_generic) and exports for the x86 drivers'
 * fallback when the FPU is not theirs to use: crypto_sha1_update,
 * crypto_sha1_finup, crypto_sha256_update and crypto_sha256_finup (SHA-224
 * by the transform's digest size).  They work on the descriptor's
 * context as Linux lays it out: the state words, the byte count, then a
 * partial block.  FIPS 180-4.
 */
#include <string.h>

#include "kernel.h"

struct sha1_state {
	u32 state[5];
	u64 count;
	u8 buffer[64];
};

struct sha256_state {
	u32 state[8];
	u64 count;
	u8 buf[64];
};

struct shash_desc {
	struct crypto_shash *tfm;
	void *__ctx[] __attribute__((aligned(8)));
};

static inline u32 rol32(u32 v, int n) { return v << n | v >> (32 - n); }
static inline u32 ror32(u32 v, int n) { return v >> n | v << (32 - n); }

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void put_be32(u32 v, u8 *p)
{
	p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

static void sha1_block(u32 *h, const u8 *p)
{
	u32 w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f, k, t;

	for (int i = 0; i < 16; i++)
		w[i] = be32(p + 4 * i);
	for (int i = 16; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		if (i < 20)
			f = (b & c) | (~b & d), k = 0x5a827999;
		else if (i < 40)
			f = b ^ c ^ d, k = 0x6ed9eba1;
		else if (i < 60)
			f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
		else
			f = b ^ c ^ d, k = 0xca62c1d6;
		t = rol32(a, 5) + f + e + k + w[i];
		e = d, d = c, c = rol32(b, 30), b = a, a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

static const u32 sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(u32 *h, const u8 *p)
{
	u32 w[64], s[8], t1, t2;

	for (int i = 0; i < 16; i++)
		w[i] = be32(p + 4 * i);
	for (int i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ w[i - 15] >> 3) +
		       w[i - 7] + (ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ w[i - 2] >> 10);
	memcpy(s, h, sizeof(s));
	for (int i = 0; i < 64; i++) {
		t1 = s[7] + (ror32(s[4], 6) ^ ror32(s[4], 11) ^ ror32(s[4], 25)) +
		     ((s[4] & s[5]) ^ (~s[4] & s[6])) + sha256_k[i] + w[i];
		t2 = (ror32(s[0], 2) ^ ror32(s[0], 13) ^ ror32(s[0], 22)) +
		     ((s[0] & s[1]) ^ (s[0] & s[2]) ^ (s[1] & s[2]));
		memmove(s + 1, s, 7 * sizeof(*s));
		s[4] += t1;
		s[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		h[i] += s[i];
}

typedef void block_fn(u32 *h, const u8 *p);

/* buf holds count % 64 bytes of a block not yet hashed. */
static void update(u32 *h, u64 *count, u8 *buf, const u8 *data, size_t len,
		   block_fn *block)
{
	size_t partial = *count % 64;

	*count += len;
	if (partial) {
		size_t n = 64 - partial < len ? 64 - partial : len;

		memcpy(buf + partial, data, n);
		data += n, len -= n;
		if (partial + n < 64)
			return;
		block(h, buf);
	}
	for (; len >= 64; data += 64, len -= 64)
		block(h, data);
	memcpy(buf, data, len);
}

/* The padding, the bit count, then words of the state. */
static void finish(u32 *h, u64 *count, u8 *buf, block_fn *block, u8 *out,
		   unsigned int words)
{
	u64 bits = *count * 8;
	size_t partial = *count % 64;

	buf[partial++] = 0x80;
	if (partial > 56) {
		memset(buf + partial, 0, 64 - partial);
		block(h, buf);
		partial = 0;
	}
	memset(buf + partial, 0, 56 - partial);
	put_be32(bits >> 32, buf + 56);
	put_be32(bits, buf + 60);
	block(h, buf);
	for (unsigned int i = 0; i < words; i++)
		put_be32(h[i], out + 4 * i);
}

int crypto_sha1_update(struct shash_desc *desc, const u8 *data, unsigned int len)
{
	struct sha1_state *s = (void *)desc->__ctx;

	update(s->state, &s->count, s->buffer, data, len, sha1_block);
	return 0;
}
EXPORT_SYMBOL(crypto_sha1_update);

int crypto_sha1_finup(struct shash_desc *desc, const u8 *data, unsigned int len,
		      u8 *out)
{
	struct sha1_state *s = (void *)desc->__ctx;

	update(s->state, &s->count, s->buffer, data, len, sha1_block);
	finish(s->state, &s->count, s->buffer, sha1_block, out, 5);
	memset(s, 0, sizeof(*s));
	return 0;
}
EXPORT_SYMBOL(crypto_sha1_finup);

int crypto_sha256_update(struct shash_desc *desc, const u8 *data, unsigned int len)
{
	struct sha256_state *s = (void *)desc->__ctx;

	update(s->state, &s->count, s->buf, data, len, sha256_block);
	return 0;
}
EXPORT_SYMBOL(crypto_sha256_update);

int crypto_sha256_finup(struct shash_desc *desc, const u8 *data, unsigned int len,
			u8 *out)
{
	struct sha256_state *s = (void *)desc->__ctx;

	update(s->state, &s->count, s->buf, data, len, sha256_block);
	finish(s->state, &s->count, s->buf, sha256_block, out,
	       kapi_shash_digestsize(desc->tfm) / 4);	/* SHA-224: 7 words */
	memset(s, 0, sizeof(*s));
	return 0;
}
EXPORT_SYMBOL(crypto_sha256_finup);
