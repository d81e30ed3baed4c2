#!/bin/bash
# tests/linux-load.t - every module of the genuine Debian tree in
# build/linux that dry-runs clean, loaded for real with insmod -f into one
# umodd, dependencies first (modules.dep order, from umod depmod), then
# removed newest first.  Their init runs in the host: umodd must stay alive
# and answering throughout.
#
# Needs umodd non-PIE at a low address (or nothing dry-runs clean), Linux's
# stack alignment and %gs stack canary at the host boundary, and faults in
# module code caught as oopses.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
root=$B/linux
rel=$(ls "$root/lib/modules" 2>/dev/null | head -n 1)
[ -n "$rel" ] && [ -d "$root/lib/modules/$rel/kernel" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
T=$(mktemp -d /tmp/umod-linux-load.XXXXXX)
at_exit 'rm -rf "$T"'

# modules.dep lists each module's dependencies whole, so a module has
# more of them than any module it needs: by that count is an order.
dir=$root/lib/modules/$rel
"$B/depmod" -n -b "$root" "$rel" >"$T/depmod" 2>"$T/depmod.err"
ok $? "umod depmod -n writes modules.dep for the tree"
sed '/^#/,$d' "$T/depmod" | awk -F: '{ print split($2, d, " "), $1 }' |
	sort -s -n -k1,1 | cut -d' ' -f2- >"$T/order"
count=$(find "$dir/kernel" -name '*.ko*' | wc -l)
[ "$(wc -l <"$T/order")" -eq "$count" ]
ok $? "in an order for all $count modules"

export UMOD_HOST=$T/s/umodd.sock
umodd_start "$UMOD_HOST" "$T/umodd.log"
ok $? "umodd listens"

# Listed by lsmod: $1 the name as the host knows it.
listed() { awk -v m="$1" 'NR > 1 && $1 == m { f = 1 } END { exit !f }' "$T/lsmod"; }

clean=0 inits=0 alive=1 wrong=0
: >"$T/loaded"
: >"$T/refused"
while read -r m; do
	f=$dir/$m
	"$B/insmod" --dry-run -f "$f" >/dev/null 2>&1 || continue
	clean=$((clean + 1))
	name=$("$B/modinfo" -F name "$f")
	"$B/insmod" -f "$f" >"$T/out" 2>&1
	rc=$?
	if ! "$B/lsmod" >"$T/lsmod" || ! kill -0 "$UMODD_PID" 2>/dev/null; then
		alive=0
		echo "$m: the host stopped answering" >>"$T/refused"
		break
	fi
	if [ $rc -eq 0 ]; then
		echo "$name $f" >>"$T/loaded"
		listed "$name" || { wrong=$((wrong + 1)); echo "$m: loaded, not listed" >>"$T/refused"; }
		readelf -sW "$f" | grep -qw init_module && inits=$((inits + 1))
	else
		{ echo "$m (exit $rc):"; cat "$T/out"; } >>"$T/refused"
		! listed "$name" || { wrong=$((wrong + 1)); echo "$m: refused, yet listed" >>"$T/refused"; }
	fi
done <"$T/order"
loaded=$(wc -l <"$T/loaded")

[ "$clean" -gt 0 ]
ok $? "$clean modules dry-run clean"
[ "$alive" -eq 1 ]
ok $? "umodd answered lsmod after each of their insmod -f"
[ "$alive" -eq 1 ] || diag "$T/refused" <(tail -n 20 "$T/umodd.log")
[ "$wrong" -eq 0 ]
ok $? "lsmod lists each module that loaded, and none that did not"
echo "$loaded of $clean clean modules loaded, $inits of them ran an init; $((clean - loaded)) refused" | note
[ "$loaded" -eq "$clean" ] || diag "$T/refused"

# Newest first: no module goes before those that use it.
removed=0
while read -r name f; do
	"$B/rmmod" "$name" >"$T/out" 2>&1 && removed=$((removed + 1)) || diag "$T/out"
	"$B/lsmod" >"$T/lsmod" || break
done < <(tac "$T/loaded")
[ "$removed" -eq "$loaded" ]
ok $? "rmmod removes all $loaded, newest first"
"$B/lsmod" >"$T/lsmod"
ok $? "the host answers after that"
[ "$(wc -l <"$T/lsmod")" -eq 1 ]
ok $? "and lists no module"
# Loaded again, then left to umodd's own shutdown, which unloads them:
# a module another still holds (load_nls's try_module_get) goes after it.
while read -r name f; do
	"$B/insmod" -f "$f" >/dev/null 2>&1
done <"$T/loaded"
"$B/lsmod" >"$T/lsmod"
[ "$(($(wc -l <"$T/lsmod") - 1))" -eq "$loaded" ]
ok $? "all $loaded load again"
umodd_stop
ok $? "umodd exits cleanly, unloading them itself"
! grep -q 'fatal SIG' "$T/umodd.log"
ok $? "and no module's exit faulted on the way" || diag <(grep -A3 'fatal SIG' "$T/umodd.log")

done_testing
