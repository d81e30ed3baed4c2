#!/bin/bash
# tests/linux-kapi.t - genuine Debian library modules compute right in a
# host linked with libumod-kapi.a (tests/kapi/libhost), each against an
# independent reference: the NLS code pages against Python's codecs, the
# crypto API's hashes against hashlib and binascii (and RFC 1320 for MD4), LZ4 blocks
# decompressed by the lz4 tool, Reed-Solomon parity against an encoder in
# Python and decoding that corrects up to nroots/2 errors, textsearch's
# KMP and Boyer-Moore against Python's search; CRCs (CRC-16 ITU-T, ARC,
# T10 DIF, CRC-32C through libcrc32c and the crypto API) against bitwise
# CRCs in Python, ARC4 against RFC 6229 and an RC4 in Python, Poly1305
# and ChaCha20 against RFC 8439 and Python's cryptography, RAID-6 P and Q against
# GF(2^8) arithmetic in Python, and raid6_pq's recovery of any two pages;
# DES against FIPS 81 and 3DES against Python's cryptography, X25519
# against RFC 7748 and Python's, BCH parity against an encoder in Python
# and decoding that corrects up to t bit errors.  bch.ko and crc16.ko are
# in Debian's full tree only (build/linux-full).  skcipher: chacha20,
# cbc(des3_ede) and cbc(camellia) through the crypto API, their
# scatterlists walked in odd pieces, against RFC 8439 and Python's.
set -u
B=$(cd "${UMOD_B:-build}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/tap.sh"
host=$B/tests/kapi/libhost
rel=$(ls "$B/linux/lib/modules" 2>/dev/null | head -n 1)
K=$B/linux/lib/modules/$rel/kernel
[ -n "$rel" ] && [ -d "$K" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
[ -x "$host" ] && command -v python3 >/dev/null ||
	skip_all "needs $host (make check builds it) and python3"
T=$(mktemp -d /tmp/umod-linux-kapi.XXXXXX)
at_exit 'rm -rf "$T"'

# ---- NLS: each byte's Unicode code point, Python's codecs the reference ----
# Byte 0 is no character to Linux's code page tables (-EINVAL), U+0000 to
# UTF-8; the reverse table must give each byte back.  Left out, as Linux's tables differ from
# Unicode's mappings (older revisions, reverse tables missing entries):
# cp874 cp1251 cp1255 iso8859-6 iso8859-7 iso8859-14.
cat >"$T/codec.py" <<'PY'
import sys
for b in range(1, 256):
    try:
        print('%02x %04x' % (b, ord(bytes([b]).decode(sys.argv[1]))))
    except UnicodeDecodeError:
        print('%02x -' % b)
PY
for cs in ascii cp437 cp737 cp775 cp850 cp852 cp855 cp857 cp860 cp861 \
	cp862 cp863 cp864 cp865 cp866 cp869 cp1250 iso8859-1 iso8859-2 \
	iso8859-3 iso8859-4 iso8859-5 iso8859-9 iso8859-13 iso8859-15 \
	koi8-r koi8-u utf8; do
	if [ ! -f "$K/fs/nls/nls_$cs.ko" ]; then
		skip "no nls_$cs.ko"
		continue
	fi
	"$host" nls "$cs" "$K/fs/nls/nls_$cs.ko" >"$T/got" 2>"$T/err"
	rc=$?
	python3 "$T/codec.py" "$cs" >"$T/want"
	sed -n '2,$p' "$T/got" | cmp -s - "$T/want" && [ $rc -eq 0 ] &&
		head -n 1 "$T/got" | grep -qx '00 -\|00 0000'
	rc=$?
	ok $rc "nls_$cs.ko, found by load_nls, maps all 256 bytes as Python's $cs codec and back"
	[ $rc -eq 0 ] || { diag "$T/err"; diff "$T/got" "$T/want" | head -n 10 | diag; }
done

# ---- Hashes through the crypto API: crypto_alloc_shash finds the module's ----
head -c 3000 "$TOP/src/load.c" >"$T/in"
cat >"$T/hash.py" <<'PY'
import hashlib, sys
name, size = sys.argv[1], int(sys.argv[2])
data = sys.stdin.buffer.read()
h = hashlib.blake2b(data, digest_size=size) if name == 'blake2b' else hashlib.new(name, data)
print(h.hexdigest())
PY
hash_case() {	# module, Linux's name, hashlib's name, digest bytes
	local mod=$K/crypto/$1.ko
	if [ ! -f "$mod" ]; then skip "no $1.ko"; return; fi
	if ! python3 "$T/hash.py" "$3" "$4" </dev/null >/dev/null 2>&1; then
		skip "hashlib has no $3"; return
	fi
	for input in /dev/null "$T/in"; do
		"$host" shash "$2" "$mod" <"$input" >"$T/got" 2>"$T/err"
		python3 "$T/hash.py" "$3" "$4" <"$input" >"$T/want"
		cmp -s "$T/got" "$T/want"
		rc=$?
		ok $rc "$1.ko's $2 of $(basename "$input") is hashlib's $3"
		[ $rc -eq 0 ] || diag "$T/err" "$T/got" "$T/want"
	done
}
hash_case sha512_generic sha512 sha512 64
hash_case sha512_generic sha384 sha384 48
hash_case sha3_generic sha3-224 sha3_224 28
hash_case sha3_generic sha3-256 sha3_256 32
hash_case sha3_generic sha3-384 sha3_384 48
hash_case sha3_generic sha3-512 sha3_512 64
hash_case blake2b_generic blake2b-512 blake2b 64
hash_case blake2b_generic blake2b-256 blake2b 32
hash_case blake2b_generic blake2b-160 blake2b 20
hash_case rmd160 rmd160 ripemd160 20

# The x86 drivers: the best of SSSE3, AVX, AVX2 and SHA-NI this CPU has.
simd_case() {	# modules (the driver last), Linux's name, hashlib's name
	local mods=$1 m
	for m in $mods; do
		[ -f "$K/$m" ] || { skip "no $m"; return; }
	done
	$host shash "$2" $(printf "$K/%s " $mods) <"$T/in" >"$T/got" 2>"$T/err"
	python3 "$T/hash.py" "$3" 0 <"$T/in" >"$T/want"
	cmp -s "$T/got" "$T/want"
	ok $? "$(basename "${mods##* }")'s $2 is hashlib's" || diag "$T/err" "$T/got" "$T/want"
}
simd_case arch/x86/crypto/sha1-ssse3.ko sha1 sha1
simd_case arch/x86/crypto/sha256-ssse3.ko sha256 sha256
simd_case arch/x86/crypto/sha256-ssse3.ko sha224 sha224
simd_case "crypto/sha512_generic.ko arch/x86/crypto/sha512-ssse3.ko" sha512 sha512
simd_case "crypto/sha512_generic.ko arch/x86/crypto/sha512-ssse3.ko" sha384 sha384

# Their fallback, kapi's generic SHA-1/SHA-256, on the module's initial
# state, over lengths around the padding's edges.
for alg in sha1:sha1-ssse3 sha256:sha256-ssse3 sha224:sha256-ssse3; do
	mod=$K/arch/x86/crypto/${alg#*:}.ko alg=${alg%%:*}
	[ -f "$mod" ] || { skip "no ${alg#*:}.ko"; continue; }
	bad=
	for len in 0 55 56 63 64 3000; do
		head -c $len "$T/in" >"$T/piece"
		[ "$($host fallback $alg "$mod" <"$T/piece" 2>&1)" = \
			"$(python3 "$T/hash.py" $alg 0 <"$T/piece")" ] || bad="$bad $len"
	done
	[ -z "$bad" ]
	ok $? "kapi's crypto_${alg/224/256}_update and finup: hashlib's $alg of 0 to 3000 bytes${bad:+ (not of$bad)}"
done

# crc32_generic.ko's "crc32": Linux's crc32_le from seed 0, not inverted,
# little-endian; binascii.crc32 inverts before and after.
if [ -f "$K/crypto/crc32_generic.ko" ]; then
	for input in /dev/null "$T/in"; do
		"$host" shash crc32 "$K/crypto/crc32_generic.ko" <"$input" >"$T/got" 2>"$T/err"
		python3 -c '
import binascii, struct, sys
d = sys.stdin.buffer.read()
print(struct.pack("<I", binascii.crc32(d, 0xffffffff) ^ 0xffffffff).hex())' <"$input" >"$T/want"
		cmp -s "$T/got" "$T/want"
		rc=$?
		ok $rc "crc32_generic.ko's crc32 of $(basename "$input") is binascii's CRC-32, uninverted"
		[ $rc -eq 0 ] || diag "$T/err" "$T/got" "$T/want"
	done
else
	skip "no crc32_generic.ko"
fi

# RFC 1320's test suite: hashlib has no MD4 without OpenSSL's legacy provider.
if [ -f "$K/crypto/md4.ko" ]; then
	while read -r want msg; do
		got=$(printf '%s' "$msg" | "$host" shash md4 "$K/crypto/md4.ko" 2>&1)
		[ "$got" = "$want" ]
		ok $? "md4.ko's md4 of \"$msg\" is RFC 1320's $want"
	done <<'EOF_MD4'
31d6cfe0d16ae931b73c59d7e0c089c0
bde52cb31de33e46245e05fbdbd6fb24 a
a448017aaf21d8525fc10ae87aa6729d abc
d9130a8164549fe818874806e1c7014b message digest
d79e1c308aa5bbcdeea8ed63df412da9 abcdefghijklmnopqrstuvwxyz
EOF_MD4
else
	skip "no md4.ko"
fi

# ---- LZ4: lz4_compress.ko's blocks, in the legacy frame lz4 -d reads ----
lz4_frame() {
	python3 -c '
import struct, sys
b = sys.stdin.buffer.read()
sys.stdout.buffer.write(struct.pack("<II", 0x184C2102, len(b)) + b)'
}
if [ ! -f "$K/lib/lz4/lz4_compress.ko" ]; then
	skip "no lz4_compress.ko"
elif ! command -v lz4 >/dev/null; then
	skip "no lz4 tool"
else
	cat "$TOP"/src/*.c | head -c 200000 >"$T/text"
	head -c 65536 /dev/urandom >"$T/random"
	for input in text random; do
		"$host" lz4 "$K/lib/lz4/lz4_compress.ko" <"$T/$input" >"$T/block" 2>"$T/err" &&
			lz4_frame <"$T/block" | lz4 -dc 2>"$T/err" | cmp -s - "$T/$input"
		rc=$?
		ok $rc "lz4_compress.ko's LZ4_compress_default of $input data decompresses with lz4 ($(wc -c <"$T/block") bytes from $(wc -c <"$T/$input"))"
		[ $rc -eq 0 ] || diag "$T/err"
	done
fi

# ---- Reed-Solomon over GF(2^8), x^8+x^4+x^3+x^2+1, fcr 0, 16 roots ----
cat >"$T/rs.py" <<'PY'
import sys
poly, fcr, prim, nroots = 0x11d, 0, 1, 16
exp = [0] * 512; log = [0] * 256; x = 1
for i in range(255):
    exp[i] = x; log[x] = i; x <<= 1
    if x & 0x100: x ^= poly
for i in range(255, 512): exp[i] = exp[i - 255]
mul = lambda a, b: 0 if not a or not b else exp[log[a] + log[b]]
g = [1]
for i in range(nroots):		# g(x) = prod (x - alpha^((fcr + i) * prim))
    root = exp[(fcr + i) * prim % 255]
    n = g + [0]
    for j in range(1, len(n)): n[j] ^= mul(g[j - 1], root)
    g = n
rem = [0] * nroots		# data(x) * x^nroots mod g(x)
for d in sys.stdin.buffer.read():
    fb = d ^ rem[0]
    rem = rem[1:] + [0]
    for j in range(nroots): rem[j] ^= mul(fb, g[j + 1])
print(''.join('%02x' % r for r in rem))
PY
if [ ! -f "$K/lib/reed_solomon/reed_solomon.ko" ]; then
	skip "no reed_solomon.ko"
else
	head -c 223 "$T/text" >"$T/rsin"
	"$host" rs "$K/lib/reed_solomon/reed_solomon.ko" <"$T/rsin" >"$T/got" 2>"$T/err"
	[ "$(head -n 1 "$T/got")" = "$(python3 "$T/rs.py" <"$T/rsin")" ]
	ok $? "reed_solomon.ko's encode_rs8 gives the parity of a Python RS(255,223) encoder"
	for e in 0 1 4 8; do
		grep -qx "errors $e: decode $e, data restored" "$T/got"
		rc=$?
		ok $rc "decode_rs8 corrects $e symbol errors and says so"
		[ $rc -eq 0 ] || diag "$T/got" "$T/err"
	done
fi

# ---- textsearch: ts_kmp.ko and ts_bm.ko found by textsearch_prepare ----
cat "$TOP"/src/*.c >"$T/ts-text"
python3 -c '
import sys
t = open(sys.argv[1], "rb").read()
print("\n".join(str(i) for i in range(len(t)) if t.startswith(b"module", i)))' \
	"$T/ts-text" >"$T/ts-want"
if [ -f "$K/lib/ts_kmp.ko" ]; then
	"$host" ts kmp module "$K/lib/ts_kmp.ko" <"$T/ts-text" >"$T/got" 2>"$T/err"
	cmp -s "$T/got" "$T/ts-want"
	rc=$?
	ok $rc "ts_kmp.ko finds each of the $(wc -l <"$T/ts-want") places Python finds \"module\" in src/*.c"
	[ $rc -eq 0 ] || diag "$T/err"
else
	skip "no ts_kmp.ko"
fi
if [ -f "$K/lib/ts_bm.ko" ]; then
	"$host" ts bm module "$K/lib/ts_bm.ko" <"$T/ts-text" >"$T/got" 2>"$T/err"
	[ "$(head -n 1 "$T/got")" = "$(head -n 1 "$T/ts-want")" ]
	rc=$?
	ok $rc "ts_bm.ko finds the first of them (Linux 6.1's does not move past a match)"
	[ $rc -eq 0 ] || diag "$T/err"
else
	skip "no ts_bm.ko"
fi

# ---- CRCs: bitwise in Python, the check value of "123456789" too ----
cat >"$T/crc.py" <<'PY'
import sys
kind, data = sys.argv[1], sys.stdin.buffer.read()
def msb16(poly):
    c = 0
    for b in data:
        c ^= b << 8
        for _ in range(8):
            c = ((c << 1) ^ poly if c & 0x8000 else c << 1) & 0xffff
    return c
if kind == 'itu-t':
    print('%04x' % msb16(0x1021))
elif kind == 'arc':		# reflected 0x8005, from 0
    c = 0
    for b in data:
        c ^= b
        for _ in range(8):
            c = (c >> 1) ^ (0xa001 if c & 1 else 0)
    print('%04x' % c)
elif kind == 't10dif':		# the shash's digest: the u16, little-endian
    print(msb16(0x8bb7).to_bytes(2, 'little').hex())
else:
    c = 0xffffffff
    for b in data:
        c ^= b
        for _ in range(8):
            c = (c >> 1) ^ (0x82f63b78 if c & 1 else 0)
    c ^= 0xffffffff
    print('%08x' % c if kind == 'crc32c' else c.to_bytes(4, 'little').hex())
PY
printf 123456789 >"$T/check"
head -c 3000 "$T/text" >"$T/crcin"
crc_case() {	# description, module list, libhost command, python kind, check value
	local desc=$1 mods=$2 cmd=$3 kind=$4 check=$5 m what
	for m in $mods; do
		[ -f "$K/$m" ] || { skip "no $m"; return; }
	done
	for input in check crcin; do
		$host $cmd $(printf "$K/%s " $mods) <"$T/$input" >"$T/got" 2>"$T/err"
		python3 "$T/crc.py" "$kind" <"$T/$input" >"$T/want"
		cmp -s "$T/got" "$T/want" && { [ $input != check ] || [ "$(cat "$T/got")" = "$check" ]; }
		if [ $input = check ]; then what="of \"123456789\" is $check, as Python's"
		else what="of 3000 bytes is Python's"; fi
		ok $? "$desc $what" ||
			diag "$T/err" "$T/got" "$T/want"
	done
}
crc_case "crc-itu-t.ko's crc_itu_t" lib/crc-itu-t.ko "crc16 crc_itu_t" itu-t 31c3
crc_case "crct10dif-pclmul.ko's crct10dif (PCLMULQDQ)" arch/x86/crypto/crct10dif-pclmul.ko \
	"shash crct10dif" t10dif dbd0
crc_case "crc32c-intel.ko's crc32c (SSE4.2)" arch/x86/crypto/crc32c-intel.ko \
	"shash crc32c" crc32c-digest 839206e3
crc_case "libcrc32c.ko's crc32c, over crc32c-intel.ko through the crypto API" \
	"arch/x86/crypto/crc32c-intel.ko lib/libcrc32c.ko" "crc32 crc32c" crc32c e3069283

# ---- ARC4: RFC 6229's key 0x0102030405, and an RC4 in Python ----
if [ -f "$K/fs/smb/common/cifs_arc4.ko" ]; then
	got=$(head -c 16 /dev/zero | $host arc4 0102030405 "$K/fs/smb/common/cifs_arc4.ko" 2>&1)
	is "$got" b2396305f03dc027ccc3524a0a1118a8 "cifs_arc4.ko's keystream is RFC 6229's for key 0x0102030405"
	$host arc4 6b6579 "$K/fs/smb/common/cifs_arc4.ko" <"$T/crcin" >"$T/got" 2>"$T/err"
	python3 -c '
import sys
key, data = b"key", sys.stdin.buffer.read()
S, j = list(range(256)), 0
for i in range(256):
    j = (j + S[i] + key[i % len(key)]) & 255; S[i], S[j] = S[j], S[i]
i = j = 0; out = bytearray()
for b in data:
    i = (i + 1) & 255; j = (j + S[i]) & 255; S[i], S[j] = S[j], S[i]
    out.append(b ^ S[(S[i] + S[j]) & 255])
print(out.hex())' <"$T/crcin" >"$T/want"
	cmp -s "$T/got" "$T/want"
	ok $? "cifs_arc4_crypt of 3000 bytes is an RC4 in Python's" || diag "$T/err"
else
	skip "no cifs_arc4.ko"
fi

# ---- Poly1305: poly1305_generic.ko's shash, the key the first 32 bytes ----
if [ -f "$K/crypto/poly1305_generic.ko" ] && [ -f "$K/lib/crypto/libpoly1305.ko" ]; then
	poly() { $host shash poly1305 "$K/lib/crypto/libpoly1305.ko" "$K/crypto/poly1305_generic.ko"; }
	python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(
"85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b") + b"Cryptographic Forum Research Group")' >"$T/rfc8439"
	is "$(poly <"$T/rfc8439" 2>&1)" a8061dc1305136c6c22b8baf0c0127a9 \
		"poly1305_generic.ko's tag is RFC 8439's (2.5.2)"
	if python3 -c 'from cryptography.hazmat.primitives import poly1305' 2>/dev/null; then
		{ head -c 32 /dev/urandom; cat "$T/crcin"; } >"$T/polyin"
		poly <"$T/polyin" >"$T/got" 2>"$T/err"
		python3 -c '
import sys
from cryptography.hazmat.primitives import poly1305
d = sys.stdin.buffer.read()
print(poly1305.Poly1305.generate_tag(d[:32], d[32:]).hex())' <"$T/polyin" >"$T/want"
		cmp -s "$T/got" "$T/want"
		ok $? "and of a random key and 3000 bytes, Python cryptography's" || diag "$T/err"
	else
		skip "no Python cryptography"
	fi
else
	skip "no poly1305_generic.ko"
fi

# ---- ChaCha20: libchacha.ko's chacha_crypt_generic, RFC 8439's 2.4.2 ----
if [ -f "$K/lib/crypto/libchacha.ko" ]; then
	key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
	iv=01000000000000000000004a00000000	# counter 1, then the nonce
	printf "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it." >"$T/ladies"
	got=$($host chacha $key $iv "$K/lib/crypto/libchacha.ko" <"$T/ladies" 2>&1)
	like "$got" '^6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b.*87 ?4d$' \
		"libchacha.ko's ChaCha20 is RFC 8439's (2.4.2)"
	if python3 -c 'from cryptography.hazmat.primitives.ciphers import algorithms' 2>/dev/null; then
		key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
		$host chacha $key $iv "$K/lib/crypto/libchacha.ko" <"$T/crcin" >"$T/got" 2>"$T/err"
		python3 -c '
import sys
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
c = Cipher(algorithms.ChaCha20(bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2])), mode=None)
print(c.encryptor().update(sys.stdin.buffer.read()).hex())' $key $iv <"$T/crcin" >"$T/want"
		cmp -s "$T/got" "$T/want"
		ok $? "and with a random key over 3000 bytes, Python cryptography's" || diag "$T/err"
	else
		skip "no Python cryptography"
	fi
else
	skip "no libchacha.ko"
fi

# ---- RAID-6: P and Q of six pages, and every recovery of two ----
if [ -f "$K/lib/raid6/raid6_pq.ko" ]; then
	head -c 24576 /dev/urandom >"$T/pages"
	$host raid6 "$K/lib/raid6/raid6_pq.ko" <"$T/pages" >"$T/got" 2>"$T/err"
	python3 -c '
import sys
d = sys.stdin.buffer.read(); n, page = 6, 4096
exp, log, x = [0] * 255, [0] * 256, 1
for i in range(255):
    exp[i], log[x] = x, i; x <<= 1
    if x & 0x100: x ^= 0x11d
P, Q = bytearray(page), bytearray(page)
for i in range(n):
    for k, b in enumerate(d[i * page:(i + 1) * page]):
        P[k] ^= b
        if b: Q[k] ^= exp[(log[b] + i) % 255]	# Q = sum of g^i D_i, g = 2
print(P.hex()); print(Q.hex())' <"$T/pages" >"$T/want"
	cmp -s <(head -n 2 "$T/got") "$T/want"
	ok $? "raid6_pq.ko's gen_syndrome ($(sed -n 's/.*using algorithm \([a-z0-9]*\).*/\1/p' "$T/err")) gives GF(2^8)'s P and Q" ||
		diag "$T/err"
	[ "$(grep -c ': recovered$' "$T/got")" -eq 21 ]
	ok $? "raid6_2data_recov and raid6_datap_recov restore each of the 21 pairs of lost pages" ||
		diag "$T/got"
else
	skip "no raid6_pq.ko"
fi

# ---- DES and 3DES-EDE: libdes.ko, FIPS 81's vector and Python's cryptography ----
if [ -f "$K/lib/crypto/libdes.ko" ]; then
	des() { $host des "$1" "$K/lib/crypto/libdes.ko"; }
	is "$(printf 'Now is the time for all ' | des 0123456789abcdef 2>&1)" \
		"3fa40e8a984d48156a271787ab8883f9893d51ec4b563b53
decrypt gives it back" "libdes.ko's des_encrypt is FIPS 81's ECB example, and des_decrypt inverts it"
	is "$(printf 'Now is t' | des 0101010101010101 2>&1)" "expand_key: -126" \
		"des_expand_key refuses a weak key with -ENOKEY"
	head -c 4096 "$T/text" >"$T/desin"
	key=0123456789abcdeffedcba9876543210895a2c1d77e3f4b6
	des $key <"$T/desin" >"$T/got" 2>"$T/err"
	python3 -W ignore -c '
import sys
try:
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes
e = Cipher(TripleDES(bytes.fromhex(sys.argv[1])), modes.ECB()).encryptor()
print(e.update(sys.stdin.buffer.read()).hex()); print("decrypt gives it back")' \
		$key <"$T/desin" >"$T/want" 2>>"$T/err"
	cmp -s "$T/got" "$T/want"
	ok $? "des3_ede_encrypt of 4096 bytes is Python's 3DES-EDE, and decrypts back" ||
		diag "$T/err"
else
	skip "no libdes.ko"
fi

# ---- X25519: libcurve25519-generic.ko, RFC 7748's vectors and Python's ----
if [ -f "$K/lib/crypto/libcurve25519-generic.ko" ]; then
	x25519() { $host x25519 "$1" "$2" "$K/lib/crypto/libcurve25519-generic.ko" 2>&1; }
	alice=77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a
	bob_pub=de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f
	is "$(x25519 $alice 09$(printf '0%.0s' {1..62}))" \
		8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a \
		"curve25519_generic gives RFC 7748's public key for Alice (6.1)"
	is "$(x25519 $alice $bob_pub)" \
		4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742 \
		"and the shared secret with Bob's"
	k=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
	u=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
	want=$(python3 -c '
import sys
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
k = X25519PrivateKey.from_private_bytes(bytes.fromhex(sys.argv[1]))
print(k.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(sys.argv[2]))).hex())' $k $u 2>&1)
	is "$(x25519 $k $u)" "$want" "a random scalar and point: Python's X25519"
else
	skip "no libcurve25519-generic.ko"
fi

# ---- skcipher: the crypto API's walk over scatterlists cut in odd pieces ----
# chacha_generic.ko against RFC 8439 (2.4.2) and Python's ChaCha20 (IV:
# the counter and nonce); the x86 3DES and Camellia drivers in CBC
# against Python's, the IV afterwards the last ciphertext block.
skc() {	# ALG KEY IV MODULE...: ciphertext and IV lines, checked for the rest
	local alg=$1 key=$2 iv=$3
	shift 3
	$host skcipher "$alg" "$key" "$iv" "$@" <"$T/skin" >"$T/skout" 2>"$T/err"
	grep -qx 'encrypt without a key: -ENOKEY' "$T/skout" &&
		grep -qx 'decrypt in place: 0, gives it back' "$T/skout"
}
skpy() {	# CIPHER MODE KEY IV: Python's ciphertext and final IV
	python3 -W ignore -c '
import sys
from cryptography.hazmat.primitives.ciphers import Cipher, modes, algorithms
try:
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:
    TripleDES = algorithms.TripleDES
alg, mode, key, iv = sys.argv[1:]
a = {"chacha20": lambda k: algorithms.ChaCha20(k, bytes.fromhex(iv)),
     "3des": TripleDES, "camellia": algorithms.Camellia}[alg](bytes.fromhex(key))
m = modes.CBC(bytes.fromhex(iv)) if mode == "cbc" else None
c = Cipher(a, m).encryptor().update(sys.stdin.buffer.read())
print(c.hex()); print("iv", c[-len(bytes.fromhex(iv)):].hex() if m else iv)' "$@" <"$T/skin"
}
if [ -f "$K/crypto/chacha_generic.ko" ] && [ -f "$K/lib/crypto/libchacha.ko" ]; then
	key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
	iv=01000000000000000000004a00000000
	cp "$T/ladies" "$T/skin"
	skc chacha20 $key $iv "$K/lib/crypto/libchacha.ko" "$K/crypto/chacha_generic.ko"
	ok $? "chacha_generic.ko's chacha20 through crypto_alloc_skcipher: -ENOKEY before setkey, decryption in place restores" ||
		diag "$T/err" "$T/skout"
	is "$(sed -n 2p "$T/skout")" \
		6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab77937365af90bbf74a35be6b40b8eedf2785e42874d \
		"its ciphertext of the sunscreen text, in scatterlists of 1, 7, 64... bytes, is RFC 8439's (2.4.2)"
	head -c 5000 /dev/urandom >"$T/skin"
	skc chacha20 $key $iv "$K/lib/crypto/libchacha.ko" "$K/crypto/chacha_generic.ko"
	is "$(sed -n 2,3p "$T/skout")" "$(skpy chacha20 - $key $iv)" \
		"and of 5000 random bytes, Python's ChaCha20"
else
	skip "no chacha_generic.ko"
fi
head -c 4000 /dev/urandom >"$T/skin"
if [ -f "$K/arch/x86/crypto/des3_ede-x86_64.ko" ] && [ -f "$K/lib/crypto/libdes.ko" ]; then
	key=0123456789abcdeffedcba9876543210895a2c1d77e3f4b6 iv=1122334455667788
	skc "cbc(des3_ede)" $key $iv "$K/lib/crypto/libdes.ko" "$K/arch/x86/crypto/des3_ede-x86_64.ko"
	ok $? "des3_ede-x86_64.ko's cbc(des3_ede): -ENOKEY before setkey, decryption in place restores" ||
		diag "$T/err" "$T/skout"
	is "$(sed -n 2,3p "$T/skout")" "$(skpy 3des cbc $key $iv)" \
		"its CBC of 4000 bytes in odd scatterlists, and the IV after, are Python's"
else
	skip "no des3_ede-x86_64.ko"
fi
if [ -f "$K/arch/x86/crypto/camellia-x86_64.ko" ]; then
	key=000102030405060708090a0b0c0d0e0f iv=0f0e0d0c0b0a09080706050403020100
	skc "cbc(camellia)" $key $iv "$K/arch/x86/crypto/camellia-x86_64.ko"
	ok $? "camellia-x86_64.ko's cbc(camellia): -ENOKEY before setkey, decryption in place restores" ||
		diag "$T/err" "$T/skout"
	is "$(sed -n 2,3p "$T/skout")" "$(skpy camellia cbc $key $iv)" \
		"its CBC of 4000 bytes in odd scatterlists, and the IV after, are Python's"
else
	skip "no camellia-x86_64.ko"
fi

# ---- Modules of Debian's full tree (build/linux-full), not the cloud one's ----
frel=$(ls "$B/linux-full/lib/modules" 2>/dev/null | head -n 1)
F=$B/linux-full/lib/modules/$frel/kernel

# BCH: bch.ko's parity against a BCH encoder in Python, then decoding.
cat >"$T/bch.py" <<'PY'
import sys
m, t = int(sys.argv[1]), int(sys.argv[2])
prim = [0x25, 0x43, 0x83, 0x11d, 0x211, 0x409, 0x805, 0x1053, 0x201b, 0x402b, 0x8003][m - 5]
n = (1 << m) - 1
exp, log, x = [0] * (2 * n), [0] * (n + 1), 1
for i in range(n):
    exp[i] = exp[i + n] = x; log[x] = i; x <<= 1
    if x >> m: x ^= prim
mul = lambda a, b: exp[log[a] + log[b]] if a and b else 0
roots = set()			# the conjugates of alpha^1, alpha^3 ... alpha^(2t-1)
for i in range(1, 2 * t, 2):
    r = i
    while r not in roots: roots.add(r); r = 2 * r % n
g = [1]				# g(X) = prod (X + alpha^r), low coefficient first
for r in sorted(roots):
    g = [mul(c, exp[r]) ^ (g[j - 1] if j else 0) for j, c in enumerate(g + [0])]
G, deg = sum(c << j for j, c in enumerate(g)), len(g) - 1
rem = int.from_bytes(sys.stdin.buffer.read(), 'big') << deg	# data(X) X^deg mod g(X)
for bit in range(rem.bit_length() - 1, deg - 1, -1):
    if rem >> bit & 1: rem ^= G << (bit - deg)
nbytes = (m * t + 7) // 8	# left-justified, most significant bit first
print((rem << (8 * nbytes - deg)).to_bytes(nbytes, 'big').hex())
PY
if [ -f "$F/lib/bch.ko" ]; then
	for mt in "13 4 512" "8 2 20" "14 8 1024"; do
		set -- $mt
		head -c "$3" /dev/urandom >"$T/bchin"
		$host bch "$1" "$2" "$F/lib/bch.ko" <"$T/bchin" >"$T/got" 2>"$T/err"
		is "$(head -n 1 "$T/got")" "$(python3 "$T/bch.py" "$1" "$2" <"$T/bchin")" \
			"bch.ko (m=$1, t=$2): bch_encode's parity of $3 bytes is Python's"
		[ "$(grep -c '^errors \([0-9]*\): decode \1, data restored$' "$T/got")" -eq $(($2 + 1)) ]
		ok $? "bch_decode finds each of 0 to $2 bit errors, and the data is restored" ||
			diag "$T/got" "$T/err"
	done
else
	skip "no bch.ko (Debian's full tree: tests/linux/fetch.sh)"
fi

# CRC-16 (ARC): crc16.ko's crc16.
if [ -f "$F/lib/crc16.ko" ]; then
	K=$F crc_case "crc16.ko's crc16" lib/crc16.ko "crc16 crc16" arc bb3d
else
	skip "no crc16.ko (Debian's full tree: tests/linux/fetch.sh)"
fi

done_testing
