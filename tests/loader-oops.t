#!/usr/bin/env bash
# tests/loader-oops.t - BUG(), WARN() and faults in module code on each
# machine, as its Linux reports them (src/traps.c), and the per-CPU and
# current registers module code reads there: the test host loads
# bugwarn.ko and pcpu.ko of the corpus and of the kernel code model.
# Under make check-cross this runs on arm64, riscv64, arm and i386.
. "$(dirname "$0")/loader-lib.sh"

SRC=tests/modules/bugwarn.c
line_of() { grep -n "$1" "$SRC" | head -n 1 | cut -d: -f1; }
BUG_LINE=$(line_of 'BUG();')
WARN_LINE=$(line_of 'WARN_ON(zero')
MSG_LINE=$(line_of 'WARN(zero')
ONCE_LINE=$(line_of 'WARN_ON_ONCE(zero')
HEX='[0-9a-f]'

# The machine's words: BUG's die line, a NULL write's first line and
# die line, and a line of its register dump.
case $MACH in
x86_64|i386)
	[ "$MACH" = i386 ] && W=8 REG='^EAX: ' || W=16 REG='^RAX: '
	BUG_DIE='^invalid opcode: 0000 \[#[0-9]+\] SMP$'
	NULL_HEAD="^BUG: kernel NULL pointer dereference, address: 0{$W}\$"
	NULL_DIE='^Oops: '"$HEX"'{4} \[#[0-9]+\] SMP$'
	TRACE='^Call Trace:$' ;;
aarch64)
	BUG_DIE='^Internal error: Oops - BUG: 00000000f2000800 \[#[0-9]+\] SMP$'
	NULL_HEAD='^Unable to handle kernel NULL pointer dereference at virtual address 0{16}$'
	NULL_DIE='^Internal error: Oops: '"$HEX"'{16} \[#[0-9]+\] SMP$'
	REG='^x29: '"$HEX"'{16} x28: '"$HEX"'{16} x27: '"$HEX"'{16}$'
	TRACE='^Call trace:$' ;;
riscv64)
	BUG_DIE='^Kernel BUG \[#[0-9]+\]$'
	NULL_HEAD='^Unable to handle kernel NULL pointer dereference at virtual address 0{16}$'
	NULL_DIE='^Oops \[#[0-9]+\]$'
	REG='^epc : '"$HEX"'{16} ra : '"$HEX"'{16} sp : '"$HEX"'{16}$'
	TRACE='^Call Trace:$' ;;
arm)
	# The instruction set is the module code's: gcc's default is Thumb-2.
	BUG_DIE='^Internal error: Oops - BUG: 0 \[#[0-9]+\] SMP (ARM|THUMB2)$'
	NULL_HEAD='^Unable to handle kernel NULL pointer dereference at virtual address 0{8}$'
	NULL_DIE='^Internal error: Oops: '"$HEX"'+ \[#[0-9]+\] SMP (ARM|THUMB2)$'
	REG='^r10: '"$HEX"'{8}  r9 : '"$HEX"'{8}  r8 : '"$HEX"'{8}$'
	TRACE='^ bugwarn_init\+0x'"$HEX"'+/0x'"$HEX"'+ \[bugwarn\] from '
	STACK_TRACE='^ .+ from .+$' ;;
esac

# A host that loads bugwarn.ko what=$1, then lists its modules; r is
# the loader's lines of the load, their level left out.
scenario() {
	run <<-EOF
		load $D/bugwarn.ko what=$1
		lsmod
	EOF
	r=$(logs "load $D/bugwarn.ko what=$1" | sed 's/^log: [a-z]*: //')
}

for variant in gcc-O2 gcc-kernel; do
	D=$LT/modules/$variant

	# BUG(): the oops, the load fails, the host goes on.
	scenario bug
	like "$(reply "load $D/bugwarn.ko what=bug")" '^err EFAULT ' "$variant: BUG() fails the load"
	like "$r" "^kernel BUG at $SRC:$BUG_LINE!\$" "$variant: kernel BUG at the file and line"
	like "$r" "$BUG_DIE" "$variant: $MACH's die line for a BUG"
	like "$r" "$REG" "$variant: $MACH's registers"
	like "$r" "$TRACE" "$variant: $MACH's trace"
	like "$r" '^---\[ end trace 0{16} \]---$' "$variant: the end marker"
	like "$(reply lsmod)" '^mod bugwarn coming ' "$variant: the module stays coming, as in Linux"

	# WARN_ON: the warning, then init goes on and the load succeeds.
	scenario warn
	is "$(reply "load $D/bugwarn.ko what=warn")" "record: bugwarn: went on after WARN_ON
ok bugwarn" "$variant: WARN_ON goes on past the trap"
	like "$r" "^WARNING: CPU: [0-9]+ PID: [0-9]+ at $SRC:$WARN_LINE bugwarn_init\\+0x$HEX+/0x$HEX+ \\[bugwarn\\]\$" \
		"$variant: WARNING at the file and line, in bugwarn_init"
	like "$r" '^---\[ end trace 0{16} \]---$' "$variant: a warning's end marker"
	like "$(reply lsmod)" '^mod bugwarn live ' "$variant: and the module is live"

	# WARN with a message: the message, once.
	scenario warnmsg
	like "$(reply "load $D/bugwarn.ko what=warnmsg")" '^printk: [a-z]+: bugwarn: zero is 0$' \
		"$variant: WARN prints its message"
	like "$r" "^WARNING: CPU: [0-9]+ PID: [0-9]+ at $SRC:$MSG_LINE " "$variant: WARN's place"

	# WARN_ON_ONCE three times: one warning, three goes.
	scenario warnonce
	is "$(grep -c '^WARNING: ' <<<"$r")" 1 "$variant: WARN_ON_ONCE warns once"
	like "$r" "^WARNING: CPU: [0-9]+ PID: [0-9]+ at $SRC:$ONCE_LINE " "$variant: WARN_ON_ONCE's place"
	is "$(reply "load $D/bugwarn.ko what=warnonce" | grep -c 'went on after WARN_ON_ONCE')" 3 \
		"$variant: and goes on each time"

	# dump_stack: the task line and the trace, with the caller in it, no
	# end marker, and init goes on.
	scenario stack
	is "$(reply "load $D/bugwarn.ko what=stack")" "record: bugwarn: went on after dump_stack
ok bugwarn" "$variant: dump_stack returns to its caller"
	like "$r" '^CPU: [0-9]+ PID: [0-9]+ Comm: [^ ]+ ' "$variant: dump_stack's task line"
	like "$r" "${STACK_TRACE:-$TRACE}" "$variant: $MACH's trace"
	like "$r" 'bugwarn_init\+0x'"$HEX"'+/0x'"$HEX"'+ \[bugwarn\]' "$variant: the trace names the caller"
	unlike "$r" '^---\[ end trace' "$variant: and no end marker"

	# A write through NULL: the machine's page fault oops.
	scenario null
	like "$(reply "load $D/bugwarn.ko what=null")" '^err EFAULT ' "$variant: a NULL write fails the load"
	like "$r" "$NULL_HEAD" "$variant: $MACH's words for a NULL pointer"
	like "$r" "$NULL_DIE" "$variant: $MACH's die line for it"

	# The per-CPU and current registers, as module code reads them.
	run <<<"load $D/pcpu.ko"
	r=$(reply "load $D/pcpu.ko")
	like "$r" '^ok pcpu$' "$variant: pcpu loads"
	unlike "$r" 'pcpu: wrong' "$variant: every register read gave the thread's area or task"
	case $MACH in
	x86_64)
		like "$r" '^record: pcpu: current from %gs$' "$variant: current at %gs"
		like "$r" "^record: pcpu: this CPU's copy at %gs\$" "$variant: DEFINE_PER_CPU at %gs" ;;
	i386)
		like "$r" '^record: pcpu: current from %fs$' "$variant: current at %fs"
		like "$r" "^record: pcpu: this CPU's copy at %fs\$" "$variant: DEFINE_PER_CPU at %fs" ;;
	aarch64)
		like "$r" '^record: pcpu: offset from tpidr_el1$' "$variant: TPIDR_EL1 read for the module"
		like "$r" '^record: pcpu: current from sp_el0$' "$variant: SP_EL0 read for the module"
		like "$r" '^record: pcpu: offset from tpidr_el1 again$' "$variant: and again after it" ;;
	arm)
		like "$r" '^record: pcpu: offset from tpidrprw$' "$variant: TPIDRPRW read for the module"
		like "$r" "^record: pcpu: this CPU's copy at tpidrprw\$" "$variant: DEFINE_PER_CPU through it" ;;
	*) skip "$variant: RISC-V's per-CPU register is tp, libc's thread pointer in user space" ;;
	esac
done

done_testing
