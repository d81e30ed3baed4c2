#!/bin/sh
# tests/linux/fetch.sh [-f] DEST [ARCH] - unpack a genuine Linux module
# tree (Debian's cloud kernel, ~26 MB) into DEST, for the tests that read
# and load real Linux modules.  -f: Debian's full kernel of the same
# release instead (linux-image-<release>-<arch>-unsigned, ~70 MB, 4023
# modules on amd64), for the census over the whole tree.  ARCH is Debian's name of the machine: amd64
# (the default) or arm64, another machine dpkg must know (make
# check-cross's dependency step adds it).  The tests skip when DEST is
# empty, so a failure here is not fatal: no network, or a distribution
# without the package.  The kernel image's certificates are kept in
# DEST/certs (tests/linux/certs.sh).
set -eu
full=
[ "${1:-}" != -f ] || { full=1; shift; }
dest=$1
arch=${2:-amd64}
# A tree fetched before the certificates were kept is fetched again.
[ -e "$dest/.fetched" ] && [ -d "$dest/certs" ] && exit 0
# A tree that is there without our stamp is someone else's (a shared,
# read-only copy, or a link to one): used as it is, never written into.
if [ ! -e "$dest/.fetched" ]; then
	for d in "$dest"/lib/modules/*/kernel; do
		[ -d "$d" ] && exit 0
	done
fi
case $arch in
amd64|arm64) ;;
*) echo "fetch.sh: Debian has no cloud kernel for $arch" >&2; exit 1 ;;
esac
# linux-image-cloud-arm64:arm64 depends on linux-image-6.1.0-N-cloud-arm64:arm64
cloud_kernel() {
	apt-cache depends "linux-image-cloud-$arch:$arch" 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
pkg=$(cloud_kernel)
# A fresh machine's apt knows no packages yet; root can tell it.
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	apt-get update -qq >/dev/null 2>&1 || :
	pkg=$(cloud_kernel)
fi
[ -n "$pkg" ] || { echo "fetch.sh: no linux-image-cloud-$arch known to apt" >&2; exit 1; }
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
# against (tests/linux-sig.t); without them that test skips.
for img in "$dest"/boot/vmlinuz-*; do
	"$(dirname "$0")/certs.sh" "$img" "$dest/certs" ||
		echo "fetch.sh: no certificates kept from $img" >&2
done
rm -rf "$dest/boot" "$dest/usr"
touch "$dest/.fetched"
