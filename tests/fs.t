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
cleanup() {	# after tap.sh has stopped umodd
	mountpoint -q "$M" && fusermount3 -u -z "$M"
	rm -rf "$T"
}
at_exit cleanup

mounted() { grep -q " $M fuse.umodd " /proc/mounts; }

start_host() {	# waits for the socket and the mount, both
	umodd_start "$UMOD_HOST" "$T/umodd.log" --fs "$M" && wait_for mounted
}

# ---- Mounted ----

run "$B/umodd" --socket "$T/other.sock" --fs "$T/nowhere"
is "$rc:$(tail -n1 <<<"$out")" "1:umodd: cannot mount $T/nowhere: No such file or directory" \
	"--fs on a missing directory: umodd says so and exits"

start_host
ok $? "umodd --fs mounts the views"
is "$(ls "$M" | tr '\n' ' ')$(ls "$M/proc" | tr '\n' ' ')" "dev proc sys kallsyms modules " \
	"DIR/dev, DIR/proc and DIR/sys; /proc/modules and kallsyms"
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
is "$(ls "$S" | tr '\n' ' ')" "holders initstate parameters refcnt " "sys/module/greet"
is "$(cat "$S/refcnt") $(cat "$S/initstate")" "1 live" "refcnt and initstate"
is "$(readlink "$S/holders/greetuser")" "../../greetuser" "holders: a link to the user"
is "$(ls "$M/sys/module/greetuser")" "holders
initstate
refcnt" "no parameters/ without parameters, as sysfs"
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

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
	for i in 1 2 3; do skip "needs root and setpriv"; done
else
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	run nobody cat "$S/parameters/secret"
	is "$rc:${out##*: }" "1:Permission denied" "another user: a 0600 parameter refused"
	is "$(nobody cat "$S/parameters/who")" "visitor" "another user reads a 0644 one"
	is "$(nobody grep ' greet_hello' "$M/proc/kallsyms")" \
		"0000000000000000 T greet_hello	[greet]" "another user: kallsyms without addresses"
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
timeout 30 perl -e 'open(F, "<", $ARGV[0]) or die "$!\n"; my $r = "";
	vec($r, fileno(F), 1) = 1; my $n = select($r, undef, undef, 25);
	print $n > 0 ? "readable\n" : "not readable\n"' "$F" >"$T/poll.out" &
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
modules" "the entries are gone"

# ---- A genuine module, built by Linux's Kbuild ----

KDIR=$(ls -d /usr/src/linux-headers-6.1*-amd64 2>/dev/null | head -n 1)
if [ -z "$KDIR" ] || ! command -v make >/dev/null; then
	for i in 1 2 3 4; do skip "needs Debian's 6.1 kernel headers (linux-headers-amd64)"; done
else
	mkdir "$T/gmisc"
	cp "$(dirname "$0")/fs/gmisc.c" "$T/gmisc/"
	echo 'obj-m := gmisc.o' >"$T/gmisc/Kbuild"
	make -s -C "$KDIR" M="$T/gmisc" modules >"$T/gmisc/build.log" 2>&1
	ok $? "gmisc.ko built with Debian's headers and Kbuild"
	# -f: its vermagic is Debian's release, not this host's.
	"$B/umod" insmod -f "$T/gmisc/gmisc.ko"
	ok $? "insmod -f gmisc.ko"
	first=$(cat "$D/gmisc"); echo genuine-write > "$D/gmisc"
	is "$first/$(cat "$D/gmisc")" "genuine/genuine-write" "its misc device: simple_read_from_buffer, copy_from_user"
	is "$(cat "$M/proc/gmisc")" "gmisc opened 3 times" \
		"its /proc file (proc_create_single, seq_printf) sees the opens"
	"$B/umod" rmmod gmisc
fi

# ---- Stopping ----

umodd_stop
is "$?" 0 "umodd stops on SIGTERM"
mounted
is "$?" 1 "and the mount goes with it"

start_host
ok $? "a new umodd mounts again"
kill -KILL "$UMODD_PID"
umodd_stop
wait_for eval '! mounted'
mounted
is "$?" 1 "umodd killed with SIGKILL: no dead mount stays (auto_unmount)"

done_testing
