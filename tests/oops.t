#!/bin/bash
# oops.t - a fault in module code is an oops (docs/robustness.md): each
# way an init or exit can fault leaves Linux's report naming the module
# and function in `umod dmesg`, the client gets EFAULT, the module is
# stuck until rmmod -f, and umodd keeps serving the modules loaded before.
# A fault in host code still ends umodd, with a report.
set -u
. "$(dirname "$0")/tap.sh"

B=$(cd "${UMOD_B:-build}" && pwd)
TT=$B/tests/tools
T=$(mktemp -d /tmp/umod-oops.XXXXXX)
SOCK=$T/host/umodd.sock
at_exit 'rm -rf "$T"'

export UMOD_HOST=$SOCK
umodd_start "$SOCK" "$T/umodd.log"
ok $? "umodd is up"
HOST_PID=$UMODD_PID

run "$B/insmod" "$TT/greet.ko"
ok $rc "greet, the module loaded before, is in"

# Everything the log got since the last call.
news() {
	"$B/umod" dmesg -t -c
}

# greet still serves: a module linking against it loads and calls into
# it, its parameter reads, and it stays listed.
serving() {	# what
	run "$B/insmod" "$TT/greetuser.ko"
	ok $rc "after $1: a new module calls into greet"
	run "$B/rmmod" greetuser
	ok $rc "after $1: and goes again"
	run "$B/umod" param greet who
	like "$rc:$out" '^0:world$' "after $1: greet's parameter reads"
	like "$("$B/lsmod")" $'\ngreet ' "after $1: lsmod lists greet"
}

# The stuck module: listed, refused by plain rmmod, removed by -f.
stuck() {	# what
	like "$("$B/lsmod")" $'\nfaulty ' "after $1: faulty is still listed"
	run "$B/rmmod" faulty
	like "$rc:$out" '^1:rmmod: ERROR: could not remove module faulty: Device or resource busy' \
		"after $1: plain rmmod is refused, EBUSY"
	like "$out" "only rmmod -f removes it" "after $1: and says so"
	run "$B/rmmod" -f faulty
	ok $rc "after $1: rmmod -f removes it"
	unlike "$("$B/lsmod")" $'\nfaulty ' "after $1: faulty is gone"
}

FN='[._a-z0-9]*\+0x[0-9a-f]+/0x[0-9a-f]+ \[faulty\]'

init_oops() {	# fault header-regex function what
	news >/dev/null
	run "$B/insmod" "$TT/faulty.ko" "fault=$1"
	like "$rc:$out" '^1:insmod: ERROR: could not insert module .*faulty.ko: Bad address' \
		"$4 in init: insmod fails with EFAULT"
	like "$out" "faulty: oops in init: .* at $3$FN" "$4 in init: insmod says where"
	log=$(news)
	like "$log" "$2" "$4 in init: Linux's header"
	like "$log" $'\n'"RIP: 0033:$3$FN"$'\n' "$4 in init: RIP names module and function"
	like "$log" $'\nRSP: [0-9a-f]{4}:[0-9a-f]{16} EFLAGS: [0-9a-f]{8}\nRAX: [0-9a-f]{16} RBX: ' \
		"$4 in init: registers"
	like "$log" $'\nCall Trace:\n <TASK>\n(.*\n)* </TASK>\nModules linked in: faulty\\(E\\+\\) greet\\(E\\)\n' \
		"$4 in init: a call trace, faulty listed as coming"
	like "$log" $'\n---\\[ end trace 0000000000000000 \\]---' "$4 in init: the end marker"
	serving "$4 in init"
	stuck "$4 in init"
}

init_oops null $'^BUG: kernel NULL pointer dereference, address: 0000000000000000\n#PF: supervisor write access in kernel mode\n#PF: error_code\\(0x0002\\) - not-present page\nOops: 0002 \\[#1\\] SMP\nCPU: [0-9]+ PID: [0-9]+ Comm: [^ ]+ Tainted: G +E +umod-1 #1\n' \
	do_fault "NULL write"
like "$log" $'\n \\? faulty_init\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[faulty\\]\n' \
	"NULL write in init: the trace names init, unreliable"
like "$log" $'\nCode: ([0-9a-f]{2} ){42}<[0-9a-f]{2}>( [0-9a-f]{2}){21}\n' \
	"NULL write in init: the code bytes around RIP"
like "$log" $'\nCR2: 0000000000000000\n' "NULL write in init: CR2"

init_oops div $'(^|\n)divide error: 0000 \\[#2\\] SMP\nCPU: [0-9]+ PID: [0-9]+ Comm: [^ ]+ Tainted: G +D +E ' \
	do_fault "divide by zero"
init_oops ud2 $'(^|\n)invalid opcode: 0000 \\[#[0-9]+\\] SMP\n' do_fault "ud2"
init_oops bug $'^------------\\[ cut here \\]------------\nkernel BUG at tests/oops/faulty.c:[0-9]+!\ninvalid opcode: 0000 \\[#[0-9]+\\] SMP\n' \
	do_fault "BUG()"
init_oops stack $'^BUG: stack guard page was hit at 0x[0-9a-f]+ \\(stack is 0x[0-9a-f]+\\.\\.0x[0-9a-f]+\\)\nstack guard page: 0000 \\[#[0-9]+\\] SMP\n' \
	fault_stack "stack overflow"
init_oops bus $'(^|\n)alignment check: 0000 \\[#[0-9]+\\] SMP\n' fault_bus "bus error"

# struct module is out of reach: its data page written through, then
# one byte past its end or before its start, hits a guard: before it,
# rodata in one view, a guard page in two (src/arena.c).
init_oops overrun $'^BUG: unable to handle page fault for address: [0-9a-f]{16}\n#PF: supervisor write access in kernel mode\n#PF: error_code\\(0x0002\\) - not-present page\n' \
	fault_overrun "data overrun"
init_oops underrun $'^BUG: unable to handle page fault for address: [0-9a-f]{16}\n#PF: supervisor write access in kernel mode\n#PF: error_code\\(0x000(3\\) - permissions violation|2\\) - not-present page)\n' \
	fault_underrun "data underrun"

exit_oops() {	# fault header-regex what
	news >/dev/null
	run "$B/insmod" "$TT/faulty.ko" "fault=$1" when=exit
	ok $rc "$3 in exit: insmod succeeds"
	run "$B/rmmod" faulty
	like "$rc:$out" '^1:rmmod: ERROR: could not remove module faulty: Bad address' \
		"$3 in exit: rmmod fails with EFAULT"
	log=$(news)
	like "$log" "$2" "$3 in exit: Linux's header"
	like "$log" $'\n'"RIP: 0033:do_fault$FN"$'\n' "$3 in exit: RIP names module and function"
	like "$log" $'\nModules linked in: faulty\\(E-\\) greet\\(E\\)\n' "$3 in exit: faulty listed as going"
	unlike "$log" "faulty: exit done" "$3 in exit: exit did not finish"
	serving "$3 in exit"
	stuck "$3 in exit"
	unlike "$(news)" "faulty: exit done" "$3 in exit: rmmod -f ran none of its code"
}

exit_oops null $'(^|\n)BUG: kernel NULL pointer dereference, address: 0000000000000000\n' "NULL write"
exit_oops div $'(^|\n)divide error: 0000 \\[#[0-9]+\\] SMP\n' "divide by zero"

# WARN_ON logs, taints W and goes on: the module comes up and goes.
run "$B/insmod" "$TT/faulty.ko" fault=warn
ok $rc "WARN_ON in init: insmod succeeds"
log=$(news)
like "$log" $'^------------\\[ cut here \\]------------\nWARNING: CPU: [0-9]+ PID: [0-9]+ at tests/oops/faulty.c:[0-9]+ do_fault'"$FN"$'\nModules linked in: faulty\\(E\\+\\) greet\\(E\\)\nCPU: ' \
	"WARN_ON: Linux's warning, naming file, line, function and module"
like "$log" $'\n---\\[ end trace 0000000000000000 \\]---\nfaulty: warned, and went on\nfaulty: init done' \
	"WARN_ON: init went on past it"
run "$B/rmmod" faulty
ok $rc "WARN_ON: the module is live and goes as usual"
run "$B/insmod" "$TT/faulty.ko" fault=warnonce
ok $rc "WARN_ON_ONCE three times: insmod succeeds"
log=$(news)
like "$(grep -c '^WARNING: CPU' <<<"$log")" '^1$' "WARN_ON_ONCE: one warning"
like "$log" $'faulty: warned once, went on 0\nfaulty: warned once, went on 1\nfaulty: warned once, went on 2' \
	"WARN_ON_ONCE: true each time, and init went on"
run "$B/rmmod" faulty
ok $rc "WARN_ON_ONCE: the module goes as usual"
run "$B/insmod" "$TT/warnmsg.ko"
ok $rc "WARN with a message: insmod succeeds"
like "$(news)" $'(^|\n)------------\\[ cut here \\]------------\nwarnmsg: zero is 0\nWARNING: CPU: [0-9]+ PID: [0-9]+ at tests/oops/warnmsg.c:[0-9]+ warnmsg_init[._a-z0-9]*\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[warnmsg\\]\n(.*\n)*---\\[ end trace 0000000000000000 \\]---\nwarnmsg: warned, and went on' \
	"WARN: the message after the cut line, then Linux's warning"
run "$B/rmmod" warnmsg
ok $rc "WARN: the module goes as usual"
run "$B/insmod" "$TT/faulty.ko" fault=null
like "$(news)" "Tainted: G +D W +E " "the next oops shows the host tainted D and W"
"$B/rmmod" -f faulty

# A request's oops: the module's own parameter get faults.  The client
# gets EFAULT; the module stays live, as in Linux, and goes as usual.
run "$B/insmod" "$TT/faulty.ko"
ok $rc "a module with a faulting parameter is in"
news >/dev/null
run "$B/umod" param faulty trap
like "$rc:$out" 'Bad address' "reading the parameter fails with EFAULT"
log=$(news)
like "$log" $'\nRIP: 0033:trap_get'"$FN"$'\n' "the oops names the parameter's get"
like "$log" $'\nModules linked in: faulty\\(E\\) greet\\(E\\)\n' "faulty is listed live"
serving "a parameter's oops"
run "$B/rmmod" faulty
ok $rc "the module goes with plain rmmod"

# A host that stops with modules stuck by oopses frees them, running
# none of their code: a clean exit (and no leak, under ASan).
SOCK2=$T/host2/umodd.sock
umodd_start "$SOCK2" "$T/umodd2.log"
UMOD_HOST=$SOCK2 "$B/insmod" "$TT/faulty.ko" fault=div 2>/dev/null
UMOD_HOST=$SOCK2 "$B/insmod" "$TT/greet.ko"
umodd_stop
ok $? "umodd stops cleanly with a module stuck by an oops"
unlike "$(cat "$T/umodd2.log")" "faulty: exit done" "and ran none of its code"

# A fault in host code is not survivable: umodd ends, with a report.
run "$B/insmod" "$TT/faulty.ko" fault=host
ok "$([ $rc -ne 0 ]; echo $?)" "a fault in host code: insmod fails"
wait_for eval '! kill -0 "$HOST_PID" 2>/dev/null'
kill -KILL "$HOST_PID" 2>/dev/null	# still up: the test fails below
umodd_stop "$HOST_PID"
status=$?
ok "$([ $status -ne 0 ] && [ $status -ne 137 ]; echo $?)" \
	"a fault in host code: umodd ends by itself ($status)"
like "$(cat "$T/umodd.log")" \
	'umod: fatal SIGSEGV in host code at ip 0x[0-9a-f]+, address 0x0000000000000000 \(module code had called it\)|ERROR: (Address|Thread)Sanitizer: SEGV|runtime error: null pointer passed' \
	"a fault in host code: the report says so (or the sanitizer's)"

# Module code called with no guard (testhost's call runs it directly):
# the oops is still reported, then the host ends, as it must.
out=$(printf 'loglevel 7\nload %s\ncall faulty_crash\n' "$TT/faulty.ko" |
	( "$B/tests/testhost" 2>&1; echo "exit $?" ) 2>/dev/null)
like "$out" $'\nlog: warning: RIP: 0033:faulty_crash'"$FN"$'\n' \
	"no guard: the oops names the function"
like "$out" $'\nlog: warning: Modules linked in: faulty\\(E\\)\n' "no guard: and the modules"
like "$out" 'umod: fatal SIGSEGV in module code at ip 0x[0-9a-f]+, address 0x0+: no guard to return to|ERROR: (Address|Thread)Sanitizer: SEGV|runtime error: null pointer passed' \
	"no guard: then the host ends, saying why"
like "$out" $'\nexit [1-9][0-9]*$' "no guard: with a failure status"

done_testing
