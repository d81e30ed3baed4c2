#!/bin/bash
# tests/kabi.t - modules built with Linux's x86-64 flags (tests/kabi/Kbuild)
# in umodd: kabi_stack calls every kind of export on a stack 8 bytes off
# libc's alignment, with the stack protector reading its canary at
# %gs:0x28; kabi_reach, below 2 GiB, reads umodd's exported data through
# PC-relative references.  Then a genuine Debian module that does the
# same, gf128mul.ko.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
[ "$(uname -m)" = x86_64 ] || skip_all "Linux's x86-64 module ABI"
T=$(mktemp -d /tmp/umod-kabi-XXXXXX)
at_exit 'rm -rf "$T"'

cp "$TOP"/tests/kabi/Kbuild "$TOP"/tests/kabi/*.[chS] "$T/"
make -s -C "$TOP" B="${UMOD_B:-build}" M="$T" UMOD_SYMVERS="$B/umodd.symvers" \
	modules >"$T/build.log" 2>&1
ok $? "the modules build with Linux's flags, the Kbuild way"
readelf -rW "$T/kabi_reach.ko" | grep -q 'R_X86_64_PC32 .* kmalloc_caches' &&
	readelf -rW "$T/kabi_reach.ko" | grep -q 'R_X86_64_32S .* kmalloc_caches'
ok $? "kabi_reach refers to kmalloc_caches PC-relative and by absolute address"
objdump -d "$T/kabi_stack.ko" | grep -q '%gs:0x28'
ok $? "kabi_stack's code reads its stack canary at %gs:0x28"

export UMOD_HOST="$T/s/umodd.sock"
umodd_start "$UMOD_HOST" "$T/umodd.log"
ok $? "umodd starts"

"$B/insmod" "$T/kabi_stack.ko" >"$T/insmod.out" 2>&1
ok $? "kabi_stack loads: its init ran"
"$B/umod" dmesg >"$T/dmesg" 2>&1
grep -q 'kabi_stack: _printk on a misaligned stack 8$' "$T/dmesg" &&
	grep -q 'kabi_stack: printk on a misaligned stack 8$' "$T/dmesg"
ok $? "printk and _printk called on a misaligned stack print"
grep -Eq 'kabi_stack: ([0-9]+) of \1 calls on a misaligned stack gave the right result' "$T/dmesg"
ok $? "every export called on a misaligned stack gives the right result: $(grep -o '[0-9]* of [0-9]* calls' "$T/dmesg")"

"$B/insmod" "$T/kabi_reach.ko" >"$T/insmod2.out" 2>&1
ok $? "kabi_reach, in the kernel code model, loads into umodd"
"$B/umod" dmesg | grep -q 'kabi_reach: kmalloc_caches at 0x[0-9a-f]*, by PC-relative and absolute reference alike'
ok $? "and reads umodd's kmalloc_caches through each kind of reference"

"$B/rmmod" kabi_stack kabi_reach
ok $? "both unload"

lib=$(ls -d "$B"/linux/lib/modules/*/kernel 2>/dev/null | head -n 1)
if [ -n "$lib" ] && [ -e "$lib/crypto/gf128mul.ko" ]; then
	"$B/insmod" -f "$lib/crypto/gf128mul.ko" >"$T/insmod3.out" 2>&1
	ok $? "Debian's gf128mul.ko, whose inline kmalloc reads kmalloc_caches, loads with insmod -f"
	"$B/rmmod" gf128mul
	ok $? "and unloads"
else
	skip "no Linux module tree (tests/linux/fetch.sh $B/linux)"
	skip "no Linux module tree"
fi
kill -0 "$UMODD_PID"
ok $? "umodd keeps running"
done_testing
