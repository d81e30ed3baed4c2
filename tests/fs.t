#!/bin/bash
# fs.t - umodd --fs: the host's /proc and /sys through FUSE, read and
# written with ordinary shell commands, against what lsmod, ksyms and
# umod param say; the mount gone after SIGTERM and after SIGKILL.
set -u
. "$(dirname "$0")/tap.sh"

B=$(cd "${UMOD_B:-build}" && pwd)
TT=$B/tests/tools

[ -c /dev/fuse ] && command -v fusermount3 >/dev/null ||
	skip_all "needs /dev/fuse and fusermount3 (fuse3)"

T=$(mktemp -d /tmp/umod-fs.XXXXXX)
chmod 755 "$T"
M=$T/mnt
mkdir "$M"
export UMOD_HOST=$T/host/umodd.sock
mounted() { grep -q " $M fuse.umodd " /proc/mounts; }
cleanup() {	# after tap.sh has stopped umodd; a dead mount fails stat
	mounted && fusermount3 -u -z "$M"
	rm -rf "$T"
}
at_exit cleanup

start_host() {	# waits for the socket and the mount, both
	umodd_start "$UMOD_HOST" "$T/umodd.log" --fs "$M" && wait_for mounted
}

# ---- Mounted ----

run "$B/umodd" --socket "$T/other.sock" --fs "$T/nowhere"
is "$rc:$(tail -n1 <<<"$out")" "1:umodd: cannot mount $T/nowhere: No such file or directory" \
	"--fs on a missing directory: umodd says so and exits"

start_host
ok $? "umodd --fs mounts the views"
is "$(ls "$M" | tr '\n' ' ')$(ls "$M/proc" | tr '\n' ' ')" "dev proc sys kallsyms modules net " \
	"DIR/dev, DIR/proc and DIR/sys; /proc/modules, kallsyms and net"
is "$(cat "$M/proc/modules")" "" "an empty host: /proc/modules is empty"

"$B/umod" insmod "$TT/greet.ko" who=tester && "$B/umod" insmod "$TT/greetuser.ko"
ok $? "insmod greet, greetuser"

# ---- /proc ----

# /proc/modules as lsmod reads it: name, size, refcnt, users.
from_proc=$(awk '{ u = $4; sub(/,$/, "", u); if (u == "-") u = "";
	print $1, $2, $3, u }' "$M/proc/modules")
from_lsmod=$("$B/umod" lsmod | awk 'NR > 1 { print $1, $2, $3, $4 }')
is "$from_proc" "$from_lsmod" "/proc/modules: what lsmod lists"
is "$(awk '{ print $1, $5, $7 }' "$M/proc/modules")" "greetuser Live (E)
greet Live (E)" "/proc/modules: newest first; state and taints, Linux's columns"
is "$(grep -E '^[0-9a-f]{16} T greet_hello	\[greet\]$' "$M/proc/kallsyms")" \
	"$("$B/umod" ksyms | grep ' greet_hello')" "/proc/kallsyms: ksyms's line"

# ---- /sys/module ----

S=$M/sys/module/greet
is "$(ls "$M/sys/module" | tr '\n' ' ')" "greet greetuser " "sys/module: the modules"
is "$(ls "$S" | tr '\n' ' ')" "holders initstate parameters refcnt sections " "sys/module/greet"
is "$(cat "$S/refcnt") $(cat "$S/initstate")" "1 live" "refcnt and initstate"
is "$(readlink "$S/holders/greetuser")" "../../greetuser" "holders: a link to the user"
is "$(ls "$M/sys/module/greetuser")" "holders
initstate
refcnt
sections" "no parameters/ without parameters, as sysfs"
is "$(stat -c '%a %n' "$S"/parameters/* | sed "s|$S/parameters/||")" "600 secret
444 times
644 who" "parameters: the modules' permissions"
is "$(cat "$S/parameters/who")" "$("$B/umod" param greet who)" \
	"a parameter reads as umod param says"
echo visitor > "$S/parameters/who"
ok $? "echo > parameters/who"
is "$("$B/umod" param greet who)" "visitor" "umod param sees the written value"
echo 7 | dd of="$S/parameters/secret" status=none
is "$(cat "$S/parameters/secret")" "7" "dd writes an int parameter"
run bash -c "echo abc > $S/parameters/secret"
is "$((rc != 0)):${out##*: }" "1:Invalid argument" "a bad value: the parameter's EINVAL"
run bash -c "echo 3 > $S/parameters/times"
is "$((rc != 0)):${out##*: }" "1:Permission denied" "a read-only parameter: EACCES, even for root"
run cat "$S/nope"
is "$rc:${out##*: }" "1:No such file or directory" "no such attribute: ENOENT"
run bash -c "echo x > $M/dev/nope"
is "$((rc != 0)):${out##*: }" "1:Permission denied" "creating a file: EACCES, as a directory without create"
run mkdir "$M/proc/nope"
is "$rc:${out##*: }" "1:Operation not permitted" "mkdir: EPERM"
run rm -f "$S/refcnt"
is "$rc:${out##*: }" "1:Operation not permitted" "unlink: EPERM"

# sections/: add_sect_attrs' files, 0400, each its section's address
is "$(ls -A "$S/sections" | grep -cvE '^[._a-z0-9]+$'):$(ls -A "$S/sections" | grep -cxE '\.text|\.data|\.init\.text|__param')" \
	"0:4" "sections/: the allocated sections by name, init ones kept"
text=$(cat "$S/sections/.text")
hello=$(awk '$3 == "greet_hello" { print $1 }' "$M/proc/kallsyms")
is "$(stat -c %a "$S/sections/.text"):$(grep -cxE '0x[0-9a-f]{16}' <<<"$text"):$(( 0x${hello} >= text ))" "400:1:1" \
	"sections/.text: 0400, its address, which greet_hello lies past"
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
	for i in 1 2 3 4; do skip "needs root and setpriv"; done
else
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	run nobody cat "$S/parameters/secret"
	is "$rc:${out##*: }" "1:Permission denied" "another user: a 0600 parameter refused"
	is "$(nobody cat "$S/parameters/who")" "visitor" "another user reads a 0644 one"
	is "$(nobody grep ' greet_hello' "$M/proc/kallsyms")" \
		"0000000000000000 T greet_hello	[greet]" "another user: kallsyms without addresses"
	run nobody cat "$S/sections/.text"
	is "$rc:${out##*: }" "1:Permission denied" "another user: sections/ refused (0400)"
fi

"$B/umod" rmmod greetuser
is "$(ls "$S/holders") $(ls "$M/sys/module")" " greet" "rmmod: gone from sys/module and holders"

# ---- /dev: a module's character devices ----

D=$M/dev
"$B/umod" insmod "$TT/chardev.ko"
ok $? "insmod chardev"
is "$(stat -c '%a %n' "$D"/* | sed "s|$D/||")" "444 chardev_count
600 chardev_echo
666 chardev_fifo" "dev: device_create's and misc_register's nodes, their modes"
is "$(cat "$D/chardev_echo")" "nothing written yet" "cat runs the driver's open and read"
echo hello > "$D/chardev_echo"
ok $? "echo > runs its write (copy_from_user)"
is "$(cat "$D/chardev_echo")" "hello" "and read gives it back (copy_to_user)"
is "$(dd if="$D/chardev_echo" bs=2 status=none)" "hello" "dd, two bytes a read: the driver moves the position"
is "$(cat "$D/chardev_count")" "4" "the misc device counts the echo device's opens"
run bash -c "head -c 100 /dev/zero > $D/chardev_echo"
is "$((rc != 0)):${out##*: }" "1:No space left on device" "the driver's -ENOSPC reaches the shell"
is "$(cat "$D/chardev_echo")" "hello" "and the refused write changed nothing"
ioctl() {	# file cmd: ioctl(2) with an int to read back
	perl -e 'open(F, "<", $ARGV[0]) or die "$!\n"; my $b = pack("l", 0);
		ioctl(F, hex($ARGV[1]), $b) or die "$!\n"; print unpack("l", $b), "\n"' "$@"
}
is "$(ioctl "$D/chardev_count" 80046301)" "6" "unlocked_ioctl: _IOR's int through copy_to_user"
run ioctl "$D/chardev_count" 80046302
is "$rc:$out" "25:Inappropriate ioctl for device" "an unknown ioctl: the driver's -ENOTTY"
run ioctl "$D/chardev_count" 6303
is "$rc:$out" "14:Bad address" "a handler that faults: its request fails with EFAULT"
"$B/umod" dmesg | grep -Eq 'RIP: 0033:count_ioctl\+0x[0-9a-f]+/0x[0-9a-f]+ \[chardev\]'
ok $? "and leaves an oops naming it"
is "$(cat "$D/chardev_echo")" "hello" "umodd goes on serving the driver's other devices"
run bash -c "echo x > $D/chardev_count"
is "$((rc != 0)):${out##*: }" "1:Invalid argument" "a write to a driver without one: EINVAL, as vfs_write's"
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
	skip "needs root and setpriv"
else
	run setpriv --reuid=65534 --regid=65534 --clear-groups cat "$D/chardev_echo"
	is "$rc:${out##*: }" "1:Permission denied" "another user: a 0600 node refused"
fi
# A read that sleeps on the driver's wait queue, woken by a write from
# another process; poll(2) through select; O_NONBLOCK.  Bounded: a
# reader never woken is killed by timeout and fails the test.
F=$D/chardev_fifo
run dd if="$F" iflag=nonblock status=none
is "$rc:${out##*: }" "1:Resource temporarily unavailable" "O_NONBLOCK with nothing written: the driver's EAGAIN"
timeout 30 head -c 6 "$F" >"$T/fifo.out" &
reader=$!
for i in $(seq 100); do	# until the reader sleeps in the driver
	grep -q '^State:.*S' "/proc/$(pgrep -P "$reader" || echo "$reader")/status" 2>/dev/null && break
	sleep 0.05
done
echo woken > "$F"
wait "$reader"
is "$?:$(cat "$T/fifo.out")" "0:woken" "a blocked read is woken by another process's write (wait queue)"
# file seconds: whether select(2) finds it readable in that time
readable() {
	timeout 30 perl -e 'open(F, "<", $ARGV[0]) or die "$!\n"; my $r = "";
		vec($r, fileno(F), 1) = 1; my $n = select($r, undef, undef, $ARGV[1]);
		print $n > 0 ? "readable\n" : "not readable\n"' "$@"
}
is "$(readable "$M/proc/modules" 0) $(readable "$F" 0)" "readable not readable" \
	"poll: a view without a driver is always ready, and a device still asks its driver"
readable "$F" 25 >"$T/poll.out" &
poller=$!
for i in $(seq 100); do	# until it waits in select
	[ "$(cat "/proc/$poller/wchan" 2>/dev/null)" != 0 ] &&
		grep -q '^State:.*S' "/proc/$poller/status" 2>/dev/null && break
	sleep 0.05
done
echo polled > "$F"
wait "$poller"
is "$?:$(cat "$T/poll.out")" "0:readable" "poll: select wakes when the driver's queue is woken"
is "$(head -c 6 "$F")" "polled" "and the read finds what was written"

exec 3<"$D/chardev_echo"
run "$B/umod" rmmod chardev
is "$rc:$out" "1:rmmod: ERROR: Module chardev is in use" "an open device pins its module"
exec 3<&-
"$B/umod" rmmod chardev
ok $? "closed, the module goes"
is "$(ls "$D")" "" "and its nodes with it"

# ---- /proc: a module's seq_file entries ----

P=$M/proc/procseq
"$B/umod" insmod "$TT/procseq.ko"
ok $? "insmod procseq"
is "$(stat -c '%a %n' "$P" "$P"/* | sed "s|$M/proc/||") $(test -d "$P" && echo dir)" "555 procseq
444 procseq/hello
644 procseq/lines dir" "proc_mkdir's directory, proc_create's files, their modes"
is "$(cat "$P/hello"; cat "$P/hello")" "hello from procseq, shown 1 times
hello from procseq, shown 2 times" "single_open: show() runs on each read from the start"
is "$(cat "$P/lines")" "line 1 of 3
line 2 of 3
line 3 of 3" "seq_open: a record per line"
echo 2000 > "$P/lines"
ok $? "echo > runs proc_write"
want=$(for i in $(seq 2000); do echo "line $i of 2000"; done)
is "$(cat "$P/lines")" "$want" "2000 records, past seq_read's first page"
is "$(dd if="$P/lines" bs=7 status=none)" "$want" "read 7 bytes at a time: records split across reads"
is "$(dd if="$P/lines" iflag=skip_bytes skip=$((${#want} + 1 - 18)) status=none)" \
	"line 2000 of 2000" "dd skips to the last line and reads from there (traverse)"
run bash -c "echo abc > $P/lines"
is "$((rc != 0)):${out##*: }" "1:Invalid argument" "proc_write's -EINVAL reaches the shell"
exec 3<"$P/lines"
"$B/umod" rmmod procseq
ok $? "rmmod with a /proc file open: entries do not pin the module"
run cat <&3
is "$((rc != 0)):${out##*: }" "1:Input/output error" "the open file reads EIO, as after proc_entry_rundown"
exec 3<&-
is "$(ls "$M/proc")" "kallsyms
modules
net" "the entries are gone"

# ---- Genuine modules, built by Linux's Kbuild ----
#
# tests/fs/*.c, the classic teaching modules, built against Debian's 6.1
# headers as a learner builds them, then used through the mount.

KDIR=$(ls -d /usr/src/linux-headers-6.1*-amd64 2>/dev/null | head -n 1)
G=$T/genuine
genuine=
if [ -n "$KDIR" ] && command -v make >/dev/null; then
	mkdir "$G"
	cp "$(dirname "$0")"/fs/*.c "$G/"
	echo 'obj-m := gmisc.o tchar.o tproc.o tdefer.o thw.o tsysfs.o tdebug.o twait.o tdbgfile.o tkset.o treq.o' >"$G/Kbuild"
	make -s -C "$KDIR" M="$G" modules >"$G/build.log" 2>&1
	ok $? "gmisc, tchar, tproc, tdefer, thw, tsysfs, tdebug, twait, tdbgfile, tkset, treq built with Debian's headers and Kbuild" &&
		genuine=1
else
	skip "needs Debian's 6.1 kernel headers (linux-headers-amd64)"
fi
# -f: their vermagic is Debian's release, not this host's.
ginsmod() { local m=$1; shift; "$B/umod" insmod -f "$G/$m.ko" "$@"; }
# file cmd [int]: ioctl(2) on an int, printed back; or, without an
# int, ioctl's own return value
gioctl() {
	perl -e 'open(F, "<", $ARGV[0]) or die "$!\n";
		if (@ARGV > 2) { my $b = pack("l", $ARGV[2]);
			ioctl(F, hex($ARGV[1]), $b) or die "$!\n"; print unpack("l", $b), "\n" }
		else { my $r = ioctl(F, hex($ARGV[1]), 0); defined $r or die "$!\n"; print $r + 0, "\n" }' "$@"
}
leaf() { pgrep -P "$1" || echo "$1"; }	# timeout's child
# pid: until the process waits for a FUSE answer (the driver's sleep)
await_fuse() {
	local i
	for i in $(seq 200); do
		[ "$(cat "/proc/$1/wchan" 2>/dev/null)" = request_wait_answer ] && sleep 0.1 &&
			[ "$(cat "/proc/$1/wchan" 2>/dev/null)" = request_wait_answer ] && return 0
		sleep 0.05
	done
	return 1
}

if [ -z "$genuine" ]; then
	for i in $(seq 3); do skip "no genuine modules"; done
else
	ginsmod gmisc
	ok $? "insmod -f gmisc.ko"
	first=$(cat "$D/gmisc"); echo genuine-write > "$D/gmisc"
	is "$first/$(cat "$D/gmisc")" "genuine/genuine-write" "its misc device: simple_read_from_buffer, copy_from_user"
	is "$(cat "$M/proc/gmisc")" "gmisc opened 3 times" \
		"its /proc file (proc_create_single, seq_printf) sees the opens"
	"$B/umod" rmmod gmisc
fi

# tchar: a device counting its opens; ioctl; a pipe whose reads sleep
# on a wait queue.
if [ -z "$genuine" ]; then
	for i in $(seq 14); do skip "no genuine modules"; done
else
	ginsmod tchar
	ok $? "insmod -f tchar.ko (alloc_chrdev_region, cdev_add, class_create, device_create)"
	is "$(stat -c '%a %n' "$D"/* | sed "s|$D/||")" "666 tchar
666 tchar_pipe" "its nodes, the mode its class's devnode gives"
	is "$(cat "$D/tchar"; cat "$D/tchar")" "opened 1 times
opened 2 times" "cat counts the opens (mutex)"
	is "$(gioctl "$D/tchar" 80047401 0)" 3 "_IOR ioctl: put_user gives the count"
	gioctl "$D/tchar" 40047402 41 >/dev/null
	is "$(cat "$D/tchar")" "opened 42 times" "_IOW ioctl: get_user sets it"
	run gioctl "$D/tchar" 40047402 -1
	is "$rc:$out" "22:Invalid argument" "a value the driver refuses: its -EINVAL"
	run gioctl "$D/tchar" 7409
	is "$rc:$out" "25:Inappropriate ioctl for device" "an unknown command: -ENOTTY"
	exec 3<"$D/tchar_pipe"
	is "$(gioctl "$D/tchar" 7403)" 2 "_IO ioctl's return value: the files open now (atomic_t)"
	exec 3<&-
	before=$(gioctl "$D/tchar" 80047401 0)
	timeout 30 head -c 6 "$D/tchar_pipe" >"$T/pipe.out" &
	reader=$!
	await_fuse "$(leaf "$reader")"
	echo woken > "$D/tchar_pipe"
	wait "$reader"
	is "$?:$(cat "$T/pipe.out")" "0:woken" \
		"a read sleeping in wait_event_interruptible, woken by another process's write"
	# A reader with a SIGINT handler: its read fails with EINTR, as the
	# driver's -ERESTARTSYS does on Linux without SA_RESTART.
	timeout 30 perl -e '$SIG{INT} = sub {}; open(F, "<", $ARGV[0]) or die "$!\n";
		my $n = sysread(F, my $b, 10); print defined $n ? "read $n\n" : "$!\n"' \
		"$D/tchar_pipe" >"$T/intr.out" &
	reader=$!
	await_fuse "$(leaf "$reader")"
	kill -INT "$(leaf "$reader")"	# not timeout: it would signal the group too
	wait "$reader"
	is "$?:$(cat "$T/intr.out")" "0:Interrupted system call" \
		"Ctrl-C on a reader that handles it: the sleeping read returns EINTR"
	timeout 30 cat "$D/tchar_pipe" >/dev/null &
	reader=$!
	await_fuse "$(leaf "$reader")"
	kill -INT "$(leaf "$reader")"
	wait "$reader"
	is "$?" 130 "Ctrl-C on cat sleeping in the driver: cat dies of SIGINT"
	echo again > "$D/tchar_pipe"
	is "$(head -c 6 "$D/tchar_pipe")" "again" "and the pipe serves the next reader"
	is "$(gioctl "$D/tchar" 80047401 0)" $((before + 1)) "the count goes on: nothing else opened it"
	grep -q "tchar: major 254" "$T/umodd.log"
	ok $? "pr_info reaches umodd's log"
fi

# twait: reads that wait in mutex_lock_interruptible/_killable and
# wait_for_completion_interruptible/_killable/_interruptible_timeout,
# ended by a signal to the reader (FUSE's INTERRUPT): -ERESTARTSYS, and
# the reader sees EINTR, or dies of its SIGINT.
W=$D/twait
TW=$M/sys/module/twait/parameters
# cmd...: in the background, bounded, until it sleeps in the driver
reader_start() {
	timeout 60 "$@" &
	reader=$!
	await_fuse "$(leaf "$reader")"
}
# one read(2) by a reader handling SIGINT: its bytes, or its error
read_once=(perl -e '$SIG{INT} = sub {}; open(F, "<", $ARGV[0]) or die "$!\n";
	my $n = sysread(F, my $b, 10); print defined $n ? $b : "$!\n"' "$W")
if [ -z "$genuine" ]; then
	for i in $(seq 8); do skip "no genuine modules"; done
else
	ginsmod twait
	ok $? "insmod -f twait.ko"
	reader_start "${read_once[@]}" >"$T/first.out"
	first=$reader
	reader_start "${read_once[@]}" >"$T/second.out"
	kill -INT "$(leaf "$reader")"
	wait "$reader"
	is "$?:$(cat "$T/second.out"):$(cat "$TW/locks_interrupted")" "0:Interrupted system call:1" \
		"mutex_lock_interruptible: a reader waiting for the lock gets EINTR on SIGINT"
	kill -INT "$(leaf "$first")"
	wait "$first"
	is "$?:$(cat "$T/first.out"):$(cat "$TW/waits_interrupted")" "0:Interrupted system call:1" \
		"wait_for_completion_interruptible: the lock's holder, waiting, gets EINTR too"
	reader_start cat "$W" >/dev/null
	kill -INT "$(leaf "$reader")"
	wait "$reader"
	is "$?:$(cat "$TW/waits_interrupted")" "130:2" "Ctrl-C on cat waiting: cat dies of SIGINT, the wait ended"
	echo 1 > "$TW/wait"
	reader_start "${read_once[@]}" >"$T/killable.out"
	kill -INT "$(leaf "$reader")"
	await_fuse "$(leaf "$reader")"
	echo done > "$W"
	wait "$reader"
	is "$?:$(cat "$T/killable.out"):$(cat "$TW/waits_interrupted")" "0:done:2" \
		"wait_for_completion_killable: a SIGINT the reader handles does not end it; complete() does"
	reader_start cat "$W" >/dev/null
	kill -INT "$(leaf "$reader")"
	wait "$reader"
	is "$?:$(cat "$TW/waits_interrupted")" "130:3" \
		"a fatal signal (cat's default SIGINT) ends the killable wait"
	echo 2 > "$TW/wait"
	reader_start cat "$W" >/dev/null
	kill -INT "$(leaf "$reader")"
	wait "$reader"
	is "$?:$(cat "$TW/waits_interrupted")" "130:4" \
		"wait_for_completion_interruptible_timeout: ended by Ctrl-C"
	"$B/umod" rmmod twait
	ok $? "rmmod twait: nothing left waiting"
fi

# tproc: a /proc directory, a seq_file iterator, a single_open file
# written through kstrtouint_from_user.
if [ -z "$genuine" ]; then
	for i in $(seq 6); do skip "no genuine modules"; done
else
	ginsmod tproc
	ok $? "insmod -f tproc.ko"
	is "$(stat -c '%a %n' "$M/proc/tproc"/* | sed "s|$M/proc/tproc/||")" "644 limit
444 squares" "proc_create's files under proc_mkdir's directory"
	is "$(cat "$M/proc/tproc/squares")" "$(for i in 1 2 3 4 5; do echo "$i squared is $((i * i))"; done)" \
		"seq_open's start, next, show: a record a line"
	echo 12 > "$M/proc/tproc/limit"
	is "$(cat "$M/proc/tproc/limit"):$(wc -l < "$M/proc/tproc/squares")" "12:12" \
		"a write to the single_open file changes what the iterator shows"
	run bash -c "echo twelve > $M/proc/tproc/limit"
	is "$((rc != 0)):${out##*: }" "1:Invalid argument" "not a number: kstrtouint's EINVAL"
	run bash -c "echo 100001 > $M/proc/tproc/limit"
	is "$((rc != 0)):${out##*: }:$(cat "$M/proc/tproc/limit")" "1:Numerical result out of range:12" \
		"too many: the driver's ERANGE, and nothing changed"
	"$B/umod" rmmod tproc
fi

# tdefer: a workqueue, a tasklet, a timer, two kthreads, completions,
# and counters under a spinlock, a rwlock and an atomic_t.
if [ -z "$genuine" ]; then
	for i in $(seq 5); do skip "no genuine modules"; done
else
	ginsmod tdefer
	ok $? "insmod -f tdefer.ko"
	timeout 60 bash -c "echo go > $M/proc/tdefer"
	ok $? "a round: the write returns when every completion is done"
	timeout 60 bash -c "echo go > $M/proc/tdefer"
	is "$(cat "$M/proc/tdefer")" "rounds: 2
work in task context: 1
tasklet in softirq: 1
timer ran, not early: 1 1
kthreads returned: 14
spinlock 80000 rwlock 80000 atomic 80000" \
		"work, tasklet (softirq), timer, kthread_stop's results; no count lost under the locks"
	"$B/umod" rmmod tdefer
	ok $? "rmmod: tasklet_kill, del_timer_sync, flush_work"
	is "$(ls "$M/proc")" "kallsyms
modules
net" "its /proc file goes with it"
fi

# ---- Stopping ----

# tsysfs: a kobject under kernel_kobj, an attribute, a named group.
K=$M/sys/kernel/tsysfs
if [ -z "$genuine" ]; then
	for i in $(seq 8); do skip "no genuine modules"; done
else
	ginsmod tsysfs
	ok $? "insmod -f tsysfs.ko"
	is "$(ls "$M/sys" | tr '\n' ' ')" "firmware fs hypervisor kernel mm module power " \
		"sys: the built-in kobjects' directories beside module/"
	is "$(cd "$K" && stat -c '%a %n' * stats/*)" "660 myvariable
755 stats
444 stats/writes" "kobject_create_and_add's directory: the attribute, the group; is_visible hid one"
	is "$(cat "$K/myvariable")" 0 "a read is show() (sysfs_emit)"
	echo 32 > "$K/myvariable"
	is "$(cat "$K/myvariable") $(cat "$K/stats/writes")" "32 1" "a write is store()"
	run bash -c "echo x > $K/myvariable"
	is "$((rc != 0)):${out##*: }:$(cat "$K/myvariable")" "1:Invalid argument:32" \
		"store's kstrtoint -EINVAL reaches the shell, nothing changed"
	run bash -c "echo 1 > $K/stats/writes"
	is "$((rc != 0)):${out##*: }" "1:Permission denied" "a read-only attribute: EACCES, even for root"
	"$B/umod" rmmod tsysfs
	is "$(ls "$M/sys/kernel")" "debug" "rmmod: kobject_put takes the directory away"
fi

# tkset: a kset, kobjects in it with default_groups, uevents, a
# binary attribute.
KS=$M/sys/kernel/tkset
# the log's uevent lines for a path, without SEQNUM's value
uevents() { grep -o "uevent: [a-z]*@$1 .*" "$T/umodd.log" | sed 's/ SEQNUM=[0-9]*$/ SEQNUM=n/'; }
if [ -z "$genuine" ]; then
	for i in $(seq 15); do skip "no genuine modules"; done
else
	ginsmod tkset
	ok $? "insmod -f tkset.ko (kset_create_and_add, kobject_init_and_add in a kset)"
	is "$(cd "$KS" && stat -c '%a %s %n' * foo/*)" "755 0 foo
755 0 quiet
644 16 foo/blob
644 4096 foo/uevent
664 4096 foo/value" "the kset's kobjects under it: default_groups' attribute, a uevent file, the bin file's size"
	is "$(uevents /kernel/tkset/foo)" "uevent: add@/kernel/tkset/foo ACTION=add DEVPATH=/kernel/tkset/foo SUBSYSTEM=tkset TKSET_VALUE=0 SEQNUM=n" \
		"kobject_uevent: ACTION, DEVPATH, SUBSYSTEM (the kset's name), the kset's key, SEQNUM"
	is "$(uevents /kernel/tkset/quiet)" "" "the kset's filter keeps quiet's uevent back"
	is "$(cat "$KS/foo/uevent")" "TKSET_VALUE=0" "the uevent file shows the kset's keys, as uevent_show"
	echo 5 > "$KS/foo/value"
	is "$(cat "$KS/foo/value") $(cat "$KS/foo/uevent")" "5 TKSET_VALUE=5" "a store; the keys follow the value"
	is "$(uevents /kernel/tkset/foo | tail -n 1)" "uevent: change@/kernel/tkset/foo ACTION=change DEVPATH=/kernel/tkset/foo SUBSYSTEM=tkset TKSET_REASON=store TKSET_VALUE=5 SEQNUM=n" \
		"kobject_uevent_env: the caller's keys before the kset's"
	echo change > "$KS/foo/uevent"
	is "$(uevents /kernel/tkset/foo | tail -n 1)" "uevent: change@/kernel/tkset/foo ACTION=change DEVPATH=/kernel/tkset/foo SUBSYSTEM=tkset SYNTH_UUID=0 TKSET_VALUE=5 SEQNUM=n" \
		"echo change > uevent: a synthetic uevent, SYNTH_UUID=0"
	echo "add 0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9 WHO=test" > "$KS/foo/uevent"
	is "$(uevents /kernel/tkset/foo | tail -n 1)" "uevent: add@/kernel/tkset/foo ACTION=add DEVPATH=/kernel/tkset/foo SUBSYSTEM=tkset SYNTH_UUID=0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9 SYNTH_ARG_WHO=test TKSET_VALUE=5 SEQNUM=n" \
		"with a UUID and arguments: SYNTH_UUID and SYNTH_ARG_ keys"
	run bash -c "echo bogus > $KS/foo/uevent"
	is "$((rc != 0)):${out##*: }" "1:Invalid argument" "an unknown action: EINVAL"
	grep -q "synth uevent: /kernel/tkset/foo: unknown uevent action string" "$T/umodd.log"
	ok $? "and kobject_synth_uevent's warning in the log"
	printf ABCD | dd of="$KS/foo/blob" bs=1 seek=4 conv=notrunc status=none
	is "$(od -An -tx1 "$KS/foo/blob" | tr -s ' ')" " 00 00 00 00 41 42 43 44 00 00 00 00 00 00 00 00" \
		"the bin attribute: written at offset 4, read whole (write and read with offsets)"
	is "$(dd if="$KS/foo/blob" bs=1 skip=6 count=20 status=none | wc -c)" 10 \
		"a read from offset 6 stops at its size"
	run dd if=/dev/zero of="$KS/foo/blob" bs=1 seek=16 count=1 conv=notrunc status=none
	is "$rc:${out##*: }" "1:File too large" "a write at its size: sysfs_kf_bin_write's EFBIG"
	"$B/umod" rmmod tkset
	is "$(uevents /kernel/tkset/foo | tail -n 1):$(ls "$M/sys/kernel")" \
		"uevent: remove@/kernel/tkset/foo ACTION=remove DEVPATH=/kernel/tkset/foo SUBSYSTEM=tkset TKSET_VALUE=5 SEQNUM=n:debug" \
		"rmmod: the last kobject_put sends remove, kset_unregister takes the tree"
fi

# tdebug: debugfs at sys/kernel/debug, value files.
DBG=$M/sys/kernel/debug
if [ -z "$genuine" ]; then
	for i in $(seq 8); do skip "no genuine modules"; done
else
	ginsmod tdebug
	ok $? "insmod -f tdebug.ko"
	is "$(stat -c '%a' "$DBG") $(ls "$M/sys/kernel")" "700 debug" \
		"sys/kernel/debug: debugfs' root, root's alone"
	is "$(cd "$DBG/tdebug" && stat -c '%a %n' * stats/*)" "644 counter
444 flag
600 reg
755 stats
644 stats/events" "debugfs_create_dir and the value files, with their modes"
	is "$(cat "$DBG/tdebug/counter" "$DBG/tdebug/reg" "$DBG/tdebug/flag" "$DBG/tdebug/stats/events")" "42
0xa5
Y
-3" "u32 in decimal, x8 as 0x and two digits, bool Y or N, atomic_t signed"
	echo 0x10 > "$DBG/tdebug/counter" && echo -7 > "$DBG/tdebug/stats/events"
	is "$(cat "$DBG/tdebug/counter" "$DBG/tdebug/stats/events")" "16
-7" "writes parse as kstrtoull and kstrtoll with base 0"
	run bash -c "echo many > $DBG/tdebug/counter"
	is "$((rc != 0)):${out##*: }" "1:Invalid argument" "not a number: EINVAL"
	run bash -c "echo N > $DBG/tdebug/flag"
	is "$((rc != 0)):${out##*: }" "1:Permission denied" "a read-only file: EACCES, even for root"
	"$B/umod" rmmod tdebug
	is "$(ls "$DBG")" "" "rmmod: debugfs_remove_recursive takes the tree"
fi

# tdbgfile: debugfs_create_file with the module's own file_operations.
DF=$DBG/tdbgfile
if [ -z "$genuine" ]; then
	for i in $(seq 16); do skip "no genuine modules"; done
else
	ginsmod tdbgfile
	ok $? "insmod -f tdbgfile.ko"
	is "$(cd "$DF" && stat -c '%a %n' * inner/* inner/deeper/*)" "755 inner
644 message
444 stats
755 inner/deeper
200 inner/deeper/word" "debugfs_create_file's files, nested debugfs_create_dir, their modes"
	is "$(cat "$DF/message")" "hello debugfs" "cat: its open (i_private) and read (simple_read_from_buffer)"
	echo "new words" > "$DF/message"
	is "$(cat "$DF/message")" "new words" "echo: its write (simple_write_to_buffer)"
	is "$(dd if="$DF/message" bs=1 skip=4 status=none)" "words" "dd skip=4: its llseek, then reads from there"
	run perl -e 'open(F, "<", $ARGV[0]) or die "$!\n"; sysseek(F, 100, 0) &&
		defined sysread(F, my $b, 10) or die "$!\n"' "$DF/message"
	is "$rc:$out" "22:Invalid argument" "a seek past the end: fixed_size_llseek's EINVAL"
	run bash -c "head -c 40 /dev/zero > $DF/message"
	is "$((rc != 0)):${out##*: }:$(cat "$DF/message")" "1:No space left on device:new words" \
		"a write too long: the driver's ENOSPC, nothing changed"
	stats="opens 7 releases 7 writes 1 seeks 2"
	wait_for eval '[ "$(cat "$DF/stats")" = "$stats" ]'
	is "$(cat "$DF/stats")" "$stats" \
		"DEFINE_SHOW_ATTRIBUTE (single_open on i_private): each open released, the seeks counted"
	echo hi > "$DF/inner/deeper/word"
	ok $? "a write-only _unsafe file in nested directories takes a write"
	wait_for grep -q "tdbgfile: word hi" "$T/umodd.log"
	ok $? "its pr_info reaches umodd's log"
	run bash -c "echo 0123456789abcdefgh > $DF/inner/deeper/word"
	is "$((rc != 0)):${out##*: }" "1:Invalid argument" "too long a word: the driver's EINVAL"
	if [ "$(id -u)" -eq 0 ]; then
		run cat "$DF/inner/deeper/word"
		is "$rc:${out##*: }" "1:Invalid argument" "root reads a file without .read: vfs_read's EINVAL"
	else
		skip "needs root to open a 0200 file for reading"
	fi
	exec 3<"$DF/message"
	run "$B/umod" rmmod tdbgfile
	is "$rc:$out" "1:rmmod: ERROR: Module tdbgfile is in use" "an open debugfs file pins its module"
	echo drop > "$DF/inner/deeper/word"
	run cat <&3
	is "$rc:${out##*: }:$(ls "$DF" | tr '\n' ' ')" "1:Input/output error:inner stats " \
		"debugfs_remove while open: the file goes, its reads fail with EIO (the proxy's)"
	exec 3<&-
	stats="opens 8 releases 8 writes 1 seeks 2"
	wait_for eval '[ "$(cat "$DF/stats")" = "$stats" ]'
	is "$(cat "$DF/stats")" "$stats" "and its release still runs when it is closed"
	wait_for "$B/umod" rmmod tdbgfile
	is "$?:$(ls "$DBG")" "0:" "closed, rmmod: debugfs_remove_recursive takes the tree"
fi

# thw: drivers of hardware the host does not have fail, or load idle, as
# on Linux without it; umodd goes on.
if [ -z "$genuine" ]; then
	for i in $(seq 5); do skip "no genuine modules"; done
else
	run ginsmod thw need=irq
	is "$rc:${out%%
*}" "1:insmod: ERROR: could not insert module $G/thw.ko: Invalid parameters" \
		"request_irq without the line: -EINVAL, as kmod's insmod words it"
	run ginsmod thw need=gpio
	is "$rc:${out%%
*}" "1:insmod: ERROR: could not insert module $G/thw.ko: Function not implemented" \
		"gpio_request in a kernel without GPIOLIB: -ENOSYS"
	run ginsmod thw need=platform
	is "$rc:${out%%
*}" "1:insmod: ERROR: could not insert module $G/thw.ko: No such device" \
		"platform_driver_probe with no device: -ENODEV"
	ginsmod thw need=pci && is "$(cat "$M/sys/module/thw/parameters/probed")" 0 \
		"a PCI driver loads, and no device probes it"
	"$B/umod" rmmod thw
	ok $? "and it comes out again"
fi

# A read sleeping in a driver does not hold umodd up: it is interrupted.
if [ -n "$genuine" ]; then
	timeout 30 cat "$D/tchar_pipe" >/dev/null 2>"$T/stop.err" &
	reader=$!
	await_fuse "$(leaf "$reader")"
fi
kill -TERM "$UMODD_PID"
wait_for eval '! kill -0 "$UMODD_PID" 2>/dev/null' || kill -KILL "$UMODD_PID"
umodd_stop
is "$?" 0 "umodd stops on SIGTERM${genuine:+, a read sleeping in a driver}"
if [ -n "$genuine" ]; then
	wait "$reader"
	rc=$?
	grep -Eq ': (Transport endpoint is not connected|Software caused connection abort)$' "$T/stop.err"
	ok $((rc != 1 || $?)) "the sleeping reader's read fails: the connection is gone"
else
	skip "no genuine modules"
fi
mounted
is "$?" 1 "and the mount goes with it"

start_host
ok $? "a new umodd mounts again"
kill -KILL "$UMODD_PID"
umodd_stop
TAP_WAIT=600 wait_for eval '! mounted'
mounted
is "$?" 1 "umodd killed with SIGKILL: no dead mount stays (auto_unmount)"

# fusermount3's watchdog unmounts when umodd's end of their socket
# closes: a program umodd runs must not hold it open.  Here modprobe,
# run by request_module, outlives a SIGKILLed umodd.
if [ -z "$genuine" ]; then
	skip "no genuine modules"
else
	printf '#!/bin/sh\necho $$ >"%s"\nexec sleep 300\n' "$T/probe.pid" >"$T/slowprobe"
	chmod +x "$T/slowprobe"
	umodd_start "$UMOD_HOST" "$T/umodd.log" --fs "$M" --modprobe "$T/slowprobe" &&
		wait_for mounted
	timeout 60 "$B/umod" insmod -f "$G/treq.ko" >/dev/null 2>&1 &
	inserter=$!
	wait_for test -s "$T/probe.pid"
	kill -KILL "$UMODD_PID"
	umodd_stop
	TAP_WAIT=600 wait_for eval '! mounted'
	mounted
	is "$?" 1 "umodd killed while its modprobe helper runs: the mount goes all the same"
	kill "$(cat "$T/probe.pid")" 2>/dev/null
	wait "$inserter"
fi

done_testing
