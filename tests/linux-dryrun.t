#!/bin/bash
# tests/linux-dryrun.t - every module of the genuine Debian tree in
# build/linux, dry-run into one umodd with insmod --dry-run -f: each would
# load or fails on unknown symbols alone (the host exports a small part
# of Linux), never on layout, ELF, relocation range or export checks.
# One host, one module at a time.
#
# Needs umodd linked non-PIE at a low address: a PIE host is out of reach
# of the modules' 32-bit references to its data.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
root=$B/linux
rel=$(ls "$root/lib/modules" 2>/dev/null | head -n 1)
[ -n "$rel" ] && [ -d "$root/lib/modules/$rel/kernel" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
T=$(mktemp -d /tmp/umod-linux-dryrun.XXXXXX)
at_exit 'rm -rf "$T"'

export UMOD_HOST=$T/s/umodd.sock
umodd_start "$UMOD_HOST" "$T/umodd.log"
ok $? "umodd listens"

find "$root/lib/modules/$rel/kernel" -name '*.ko*' | sort >"$T/modules"
count=$(wc -l <"$T/modules")
packed=$(grep -cE '\.ko\.(gz|xz|zst)$' "$T/modules")
[ "$count" -gt 0 ]
ok $? "$count modules of Linux $rel, $([ "$packed" -eq 0 ] && echo "none compressed" ||
	echo "$packed compressed (insmod inflates them)")"

# Past kmod's first line, each line must name an unknown symbol (or say
# why a GPL-only one is unknown).  Bash alone reads the output: a fork per
# line would cost more than the dry runs.
sym_re='^insmod: ERROR: [^ :]+: Unknown symbol ([^ ]+) \(err -2\)$'
gpl_re='^insmod: ERROR: [^ :]+: [^ ]+ is GPL-only, and the module.s license is not GPL-compatible$'
would=0 lacking=0 other=0
: >"$T/would"
: >"$T/bad"
exec 3>"$T/missing"
while read -r f; do
	"$B/insmod" --dry-run -f "$f" >"$T/out" 2>&1
	rc=$?
	mapfile -t lines <"$T/out"
	if [ $rc -eq 0 ] && [ ${#lines[@]} -eq 0 ]; then
		would=$((would + 1))
		echo "${f##*/}" >>"$T/would"
		continue
	fi
	good=$([ $rc -eq 1 ] && [ ${#lines[@]} -gt 1 ] && echo 1)
	[ "${lines[0]:-}" = "insmod: ERROR: module $f would not load: Unknown symbol in module" ] || good=
	odd=("${lines[0]:-(no output)}")
	for line in "${lines[@]:1}"; do
		if [[ $line =~ $sym_re ]]; then
			echo "${BASH_REMATCH[1]}" >&3
		elif ! [[ $line =~ $gpl_re ]]; then
			good=
			odd+=("$line")
		fi
	done
	if [ -n "$good" ]; then
		lacking=$((lacking + 1))
	else
		other=$((other + 1))
		printf '%s\n' "${odd[@]:0:3}" | sed "s|$root/lib/modules/$rel/||g" >>"$T/bad"
	fi
done <"$T/modules"
exec 3>&-

[ "$other" -eq 0 ]
ok $? "every dry run fails on unknown symbols alone, or would load ($other fail otherwise)"
[ "$other" -eq 0 ] || head -n 30 "$T/bad" | diag
grep -qx 'crc7.ko' "$T/would"
ok $? "crc7, which needs nothing the host lacks, would load"
[ $((would + lacking + other)) -eq "$count" ]
ok $? "each module was tried once"
"$B/lsmod" >"$T/lsmod"
ok $? "the host answers after $count dry runs"
[ "$(wc -l <"$T/lsmod")" -eq 1 ]
ok $? "and has no module loaded"
if kill -0 "$UMODD_PID" 2>/dev/null; then
	ok 0 "umodd is alive"
	umodd_stop
	ok $? "and exits cleanly"
else
	umodd_stop
	ok 1 "umodd is alive (it exited with status $?)"
	tail -n 20 "$T/umodd.log" | diag
fi

top=$(sort "$T/missing" | uniq -c | sort -k1,1nr -k2 | head -n 5 |
	awk '{ printf "%s%s (%d)", (NR > 1 ? ", " : ""), $2, $1 }')
echo "$count modules: $would would load, $lacking lack symbols ($(sort -u "$T/missing" | wc -l) distinct), $other fail otherwise; most missed: $top" | note

done_testing
