#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# kbuild.t - out-of-tree modules built the Kbuild way (mk/kbuild.mk) and
# modpost, from the fixtures in tests/kbuild/, each built in a copy in a
# temporary directory.  kmod's own modinfo and depmod judge the results
# (umod's, where kmod is not installed).
#
# The tree is the one this script sits in, built in $UMOD_B (default build).

set -u
# Run alike from prove and from make check: no jobserver, no variables.
unset MAKEFLAGS MFLAGS MAKELEVEL
tree=$(cd "$(dirname "$0")/.." && pwd)
fixtures=$tree/tests/kbuild
B=${UMOD_B:-build}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kbuild.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

. "$tree/tests/tap.sh"
hasnt() { # hasnt FILE PATTERN DESCRIPTION
	! grep -q -- "$2" "$1"
	ok $? "$3" || { echo "[$2] found in:"; cat "$1"; } | diag
}
ran() {	# ran DESCRIPTION COMMAND...: COMMAND succeeds; output in $log
	local desc=$1
	shift
	"$@" >"$log" 2>&1
	ok $? "$desc" || diag <"$log"
}
fails() { # fails DESCRIPTION COMMAND...
	local desc=$1
	shift
	! "$@" >"$log" 2>&1
	ok $? "$desc" || diag <"$log"
}
log=$tmp/log

# A fresh copy of a fixture: the tests write into it.
fixture() {
	rm -rf "${2:-$tmp/$1}"
	cp -r "$fixtures/$1" "${2:-$tmp/$1}"
}
kmake() { make -C "$tree" B="$B" "$@"; }

# kmod is a multi-call binary: these are its modinfo and depmod.  Without
# it, umod's own read the modules: modinfo.t and depmod.t hold them to
# kmod's outputs (tests/golden/), and what is read here is spelled out.
kmod=
[ "${UMOD_KMOD:-}" = none ] || kmod=$(PATH=$PATH:/usr/sbin:/sbin command -v kmod) || kmod=
if [ -z "$kmod" ] || ! "$kmod" --version >/dev/null 2>&1; then
	kmod=$tree/$B/umod
	echo "no kmod here: umod's own modinfo and depmod read the modules" | diag
	[ -x "$kmod" ] || { echo "Bail out! $kmod is missing: run make first"; exit 1; }
fi
mkdir "$tmp/bin"
ln -s "$kmod" "$tmp/bin/modinfo"
ln -s "$kmod" "$tmp/bin/depmod"
# modinfo's output, or a complaint no test expects.
modinfo() { "$tmp/bin/modinfo" "$@" 2>&1 || echo "(modinfo failed)"; }

for f in "$tree/$B/modpost" "$tree/$B/Module.symvers"; do
	[ -e "$f" ] || { echo "Bail out! $f is missing: run make first"; exit 1; }
done

# The vermagic every module must carry, from the header the loader uses.
printf '#include <stdio.h>\n#include <umod/host.h>\nint main(void) { fputs(UMOD_VERMAGIC, stdout); return 0; }\n' |
	cc -I"$tree/include" -x c -o "$tmp/vermagic" - || exit 1
vermagic=$("$tmp/vermagic")

# ---- One source file ----
d=$tmp/hello
fixture hello
ran "hello: make M= modules" kmake M="$d" modules
has "$log" "  CC [M]  $d/hello.o" "hello: quiet CC line"
has "$log" "  MODPOST $d/Module.symvers" "hello: quiet MODPOST line"
has "$log" "  CC [M]  $d/hello.mod.o" "hello: quiet CC line for the .mod.c"
has "$log" "  LD [M]  $d/hello.ko" "hello: quiet LD line"
is "$(modinfo -F name "$d/hello.ko")" hello "hello: modinfo name"
is "$(modinfo -F vermagic "$d/hello.ko")" "$vermagic" "hello: modinfo vermagic is UMOD_VERMAGIC"
modinfo "$d/hello.ko" >"$tmp/modinfo"
has "$tmp/modinfo" "depends:        " "hello: depends present and empty"
is "$(modinfo -F license "$d/hello.ko")" GPL "hello: modinfo license"
is "$(modinfo -F parm "$d/hello.ko")" "count:How many greetings (int)" "hello: modinfo parm"
readelf -hSs --wide "$d/hello.ko" >"$tmp/elf"
grep -q 'Type: *REL (Relocatable file)' "$tmp/elf"
ok $? "hello: hello.ko is a relocatable object"
hasnt "$tmp/elf" "build-id" "hello: hello.ko has no build id note"
grep -Eq ' 80 OBJECT +GLOBAL +DEFAULT +[0-9]+ __this_module$' "$tmp/elf"
ok $? "hello: __this_module is an 80-byte global object"
head=$(objcopy -O binary -j .gnu.linkonce.this_module "$d/hello.ko" /dev/stdout | od -An -c -j24 -N6 | tr -d ' ')
is "$head" 'hello\0' "hello: .gnu.linkonce.this_module has the name at offset 24"
ran "hello: make again" kmake M="$d" modules
hasnt "$log" "CC \[M\]" "hello: nothing is rebuilt when nothing changed"
ran "hello: make with EXTRA_CFLAGS" kmake M="$d" modules EXTRA_CFLAGS=-DNEW_FLAG V=1
grep -q -- "-DNEW_FLAG .*-c -o $d/hello.o" "$log"
ok $? "hello: a changed command line rebuilds, V=1 shows it" || diag <"$log"
ran "hello: make clean" kmake M="$d" clean
is "$(cd "$d" && ls -A | tr '\n' ' ')" "Makefile hello.c " "hello: clean leaves the sources alone"
ran "hello: make M= with no target builds the modules" kmake M="$d"
[ -f "$d/hello.ko" ]
ok $? "hello: hello.ko built by the default target"

# ---- Kbuild beside Makefile ----
d=$tmp/kbfile
fixture kbfile
ran "kbuild: the Kbuild file wins over the Makefile" kmake M="$d"
is "$(modinfo -F name "$d/kb.ko")" kb "kbuild: kb.ko built"

# ---- Modules of several objects ----
d=$tmp/multi
fixture multi
ran "multi: foo-y, bar-objs, ccflags-y, CFLAGS_<obj>" kmake M="$d"
has "$log" "  LD [M]  $d/foo.o" "multi: the parts are linked into foo.o"
nm "$d/foo.ko" >"$tmp/nm"
grep -q ' T foo_util$' "$tmp/nm"
ok $? "multi: foo.ko holds foo_util from foo_util.o"
is "$(modinfo -F name "$d/bar.ko")" bar "multi: bar.ko from bar-objs"
is "$(modinfo -F name "$d/my-mod.ko")" my_mod "multi: my-mod.ko is named my_mod"
is "$(tr '\n' ' ' <"$d/modules.order")" "$d/foo.o $d/bar.o $d/my-mod.o " "multi: modules.order in obj-m order"
sleep 0.01
touch "$d/inc/foo.h"
ran "multi: make after touching a header" kmake M="$d"
is "$(grep -c '^  CC \[M\]  .*/foo_[a-z]*\.o$' "$log")" 2 "multi: the header's users are recompiled"
hasnt "$log" "bar1.o" "multi: the others are not"

# ---- Exports between modules ----
d=$tmp/pair
fixture pair
ran "pair: a exports, b imports" kmake M="$d"
hasnt "$log" "WARNING" "pair: no warnings"
printf '%s\t%s\t%s\t%s\n' \
	a_add "$d/a" EXPORT_SYMBOL "" \
	a_gpl "$d/a" EXPORT_SYMBOL_GPL "" \
	a_ns "$d/a" EXPORT_SYMBOL A_NS >"$tmp/symvers"
# The CRC column is genksyms' (kbuild-crc.t checks the values).
cut -f2- "$d/Module.symvers" | cmp -s "$tmp/symvers" - &&
	! cut -f1 "$d/Module.symvers" | grep -qvx '0x[0-9a-f]\{8\}'
ok $? "pair: Module.symvers in Linux's format" || diff "$tmp/symvers" "$d/Module.symvers" | diag
is "$(modinfo -F depends "$d/b.ko")" a "pair: b depends on a"
is "$(modinfo -F depends "$d/a.ko")" "" "pair: a depends on nothing"

d=$tmp/user
fixture user
ran "user: a's export through KBUILD_EXTRA_SYMBOLS" \
	kmake M="$d" KBUILD_EXTRA_SYMBOLS="$tmp/pair/Module.symvers"
hasnt "$log" "WARNING" "user: no warnings"
is "$(modinfo -F depends "$d/c.ko")" a "user: c depends on a"
ran "user: without the symbols, modpost warns but builds" kmake M="$d"
has "$log" "WARNING: modpost: \"a_add\" [$d/c.ko] undefined!" "user: Linux's warning for an undefined symbol"
is "$(modinfo -F depends "$d/c.ko")" "" "user: the unknown export adds no dependency"

d=$tmp/undef
fixture undef
ran "undef: builds with a warning" kmake M="$d"
has "$log" "WARNING: modpost: \"nosuch_function\" [$d/u.ko] undefined!" "undef: the undefined symbol is named"
is "$(grep -c WARNING "$log")" 1 "undef: no warning for weak symbols, __this_module or libumod's"

d=$tmp/gpl
fixture gpl
fails "gpl: modpost refuses the module" \
	kmake M="$d" KBUILD_EXTRA_SYMBOLS="$tmp/pair/Module.symvers"
has "$log" "ERROR: modpost: GPL-incompatible module p.ko uses GPL-only symbol 'a_gpl'" "gpl: GPL-only export refused"
has "$log" "ERROR: modpost: module p uses symbol a_ns from namespace A_NS, but does not import it." "gpl: namespace import required"
[ ! -e "$d/p.ko" ] && [ ! -e "$d/Module.symvers" ]
ok $? "gpl: neither p.ko nor Module.symvers is left behind"

# ---- A host's own exports ----
d=$tmp/host
fixture host
for pie in -pie -no-pie; do
	cc -I"$tree/include" "$pie" -o "$d/host$pie" "$d/host.c"
	ran "host $pie: modpost -H" "$tree/$B/modpost" -H "$d/host$pie" -o "$d/host$pie.symvers"
	printf '0x00000000\t%s\tvmlinux\t%s\t%s\n' \
		host_fn EXPORT_SYMBOL "" \
		host_ns_fn EXPORT_SYMBOL HOST_NS \
		host_gpl_fn EXPORT_SYMBOL_GPL "" >"$tmp/symvers"
	head -3 "$d/host$pie.symvers" | cmp -s "$tmp/symvers" -
	ok $? "host $pie: the host's exports, as vmlinux" || diag <"$d/host$pie.symvers"
done
has "$d/host-pie.symvers" "$(grep "$(printf '\tprintk\t')" "$tree/$B/Module.symvers")" \
	"host: libumod's exports too"
ran "host: a module against the host's symvers" kmake M="$d" UMOD_SYMVERS="$d/host-pie.symvers"
hasnt "$log" "WARNING" "host: the host's exports resolve"
is "$(modinfo -F depends "$d/hostmod.ko")" "" "host: the host is no dependency"

# ---- Another compiler ----
if command -v clang >/dev/null; then
	d=$tmp/clang
	fixture multi "$d"
	ran "clang: CC=clang" kmake M="$d" CC=clang V=1
	grep -q "^clang -DMODULE .*-c -o $d/foo_main.o" "$log"
	ok $? "clang: clang compiles the module"
	readelf -p .comment "$d/foo.ko" | grep -q clang
	ok $? "clang: foo.ko is clang's"
	is "$(modinfo -F vermagic "$d/foo.ko")" "$vermagic" "clang: modinfo vermagic"
else
	for i in 1 2 3 4; do ok 0 "# SKIP clang is not installed"; done
fi
if command -v clang >/dev/null && command -v ld.lld >/dev/null; then
	d=$tmp/llvm
	fixture pair "$d"
	ran "llvm: LLVM=1" kmake M="$d" LLVM=1 V=1
	grep -q "^ld.lld -r --build-id=none .*-o $d/b.ko" "$log"
	ok $? "llvm: ld.lld links the .ko"
	is "$(modinfo -F depends "$d/b.ko")" a "llvm: b depends on a"
else
	for i in 1 2 3; do ok 0 "# SKIP clang or ld.lld is not installed"; done
fi

# ---- The usual Makefile ----
d=$tmp/idiom
fixture idiom
cp "$fixtures/hello/hello.c" "$d/"
ran "idiom: make in the module directory" sh -c 'cd "$1" && make UMOD="$2" B="$3"' sh "$d" "$tree" "$B"
is "$(modinfo -F name "$d/hello.ko")" hello "idiom: hello.ko built"

# ---- The loader takes what was built ----
testhost=$tree/$B/tests/testhost
if [ -x "$testhost" ]; then
	foo=$tmp/clang/foo.ko
	[ -e "$foo" ] || foo=$tmp/multi/foo.ko
	printf 'load %s\n' "$tmp/pair/a.ko" "$tmp/pair/b.ko" "$foo" \
		"$tmp/hello/hello.ko count=2" | "$testhost" >"$log" 2>&1
	has "$log" "ok b" "loader: b loads, linked against a"
	has "$log" "printk: info: b: 3" "loader: b's init called a's exports"
	has "$log" "ok foo" "loader: foo.ko, of two objects, loads"
	is "$(grep -c 'printk: info: hello' "$log")" 2 "loader: hello takes its parameter"
else
	for i in 1 2 3 4; do ok 0 "# SKIP $testhost is not built"; done
fi

# ---- Installing modules ----
d=$tmp/pair
root=$tmp/root
ran "install: modules_install" kmake M="$d" modules_install INSTALL_MOD_PATH="$root"
has "$log" "  INSTALL $root/lib/modules/umod-1/extra/a.ko" "install: quiet INSTALL line"
cmp -s "$d/b.ko" "$root/lib/modules/umod-1/extra/b.ko"
ok $? "install: b.ko in lib/modules/umod-1/extra"
[ ! -e "$root/lib/modules/umod-1/modules.dep" ]
ok $? "install: no depmod without DEPMOD"
# kmod's depmod (and so ours) takes only releases that start "N.M".
ran "install: INSTALL_MOD_DIR, KERNELRELEASE and DEPMOD" kmake M="$d" modules_install \
	INSTALL_MOD_PATH="$root" INSTALL_MOD_DIR=updates KERNELRELEASE=1.2-test DEPMOD="$tmp/bin/depmod"
[ -f "$root/lib/modules/1.2-test/updates/a.ko" ]
ok $? "install: a.ko in lib/modules/1.2-test/updates"
has "$root/lib/modules/1.2-test/modules.dep" "updates/b.ko: updates/a.ko" "install: depmod reads b's dependency"

# ---- An installed build tree ----
prefix=$tmp/prefix
build=$prefix/lib/umod/build
ran "installed: make install PREFIX=" kmake install PREFIX="$prefix"
missing=
for f in Makefile modpost Module.symvers mk/kbuild.mk include/umod/module.h; do
	[ -e "$build/$f" ] || missing+=" $f"
done
is "$missing" "" "installed: the build tree is in <prefix>/lib/umod/build"
d=$tmp/installed
fixture pair "$d"
ran "installed: make -C <prefix>/lib/umod/build M=" make -C "$build" M="$d"
grep -q -- "-I$build/include " "$d/.a.o.cmd"
ok $? "installed: compiled against the installed headers"
is "$(modinfo -F depends "$d/b.ko")" a "installed: b depends on a"
is "$(modinfo -F vermagic "$d/b.ko")" "$vermagic" "installed: modinfo vermagic"

done_testing
