#!/bin/bash
# umodd-without.t - umodd built without libfuse3 and OpenSSL (umodd/
# umodd.mk's WITH_FUSE=n WITH_OPENSSL=n, as riscv64's build is, where
# Debian 12 has neither): what needs them is refused, naming what is not
# built in, as kmod's --without-* builds do; a signature cannot be
# checked, so it is of unsupported crypto, as in a kernel without the
# signature's algorithms: an enforcing host refuses the module as Linux
# does, never loads it unchecked, and one that does not enforce loads it;
# the rest works as in umodd built with both.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
TT=$B/tests/tools
W=$B/tests/umodd/umodd-without
[ -x "$W" ] || skip_all "$W not built"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/umodd-without.XXXXXX")
at_exit 'rm -rf "$tmp"'
. "$(dirname "$0")/modsign.sh"

run "$W" --version
like "$out" '^-FUSE -LIBCRYPTO$' "--version names what is not built in, as kmod's"

mkdir "$tmp/mnt"
run "$W" --socket "$tmp/fs.sock" --fs "$tmp/mnt"
is "$rc:$out" "1:umodd: --fs: not built with FUSE support" \
	"--fs is refused, naming FUSE"
[ ! -e "$tmp/fs.sock" ]
ok $? "before the socket is made"
run "$W" --socket "$tmp/kr.sock" --keyring "$tmp"
is "$rc:$out" "1:umodd: --keyring: not built with OpenSSL support" \
	"--keyring is refused, naming OpenSSL"

# A genuine signature, which umodd built with OpenSSL accepts.
cp "$TT/greet.ko" "$tmp/greet.ko"
if command -v openssl >/dev/null && sign_dir=$tmp sign "$tmp/greet.ko"; then
	mkdir "$tmp/keyring" && cp "$tmp/signing.crt" "$tmp/keyring/"
	if "$B/umodd" --version | grep -qw -- +LIBCRYPTO; then
		UMODD=$B/umodd umodd_start "$tmp/with.sock" "$tmp/with.log" \
			--keyring "$tmp/keyring" --sig-enforce
		run "$B/insmod" --host "$tmp/with.sock" "$tmp/greet.ko"
		is "$rc:$out" "0:" "the signed module loads into umodd with OpenSSL, enforcing"
		umodd_stop
	else
		skip "$B/umodd is built without OpenSSL too"
	fi
else
	skip "no openssl to sign with"
fi
signed=$(tail -c 28 "$tmp/greet.ko" | grep -c '~Module signature appended~')
UMODD=$W	# umodd_start's

S=$tmp/enforce.sock
umodd_start "$S" "$tmp/enforce.log" --sig-enforce
ok $? "an enforcing host starts"
contains "$tmp/enforce.log" "umodd: --sig-enforce: not built with OpenSSL support: no signature can be verified, every module is refused" \
	"saying every module will be refused"
if [ "$signed" = 1 ]; then
	run "$B/insmod" --host "$S" "$tmp/greet.ko"
	is "$rc:$out" "1:insmod: ERROR: could not insert module $tmp/greet.ko: Required key not available
insmod: ERROR: $tmp/greet.ko: Loading of module with unsupported crypto is rejected" \
		"a signed module is refused: ENOKEY, unsupported crypto"
else
	skip "no signed module"
fi
run "$B/insmod" --host "$S" "$TT/printfmt.ko"
is "$rc:$out" "1:insmod: ERROR: could not insert module $TT/printfmt.ko: Required key not available
insmod: ERROR: $TT/printfmt.ko: Loading of unsigned module is rejected" \
	"an unsigned one too, as Linux refuses it"
run "$B/lsmod" --host "$S"
is "$rc:$out" "0:Module                  Size  Used by" "nothing loaded, the host runs on"
umodd_stop
is $? 0 "and stops cleanly"

S=$tmp/plain.sock
umodd_start "$S" "$tmp/plain.log"
ok $? "a host that does not enforce"
run "$B/insmod" --host "$S" "$tmp/greet.ko"
is "$rc:$out" "0:" "loads a module, signed or not, its signature unchecked"
run "$B/insmod" --host "$S" "$TT/printfmt.ko"
is "$rc:$out" "0:" "and an unsigned one"
run "$B/lsmod" --host "$S"
like "$out" '^greet ' "lsmod lists them"
run "$B/rmmod" --host "$S" greet printfmt
is "$rc:$out" "0:" "rmmod unloads them"
run "$B/lsmod" --host "$S"
is "$out" "Module                  Size  Used by" "and they are gone"
umodd_stop
is $? 0 "and stops cleanly"
done_testing
