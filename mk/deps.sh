#!/bin/sh
# mk/deps.sh [-n] PURPOSE... - the packages umod needs, checked before
# anything is compiled: `make deps`, and every make target through a
# stamp per purpose (Makefile), and .ci/run.
#
#	build     make, make install: compiler, libraries the tools link
#	test      make check: the oracles (kmod), other compilers, tools
#	demo      make demo (and make check, which runs its scenario)
#	fuzz      make fuzz: clang's libFuzzer and sanitizer runtimes
#	sanitize  make check-sanitize: gcc's ASan, UBSan, TSan runtimes
#	bench     make bench: gnuplot, for the figures drawn from the run's data
#	cross     make check-cross: cross compilers, the other machines'
#	          libraries (Debian multiarch: PKG:ARCH), qemu-user
#
# On Debian and its derivatives the missing packages are installed with
# apt-get when run as root (not with -n), else named with the exact
# apt-get line, and the step fails; a package dpkg lacks counts as there
# when what it provides is (clang-16's clang, a hand-built tool).
# Elsewhere each package is probed for the headers or commands it
# provides, and what is missing is named by its Debian package: install
# your distribution's equivalent.
set -eu

# purpose package probes (h:HEADER, c:COMMAND, t:a shell test)
PACKAGES='
build     build-essential        c:make c:gcc h:stdio.h
build     binutils               c:ld c:ar c:readelf
build     zlib1g-dev             h:zlib.h
build     liblzma-dev            h:lzma.h
build     libzstd-dev            h:zstd.h
build     libssl-dev             h:openssl/evp.h
build     libfuse3-dev           h:fuse3/fuse.h
test      perl                   c:prove
test      clang                  c:clang
test      lld                    c:ld.lld
test      kmod                   c:kmod
test      pkg-config             c:pkg-config
test      bash-completion        t:bash_completion_there
test      openssl                c:openssl
test      xz-utils               c:xz
test      zstd                   c:zstd
test      gzip                   c:gzip
test      util-linux             c:setpriv c:unshare
test      fuse3                  c:fusermount3
test      linux-headers-amd64    t:linux_headers_there
test      binutils-s390x-linux-gnu c:s390x-linux-gnu-as
test      lz4                    c:lz4
test      python3-cryptography   t:python_cryptography_there
test      gdb                    c:gdb
test      linux-perf             c:perf
demo      dosfstools             c:mkfs.fat
demo      mtools                 c:mcopy
demo      xorriso                c:xorriso
fuzz      clang                  c:clang
fuzz      libclang-rt-dev        t:fuzzer_links
sanitize  build-essential        t:sanitizers_link
bench     gnuplot-nox            c:gnuplot
cross     qemu-user-static       c:qemu-aarch64-static c:qemu-riscv64-static c:qemu-arm-static c:qemu-i386-static
'

# The other machines of make check-cross, each one block of the same
# shape: its cross compiler and libc; with a multiarch directory, the
# machine's own libc (qemu-user runs its programs with it) and the
# libraries the tools and umodd link, Debian's PKG:ARCH.  riscv64 has no
# Debian 12 port: the compiler alone, and the tools and umodd are built
# without those libraries there (libtools/libtools.mk, umodd/umodd.mk).
#	DEBIAN-ARCH  GNU-TRIPLET          MULTIARCH-DIR        DYNAMIC-LINKER
CROSS_MACHINES='
arm64        aarch64-linux-gnu    aarch64-linux-gnu    ld-linux-aarch64.so.1
armhf        arm-linux-gnueabihf  arm-linux-gnueabihf  ld-linux-armhf.so.3
i386         i686-linux-gnu       i386-linux-gnu       ld-linux.so.2
riscv64      riscv64-linux-gnu    -                    -
'
cross_block() {	# cross_block DEBIAN-ARCH GNU-TRIPLET MULTIARCH-DIR DYNAMIC-LINKER
	echo "cross gcc-$2 c:$2-gcc"
	echo "cross libc6-dev-$1-cross t:cross_libc_there:$2"
	[ "$3" != - ] || return 0
	for pkg in libc6 zlib1g-dev liblzma-dev libzstd-dev libssl-dev; do
		echo "cross $pkg:$1 t:multiarch_there:$3:$4"
	done
	echo "cross libfuse3-dev:$1 t:multiarch_fuse_there:$3"
}
PACKAGES=$PACKAGES$(echo "$CROSS_MACHINES" | while read -r m; do
	# shellcheck disable=SC2086
	[ -z "$m" ] || cross_block $m
done)

install=1
[ "${1-}" = -n ] && { install=; shift; }
[ $# -gt 0 ] || { echo "usage: mk/deps.sh [-n] build|test|demo|fuzz|sanitize|bench|cross..." >&2; exit 2; }
for p; do
	case " build test demo fuzz sanitize bench cross " in
	*" $p "*) ;;
	*) echo "mk/deps.sh: no such purpose: $p" >&2; exit 2 ;;
	esac
done

purposes=$*

# The packages for the purposes asked for, once each.
wanted() {
	echo "$PACKAGES" | awk -v want=" $* " \
		'NF && index(want, " " $1 " ") && !seen[$2]++ { print $2 }'
}

# ---- Probes, where there is no dpkg ----

fuzzer_links() {
	echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' |
		clang -fsanitize=fuzzer,address -x c - -o /dev/null 2>/dev/null
}
sanitizers_link() {
	echo 'int main(void) { return 0; }' |
		${CC:-cc} -fsanitize=address,undefined -x c - -o /dev/null 2>/dev/null &&
	echo 'int main(void) { return 0; }' |
		${CC:-cc} -fsanitize=thread -x c - -o /dev/null 2>/dev/null
}
cross_libc_there() {	# cross_libc_there GNU-TRIPLET: libc6-dev-*-cross's
	[ -r "/usr/$1/lib/libc.so.6" ]
}
multiarch_there() {	# multiarch_there DIR LD.SO: the machine's libc and libcrypto
	[ -r "/usr/lib/$1/libcrypto.so" ] && [ -r "/lib/$2" ]
}
multiarch_fuse_there() {
	[ -r "/usr/lib/$1/libfuse3.so" ]
}
linux_headers_there() {	# Debian 6.1's, for tests/fs.t's genuine module
	ls -d /usr/src/linux-headers-6.1*-amd64 >/dev/null 2>&1
}
python_cryptography_there() {	# tests/linux-kapi.t's references
	python3 -c 'import cryptography' 2>/dev/null
}
bash_completion_there() {
	[ -r /usr/share/bash-completion/bash_completion ]
}
probe() {
	case $1 in
	h:*) echo "#include <${1#h:}>" | ${CC:-cc} -E -x c - >/dev/null 2>&1 ;;
	c:*) PATH=$PATH:/usr/sbin:/sbin command -v "${1#c:}" >/dev/null ;;
	t:*) set -- $(echo "${1#t:}" | tr : ' '); "$@" ;;	# t:FUNCTION:ARG...
	esac
}
# The packages of those given that some probe, for the purposes asked
# for, finds missing.
probe_missing() {
	for pkg; do
		for pr in $(echo "$PACKAGES" | awk -v p="$pkg" -v want=" $purposes " \
				'$2 == p && index(want, " " $1 " ") { $1 = $2 = ""; print }'); do
			probe "$pr" || { echo "$pkg"; break; }
		done
	done
}

# ---- Debian ----

# What dpkg does not have, unless it is there all the same (clang-16
# for clang, a compiler built by hand): its probes decide.
dpkg_missing() {
	# shellcheck disable=SC2046
	dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $(wanted "$@") 2>/dev/null |
		awk '$2 == "ii" { print $1 }' > "$tmp/have"
	# shellcheck disable=SC2046
	probe_missing $(wanted "$@" | grep -vxF -f "$tmp/have")
}

apt_install() {
	export DEBIAN_FRONTEND=noninteractive
	# PKG:ARCH is another machine's package: dpkg must know the machine.
	for arch in $(printf '%s\n' "$@" | sed -n 's/^[^:]*://p' | sort -u); do
		dpkg --print-foreign-architectures | grep -qx "$arch" || {
			dpkg --add-architecture "$arch"
			apt-get update -qq
		}
	done
	# An update first only when apt does not know a package yet (a
	# fresh container has no lists at all).
	if ! apt-cache show --no-all-versions "$@" >/dev/null 2>&1; then
		apt-get update -qq
	fi
	apt-get install -y -qq --no-install-recommends "$@" </dev/null
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v dpkg-query >/dev/null; then
	missing=$(probe_missing $(wanted "$@"))
	[ -z "$missing" ] && exit 0
	echo "umod: missing for $*:" $missing >&2
	echo "umod: these are Debian's package names; install your distribution's equivalents" >&2
	exit 1
fi

missing=$(dpkg_missing "$@")
[ -z "$missing" ] && exit 0
missing=$(echo $missing)
if [ -n "$install" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "umod: installing what $* needs: $missing" >&2
	# shellcheck disable=SC2086
	apt_install $missing
	missing=$(dpkg_missing "$@")
	[ -z "$missing" ] && exit 0
	echo "umod: still missing after apt-get: $missing" >&2
	exit 1
fi
echo "umod: missing Debian packages for $*: $missing" >&2
sudo=; [ "$(id -u)" = 0 ] || sudo='sudo '
echo "umod: install them with:" >&2
echo "	${sudo}apt-get install $missing" >&2
exit 1
