#!/bin/bash
# tools.t - insmod, rmmod, lsmod, ksyms, dmesg and param against a real
# umodd on a real socket: kmod's output and wording, the host's refusals,
# hostile clients, and a clean shutdown.
set -u
. "$(dirname "$0")/tap.sh"

B=$(cd "${UMOD_B:-build}" && pwd)
TT=$B/tests/tools
T=$(mktemp -d /tmp/umod-tools.XXXXXX)
chmod 755 "$T"			# the unprivileged client must reach $T/pub
SOCK=$T/host/umodd.sock		# umodd makes $T/host, 0700
PUB=$T/pub/umodd.sock		# a 0755 directory and a 0666 socket
DAEMON_PID=
at_exit '[ -z "$DAEMON_PID" ] || kill -TERM "$DAEMON_PID"; rm -rf "$T"'

# ---- Helpers ----

# lsmod with sizes, which vary with the compiler, as SIZE.
norm() {
	sed -E '2,$ s/^(.{20}) *[0-9]+  /\1    SIZE  /'
}

lsmod_norm() {
	"$B/lsmod" "$@" | norm
}

row() {	# name refcnt [users]: an lsmod line as kmod prints it
	printf '%-19s %8s  %s%s\n' "$1" SIZE "$2" "${3:+ $3}"
}

HEADER="Module                  Size  Used by"

# ---- The host comes up ----

export UMOD_HOST=$SOCK
umodd_start "$SOCK" "$T/umodd.log" --client-timeout 1000
ok $? "umodd listens on its socket"
HOST_PID=$UMODD_PID
like "$(stat -c '%a %F' "$SOCK")" '^600 socket$' "the socket is mode 0600"
like "$(stat -c '%a' "$(dirname "$SOCK")")" '^700$' "in a 0700 directory it made"
run "$B/umodd" --socket "$SOCK"
is "$rc:$out" "1:umodd: cannot start the control channel: a host is already listening on $SOCK" \
	"a second host on the same socket is refused"

run "$B/lsmod"
is "$rc:$out" "0:$HEADER" "lsmod on an empty host prints the header alone"
run "$B/lsmod" greet
is "$rc:$out" "1:Usage: lsmod" "lsmod with an argument prints kmod's usage line"

# ---- Loading ----

run "$B/insmod" "$TT/greet.ko" who=tester times=2
is "$rc:$out" "0:" "insmod greet.ko with parameters"
run "$B/insmod" "$TT/greetuser.ko"
is "$rc:$out" "0:" "insmod a module using greet's export"
is "$(lsmod_norm)" "$HEADER
$(row greetuser 0)
$(row greet 1 greetuser)" "lsmod: newest first, use count, users"

is "$("$B/umod" dmesg -t | grep -E '^greet')" "greet: hello, tester
greet: hello, tester
greet: hello, greetuser
greetuser: greet_hello returned 1" "dmesg -t: the modules' printk, in order"
like "$("$B/umod" dmesg | grep 'returned')" \
	'^\[ *[0-9]+\.[0-9]{6}\] greetuser: greet_hello returned 1$' \
	"dmesg: timestamped lines"
like "$("$B/umod" dmesg -r | grep 'returned')" \
	'^<6>\[ *[0-9]+\.[0-9]{6}\] greetuser: greet_hello returned 1$' \
	"dmesg -r: the raw ring, KERN_INFO as <6>"

syms=$("$B/umod" ksyms)
like "$(grep greet_hello <<<"$syms")" $'^[0-9a-f]{16} T greet_hello\t\\[greet\\]$' \
	"ksyms: a module's export, /proc/kallsyms style"
like "$(grep -E ' printk$' <<<"$syms")" '^[0-9a-f]{16} T printk$' \
	"ksyms: the host's own export, without a module"
like "$(grep greet_hello <<<"$syms")" '^0*[1-9a-f]' "ksyms: root sees addresses"
run grep -c greet_exit <<<"$syms"
is "$out" 0 "ksyms: exports only by default"
like "$("$B/umod" ksyms -a | grep -E ' greet_exit')" \
	$'^[0-9a-f]{16} t greet_exit\t\\[greet\\]$' "ksyms -a: every symbol"

run "$B/umod" param greet who
is "$rc:$out" "0:tester" "param: read a parameter"
run "$B/umod" param greet who visitor
is "$rc:$out" "0:" "param: write it"
run "$B/umod" param greet who
is "$out" "visitor" "param: the new value reads back"
run "$B/umod" param greet nope
is "$rc:$out" "1:param: ERROR: could not read parameter nope of greet: No such file or directory" \
	"param: an unknown parameter"

# ---- Refusals, with kmod's words ----

before=$(lsmod_norm)
head -c 4096 /dev/urandom >"$T/garbage.ko"
run "$B/insmod" "$T/garbage.ko"
like "$rc:$out" "^1:insmod: ERROR: could not insert module $T/garbage.ko: Invalid module format
insmod: ERROR: $T/garbage.ko: invalid module format: not an ELF file$" \
	"insmod garbage: Invalid module format, then the host's reason, naming the file"
head -c 200 "$TT/greet.ko" >"$T/short.ko"
run "$B/insmod" "$T/short.ko"
like "$rc:$out" "^1:insmod: ERROR: could not insert module $T/short.ko: Invalid module format
insmod: ERROR: .+" "insmod a truncated ELF: Invalid module format"
run "$B/insmod" "$TT/nosym.ko"
like "$rc:$out" "^1:insmod: ERROR: could not insert module $TT/nosym.ko: Unknown symbol in module
insmod: ERROR: nosym: Unknown symbol no_such_function \\(err -2\\)$" \
	"insmod with an unknown symbol names it"
run "$B/insmod" "$TT/greet.ko"
like "$rc:$out" "^1:insmod: ERROR: could not insert module $TT/greet.ko: File exists" \
	"insmod of a loaded module: File exists"
run "$B/insmod" "$TT/greet.ko" times=many
like "$rc:$out" "^1:insmod: ERROR: could not insert module $TT/greet.ko: " \
	"insmod with a bad parameter value is refused"
run "$B/insmod" "$T/nonexistent.ko"
is "$rc:$out" "1:insmod: ERROR: could not load module $T/nonexistent.ko: No such file or directory" \
	"insmod of a missing file"
run "$B/insmod"
is "$rc:$out" "1:insmod: ERROR: missing filename." "insmod without a file"
is "$(lsmod_norm)" "$before" "failed inserts leave the module list as it was"
kill -0 "$HOST_PID"
ok $? "the host survives them"

run "$B/rmmod" greet
is "$rc:$out" "1:rmmod: ERROR: Module greet is in use by: greetuser" \
	"rmmod of a module in use names its users"
run "$B/rmmod" nothere
is "$rc:$out" "1:rmmod: ERROR: Module nothere is not currently loaded" \
	"rmmod of a module not loaded"
run "$B/rmmod"
is "$rc:$out" "1:rmmod: ERROR: missing module name." "rmmod without a name"

run "$B/rmmod" greetuser greet
is "$rc:$out" "0:" "rmmod of the user, then of the module it used"
is "$(lsmod_norm)" "$HEADER" "both are gone"
is "$("$B/umod" dmesg -t | grep -E 'goodbye')" "greetuser: goodbye
greet: goodbye after 1 greetings" "their exit functions ran, in that order"

# ---- printk formats as Linux's vsnprintf does ----

run "$B/insmod" "$TT/printfmt.ko"
is "$rc:$out" "0:" "insmod a module printing Linux's formats"
like "$("$B/umod" dmesg -t | grep '^printfmt')" \
	'^printfmt: printfmt_target\+0x0/0x[0-9a-f]+ \[printfmt\] printfmt_target \[printfmt\]
printfmt: open: -ENOENT
printfmt: name \(null\)
printfmt: before
printfmt: n is still -1$' \
	"dmesg: %pS and %ps name the module's function, %pe the errno, %s of NULL is (null), %n ends the message"
run "$B/rmmod" printfmt
like "$("$B/umod" dmesg -t | grep '^printfmt: exit')" \
	'^printfmt: exit printfmt_target\+0x1/0x[0-9a-f]+ \[printfmt\]$' \
	"%pS from the exit function"

# ---- A reference held: rmmod refuses, rmmod -w waits ----

run "$B/insmod" "$TT/holder.ko"
is "$(lsmod_norm | grep holder)" "$(row holder 1)" "a module holding a reference counts it"
run "$B/rmmod" holder
is "$rc:$out" "1:rmmod: ERROR: Module holder is in use" "rmmod of a referenced module"
"$B/rmmod" -w holder >"$T/rmmod-w.out" 2>&1 &
wpid=$!
sleep 0.3
kill -0 "$wpid" 2>/dev/null
ok $? "rmmod -w waits for the reference"
"$B/umod" param holder release 1
wait "$wpid"
is "$?:$(cat "$T/rmmod-w.out")" "0:" "rmmod -w removes the module once it is released"
run grep -c holder <<<"$(lsmod_norm)"
is "$out" 0 "holder is gone"

# ---- Compressed modules are inflated by insmod ----

# (tools-without.t: a build without the library.)
for z in "gzip gz ZLIB" "xz xz XZ" "zstd zst ZSTD"; do
	set -- $z
	if ! command -v "$1" >/dev/null; then
		skip "no $1"
		continue
	elif ! built_with "$B/umod" "$3"; then
		skip "umod is built without $3"
		continue
	fi
	"$1" -c <"$TT/greet.ko" >"$T/greet.ko.$2"
	run "$B/insmod" "$T/greet.ko.$2" who="$2 reader"
	is "$rc:$out:$("$B/umod" param greet who)" "0::$2 reader" "insmod greet.ko.$2"
	"$B/rmmod" greet
done
if [ -f "$T/greet.ko.gz" ]; then
	head -c 100 "$T/greet.ko.gz" >"$T/damaged.ko.gz"
	run "$B/insmod" "$T/damaged.ko.gz"
	is "$rc:$out" "1:insmod: ERROR: could not insert module $T/damaged.ko.gz: Invalid module format
insmod: ERROR: $T/damaged.ko.gz: damaged compressed data" "a damaged compressed module"
else
	skip "no greet.ko.gz"
fi

run "$B/insmod" -k "$TT/greet.ko"
is "$rc:$(lsmod_norm | grep '^greet ')" "0:$(row greet 0) (autoclean)" \
	"insmod -k: lsmod marks the module (autoclean)"
"$B/rmmod" greet

# ---- A slow init blocks no one else ----

"$B/insmod" "$TT/slow.ko" delay_ms=1500 >"$T/slow.out" 2>&1 &
spid=$!
sleep 0.3
t0=$(date +%s%N)
run "$B/lsmod"
t1=$(date +%s%N)
like "$out" $'\nslow ' "lsmod during a slow init lists the module coming"
ok $(( (t1 - t0) / 1000000 < 700 ? 0 : 1 )) "and answers at once ($(( (t1 - t0) / 1000000 )) ms)"
run "$B/rmmod" slow
is "$rc:$out" "1:rmmod: ERROR: could not remove module slow: Device or resource busy
rmmod: ERROR: slow: module is still loading" "rmmod while it loads: busy, and why"
wait "$spid"
is "$?:$(cat "$T/slow.out")" "0:" "the slow insmod completes"
run "$B/rmmod" slow
is "$rc:$out" "0:" "and the module can then be removed"

# ---- Hostile clients ----

raw() { "$TT/rawclient" "$SOCK" "$@"; }
is "$(raw badmagic)" "op=0 errno=71 msg=not a umod message then=closed" \
	"bad magic: EPROTO, connection closed"
is "$(raw badversion)" \
	"op=0 errno=93 msg=protocol version 99 not supported (host speaks 1) then=closed" \
	"unknown version: EPROTONOSUPPORT"
is "$(raw oversize)" \
	"op=0 errno=90 msg=message of 2097152 bytes exceeds the 1048576-byte limit then=closed" \
	"a 2 MiB message: EMSGSIZE before reading it"
is "$(raw badattr)" "op=2 errno=74 msg=malformed DELETE request
op=7 errno=0 msg= then=open" "an attribute past the payload: EBADMSG, connection kept"
is "$(raw badstring)" "op=2 errno=74 msg=malformed DELETE request then=open" \
	"a name without its NUL: EBADMSG"
is "$(raw unknownop)" "op=99 errno=95 msg=unknown operation 99 then=open" \
	"an unknown op: EOPNOTSUPP"
is "$(raw badflags)" "op=4 errno=22 msg=unknown flags 0x80 then=open" \
	"unknown flags: EINVAL"
is "$(raw noinitfd)" "op=1 errno=9 msg=no module file passed then=open" \
	"INIT without a descriptor: EBADF"
is "$(raw pipeinit)" "op=1 errno=22 msg=not a regular file then=open" \
	"INIT with a pipe is refused before reading it"
is "$(raw fdlist "$TT/greet.ko")" "op=3 errno=22 msg=LIST takes no file descriptor then=open" \
	"a descriptor with LIST: EINVAL"
is "$(raw twofds "$TT/greet.ko")" \
	"op=0 errno=74 msg=one file descriptor per message at most then=closed" \
	"two descriptors: protocol error"
is "$(raw pipeline)" "op=7 errno=0 msg=
op=3 errno=0 msg= then=open" "two requests in one write: two replies in order"

raw stall >"$T/stall.out" &
rpid=$!
wait_for grep -qx stalled "$T/stall.out"
run "$B/lsmod"
is "$rc" 0 "a stalled client blocks no one"
wait "$rpid"
is "$(cat "$T/stall.out")" "stalled
dropped" "and is dropped, its message never finished (--client-timeout)"

is "$(raw flood 70 "$B/lsmod" 2>&1)" "op=0 errno=87 msg=too many clients
refused 6 of 70
lsmod: ERROR: could not get list of modules: Too many users
while held: exit 1" "past 64 clients, connections are turned away, and told why"
run "$B/lsmod"
is "$rc" 0 "and served again once they leave"
kill -0 "$HOST_PID"
ok $? "the host survives the hostile clients"

# ---- Who may do what ----

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
	for i in $(seq 12); do skip "needs root and setpriv"; done
else
	# Copies an unprivileged user can reach wherever the tree is.
	cp "$B/umod" "$TT/greetuser.ko" "$T/"
	chmod 755 "$T/umod"
	chmod 644 "$T/greetuser.ko"
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$T/umod" "$@"; }

	run nobody lsmod
	is "$rc:$out" "1:lsmod: ERROR: could not connect to umod host at $SOCK: Permission denied" \
		"the private socket keeps others out"

	mkdir -m 755 "$T/pub"
	umodd_start "$PUB" "$T/pub.log" --socket-mode 0666
	ok $? "a second host with a world-writable socket"
	"$B/insmod" --host "$PUB" "$TT/greet.ko"
	run nobody lsmod --host "$PUB"
	is "$rc:$(norm <<<"$out")" "0:$HEADER
$(row greet 0)" "others may list modules"
	run nobody insmod --host "$PUB" "$T/greetuser.ko"
	is "$rc:$out" "1:insmod: ERROR: could not insert module $T/greetuser.ko: Operation not permitted
insmod: ERROR: uid 65534 may not change modules" "but not load them"
	run nobody rmmod --host "$PUB" greet
	is "$rc:$out" "1:rmmod: ERROR: could not remove module greet: Operation not permitted
rmmod: ERROR: uid 65534 may not change modules" "nor remove them"
	run nobody param --host "$PUB" greet who nobody
	like "$rc:$out" "^1:param: ERROR: could not set parameter who of greet: Operation not permitted" \
		"nor set parameters"
	run nobody dmesg --host "$PUB"
	is "$rc:$out" "1:dmesg: ERROR: could not read the host's log: Operation not permitted" \
		"nor read the log"
	run nobody ksyms --host "$PUB"
	like "$(grep greet_hello <<<"$out")" $'^0{16} T greet_hello\t\\[greet\\]$' \
		"symbols show, with addresses hidden"
	run nobody param --host "$PUB" greet who
	is "$rc:$out" "0:world" "a parameter others may read (0644)"
	run nobody param --host "$PUB" greet secret
	is "$rc:$out" "1:param: ERROR: could not read parameter secret of greet: Permission denied" \
		"a parameter they may not (0600)"
	like "$("$B/umod" dmesg --host "$PUB" -t)" \
		'umod: INIT refused for uid 65534 \(pid [0-9]+\): not permitted' \
		"the host logs the refusal"
	run "$B/lsmod" --host "$PUB"
	like "$out" $'\ngreet ' "the refused requests changed nothing"
	umodd_stop
	ok $? "the second host stops"
fi

# ---- dmesg -c, the tools' own options ----

run "$B/umod" dmesg -c
like "$out" 'greet: hello, tester' "dmesg -c prints the log"
run "$B/umod" dmesg
is "$rc:$out" "0:" "then it is empty"

for t in insmod rmmod lsmod; do
	is "$("$B/$t" --version)" "$("$B/umod" --version)" "$t --version"
	like "$("$B/$t" --help)" "^Usage:"$'\n'"	$t " "$t --help"
done
like "$("$B/umod" ksyms --help)" $'^Usage:\n\tksyms ' "umod ksyms --help"
like "$("$B/umod" --version)" $'^umod version [0-9.]+\n[-+]ZSTD [-+]XZ [-+]ZLIB [-+]LIBCRYPTO$' \
	"umod --version names the libraries built in, as kmod's"
like "$("$B/umodd" --version)" $'^umodd version [0-9.]+\n[-+]FUSE [-+]LIBCRYPTO$' \
	"umodd --version names the libraries built in"
run "$B/umod" frobnicate
like "$rc:$out" "^1:invalid command 'frobnicate'
umod - " "umod with an unknown command: kmod's words, then the help"
run "$B/umod" help
like "$rc:$out" "^0:umod - .*
  help         Show help message
  insmod       " "umod help, as kmod help: the usage and the commands"

# ---- umodd --daemon ----

run timeout 10 "$B/umodd" --daemon --socket "$T/daemon/umodd.sock"
is "$rc:$out" "0:" "umodd --daemon returns once it is ready, holding none of our pipes"
[ -S "$T/daemon/umodd.sock" ]
ok $? "its socket is there when it returns"
DAEMON_PID=$("$TT/rawclient" "$T/daemon/umodd.sock" peerpid)
run "$B/lsmod" --host "$T/daemon/umodd.sock"
is "$rc:$out" "0:$HEADER" "the daemon serves"
run timeout 10 "$B/umodd" --daemon --socket "$T/daemon/umodd.sock"
like "$rc:$out" "^1:umodd: cannot start the control channel: a host is already listening" \
	"a second daemon on its socket fails, and says so"
kill -TERM "$DAEMON_PID"
wait_for eval '! kill -0 "$DAEMON_PID" 2>/dev/null'
DAEMON_PID=
[ ! -e "$T/daemon/umodd.sock" ]
ok $? "SIGTERM stops the daemon and removes its socket"

# ---- Shutdown ----

"$B/insmod" "$TT/greet.ko"
"$B/insmod" "$TT/greetuser.ko"
umodd_stop "$HOST_PID"
is "$?" 0 "SIGTERM: umodd exits cleanly"
is "$(grep -E 'goodbye|shutting' "$T/umodd.log" | tail -3 | sed -E 's/^\[ *[0-9.]+\] //')" \
	"umodd: Terminated, shutting down
greetuser: goodbye
greet: goodbye after 1 greetings" "modules are unloaded, users first"
[ ! -e "$SOCK" ]
ok $? "the socket is removed"
run "$B/insmod" "$TT/greet.ko"
is "$rc:$out" "1:insmod: ERROR: could not connect to umod host at $SOCK: No such file or directory" \
	"with no host, the tools say where they looked"

done_testing
