#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# modinfo.t - umod's modinfo against kmod's, byte for byte: module files
# (plain, compressed, signed), names, aliases and symbols looked up in a
# module directory indexed by umod's depmod, every output option, errors.
# Without kmod, against the golden files kmod's modinfo made
# (tests/golden/modinfo/, golden.sh): there a signature's bytes, which
# depend on how the compiler laid the module out, are masked.

. "$(dirname "$0")/modtools.sh"

# Compares `umod modinfo ARGS` (stdout, stderr, status) with the golden
# file, and with kmod's modinfo where kmod is here.
check() {	# check DESCRIPTION ARGS...
	local what=$1 case
	shift
	case=$(golden_case "$what")
	run "$tmp/ours" "$umod" modinfo "$@"
	cat "$tmp/ours.err" >> "$tmp/ours.out"
	if [ "$kmod_live" = 1 ]; then
		run "$tmp/kmod" "$kmod_modinfo" "$@"
		cat "$tmp/kmod.err" >> "$tmp/kmod.out"
		golden_keep "$case" "$tmp/kmod.out"
	fi
	if [ -n "${no_golden:-}" ]; then
		skip "$what (golden): $no_golden"
	else
		golden_same "$what" "$case" "$tmp/ours.out"
	fi
	[ "$kmod_live" = 0 ] || same "$what" "$tmp/kmod.out" "$tmp/ours.out"
}

module params "p_export" "" \
	'static int level = 3; module_param(level, int, 0644);' \
	'MODULE_PARM_DESC(level, "How loud: 0 quiet, 9 loud");' \
	'static char *label; module_param(label, charp, 0);' \
	'MODULE_PARM_DESC(nodesc_only, "a description without a parameter");' \
	'static int arr[4], narr; module_param_array(arr, int, &narr, 0444);' \
	'static bool on; module_param_named(enable, on, bool, 0600);' \
	'MODULE_PARM_DESC(enable, "Turn it on");' \
	'MODULE_AUTHOR("Jane Doe <jane@example.org>");' \
	'MODULE_AUTHOR("John Roe");' \
	'MODULE_DESCRIPTION("A module with every kind of field");' \
	'MODULE_ALIAS("pci:v00008086d000010D3sv*sd*bc*sc*i*");' \
	'MODULE_ALIAS("params-alias");' \
	'MODULE_SOFTDEP("pre: core post: leaf");' \
	'MODULE_VERSION("1.2.3");' \
	'MODULE_FIRMWARE("params/fw.bin");' \
	'MODULE_INFO(depends, "core,leaf");' \
	'MODULE_INFO(name, "params");' \
	'MODULE_INFO(vermagic, "6.1.0 SMP preempt mod_unload ");' \
	'MODULE_INFO(a_key_longer_than_fifteen, "padded by the excess");' \
	'__MODULE_INFO(parm, broken, "no colon here");' \
	'static const char noeq[] __attribute__((used, section(".modinfo"))) = "intree";' ||
	skip_all "cannot compile test modules"
cp "$tmp/src/params.ko" "$tmp/params.ko"
cd "$tmp" || exit 1

# ---- a module file ----

for opts in "" "-0" "-a" "-d" "-l" "-p" "-n" "-p -0" "-F alias" "-F parm" \
	    "-F filename" "-F name" "-F depends" "-F intree" "-F nosuch" \
	    "-F alias -0" "--field=author" "-l -d"; do
	check "params.ko, options '$opts'" $opts params.ko
done
check "relative path with ./ and two files" ./params.ko "$tmp/params.ko"

# ---- signed, compressed ----

cp params.ko signed.ko
if ! umod_with LIBCRYPTO; then
	skip "umod built without OpenSSL: its signatures in tools-without.t"
	# the golden files below are of the module signed
	no_golden="made from a signed module; without OpenSSL it is not"
elif have openssl && sign signed.ko; then
	check "signed module: sig_id, signer, sig_key, sig_hashalgo, signature" signed.ko
	check "signed module, -0" -0 signed.ko
	check "signed module, -F signer" -F signer signed.ko
	check "signed module, -F signature" -F signature signed.ko
else
	skip "openssl cannot sign"
fi
for z in "xz xz XZ" "zstd zst ZSTD"; do
	set -- $z
	if ! umod_with "$3"; then
		skip "umod built without $1: tools-without.t"
	elif have "$1"; then
		"$1" -q -c signed.ko > "signed.ko.$2"
		check "$1-compressed signed module" "signed.ko.$2"
	else
		skip "no $1"
	fi
done
# kmod here is built without zlib: compare with the uncompressed file's output
if umod_with ZLIB; then
	gzip -c signed.ko > signed.ko.gz
	"$umod" modinfo signed.ko.gz 2> /dev/null | sed 1d > gz.out
	if [ "$kmod_live" = 1 ]; then
		"$kmod_modinfo" signed.ko 2> /dev/null | sed 1d > plain.out
		golden_keep gzip-reference plain.out
		same "gzip-compressed module reads as the uncompressed one" plain.out gz.out
	fi
	[ -n "${no_golden:-}" ] ||
		golden_same "gzip-compressed module reads as the uncompressed one" gzip-reference gz.out
	"$umod" modinfo -n signed.ko.gz > gzname.out
	echo "$tmp/signed.ko.gz" > gzname.want
	same "gzip-compressed module's filename" gzname.want gzname.out
else
	skip "umod built without zlib: tools-without.t"
fi
no_golden=

# ---- modules of other machines ----

if foreign i386 "as --32" "ld -m elf_i386" .long strings; then
	check "a 32-bit (i386) module" "$tmp/src/i386.ko"
else
	skip "cannot assemble an i386 module"
fi
if have s390x-linux-gnu-as && foreign s390 s390x-linux-gnu-as s390x-linux-gnu-ld .quad crc; then
	cp "$tmp/src/s390.ko" s390.ko
	check "a big-endian (s390x) module" s390.ko
	if umod_with LIBCRYPTO && have openssl && sign s390.ko; then
		check "a signed big-endian module" s390.ko
	fi
else
	skip "no s390x binutils for a big-endian module"
fi

# ---- damaged files ----

echo "not a module" > junk.ko
check "a file that is not ELF" junk.ko
head -c 300 params.ko > cut.ko
check "a truncated ELF file" cut.ko
printf 'tiny' > tiny.ko
check "a file shorter than any magic" tiny.ko
if have xz && umod_with XZ; then
	head -c 200 signed.ko.xz > cut.ko.xz
	check "a truncated compressed file" cut.ko.xz
else
	skip "no xz, or umod built without"
fi

# ---- names, aliases and symbols in a module directory ----

module core "core_get core_put" "" 'MODULE_ALIAS("fs-core");' \
	'MODULE_ALIAS("usb:v1234p*d*");'
module leaf-mod "leaf_get" "core_get" 'MODULE_ALIAS("char-major-10-99");' \
	'MODULE_ALIAS("usb:v1234p5678d*");'
mods=root/lib/modules/6.1.0
mkdir -p $mods/kernel/fs $mods/extra
cp "$tmp/src/core.ko" $mods/kernel/fs/
cp "$tmp/src/leaf-mod.ko" $mods/extra/
cp signed.ko $mods/kernel/fs/params.ko
printf 'kernel/fs/bltin.ko\n' > $mods/modules.builtin
printf 'bltin.description=Built into the kernel\0bltin.alias=bltin-alias\0bltin.license=GPL\0bltin.parm=x:the x\0bltin.parmtype=x:int\0' \
	> $mods/modules.builtin.modinfo
"$umod" depmod -b root 6.1.0 2> /dev/null
ok $? "umod depmod indexes the tree"

check "by name" -b root -k 6.1.0 core
check "by name with dashes for underscores" -b root -k 6.1.0 leaf-mod
check "by name, -m" -b root -k 6.1.0 -m leaf_mod
check "unknown name, -m" -b root -k 6.1.0 -m nosuch
check "by alias" -b root -k 6.1.0 fs-core
check "by wildcard alias, two modules" -b root -k 6.1.0 usb:v1234p5678d0001
check "by symbol" -b root -k 6.1.0 symbol:leaf_get
if umod_with LIBCRYPTO; then
	check "a signed module found by name" -b root -k 6.1.0 params
else
	skip "umod built without OpenSSL: its signatures in tools-without.t"
fi
check "several arguments" -b root -k 6.1.0 -F filename core fs-core leaf_mod
check "a built-in module" -b root -k 6.1.0 bltin
check "a built-in module, -F description" -b root -k 6.1.0 -F description bltin
check "a built-in module by alias" -b root -k 6.1.0 bltin-alias
check "a built-in module, -m" -b root -k 6.1.0 -m bltin
check "not found" -b root -k 6.1.0 nosuch
check "unmatched bracket" -b root -k 6.1.0 'bad]alias'
check "no such module directory" -b root -k 9.9 core
check "no argument"

done_testing
