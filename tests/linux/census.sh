#!/bin/bash
# census.sh - how much of a genuine Linux module tree umodd runs.
#
#	tests/linux/census.sh [-b BUILD] [-n TOP] [-o DIR] [-R] [TREE]
#
# TREE (default BUILD/linux) holds lib/modules/<release>/kernel.  Over
# every module of it, one umodd (BUILD/umodd) is asked, through umod's
# modprobe, to load the module with its dependencies (modules.dep, from
# umod depmod) and then to remove it with them (modprobe -r).  Counted:
# modules loaded, removed again, refused (unknown symbols, or an init
# that failed, or another reason), and crashes: each time umodd stopped
# answering, or a modprobe did not finish within a minute.  After a crash
# umodd is started again and the census goes on.
#
# The ranking: for each kernel symbol neither umodd nor a module of the
# tree exports, the number of modules that need it, themselves or through
# their dependencies (modules.dep), and how many modules lack only it.
# The top TOP (default 40) are printed.  -R: the ranking alone, no loads.
#
# Writes its findings to DIR (default a temporary directory, removed):
# summary, ranking, needs (each module's missing symbols, fewest first),
# loaded, refused (with modprobe's message), crashed, umodd.log.
# The last line is "census: N modules: L loaded, U removed, R refused,
# C crashes".  Exit status 0 unless the census itself could not run.
set -u
B=build top=40 out= rank_only=
while getopts b:n:o:R opt; do
	case $opt in
	b) B=$OPTARG ;;
	n) top=$OPTARG ;;
	o) out=$OPTARG ;;
	R) rank_only=1 ;;
	*) echo "usage: census.sh [-b BUILD] [-n TOP] [-o DIR] [-R] [TREE]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
B=$(cd "$B" && pwd) || exit 2
tree=$(cd "${1:-$B/linux}" && pwd) || exit 2
rel=$(ls "$tree/lib/modules" 2>/dev/null | head -n 1)
dir=$tree/lib/modules/$rel
if [ -z "$rel" ] || [ ! -d "$dir/kernel" ]; then
	echo "census.sh: no module tree in $tree/lib/modules" >&2
	exit 2
fi
T=$(mktemp -d /tmp/umod-census.XXXXXX)
UPID=
cleanup() {
	[ -z "$UPID" ] || kill "$UPID" 2>/dev/null
	[ -z "$UPID" ] || wait "$UPID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
[ -n "$out" ] || out=$T/out
mkdir -p "$out" || exit 2

# The tree is read-only: modules.dep goes in a shadow root beside it.
root=$T/root
mkdir -p "$root/lib/modules/$rel"
ln -s "$dir/kernel" "$root/lib/modules/$rel/kernel"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ ! -e "$dir/$f" ] || ln -s "$dir/$f" "$root/lib/modules/$rel/$f"
done
if ! "$B/depmod" -b "$root" "$rel" 2>"$T/depmod.err"; then
	echo "census.sh: umod depmod failed:" >&2
	cat "$T/depmod.err" >&2
	exit 2
fi
dep=$root/lib/modules/$rel/modules.dep

export UMOD_HOST=$T/umodd.sock
# umodd stands in for the tree's kernel: its vermagic, so modules load
# unforced (and so do those request_module's modprobe loads), and its
# BTF, where fetch.sh kept it, for the fields of current.
vermagic=$("$B/modinfo" -F vermagic "$(find "$dir/kernel" -name '*.ko*' | head -n 1)")
btf=
[ ! -e "$tree/btf/vmlinux" ] || btf=$tree/btf/vmlinux
start_umodd() {
	rm -f "$UMOD_HOST"
	# request_module in a module's init finds the tree, as on Linux.
	"$B/umodd" --socket "$UMOD_HOST" --release "$rel" --basedir "$root" \
		--vermagic "$vermagic" ${btf:+--btf "$btf"} \
		--log-stderr 2>>"$out/umodd.log" &
	UPID=$!
	for _ in $(seq 200); do [ -S "$UMOD_HOST" ] && return 0; sleep 0.05; done
	echo "census.sh: umodd does not start" >&2
	exit 2
}
# What stayed would make the next loads differ: start afresh.
restart_umodd() {
	kill -TERM "$UPID"
	wait "$UPID" 2>/dev/null
	start_umodd
}
alive() { kill -0 "$UPID" 2>/dev/null && "$B/lsmod" >/dev/null 2>&1; }
start_umodd

# ---- The ranking, from the modules' symbol tables ----

"$B/umod" ksyms | awk '{ print $NF }' | sort -u >"$T/host"
# One nm over every module (-A: each line begins with the file's name).
(cd "$dir" && cut -d: -f1 "$dep" | xargs nm -A 2>/dev/null) | awk '
	{
		i = index($0, ":"); m = substr($0, 1, i - 1)
		n = split(substr($0, i + 1), f, " ")
		if (f[n - 1] == "U") print m, "U", f[n]
		else if (f[n] ~ /^__ksymtab_/) print m, "E", substr(f[n], 11)
	}' >"$T/syms"
awk '$2 == "E" { print $3 }' "$T/syms" | sort -u >"$T/tree-exports"
awk '$2 == "U" { print $1, $3 }' "$T/syms" | sort -k2,2 |
	join -1 2 -2 1 -v 1 -o 1.1,1.2 - <(sort -u "$T/host" "$T/tree-exports") |
	sort -u >"$T/missing"	# module symbol: neither host nor tree has it
awk -v missing="$T/missing" '
	BEGIN { while ((getline l < missing) > 0) { split(l, a, " "); need[a[1]] = need[a[1]] " " a[2] } }
	{
		m = $1; sub(/:$/, "", m)
		delete seen; n = 0
		for (i = 1; i <= NF; i++) {
			d = $i; sub(/:$/, "", d)
			k = split(need[d], s, " ")
			for (j = 1; j <= k; j++)
				if (!(s[j] in seen)) { seen[s[j]] = 1; n++ }
		}
		line = ""
		for (s1 in seen) { wants[s1]++; if (n == 1) only[s1]++; line = line " " s1 }
		if (n == 0) full++
		print n, m ":" line > needs
	}
	END {
		for (s1 in wants) printf "%d %d %s\n", wants[s1], only[s1] + 0, s1
		printf "%d\n", full > "/dev/stderr"
	}' needs="$T/needs" "$dep" 2>"$T/full" | sort -k1,1nr -k3 >"$out/ranking"
sort -n "$T/needs" | cut -d' ' -f2- >"$out/needs"

if [ -n "$rank_only" ]; then
	head -n "$top" "$out/ranking"
	echo "link fully: $(cat "$T/full") of $(wc -l <"$dep") modules"
	exit 0
fi

# ---- The census: each module in and out again, with its dependencies ----

: >"$out/loaded"; : >"$out/refused"; : >"$out/crashed"
n=0 loaded=0 removed=0 refused=0 crashes=0
while read -r line; do
	m=${line%%:*}
	name=$(basename "$m" .ko)
	n=$((n + 1))
	timeout 60 "$B/modprobe" -d "$root" -S "$rel" "$name" >"$T/msg" 2>&1
	rc=$?
	if [ $rc -eq 124 ] || ! alive; then
		crashes=$((crashes + 1))
		echo "$m (modprobe exit $rc)" >>"$out/crashed"
		kill -KILL "$UPID" 2>/dev/null; wait "$UPID" 2>/dev/null
		start_umodd
		continue
	fi
	if [ $rc -ne 0 ]; then
		refused=$((refused + 1))
		{ echo "$m:"; sed 's/^/	/' "$T/msg"; } >>"$out/refused"
		# Dependencies loaded before the refusal stay, as with kmod:
		# the next module starts from an empty host.
		[ "$("$B/lsmod" | wc -l)" -eq 1 ] || restart_umodd
		continue
	fi
	loaded=$((loaded + 1))
	echo "$m" >>"$out/loaded"
	timeout 60 "$B/modprobe" -r -d "$root" -S "$rel" "$name" >"$T/msg" 2>&1
	rc=$?
	if [ $rc -eq 124 ] || ! alive; then
		crashes=$((crashes + 1))
		echo "$m (modprobe -r exit $rc)" >>"$out/crashed"
		kill -KILL "$UPID" 2>/dev/null; wait "$UPID" 2>/dev/null
		start_umodd
		continue
	fi
	# What request_module loaded stays for kerneld's autoclean, which
	# this census does itself: unused, so rmmod takes it.
	auto=$("$B/lsmod" | awk 'NR > 1 && / 0 \(autoclean\)$/ { print $1 }')
	[ -z "$auto" ] || "$B/rmmod" $auto >>"$T/msg" 2>&1
	if [ $rc -eq 0 ] && [ "$("$B/lsmod" | wc -l)" -eq 1 ]; then
		removed=$((removed + 1))
	else
		{ echo "$m: not removed:"; sed 's/^/	/' "$T/msg"; "$B/lsmod"; } >>"$out/refused"
		restart_umodd
	fi
done <"$dep"

# Refusals for unknown symbols: modprobe's message says so.
unknown=$(awk '/^[^\t]/ { m = $0 } /Unknown symbol/ && m { c++; m = "" } END { print c + 0 }' "$out/refused")
{
	echo "modules: $n"
	echo "link fully (every symbol they and their dependencies need is there): $(cat "$T/full")"
	echo "loaded with their dependencies: $loaded"
	echo "removed again: $removed"
	echo "refused: $refused, $unknown of them for unknown symbols"
	echo "crashes: $crashes"
	echo "host exports: $(wc -l <"$T/host")"
} >"$out/summary"
echo "# the most-wanted missing symbols: modules needing each, modules lacking only it"
head -n "$top" "$out/ranking"
cat "$out/summary"
[ -s "$out/crashed" ] && { echo "crashed on:"; cat "$out/crashed"; }
echo "census: $n modules: $loaded loaded, $removed removed, $refused refused, $crashes crashes"
