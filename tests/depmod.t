#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# depmod.t - umod's depmod against kmod's on the same trees: every file
# it writes (text and .bin), what it prints, its exit status.  Each case
# runs kmod's depmod on a copy of a tree at $tmp/root, then umod's on a
# fresh copy at the same place, so even the paths in messages compare;
# without kmod, umod's output is compared with the golden file kmod's
# made (tests/golden/depmod/, golden.sh).

. "$(dirname "$0")/modtools.sh"
cd "$tmp" || exit 1

# snapshot DIR OUT > TEXT: what depmod printed (OUT.out, OUT.err) and
# wrote (the modules.* files in DIR; binary ones as hex), as one text to
# keep as a golden file.  Module files, whose bytes vary with the
# compiler, are listed by name only.
snapshot() {
	local f
	echo "== stdout"
	cat "$2.out"
	echo "== stderr"
	cat "$2.err"
	(cd "$1" && find . ! -type d | LC_ALL=C sort) | while read -r f; do
		case $f in
		*/modules.*) ;;
		*) echo "== $f"; continue ;;
		esac
		if LC_ALL=C grep -q '[^[:print:][:space:]]' "$1/$f"; then
			echo "== $f (hex)"
			od -An -tx1 -v "$1/$f"
		else
			echo "== $f"
			cat "$1/$f"
		fi
	done
}

# kmod34_strip DIR OUT: what only kmod 34's depmod writes, modules.weakdep
# (checked on its own below), taken out of a run, so that kmod 30's
# outputs and golden files compare with the rest.
kmod34_strip() {
	find "$1" -name modules.weakdep -delete
	sed -i '/^# Weak dependencies extracted from modules themselves\.$/d; /^weakdep /d' "$2.out"
}

# both DESCRIPTION TREE DEPMOD-ARGS...: umod's depmod against the golden
# file (stdout, stderr with the exit status, the resulting tree), and,
# with kmod here, against kmod's depmod in three tests.
both() {
	local what=$1 src=$2 case
	shift 2
	case=$(golden_case "$what")
	rm -rf k u root
	if [ "$kmod_live" = 1 ]; then
		cp -a "$src" root
		run kmod "$kmod_depmod" "$@"
		mv root k
		kmod34_strip k kmod
		snapshot k kmod > kmod.snap
		golden_keep "$case" kmod.snap
	fi
	cp -a "$src" root
	run ours "$umod" depmod "$@"
	mv root u
	kmod34_strip u ours
	snapshot u ours > ours.snap
	{
		(cd "$src" && find . | LC_ALL=C sort)
		echo "depmod $*"
		# without -C, the machine's own configuration is an input
		case " $* " in
		*" -C "*) ;;
		*) cat /etc/depmod.d/*.conf /run/depmod.d/*.conf \
			/usr/local/lib/depmod.d/*.conf /lib/depmod.d/*.conf 2>/dev/null ;;
		esac
	} > inputs
	golden_inputs "$what" "$case" inputs && golden_same "$what" "$case" ours.snap
	[ "$kmod_live" = 1 ] || return 0
	same "$what: stdout" kmod.out ours.out
	same "$what: stderr and status" kmod.err ours.err
	same_dir "$what: files" k u
}

# ---- the modules ----

module core "core_init core_get core_put" "" 'MODULE_ALIAS("fs-core");' \
	'MODULE_ALIAS("devname:coredev");' ||
	skip_all "cannot compile test modules"
module mid "mid_x" "core_get" 'MODULE_SOFTDEP("pre: core post: leaf");'
module leaf "leaf_y" "mid_x core_init" 'MODULE_ALIAS("char-major-10-99");' \
	'MODULE_ALIAS("devname:leafdev");' 'MODULE_ALIAS("net-pf-[0-9]-proto-1");'
module top "" "leaf_y mid_x" 'MODULE_ALIAS("usb:v1234p*d*");'
module disk-drv "dd_sym" "core_get" 'MODULE_ALIAS("block-major-8-1");' \
	'MODULE_ALIAS("devname:sdx");' 'MODULE_ALIAS("bad[alias");' \
	'MODULE_SOFTDEP("pre: mid");'
module lonely "l1 l2 l3" "nosuch_sym vmlinux_fn" 'MODULE_ALIAS("lonely-alias");'
module nsmod "" "" 'int ns_only(void) { return 2; }' \
	'EXPORT_SYMBOL_NS_GPL(ns_only, MY_NS);'
module weakref "" "" 'extern int core_put(void) __attribute__((weak));' \
	'extern int gone(void) __attribute__((weak));' \
	'int weakref_f(void) { return (core_put ? core_put() : 0) + (gone ? gone() : 0); }'
# modversions: exports are the __crc_ symbols (absolute, or in a section),
# imports carry CRCs from __versions, module_layout has no symbol
module versioned "v_plain" "core_get vmlinux_fn" \
	'__asm__(".globl __crc_v_abs\n.set __crc_v_abs, 0x1234abcd");' \
	'__asm__(".section \"___kcrctab+v_sec\",\"a\"\n.globl __crc_v_sec\n__crc_v_sec:\n.long 0xfeedf00d\n.previous");' \
	"$(versions core_get=0x11 module_layout=0x22 vmlinux_fn=0x33)"

mods=lib/modules/6.1.0
mkdir -p tree/$mods/kernel/drivers/core tree/$mods/kernel/fs tree/$mods/extra \
	tree/$mods/build tree/$mods/updates
cp src/core.ko src/mid.ko tree/$mods/kernel/drivers/core/
cp src/leaf.ko src/nsmod.ko src/weakref.ko tree/$mods/kernel/fs/
cp src/lonely.ko src/versioned.ko tree/$mods/extra/
cp src/top.ko tree/$mods/build/		# build/ and source/ are not searched
printf 'not a module\n' > tree/$mods/extra/junk.ko
head -c 300 src/core.ko > tree/$mods/extra/cut.ko
printf 'not a module either\n' > tree/$mods/extra/readme.txt
# One module of each compression: two files of one name in one directory
# would leave the choice to readdir's order, which the file system sets.
# (Plain, where umod is built without the library: tools-without.t.)
have xz && umod_with XZ && xz -q -c src/top.ko > tree/$mods/kernel/fs/top.ko.xz
have zstd && umod_with ZSTD && zstd -q -c src/disk-drv.ko > tree/$mods/extra/disk-drv.ko.zst
[ -e tree/$mods/kernel/fs/top.ko.xz ] || cp src/top.ko tree/$mods/kernel/fs/
[ -e tree/$mods/extra/disk-drv.ko.zst ] || cp src/disk-drv.ko tree/$mods/extra/

cp -a tree ordered
printf '%s\n' extra/lonely.ko kernel/fs/top.ko kernel/nowhere.ko \
	kernel/drivers/core/mid.ko extra/lonely.ko kernel/fs/leaf.ko \
	> ordered/$mods/modules.order

# ---- whole trees ----

both "a tree without modules.order" tree -b root 6.1.0
both "modules.order" ordered -b root 6.1.0
both "-a, long options" ordered --all --basedir=root 6.1.0
both "-n writes to stdout only" ordered -n -b root 6.1.0
both "-v shows what needs what" ordered -v -b root 6.1.0
both "-w" ordered -w -b root 6.1.0

cp -a tree corrupt
printf 'kernel/fs/leaf.ko\nextra/lonely.ko' > corrupt/$mods/modules.order
both "modules.order without a final newline" corrupt -b root 6.1.0

# ---- kernel symbols: -E, -F, -e ----

printf '0x00000011\tcore_get\tvmlinux\tEXPORT_SYMBOL\n0x00000034\tvmlinux_fn\tvmlinux\tEXPORT_SYMBOL\n0x1\tnosuch_sym\tdrivers/x\tEXPORT_SYMBOL\nbad line\n' > Module.symvers
printf 'ffffffff81000000 T _stext\nffffffff82000000 R __ksymtab_vmlinux_fn\nffffffff82000010 r __ksymtab_core_init\nmalformed\n' > System.map
both "-e -E Module.symvers" tree -e -E "$tmp/Module.symvers" -b root 6.1.0
both "-E without -e" tree -E "$tmp/Module.symvers" -b root 6.1.0
both "-e -F System.map" tree -e -F "$tmp/System.map" -b root 6.1.0
both "-e alone" tree -e -b root 6.1.0
both "a missing -F file" tree -F "$tmp/nosuch.map" -b root 6.1.0

# ---- a dependency cycle ----

module cyc_a "ca" "cb"
module cyc_b "cb" "cc"
module cyc_c "cc" "ca dd"
module cyc_d "dd" "ee"
module cyc_e "ee" ""
module dia_r "dr" "da db"
module dia_a "da" "dc"
module dia_b "db" "dc"
module dia_c "dc" "dr"
mkdir -p cycle/$mods/kernel
cp src/cyc_*.ko src/dia_*.ko src/core.ko cycle/$mods/kernel/
both "dependency cycles" cycle -b root 6.1.0

# ---- the same name twice; depmod.d ----

module core "core_init core_get core_put" "" 'MODULE_ALIAS("updated-core");'
mkdir -p dup/$mods/kernel dup/$mods/updates
cp tree/$mods/kernel/drivers/core/*.ko tree/$mods/kernel/fs/leaf.ko dup/$mods/kernel/
cp src/core.ko dup/$mods/updates/
both "updates/ wins over kernel/" dup -b root 6.1.0

cat > depmod.conf <<-EOF
	# comment
	search other extra built-in
	override mid 6.* updates
	override leaf 5.* extra
	exclude updates
	include nothing
	bogus line
	search continued \\
	 lines
EOF
# leaf.ko in three directories the search line ranks (without one, the
# first found would win: readdir's order)
cp -a dup dupconf
mkdir -p dupconf/$mods/extra dupconf/$mods/other
cp tree/$mods/kernel/fs/leaf.ko dupconf/$mods/extra/
cp tree/$mods/kernel/fs/leaf.ko dupconf/$mods/other/
cp src/mid.ko dupconf/$mods/updates/
both "-C: search, override, exclude" dupconf -C "$tmp/depmod.conf" -b root 6.1.0
mkdir confdir
cp depmod.conf confdir/a.conf
printf 'search extra\n' > confdir/b.conf
printf 'ignored\n' > confdir/c.txt
both "-C with a directory" dupconf -C "$tmp/confdir" -b root 6.1.0

# ---- modules named on the command line ----

files=()
for f in kernel/drivers/core/core.ko kernel/drivers/core/mid.ko kernel/fs/leaf.ko; do
	files+=("$tmp/root/$mods/$f")
done
both "module files given" tree -b root 6.1.0 "${files[@]}"
both "a relative module file" tree -b root 6.1.0 kernel/fs/leaf.ko
both "a missing module file" tree -b root 6.1.0 "$tmp/root/$mods/nosuch.ko"

# ---- the kernel's built-in lists ----

cp -a tree builtin
printf 'kernel/fs/ext4/ext4.ko\nkernel/crypto/crc32c-generic.ko\n9bad.ko\n' \
	> builtin/$mods/modules.builtin
printf 'ext4.alias=fs-ext4\0ext4.license=GPL\0ext4.alias=ext3\0crc32c_generic.alias=crypto-crc32c\0crc32c_generic.description=CRC32c\0nodot\0ext4.alias=bad]\0' \
	> builtin/$mods/modules.builtin.modinfo
both "modules.builtin and modules.builtin.modinfo" builtin -b root 6.1.0

# ---- versions ----

both "a bad version" tree -b root notaversion
both "a missing module directory" tree -b root 9.9.9
mkdir -p umodrel/lib/modules/umod-1/kernel
cp src/core.ko src/mid.ko umodrel/lib/modules/umod-1/kernel/
rm -rf root && cp -a umodrel root
"$umod" depmod -b root umod-1 2> /dev/null
printf 'kernel/mid.ko: kernel/core.ko\nkernel/core.ko:\n' > want
sort want > want.sorted
sort root/lib/modules/umod-1/modules.dep > got.sorted
same "umod's own release names (umod-1) are versions when their directory exists" \
	want.sorted got.sorted

# ---- -A ----

rm -rf root && cp -a tree root
"$umod" depmod -b root 6.1.0 2> /dev/null
touch -d '2000-01-01' root/$mods/extra/*.ko root/$mods/kernel/*/*.ko* \
	root/$mods/kernel/drivers/core/*.ko
echo stale > root/$mods/modules.alias
"$umod" depmod -A -b root 6.1.0 2> /dev/null
echo stale > want
same "-A leaves an up-to-date tree alone" want root/$mods/modules.alias
touch root/$mods/extra/lonely.ko
touch -d '2001-01-01' root/$mods/modules.dep
"$umod" depmod -A -b root 6.1.0 2> /dev/null
grep -q '^alias lonely-alias lonely$' root/$mods/modules.alias
ok $? "-A rebuilds when a module is newer than modules.dep"

# ---- modules of other machines: 32-bit i386, 64-bit big-endian s390x ----

mkdir -p foreign/$mods/kernel
cp src/core.ko foreign/$mods/kernel/
if foreign i386s "as --32" "ld -m elf_i386" .long strings &&
   foreign i386c "as --32" "ld -m elf_i386" .long crc; then
	cp src/i386s.ko src/i386c.ko foreign/$mods/kernel/
else
	skip "cannot assemble i386 modules"
fi
if have s390x-linux-gnu-as && foreign s390s s390x-linux-gnu-as s390x-linux-gnu-ld .quad strings &&
   foreign s390c s390x-linux-gnu-as s390x-linux-gnu-ld .quad crc; then
	cp src/s390s.ko src/s390c.ko foreign/$mods/kernel/
else
	skip "no s390x binutils for big-endian modules"
fi
printf '0x00000011\tkern_fn\tvmlinux\tEXPORT_SYMBOL\n0x22\tmodule_layout\tvmlinux\tEXPORT_SYMBOL\n' > foreign.symvers
both "32-bit and big-endian modules" foreign -b root 6.1.0
both "32-bit and big-endian modules, -e -E" foreign -e -E "$tmp/foreign.symvers" -b root 6.1.0

# ---- kmod 34's: modules.weakdep, -o, -m ----
# kmod 30 here writes no modules.weakdep and knows neither option: the
# expected outputs follow kmod 34's depmod (output_weakdeps, -o/--outdir,
# -m/--moduledir).

# same_indexes DESCRIPTION DIR-A DIR-B: the files depmod writes, all of
# them, and nothing else in B: modules.order and the modules stay in the tree
same_indexes() {
	local b
	b=$(cd "$3" && pwd)
	(cd "$2" && ls modules.* | grep -v '^modules\.order$') > "$tmp/idx.a"
	(cd "$3" && ls) > "$tmp/idx.b"
	cmp -s "$tmp/idx.a" "$tmp/idx.b" &&
		(cd "$2" && while read -r f; do cmp -s "$f" "$b/$f" || exit 1; done < "$tmp/idx.a")
	ok $? "$1" || diff "$tmp/idx.a" "$tmp/idx.b" | diag
}

module wk "" "core_get" 'MODULE_WEAKDEP("leaf");' 'MODULE_WEAKDEP("mid");'
rm -rf weak root
cp -a tree weak
cp src/wk.ko weak/$mods/extra/
cp -a weak root
"$umod" depmod -b root 6.1.0 2> /dev/null
printf '%s\n' '# Weak dependencies extracted from modules themselves.' \
	'weakdep wk leaf' 'weakdep wk mid' > want
same "modules.weakdep: a line per MODULE_WEAKDEP, as kmod 34" want root/$mods/modules.weakdep
"$umod" depmod -n -b root 6.1.0 2> /dev/null |
	sed -n '/^# Soft dependencies/,/^# Aliases for symbols/p' > got
{ echo '# Soft dependencies extracted from modules themselves.'
  grep '^softdep ' root/$mods/modules.softdep
  cat want
  echo '# Aliases for symbols, used by symbol_request().'; } > want.n
same "-n: modules.weakdep after modules.softdep, as kmod 34 orders them" want.n got
mv root plain

cp -a weak root
"$umod" depmod -b root -o out 6.1.0 2> /dev/null
ok $? "-o: depmod runs"
[ -z "$(cd root/$mods && ls modules.* 2> /dev/null | grep -v '^modules\.order$')" ]
ok $? "-o: nothing written into the tree read"
same_indexes "-o: the files are those written in place" plain/$mods out/$mods
rm -rf root out

mkdir -p moddir/usr
cp -a weak/lib moddir/usr/
cp -a moddir root
"$umod" depmod -b root -m /usr/lib/modules 6.1.0 2> /dev/null
ok $? "-m: depmod runs on <basedir>/usr/lib/modules/6.1.0"
same_dir "-m: the same files as in lib/modules" plain/$mods root/usr/$mods
rm -rf root
cp -a moddir root
"$umod" depmod --basedir=root --moduledir=usr/lib/modules --outdir=out 6.1.0 2> /dev/null
same_indexes "--moduledir with --outdir: under the output root, the same directory" \
	plain/$mods out/usr/$mods
rm -rf root out
"$umod" depmod --help | grep -q -- '-m, --moduledir=DIR' &&
	"$umod" depmod --help | grep -q -- '-o, --outdir=DIR'
ok $? "--help names -m and -o"

# ---- gzip: kmod here reads none, so compare with the module uncompressed ----

if umod_with ZLIB; then
	rm -rf k u root
	files="modules.dep modules.alias modules.symbols modules.softdep modules.devname"
	if [ "$kmod_live" = 1 ]; then
		cp -a tree root
		"$kmod_depmod" -b root 6.1.0 2> /dev/null
		mv root k
		(cd k/$mods && cat $files) > kmod.gz
		golden_keep gzip-reference kmod.gz
	fi
	cp -a tree root
	gzip root/$mods/kernel/fs/leaf.ko
	"$umod" depmod -b root 6.1.0 2> /dev/null
	mv root u
	(cd u/$mods && cat $files) | sed 's/leaf\.ko\.gz/leaf.ko/g' > ours.gz
	(cd tree && find . | LC_ALL=C sort) > inputs
	golden_inputs "a gzip-compressed module reads as the uncompressed one" gzip-reference inputs &&
		golden_same "a gzip-compressed module reads as the uncompressed one" gzip-reference ours.gz
	if [ "$kmod_live" = 1 ]; then
		for f in $files; do
			sed 's/leaf\.ko\.gz/leaf.ko/g' u/$mods/$f > got
			same "a gzip-compressed module: $f" k/$mods/$f got
		done
	fi
else
	skip "umod built without zlib: tools-without.t"
fi

done_testing
