#!/bin/bash
# tests/linux-percpu.t - per-CPU data as Linux gives it to modules, in
# umodd: a module built by Kbuild against Debian's 6.1 headers
# (tests/linux/percpu.c) has its own DEFINE_PER_CPU variable, which the
# loader puts in per-CPU memory, a copy per CPU starting from the file's
# value, and a counter from alloc_percpu.  Four kthreads, each its own
# CPU, add to both with this_cpu_inc (%gs-relative); init sums every
# possible CPU's copies through per_cpu_ptr (__per_cpu_offset).  Loaded a
# second time, after rmmod freed both, it counts from zero again.
set -u
B=$(cd "${UMOD_B:-build}" && pwd)
. "$(dirname "$0")/tap.sh"
KDIR=$(ls -d /usr/src/linux-headers-6.1*-amd64 2>/dev/null | head -n 1)
[ "$(uname -m)" = x86_64 ] || skip_all "the module is built for x86-64"
[ -n "$KDIR" ] && command -v make >/dev/null ||
	skip_all "needs Debian's 6.1 kernel headers (linux-headers-amd64)"
T=$(mktemp -d /tmp/umod-linux-percpu.XXXXXX)
at_exit "rm -rf '$T'"

mkdir "$T/m"
cp "$(dirname "$0")/linux/percpu.c" "$T/m/percpu_test.c"
echo 'obj-m := percpu_test.o' >"$T/m/Kbuild"
make -s -C "$KDIR" M="$T/m" modules >"$T/build.log" 2>&1
ok $? "percpu_test.ko built with Debian's headers and Kbuild" || diag "$T/build.log"
readelf -SW "$T/m/percpu_test.ko" | grep -q ' \.data\.\.percpu '
ok $? "it has a .data..percpu section"

export UMOD_HOST=$T/umodd.sock
umodd_start "$UMOD_HOST" "$T/umodd.log"
ok $? "umodd answers" || { diag "$T/umodd.log"; done_testing; exit; }
want="percpu_test: 256 possible CPUs; 4 kthreads ran on 4 CPUs; alloc_percpu counted 4000, DEFINE_PER_CPU 4000; this CPU's copy 7"
for round in first second; do
	"$B/insmod" -f "$T/m/percpu_test.ko" 2>"$T/err"
	ok $? "insmod -f percpu_test.ko, the $round time" || diag "$T/err"
	"$B/umod" dmesg | sed 's/^\[[ 0-9.]*\] //' | grep '^percpu_test: [0-9]' | tail -n 1 >"$T/got"
	is "$(cat "$T/got")" "$want" "each CPU's copies sum to what the kthreads added"
	"$B/rmmod" percpu_test 2>"$T/err"
	ok $? "rmmod percpu_test: free_percpu, and its .data..percpu freed" || diag "$T/err"
done
umodd_stop
ok $? "umodd exits cleanly"
! grep -q 'fatal SIG\|Oops' "$T/umodd.log"
ok $? "no module faulted" || diag "$T/umodd.log"
done_testing
