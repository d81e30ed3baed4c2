#!/bin/bash
# tests/linux-sig.t - genuine Debian modules verified against the
# certificate Debian's kernel image carries (build/linux/certs, kept by
# tests/linux/fetch.sh): every module of the tree passes the signature
# check under --sig-enforce, two load unforced with Debian's vermagic,
# and one flipped byte is rejected as Linux rejects it.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
root=$B/linux
rel=$(ls "$root/lib/modules" 2>/dev/null | head -n 1)
[ -n "$rel" ] && [ -d "$root/lib/modules/$rel/kernel" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
ls "$root"/certs/*.der >/dev/null 2>&1 ||
	skip_all "no kernel certificates in $root/certs (a tree fetched before fetch.sh kept them: fetch it again)"
kdir=$root/lib/modules/$rel/kernel
T=$(mktemp -d /tmp/umod-linux-sig.XXXXXX)
at_exit 'rm -rf "$T"'

start_host() {	# name [umodd options]: $S is its socket, $T/name.log its log
	S=$T/$1/umodd.sock
	umodd_start "$S" "$T/$1.log" "${@:2}"
}

crc7=$kdir/lib/crc7.ko
crcitu=$kdir/lib/crc-itu-t.ko
VERMAGIC=$("$B/modinfo" -F vermagic "$crc7")
is "$("$B/modinfo" -F signer "$crc7")" "$(openssl x509 -inform DER -noout \
	-subject -nameopt multiline -in "$(ls "$root"/certs/*.der | head -1)" |
	sed -n 's/^ *commonName *= //p')" \
	"the modules' signer is the image's certificate"

start_host enforce --keyring "$root/certs" --sig-enforce --vermagic "$VERMAGIC"
ok $? "a host with Debian's certificate, enforcing, with Debian's vermagic"
E=$S
run "$B/insmod" --host "$E" "$crc7"
is "$rc:$out" "0:" "crc7.ko loads unforced"
run "$B/insmod" --host "$E" "$crcitu"
is "$rc:$out" "0:" "crc-itu-t.ko too"
is "$("$B/lsmod" --host "$E" | awk 'NR > 1 { print $1 }' | sort | tr '\n' ' ')" \
	"crc7 crc_itu_t " "both are live"

# One flipped byte in the module, one in the signature.
size=$(stat -c %s "$crc7")
cp "$crc7" "$T/crc7.ko"
printf '\xff' | dd of="$T/crc7.ko" bs=1 seek=4096 conv=notrunc status=none
"$B/rmmod" --host "$E" crc7
run "$B/insmod" --host "$E" "$T/crc7.ko"
is "$rc:$out" "1:insmod: ERROR: could not insert module $T/crc7.ko: Key was rejected by service
insmod: ERROR: $T/crc7.ko: Loading of module with a bad signature is rejected" \
	"a flipped byte in the module: EKEYREJECTED"
cp "$crc7" "$T/crc7.ko"
# the RSA signature ends the PKCS#7, before the descriptor and the magic
printf '\x01' | dd of="$T/crc7.ko" bs=1 seek=$((size - 28 - 12 - 16)) conv=notrunc status=none
run "$B/insmod" --host "$E" "$T/crc7.ko"
is "$rc" 1 "a flipped byte in the signature: refused"
like "$out" "Key was rejected by service" "with EKEYREJECTED"

# Every module of the tree passes the check (a dry run stops after it
# for its own reasons: symbols the host lacks, say).
bad=0 total=0
while read -r m; do
	total=$((total + 1))
	if "$B/insmod" --host "$E" --dry-run "$m" 2>&1 | grep -q "Loading of"; then
		bad=$((bad + 1))
		echo "$m" | diag
	fi
done < <(find "$kdir" -name '*.ko' | sort)
is "$bad" 0 "all $total modules of the tree verify against the image's certificate"
kill -0 "$UMODD_PID" 2>/dev/null
ok $? "the host is still serving"

# Forced, a signed module is not the module that was signed (Linux's
# "mangled" module): it counts as unsigned.
run "$B/insmod" --host "$E" -f "$crc7"
is "$rc:$out" "1:insmod: ERROR: could not insert module $crc7: Required key not available
insmod: ERROR: $crc7: Loading of unsigned module is rejected" \
	"a forced load under enforcement: ENOKEY, as unsigned"

start_host nokey --sig-enforce --vermagic "$VERMAGIC"
run "$B/insmod" --host "$S" "$crc7"
is "$rc:$out" "1:insmod: ERROR: could not insert module $crc7: Required key not available
insmod: ERROR: $crc7: Loading of module with unavailable key is rejected" \
	"enforcing without the key: ENOKEY"
"$B/insmod" --host "$S" --dry-run "$crc7" 2>&1 |
	grep -q "Loading of module with unavailable key is rejected"
ok $? "a dry run says so too (the whole-tree check above can fail)"

mkdir "$T/other"
openssl req -new -nodes -batch -x509 -days 1 -subj "/CN=another key" \
	-outform DER -out "$T/other/other.der" -keyout "$T/other.key" 2>/dev/null
start_host lax --keyring "$T/other" --vermagic "$VERMAGIC"
run "$B/insmod" --host "$S" "$crc7"
is "$rc:$out" "0:" "not enforcing, the key unknown: it loads"
"$B/umod" dmesg --host "$S" | grep -q "crc7: module verification failed: signature and/or required key missing - tainting kernel"
ok $? "and taints the host, saying so"
done_testing
