#!/bin/sh
# tests/linux/kernel-image.sh VMLINUZ DEST - what the tests keep of a
# Linux kernel image:
# - DEST/certs: the X.509 certificates it carries (its
#   .system_certificate_list: the key its modules were signed with,
#   Debian's a per-build one), one DER file each;
# - DEST/btf/vmlinux: its BTF (CONFIG_DEBUG_INFO_BTF), which says where
#   its structures' fields are, as /sys/kernel/btf/vmlinux would.
# The image is decompressed as scripts/extract-vmlinux does, trying each
# compressor's magic; the certificates are the DER SEQUENCEs in it that
# openssl reads as X.509, the BTF its .BTF section.  Needs perl, openssl,
# objcopy and the decompressor.
set -eu
img=$1 dest=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# try MAGIC(perl regex) DECOMPRESSOR...: the first offset that decompresses
try() {
	magic=$1
	shift
	command -v "$1" >/dev/null || return 1
	for off in $(perl -0777 -ne 'while (/'"$magic"'/g) { print $-[0], "\n" }' "$img"); do
		tail -c +$((off + 1)) "$img" | "$@" >"$tmp/vmlinux" 2>/dev/null
		[ "$(head -c 4 "$tmp/vmlinux" | od -An -c | tr -d ' ')" = '177ELF' ] && return 0
	done
	return 1
}
try '\x02\x21\x4c\x18' lz4 -dc || try '\x28\xb5\x2f\xfd' zstd -dc ||
	try '\xfd7zXZ\x00' xz -dc || try '\x1f\x8b\x08' gzip -dc ||
	try 'BZh' bzip2 -dc || try '\x5d\x00\x00\x00' xz -F lzma -dc ||
	{ echo "kernel-image.sh: cannot decompress $img" >&2; exit 1; }

CANDS=$tmp perl -0777 -ne '
	my $n = 0;
	while (/\x30\x82(..)\x30\x82/gs) {
		my $at = $-[0];
		open(my $o, ">", sprintf("%s/cand%04d", $ENV{CANDS}, $n++)) or die;
		binmode $o;
		print $o substr($_, $at, unpack("n", $1) + 4);
		pos($_) = $at + 1;
	}' "$tmp/vmlinux"
mkdir -p "$dest/certs"
n=0
for c in "$tmp"/cand*; do
	[ -e "$c" ] || continue
	openssl x509 -inform DER -in "$c" -noout 2>/dev/null || continue
	n=$((n + 1))
	cp "$c" "$dest/certs/$n.der"
done
[ "$n" -gt 0 ] || { echo "kernel-image.sh: no certificate in $img" >&2; exit 1; }
mkdir -p "$dest/btf"
objcopy -O binary --only-section=.BTF "$tmp/vmlinux" "$dest/btf/vmlinux" &&
	[ -s "$dest/btf/vmlinux" ] ||
	{ rm -f "$dest/btf/vmlinux"; echo "kernel-image.sh: no BTF in $img" >&2; exit 1; }
