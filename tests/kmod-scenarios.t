#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# kmod-scenarios.t - the scenarios of kmod's own testsuite
# (testsuite/rootfs-pristine: test-modprobe, test-depmod, test-modinfo,
# test-weakdep, test-blacklist, test-multi-softdep), on fixtures built
# here: modules compiled on the spot, indexed by umod's depmod, the
# configuration each scenario names.  The expected outputs are kmod's:
# the scenario's correct.txt where kmod has one (its paths under the
# fixture's root), else kmod 34's behaviour read from its source; and,
# for what kmod 30 here already does, kmod's modprobe and modinfo live
# on the very same tree.
#
# These need no host: modprobe --show-depends, -R, -c, --show-exports,
# modinfo and depmod.  Loading through a host is tests/modprobe.t's.

. "$(dirname "$0")/modtools.sh"
cd "$tmp" || exit 1
kmod_modprobe=$tmp/kmod-bin/modprobe
[ "$kmod_live" = 1 ] && ln -sf "$(readlink "$tmp/kmod-bin/depmod")" "$kmod_modprobe"
unset MODPROBE_OPTIONS UMOD_HOST

rel=4.4.4
moddir=lib/modules/$rel

# ---- the modules: kmod's module-playground, as far as tools can tell ----

module mod-simple "" "" 'MODULE_ALIAS("simple-alias");' \
	'MODULE_DESCRIPTION("a module that does nothing");' ||
	skip_all "cannot compile test modules"
module mod-loop-b "printB" ""
module mod-loop-a "printA" "printB"
module mod-weakdep "" "" 'MODULE_WEAKDEP("mod-simple");'
module mod-softdep-a "" ""
module mod-softdep-b "" ""
for m in a b c; do module mod-foo-$m "" ""; done

# fixture NAME: a root $tmp/NAME with the modules under kernel/, unix
# built in, indexed by umod's depmod.
fixture() {
	local r=$tmp/$1
	mkdir -p "$r/$moddir/kernel" "$r/etc/modprobe.d"
	cp src/*.ko "$r/$moddir/kernel/"
	echo kernel/net/unix/unix.ko > "$r/$moddir/modules.builtin"
	"$umod" depmod -b "$r" "$rel" 2> /dev/null || return 1
}

# probe NAME ARGS...: umod's modprobe on fixture NAME (its configuration only),
# output and status in one text, ROOT shown as /.
probe() {
	local r=$tmp/$1
	shift
	"$umod" modprobe -d "$r" -S "$rel" -C "$r/etc/modprobe.d" "$@" 2>&1 |
		sed "s|$r/|/|g"
	echo "exit ${PIPESTATUS[0]}"
}
kprobe() {
	local r=$tmp/$1
	shift
	"$kmod_modprobe" -d "$r" -S "$rel" -C "$r/etc/modprobe.d" "$@" 2>&1 |
		sed "s|$r/|/|g"
	echo "exit ${PIPESTATUS[0]}"
}

# expect DESCRIPTION ROOT WANT ARGS...: umod's modprobe gives WANT (kmod's
# expected output, exit status last); with kmod here, so does kmod's.
expect() {
	local what=$1 r=$2 want=$3
	shift 3
	printf '%s\n' "$want" > want
	probe "$r" "$@" > got
	same "$what" want got
	[ "$kmod_live" = 1 ] || return 0
	kprobe "$r" "$@" > kgot
	same "$what: kmod agrees" want kgot
}

# ---- test-modprobe/show-depends ----

fixture base || bail "umod depmod failed on the fixture"
expect "show-depends: mod-loop-a after mod-loop-b" base \
	"insmod /$moddir/kernel/mod-loop-b.ko 
insmod /$moddir/kernel/mod-loop-a.ko 
exit 0" --show-depends mod-loop-a
expect "show-depends: mod-simple alone" base \
	"insmod /$moddir/kernel/mod-simple.ko 
exit 0" --show-depends mod-simple
printf 'install mod-simple /bin/true\n' > base/etc/modprobe.d/install.conf
expect "show-depends --ignore-install: the module, not its command" base \
	"insmod /$moddir/kernel/mod-simple.ko 
exit 0" --show-depends --ignore-install mod-simple
expect "show-depends: an install command is shown as such" base \
	"install /bin/true 
exit 0" --show-depends mod-simple
rm base/etc/modprobe.d/install.conf

# ---- test-modprobe/alias-to-none: an alias to a module that is not there ----

fixture alias-to-none
printf 'alias mod-simple deaddood\n' > alias-to-none/etc/modprobe.d/bogus.conf
probe alias-to-none --show-depends mod-simple > got
[ "$(grep -vc '^modprobe: \|^exit ' got)" = 0 ]
ok $? "alias-to-none: nothing to insert (kmod's correct.txt is empty)" || diag < got
if [ "$kmod_live" = 1 ]; then
	kprobe alias-to-none --show-depends mod-simple > kgot
	same "alias-to-none: kmod's message and status" kgot got
fi

# ---- test-modprobe/show-exports, show-exports-module ----

probe base --show-exports "$tmp/base/$moddir/kernel/mod-loop-a.ko" > got
grep -q "	printA$" got
ok $? "show-exports of a file: its export" || diag < got
if [ "$kmod_live" = 1 ]; then
	kprobe base --show-exports "$tmp/base/$moddir/kernel/mod-loop-a.ko" > kgot
	same "show-exports of a file: kmod's lines" kgot got
fi
# kmod 30 to 34 take a file only (show-exports-module is later kmod's)
expect "show-exports of a name: a file is wanted, as kmod 34" base \
	"modprobe: FATAL: Module mod-loop-b not found.
exit 1" --show-exports mod-loop-b

# ---- test-modprobe/builtin ----

expect "builtin: -R names the built-in module" base "unix
exit 0" -R unix
expect "builtin: --show-depends says built in" base "builtin unix
exit 0" --show-depends unix

# ---- test-modprobe/softdep-loop, install-cmd-loop: loops end ----

fixture softdep-loop
printf 'softdep mod-loop-b post: mod-loop-a\n' > softdep-loop/etc/modprobe.d/dumb-softdep.conf
# (the module shows again as its post softdep's dependency, as in kmod)
expect "softdep-loop: a post softdep that needs the module ends" softdep-loop \
	"insmod /$moddir/kernel/mod-loop-b.ko 
insmod /$moddir/kernel/mod-loop-b.ko 
insmod /$moddir/kernel/mod-loop-a.ko 
exit 0" --show-depends mod-loop-b
fixture install-cmd-loop
printf '%s\n' 'install mod-loop-b $MODPROBE --ignore-install mod-loop-b && { $MODPROBE --quiet mod-loop-a ; }' \
	> install-cmd-loop/etc/modprobe.d/dumb-instal-loop.conf
expect "install-cmd-loop: a dependency's install command is shown, once" install-cmd-loop \
	'install $MODPROBE --ignore-install mod-loop-b && { $MODPROBE --quiet mod-loop-a ; } 
insmod /'"$moddir"'/kernel/mod-loop-a.ko 
exit 0' --show-depends mod-loop-a

# ---- test-multi-softdep: the first matching softdep line applies ----

fixture multi-softdep
printf 'softdep\tmod-softdep-a\tpre: mod-foo-a\nsoftdep\tmod-softdep-a\tpre: mod-foo-b\nsoftdep\tmod-softdep-a\tpost: mod-foo-c\nsoftdep\tmod-softdep-b\tpre: mod-foo-a\n' \
	> multi-softdep/etc/modprobe.d/dumb-softdep.conf
printf 'softdep\tmod-softdep-b\tpost: mod-foo-b mod-foo-c\n' \
	> multi-softdep/etc/modprobe.d/dumb-softdep2.conf
expect "multi-softdep: mod-softdep-a takes its first line only, as kmod 30 to 34" multi-softdep \
	"insmod /$moddir/kernel/mod-foo-a.ko 
insmod /$moddir/kernel/mod-softdep-a.ko 
exit 0" --show-depends mod-softdep-a
expect "multi-softdep: mod-softdep-b, whose lines are in two files" multi-softdep \
	"insmod /$moddir/kernel/mod-foo-a.ko 
insmod /$moddir/kernel/mod-softdep-b.ko 
exit 0" --show-depends mod-softdep-b

# ---- test-blacklist: a blacklisted module is not loaded through an
# alias; by its own name only with -b ----

fixture blacklist
printf 'blacklist mod-simple\nblacklist pcspkr\n' > blacklist/etc/modprobe.d/modprobe.conf
expect "blacklist: not loaded through an alias" blacklist \
	"exit 0" --show-depends simple-alias
expect "blacklist: nor with -b" blacklist \
	"exit 0" -b --show-depends simple-alias
expect "blacklist: by its name it loads" blacklist \
	"insmod /$moddir/kernel/mod-simple.ko 
exit 0" --show-depends mod-simple
expect "blacklist: by its name with -b it does not" blacklist \
	"exit 0" -b --show-depends mod-simple

# ---- kmod 34: test-weakdep, test-modprobe/weakdep-loop ----
# (kmod 30 here knows no weakdep: umod alone, against kmod 34's outputs)

fixture weakdep
printf 'weakdep mod-loop-a \t\nweakdep mod-loop-b mod-loop-a mod-simple\n' \
	> weakdep/etc/modprobe.d/dumb-weakdep.conf
printf '%s\n' '# Weak dependencies extracted from modules themselves.' \
	'weakdep mod_weakdep mod-simple' > want
same "check-weakdep: depmod's modules.weakdep" want weakdep/$moddir/modules.weakdep
probe weakdep -c | sed -n '/^weakdep /,/^# End of configuration files/p' > got
printf '%s\n' 'weakdep mod_loop_a ' 'weakdep mod_loop_b mod-loop-a mod-simple' \
	'weakdep mod_weakdep mod-simple' '' '# End of configuration files. Dumping indexes now:' > want
same "test-weakdep: modprobe -c lists the configuration's and modules.weakdep's, as kmod 34's modprobe-c.txt" \
	want got
printf 'insmod /%s/kernel/mod-loop-b.ko \nexit 0\n' "$moddir" > want
probe weakdep --show-depends mod-loop-b > got
same "weakdep-loop: modprobe loads no weak dependency" want got
printf 'insmod /%s/kernel/mod-weakdep.ko \nexit 0\n' "$moddir" > want
probe weakdep --show-depends mod-weakdep > got
same "weakdep: nor a module's own MODULE_WEAKDEP" want got

# ---- kmod 34: test-modprobe/module-from-abspath, module-from-relpath ----

mkdir -p home/foo
cp src/mod-simple.ko home/foo/
printf 'insmod %s/home/foo/mod-simple.ko \nexit 0\n' "$tmp" > want
"$umod" modprobe -d "$tmp/base" -S "$rel" --show-depends "$tmp/home/foo/mod-simple.ko" > got 2>&1
echo "exit $?" >> got
same "module-from-abspath: that file is inserted" want got
printf 'insmod %s/home/foo/./mod-simple.ko \nexit 0\n' "$tmp" > want
(cd home/foo && "$umod" modprobe -d "$tmp/base" -S "$rel" --show-depends ./mod-simple.ko) > got 2>&1
echo "exit $?" >> got
same "module-from-relpath: made absolute as kmod makes it" want got
cp src/mod-loop-a.ko home/foo/
printf 'insmod %s/base/%s/kernel/mod-loop-b.ko \ninsmod %s/home/foo/mod-loop-a.ko \nexit 0\n' \
	"$tmp" "$moddir" "$tmp" > want
"$umod" modprobe -d "$tmp/base" -S "$rel" --show-depends "$tmp/home/foo/mod-loop-a.ko" > got 2>&1
echo "exit $?" >> got
same "module-from-abspath: its dependencies from modules.dep, by its name" want got
"$umod" modprobe -d "$tmp/base" -S "$rel" --show-depends "$tmp/home/foo/nosuch.ko" > got 2>&1
echo "exit $?" >> got
printf 'modprobe: FATAL: Failed to get module from path %s/home/foo/nosuch.ko: No such file or directory\nexit 1\n' \
	"$tmp" > want
same "module-from-abspath: a missing file, in kmod 34's words" want got

# ---- test-modinfo/external, test-modprobe/external: a module outside the tree ----

mkdir -p external/$moddir/kernel external/lib/modules/external external/etc/depmod.d
cp src/mod-simple.ko external/lib/modules/external/
cp src/mod-loop-b.ko external/$moddir/kernel/
printf 'external * %s/external/lib/modules/external\n' "$tmp" > external/etc/depmod.d/external.conf
printf 'search external built-in\n' >> external/etc/depmod.d/external.conf
"$umod" depmod -C "$tmp/external/etc/depmod.d" -b external "$rel" 2> /dev/null
"$umod" modinfo -b external -k "$rel" -F filename mod-simple > got 2>&1
echo "$tmp/external/lib/modules/external/mod-simple.ko" > want
same "external: modinfo finds a module of an external directory (correct-external.txt)" want got
if [ "$kmod_live" = 1 ]; then
	"$kmod_modinfo" -b external -k "$rel" -F filename mod-simple > kgot 2>&1
	same "external: kmod's modinfo agrees" kgot got
fi

# ---- test-modinfo/builtin; kmod 34: trees with only the .bin indexes ----

mkdir -p builtin/lib/modules/6.11.0
printf 'kernel/arch/x86/events/intel/intel-uncore.ko\n' > builtin/lib/modules/6.11.0/modules.builtin
printf '%s\0' intel_uncore.license=GPL \
	intel_uncore.file=arch/x86/events/intel/intel-uncore \
	'intel_uncore.description=Support for Intel uncore performance events' \
	"intel_uncore.parm=uncore_no_discover:Don't enable the discovery mechanism" \
	intel_uncore.parmtype=uncore_no_discover:bool \
	> builtin/lib/modules/6.11.0/modules.builtin.modinfo
"$umod" depmod -b builtin 6.11.0 2> /dev/null
(cd builtin/lib/modules/6.11.0 && ls | grep -vx 'modules.builtin.bin\|modules.builtin.modinfo' | xargs rm -f)
"$umod" modinfo -b builtin -k 6.11.0 intel_uncore > got 2>&1
echo "exit $?" >> got
cat > want <<-'EOF'
	name:           intel_uncore
	filename:       (builtin)
	license:        GPL
	file:           arch/x86/events/intel/intel-uncore
	description:    Support for Intel uncore performance events
	parm:           uncore_no_discover:Don't enable the discovery mechanism (bool)
	exit 0
EOF
same "builtin: modinfo from modules.builtin.bin alone, and modules.builtin.modinfo" want got
expect_bin() { # expect_bin DESCRIPTION ARGS...: as on the tree with its text files
	local what=$1
	shift
	probe base "$@" > want
	probe binonly "$@" > got
	same "$what" want got
}
cp -a base binonly
rm binonly/$moddir/modules.dep binonly/$moddir/modules.alias \
	binonly/$moddir/modules.symbols binonly/$moddir/modules.builtin
expect_bin "only .bin indexes: modprobe --show-depends by name" --show-depends mod-loop-a
expect_bin "only .bin indexes: an alias" --show-depends simple-alias
expect_bin "only .bin indexes: a symbol" -R symbol:printB
expect_bin "only .bin indexes: built in" --show-depends unix
"$umod" modinfo -b binonly -k "$rel" -F description simple-alias > got 2>&1
echo "a module that does nothing" > want
same "only .bin indexes: modinfo by alias" want got

# ---- test-depmod/modules-order-compressed: modules.order names .ko ----

if have xz; then
	mkdir -p ordered/$moddir/kernel
	for m in mod-foo-c mod-foo-a mod-foo-b; do
		module "$m" "" "" "MODULE_ALIAS(\"alias-$m\");"
		xz -c src/$m.ko > ordered/$moddir/kernel/$m.ko.xz
	done
	printf 'kernel/%s.ko\n' mod-foo-b mod-foo-c mod-foo-a > ordered/$moddir/modules.order
	"$umod" depmod -b ordered "$rel" 2> /dev/null
	printf '%s\n' '# Aliases extracted from modules themselves.' \
		'alias alias_mod_foo_b mod_foo_b' 'alias alias_mod_foo_c mod_foo_c' \
		'alias alias_mod_foo_a mod_foo_a' > want
	sed 's/alias-mod-foo-\(.\) /alias_mod_foo_\1 /' ordered/$moddir/modules.alias > got
	same "modules-order-compressed: modules.order's order for .ko.xz files" want got
else
	skip "modules-order-compressed: no xz"
fi

# ---- test-modprobe/module-param-kcmdline: options on the kernel's command line ----

# kmod's fixture line stands in for /proc/cmdline in a private mount
# namespace, for umod's modprobe and kmod's alike.
printf '%s\n' 'initrd=\initramfs-linux.img mod_simple.foo mod_simple.bar=1 root=/dev/sda2 rootfstype=ext4 add_efi_memmap quiet rw' > cmdline
kcmdline() {	# kcmdline PROGRAM: a script running PROGRAM with ./cmdline as /proc/cmdline
	cat <<EOF
#!/bin/sh
exec unshare -m sh -c 'mount --bind "\$0" /proc/cmdline && exec "\$@"' "$tmp/cmdline" "$1" "\$@"
EOF
}
kcmdline "$umod" > umod-kcmdline
kcmdline "$kmod_modprobe" > kmod-kcmdline
chmod +x umod-kcmdline kmod-kcmdline
if unshare -m mount --bind cmdline /proc/cmdline 2> /dev/null; then
	umod=$tmp/umod-kcmdline kmod_modprobe=$tmp/kmod-kcmdline \
		expect "module-param-kcmdline: mod_simple.foo and .bar=1 become options" base \
		"insmod /$moddir/kernel/mod-simple.ko foo bar=1 
exit 0" --show-depends mod-simple
else
	skip "module-param-kcmdline: no private mount namespace here (unshare -m)"
fi

done_testing
