#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# arrows.t - the files of the built libraries call one way
# (docs/design.md): no two objects reference symbols defined in each
# other, and the core never references demand loading.  tests/arrows.sh
# reads `nm` of the objects; first it must catch a circle and a core
# object calling demand loading, in objects built here for the purpose.
set -u
tree=$(cd "$(dirname "$0")/.." && pwd)
BD=$(cd "$tree/${UMOD_B:-build}" && pwd)
. "$tree/tests/tap.sh"
export LC_ALL=C
CC=${CC:-cc}

[ -d "$BD/pic/src" ] || skip_all "$BD/pic/src is missing: run make first"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/arrows.XXXXXX")
at_exit 'rm -rf "$tmp"'

obj() {	# obj NAME C-SOURCE: $tmp/pic/src/NAME.o
	mkdir -p "$tmp/pic/src"
	printf '%s\n' "$2" > "$tmp/$1.c"
	"$CC" -c -o "$tmp/pic/src/$1.o" "$tmp/$1.c"
}

# Two files that call each other, and a core file calling kmod.c.
obj a 'int b(void); int a(void) { return b(); }'
obj b 'int a(void); int b(void) { return 1; } int c(void) { return a(); }'
obj ctx 'int kmod_x(void); int ctx_y(void) { return kmod_x(); }'
obj kmod 'int umod_z(void); int kmod_x(void) { return umod_z(); }'
obj log 'int umod_z(void) { return 0; }'
out=$("$tree/tests/arrows.sh" "$tmp" pic/src)
ok $((! $?)) "a circle fails the check"
is "$(echo "$out" | cut -d' ' -f1-3)" "circle pic/src/a.o pic/src/b.o
demand pic/src/ctx.o pic/src/kmod.o" "it names both files of each broken arrow"

rm "$tmp"/pic/src/{b,ctx}.o
out=$("$tree/tests/arrows.sh" "$tmp" pic/src)
ok $? "one-way references pass (kmod -> log)" || echo "$out" | diag

out=$("$tree/tests/arrows.sh" "$BD")
ok $? "libumod and libumod-kapi: every arrow runs one way" || echo "$out" | diag
# The user half apart: shared/ is compiled into both, so each half is
# checked with its own copy of it.
out=$("$tree/tests/arrows.sh" "$BD" libtools tools shared)
ok $? "libumod-tools and the tools: every arrow runs one way" || echo "$out" | diag
out=$("$tree/tests/arrows.sh" "$BD" umodd-objs mk bench/obj)
ok $? "umodd, modpost and genksyms, the benchmarks: every arrow runs one way" ||
	echo "$out" | diag
done_testing
