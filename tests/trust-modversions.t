#!/bin/bash
# trust-modversions.t - the loader's check_version, as Linux's: a module
# built against another CRC of a symbol is refused ("disagrees about
# version of symbol"), an exporter without CRCs is trusted, a module
# without __versions loads tainted, --force-modversion skips the check;
# and modprobe --dump-modversions is kmod's, byte for byte, on our
# modules and on every genuine Debian module.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
TT=$B/tests/tools
T=$(mktemp -d /tmp/umod-modversions.XXXXXX)
at_exit 'rm -rf "$T"'

S=$T/host/umodd.sock
umodd_start "$S" /dev/null
ok $? "a host"
log() { "$B/umod" dmesg -t --host "$S"; }

"$B/insmod" --host "$S" "$TT/greet.ko" && "$B/insmod" --host "$S" "$TT/crcexp.ko"
ok $? "an exporter without CRCs (greet) and one with (crcexp)"
run "$B/insmod" --host "$S" "$TT/crcgood.ko"
is "$rc:$out" "0:" "a module built against crcexp_fn's CRC loads"
! log | grep -q "crcgood: disagrees"
ok $? "its bogus CRC for greet_hello is not checked: greet gives none"
"$B/rmmod" --host "$S" crcgood

run "$B/insmod" --host "$S" "$TT/crcbad.ko"
is "$rc:$out" "1:insmod: ERROR: could not insert module $TT/crcbad.ko: Invalid parameters
insmod: ERROR: crcbad: Unknown symbol crcexp_fn (err -22)" \
	"another CRC: refused with EINVAL, as Linux"
log | grep -qx "crcbad: disagrees about version of symbol crcexp_fn"
ok $? "the log says which symbol disagrees"

run "$B/insmod" --host "$S" --force-modversion "$TT/crcbad.ko"
is "$rc:$out" "0:" "--force-modversion skips the check"
"$B/rmmod" --host "$S" crcbad

run "$B/insmod" --host "$S" "$TT/crcnover.ko"
is "$rc:$out" "0:" "a module without __versions loads"
log | grep -qx "crcnover: crcexp_fn: kernel tainted."
ok $? "tainted, and saying so"

# --dump-modversions against kmod's.
if ! command -v modprobe >/dev/null || ! modprobe --version 2>/dev/null | grep -q kmod; then
	skip "no kmod modprobe"
	skip "no kmod modprobe"
	done_testing
	exit
fi
differ=0
for m in crcbad greet; do
	diff <(modprobe --dump-modversions "$TT/$m.ko" 2>&1; echo "rc $?") \
	     <("$B/modprobe" --dump-modversions "$TT/$m.ko" 2>&1; echo "rc $?") |
		diag
	[ "${PIPESTATUS[0]}" -eq 0 ] || differ=1
done
ok "$differ" "--dump-modversions is kmod's on ours (with __versions, and without: ENOENT)"
root=$B/linux
rel=$(ls "$root/lib/modules" 2>/dev/null | head -n 1)
if [ -z "$rel" ]; then
	skip "no Linux module tree (tests/linux/fetch.sh $B/linux)"
else
	bad=0 total=0
	while read -r m; do
		total=$((total + 1))
		cmp -s <(modprobe --dump-modversions "$m" 2>&1) \
			<("$B/modprobe" --dump-modversions "$m" 2>&1) ||
			{ bad=$((bad + 1)); echo "differs: $m" | diag; }
	done < <(find "$root/lib/modules/$rel" -name '*.ko*' | sort)
	is "$bad" 0 "--dump-modversions is kmod's, byte for byte, on all $total Debian modules"
fi
done_testing
