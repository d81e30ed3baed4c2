#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh DIR [--quick | --smoke] - run every benchmark built in DIR and
# print one Markdown table per figure, after the machine and the date.
# --smoke is the minimum that still exercises every program, for make check.
set -eu
dir=${1:?usage: run.sh DIR [--quick | --smoke]}
shift
mode=${1:-}

cores=$(grep -c '^processor' /proc/cpuinfo)
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
echo "## umod benchmarks${mode:+ ($mode)}"
echo
echo "- machine: $model, $cores cores, $mem; $(uname -sr)"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

# System calls per load of figure 2's module: strace -c over N loads,
# less a run with none.  Without strace the floor leaves them out.
syscalls_per_load() {
	prog=$1 n=$2
	command -v strace >/dev/null || return 0
	count() {
		strace -f -c -o "$dir/strace.out" "$prog" --dir "$dir" $mode --once "$1" \
			>/dev/null 2>&1 || return 1
		awk '$NF == "total" { print $4 }' "$dir/strace.out"
	}
	base=$(count 1) && all=$(count $((n + 1))) || return 0
	rm -f "$dir/strace.out"
	echo "$all $base $n" | awk '{ printf "%.1f", ($1 - $2) / $3 }'
}

"$dir/bench-small" --dir "$dir" $mode
sys=$(syscalls_per_load "$dir/bench-large" 10)
"$dir/bench-large" --dir "$dir" $mode ${sys:+--syscalls "$sys"}
"$dir/bench-symbols" --dir "$dir" $mode
"$dir/bench-many" --dir "$dir" $mode
"$dir/bench-ctl" --dir "$dir" $mode
"$dir/bench-tools" --dir "$dir" $mode
# figures 3's and 6's curves, from the run's own data, where gnuplot is
for fig in fig3-symbols fig6-linux; do
	if [ "$mode" != --smoke ] && [ -s "$dir/$fig.dat" ] && command -v gnuplot >/dev/null; then
		gnuplot -e "data='$dir/$fig.dat'; out='$dir/$fig.svg'" \
			"$(dirname "$0")/$fig.gp" &&
			echo && echo "(curves: $dir/$fig.svg)"
	fi
done
