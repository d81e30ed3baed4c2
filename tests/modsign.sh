# SPDX-License-Identifier: MIT
#
# modsign.sh - sign FILE: a PKCS#7 signature appended to FILE as Linux's
# scripts/sign-file appends it, with a throwaway key made on first use:
# ${sign_dir:-$tmp}/signing.pem, its certificate signing.crt beside it,
# whose serial is set so sig_key is known.  Sourced (modtools.sh,
# umodd-without.t); needs openssl.

sign() {
	local key=${sign_dir:-$tmp}/signing.pem cert=${sign_dir:-$tmp}/signing.crt
	if [ ! -f "$cert" ]; then
		openssl req -new -x509 -newkey rsa:2048 -nodes -days 36500 \
			-keyout "$key" -out "$cert" \
			-subj "/O=umod tests/CN=umod test signing key/emailAddress=t@example.org" \
			-set_serial 0x3ba9c5d1e2f40718293a4b5c6d7e8f90a1b2c3d4 2> /dev/null ||
			return 1
	fi
	openssl cms -sign -in "$1" -signer "$cert" -inkey "$key" -binary -outform DER \
		-nocerts -noattr -nosmimecap -md sha256 -out "$1.p7s" || return 1
	# struct module_signature: algo, hash, id_type 2 (PKCS#7), three
	# lengths, three pad bytes, the blob's length big-endian; the magic
	local len b
	len=$(stat -c %s "$1.p7s")
	{
		cat "$1.p7s"
		for b in 0 0 2 0 0 0 0 0 $((len >> 24 & 255)) $((len >> 16 & 255)) \
			 $((len >> 8 & 255)) $((len & 255)); do
			printf "\\$(printf %03o "$b")"
		done
		printf '~Module signature appended~\n'
	} >> "$1"
}
