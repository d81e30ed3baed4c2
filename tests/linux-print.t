#!/bin/bash
# tests/linux-print.t - genuine Debian modules whose init prints, loaded
# into umodd with insmod -f and removed again: xor.ko names the
# checksumming function it picks, raid6_pq.ko benchmarks its syndrome
# functions and names the ones it picks, crc32-pclmul.ko registers its
# hash or says why not.  Their messages are Linux's, in umod dmesg; what
# they pick follows from boot_cpu_data, checked against the CPU flags
# the running kernel reports in /proc/cpuinfo.  With gdb, xor's init is
# seen entering printk on the stack Linux's modules keep: 8 bytes off
# the 16-byte alignment libc assumes (issue 9's crash).
set -u
B=$(cd "${UMOD_B:-build}" && pwd)
. "$(dirname "$0")/tap.sh"
rel=$(ls "$B/linux/lib/modules" 2>/dev/null | head -n 1)
K=$B/linux/lib/modules/$rel/kernel
[ -n "$rel" ] && [ -f "$K/crypto/xor.ko" ] && [ -f "$K/lib/raid6/raid6_pq.ko" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
[ "$(uname -m)" = x86_64 ] || skip_all "the modules are x86-64's"
T=$(mktemp -d /tmp/umod-linux-print.XXXXXX)
at_exit "rm -rf '$T'"
export UMOD_HOST=$T/umodd.sock
umodd_start "$UMOD_HOST" "$T/umodd.log"
ok $? "umodd answers" || { diag "$T/umodd.log"; done_testing; exit; }

flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
cpu_has() { for f; do [[ $flags == *" $f "* ]] || return 1; done; }
dmesg() { "$B/umod" dmesg | sed 's/^\[[ 0-9.]*\] //'; }

# ---- xor.ko: AVX if the kernel lets threads use it, else measured ----
"$B/insmod" -f "$K/crypto/xor.ko" 2>"$T/err"
ok $? "insmod -f xor.ko" || diag "$T/err"
if cpu_has avx; then	# Linux lists avx only where the OS saves its registers
	like "$(dmesg)" '^xor: automatically using best checksumming function   avx +$' \
		"xor's init prints that it picks avx, as this CPU has it"
else
	like "$(dmesg)" '^xor: using function: [a-z0-9_]+ \([0-9]+ MB/sec\)$' \
		"xor's init measures the functions and prints the fastest"
fi

# ---- raid6_pq.ko: the widest vectors the CPU has ----
if cpu_has avx2 avx avx512f avx512bw avx512vl avx512dq; then
	gen=avx512 recov=avx512
elif cpu_has avx2 avx; then
	gen=avx2 recov=avx2
else
	gen=sse2 recov=ssse3
	cpu_has ssse3 || recov=int
fi
"$B/insmod" -f "$K/lib/raid6/raid6_pq.ko" 2>"$T/err"
ok $? "insmod -f raid6_pq.ko" || diag "$T/err"
dmesg >"$T/dmesg"
like "$(cat "$T/dmesg")" "^raid6: ${gen}x[124] +gen\(\) +[0-9]+ MB/s$" \
	"raid6_pq's init benchmarks the ${gen} syndrome functions"
# The fastest it measured, whichever that was on a busy machine.
read -r name speed < <(awk '$3 == "algorithm" { print $4, $6 }' "$T/dmesg")
fastest=$(awk '$3 == "gen()" { print $4 }' "$T/dmesg" | sort -n | tail -n 1)
grep -Eq "^raid6: ${name:-none} +gen\(\) +${speed:-0} MB/s$" "$T/dmesg" && [ "$speed" = "$fastest" ]
ok $? "and picks the fastest: ${name:-none}, $speed MB/s" || diag "$T/dmesg"
like "$(cat "$T/dmesg")" "^raid6: using ${recov}x[12] recovery algorithm$" \
	"and prints its ${recov} recovery"

# ---- crc32-pclmul.ko: only with PCLMULQDQ ----
"$B/insmod" -f "$K/arch/x86/crypto/crc32-pclmul.ko" 2>"$T/err"
rc=$?
if cpu_has pclmulqdq; then
	ok $rc "insmod -f crc32-pclmul.ko: x86_match_cpu finds PCLMULQDQ" || diag "$T/err"
else
	[ $rc -ne 0 ] && grep -q 'No such device' "$T/err"
	ok $? "insmod -f crc32-pclmul.ko fails with ENODEV without PCLMULQDQ" || diag "$T/err"
	like "$(dmesg)" '^PCLMULQDQ-NI instructions are not detected\.$' "and says why"
fi

for m in crc32_pclmul raid6_pq xor; do
	"$B/lsmod" | grep -q "^$m " || continue
	"$B/rmmod" "$m" 2>"$T/err" || diag "$T/err"
done
is "$("$B/lsmod" | wc -l)" 1 "rmmod removes them"

# ---- The stack xor's init calls printk on, seen by gdb ----
# A breakpoint on libumod's printk, for calls from outside umodd's image
# (module code), reports %rsp % 16 on entry: the psABI says 8.
if ! command -v gdb >/dev/null; then
	skip "no gdb"
else
	lo=$(readelf -lW "$B/umodd" | awk '$1 == "LOAD" { print $3; exit }')
	hi=0x$(nm "$B/umodd" | awk '$3 == "_end" { print $1 }')
	timeout 120 gdb -q -batch -p "$UMODD_PID" -ex 'set pagination off' \
		-ex "break umod_printk if *(unsigned long *)\$rsp < $lo || *(unsigned long *)\$rsp >= $hi" \
		-ex "shell '$B/insmod' -f '$K/crypto/xor.ko' 2>'$T/err' &" \
		-ex continue -ex 'printf "rsp %% 16 = %d\n", (unsigned long)$rsp % 16' \
		-ex 'bt 2' -ex delete -ex detach >"$T/gdb" 2>&1
	grep -q '^rsp % 16 = 0$' "$T/gdb" && grep -q '^#1 .* in calibrate_xor_blocks ' "$T/gdb"
	ok $? "xor's init (calibrate_xor_blocks) enters printk with %rsp % 16 == 0" || diag "$T/gdb"
	listed() { "$B/lsmod" | grep -q "^$1 "; }
	wait_for listed xor
	ok $? "and xor loads all the same" || diag "$T/err"
	"$B/rmmod" xor
fi

"$B/lsmod" >/dev/null
ok $? "umodd still answers"
umodd_stop
ok $? "umodd exits cleanly"
! grep -q 'fatal SIG\|Oops' "$T/umodd.log"
ok $? "no module faulted" || diag "$T/umodd.log"
done_testing
