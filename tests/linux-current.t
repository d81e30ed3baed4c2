#!/bin/bash
# tests/linux-current.t - `current` as a genuine module reads it: a
# module built by Kbuild against Debian's 6.1 headers (tests/linux/
# current.c) reads current->pid, tgid and comm inline, at the offsets of
# its kernel's task_struct, and the ids behind current_cred().  umodd is
# told the layout by that kernel's BTF (umodd --btf, kept by fetch.sh from
# the kernel image) and runs with group ids of its own, so that each id
# the module prints can only be right if it was read from its own place.
# What /proc says of umodd's threads is the reference.
set -u
B=$(cd "${UMOD_B:-build}" && pwd)
. "$(dirname "$0")/tap.sh"
[ "$(uname -m)" = x86_64 ] || skip_all "the module is built for x86-64"
command -v setpriv >/dev/null || skip_all "needs setpriv (util-linux)"
# A fetched tree whose kernel's headers are installed, and its BTF.
KDIR= BTF=
for t in "$B"/linux*/; do
	rel=$(ls "$t/lib/modules" 2>/dev/null | head -n 1)
	if [ -n "$rel" ] && [ -e "$t/btf/vmlinux" ] && [ -d "/usr/src/linux-headers-$rel" ]; then
		KDIR=/usr/src/linux-headers-$rel BTF=$t/btf/vmlinux
		break
	fi
done
[ -n "$KDIR" ] || skip_all "no fetched kernel with both BTF and headers (linux-headers-amd64)"
T=$(mktemp -d /tmp/umod-linux-current.XXXXXX)
at_exit "rm -rf '$T'"

mkdir "$T/m"
cp "$(dirname "$0")/linux/current.c" "$T/m/current_test.c"
echo 'obj-m := current_test.o' >"$T/m/Kbuild"
make -s -C "$KDIR" M="$T/m" modules >"$T/build.log" 2>&1
ok $? "current_test.ko built with $(basename "$KDIR")'s headers and Kbuild" || diag "$T/build.log"

# Refused layouts: the host says why and does not start.
for bad in /nonexistent:"No such file or directory" /etc/passwd:"Exec format error" \
	   "$B/umodd":"No data available"; do
	"$B/umodd" --socket "$T/bad.sock" --btf "${bad%%:*}" >"$T/out" 2>&1
	[ $? -ne 0 ] && grep -q "umodd: ${bad%%:*}: cannot lay out tasks: ${bad#*:}" "$T/out"
	ok $? "umodd --btf ${bad%%:*}: refused, ${bad#*:}" || diag "$T/out"
done

printf '#!/bin/sh\nexec setpriv --rgid=4711 --egid=4712 --clear-groups "%s" "$@"\n' \
	"$B/umodd" >"$T/umodd"
chmod +x "$T/umodd"
export UMOD_HOST=$T/umodd.sock
UMODD=$T/umodd umodd_start "$UMOD_HOST" "$T/umodd.log" --btf "$BTF"
ok $? "umodd --btf $BTF answers" || { diag "$T/umodd.log"; done_testing; exit; }

"$B/insmod" -f "$T/m/current_test.ko" 2>"$T/err"
ok $? "insmod -f current_test.ko" || diag "$T/err"
"$B/umod" dmesg | sed -n 's/^\[[ 0-9.]*\] current_test: //p' >"$T/said"
note "$T/said"

read -r _ _ ipid _ itgid _ icomm _ igot <<<"$(grep '^init:' "$T/said")"
is "$itgid" "$UMODD_PID" "init's current->tgid is umodd's pid"
[ -n "$ipid" ] && [ "$ipid" != 0 ] && [ "$ipid" != "$itgid" ]
ok $? "init runs on a thread of its own: current->pid $ipid, its thread id"
is "$icomm" "umodd" "init's current->comm is the thread's name"
is "$igot" "umodd" "get_task_comm agrees"

read -r _ _ kpid _ ktgid _ kcomm _ kgot <<<"$(grep '^kthread:' "$T/said")"
is "$ktgid" "$UMODD_PID" "the kthread's tgid is umodd's"
is "$(cat "/proc/$UMODD_PID/task/$kpid/comm" 2>&1)" "curtest/7" \
	"the kthread's current->pid ($kpid) is the live thread named curtest/7"
is "$kcomm" "curtest/7" "its current->comm is kthread_run's name"
is "$kgot" "curtest/7" "get_task_comm agrees"

# Uid: real effective saved fs, in /proc's order; the module prints
# uid euid suid fsuid gid egid sgid fsgid.
read -r _ ru eu su fu <<<"$(grep '^Uid:' "/proc/$UMODD_PID/status")"
read -r _ rg eg sg fg <<<"$(grep '^Gid:' "/proc/$UMODD_PID/status")"
is "$(grep '^uid ' "$T/said")" \
	"uid $ru euid $eu suid $su fsuid $fu gid $rg egid $eg sgid $sg fsgid $fg" \
	"current_cred()'s ids are umodd's, each from its own field"
[ "$rg" = 4711 ] && [ "$eg" = 4712 ]
ok $? "umodd ran with distinct real and effective gids (4711, 4712)"

"$B/rmmod" current_test 2>"$T/err"
ok $? "rmmod current_test: kthread_stop" || diag "$T/err"
umodd_stop
ok $? "umodd exits cleanly"
! grep -q 'fatal SIG\|Oops' "$T/umodd.log"
ok $? "no module faulted" || diag "$T/umodd.log"
done_testing
