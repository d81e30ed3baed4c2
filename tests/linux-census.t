#!/bin/bash
# tests/linux-census.t - the census of the genuine Debian trees
# (tests/linux/census.sh): every module, with its dependencies, loaded
# into one umodd through umod's modprobe and removed again; the cloud
# tree in build/linux, and Debian's full tree in build/linux-full when
# make check could fetch it.  umodd must never crash or hang, everything
# that loads must come out again, and no fewer modules may load than
# when the kernel API (kapi/) was last measured: the floors below, for
# Debian 6.1's cloud tree (1121 modules) and full amd64 tree (4023),
# where the goal is 400.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/umod-linux-census.XXXXXX)
at_exit 'rm -rf "$T"'

# census NAME TREE MODULES FLOOR: the floor holds for a tree of that
# many modules; another tree (another release) must load at least one.
census() {
	local name=$1 tree=$2 modules=$3 floor=$4 rel last total loaded removed crashes
	rel=$(ls "$tree/lib/modules" 2>/dev/null | head -n 1)
	if [ -z "$rel" ] || [ ! -d "$tree/lib/modules/$rel/kernel" ]; then
		skip "no $name module tree in $tree (tests/linux/fetch.sh)"
		return
	fi
	[ "$(find "$tree/lib/modules/$rel/kernel" -name '*.ko*' | wc -l)" -eq "$modules" ] ||
		floor=1
	"$TOP/tests/linux/census.sh" -b "$B" -n 15 -o "$T/$name" "$tree" >"$T/$name.txt" 2>&1
	ok $? "census.sh runs over the $name tree"
	note "$T/$name.txt"
	last=$(tail -n 1 "$T/$name.txt")
	read -r _ total _ loaded _ removed _ _ _ crashes _ <<<"$last"
	total=${total%%:*} loaded=${loaded:-0} removed=${removed:-0} crashes=${crashes:-1}
	[ "$crashes" = 0 ]
	ok $? "$name: umodd never crashed or hung ($crashes times)"
	[ -z "${loaded//[0-9]/}" ] && [ "$loaded" -ge "$floor" ]
	ok $? "$name: $loaded of $total modules load with their dependencies (at least $floor)"
	[ "$removed" = "$loaded" ]
	ok $? "$name: all $loaded come out again ($removed)"
	[ "$removed" = "$loaded" ] || sed -n '/not removed/,+3p' "$T/$name/refused" | diag
}

census cloud "$B/linux" 1121 193
census full "$B/linux-full" 4023 435

# The full kernel has in a module (crct10dif_common) what the cloud one
# builds in, and kapi exports as built in: umodd withdraws its own
# export for the tree's module, which then loads.
if [ -s "$T/full/loaded" ]; then
	grep -q 'crct10dif_common\.ko' "$T/full/loaded"
	ok $? "full: crct10dif_common.ko loads, its crc_t10dif_generic withdrawn from the host" ||
		sed -n '/crct10dif_common/,+2p' "$T/full/refused" | diag
fi

done_testing
