#!/bin/sh
# tests/linux-tools.t - the tools on a genuine Linux module tree (Debian's
# cloud kernel), with kmod as the oracle: depmod's files and modinfo's
# output byte for byte, modprobe --show-depends; then a Linux module in
# umodd through insmod -f.
set -u
B=$(cd "${UMOD_B:-build}" && pwd)
root=$B/linux
rel=$(ls "$root/lib/modules" 2>/dev/null | head -n 1)
if [ -z "$rel" ] || ! command -v /usr/sbin/depmod >/dev/null; then
	echo "1..0 # SKIP no Linux module tree (tests/linux/fetch.sh $B/linux) or no kmod"
	exit 0
fi
T=$(mktemp -d /tmp/umod-linux-XXXXXX)
UPID=
cleanup() { [ -z "$UPID" ] || kill "$UPID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

mkdir -p "$T/ours/lib/modules" "$T/kmod/lib/modules"
cp -a "$root/lib/modules/$rel" "$T/ours/lib/modules/"
cp -a "$root/lib/modules/$rel" "$T/kmod/lib/modules/"
count=$(find "$T/ours" -name '*.ko*' | wc -l)
"$B/depmod" -b "$T/ours" "$rel" 2>"$T/ours.err"
ok $? "umod depmod indexes $count modules of Linux $rel"
/usr/sbin/depmod -b "$T/kmod" "$rel" 2>"$T/kmod.err"
for f in modules.dep modules.alias modules.symbols modules.softdep modules.devname \
	 modules.dep.bin modules.alias.bin modules.symbols.bin modules.builtin.bin; do
	cmp -s "$T/ours/lib/modules/$rel/$f" "$T/kmod/lib/modules/$rel/$f"
	ok $? "$f is byte-identical to kmod's"
done

differ=0
for f in $(find "$T/ours/lib/modules/$rel/kernel" -name '*.ko*' | sort); do
	/usr/sbin/modinfo "$f" >"$T/a" 2>&1
	"$B/modinfo" "$f" >"$T/b" 2>&1
	cmp -s "$T/a" "$T/b" || differ=$((differ + 1))
done
[ "$differ" -eq 0 ]
ok $? "modinfo matches kmod's on all $count modules, signatures included ($differ differ)"
/usr/sbin/modinfo -b "$T/kmod" -k "$rel" ext4 >"$T/a" 2>&1
"$B/modinfo" -b "$T/ours" -k "$rel" ext4 >"$T/b" 2>&1
sed -i "s|$T/kmod|ROOT|" "$T/a"; sed -i "s|$T/ours|ROOT|" "$T/b"
cmp -s "$T/a" "$T/b"
ok $? "modinfo by name (ext4) matches"
# The module with the longest dependency chain line in modules.dep.
deep=$(awk -F'[:/ ]' '{ print NF, $0 }' "$T/kmod/lib/modules/$rel/modules.dep" |
	sort -rn | head -n 1 | sed 's|^[0-9]* ||; s|:.*||; s|.*/||; s|\.ko.*||')
/usr/sbin/modprobe -d "$T/kmod" -S "$rel" --show-depends "$deep" >"$T/a" 2>&1
"$B/modprobe" -d "$T/ours" -S "$rel" --show-depends "$deep" >"$T/b" 2>&1
sed -i "s|$T/kmod|ROOT|" "$T/a"; sed -i "s|$T/ours|ROOT|" "$T/b"
cmp -s "$T/a" "$T/b" && [ "$(wc -l <"$T/a")" -gt 2 ]
ok $? "modprobe --show-depends $deep matches ($(wc -l <"$T/a") lines)"

export UMOD_HOST="$T/s/umodd.sock"
"$B/umodd" -f >"$T/umodd.log" 2>&1 &
UPID=$!
for i in 1 2 3 4 5 6 7 8 9 10; do [ -S "$UMOD_HOST" ] && break; sleep 0.2; done
crc7=$(find "$T/ours" -name crc7.ko)
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
echo "1..$n"
