#!/usr/bin/env bash
# tests/regress.t - every input a fuzzer once failed on (tests/regress/
# <target>/), replayed through the same harness built without libFuzzer
# (fuzz/replay.c): each must now pass the harness's checks.  Under make
# check-sanitize the replays run with AddressSanitizer and UBSan.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
B=${UMOD_B:-build}

for dir in tests/regress/*/; do
	t=$(basename "$dir")
	replay=$B/fuzz/replay-$t
	for input in "$dir"*; do
		[ -f "$input" ] || continue
		if [ ! -x "$replay" ]; then
			skip "$input: $replay not built"
			continue
		fi
		out=$("$replay" "$input" 2>&1)
		ok $? "$input" || printf '%s\n' "$out" | tail -n 20 | diag
	done
done
done_testing
