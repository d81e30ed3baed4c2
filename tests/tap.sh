# SPDX-License-Identifier: MIT
#
# tap.sh - TAP for the shell tests (sourced, bash), the one helper every
# tests/*.t uses (tests/README): each check counts in $n and, when it
# fails, in $failed; diagnostics go to stderr as "# " lines; done_testing
# prints the plan and its status is the test's: 1 if any check failed.
#
# Checks:	ok STATUS DESC; is GOT WANT DESC; like/unlike GOT ERE DESC;
#		has FILE LINE DESC; contains/lacks FILE TEXT DESC
# Others:	skip WHY; skip_all WHY; diag/note [FILE...]; done_testing;
#		run CMD... (loader-lib.sh and modtools.sh have their own);
#		built_with PROGRAM LIB
# Processes:	at_exit CMD; wait_for CMD...; umodd_start SOCKET LOG [OPT...];
#		umodd_stop [PID]

# Sourced again, it would take its own exit trap for a test's and run it
# from itself without end.
[ -z "${tap_sourced-}" ] || return 0
tap_sourced=1
n=0
failed=0
ok() {	# ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		${TAP_ON_FAIL:+$TAP_ON_FAIL}	# a test's own diagnostics
	fi
	return "$1"
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
diag() { sed 's/^/# /' "$@" >&2; }	# diag [FILE...]: the lines, else stdin
note() { sed 's/^/# /' "$@"; }		# the same, shown by prove -v alone
done_testing() { echo "1..$n"; [ "$failed" -eq 0 ]; }
run() { out=$("$@" 2>&1); rc=$?; }	# run CMD...: its output in $out, status in $rc
# built_with PROGRAM LIB: umod or umodd is built with LIB (ZSTD, XZ, ZLIB,
# LIBCRYPTO; FUSE), as its --version's second line says, kmod's way
# (libtools/libtools.mk, umodd/umodd.mk: what a build may do without).
built_with() { "$1" --version | sed -n 2p | grep -qw -- "+$2"; }

is() {	# is GOT WANT DESCRIPTION
	[ "$1" = "$2" ]
	ok $? "$3" || { diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$1") |
		sed '1,2d' | diag; return 1; }
}
# like GOT ERE DESCRIPTION: GOT, or one of its lines, matches ERE (bash's
# =~: ^ and $ anchor at GOT's ends, and $'\n' in ERE matches its newlines)
like() {
	tap_match "$1" "$2"
	ok $? "$3" ||
		{ printf 'got:\n%s\nwant a line matching: %s\n' "$1" "$2" | diag; return 1; }
}
unlike() {	# unlike GOT ERE DESCRIPTION: neither GOT nor a line of it matches
	! tap_match "$1" "$2"
	ok $? "$3" ||
		{ printf 'got:\n%s\nwant no line matching: %s\n' "$1" "$2" | diag; return 1; }
}
tap_match() {
	local line
	[[ $1 =~ $2 ]] && return 0
	while IFS= read -r line; do
		[[ $line =~ $2 ]] && return 0
	done <<<"$1"
	return 1
}
has() {	# has FILE TEXT DESCRIPTION: FILE has a line that is TEXT
	grep -qxF -- "$2" "$1"
	ok $? "$3" || { { echo "no line [$2] in:"; cat "$1"; } | diag; return 1; }
}
contains() {	# contains FILE TEXT DESCRIPTION: TEXT is in a line of FILE
	grep -qF -- "$2" "$1"
	ok $? "$3" || { { echo "no [$2] in:"; cat "$1"; } | diag; return 1; }
}
lacks() {	# lacks FILE TEXT DESCRIPTION: TEXT is in no line of FILE
	! grep -qF -- "$2" "$1"
	ok $? "$3" || { { echo "[$2] in:"; cat "$1"; } | diag; return 1; }
}

# ---- Processes and files that must not outlive the test ----
#
# The test's EXIT trap is tap.sh's: at_exit adds to it (the last added
# runs first), and it stops every umodd umodd_start started.  A test sets
# no trap of its own; one set before tap.sh is sourced runs last.

tap_at_exit=
at_exit() { tap_at_exit="$*;$tap_at_exit"; }	# at_exit SHELL-COMMAND
eval "tap_prev_trap=($(trap -p EXIT))"		# trap -- 'COMMAND' EXIT
[ -z "${tap_prev_trap[2]-}" ] || at_exit "${tap_prev_trap[2]}"
tap_exit() {
	local rc=$? p
	for p in $tap_umodd_pids; do
		umodd_stop "$p"
	done
	[ -z "$tap_umodd_dir" ] || rm -rf "$tap_umodd_dir"
	eval "$tap_at_exit"
	exit "$rc"
}
trap tap_exit EXIT

# wait_for CMD...: until CMD succeeds, checking every 50 ms, for at most
# TAP_WAIT tries (400: 20 s, for sanitized builds on a busy machine).  A
# state to reach, never a duration: its status is CMD's last.
wait_for() {
	local i
	for ((i = 0; i < ${TAP_WAIT:-400}; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	"$@"
}

# umodd_start SOCKET LOG [UMODD-OPTIONS...]: $UMODD (default $B/umodd)
# on a private socket, stdout and stderr appended to LOG; returns once it
# answers lsmod there (0), or has died or not answered (1).  $UMODD_PID is
# its pid; umodd_stop or the end of the test stops it.  A subshell waits
# for it and keeps its exit status: bash would print a host's death by a
# signal into the test's output.
tap_umodd_pids=
tap_umodd_dir=
declare -A tap_umodd_waiter
umodd_start() {
	local sock=$1 log=$2 d
	shift 2
	[ -n "$tap_umodd_dir" ] || tap_umodd_dir=$(mktemp -d "${TMPDIR:-/tmp}/tap-umodd.XXXXXX")
	d=$tap_umodd_dir
	rm -f "$d/pid"
	(
		"${UMODD:-$B/umodd}" --socket "$sock" --log-stderr "$@" >>"$log" 2>&1 &
		echo $! >"$d/pid.new" && mv "$d/pid.new" "$d/pid"
		wait $!
		echo $? >"$d/$!.status"
	) 2>/dev/null &
	local waiter=$!
	wait_for test -s "$d/pid"
	UMODD_PID=$(cat "$d/pid")
	tap_umodd_waiter[$UMODD_PID]=$waiter
	tap_umodd_pids="$tap_umodd_pids $UMODD_PID"
	wait_for umodd_answers "$sock" "$UMODD_PID" &&
		kill -0 "$UMODD_PID" 2>/dev/null
}
umodd_answers() {	# SOCKET PID: alive, and lsmod gets its answer
	kill -0 "$2" 2>/dev/null || return 0	# died: wait no more
	"${UMOD:-$B/umod}" lsmod --host "$1" >/dev/null 2>&1
}
# umodd_stop [PID]: SIGTERM, and its exit status (default $UMODD_PID's).
umodd_stop() {
	local pid=${1:-${UMODD_PID-}} p rest=
	[ -e "$tap_umodd_dir/$pid.status" ] || kill -TERM "$pid" 2>/dev/null	# not ended
	wait "${tap_umodd_waiter[$pid]-$pid}" 2>/dev/null
	for p in $tap_umodd_pids; do
		[ "$p" = "$pid" ] || rest="$rest $p"
	done
	tap_umodd_pids=$rest
	return "$(cat "$tap_umodd_dir/$pid.status" 2>/dev/null || echo 255)"
}
