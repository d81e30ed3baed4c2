#!/bin/sh
# tests/linux/fetch.sh [-f] DEST [ARCH] - unpack a genuine Linux module
# tree into DEST, for the tests that read and load real Linux modules.
# -f: Debian's full kernel of the release the cloud one has instead
# (linux-image-<release>-<arch>-unsigned, ~70 MB, 4023 modules on amd64),
# for the census over the whole tree and modules the cloud tree lacks.  ARCH
# is Debian's name of the machine, with Debian's kernel flavour for it:
# amd64 (the default) and arm64 their cloud kernels (~26 MB), armhf armmp
# and i386 686-pae (43-52 MB, every driver), another machine dpkg must
# know (make check-cross's dependency step adds it).  The tests skip
# when DEST is empty, so a failure here is not fatal: no network, or a
# distribution without the package.  The kernel image's certificates
# are kept in DEST/certs and its BTF in DEST/btf/vmlinux
# (tests/linux/kernel-image.sh).
set -eu
full=
[ "${1:-}" != -f ] || { full=1; shift; }
dest=$1
arch=${2:-amd64}
# .fetched's first line says what this script kept; a tree fetched by an
# older one (before the certificates, then the BTF, were kept) is fetched
# again.  Its other lines name images that had none (armhf's zImage
# unpacks to no ELF image).
kept=2
[ "$(head -n 1 "$dest/.fetched" 2>/dev/null)" = "$kept" ] && exit 0
# A tree that is there without our stamp is someone else's (a shared,
# read-only copy, or a link to one): used as it is, never written into.
if [ ! -e "$dest/.fetched" ]; then
	for d in "$dest"/lib/modules/*/kernel; do
		[ -d "$d" ] && exit 0
	done
fi
case $arch in
amd64|arm64) flavour=cloud-$arch ;;
armhf) flavour=armmp ;;
i386) flavour=686-pae ;;
*) echo "fetch.sh: no Debian kernel flavour known for $arch" >&2; exit 1 ;;
esac
# linux-image-armmp:armhf depends on linux-image-6.1.0-N-armmp:armhf
kernel() {
	apt-cache depends "linux-image-$flavour:$arch" 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
pkg=$(kernel)
# A fresh machine's apt knows no packages yet; root can tell it.
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	apt-get update -qq >/dev/null 2>&1 || :
	pkg=$(kernel)
fi
[ -n "$pkg" ] || { echo "fetch.sh: no linux-image-$flavour:$arch known to apt" >&2; exit 1; }
# linux-image-6.1.0-N-cloud-amd64 -> linux-image-6.1.0-N-amd64-unsigned
[ -z "$full" ] || pkg=$(echo "$pkg" | sed 's/-cloud-/-/; s/$/-unsigned/')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"	# apt's _apt user writes the download
(cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
	{ echo "fetch.sh: cannot download $pkg" >&2; exit 1; }
mkdir -p "$dest"
dpkg-deb -x "$tmp"/*.deb "$dest"
# The image is not kept, only the certificates its modules verify
# against (tests/linux-sig.t) and its BTF (tests/linux-current.t);
# without them those tests skip.
echo "$kept" >"$tmp/stamp"
for img in "$dest"/boot/vmlinuz-*; do
	"$(dirname "$0")/kernel-image.sh" "$img" "$dest" || {
		echo "fetch.sh: no certificates or BTF kept from $img" >&2
		echo "no certificates or BTF from ${img##*/}" >>"$tmp/stamp"
	}
done
rm -rf "$dest/boot" "$dest/usr"
cp "$tmp/stamp" "$dest/.fetched"
