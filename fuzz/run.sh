#!/bin/sh
# fuzz/run.sh FZ SECONDS TARGET... - run each fuzzer for SECONDS from its
# seed corpus; fail if any finds a crash, a leak, a sanitizer report or a
# broken invariant.  New inputs go to FZ/work/<target>, findings to
# FZ/findings/<target>/, with the fuzzer's log beside them.
set -u
FZ=$1
SECONDS_EACH=$2
shift 2
failed=

dict_for() {
	case $1 in
	elf|load|modinfo) echo fuzz/dict/elf.dict ;;
	ctl|conn) echo fuzz/dict/proto.dict ;;
	*) echo "fuzz/dict/$1.dict" ;;
	esac
}

passed=0
for t in "$@"; do
	work=$FZ/work/$t
	found=$FZ/findings/$t
	mkdir -p "$work" "$found"
	log=$found/log
	printf 'fuzz %-9s %ss ... ' "$t" "$SECONDS_EACH"
	# Leaks are checked after every input; one input gets 10 s at most.
	if "$FZ/fuzz-$t" -max_total_time="$SECONDS_EACH" -timeout=10 \
		-rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
		-dict="$(dict_for "$t")" -artifact_prefix="$found/" \
		"$work" "$FZ/corpus/$t" >"$log" 2>&1; then
		echo "ok, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" |
			grep -o '[0-9]*$') runs"
		passed=$((passed + 1))
	else
		echo "FAILED: see $log"
		grep -m1 -E 'ERROR: |runtime error|fuzz-|ctlhost:' "$log" | sed 's/^/    /'
		sed -n 's/^.*Test unit written to /    /p' "$log"
		failed="$failed $t"
	fi
done
set -- $failed
[ -z "$failed" ] ||
	echo "fuzz: findings in:$failed (keep each in tests/regress/<target>/ once fixed)"
# The plain closing line CI reads: targets, not inputs.
echo "fuzz: $passed passed, $# failed"
[ -z "$failed" ]
