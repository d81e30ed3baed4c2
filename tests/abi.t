#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# abi.t - libumod.so exports exactly what src/libumod.sym lists, each
# versioned UMOD_1, and the host API keeps Linux's names out of a host's
# namespace: <umod/host.h> declares none of them, <umod/linux.h> does.
# The hosts built here take the build's CFLAGS (a sanitizer's, say).
set -u
tree=$(cd "$(dirname "$0")/.." && pwd)
BD=$(cd "$tree/${UMOD_B:-build}" && pwd)
. "$tree/tests/tap.sh"
export LC_ALL=C
CC=${CC:-cc}

so=$BD/libumod.so
[ -e "$so" ] || skip_all "$so is missing: run make first"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The script's names: "name;" lines between global: and local:.
sed -n '/^global:/,/^local:/p' "$tree/src/libumod.sym" |
	sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' | sort > "$tmp/script"
nm -D --defined-only "$so" | awk '$3 != "UMOD_1" { print $3 }' |
	sed 's/@.*//' | sort > "$tmp/exported"
[ -s "$tmp/script" ] && [ -s "$tmp/exported" ]
ok $? "the version script and the library both name symbols"
diff -u "$tmp/script" "$tmp/exported" > "$tmp/diff"
ok $? "libumod.so exports exactly src/libumod.sym's symbols" || diag < "$tmp/diff"

nm -D --defined-only --with-symbol-versions "$so" |
	awk '$3 != "UMOD_1" && $3 !~ /@@UMOD_1$/ { print $3 }' > "$tmp/unversioned"
[ ! -s "$tmp/unversioned" ]
ok $? "every export is versioned UMOD_1" || diag < "$tmp/unversioned"

# A host of its own struct module and request_module builds with
# <umod/host.h>; one with Linux's names builds with <umod/linux.h>.
cat > "$tmp/own.c" <<'C'
#include <umod/host.h>
struct module { int mine; };
static int request_module(struct module *m) { return m->mine; }
int main(void)
{
	struct module m = { 0 };
	struct umod_ctx *ctx = umod_ctx_new();

	umod_ctx_free(ctx);
	return request_module(&m) + (umod_errmsg()[0] != 0);
}
C
"$CC" ${UMOD_CHECK_CFLAGS-} -std=gnu11 -Wall -Werror -I"$tree/include" \
	-o "$tmp/own" "$tmp/own.c" \
	-L"$BD" -lumod -pthread 2> "$tmp/err"
ok $? "<umod/host.h> leaves struct module and request_module to the host" ||
	diag < "$tmp/err"
ln -s "$so" "$tmp/libumod.so.0"
LD_LIBRARY_PATH=$tmp "$tmp/own"
ok $? "and such a host runs against libumod.so"

cat > "$tmp/linux.c" <<'C'
#include <errno.h>
#include <umod/linux.h>
static int note(struct module *mod, enum module_state s, void *arg)
{
	return s == MODULE_STATE_LIVE && try_module_get(mod) ? (module_put(mod), 0) : 0;
}
int main(void)
{
	struct umod_ctx *ctx = umod_ctx_new();
	int ret = umod_register_notifier(ctx, note, NULL);

	ret |= request_module("no-such-%d", 1) != -ENOENT;
	umod_ctx_free(ctx);
	return ret || module_name(NULL)[0] != 'k';
}
C
"$CC" ${UMOD_CHECK_CFLAGS-} -std=gnu11 -Wall -Werror -I"$tree/include" \
	-o "$tmp/linux" \
	"$tmp/linux.c" -L"$BD" -lumod -pthread 2> "$tmp/err"
ok $? "<umod/linux.h> gives a host Linux's names" || diag < "$tmp/err"
LD_LIBRARY_PATH=$tmp "$tmp/linux" 2>/dev/null
ok $? "and they reach libumod.so: request_module without a host says -ENOENT"
done_testing
