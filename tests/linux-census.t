#!/bin/bash
# tests/linux-census.t - the census of the genuine Debian tree in
# build/linux (tests/linux/census.sh): every module, with its
# dependencies, loaded into one umodd through umod's modprobe and removed
# again.  umodd must never crash or hang, everything that loads must come
# out again, and no fewer modules may load than when the kernel API
# (kapi/) was last measured: 117 of Debian 6.1 cloud's 1121.
set -u
B=$(cd "${UMOD_B:-build}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
rel=$(ls "$B/linux/lib/modules" 2>/dev/null | head -n 1)
if [ -z "$rel" ] || [ ! -d "$B/linux/lib/modules/$rel/kernel" ]; then
	echo "1..0 # SKIP no Linux module tree (tests/linux/fetch.sh $B/linux)"
	exit 0
fi
T=$(mktemp -d /tmp/umod-linux-census.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0 failed=0
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
floor=117
[ "$(find "$B/linux/lib/modules/$rel/kernel" -name '*.ko*' | wc -l)" -eq 1121 ] || floor=1

"$TOP/tests/linux/census.sh" -b "$B" -n 15 -o "$T/out" >"$T/census" 2>&1
ok $? "census.sh runs over the tree"
sed 's/^/# /' "$T/census"
last=$(tail -n 1 "$T/census")
read -r _ total _ loaded _ removed _ _ _ crashes _ <<<"$last"
total=${total%%:*} loaded=${loaded:-0} removed=${removed:-0} crashes=${crashes:-1}
[ "$crashes" = 0 ]
ok $? "umodd never crashed or hung ($crashes times)"
[ -z "${loaded//[0-9]/}" ] && [ "$loaded" -ge "$floor" ]
ok $? "$loaded of $total modules load with their dependencies (at least $floor)"
[ "$removed" = "$loaded" ]
ok $? "all $loaded come out again ($removed)"
[ "$removed" = "$loaded" ] || sed -n '/not removed/,+3p' "$T/out/refused" | sed 's/^/# /'

echo "1..$n"
[ "$failed" -eq 0 ]
