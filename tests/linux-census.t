#!/bin/bash
# tests/linux-census.t - the census of the genuine Debian tree in
# build/linux (tests/linux/census.sh): every module, with its
# dependencies, loaded into one umodd through umod's modprobe and removed
# again.  umodd must never crash or hang, everything that loads must come
# out again, and no fewer modules may load than when the kernel API
# (kapi/) was last measured: 117 of Debian 6.1 cloud's 1121.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
rel=$(ls "$B/linux/lib/modules" 2>/dev/null | head -n 1)
[ -n "$rel" ] && [ -d "$B/linux/lib/modules/$rel/kernel" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
T=$(mktemp -d /tmp/umod-linux-census.XXXXXX)
at_exit 'rm -rf "$T"'
floor=117
[ "$(find "$B/linux/lib/modules/$rel/kernel" -name '*.ko*' | wc -l)" -eq 1121 ] || floor=1

"$TOP/tests/linux/census.sh" -b "$B" -n 15 -o "$T/out" >"$T/census" 2>&1
ok $? "census.sh runs over the tree"
note "$T/census"
last=$(tail -n 1 "$T/census")
read -r _ total _ loaded _ removed _ _ _ crashes _ <<<"$last"
total=${total%%:*} loaded=${loaded:-0} removed=${removed:-0} crashes=${crashes:-1}
[ "$crashes" = 0 ]
ok $? "umodd never crashed or hung ($crashes times)"
[ -z "${loaded//[0-9]/}" ] && [ "$loaded" -ge "$floor" ]
ok $? "$loaded of $total modules load with their dependencies (at least $floor)"
[ "$removed" = "$loaded" ]
ok $? "all $loaded come out again ($removed)"
[ "$removed" = "$loaded" ] || sed -n '/not removed/,+3p' "$T/out/refused" | diag

done_testing
