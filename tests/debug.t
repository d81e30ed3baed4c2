#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# debug.t - module code for debuggers and profilers (docs/debugging.md).
# gdb, attached to a running umodd, stops in a module's init at a
# breakpoint set by name, shows its frames and source lines through the
# JIT interface, forgets init code once init is done and the module once
# it is unloaded; the perf map names the module's functions, and so does
# perf report where perf works; dmesg -w follows the log as the module
# writes to it, -l, -T, -r and -c print it as util-linux's dmesg does.
#
# The module, tests/debug/dbg, is built the Kbuild way with no debug flag
# of its own: its line numbers show that modules carry -g by default.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL
tree=$(cd "$(dirname "$0")/.." && pwd)
BD=$(cd "$tree/${UMOD_B:-build}" && pwd)
. "$tree/tests/tap.sh"
export LC_ALL=C

command -v gdb >/dev/null || skip_all "gdb is not installed"
for f in umodd umod modpost umodd.symvers; do
	[ -e "$BD/$f" ] || skip_all "$BD/$f is missing: run make first"
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/debug.XXXXXX")
FOLLOWER= HOST_PID=
cleanup() {	# after tap.sh has stopped umodd
	[ -z "$FOLLOWER" ] || { kill -TERM "$FOLLOWER" 2>/dev/null; wait "$FOLLOWER" 2>/dev/null; }
	[ -n "$HOST_PID" ] && rm -f "/tmp/perf-$HOST_PID.map"
	rm -rf "$tmp"
}
at_exit cleanup

# gdb must be let attach (Yama's ptrace_scope, a container's seccomp).
sleep 60 & probe=$!
timeout 60 gdb -nx -batch -p "$probe" >"$tmp/probe" 2>&1
kill "$probe"; wait "$probe" 2>/dev/null
grep -q "detached" "$tmp/probe" ||
	skip_all "gdb cannot attach here (ptrace_scope $(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo absent)): $(grep -m1 -i ptrace "$tmp/probe")"

# ---- The module, with the Kbuild defaults ----
cp -r "$tree/tests/debug/dbg" "$tmp/dbg"
make -C "$tree" B="${UMOD_B:-build}" M="$tmp/dbg" UMOD_SYMVERS="$BD/umodd.symvers" \
	>"$tmp/make.log" 2>&1
ok $? "dbg.ko builds the Kbuild way" || diag <"$tmp/make.log"
readelf -S "$tmp/dbg/dbg.ko" | grep -q '\.debug_info'
ok $? "modules carry debug info by default (CONFIG_DEBUG_INFO)"
tick_line=$(grep -n 'return turn + 1;' "$tmp/dbg/dbg.c" | cut -d: -f1)
call_line=$(grep -n 'turn = dbg_tick(turn);' "$tmp/dbg/dbg.c" | cut -d: -f1)

# ---- The host, with a perf map, and a dmesg follower ----
export UMOD_HOST=$tmp/umodd.sock
UMOD_PERF_MAP=1 UMODD=$BD/umodd UMOD=$BD/umod umodd_start "$UMOD_HOST" "$tmp/umodd.log"
ok $? "umodd starts, writing a perf map"
HOST=$UMODD_PID HOST_PID=$UMODD_PID
"$BD/umod" dmesg -w >"$tmp/follow" 2>&1 &
FOLLOWER=$!

# gdb batch session against the host: gdb_host OUT COMMANDS...
gdb_host() {
	local out=$1 args=()
	shift
	for c in "$@"; do args+=(-ex "$c"); done
	timeout 120 gdb -nx -batch -p "$HOST" "${args[@]}" >"$out" 2>&1
}

# ---- Stopped in init, at a breakpoint set by name ----
"$BD/umod" insmod "$tmp/dbg/dbg.ko" >"$tmp/insmod" 2>&1 &
insmod=$!
# Attach while the load is under way: the breakpoint may be pending
# until the module registers, or set at once if it already has.
gdb_host "$tmp/gdb1" 'set breakpoint pending on' 'break dbg_tick' continue \
	bt 'info line *$pc' 'info symbol dbg_init' \
	'printf "tick=%p init=%p\n", dbg_tick, dbg_init' \
	'set var dbg_release = 1'
grep -q "hit Breakpoint 1, dbg_tick (turn=.*) at .*/dbg.c:$tick_line\$" "$tmp/gdb1"
ok $? "gdb stops at a breakpoint on a module function, by name" || diag <"$tmp/gdb1"
grep -Eq "^#1 +0x[0-9a-f]+ in dbg_init \(\) at .*/dbg.c:$call_line\$" "$tmp/gdb1"
ok $? "the backtrace goes through the module's init, with its source line" ||
	diag <"$tmp/gdb1"
grep -Eq "^#[0-9]+ .* in (do_init_module|load_module) " "$tmp/gdb1"
ok $? "... and on into the host's loader" || diag <"$tmp/gdb1"
grep -q "^Line $tick_line of \".*/dbg.c\" starts at address 0x[0-9a-f]* <dbg_tick>" "$tmp/gdb1"
ok $? "info line names the module's source file and line" || diag <"$tmp/gdb1"
grep -q "^dbg_init in section \.init\.text of <in-memory@0x[0-9a-f]*>\$" "$tmp/gdb1"
ok $? "init code has its own name, as kallsyms gives it, not init_module" ||
	diag <"$tmp/gdb1"
tick=$(sed -n 's/^tick=\(0x[0-9a-f]*\) init=.*/\1/p' "$tmp/gdb1")
init=$(sed -n 's/^tick=.* init=\(0x[0-9a-f]*\)$/\1/p' "$tmp/gdb1")
wait "$insmod"
ok $? "init returns once gdb sets dbg_release" || diag <"$tmp/insmod"

# ---- Loaded: core code known, init code gone ----
gdb_host "$tmp/gdb2" "info symbol $tick" 'info line dbg_tick' \
	"info symbol $init" 'info line dbg_init' 'print dbg_release'
grep -q "^dbg_tick in section \.text of <in-memory@0x[0-9a-f]*>\$" "$tmp/gdb2"
ok $? "a later gdb resolves the module function's address" || diag <"$tmp/gdb2"
grep -q "^Line $tick_line of \".*/dbg.c\" starts at address $tick <dbg_tick>" "$tmp/gdb2"
ok $? "... and its source line" || diag <"$tmp/gdb2"
has "$tmp/gdb2" "No symbol matches $init." "init code is forgotten once init memory is freed"
has "$tmp/gdb2" 'Function "dbg_init" not defined.' "... its line table too"
has "$tmp/gdb2" '$1 = 1' "gdb reads the module's data by name"

# ---- The perf map: the code that is there now ----
map=/tmp/perf-$HOST.map
grep -q "^${tick#0x} [0-9a-f]* dbg_tick \[dbg\]\$" "$map" 2>/dev/null
ok $? "the perf map names dbg_tick at gdb's address" ||
	{ echo "dbg_tick at $tick; $map:"; cat "$map"; } | diag
grep -q "dbg_exit \[dbg\]\$" "$map" && ! grep -Eq " (init|cleanup)_module \[dbg\]\$" "$map"
ok $? "... by their own names: no init_module or cleanup_module alias" ||
	diag <"$map"
grep -q "^${init#0x} " "$map" 2>/dev/null
[ $? -eq 1 ]
ok $? "... and no longer the init function, once init memory is freed" ||
	cat "$map" 2>&1 | diag

# ---- dmesg -w ----
follow_has() {	# TEXT: the follower printed it, within wait_for's bound
	wait_for grep -q "^\[ *[0-9]*\.[0-9]\{6\}\] $1\$" "$tmp/follow"
}
follow_has "dbg: released"
ok $? "dmesg -w prints the module's message as it comes" || diag <"$tmp/follow"

# ---- Unloaded: gone from gdb ----
"$BD/umod" rmmod dbg
ok $? "rmmod dbg"
follow_has "dbg: exit"
ok $? "dmesg -w prints the exit's message too" || diag <"$tmp/follow"
gdb_host "$tmp/gdb3" "info symbol $tick" 'info line dbg_tick'
has "$tmp/gdb3" "No symbol matches $tick." "after rmmod gdb no longer resolves the address"
has "$tmp/gdb3" 'Function "dbg_tick" not defined.' "... nor the function"
grep -q '\[dbg\]$' "$map"
[ $? -eq 1 ]
ok $? "the perf map no longer lists the module: the next one may land there" ||
	diag <"$map"

kill -TERM "$FOLLOWER"; wait "$FOLLOWER" 2>/dev/null; FOLLOWER=
"$BD/umod" lsmod >"$tmp/lsmod" 2>&1
ok $? "the host serves on once its follower is gone" || diag <"$tmp/lsmod"

# ---- dmesg's filters and formats ----
"$BD/umod" dmesg -l warn >"$tmp/warn"
grep -q '^\[ *[0-9]*\.[0-9]\{6\}\] dbg: exit$' "$tmp/warn" && ! grep -q released "$tmp/warn"
ok $? "dmesg -l warn keeps the warnings only" || diag <"$tmp/warn"
"$BD/umod" dmesg -r -t --level=INFO,err >"$tmp/raw"
has "$tmp/raw" "<6>dbg: released" "dmesg -r -t -l: raw level prefix, no time, names in any case"
"$BD/umod" dmesg -l nosuch >"$tmp/bad" 2>&1
[ $? -eq 1 ] && grep -q "unknown level 'nosuch'" "$tmp/bad"
ok $? "dmesg -l refuses an unknown level, as util-linux does" || diag <"$tmp/bad"
"$BD/umod" dmesg -T -l info >"$tmp/ctime"
grep -Eq "^\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] $(date +%Y)\] dbg: released$" "$tmp/ctime"
ok $? "dmesg -T prints util-linux's date" || diag <"$tmp/ctime"
"$BD/umod" dmesg -c >"$tmp/c1" && "$BD/umod" dmesg >"$tmp/c2"
grep -q "dbg: exit" "$tmp/c1" && [ ! -s "$tmp/c2" ]
ok $? "dmesg -c prints, then clears" || { cat "$tmp/c1"; echo ---; cat "$tmp/c2"; } | diag

# ---- perf report, where perf can sample ----
if ! perf record -e cpu-clock -o "$tmp/probe.data" -- true >"$tmp/perf.probe" 2>&1; then
	skip "perf cannot record here: $(head -1 "$tmp/perf.probe")"
else
	# perf runs the load once it samples the host.
	perf record -e cpu-clock -o "$tmp/perf.data" -p "$HOST" -- \
		"$BD/umod" insmod "$tmp/dbg/dbg.ko" spin=300000000 wait_ms=0 \
		>"$tmp/perf.log" 2>&1
	# While it is loaded: the map has only what is there now.
	perf report -i "$tmp/perf.data" --stdio --sort sym >"$tmp/report" 2>&1
	grep -Eq '\[\.\] dbg_(spin|tick) \[dbg\]' "$tmp/report"
	ok $? "perf report names the module's functions" ||
		{ cat "$tmp/perf.log"; head -30 "$tmp/report"; } | diag
	"$BD/umod" rmmod dbg
fi

# ---- A follower when the host stops ----
"$BD/umod" dmesg -w >"$tmp/follow2" 2>&1 &
FOLLOWER=$!
wait_for test -s "$tmp/follow2"	# attached: it printed the log so far
umodd_stop "$HOST"
ok $? "the host stops cleanly with a follower attached" || diag <"$tmp/umodd.log"
wait_for eval '! kill -0 "$FOLLOWER" 2>/dev/null'
! kill -0 "$FOLLOWER" 2>/dev/null
ok $? "... and the follower ends" || diag <"$tmp/follow2"
wait "$FOLLOWER"; FOLLOWER=

# ---- Two views: a breakpoint in module text, then another module there ----
# Without a perf map the host maps module text twice (docs/design.md):
# where it runs privately, so gdb can write its breakpoint there; the
# page, a private copy from then on, must show the next module's code.
export UMOD_HOST=$tmp/umodd2.sock
UMODD=$BD/umodd UMOD=$BD/umod umodd_start "$UMOD_HOST" "$tmp/umodd2.log"
ok $? "a host with two views of module memory starts"
HOST=$UMODD_PID
"$BD/umod" insmod "$tmp/dbg/dbg.ko" >"$tmp/insmod2" 2>&1 &
insmod=$!
gdb_host "$tmp/gdb4" 'set breakpoint pending on' 'break dbg_tick' continue \
	'set var dbg_release = 1'
grep -q "hit Breakpoint 1, dbg_tick (turn=.*) at .*/dbg.c:$tick_line\$" "$tmp/gdb4"
ok $? "gdb stops at a breakpoint in module text there too" || diag <"$tmp/gdb4"
wait "$insmod" && "$BD/umod" rmmod dbg
ok $? "the module is released and removed" || diag <"$tmp/insmod2"
"$BD/umod" insmod "$BD/tests/tools/greet.ko" who=twice times=2 >"$tmp/greet" 2>&1
ok $? "another module loads where its text was" || diag <"$tmp/greet"
"$BD/umod" dmesg >"$tmp/dmesg2"
[ "$(grep -c 'greet: hello, twice$' "$tmp/dmesg2")" = 2 ]
ok $? "and runs its own code, not the page gdb wrote to" || diag <"$tmp/dmesg2"
umodd_stop "$HOST"
ok $? "that host stops cleanly" || diag <"$tmp/umodd2.log"

done_testing
