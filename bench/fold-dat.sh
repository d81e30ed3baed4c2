#!/bin/sh
# SPDX-License-Identifier: MIT
# fold-dat.sh RUN.dat... - fold the data files of repeated runs of one
# benchmark (a key column, then triples of median, min, max) into one:
# per row and triple, the median of the runs' medians, then the least
# and greatest of them - the spread a curve reproduces within.  The
# first file's comments are kept.
set -eu
[ $# -gt 0 ] || { echo "usage: fold-dat.sh RUN.dat..." >&2; exit 2; }
echo "# over $# runs: per triple, the median of the runs' medians, their min and max"
awk '
FNR == 1 { file++ }
/^#/ { if (file == 1) print; next }
NF {
	if (!($1 in n)) order[++rows] = $1
	r = ++n[$1]
	cols[$1] = NF
	for (c = 2; c <= NF; c += 3)
		v[$1, c, r] = $c + 0
}
END {
	for (i = 1; i <= rows; i++) {
		k = order[i]; m = n[k]; line = k
		for (c = 2; c <= cols[k]; c += 3) {
			for (j = 1; j <= m; j++) a[j] = v[k, c, j]
			for (j = 2; j <= m; j++)	# insertion sort: m is small
				for (l = j; l > 1 && a[l - 1] > a[l]; l--) {
					t = a[l]; a[l] = a[l - 1]; a[l - 1] = t
				}
			med = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
			line = line sprintf(" %.1f %.1f %.1f", med, a[1], a[m])
		}
		print line
	}
}' "$@"
