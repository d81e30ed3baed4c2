#!/usr/bin/env bash
# tests/linux-tools.t - the tools on a genuine Linux module tree (Debian's
# cloud kernel; in make check-cross, the tree of the emulated machine:
# arm64's cloud, armhf's armmp, i386's 686-pae), with kmod as the oracle:
# depmod's files and modinfo's output byte for byte, modprobe
# --show-depends; then a Linux module in umodd through insmod -f.
#
# kmod's outputs over the tree are also kept in tests/golden/linux-tools/
# <package>_<version>/ (golden.sh), with the digest of the tree they were
# made from: where the fetched tree has that digest, umod's outputs are
# compared with them, kmod installed or not.  Another tree (Debian's next
# point release) is compared with kmod live only, and without kmod not at
# all, saying so; tests/golden/regen.sh records the new tree's.
set -u
tree=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${UMOD_B:-build}" && pwd)
root=$B/linux
rel=$(ls "$root/lib/modules" 2>/dev/null | head -n 1)
. "$tree/tests/tap.sh"
[ -n "$rel" ] || skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
tmp=$(mktemp -d /tmp/umod-linux-XXXXXX)
T=$tmp
at_exit 'rm -rf "$T"'
export LC_ALL=C
same() { # same DESCRIPTION WANT GOT
	cmp -s "$2" "$3"
	ok $? "$1" || diff -u "$2" "$3" | head -40 | diag
}

# The golden files made from this very tree, if any: the tree's digest,
# the sha256 of sha256sum's lines for its files in name order, picks them.
digest=$(cd "$root/lib/modules/$rel" && find . -type f | sort |
	xargs -d '\n' sha256sum | sha256sum | cut -d ' ' -f 1)
made_from=
for f in "$tree"/tests/golden/linux-tools/*/SOURCE; do
	grep -qx "tree-sha256 $digest" "$f" 2>/dev/null && made_from=${f%/SOURCE}
done
if [ "${UMOD_GOLDEN:-}" = record ]; then
	pkg=linux-image-$rel
	ver=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || { echo "Bail out! no version of $pkg known to apt"; exit 1; }
	rm -rf "$tree/tests/golden/linux-tools"
	made_from=$tree/tests/golden/linux-tools/${pkg}_$ver
	mkdir -p "$made_from"
	printf 'package %s %s\nrelease %s\ntree-sha256 %s\n' "$pkg" "$ver" "$rel" "$digest" \
		>"$made_from/SOURCE"
fi
. "$tree/tests/golden.sh"
golden_init "linux-tools/${made_from##*/}" modinfo depmod modprobe
golden_sig=sha256	# the tree's signatures do not change: keep their digest
if [ -z "$made_from" ]; then
	echo "no golden files for this tree ($rel, tree-sha256 $digest), only for:" \
		$(cat "$tree"/tests/golden/linux-tools/*/SOURCE 2>/dev/null | sed -n 's/^package //p') |
		diag
	echo "tests/golden/regen.sh records this tree's" | diag
	if [ "$kmod_live" = 1 ]; then
		skip "golden comparison: no golden files for this tree; comparing with kmod live only"
	else
		skip "kmod's outputs: no golden files for this tree, and no kmod"
	fi
fi
golden=0
[ -n "$made_from" ] && golden=1
# check_golden DESCRIPTION CASE GOT: against the golden file, if this
# tree has them; no note otherwise (said above).
check_golden() { [ "$golden" = 0 ] || golden_same "$@"; }
kbin=$tmp/kmod-bin

mkdir -p "$T/ours/lib/modules" "$T/kmod/lib/modules"
cp -a "$root/lib/modules/$rel" "$T/ours/lib/modules/"
count=$(find "$T/ours" -name '*.ko*' | wc -l)
"$B/depmod" -b "$T/ours" "$rel" 2>"$T/ours.err"
ok $? "umod depmod indexes $count modules of Linux $rel"
ours=$T/ours/lib/modules/$rel
kmod=$T/kmod/lib/modules/$rel
if [ "$kmod_live" = 1 ]; then
	cp -a "$root/lib/modules/$rel" "$T/kmod/lib/modules/"
	"$kbin/depmod" -b "$T/kmod" "$rel" 2>"$T/kmod.err"
fi
for f in modules.dep modules.alias modules.symbols modules.softdep modules.devname \
	 modules.dep.bin modules.alias.bin modules.symbols.bin modules.builtin.bin; do
	case $f in
	*.bin) ;;	# binary: the golden file holds their digests (below)
	*)
		[ "$kmod_live" = 0 ] || golden_keep "$f" "$kmod/$f"
		check_golden "$f is kmod's" "$f" "$ours/$f" ;;
	esac
	[ "$kmod_live" = 0 ] || same "$f is byte-identical to kmod's" "$kmod/$f" "$ours/$f"
done
bins="modules.dep.bin modules.alias.bin modules.symbols.bin modules.builtin.bin"
if [ "$kmod_live" = 1 ]; then
	(cd "$kmod" && sha256sum $bins) >"$T/kmod.bin.sha256"
	golden_keep modules.bin.sha256 "$T/kmod.bin.sha256"
fi
(cd "$ours" && sha256sum $bins) >"$T/ours.bin.sha256"
check_golden "the .bin indexes are kmod's (their sha256)" modules.bin.sha256 "$T/ours.bin.sha256"

# modinfo of every module, a run over them all (a few, as xargs splits
# the list), kmod's live and ours: each module's text is headed by its
# path in the tree, and compared.  Emulated (make check-cross), one run
# instead of one a module saves the emulator's start-up thousands of times.
(cd "$ours/kernel" && find . -name '*.ko*' | sort) >"$T/modules"
modinfo_all() { # modinfo_all TOOLDIR > TEXT
	sed "s|^|$ours/kernel/|" "$T/modules" | xargs -d '\n' "$1/modinfo" 2>&1 |
		awk -v at="$ours/kernel/" '
			/^filename: / { f = $0; sub(/^filename: +/, "", f)
				if (index(f, at) == 1) print "== " substr(f, length(at) + 1) }
			{ print }' | sed "s|$T/ours/|ROOT/|"
}
modinfo_all "$B" >"$T/ours.modinfo"
[ "$(grep -c '^== ' "$T/ours.modinfo")" -eq "$count" ]
ok $? "modinfo reads all $count modules"
if [ "$kmod_live" = 1 ]; then
	modinfo_all "$kbin" >"$T/kmod.modinfo"
	differ=$(awk 'FNR == 1 { n++ } /^== / { k = $0; keys[k] } { text[n, k] = text[n, k] $0 "\n" }
		END { d = 0; for (k in keys) d += text[1, k] != text[2, k]; print d }' \
		"$T/kmod.modinfo" "$T/ours.modinfo")
	same "modinfo matches kmod's on all $count modules, signatures included ($differ differ)" \
		"$T/kmod.modinfo" "$T/ours.modinfo"
	golden_keep modinfo "$T/kmod.modinfo"
fi
check_golden "modinfo on all $count modules is kmod's, signatures included" modinfo "$T/ours.modinfo"

"$B/modinfo" -b "$T/ours" -k "$rel" ext4 >"$T/b" 2>&1
sed -i "s|$T/ours|ROOT|" "$T/b"
if [ "$kmod_live" = 1 ]; then
	"$kbin/modinfo" -b "$T/kmod" -k "$rel" ext4 >"$T/a" 2>&1
	sed -i "s|$T/kmod|ROOT|" "$T/a"
	same "modinfo by name (ext4) matches" "$T/a" "$T/b"
	golden_keep modinfo-ext4 "$T/a"
fi
check_golden "modinfo by name (ext4) is kmod's" modinfo-ext4 "$T/b"

# The module with the longest dependency chain line in modules.dep (ours,
# which is kmod's, as checked above).
deep=$(awk -F'[:/ ]' '{ print NF, $0 }' "$ours/modules.dep" |
	sort -rn | head -n 1 | sed 's|^[0-9]* ||; s|:.*||; s|.*/||; s|\.ko.*||')
"$B/modprobe" -d "$T/ours" -S "$rel" --show-depends "$deep" >"$T/b" 2>&1
sed -i "s|$T/ours|ROOT|" "$T/b"
[ "$(wc -l <"$T/b")" -gt 2 ]
ok $? "modprobe --show-depends $deep shows a chain ($(wc -l <"$T/b") lines)"
if [ "$kmod_live" = 1 ]; then
	"$kbin/modprobe" -d "$T/kmod" -S "$rel" --show-depends "$deep" >"$T/a" 2>&1
	sed -i "s|$T/kmod|ROOT|" "$T/a"
	same "modprobe --show-depends $deep matches" "$T/a" "$T/b"
	golden_keep modprobe-show-depends "$T/a"
fi
check_golden "modprobe --show-depends $deep is kmod's" modprobe-show-depends "$T/b"

# Aliases that several patterns of one module match (a device ID listed
# twice, once under a wildcard): kmod lists the module once per matching
# pattern, in -R, -D and modinfo.  Three such aliases, of three modules,
# made from the tree's own patterns.
perl -ne '
	sub rx { my ($p, $r) = (shift, "");
		while (length $p) {
			if ($p =~ s/^\*//) { $r .= ".*" } elsif ($p =~ s/^\?//) { $r .= "." }
			elsif ($p =~ s/^(\[[^\]]*\])//) { $r .= $1 }
			else { $p =~ s/^(.)//s; $r .= quotemeta $1 } }
		qr/^$r$/s }
	push @{ $m{$2} }, $1 if /^alias (\S+) (\S+)$/;
	END { for my $mod (sort keys %m) { for my $p (@{ $m{$mod} }) {
		(my $s = $p) =~ s/\[(.)[^\]]*\]/$1/g; $s =~ s/\*//g; $s =~ s/\?/0/g;
		my $n = grep { $s =~ rx($_) } @{ $m{$mod} };
		if ($n > 1) { print "$s\n"; last } } } }' "$ours/modules.alias" |
	head -n 3 >"$T/multi"
[ "$(wc -l <"$T/multi")" -eq 3 ]
ok $? "three aliases each matched by two patterns of one module: $(tr '\n' ' ' <"$T/multi")"
multi_run() { # multi_run TOOLDIR ROOT: -R, -D and modinfo of each
	while read -r a; do
		echo "== $a"
		"$1/modprobe" -d "$2" -S "$rel" -R "$a" 2>&1
		"$1/modprobe" -d "$2" -S "$rel" -D "$a" 2>&1
		"$1/modinfo" -b "$2" -k "$rel" -F filename "$a" 2>&1
	done <"$T/multi" | sed "s|$2|ROOT|"
}
multi_run "$B" "$T/ours" >"$T/b"
first=$(head -n 1 "$T/multi")
[ "$("$B/modprobe" -d "$T/ours" -S "$rel" -R "$first" | sort | uniq -d | wc -l)" = 1 ]
ok $? "modprobe -R $first names its module twice, as kmod"
if [ "$kmod_live" = 1 ]; then
	multi_run "$kbin" "$T/kmod" >"$T/a"
	same "modprobe -R, -D and modinfo of those aliases match" "$T/a" "$T/b"
	golden_keep aliases-multi "$T/a"
fi
check_golden "modprobe -R, -D and modinfo of those aliases are kmod's" aliases-multi "$T/b"

crc7=$(find "$T/ours" -name crc7.ko)
if [ "$(readelf -h "$crc7" | awk '/Machine:/ { print $2 }')" = ARM ]; then
	skip "a Linux module in umodd: arm modules' __ksymtab holds pointers, not the PREL32 offsets umod reads"
	done_testing
	exit
fi
export UMOD_HOST="$T/s/umodd.sock"
umodd_start "$UMOD_HOST" "$T/umodd.log"
ok $? "umodd starts"
"$B/insmod" "$crc7" >"$T/insmod.out" 2>&1
grep -q "could not insert module $crc7: Invalid module format" "$T/insmod.out"
ok $? "insmod of a Linux module into umodd is refused for its vermagic, as kmod words it"
"$B/insmod" -f "$crc7"
ok $? "insmod -f loads it"
"$B/lsmod" | grep -Eq '^crc7 +[0-9]+ +0$'
ok $? "lsmod lists crc7"
"$B/umod" ksyms | grep -q ' crc7_be'
ok $? "its export crc7_be is in the host's symbol table"
"$B/rmmod" crc7
ok $? "rmmod removes it"
done_testing
