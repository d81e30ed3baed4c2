#!/bin/bash
# tests/linux-kapi.t - genuine Debian library modules compute right in a
# host linked with libumod-kapi.a (tests/kapi/libhost), each against an
# independent reference: the NLS code pages against Python's codecs, the
# crypto API's hashes against hashlib and binascii (and RFC 1320 for MD4), LZ4 blocks
# decompressed by the lz4 tool, Reed-Solomon parity against an encoder in
# Python and decoding that corrects up to nroots/2 errors, textsearch's
# KMP and Boyer-Moore against Python's search.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
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

done_testing
