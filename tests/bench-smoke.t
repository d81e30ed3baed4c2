#!/bin/bash
# SPDX-License-Identifier: MIT
# bench-smoke.t - every benchmark runs at its smallest (bench/run.sh
# --smoke) and prints a well-formed table for each figure, so the
# benchmark code cannot rot.  No timing is judged: only the form.
. "$(dirname "$0")/tap.sh"
dir=${UMOD_BENCH_DIR:-build/bench}
figures="1 2 3 4 5 6"
out=$(mktemp)
at_exit 'rm -f "$out"'

sh bench/run.sh "$dir" --smoke > "$out" 2>&1
ok $? "bench/run.sh --smoke exits 0" || diag "$out"

# Rows: | fig | measurement | median | min | max | unit |, numbers plain,
# min <= median <= max.  Prints the bad rows, and "fig N: rows" for each
# figure whose table has a title, the header and at least one row.
check=$(awk -F'|' '
	function num(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?$/ }
	function trim(s) { gsub(/^ +| +$/, "", s); return s }
	/^### Figure [0-9]+:/ { fig = $0; sub(/^### Figure /, "", fig); sub(/:.*/, "", fig); next }
	/^\| fig \| measurement \|/ { header[fig] = 1; next }
	/^\|-/ { next }
	/^\|/ {
		f = trim($2); med = trim($4); lo = trim($5); hi = trim($6); unit = trim($7)
		if (NF != 8 || f != fig || trim($3) == "" || unit == "" ||
		    !num(med) || !num(lo) || !num(hi) || lo + 0 > med + 0 || med + 0 > hi + 0)
			print "bad row: " $0
		else
			rows[fig]++
	}
	END { for (f in rows) if (header[f]) print "fig " f ": " rows[f] " rows" }
' "$out")
unlike "$check" '^bad row' "every row is well-formed"
for f in $figures; do
	like "$check" "^fig $f: [1-9]" "figure $f has a table"
done
done_testing
