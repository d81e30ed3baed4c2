#!/bin/bash
# trust-sig.t - module signatures end to end on the project's own
# modules: umod sign-file as scripts/sign-file, umodd --keyring with DER
# and PEM certificates, --sig-enforce's ENOKEY and EKEYREJECTED, the
# taint without enforcement, and Kbuild's modules_sign with its key made
# on first use.  kmod's modinfo, where present, reads what we signed.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
TT=$B/tests/tools
command -v openssl >/dev/null || skip_all "no openssl command"
T=$(mktemp -d /tmp/umod-sig.XXXXXX)
at_exit 'rm -rf "$T"'
sign() { "$B/umod" sign-file "$@"; }

start_host() {	# name [umodd options]: $S is its socket
	S=$T/$1/umodd.sock
	shift
	umodd_start "$S" /dev/null "$@"
}

newkey() {	# name: $T/name.pem (key and certificate), $T/name.der
	openssl req -new -nodes -utf8 -sha256 -days 1 -batch -x509 \
		-subj "/CN=umod test $1" -addext subjectKeyIdentifier=hash \
		-outform PEM -out "$T/$1.pem" -keyout "$T/$1.pem" 2>/dev/null &&
	openssl x509 -in "$T/$1.pem" -outform DER -out "$T/$1.der"
}
newkey ours && newkey theirs
ok $? "two keys, made with openssl as Linux's certs/Makefile does"
mkdir "$T/der" "$T/pem"
cp "$T/ours.der" "$T/der/"
openssl x509 -in "$T/ours.pem" -out "$T/pem/ours.crt"

cp "$TT/greet.ko" "$T/greet.ko"
sign sha256 "$T/ours.pem" "$T/ours.der" "$T/greet.ko"
ok $? "sign-file HASH KEY X509 MODULE signs in place"
tail -c 28 "$T/greet.ko" | grep -q '~Module signature appended~'
ok $? "the module ends with the magic"
if command -v modinfo >/dev/null && modinfo -F signer "$TT/greet.ko" >/dev/null 2>&1; then
	is "$(modinfo -F signer "$T/greet.ko"):$(modinfo -F sig_hashalgo "$T/greet.ko")" \
		"umod test ours:sha256" "kmod's modinfo reads the signer and hash"
else
	skip "no kmod modinfo"
fi

cp "$TT/holder.ko" "$T/holder.ko"
sign -d sha256 "$T/ours.pem" "$T/ours.der" "$T/holder.ko"
cmp -s "$TT/holder.ko" "$T/holder.ko" && [ -s "$T/holder.ko.p7s" ]
ok $? "-d writes MODULE.p7s only"
sign -s "$T/holder.ko.p7s" sha256 "$T/ours.der" "$T/holder.ko" "$T/holder-raw.ko"
sign sha256 "$T/ours.pem" "$T/ours.der" "$T/holder.ko" "$T/holder-direct.ko"
cmp -s "$T/holder-raw.ko" "$T/holder-direct.ko"
ok $? "-s RAW_SIG appends that signature: the same bytes as signing there"
cp "$TT/printfmt.ko" "$T/printfmt.ko"
sign -k sha256 "$T/ours.pem" "$T/ours.der" "$T/printfmt.ko"
ok $? "-k names the key by its subject key id"
cp "$TT/slow.ko" "$T/slow.ko"
sign sha256 "$T/theirs.pem" "$T/theirs.der" "$T/slow.ko"
cp "$T/greet.ko" "$T/flipped.ko"
printf '\x55' | dd of="$T/flipped.ko" bs=1 seek=200 conv=notrunc status=none

start_host der --keyring "$T/der" --sig-enforce
ok $? "an enforcing host, its keyring a DER certificate"
E=$S
run "$B/insmod" --host "$E" "$T/greet.ko"
is "$rc:$out" "0:" "a module signed with our key loads"
run "$B/insmod" --host "$E" "$T/printfmt.ko"
is "$rc:$out" "0:" "signed by key id too"
run "$B/insmod" --host "$E" "$TT/nosym.ko"
is "$rc:$out" "1:insmod: ERROR: could not insert module $TT/nosym.ko: Required key not available
insmod: ERROR: $TT/nosym.ko: Loading of unsigned module is rejected" "unsigned: ENOKEY"
run "$B/insmod" --host "$E" "$T/slow.ko"
is "$rc:$out" "1:insmod: ERROR: could not insert module $T/slow.ko: Required key not available
insmod: ERROR: $T/slow.ko: Loading of module with unavailable key is rejected" \
	"signed with a key not in the keyring: ENOKEY"
"$B/rmmod" --host "$E" greet
run "$B/insmod" --host "$E" "$T/flipped.ko"
is "$rc:$out" "1:insmod: ERROR: could not insert module $T/flipped.ko: Key was rejected by service
insmod: ERROR: $T/flipped.ko: Loading of module with a bad signature is rejected" \
	"a flipped byte: EKEYREJECTED"
run "$B/insmod" --host "$E" -f "$T/greet.ko"
is "$rc" 1 "forced, a signed module counts as unsigned: refused"

start_host pem --keyring "$T/pem"
run "$B/insmod" --host "$S" "$T/greet.ko"
is "$rc:$out" "0:" "a PEM certificate does as well"
run "$B/insmod" --host "$S" "$TT/holder.ko"
is "$rc:$out" "0:" "without enforcement an unsigned module loads"
"$B/umod" dmesg -t --host "$S" | grep -q "^holder: module verification failed: signature and/or required key missing - tainting kernel$"
ok $? "and taints the host, saying so"
run "$B/insmod" --host "$S" "$T/flipped.ko"
like "$out" "Key was rejected by service" "a bad signature is refused even so"

echo "not a certificate" >"$T/pem/junk"
run "$B/umodd" --socket "$T/bad/umodd.sock" --keyring "$T/pem"
is "$rc:$out" "1:umodd: cannot read the keyring: $T/pem/junk: not an X.509 certificate" \
	"a keyring file that is no certificate stops the host, named"

# Kbuild: modules_sign installs, then signs with the tree's key.
tree=$(cd "$(dirname "$0")/.." && pwd)
cp -r "$tree/tests/kbuild/hello" "$T/hello"
make -s -C "$tree" B="$B" M="$T/hello" INSTALL_MOD_PATH="$T/root" \
	modules_sign >"$T/kbuild.log" 2>&1
ok $? "make M=... modules_sign" || diag <"$T/kbuild.log"
ko=$(find "$T/root" -name hello.ko)
[ -f "$B/certs/signing_key.pem" ] && [ -f "$B/certs/keyring/signing_key.x509" ]
ok $? "the key was made on first use, its certificate alone in certs/keyring"
start_host kbuild --keyring "$B/certs/keyring" --sig-enforce
run "$B/insmod" --host "$S" "$ko"
is "$rc:$out" "0:" "the installed, signed module loads into an enforcing host"
! tail -c 28 "$T/hello/hello.ko" | grep -q '~Module signature appended~'
ok $? "the built module is left unsigned"
done_testing
