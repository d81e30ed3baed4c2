#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# modprobe.t - umod's modprobe, two ways.
#
# Without a host: a small module tree (umt_a needs umt_b needs umt_c,
# with aliases, softdeps, a blacklisted module, compressed files), indexed
# by kmod's own depmod, and a configuration using every command; our
# --show-depends, -n -v, -R, -c and error output must be kmod's modprobe's,
# byte for byte: live where kmod is installed, and as recorded in the
# golden files (tests/golden/modprobe/) everywhere.
#
# With a host: umodd on a private socket, the same tree under the host's
# release; modprobe loads and removes the stack and the host's module
# list, parameters and log show what it did.
#
# The tree is the one this script sits in, built in $UMOD_B (default build).

set -u
tree=$(cd "$(dirname "$0")/.." && pwd)
B=${UMOD_B:-build}
case $B in /*) ;; *) B=$tree/$B ;; esac
umod=$B/umod
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modprobe.XXXXXX")

# No host unless a test names one; no default socket to stumble on.
unset UMOD_HOST MODPROBE_OPTIONS
export XDG_RUNTIME_DIR=$tmp/run

. "$tree/tests/tap.sh"
at_exit 'rm -rf "$tmp"'
same() { # same GOTFILE WANTFILE DESCRIPTION
	cmp -s "$1" "$2"
	ok $? "$3" || diff -u "$2" "$1" | diag
}

# ---- The module tree ----

rel=5.0.0-umt		# kmod's depmod wants a Linux-like release
base=$tmp/base
mods=$base/lib/modules/$rel
src=$tmp/src
mkdir -p "$mods/kernel/umt" "$src" "$tmp/run"

# module NAME FILE [C source lines...]: builds NAME into FILE under the
# tree, named and version-stamped as modpost would, for the machine the
# build is for (CROSS_COMPILE, in make check-cross).
module() {
	local name=$1 file=$2 c=$src/$1.c
	shift 2
	{
		echo '#include <umod/module.h>'
		echo '#include <umod/host.h>'
		printf '%s\n' "$@"
		echo "static int __init ${name}_init(void) { return 0; }"
		echo "static void __exit ${name}_exit(void) { }"
		echo "module_init(${name}_init);"
		echo "module_exit(${name}_exit);"
		echo 'MODULE_LICENSE("GPL");'
		echo "MODULE_INFO(name, \"$name\");"
		echo 'MODULE_INFO(vermagic, UMOD_VERMAGIC);'
	} >"$c"
	"${CROSS_COMPILE-}gcc" -std=gnu11 -O2 -I"$tree/include" -DMODULE \
		-DKBUILD_MODNAME="\"$name\"" -fno-common -c -o "$src/$name.o" "$c" &&
	"${CROSS_COMPILE-}ld" -r -o "$src/$name.ko" "$src/$name.o" || return 1
	case $file in
	*.xz) xz -c "$src/$name.ko" ;;
	*.zst) zstd -q -c "$src/$name.ko" ;;
	*.gz) gzip -c "$src/$name.ko" ;;
	*) cat "$src/$name.ko" ;;
	esac >"$mods/kernel/umt/$file"
}

built=0
{
	module umt_c umt_c.ko.xz \
		'int umt_c_value(void) { return 3; }' \
		'EXPORT_SYMBOL(umt_c_value);' &&
	module umt_b umt_b.ko \
		'int umt_c_value(void);' \
		'int umt_b_value(void) { return umt_c_value() + 20; }' \
		'EXPORT_SYMBOL(umt_b_value);' \
		'MODULE_SOFTDEP("post: umt_e");' &&
	module umt_a umt-a.ko \
		'int umt_b_value(void);' \
		'static int count = 1;' \
		'module_param(count, int, 0644);' \
		'static char *label = "none";' \
		'module_param(label, charp, 0644);' \
		'static int __attribute__((used)) use_b(void) { return umt_b_value(); }' \
		'MODULE_ALIAS("umt-alias-a*");' \
		'MODULE_ALIAS("umt:dev[0-9]");' &&
	module umt_d umt_d.ko 'MODULE_ALIAS("umt_d-alias");' &&
	module umt_e umt_e.ko.zst 'MODULE_ALIAS("umt_e-alias");' &&
	module umt_f umt_f.ko 'MODULE_ALIAS("umt_f-alias");' &&
	module umt_v umt_v.ko \
		'__asm__(".section __versions,\"a\"\n.balign 64\n.quad 0x1234abcd\n.asciz \"umt_c_value\"\n.balign 64\n.quad 0xbeef\n.asciz \"module_layout\"\n.balign 64\n.previous");' &&
	module umt_bad umt_bad.ko \
		'int umt_nowhere(void);' \
		'static int __attribute__((used)) use_nowhere(void) { return umt_nowhere(); }'
} 2>"$tmp/build.log" && built=1
ok $((1 - built)) "the test modules build" || diag <"$tmp/build.log"

# Two configuration directories: conf1's umt.conf hides conf2's.
conf1=$tmp/conf1
conf2=$tmp/conf2
mkdir -p "$conf1" "$conf2"
cat >"$conf1/umt.conf" <<'EOF'
# umt test configuration
options umt_a count=5
options umt-b  x=1
softdep umt_a pre: umt_d
softdep umt_c pre: umt_f umt_e-alias
alias myalias umt_a
blacklist umt_f
install umt_d echo installing d $CMDLINE_OPTS; \
	/bin/true
options umt_f_alias fromalias=1
remove umt_e echo removing e
alias umt_x* umt_e
alias umt_x* umt_d
EOF
cat >"$conf2/umt.conf" <<'EOF'
options umt_a hidden=1
EOF
# modules.softdep sorts first: its umt_b line wins over this one.
cat >"$conf2/zz.conf" <<'EOF'
options umt_c from_zz=1
softdep umt_b pre: umt_c post: umt_d umt_e
EOF
cat >"$conf2/not-conf.txt" <<'EOF'
options umt_c from_txt=1
EOF
conf=(-C "$conf1" -C "$conf2")

# ---- Layer 1: the same output as kmod's modprobe ----

# kmod's modprobe, live, or through the golden files it made
# (tests/golden/modprobe/, golden.sh).  kmod's depmod indexes the tree
# when it is here; else ours, whose indexes depmod.t holds to kmod's.
. "$tree/tests/golden.sh"
golden_init modprobe modprobe depmod
kmod_modprobe=$tmp/kmod-bin/modprobe
indexer=("$tmp/kmod-bin/depmod")
[ "$kmod_live" = 1 ] || indexer=("$umod" depmod)
if [ "$built" = 1 ] && "${indexer[@]}" -b "$base" "$rel" 2>"$tmp/depmod.log"; then
	indexed=1
else
	indexed=0
fi

# run_both ARGS...: both modprobes (ours only, without kmod); stdout,
# status and stderr in k.out, u.out
kmod_run=("$kmod_modprobe")
umod_run=("$umod" modprobe)
run_both() {
	local kst ust

	if [ "$kmod_live" = 1 ]; then
		"${kmod_run[@]}" -d "$base" -S "$rel" "${conf[@]}" "$@" \
			>"$tmp/k.out" 2>"$tmp/k.err"
		kst=$?
		echo "exit $kst" >>"$tmp/k.out"
		cat "$tmp/k.err" >>"$tmp/k.out"
	fi
	"${umod_run[@]}" -d "$base" -S "$rel" "${conf[@]}" "$@" \
		>"$tmp/u.out" 2>"$tmp/u.err"
	ust=$?
	echo "exit $ust" >>"$tmp/u.out"
	cat "$tmp/u.err" >>"$tmp/u.out"
}

# check_both DESCRIPTION [SED-SCRIPT]: after run_both, ours against the
# golden file and kmod's output, each edited by SED-SCRIPT if given.
check_both() {
	local case

	case=$(golden_case "$1")
	if [ "$kmod_live" = 1 ]; then
		golden_keep "$case" "$tmp/k.out"
		[ -z "${2:-}" ] || sed -i "$2" "$tmp/k.out"
		same "$tmp/u.out" "$tmp/k.out" "$1"
	fi
	golden_same "$1" "$case" "$tmp/u.out" "${2:-}"
}

# compare DESCRIPTION ARGS...: the same stdout, status and stderr.
compare() {
	local desc=$1

	shift
	run_both "$@"
	check_both "$desc"
}

if [ "$indexed" = 1 ] && [ -x "$umod" ]; then
	compare "--show-depends: dependencies first, config options" \
		--show-depends umt_a
	compare "--show-depends: command-line parameters, quoted" \
		--show-depends umt-a count=7 'label=hello world'
	compare "--show-depends: a modules.alias glob" \
		--show-depends umt-alias-a-foo
	compare "--show-depends: a bracket range in an alias" \
		--show-depends 'umt:dev3'
	compare "--show-depends: a symbol alias" \
		--show-depends symbol:umt_c_value
	compare "--show-depends: a configuration alias" \
		--show-depends myalias
	compare "--show-depends: softdep post: from modules.softdep (.ko.zst)" \
		--show-depends umt_b
	compare "--show-depends: a blacklisted alias loads nothing" \
		--show-depends umt_f_alias
	compare "--show-depends: a blacklisted name loads" \
		--show-depends umt_f
	compare "--show-depends -b: a blacklisted name does not load" \
		-b --show-depends umt_f
	compare "--show-depends: an install command with its options" \
		--show-depends umt_d a=1
	compare "--show-depends -i: install commands ignored" \
		-i --show-depends umt_d a=1
	compare "--show-depends -i: the named module's softdeps ignored" \
		-i --show-depends umt_a
	compare "-a: several modules, one missing (WARNING, exit 1)" \
		-a --show-depends umt_e nothere umt_d
	compare "-R: a configuration glob naming two modules" -R umt_xy
	MODPROBE_OPTIONS="-n '-v'" compare \
		"\$MODPROBE_OPTIONS: options before the command line's" umt_b
	compare "-n -v: what loading would do, nothing loaded" -n -v umt_a
	compare "-r -D -v: what removing would do" -r --show-depends -v umt_a
	compare "-r -n -v: a remove command" -r -n -v umt_e
	compare "a missing module is FATAL" --show-depends nothere
	compare "-q: a missing module fails quietly" -q --show-depends nothere
	compare "--show-exports" --show-exports "$mods/kernel/umt/umt_b.ko"
	# kmod 30 prints no names for a 32-bit module's __versions (make
	# check-cross's arm and i386): there the recorded output holds.
	if readelf -h "$mods/kernel/umt/umt_v.ko" | grep -q 'Class: *ELF32'; then
		kmod_live=0 compare "--show-modversions" --show-modversions "$mods/kernel/umt/umt_v.ko"
		skip "--show-modversions: kmod 30 names no symbol of a 32-bit module's __versions"
	else
		compare "--show-modversions" --show-modversions "$mods/kernel/umt/umt_v.ko"
	fi
	compare "--dump-modversions of a file that is no module" \
		--dump-modversions "$conf1/umt.conf"
	printf '\177ELF' >"$tmp/short.ko"
	compare "--dump-modversions of a truncated ELF file" \
		--dump-modversions "$tmp/short.ko"
	compare "--show-exports of no file" --show-exports "$tmp/nothere.ko"

	# -c shows the kernel command line's options, so it runs with a
	# stand-in /proc/cmdline, in a mount namespace of our own, where we
	# may make one: empty, then a crafted one.  Elsewhere the machine's
	# own shows, which only a live comparison can allow for.
	fake_cmdline() {
		unshare -m sh -c 'mount --bind "$0" /proc/cmdline && exec "$@"' \
			"$cmdline" "$@"
	}
	cmdline=$tmp/cmdline
	: >"$cmdline"
	if fake_cmdline true 2>/dev/null; then
		kmod_run=(fake_cmdline "$kmod_modprobe")
		umod_run=(fake_cmdline "$umod" modprobe)
	fi
	# kmod joins a softdep's pre: and post: lists without a space
	# ("pre: a bpost: c"); we print the space.  Nothing else may differ.
	softdep_space='s/^\(softdep umt_b pre: umt_c\)post:/\1 post:/'
	run_both -c
	if [ "${kmod_run[0]}" = fake_cmdline ]; then
		check_both "-c: configuration and indexes (kmod's softdep space restored)" \
			"$softdep_space"
	elif [ "$kmod_live" = 1 ]; then
		sed -i "$softdep_space" "$tmp/k.out"
		same "$tmp/u.out" "$tmp/k.out" \
			"-c: configuration and indexes (kmod's softdep space restored)"
	else
		skip "-c: no mount namespace to hide this machine's /proc/cmdline from"
	fi

	printf '%s\n' 'a.b=1 "quoted.param=x y z" c.d="e f" mod-name.p x.y.z=1' \
		'modprobe.blacklist=foo,bar-baz .e=2 noval.flag "q.noeq" a=b.c' \
		'm.p=v"w x"y  last.one "open.quote=a b' | tr '\n' ' ' >"$cmdline"
	if [ "${kmod_run[0]}" = fake_cmdline ]; then
		run_both -c
		check_both "-c: options and blacklist from the kernel command line" \
			"$softdep_space"
	else
		skip "no mount namespace for a stand-in /proc/cmdline"
	fi
	kmod_run=("$kmod_modprobe")
	umod_run=("$umod" modprobe)
else
	skip "the test modules and $umod are needed to compare"
fi

# Our own words where kmod's library prints its source position.
printf 'bogus line\noptions umt_a\nalias  only\ninclude /x\n' >"$tmp/bad.conf"
"$umod" modprobe -d "$base" -S "$rel" -C "$tmp/bad.conf" -c \
	>/dev/null 2>"$tmp/bad.err"
cat >"$tmp/bad.want" <<EOF
modprobe: ERROR: $tmp/bad.conf line 1: ignoring bad line starting with 'bogus'
modprobe: ERROR: $tmp/bad.conf line 2: ignoring bad line starting with 'options'
modprobe: ERROR: $tmp/bad.conf line 3: ignoring bad line starting with 'alias'
modprobe: ERROR: $tmp/bad.conf: command include is deprecated and not parsed anymore
EOF
same "$tmp/bad.err" "$tmp/bad.want" "bad configuration lines are named and skipped"

"$umod" modprobe -d "$base" -S "$rel" --host "$tmp/nohost.sock" umt_a \
	>"$tmp/out" 2>&1
st=$?
is "$st $(cat "$tmp/out")" \
	"1 modprobe: ERROR: could not connect to umod host at $tmp/nohost.sock: No such file or directory" \
	"loading needs the host"

# ---- Layer 2: loading into a host ----

umodd=$B/umodd
hostrel=umt-host-1		# the host reports it; modprobe must ask
sock=$tmp/umodd.sock

start_host() { UMODD=$umodd umodd_start "$sock" "$tmp/umodd.log" --release "$hostrel"; }

if [ ! -x "$umodd" ]; then
	skip "host not available ($umodd is not built)"
elif [ "$indexed" = 0 ]; then
	skip "no indexed module tree"
elif ! start_host; then
	ok 1 "umodd starts on $sock" || diag <"$tmp/umodd.log"
else
	# The host's release: the same modules and one more (gzip, loaded
	# by an install command), indexed by our depmod.  Where umod is
	# built without a decompressor (riscv64's), that compression's
	# modules are installed plain, as by a kernel built without it.
	hmods=$base/lib/modules/$hostrel
	mkdir -p "$hmods"
	cp -a "$mods/kernel" "$hmods/"
	hko() {	# hko FILE: its name in the host's tree
		case $1 in
		*.gz) built_with "$umod" ZLIB ;;
		*.xz) built_with "$umod" XZ ;;
		*.zst) built_with "$umod" ZSTD ;;
		esac && echo "$1" || echo "${1%.*}"
	}
	c_ko=$(hko umt_c.ko.xz) e_ko=$(hko umt_e.ko.zst) g_ko=$(hko umt_g.ko.gz)
	for f in umt_c.ko.xz:$c_ko umt_e.ko.zst:$e_ko; do
		[ "${f%%:*}" != "${f#*:}" ] || continue
		cp "$src/${f#*:}" "$hmods/kernel/umt/" &&
			rm "$hmods/kernel/umt/${f%%:*}"
	done
	module umt_g "$g_ko" 'static int level; module_param(level, int, 0644);' \
		2>>"$tmp/build.log"
	mv "$mods/kernel/umt/$g_ko" "$hmods/kernel/umt/"
	"$umod" depmod -b "$base" "$hostrel" >"$tmp/out" 2>&1
	ok $? "our depmod indexes the host's tree" || diag <"$tmp/out"
	hconf=$tmp/hconf
	mkdir -p "$hconf"
	cat >"$hconf/umt.conf" <<EOF
options umt_a count=5 label=fromconf
softdep umt_a pre: umt_d
blacklist umt_f
install umt_g $umod modprobe -d $base --ignore-install umt_g \$CMDLINE_OPTS && echo "\$MODPROBE_MODULE \$CMDLINE_OPTS" >$tmp/installed
remove umt_g $umod rmmod umt_g && touch $tmp/removed
EOF
	mp() { "$umod" modprobe --host "$sock" -d "$base" -C "$hconf" "$@"; }
	lsmod_names() { "$umod" lsmod --host "$sock" | awk 'NR > 1 { printf "%s ", $1 }'; }
	param() { "$umod" param --host "$sock" "$1" "$2" 2>&1; }

	mp -v umt_a >"$tmp/out" 2>&1
	ok $? "modprobe umt_a" || diag <"$tmp/out"
	cat >"$tmp/want" <<EOF
insmod $hmods/kernel/umt/$c_ko 
insmod $hmods/kernel/umt/umt_b.ko 
insmod $hmods/kernel/umt/$e_ko 
insmod $hmods/kernel/umt/umt_d.ko 
insmod $hmods/kernel/umt/umt-a.ko count=5 label=fromconf 
EOF
	same "$tmp/out" "$tmp/want" \
		"-v: dependencies, softdep post: of umt_b, pre: of umt_a, then umt_a"
	is "$(lsmod_names)" "umt_a umt_d umt_e umt_b umt_c " \
		"the host has them, loaded in that order (lsmod: newest first)"
	is "$(param umt_a count) $(param umt_a label)" "5 fromconf" \
		"options from the configuration reached the module"

	mp -v umt_a >"$tmp/out" 2>&1
	is "$? $(cat "$tmp/out")" "0 " "loading it again does nothing"
	mp --first-time umt_a >"$tmp/out" 2>&1
	is "$? $(cat "$tmp/out")" \
		"1 modprobe: ERROR: could not insert 'umt_a': Module already in kernel" \
		"--first-time: already loaded is an error"

	mp -r umt_b >"$tmp/out" 2>&1
	is "$? $(cat "$tmp/out")" "1 modprobe: FATAL: Module umt_b is in use." \
		"-r: a module in use stays"
	is "$(lsmod_names)" "umt_a umt_d umt_b umt_c " \
		"but its post: softdep went first, as in kmod"
	mp umt_e
	mp -r -v umt_a >"$tmp/out" 2>&1
	ok $? "modprobe -r umt_a" || diag <"$tmp/out"
	printf 'rmmod umt_a\nrmmod umt_b\nrmmod umt_c\nrmmod umt_d\n' >"$tmp/want"
	same "$tmp/out" "$tmp/want" \
		"-r -v: the module, its unused dependencies, its pre: softdep"
	is "$(lsmod_names)" "umt_e " "only umt_b's softdep is left"
	mp -r --first-time umt_a >"$tmp/out" 2>&1
	is "$? $(cat "$tmp/out")" "1 modprobe: FATAL: Module umt_a is not in kernel." \
		"-r --first-time: not loaded is an error"

	mp umt_a
	mp --remove-holders -v umt_b >"$tmp/out" 2>&1
	printf 'rmmod umt_%s\n' e a b c d >"$tmp/want"
	same "$tmp/out" "$tmp/want" \
		"--remove-holders: implies -r; holders go, nothing twice"
	is "$(lsmod_names)" "" "and the whole stack is gone"

	mp umt-a count=9 'label=two words' >"$tmp/out" 2>&1
	ok $? "modprobe with parameters" || diag <"$tmp/out"
	is "$(param umt_a count)|$(param umt_a label)" "9|two words" \
		"command-line parameters follow the configuration's and win"
	mp -r umt_a umt_e -a >/dev/null 2>&1

	mp umt_f_alias >"$tmp/out" 2>&1
	is "$? $(cat "$tmp/out")|$(lsmod_names)" "0 |" \
		"a blacklisted module is not loaded through its alias"
	mp -b umt_f >"$tmp/out" 2>&1
	is "$? $(cat "$tmp/out")|$(lsmod_names)" "0 |" \
		"-b: nor through its name"
	mp umt_f >"$tmp/out" 2>&1
	is "$? $(cat "$tmp/out")|$(lsmod_names)" "0 |umt_f " \
		"a blacklisted module loads by its name"

	mp umt_g level=3 >"$tmp/out" 2>&1
	ok $? "an install command that runs modprobe itself" || diag <"$tmp/out"
	is "$(cat "$tmp/installed" 2>&1)|$(param umt_g level)" "umt_g level=3|3" \
		"the command saw \$MODPROBE_MODULE and \$CMDLINE_OPTS; $g_ko loaded"
	mp -r umt_g >"$tmp/out" 2>&1
	ok $? "a remove command" || diag <"$tmp/out"
	[ -e "$tmp/removed" ] && [ "$(lsmod_names)" = "umt_f " ]
	ok $? "the remove command ran and removed umt_g"

	mp umt_bad >"$tmp/out" 2>&1
	st=$?
	has "$tmp/out" \
		"modprobe: ERROR: could not insert 'umt_bad': Unknown symbol in module, or unknown parameter (see dmesg)" \
		"a module that cannot link: kmod's words"
	grep -q "umt_nowhere" "$tmp/out"
	ok $? "and the host's reason, naming the symbol" || diag <"$tmp/out"
	is "$st" 1 "and exit status 1"

	mp -n -v umt_b >"$tmp/out" 2>&1
	printf 'insmod %s \ninsmod %s \ninsmod %s \n' \
		"$hmods/kernel/umt/$c_ko" "$hmods/kernel/umt/umt_b.ko" \
		"$hmods/kernel/umt/$e_ko" >"$tmp/want"
	same "$tmp/out" "$tmp/want" "-n -v with a host: what would load"
	is "$(lsmod_names)" "umt_f " "-n loads nothing"

	mp -k umt_b >"$tmp/out" 2>&1
	ok $? "modprobe -k, as request_module runs it" || diag <"$tmp/out"
	is "$("$umod" lsmod --host "$sock" | awk '/\(autoclean\)$/ { printf "%s ", $1 }')" \
		"umt_e umt_b umt_c " "-k: the module, its dependency and softdep are autoclean"
fi

done_testing
