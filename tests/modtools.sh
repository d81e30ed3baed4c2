# SPDX-License-Identifier: MIT
#
# modtools.sh - shared by tests/modinfo.t, tests/depmod.t and
# tests/kmod-scenarios.t: tests/tap.sh, a module compiler and a signer
# (tests/modsign.sh).  Sourced; sets tree, umod and tmp.
#
# Modules are compiled the plain way (gcc -c, ld -r) from sources the
# tests write, so each test says exactly what its modules hold, whatever
# gcc's version or defaults: -fno-toplevel-reorder keeps .modinfo's
# strings, which modinfo prints in file order, in the source's order;
# -fno-stack-protector keeps __stack_chk_fail out of the imports.  kmod's
# own tools are the oracle, live or through the golden files (golden.sh).

set -u
tree=$(cd "$(dirname "$0")/.." && pwd)
umod=$tree/${UMOD_B:-build}/umod
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modtools.XXXXXX")
export LC_ALL=C

. "$tree/tests/tap.sh"
at_exit 'rm -rf "$tmp"'

# same DESCRIPTION FILE-A FILE-B: byte for byte, else the diff as diagnostics
same() {
	cmp -s "$2" "$3"
	ok $? "$1" || diff -u "$2" "$3" | head -40 | diag
}

# same_dir DESCRIPTION DIR-A DIR-B: every file, names and bytes
same_dir() {
	diff -r "$2" "$3" > "$tmp/dirdiff" 2>&1
	ok $? "$1" || head -40 "$tmp/dirdiff" | diag
}

# run OUT CMD...: stdout and stderr (with the exit status last) into
# OUT.out and OUT.err; the oracle's "modinfo:"/"depmod:" prefixes match ours.
run() {
	local out=$1
	shift
	"$@" > "$out.out" 2> "$out.err"
	echo "exit $?" >> "$out.err"
}

[ -x "$umod" ] || skip_all "$umod not built"
command -v gcc > /dev/null && command -v ld > /dev/null || skip_all "no gcc/ld"
. "$tree/tests/golden.sh"
golden_init "$(basename "$0" .t)" modinfo depmod
kmod_modinfo=$tmp/kmod-bin/modinfo
kmod_depmod=$tmp/kmod-bin/depmod

# module NAME EXPORTS IMPORTS [C-LINES...]: $tmp/src/NAME.ko exporting
# int EXPORTS(void), calling IMPORTS, with the extra lines appended.
module() {
	local name=$1 exports=$2 imports=$3 s c
	shift 3
	mkdir -p "$tmp/src"
	c=$tmp/src/$name.c
	{
		echo "#define KBUILD_MODNAME \"${name//-/_}\""
		echo '#include <umod/module.h>'
		for s in $imports; do echo "extern int $s(void);"; done
		printf 'int %s_use(void) { return 0' "${name//-/_}"
		for s in $imports; do printf ' + %s()' "$s"; done
		echo '; }'
		for s in $exports; do
			echo "int $s(void) { return 1; }"
			echo "EXPORT_SYMBOL($s);"
		done
		echo 'MODULE_LICENSE("GPL");'
		for s in "$@"; do echo "$s"; done
	} > "$c"
	gcc -O2 -fno-common -fno-toplevel-reorder -fno-stack-protector -DMODULE -I"$tree/include" -c -o "$tmp/src/$name.o" "$c" &&
		ld -r -o "$tmp/src/$name.ko" "$tmp/src/$name.o"
}

# versions NAME CRC... : C lines giving a module a __versions table, each
# CRC "symbol=0xhex" as modpost writes it (struct modversion_info).
versions() {
	local e sym crc
	echo '__asm__(".section __versions,\"a\"\n.balign 8\n"'
	for e in "$@"; do
		sym=${e%%=*}
		crc=${e#*=}
		printf '"\\t.quad %s\\n\\t.asciz \\"%s\\"\\n\\t.fill %d, 1, 0\\n"\n' \
			"$crc" "$sym" $((56 - ${#sym} - 1))
	done
	echo '".previous\n");'
}

have() { command -v "$1" > /dev/null; }
# umod_with LIB: umod is built with LIB (ZSTD, XZ, ZLIB, LIBCRYPTO), as
# `umod --version` says (libtools/libtools.mk's WITH_*; tools-without.t
# tests a build without).
umod_with() { built_with "$umod" "$1"; }

# foreign NAME AS LD CRC-DIRECTIVE EXPORT-STYLE: $tmp/src/NAME.ko for
# another machine, assembled: .modinfo, an export, imports (core_get,
# kern_fn 0x11, a weak one) with __versions CRCs, module_layout 0x22.
# EXPORT-STYLE "strings" lists the export in __ksymtab_strings; "crc"
# gives it a __crc_ symbol in a CRC section.
foreign() {
	local name=$1 as=$2 ld=$3 crc=$4 style=$5 width
	[ "$crc" = .long ] && width=60 || width=56
	mkdir -p "$tmp/src"
	{
		printf '\t.section .modinfo,"a"\n'
		printf '\t.asciz "%s"\n' license=GPL "alias=$name-alias" \
			"parm=level:How loud" parmtype=level:int "depends=core"
		if [ "$style" = strings ]; then
			printf '\t.section __ksymtab_strings,"aMS",@progbits,1\n'
			printf '\t.asciz "%s_sym"\n' "$name"
		else
			printf '\t.section "___kcrctab+%s_sym","a"\n' "$name"
			printf '\t.globl __crc_%s_sym\n__crc_%s_sym:\n\t.long 0xfeedf00d\n' \
				"$name" "$name"
		fi
		printf '\t.data\n\t.long core_get\n\t.long kern_fn\n\t.weak gone\n\t.long gone\n'
		printf '\t.text\n\t.globl %s_sym\n%s_sym:\n\t.long 0\n' "$name" "$name"
		printf '\t.section __versions,"a"\n'
		printf '\t%s 0x33\n\t.asciz "core_get"\n\t.fill %d, 1, 0\n' "$crc" $((width - 9))
		printf '\t%s 0x11\n\t.asciz "kern_fn"\n\t.fill %d, 1, 0\n' "$crc" $((width - 8))
		printf '\t%s 0x22\n\t.asciz "module_layout"\n\t.fill %d, 1, 0\n' "$crc" $((width - 14))
	} > "$tmp/src/$name.s"
	$as -o "$tmp/src/$name.o" "$tmp/src/$name.s" &&
		$ld -r -o "$tmp/src/$name.ko" "$tmp/src/$name.o"
}

# sign FILE: tests/modsign.sh, its key in $tmp.
. "$tree/tests/modsign.sh"
