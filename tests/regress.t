#!/usr/bin/env bash
# tests/regress.t - every input a fuzzer once failed on (tests/regress/
# <target>/), replayed through the same harness built without libFuzzer
# (fuzz/replay.c): each must now pass the harness's checks.  Under make
# check-sanitize the replays run with AddressSanitizer and UBSan.
cd "$(dirname "$0")/.." || exit 1
B=${UMOD_B:-build}
n=0
failed=0

for dir in tests/regress/*/; do
	t=$(basename "$dir")
	replay=$B/fuzz/replay-$t
	for input in "$dir"*; do
		[ -f "$input" ] || continue
		n=$((n + 1))
		if [ ! -x "$replay" ]; then
			echo "ok $n - $input # SKIP $replay not built"
			continue
		fi
		if out=$("$replay" "$input" 2>&1); then
			echo "ok $n - $input"
		else
			echo "not ok $n - $input"
			printf '%s\n' "$out" | tail -n 20 | sed 's/^/# /'
			failed=$((failed + 1))
		fi
	done
done
echo "1..$n"
[ "$failed" -eq 0 ]
