#!/bin/sh
# SPDX-License-Identifier: MIT
# repeat.sh N PROGRAM [ARGS...] - run one benchmark program N times and
# print, for each row of its tables, the median of the runs' medians and
# their range: the spread a figure reproduces within on this machine.
set -eu
n=${1:?usage: repeat.sh N PROGRAM [ARGS...]}
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=0
while [ "$i" -lt "$n" ]; do
	"$@" >> "$out"
	i=$((i + 1))
done
echo "| fig | measurement | median of $n runs | min | max | spread | unit |"
echo "|-----|-------------|-------:|----:|----:|-----:|------|"
awk -F'|' '
function num(x) { return x >= 1000 ? sprintf("%.0f", x) : sprintf("%.3g", x) }
/^\| [0-9]+ \|/ {
	key = $2 "|" $3
	if (!(key in count)) order[++rows] = key
	unit[key] = $7
	v[key, ++count[key]] = $4 + 0
}
END {
	for (r = 1; r <= rows; r++) {
		k = order[r]; c = count[k]
		for (i = 1; i <= c; i++) a[i] = v[k, i]
		for (i = 2; i <= c; i++)	# insertion sort: c is small
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		med = c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
		split(k, f, "|")
		printf "|%s|%s| %s | %s | %s | %.0f%% |%s|\n", f[1], f[2], num(med),
		       num(a[1]), num(a[c]), med ? 100 * (a[c] - a[1]) / med : 0, unit[k]
	}
}' "$out"
