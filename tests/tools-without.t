#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tools-without.t - the tools built without a library kmod can do without
# (libtools/libtools.mk's WITH_ZLIB=n, WITH_XZ=n, WITH_ZSTD=n,
# WITH_OPENSSL=n; `umod --version` names what is built in), against kmod
# 30 built without the same: a file of a compression built without is no
# module - modinfo finds no module of that name, depmod indexes nothing
# of it, and its bytes read as a module's are no ELF; without OpenSSL a
# signature shows its kind and nothing else, and there is no sign-file.
# kmod is compared live: as it is where it lacks the library too
# (Debian's is built without zlib), else as it reads the tree without
# that file, or with its signature's fields emptied as kmod 30's
# libkmod-signature.c empties them.  What the build has is skipped.

. "$(dirname "$0")/modtools.sh"

[ "$kmod_live" = 1 ] || skip_all "no kmod to compare with"
kmod_with() { "$kmod_modinfo" --version | sed -n 2p | grep -qw -- "+$1"; }

module plain "plain_get" "" 'MODULE_ALIAS("plain-alias");' \
	'MODULE_DESCRIPTION("compressed, or not");' ||
	skip_all "cannot compile test modules"
cd "$tmp" || exit 1
mods=lib/modules/6.1.0

# both DESCRIPTION CMD...: umod's TOOL and kmod's, output and status
# (CMD's first word is the tool's name).
both() {
	local what=$1 tool=$2
	shift 2
	run ours "$umod" "$tool" "$@"
	run kmod "$tmp/kmod-bin/$tool" "$@"
	cat ours.err >> ours.out
	cat kmod.err >> kmod.out
	same "$what" kmod.out ours.out
}

for z in "gzip gz ZLIB" "xz xz XZ" "zstd zst ZSTD"; do
	set -- $z
	if umod_with "$3"; then
		skip "umod is built with $3"
		continue
	fi
	have "$1" || { skip "no $1 to make a .ko.$2"; continue; }
	"$1" -q -c "$tmp/src/plain.ko" > "plain.ko.$2"

	run ours "$umod" modinfo "plain.ko.$2"
	is "$(cat ours.out ours.err)" "modinfo: ERROR: Module plain.ko.$2 not found.
exit 1" "without $3, modinfo plain.ko.$2 finds no module, as kmod 30 built without it"
	kmod_with "$3" ||
		both "without $3, modinfo plain.ko.$2 is kmod's, built without it too" \
			modinfo "plain.ko.$2"

	cp "plain.ko.$2" "plain-$2.ko"
	run ours "$umod" modinfo "plain-$2.ko"
	is "$(tail -n 2 ours.err)" "modinfo: ERROR: could not get modinfo from 'plain_$2': Exec format error
exit 1" "without $3, a $1 file named .ko is no ELF"
	kmod_with "$3" ||
		both "without $3, a $1 file named .ko: kmod's, built without it too" \
			modinfo "plain-$2.ko"

	rm -rf u k
	mkdir -p u/$mods/kernel k/$mods/kernel
	cp "$tmp/src/plain.ko" u/$mods/kernel/other.ko
	cp "$tmp/src/plain.ko" k/$mods/kernel/other.ko
	cp "plain.ko.$2" u/$mods/kernel/
	# kmod built with the library would index the file: it reads the
	# tree without it
	kmod_with "$3" || cp "plain.ko.$2" k/$mods/kernel/
	"$umod" depmod -b u 6.1.0 2> ours.err
	"$tmp/kmod-bin/depmod" -b k 6.1.0 2> kmod.err
	same "without $3, depmod indexes no .ko.$2" k/$mods/modules.dep u/$mods/modules.dep
	same "without $3, depmod's aliases are kmod's" k/$mods/modules.alias u/$mods/modules.alias
	cmp -s k/$mods/modules.dep.bin u/$mods/modules.dep.bin
	ok $? "without $3, modules.dep.bin is kmod's"
done

if umod_with LIBCRYPTO; then
	skip "umod is built with LIBCRYPTO"
elif ! have openssl || ! { cp "$tmp/src/plain.ko" signed.ko && sign signed.ko; }; then
	skip "openssl cannot sign"
else
	run ours "$umod" modinfo signed.ko
	run kmod "$kmod_modinfo" signed.ko
	if kmod_with LIBCRYPTO; then
		# kmod 30 without OpenSSL: fill_pkcs7() names the kind and an
		# "unknown" digest; signer, key and signature stay empty
		perl -0pi -e 's/^(signer|sig_key|signature):( *).*(?:\n\t\t.*)*/$1:$2/mg;
			s/^(sig_hashalgo: *).*/$1unknown/m' kmod.out
	fi
	same "without OpenSSL, a signature shows its kind alone, as kmod 30's" kmod.out ours.out
	grep -q '^sig_hashalgo:   unknown$' ours.out
	ok $? "its digest is unknown"
	run ours "$umod" sign-file sha256 signing.pem signing.crt signed.ko
	like "$(cat ours.out ours.err)" "invalid command 'sign-file'" \
		"without OpenSSL there is no sign-file"
	grep -q '^exit [1-9]' ours.err
	ok $? "and umod sign-file fails"
fi

done_testing
