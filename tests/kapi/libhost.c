// SPDX-License-Identifier: MIT
/*
 * libhost: genuine Linux library modules computing in a host linked with
 * libumod-kapi.a, as umodd is.  Each command loads the modules it is
 * given (insmod -f's flags: Debian's vermagic is not ours), runs their
 * code on stdin or on fixed inputs and prints the results, which
 * tests/linux-kapi.t compares with independent references (Python's
 * codecs and hashlib, the lz4 tool, a Reed-Solomon encoder in Python):
 *
 *	libhost nls CHARSET MODULE...	  char2uni of each byte: "xx uuuu" or "xx -"
 *	libhost shash ALG MODULE...	  the digest of stdin, in hex
 *	libhost fallback ALG MODULE...	  the same through kapi's generic
 *					  crypto_sha1/sha256_update and finup,
 *					  on the module's initial state
 *	libhost lz4 MODULE...		  stdin as an LZ4 block, on stdout
 *	libhost rs MODULE...		  Reed-Solomon over GF(2^8): parity of
 *					  stdin, then decoding with errors
 *	libhost ts ALGO PATTERN MODULE... where PATTERN occurs in stdin
 *	libhost crc16 SYMBOL MODULE...	  SYMBOL(0, stdin), a u16 CRC, in hex
 *	libhost crc32 SYMBOL MODULE...	  ~SYMBOL(~0, stdin), a u32 CRC, in hex
 *	libhost arc4 KEY MODULE...	  stdin through cifs_arc4_crypt, in hex
 *	libhost chacha KEY IV MODULE...	  stdin through chacha_crypt_generic,
 *					  IV the counter and nonce, in hex
 *	libhost raid6 MODULE...		  P and Q of stdin's pages by raid6_pq,
 *					  then every recovery of two pages
 *	libhost des KEY MODULE...	  stdin in ECB by libdes (DES for an
 *					  8-byte KEY, 3DES-EDE for 24), in hex,
 *					  then whether decryption gives it back
 *	libhost x25519 SCALAR U MODULE... curve25519_generic(SCALAR, U), in hex
 *	libhost bch M T MODULE...	  bch.ko's parity of stdin, in hex, then
 *					  decoding with up to T bit errors
 *	libhost skcipher ALG KEY IV MODULE...
 *					  stdin through the crypto API's ALG,
 *					  in scatterlists cut in odd pieces:
 *					  the ciphertext and the IV after, in
 *					  hex, then whether decryption in place
 *					  gives stdin back
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <umod/host.h>
#include <umod/kapi.h>

typedef uint8_t u8;
typedef uint16_t u16;

#define GFP_KERNEL	0xcc0u	/* Linux 6.1's */

static struct umod_ctx *ctx;

static void on_log(int level, const char *msg, void *arg)
{
	if (level <= 3)
		fprintf(stderr, "libhost: %s\n", msg);
}

static int load(char **paths, int n)
{
	for (int i = 0; i < n; i++) {
		if (umod_load_file(ctx, paths[i], NULL, UMOD_INIT_FORCE, NULL)) {
			fprintf(stderr, "libhost: %s: %s\n", paths[i], umod_errmsg());
			return -1;
		}
	}
	return 0;
}

static void *sym(const char *name)
{
	void *p = umod_find_symbol(ctx, name);

	if (!p)
		fprintf(stderr, "libhost: no export %s\n", name);
	return p;
}

static size_t read_all(u8 **out)
{
	size_t len = 0, cap = 1 << 16;
	u8 *buf = malloc(cap);
	ssize_t n;

	while (buf && (n = read(0, buf + len, cap - len)) > 0) {
		len += n;
		if (len == cap && !(buf = realloc(buf, cap *= 2)))
			break;
	}
	*out = buf;
	return buf ? len : 0;
}

/* ---- NLS: kapi's registry, the module's table ---- */

struct nls_table {
	const char *charset;
	const char *alias;
	int (*uni2char)(u16 uni, unsigned char *out, int boundlen);
	int (*char2uni)(const unsigned char *raw, int boundlen, u16 *uni);
};
struct nls_table *load_nls(const char *charset);
void unload_nls(struct nls_table *nls);

static int nls(char **arg)
{
	const char *charset = arg[0];
	struct nls_table *t = load_nls(charset);

	if (!t) {
		fprintf(stderr, "libhost: load_nls(%s) found no table\n", charset);
		return 1;
	}
	for (int b = 0; b < 256; b++) {
		unsigned char c = b, back[8];
		u16 u;

		if (t->char2uni(&c, 1, &u) < 0 || (!u && b)) {
			printf("%02x -\n", b);
			continue;
		}
		/* And back: uni2char must give the byte again. */
		if (t->uni2char(u, back, sizeof(back)) != 1 || back[0] != c)
			printf("%02x %04x not-reversible\n", b, u);
		else
			printf("%02x %04x\n", b, u);
	}
	unload_nls(t);
	return 0;
}

/* ---- shash: kapi's crypto API, the module's algorithm ---- */

/* Debian's 6.1: a crypto_shash holds its crypto_tfm at 8, which points
 * at the crypto_alg that ends the shash_alg (at 96), digestsize at 88. */
struct crypto_tfm { int refcnt; uint32_t crt_flags; int node; void *exit;
		    char *__crt_alg; };
struct crypto_shash { unsigned int descsize; struct crypto_tfm base; };
struct crypto_shash *crypto_alloc_shash(const char *name, uint32_t type,
					uint32_t mask);
int crypto_shash_tfm_digest(struct crypto_shash *tfm, const u8 *data,
			    unsigned int len, u8 *out);
void crypto_destroy_tfm(void *mem, struct crypto_tfm *tfm);

static unsigned int digestsize(struct crypto_shash *tfm)
{
	return *(unsigned int *)(tfm->base.__crt_alg - 96 + 88);
}

static int shash(char **arg)
{
	const char *alg = arg[0];
	struct crypto_shash *tfm = crypto_alloc_shash(alg, 0, 0);
	u8 out[64], *in;
	size_t len = read_all(&in);
	unsigned int size;

	if ((unsigned long)tfm >= (unsigned long)-4095) {
		fprintf(stderr, "libhost: crypto_alloc_shash(%s): %s\n", alg,
			strerror(-(long)tfm));
		return 1;
	}
	size = digestsize(tfm);
	if (crypto_shash_tfm_digest(tfm, in, len, out))
		return 1;
	for (unsigned int i = 0; i < size && i < sizeof(out); i++)
		printf("%02x", out[i]);
	putchar('\n');
	crypto_destroy_tfm(tfm, &tfm->base);
	free(in);
	return 0;
}

/* The x86 SHA drivers' fallback, kapi's generic code: the module's init
 * sets the state (shash_alg's first member), kapi's update and finup
 * hash, in odd pieces to cross block boundaries. */
struct shash_desc { struct crypto_shash *tfm; uint64_t ctx[64]; };
int crypto_sha1_update(struct shash_desc *, const u8 *, unsigned int);
int crypto_sha1_finup(struct shash_desc *, const u8 *, unsigned int, u8 *);
int crypto_sha256_update(struct shash_desc *, const u8 *, unsigned int);
int crypto_sha256_finup(struct shash_desc *, const u8 *, unsigned int, u8 *);

static int fallback(char **arg)
{
	const char *alg = arg[0];
	struct crypto_shash *tfm = crypto_alloc_shash(alg, 0, 0);
	struct shash_desc desc = { tfm };
	bool sha1 = !strncmp(alg, "sha1", 4);
	u8 out[64], *in;
	size_t len = read_all(&in), done = 0, piece = 1;

	if ((unsigned long)tfm >= (unsigned long)-4095)
		return 1;
	(*(int (**)(struct shash_desc *))(tfm->base.__crt_alg - 96))(&desc);
	for (; len - done > piece; done += piece, piece = piece * 3 + 1)
		(sha1 ? crypto_sha1_update : crypto_sha256_update)(&desc, in + done, piece);
	(sha1 ? crypto_sha1_finup : crypto_sha256_finup)(&desc, in + done, len - done, out);
	for (unsigned int i = 0; i < digestsize(tfm); i++)
		printf("%02x", out[i]);
	putchar('\n');
	crypto_destroy_tfm(tfm, &tfm->base);
	free(in);
	return 0;
}

/* ---- LZ4: lz4_compress.ko's LZ4_compress_default ---- */

typedef int lz4_compress_fn(const char *src, char *dst, int srclen,
			    int dstcap, void *wrkmem);

static int lz4(char **arg)
{
	lz4_compress_fn *compress = sym("LZ4_compress_default");
	u8 *in;
	size_t len = read_all(&in);
	int cap = len + len / 255 + 16, n = 0;
	char *out = malloc(cap);
	void *wrk = calloc(1, 1 << 15);	/* LZ4_MEM_COMPRESS is 16 KiB and a bit */

	if (compress && out && wrk &&
	    (n = compress((char *)in, out, len, cap, wrk)) > 0)
		fwrite(out, 1, n, stdout);
	else
		n = 0;
	free(wrk);
	free(out);
	free(in);
	return n > 0 ? 0 : 1;
}

/* ---- Reed-Solomon: reed_solomon.ko's encode_rs8 and decode_rs8 ---- */

struct rs_control;
typedef struct rs_control *init_rs_gfp_fn(int symsize, int gfpoly, int fcr,
					  int prim, int nroots, unsigned int gfp);
typedef int encode_rs8_fn(struct rs_control *rs, u8 *data, int len, u16 *par,
			  u16 invmsk);
typedef int decode_rs8_fn(struct rs_control *rs, u8 *data, u16 *par, int len,
			  u16 *s, int no_eras, int *eras_pos, u16 invmsk,
			  u16 *corr);
typedef void free_rs_fn(struct rs_control *rs);

#define NROOTS	16

/* Prints the parity of stdin (at most 239 bytes), then one line per
 * trial: the errors put in, what decode_rs8 returned, and whether the
 * data came back. */
static int rs(char **arg)
{
	init_rs_gfp_fn *init = sym("init_rs_gfp");
	encode_rs8_fn *encode = sym("encode_rs8");
	decode_rs8_fn *decode = sym("decode_rs8");
	free_rs_fn *free_rs = sym("free_rs");
	struct rs_control *r;
	u8 *in, data[255];
	size_t len = read_all(&in);
	u16 par[NROOTS], p2[NROOTS];

	if (!init || !encode || !decode || !free_rs || len > 255 - NROOTS)
		return 1;
	r = init(8, 0x11d, 0, 1, NROOTS, GFP_KERNEL);
	if (!r)
		return 1;
	memset(par, 0, sizeof(par));
	encode(r, in, len, par, 0);
	for (int i = 0; i < NROOTS; i++)
		printf("%02x", par[i]);
	putchar('\n');
	for (int nerr = 0; nerr <= NROOTS / 2 + 1; nerr++) {
		int ret;

		memcpy(data, in, len);
		memcpy(p2, par, sizeof(par));
		for (int e = 0; e < nerr; e++)	/* distinct positions */
			data[(e * 37 + 5) % len] ^= 0x5a + e;
		ret = decode(r, data, p2, len, NULL, 0, NULL, 0, NULL);
		printf("errors %d: decode %d, data %s\n", nerr, ret,
		       memcmp(data, in, len) ? "differs" : "restored");
	}
	free_rs(r);
	free(in);
	return 0;
}

/* ---- CRCs: a library module's export over stdin ---- */

typedef u16 crc16_fn(u16 crc, const u8 *p, size_t len);
typedef uint32_t crc32_fn(uint32_t crc, const void *p, unsigned int len);

static int crc(const char *symbol, int bits)
{
	void *fn = sym(symbol);
	u8 *in;
	size_t len = read_all(&in);

	if (!fn)
		return 1;
	if (bits == 16)
		printf("%04x\n", ((crc16_fn *)fn)(0, in, len));
	else
		printf("%08x\n", ~((crc32_fn *)fn)(~0u, in, len));
	free(in);
	return 0;
}

/* ---- ARC4: cifs_arc4.ko's ---- */

struct arc4_ctx { uint32_t S[256], x, y; };
typedef int arc4_setkey_fn(struct arc4_ctx *ctx, const u8 *key, unsigned int len);
typedef void arc4_crypt_fn(struct arc4_ctx *ctx, u8 *out, const u8 *in,
			   unsigned int len);

static int arc4(char **arg)
{
	const char *hexkey = arg[0];
	arc4_setkey_fn *setkey = sym("cifs_arc4_setkey");
	arc4_crypt_fn *crypt = sym("cifs_arc4_crypt");
	struct arc4_ctx ctx;
	u8 key[256], *in, *out;
	size_t len = read_all(&in), klen = 0;

	for (; klen < sizeof(key) && sscanf(hexkey + 2 * klen, "%2hhx", &key[klen]) == 1;
	     klen++)
		;
	out = malloc(len + 1);
	if (!setkey || !crypt || !out || setkey(&ctx, key, klen))
		return 1;
	crypt(&ctx, out, in, len);
	for (size_t i = 0; i < len; i++)
		printf("%02x", out[i]);
	putchar('\n');
	free(out);
	free(in);
	return 0;
}

/* ---- ChaCha20: libchacha.ko's, over kapi's block function ---- */

typedef void chacha_crypt_fn(uint32_t *state, u8 *dst, const u8 *src,
			     unsigned int bytes, int nrounds);

static int unhex(const char *hex, u8 *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (sscanf(hex + 2 * i, "%2hhx", &out[i]) != 1)
			return -1;
	return 0;
}

/* chacha_init's state: the constants, the key, then counter and nonce
 * (IV's 16 bytes), little-endian words. */
static int chacha(char **arg)
{
	const char *hexkey = arg[0], *hexiv = arg[1];
	chacha_crypt_fn *crypt = sym("chacha_crypt_generic");
	uint32_t state[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	u8 key[32], iv[16], *in, *out;
	size_t len = read_all(&in);

	out = malloc(len + 1);
	if (!crypt || !out || unhex(hexkey, key, 32) || unhex(hexiv, iv, 16))
		return 1;
	memcpy(state + 4, key, 32);	/* x86-64: already little-endian */
	memcpy(state + 12, iv, 16);
	crypt(state, out, in, len, 20);
	for (size_t i = 0; i < len; i++)
		printf("%02x", out[i]);
	putchar('\n');
	free(out);
	free(in);
	return 0;
}

/* ---- RAID-6: raid6_pq.ko's syndromes and recovery ---- */

struct raid6_calls {
	void (*gen_syndrome)(int disks, size_t bytes, void **ptrs);
	void (*xor_syndrome)(int disks, int start, int stop, size_t bytes, void **ptrs);
	int (*valid)(void);
	const char *name;
	int priority;
};
typedef void raid6_2data_recov_fn(int disks, size_t bytes, int faila, int failb,
				  void **ptrs);
typedef void raid6_datap_recov_fn(int disks, size_t bytes, int faila, void **ptrs);

#define PAGE	4096
#define DATA	6

static void print_page(const u8 *p)
{
	for (int i = 0; i < PAGE; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

/* Whether losing data pages a and b (b == DATA: P) and recovering them
 * gives them back. */
static bool recovers(void **ptrs, u8 *const *orig, int a, int b)
{
	raid6_2data_recov_fn **two = sym("raid6_2data_recov");
	raid6_datap_recov_fn **datap = sym("raid6_datap_recov");

	memset(ptrs[a], 0xa5, PAGE);
	memset(ptrs[b], 0x5a, PAGE);
	if (b == DATA)
		(*datap)(DATA + 2, PAGE, a, ptrs);
	else
		(*two)(DATA + 2, PAGE, a, b, ptrs);
	return !memcmp(ptrs[a], orig[a], PAGE) && !memcmp(ptrs[b], orig[b], PAGE);
}

/* stdin: DATA pages.  Prints P and Q, one line each, then a line per
 * pair of pages lost. */
static int raid6(char **arg)
{
	struct raid6_calls *calls = sym("raid6_call");
	u8 *in, *orig[DATA + 2];
	void *ptrs[DATA + 2];
	size_t len = read_all(&in);

	if (!calls || !sym("raid6_2data_recov") || !sym("raid6_datap_recov") ||
	    len != DATA * PAGE)
		return 1;
	for (int i = 0; i < DATA + 2; i++) {
		ptrs[i] = aligned_alloc(PAGE, PAGE);
		orig[i] = malloc(PAGE);
		if (!ptrs[i] || !orig[i])
			return 1;
		if (i < DATA)
			memcpy(ptrs[i], in + i * PAGE, PAGE);
	}
	calls->gen_syndrome(DATA + 2, PAGE, ptrs);
	print_page(ptrs[DATA]);
	print_page(ptrs[DATA + 1]);
	for (int i = 0; i < DATA + 2; i++)
		memcpy(orig[i], ptrs[i], PAGE);
	for (int a = 0; a < DATA; a++)
		for (int b = a + 1; b <= DATA; b++)
			printf("lost %d and %s: %s\n", a,
			       b == DATA ? "P" : (char[]){ '0' + b, 0 },
			       recovers(ptrs, orig, a, b) ? "recovered" : "wrong");
	for (int i = 0; i < DATA + 2; i++) {
		free(ptrs[i]);
		free(orig[i]);
	}
	free(in);
	return 0;
}

/* ---- textsearch: kapi's registry, the module's algorithm ---- */

struct ts_state { unsigned int offset; char cb[48]; };
struct ts_config;
struct ts_ops {
	const char *name;
	void *init;
	unsigned int (*find)(struct ts_config *conf, struct ts_state *state);
};
struct ts_config { struct ts_ops *ops; };
struct ts_config *textsearch_prepare(const char *algo, const void *pattern,
				     unsigned int len, unsigned int gfp, int flags);
unsigned int textsearch_find_continuous(struct ts_config *conf,
					struct ts_state *state,
					const void *data, unsigned int len);
void textsearch_destroy(struct ts_config *conf);

static int ts(char **arg)
{
	const char *algo = arg[0], *pattern = arg[1];
	struct ts_config *conf = textsearch_prepare(algo, pattern, strlen(pattern),
						    GFP_KERNEL, 0);
	struct ts_state state;
	unsigned int pos;
	long last;
	u8 *in;
	size_t len = read_all(&in);

	if ((unsigned long)conf >= (unsigned long)-4095) {
		fprintf(stderr, "libhost: textsearch_prepare(%s): %s\n", algo,
			strerror(-(long)conf));
		return 1;
	}
	/* Linux 6.1's ts_bm does not move on past a match (its find leaves
	 * state->offset alone): a match not past the last one ends the list. */
	memset(&state, 0, sizeof(state));
	for (pos = textsearch_find_continuous(conf, &state, in, len), last = -1;
	     pos != ~0u && (long)pos > last;
	     last = pos, pos = conf->ops->find(conf, &state))
		printf("%u\n", pos);
	textsearch_destroy(conf);
	free(in);
	return 0;
}

/* ---- DES and 3DES-EDE: libdes.ko's ---- */

struct des_ctx { uint32_t expkey[32]; };
struct des3_ede_ctx { uint32_t expkey[96]; };
typedef int des_expand_fn(void *ctx, const u8 *key, unsigned int len);
typedef void des_block_fn(const void *ctx, u8 *dst, const u8 *src);

static int des(char **arg)
{
	const char *hexkey = arg[0];
	size_t klen = strlen(hexkey) / 2, len, i;
	bool triple = klen == 24;
	des_expand_fn *expand = sym(triple ? "des3_ede_expand_key" : "des_expand_key");
	des_block_fn *enc = sym(triple ? "des3_ede_encrypt" : "des_encrypt");
	des_block_fn *dec = sym(triple ? "des3_ede_decrypt" : "des_decrypt");
	struct des3_ede_ctx ctx;	/* room for either */
	u8 key[24], *in, *out;
	int err;

	if ((klen != 8 && !triple) || unhex(hexkey, key, klen) || !expand || !enc || !dec)
		return 2;
	len = read_all(&in);
	out = malloc(len + 8);
	if (!out || len % 8)
		return 2;
	if ((err = expand(&ctx, key, klen))) {
		printf("expand_key: %d\n", err);	/* -ENOKEY: a weak key */
		goto out;
	}
	for (i = 0; i < len; i += 8)
		enc(&ctx, out + i, in + i);
	for (i = 0; i < len; i++)
		printf("%02x", out[i]);
	putchar('\n');
	for (i = 0; i < len; i += 8)
		dec(&ctx, out + i, out + i);
	printf("decrypt %s\n", memcmp(out, in, len) ? "differs" : "gives it back");
out:
	free(out);
	free(in);
	return 0;
}

/* ---- X25519: libcurve25519-generic.ko's scalar multiplication ---- */

typedef void curve25519_fn(u8 out[32], const u8 scalar[32], const u8 point[32]);

static int x25519(char **arg)
{
	curve25519_fn *mul = sym("curve25519_generic");
	u8 scalar[32], u[32], out[32];

	if (!mul || unhex(arg[0], scalar, 32) || unhex(arg[1], u, 32))
		return 2;
	mul(out, scalar, u);
	for (int i = 0; i < 32; i++)
		printf("%02x", out[i]);
	putchar('\n');
	return 0;
}

/* ---- BCH: bch.ko's binary BCH code ---- */

struct bch_control { unsigned int m, n, t, ecc_bits, ecc_bytes; };
typedef struct bch_control *bch_init_fn(int m, int t, unsigned int prim_poly,
					 bool swap_bits);
typedef void bch_encode_fn(struct bch_control *bch, const u8 *data,
			   unsigned int len, u8 *ecc);
typedef int bch_decode_fn(struct bch_control *bch, const u8 *data,
			  unsigned int len, const u8 *recv_ecc,
			  const u8 *calc_ecc, const unsigned int *syn,
			  unsigned int *errloc);
typedef void bch_free_fn(struct bch_control *bch);

/* Flips n bits spread over data and parity, as bch_decode numbers them,
 * then corrects what it finds: one line per trial. */
static void bch_trial(struct bch_control *bch, bch_decode_fn *decode,
		      const u8 *data, size_t len, const u8 *ecc, unsigned int n)
{
	u8 *d = malloc(len), *e = malloc(bch->ecc_bytes);
	unsigned int errloc[64];
	int found;

	memcpy(d, data, len);
	memcpy(e, ecc, bch->ecc_bytes);
	for (unsigned int i = 0; i < n; i++) {
		size_t bit = (i * 2654435761u) % (8 * len + bch->ecc_bits);

		if (bit < 8 * len)
			d[bit / 8] ^= 1 << (bit % 8);
		else
			e[(bit - 8 * len) / 8] ^= 0x80 >> ((bit - 8 * len) % 8);
	}
	found = decode(bch, d, len, e, NULL, NULL, errloc);
	for (int i = 0; i < found; i++)
		if (errloc[i] < 8 * len)
			d[errloc[i] / 8] ^= 1 << (errloc[i] % 8);
	printf("errors %u: decode %d, data %s\n", n, found,
	       memcmp(d, data, len) ? "differs" : "restored");
	free(d);
	free(e);
}

static int bch(char **arg)
{
	bch_init_fn *init = sym("bch_init");
	bch_encode_fn *encode = sym("bch_encode");
	bch_decode_fn *decode = sym("bch_decode");
	bch_free_fn *release = sym("bch_free");
	struct bch_control *bch;
	u8 *in, *ecc;
	size_t len;

	if (!init || !encode || !decode || !release ||
	    !(bch = init(atoi(arg[0]), atoi(arg[1]), 0, false)))
		return 1;
	len = read_all(&in);
	ecc = calloc(1, bch->ecc_bytes);
	if (!ecc || 8 * len > bch->n - bch->ecc_bits)
		return 2;
	encode(bch, in, len, ecc);
	for (unsigned int i = 0; i < bch->ecc_bytes; i++)
		printf("%02x", ecc[i]);
	putchar('\n');
	for (unsigned int n = 0; n <= bch->t; n++)
		bch_trial(bch, decode, in, len, ecc, n);
	release(bch);
	free(ecc);
	free(in);
	return 0;
}

/* ---- skcipher: kapi's crypto API, the module's algorithm ---- */

struct crypto_skcipher { unsigned int reqsize; struct crypto_tfm base; };
struct scatterlist {
	unsigned long page_link;
	unsigned int offset, length;
	uint64_t dma_address;
	unsigned int dma_length, dma_flags;
};
struct skcipher_request {
	unsigned int cryptlen;
	u8 *iv;
	struct scatterlist *src, *dst;
	struct { void *next, *prev, *complete, *data; struct crypto_tfm *tfm;
		 uint32_t flags; } base;
	uint64_t ctx[];
};
struct crypto_skcipher *crypto_alloc_skcipher(const char *name, uint32_t type,
					      uint32_t mask);
int crypto_skcipher_setkey(struct crypto_skcipher *tfm, const u8 *key,
			   unsigned int keylen);
int crypto_skcipher_encrypt(struct skcipher_request *req);
int crypto_skcipher_decrypt(struct skcipher_request *req);

/* A scatterlist over buf in pieces of the sizes given, in turn, as
 * sg_set_buf makes an entry: the struct page of the address, by the
 * arithmetic genuine code does on vmemmap_base and page_offset_base. */
static struct scatterlist *cut(u8 *buf, size_t len, const unsigned int *sizes,
			       size_t nsizes)
{
	unsigned long vmemmap = *(unsigned long *)sym("vmemmap_base");
	unsigned long base = *(unsigned long *)sym("page_offset_base");
	struct scatterlist *sg = calloc(len + 1, sizeof(*sg));
	size_t n = 0, done = 0;

	for (; sg && done < len; n++) {
		unsigned long a = (unsigned long)buf + done;
		size_t k = sizes[n % nsizes];

		if (k > len - done)
			k = len - done;
		sg[n].page_link = vmemmap + ((a - base) >> 12) * 64;
		sg[n].offset = a & 4095;
		sg[n].length = k;
		done += k;
	}
	if (sg)
		sg[n ? n - 1 : 0].page_link |= 2;	/* SG_END */
	return sg;
}

static int skcipher(char **arg)
{
	static const unsigned int in_sizes[] = { 1, 7, 64, 13, 4096, 3, 200 };
	static const unsigned int out_sizes[] = { 100, 5, 9, 1000, 16, 1 };
	struct crypto_skcipher *tfm = crypto_alloc_skcipher(arg[0], 0, 0);
	size_t klen = strlen(arg[1]) / 2, ivlen = strlen(arg[2]) / 2, len;
	u8 key[64], iv[32], iv0[32], *in, *out;
	struct skcipher_request *req;
	int err;

	if ((unsigned long)tfm >= (unsigned long)-4095) {
		fprintf(stderr, "libhost: crypto_alloc_skcipher(%s): %s\n", arg[0],
			strerror(-(long)tfm));
		return 1;
	}
	if (klen > sizeof(key) || ivlen > sizeof(iv) || unhex(arg[1], key, klen) ||
	    unhex(arg[2], iv, ivlen))
		return 2;
	memcpy(iv0, iv, ivlen);
	len = read_all(&in);
	out = malloc(len + 1);
	req = calloc(1, sizeof(*req) + tfm->reqsize);
	if (!out || !req)
		return 2;
	req->base.tfm = &tfm->base;
	req->cryptlen = len;
	req->iv = iv;
	req->src = cut(in, len, in_sizes, 7);
	req->dst = cut(out, len, out_sizes, 6);
	err = crypto_skcipher_encrypt(req);
	if (err == -ENOKEY)
		printf("encrypt without a key: -ENOKEY\n");
	if ((err = crypto_skcipher_setkey(tfm, key, klen)) ||
	    (err = crypto_skcipher_encrypt(req))) {
		printf("error %d\n", err);
		free(req->src);
		goto out;
	}
	for (size_t i = 0; i < len; i++)
		printf("%02x", out[i]);
	printf("\niv ");
	for (size_t i = 0; i < ivlen; i++)
		printf("%02x", iv[i]);
	putchar('\n');
	memcpy(iv, iv0, ivlen);
	free(req->src);
	req->src = req->dst;			/* in place */
	err = crypto_skcipher_decrypt(req);
	printf("decrypt in place: %d, %s\n", err,
	       memcmp(out, in, len) ? "differs" : "gives it back");
out:
	free(req->dst);
	free(req);
	free(out);
	free(in);
	crypto_destroy_tfm(tfm, &tfm->base);
	return 0;
}

static int crc16(char **arg)
{
	return crc(arg[0], 16);
}

static int crc32(char **arg)
{
	return crc(arg[0], 32);
}

static const struct command {
	const char *name;
	int args;		/* before the modules */
	int (*run)(char **arg);
} commands[] = {
	{ "nls", 1, nls }, { "shash", 1, shash }, { "fallback", 1, fallback },
	{ "lz4", 0, lz4 }, { "rs", 0, rs }, { "ts", 2, ts },
	{ "crc16", 1, crc16 }, { "crc32", 1, crc32 }, { "arc4", 1, arc4 },
	{ "chacha", 2, chacha }, { "raid6", 0, raid6 }, { "des", 1, des },
	{ "x25519", 2, x25519 }, { "bch", 2, bch }, { "skcipher", 3, skcipher },
};

int main(int argc, char *argv[])
{
	const struct command *c = NULL;
	int r;

	for (size_t i = 0; argc > 1 && i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			c = &commands[i];
	if (!c || argc < 2 + c->args) {
		fprintf(stderr, "usage: libhost COMMAND [ARG...] MODULE... (see libhost.c)\n");
		return 2;
	}
	ctx = umod_ctx_new();
	if (!ctx || umod_kapi_attach(ctx))
		return 2;
	umod_set_log(ctx, on_log, NULL);
	if (load(argv + 2 + c->args, argc - 2 - c->args))
		return 1;
	r = c->run(argv + 2);
	fflush(stdout);
	umod_ctx_free(ctx);
	return r;
}
