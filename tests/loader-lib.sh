# tests/loader-lib.sh - the test host's driver for tests/loader*.t (sourced,
# bash), with tests/tap.sh's checks.
#
# A test feeds a command script to the test host (tests/host/testhost.c)
# with `run`, then checks the transcript: `reply CMD` is what the host
# answered the first (or K-th) "CMD", without the loader's log lines.
#
#	run <<-EOF
#		load $M/hello.ko
#	EOF
#	is "$(reply "load $M/hello.ko")" "ok hello" "hello loads"

cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
B=${UMOD_B:-build}
LT=$B/tests
HOST=$LT/testhost
HOST_NOPIE=$LT/testhost-nopie
MANGLE=$LT/elfmangle
M=$LT/modules/gcc-O2			# the corpus most tests use

for f in "$HOST" "$HOST_NOPIE" "$MANGLE" "$M/hello.ko"; do
	[ -e "$f" ] || skip_all "$f not built (make B=$B loader-tests)"
done

# The machine the corpus is built for (make check-cross builds others),
# and what the tests' expectations say of it: its name in the loader's
# refusal, another machine, a thread-local relocation type, its class
# and the other one, its relocation sections' prefix (as a regex too).
CLASS=64 OTHER_CLASS=1 RELA=.rela
case $(readelf -h "$M/hello.ko" | sed -n 's/^ *Machine: *//p') in
AArch64)	MACH=aarch64 MACH_NAME=AArch64 OTHER_MACH=62 TLS_TYPE=549 ;;
RISC-V)		MACH=riscv64 MACH_NAME=RISC-V OTHER_MACH=62 TLS_TYPE=10 ;;
"Intel 80386")	MACH=i386 MACH_NAME="Intel 80386" OTHER_MACH=62 TLS_TYPE=37
		CLASS=32 OTHER_CLASS=2 RELA=.rel ;;
ARM)		MACH=arm MACH_NAME=ARM OTHER_MACH=62 TLS_TYPE=108
		CLASS=32 OTHER_CLASS=2 RELA=.rel ;;
*)		MACH=x86_64 MACH_NAME=x86-64 OTHER_MACH=183 TLS_TYPE=23 ;;
esac
RELA_RE=${RELA//./\\.}
# The extremes of the machine's long, for parameters.
if [ "$CLASS" = 64 ]; then
	LONG_MIN=-9223372036854775808 LONG_MAX=9223372036854775807 ULONG_MAX=18446744073709551615
else
	LONG_MIN=-2147483648 LONG_MAX=2147483647 ULONG_MAX=4294967295
fi
# Under qemu-user (make check-cross names it in UMOD_EMULATED), what the
# emulator does not show as Linux does is skipped, saying why.
EMULATED=${UMOD_EMULATED-}

TMP=$(mktemp -d)
at_exit '[ -n "${KEEP-}" ] || rm -rf "$TMP"'

out=
shown=

# The whole transcript, once per run, after its first failure.
show_transcript() {
	[ -n "$shown" ] && return
	shown=1
	printf '%s\n' "transcript:" "$out" | diag
}
TAP_ON_FAIL=show_transcript

# is_prot GOT WANT DESC: /proc/self/maps under qemu-user gives each host
# mapping the protection of its first page, and the host merges the
# guest's adjacent read-only and (emulated) executable areas.
is_prot() {
	if [ -n "$EMULATED" ]; then
		skip "$3: $EMULATED shows one protection per host mapping"
	else	# shared (two views, src/arena.c) or private is no protection
		is "${1%[ps]}" "${2%[ps]}" "$3"
	fi
}

# run [-w] [HOST]: feed stdin to a fresh host; the transcript goes to $out.
# A final quit is added, so every reply ends at an echoed command.
# With -w, a warm-up from the corpus in $W (default $M) goes first, ending
# in a snapshot; the transcript starts after it.
run() {
	local warm= rc

	if [ "$1" = -w ]; then
		warm=$(warmup "${W:-$M}")
		shift
	fi
	out=$({ [ -n "$warm" ] && printf '%s\n' "$warm"; cat; echo quit; } |
		timeout 60 "${1:-$HOST}" 2>&1)
	rc=$?
	if [ -n "$warm" ]; then
		out=$(awk -v n="$(wc -l <<<"$warm")" '
			/^> / && ++cmds > n { on = 1 }
			on' <<<"$out")
	fi
	shown=
	[ $rc -eq 0 ] && [ "$(tail -n1 <<<"$out")" = bye ]
	ok $? "the host ran the script and exited cleanly$([ $rc -eq 0 ] || echo " (status $rc)")"
}

# reply CMD [K]: the host's answer to the K-th CMD, loader messages left out.
reply() {
	awk -v cmd="> $1" -v k="${2:-1}" '
		$0 == cmd && ++seen == k { on = 1; next }
		on && /^> / { exit }
		on && !/^log: / { print }' <<<"$out"
}

# logs CMD [K]: the loader's messages during the K-th CMD.
logs() {
	awk -v cmd="> $1" -v k="${2:-1}" '
		$0 == cmd && ++seen == k { on = 1; next }
		on && /^> / { exit }
		on && /^log: / { print }' <<<"$out"
}

# warmup DIR: commands that make the loader allocate what it keeps for
# reuse (arena extents, index capacity, the error buffer): as many modules
# at once as any test loads, and a refusal; then a snapshot.
WARM_MODULES="stack_a stack_b stack_c hello multi params gplmod proplib weak
	roinit selfref fmt dataimp noexit"
warmup() {
	local m

	for m in $WARM_MODULES; do
		echo "load $1/$m.ko"
	done
	echo "load $1/unknown.ko"
	echo "call selfref_release"
	echo "unload noexit force"
	for m in $(tac <<<"${WARM_MODULES//[[:space:]]/$'\n'}"); do
		[ "$m" = noexit ] || echo "unload $m"
	done
	echo snapshot
}
