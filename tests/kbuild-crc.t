#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# kbuild-crc.t - symbol versions end to end: modules built by umod's
# Kbuild (genksyms, modpost -m) against an exporter, the exporter's types
# changed and only it rebuilt, and the stale importer refused by the
# loader (the test host, tests/host/testhost.c) as Linux refuses it.
# Module.symvers, __kcrctab and --dump-modversions are read back.  A
# host's own exports too: tests/kbuild/crchost carries the CRCs of the
# header its modules include (umod_export_crcs), and so does umodd.
#
# The tree is the one this script sits in, built in $UMOD_B (default build).
# Under make check-cross, UMOD_B is the emulated mirror of a cross build
# (tests/cross/run.sh): the build is R, where its links point, and make
# gave ARCH and CROSS_COMPILE; the modules and hosts are built for the
# target by its compiler, modpost and genksyms are the build machine's.

set -u
unset MAKEFLAGS MFLAGS MAKELEVEL
tree=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$tree/${UMOD_B:-build}" && pwd)
. "$tree/tests/tap.sh"
R=$(dirname "$(readlink -f "$B/Module.symvers")")
tc=${CROSS_COMPILE-}
# modpost reads 64-bit objects only (its own machine's ElfW).
[ "$(od -An -tu1 -j4 -N1 "$R/tests/testhost" 2>/dev/null | tr -d ' ')" = 2 ] ||
	skip_all "modpost reads 64-bit objects only"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kbuild-crc.XXXXXX")
at_exit 'rm -rf "$tmp"'
log=$tmp/log
x=$tmp/crcx
y=$tmp/crcy
cp -r "$tree/tests/kbuild/crcx" "$tree/tests/kbuild/crcy" "$tmp/"

kmake() { make -C "$tree" B="$R" "$@" >"$log" 2>&1 || { diag <"$log"; return 1; }; }
build_x() { kmake M="$x" "$@"; }
build_y() { kmake M="$y" KBUILD_EXTRA_SYMBOLS="$x/Module.symvers" "$@"; }
crc_of() { awk -F'\t' -v s="$1" '$2 == s { print $1 }' "${2:-$x/Module.symvers}"; }
# The test host, fed commands; its answers (and the loader's log) in $out.
out=$tmp/out
host() { printf '%s\n' 'loglevel 7' "$@" quit | "$B/tests/testhost" >"$out" 2>&1; }
tainted() { grep -q "^info $1 .*taints=[A-Z]*F" "$out"; }
# One CRC a line, as the section holds them.
section_crcs() {
	"${tc}objcopy" -O binary --only-section="$2" "$1" "$tmp/sec" &&
		od -An -v -tx4 -w4 "$tmp/sec" | sed 's/^ */0x/'
}

# ---- A first build ----
build_x && build_y
ok $? "an exporter and a module using it build"
! grep -q WARNING "$log"
ok $? "modpost warns of nothing" || diag <"$log"
awk -F'\t' '$1 == "0x00000000" { exit 1 }' "$x/Module.symvers"
ok $? "every export has a CRC" || diag <"$x/Module.symvers"
is "$(section_crcs "$x/crcx.ko" __kcrctab)" \
   "$(crc_of crcx_add)
$(crc_of crcx_neg)" "__kcrctab holds Module.symvers' CRCs, in __ksymtab's order"
is "$(section_crcs "$x/crcx.ko" __kcrctab_gpl)" "$(crc_of crcx_width)" \
	"__kcrctab_gpl holds the GPL-only export's"
want=$(for s in crcx_add crcx_neg crcx_width; do printf '%s\t%s\n' "$(crc_of $s)" $s; done
       printf '%s\tmodule_layout\n' "$(crc_of module_layout "$B/Module.symvers")")
is "$("$B/umod" modprobe --dump-modversions "$y/crcy.ko" | grep -v -e printk -e _mcount | sort -k2)" \
   "$(sort -k2 <<<"$want")" "--dump-modversions shows the CRCs modpost computed, module_layout's too"
host "load $x/crcx.ko" "load $y/crcy.ko" "info crcx" "info crcy"
has "$out" "ok crcy" "the importer loads against its exporter"
! tainted crcx && ! tainted crcy
ok $? "nothing is tainted F" || diag "$out"
v1=$(cat "$x/Module.symvers")

# ---- Rebuilds that change nothing ----
touch "$x/crcx.c"
build_x
is "$(cat "$x/Module.symvers")" "$v1" "a rebuild gives the same CRCs"
sed -i 's/int crcx_add(int x, int y);/int crcx_add(int a, int b);/' "$x/crcx.h"
kmake M="$x" clean && build_x
is "$(cat "$x/Module.symvers")" "$v1" "a clean rebuild, parameters renamed, gives the same CRCs"

# ---- A struct field behind an export ----
sed -i 's/^\tint hi;$/\tint hi;\n\tint step;/' "$x/crcx.h"
build_x
isnt_crc() { [ "$(crc_of "$1")" != "$(crc_of "$1" <(echo "$v1"))" ]; }
isnt_crc crcx_width
ok $? "a field added to a struct two levels behind crcx_width changes its CRC"
is "$(crc_of crcx_add)" "$(crc_of crcx_add <(echo "$v1"))" "crcx_add's is unchanged"
host "load $x/crcx.ko" "load $y/crcy.ko"
has "$out" "err EINVAL crcy: Unknown symbol crcx_width (err -22)" \
	"the stale importer is refused with EINVAL, as Linux's resolve_symbol"
has "$out" "log: warning: crcy: disagrees about version of symbol crcx_width" \
	"in Linux's words"
host "load $x/crcx.ko" "load --force-modversion $y/crcy.ko" "info crcy"
tainted crcy
ok $? "--force-modversion loads it, tainted F" || diag "$out"
build_y
host "load $x/crcx.ko" "load $y/crcy.ko"
has "$out" "ok crcy" "rebuilt, it loads"

# ---- A changed prototype ----
v2=$(cat "$x/Module.symvers")
sed -i 's/int crcx_add(int a, int b);/int crcx_add(int a, long b);/; s/^int crcx_add(int x, int y)$/int crcx_add(int x, long y)/' \
	"$x/crcx.h" "$x/crcx.c"
build_x
[ "$(crc_of crcx_add)" != "$(crc_of crcx_add <(echo "$v2"))" ]
ok $? "a changed prototype changes the CRC"
host "load $x/crcx.ko" "load $y/crcy.ko"
has "$out" "log: warning: crcy: disagrees about version of symbol crcx_add" \
	"and the stale importer is refused"

# ---- struct module's version ----
sed 's/^0x[0-9a-f]*\(\tmodule_layout\t\)/0x0badc0de\1/' "$B/Module.symvers" >"$tmp/old.symvers"
build_x && build_y UMOD_SYMVERS="$tmp/old.symvers"
host "load $x/crcx.ko" "load $y/crcy.ko"
has "$out" "err ENOEXEC crcy: disagrees about version of symbol module_layout" \
	"built against another struct module: ENOEXEC, as Linux's check_modstruct_version"
host "load $x/crcx.ko" "load --force-modversion $y/crcy.ko"
has "$out" "ok crcy" "--force-modversion skips that check too"

# ---- An exporter without CRCs ----
build_y
"${tc}objcopy" --remove-section=__kcrctab --remove-section=__kcrctab_gpl \
	"$x/crcx.ko" "$tmp/nocrc.ko"
host "load $tmp/nocrc.ko" "info crcx" "load $y/crcy.ko"
has "$out" "log: warning: crcx: no versions for exported symbols: kernel tainted." \
	"exports without CRCs taint their module, as Linux 6.1's"
tainted crcx
ok $? "and marks it F" || diag "$out"
has "$out" "ok crcy" "and what uses them loads unchecked"

# ---- A host's exports ----
"$R/modpost" -H "$R/umodd" -o "$tmp/umodd.symvers"
[ "$(crc_of strlen "$tmp/umodd.symvers")" = "$(crc_of strlen "$B/umodd.symvers")" ] &&
	[ "$(crc_of sscanf "$tmp/umodd.symvers")" != 0x00000000 ] &&
	[ -n "$(crc_of sscanf "$tmp/umodd.symvers")" ]
ok $? "modpost -H lists umodd's exports by table (strlen, sscanf), with CRCs"
is "$(crc_of module_layout "$tmp/umodd.symvers")" "$(crc_of module_layout "$B/Module.symvers")" \
	"and module_layout's of the host's own libumod, the target's in a cross build"
mkdir "$tmp/strmod"
echo 'obj-m := strmod.o' >"$tmp/strmod/Kbuild"
printf '%s\n' '#include <string.h>' '#include <umod/module.h>' \
	'int sscanf(const char *buf, const char *fmt, ...);	/* as Linux declares it */' \
	'static char *who = "x";' 'module_param(who, charp, 0);' \
	'static int __init strmod_init(void) { return (int)strlen(who) + sscanf(who, "%*d"); }' \
	'module_init(strmod_init);' 'MODULE_LICENSE("GPL");' >"$tmp/strmod/strmod.c"
kmake M="$tmp/strmod" UMOD_SYMVERS="$tmp/umodd.symvers" && ! grep -q WARNING "$log"
ok $? "a module calling them builds against umodd's symvers without warnings" || diag <"$log"
is "$("$B/umod" modprobe --dump-modversions "$tmp/strmod/strmod.ko" | grep -e strlen -e sscanf | sort -k2)" \
   "$(printf '%s\t%s\n' "$(crc_of sscanf "$tmp/umodd.symvers")" sscanf "$(crc_of strlen "$tmp/umodd.symvers")" strlen)" \
	"and records their CRCs"
# A host built from versioned objects, as Kbuild versions a module's.
printf '%s\n' '#include <umod/export.h>' 'struct hostx { int a, b; };' \
	'int hostx_fn(struct hostx *h) { return h->a; }' 'EXPORT_SYMBOL(hostx_fn);' \
	'int main(void) { return 0; }' >"$tmp/hostx.c"
"${tc}gcc" -I"$tree/include" -c -o "$tmp/hostx.o" "$tmp/hostx.c" &&
	"${tc}gcc" -E -D__GENKSYMS__ -I"$tree/include" "$tmp/hostx.c" | "$R/genksyms" >"$tmp/hostx.ver" &&
	"${tc}ld" -r -o "$tmp/hostx.v.o" "$tmp/hostx.o" -T "$tmp/hostx.ver" &&
	"${tc}gcc" -o "$tmp/hostx" "$tmp/hostx.v.o" && "$R/modpost" -H "$tmp/hostx" -o "$tmp/hostx.symvers"
ok $? "a host from versioned objects"
is "__crc_hostx_fn = $(crc_of hostx_fn "$tmp/hostx.symvers");" "$(cat "$tmp/hostx.ver")" \
	"modpost -H gives its exports genksyms' CRCs"

# ---- A host's own CRCs, checked at load (umod_export_crcs) ----
# tests/kbuild/crchost: a host exporting what hostx.h declares, with the
# CRC table genksyms gives that header; modules built against it by
# Kbuild; then the header changes and the host alone is rebuilt.
h=$tmp/crchost
cp -r "$tree/tests/kbuild/crchost" "$h"
# Static under an emulator, which then needs no library path.
build_host() {
	make -C "$h" -f host.mk B="$R" UMOD="$tree" CC="${tc}gcc" \
		${UMOD_EMULATED:+LDFLAGS=-static} "$@" >"$log" 2>&1 || { diag <"$log"; return 1; }
}
build_mod() { kmake M="$h/mod" UMOD_SYMVERS="$h/crchost.symvers"; }
crchost() { ${UMOD_EMULATED-} "$h/crchost" "$@" >"$out" 2>&1; }
build_host && build_mod
ok $? "a host with a CRC table, and a module against its symvers, build"
is "$(crc_of hostx_width "$h/crchost.symvers")" \
   "$(sed -n 's/^{ "hostx_width", \(0x[0-9a-f]*\)u },$/\1/p' "$h/crcs.h")" \
	"modpost -H lists the CRCs the host carries"
is "$(crc_of hostx_plain "$h/crchost.symvers")" 0x00000000 \
	"and none for the export its table leaves out"
crchost "$h/mod/crcmod.ko"
has "$out" "crcs 2" "the host attaches its two CRCs" &&
	has "$out" "ok crcmod taints=" "the module it was built against loads, untainted"
cp "$h/mod/crcmod.ko" "$h/stale.ko"
cp "$h/crchost.symvers" "$h/old.symvers"
sed -i 's/^\tint hi;$/\tint hi;\n\tint step;/; s/^int hostx_add(int a, int b);$/long hostx_add(long a, int b);/' "$h/hostx.h"
sed -i 's/^int hostx_add(int a, int b)$/long hostx_add(long a, int b)/' "$h/crchost.c"
sed -i 's/^int hostx_plain(int x);$/long hostx_plain(long x);/' "$h/plain.h"
sed -i 's/^int hostx_plain(int x)$/long hostx_plain(long x)/' "$h/crchost.c"
build_host
[ "$(crc_of hostx_width "$h/crchost.symvers")" != "$(crc_of hostx_width "$h/old.symvers")" ] &&
	[ "$(crc_of hostx_add "$h/crchost.symvers")" != "$(crc_of hostx_add "$h/old.symvers")" ]
ok $? "the rebuilt host carries new CRCs for both"
crchost "$h/stale.ko"
has "$out" "log: crcmod: disagrees about version of symbol hostx_add" \
	"a struct and a prototype changed, the host rebuilt: the stale module is refused in Linux's words"
contains "$out" "err 22 crcmod: Unknown symbol hostx_add (err -22)" \
	"with EINVAL, as Linux's resolve_symbol"
lacks "$out" "hostx_plain" "the export without a CRC is not compared"
crchost -f "$h/stale.ko"
has "$out" "log: crcmod: module_layout: kernel tainted." \
	"--force-modversion says the host is tainted, as Linux's try_to_force_load" &&
	has "$out" "ok crcmod taints=F" "and loads it, tainted F"
build_mod && crchost "$h/mod/crcmod.ko"
has "$out" "ok crcmod taints=" "rebuilt against the new host, it loads"
build_host NO_CRCS=1 -B && crchost "$h/stale.ko"
has "$out" "ok crcmod taints=" "a host that attaches no CRCs loads the stale module unchecked, as Linux with none"

# ---- umodd's ----
sock=$tmp/umodd.sock
ulog=$tmp/umodd.log
insmod() { "$B/umod" insmod --host "$sock" "$@" >"$out" 2>&1; }
sed 's/^0x[0-9a-f]*\(\tstrlen\t\)/0x0badc0de\1/' "$tmp/umodd.symvers" >"$tmp/stale.symvers"
kmake M="$tmp/strmod" UMOD_SYMVERS="$tmp/stale.symvers" && cp "$tmp/strmod/strmod.ko" "$tmp/stale.ko"
kmake M="$tmp/strmod" UMOD_SYMVERS="$tmp/umodd.symvers"
umodd_start "$sock" "$ulog"
ok $? "umodd starts"
insmod "$tmp/stale.ko"
ok $((!$?)) "umodd refuses a module built against another version of its strlen" || diag <"$out"
contains "$out" "could not insert module $tmp/stale.ko: Invalid parameters" \
	"insmod says EINVAL as kmod's does"
contains "$ulog" "strmod: disagrees about version of symbol strlen" "in Linux's words" ||
	diag <"$ulog"
insmod "$tmp/strmod/strmod.ko"
ok $? "and loads the one built against its own" || diag <"$out"
"$B/umod" rmmod --host "$sock" -f strmod >/dev/null 2>&1	# no exit
kmake M="$tmp/strmod" clean && kmake M="$tmp/strmod" CONFIG_MODVERSIONS=n &&
	insmod "$tmp/strmod/strmod.ko"
ok $? "a module built without symbol versions loads into it" || diag <"$out"
lacks "$ulog" "kernel tainted" "untainted: nothing of it is compared"
"$B/umod" rmmod --host "$sock" -f strmod >/dev/null 2>&1
insmod --force-modversion "$tmp/stale.ko"
ok $? "insmod --force-modversion loads the stale one" || diag <"$out"
contains "$ulog" "strmod: module_layout: kernel tainted." "tainting the host"

# ---- CONFIG_MODVERSIONS=n ----
kmake M="$x" clean && build_x CONFIG_MODVERSIONS=n
awk -F'\t' '$1 != "0x00000000" { exit 1 }' "$x/Module.symvers"
ok $? "without modversions the CRC column is zero"
! readelf -S "$x/crcx.ko" | grep -q -e __kcrctab -e __versions
ok $? "and the module has neither __kcrctab nor __versions"

done_testing
