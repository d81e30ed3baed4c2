#!/bin/bash
# trust-ctl.t - the control socket against another local user: the
# socket's directory, its mode, who serves it, idle guests, log floods,
# forged export names, huge module files, and a stop behind an init that
# never returns.  The cases needing two users make throwaway ones
# (useradd) and so need root; others run as anyone.
set -u
. "$(dirname "$0")/tap.sh"

B=$(cd "${UMOD_B:-build}" && pwd)
TT=$B/tests/tools
T=$(mktemp -d /tmp/umod-trust.XXXXXX)
chmod 755 "$T"
PIDS= USERS=

cleanup() {
	local p u
	for p in $PIDS; do
		kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	for u in $USERS; do
		rm -rf "/tmp/umod-$(id -u "$u")"
		userdel "$u" 2>/dev/null
	done
	rm -rf "$T"
}
at_exit cleanup

# A host umodd_start cannot start (another umask, another user) is waited
# for by its socket: path pid
wait_socket() {
	local sock=$1 pid=$2
	wait_for eval '[ -S "$sock" ] || ! kill -0 "$pid" 2>/dev/null'
	[ -S "$sock" ]
}

# ---- The socket's directory and mode (any user) ----

mkdir "$T/real"
ln -s real "$T/link"
run "$B/umodd" --socket "$T/link/umodd.sock"
is "$rc:$out" "1:umodd: cannot start the control channel: cannot use $T/link: it is a symbolic link" \
	"a symlinked socket directory is refused, not followed"
[ ! -e "$T/real/umodd.sock" ]
ok $? "and nothing is created where it points"

mkdir -m 0777 "$T/open"
chmod 0777 "$T/open"
run "$B/umodd" --socket "$T/open/umodd.sock"
is "$rc:$out" "1:umodd: cannot start the control channel: $T/open is writable by others (mode 0777)" \
	"a directory others may write is refused"

mkdir -m 1777 "$T/sticky"
chmod 1777 "$T/sticky"
umodd_start "$T/sticky/umodd.sock" "$T/sticky.log"
ok $? "a sticky shared directory, as /tmp, is accepted"
umodd_stop

mkdir -m 0755 "$T/victim"
echo precious >"$T/victim/file"
chmod 0600 "$T/victim/file"
mkdir -m 0700 "$T/planted"
ln -s "$T/victim/file" "$T/planted/umodd.sock"
run "$B/umodd" --socket "$T/planted/umodd.sock" --socket-mode 0666
is "$rc:$out" "1:umodd: cannot start the control channel: $T/planted/umodd.sock exists and is not a socket" \
	"a symlink planted at the socket path is refused"
is "$(stat -c %a "$T/victim/file")" 600 "and what it points to keeps its mode"

mkdir -m 0755 "$T/mode"
( umask 077; exec "$B/umodd" --socket "$T/mode/umodd.sock" --socket-mode 0666 \
	--log-stderr 2>"$T/mode.log" ) &
started=$!
PIDS="$PIDS $started"
wait_socket "$T/mode/umodd.sock" "$started"
is "$(stat -c '%a %F' "$T/mode/umodd.sock")" "666 socket" \
	"the socket gets the mode asked for, whatever the umask"
kill -TERM "$started"; wait "$started"

# ---- What any client can send (any user) ----

SOCK=$T/host/umodd.sock
umodd_start "$SOCK" "$T/host.log" --client-timeout 300 --stop-timeout 1
ok $? "a host for the client cases"
HOST=$UMODD_PID

run "$B/insmod" --host "$SOCK" "$TT/badexport.ko"
is "$rc:$out" "1:insmod: ERROR: could not insert module $TT/badexport.ko: Invalid module format
insmod: ERROR: badexport: __ksymtab entry 0: name empty or with a blank or control character" \
	"an export name with a newline is refused"
run "$B/umod" ksyms --host "$SOCK"
! grep -q forged <<<"$out"
ok $? "and forges no ksyms line"

truncate -s 2G "$T/huge.ko"
run "$B/insmod" --host "$SOCK" "$T/huge.ko"
is "$rc:$out" "1:insmod: ERROR: could not insert module $T/huge.ko: File too large
insmod: ERROR: $T/huge.ko: cannot read module: File too large" \
	"a 2 GiB module file: EFBIG, as finit_module, before reading it"
kill -0 "$HOST"
ok $? "the host is still there"

is "$("$TT/rawclient" "$SOCK" idle 3000)" "not dropped" \
	"the host's own user may idle between requests"

# ---- A stop behind an init that never returns ----

"$B/insmod" --host "$SOCK" "$TT/slow.ko" delay_ms=4000000000 2>/dev/null &
INS=$!
PIDS="$PIDS $INS"
wait_for eval '"$B/lsmod" --host "$SOCK" 2>/dev/null | grep -q "^slow "'
umodd_stop "$HOST"
is "$?" 1 "SIGTERM behind a hung init: the host exits anyway (status 1)"
grep -q "umodd: slow is still in its init" "$T/host.log"
ok $? "naming the module whose init never returned"
[ ! -e "$SOCK" ]
ok $? "and its socket is gone"
wait "$INS"
[ $? -ne 0 ]
ok $? "and the insmod waiting on it fails rather than hanging"
# ---- Another user (root, throwaway users) ----

if [ "$(id -u)" -ne 0 ] || ! command -v useradd >/dev/null ||
   ! command -v setpriv >/dev/null; then
	for i in $(seq 9); do skip "needs root, useradd and setpriv for throwaway users"; done
	done_testing
	exit
fi

mkuser() {	# name: a throwaway system user, removed at exit
	useradd --system --no-create-home --shell /usr/sbin/nologin "$1" &&
		USERS="$USERS $1"
}
as() {	# user cmd...: run without root, as user
	local u=$1
	shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --clear-groups \
		env -u XDG_RUNTIME_DIR -u UMOD_HOST "$@"
}
A=umt$$a V=umt$$v
mkuser "$A" && mkuser "$V"
ok $? "two throwaway users, an attacker and a victim"
AU=$(id -u "$A") VU=$(id -u "$V")
cp "$B/umod" "$B/umodd" "$TT/rawclient" "$TT/greet.ko" "$T/"
chmod 755 "$T/umod" "$T/umodd" "$T/rawclient"
chmod 644 "$T/greet.ko"

# The victim's default socket is /tmp/umod-UID/umodd.sock.
rm -rf "/tmp/umod-$VU"
as "$A" ln -s /tmp "/tmp/umod-$VU"
run as "$V" "$T/umodd"
is "$rc:$out" "1:umodd: cannot start the control channel: cannot use /tmp/umod-$VU: it is a symbolic link" \
	"the attacker's symlink at the victim's default directory is refused"
rm -f "/tmp/umod-$VU"

as "$A" mkdir -m 0755 "/tmp/umod-$VU"
run as "$V" "$T/umodd"
is "$rc:$out" "1:umodd: cannot start the control channel: /tmp/umod-$VU belongs to uid $AU, not to us" \
	"a directory the attacker made there is refused"

# The attacker serves a host where the victim's tools look for one.
setpriv --reuid="$A" --regid="$(id -g "$A")" --clear-groups \
	"$T/umodd" --socket "/tmp/umod-$VU/umodd.sock" --socket-mode 0666 \
	--log-stderr 2>"$T/fake.log" &
PIDS="$PIDS $!"
FAKE=$!
wait_socket "/tmp/umod-$VU/umodd.sock" "$FAKE"
run as "$V" "$T/umod" lsmod
is "$rc:$out" "1:lsmod: ERROR: could not connect to umod host at /tmp/umod-$VU/umodd.sock: the host is run by uid $AU ($A), neither root nor you: refusing it" \
	"the victim's tools refuse a host the attacker runs, naming him"
kill -TERM "$FAKE"; wait "$FAKE"
rm -rf "/tmp/umod-$VU"

# A public host (0666) and a guest.
PUB=$T/pub/umodd.sock
mkdir -m 0755 "$T/pub"
umodd_start "$PUB" "$T/pub.log" --socket-mode 0666 --client-timeout 300
PUBH=$UMODD_PID
is "$(as "$A" "$T/rawclient" "$PUB" idle 20000)" "dropped" \
	"a guest that sends nothing is dropped after the client timeout"
for i in $(seq 60); do
	as "$A" "$T/umod" insmod --host "$PUB" "$T/greet.ko" 2>/dev/null
done
refusals=$("$B/umod" dmesg --host "$PUB" | grep -c "refused for uid $AU")
[ "$refusals" -lt 60 ] && [ "$refusals" -ge 1 ]
ok $? "sixty refusals are not all logged ($refusals were)"
sleep 5.1	# past the interval: the next message tells what was dropped
as "$A" "$T/umod" insmod --host "$PUB" "$T/greet.ko" 2>/dev/null
"$B/umod" dmesg --host "$PUB" | grep -Eq "umod: [0-9]+ callbacks suppressed"
ok $? "then says how many it suppressed"
umodd_stop "$PUBH"

done_testing
