#!/bin/sh
# tests/linux/fetch.sh DEST - unpack a genuine Linux module tree (Debian's
# cloud kernel, ~26 MB) into DEST, for the tests that read and load real
# Linux modules.  They skip when DEST is empty, so a failure here is not
# fatal: no network, or a distribution without the package.
set -eu
dest=$1
[ -e "$dest/.fetched" ] && exit 0
[ "$(uname -m)" = x86_64 ] || { echo "fetch.sh: x86-64 modules only" >&2; exit 1; }
cloud_kernel() {
	apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
pkg=$(cloud_kernel)
# A fresh machine's apt knows no packages yet; root can tell it.
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	apt-get update -qq >/dev/null 2>&1 || :
	pkg=$(cloud_kernel)
fi
[ -n "$pkg" ] || { echo "fetch.sh: no linux-image-cloud-amd64 known to apt" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"	# apt's _apt user writes the download
(cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
	{ echo "fetch.sh: cannot download $pkg" >&2; exit 1; }
mkdir -p "$dest"
dpkg-deb -x "$tmp"/*.deb "$dest"
rm -rf "$dest/boot" "$dest/usr"
touch "$dest/.fetched"
