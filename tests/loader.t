#!/usr/bin/env bash
# tests/loader.t - modules load, link, run and unload as Linux's do: the
# gcc -O2 corpus in the PIE test host.
. "$(dirname "$0")/loader-lib.sh"

# ---- hello, the issue's example ----
run -w <<EOF
notify on
snapshot
load $M/hello.ko
modinfo hello license
modinfo hello author
modinfo hello description
modinfo hello alias
modinfo hello version
modinfo hello vermagic
params hello
param hello whom
info hello
call hello_greet
sym hello_greet
sym host_add
sym nosuch
ksym hello_greet
load $M/hello.ko
lsmod
unload hello
lsmod
same
load $M/hello.ko whom=umod
unload hello
load-fd $M/hello.ko whom="file descriptor"
unload hello
load-image $M/hello.ko
unload hello
same
EOF
is "$(reply "load $M/hello.ko")" "notify hello coming
record: hello init
printk: info: hello, world
notify hello live
ok hello" "hello: COMING, init, LIVE, in that order"
is "$(reply "modinfo hello license")" "modinfo hello license = GPL" "modinfo: license"
is "$(reply "modinfo hello author")" "modinfo hello author = umod tests" "modinfo: author"
is "$(reply "modinfo hello description")" \
	"modinfo hello description = Greets whom it is told to" "modinfo: description"
is "$(reply "modinfo hello alias")" "modinfo hello alias = greeter" "modinfo: alias"
is "$(reply "modinfo hello version")" "modinfo hello version = 1.0" "modinfo: version"
is "$(reply "modinfo hello vermagic")" "modinfo hello vermagic = umod-1 SMP mod_unload " \
	"modinfo: vermagic"
is "$(reply "params hello")" "parm whom 0644 charp" "hello has one charp parameter"
is "$(reply "param hello whom")" "param hello whom = world" "whom defaults to world"
like "$(reply "info hello")" '^info hello state=live refcnt=0 taints=[^P]* size=nonzero$' \
	"hello is live, unreferenced, untainted by its license, and has memory"
is "$(reply "call hello_greet")" "printk: info: hello, world
call hello_greet = 42" "the export runs and its printk reaches the host"
is "$(reply "sym hello_greet")" "sym hello_greet = hello" "hello_greet is hello's"
is "$(reply "sym host_add")" "sym host_add = host" "host_add is the host's"
is "$(reply "sym nosuch")" "sym nosuch none" "an unknown name has no address"
is "$(reply "ksym hello_greet")" "ksym hello_greet T hello
ksym end" "kallsyms: hello_greet is global text in hello"
is "$(reply "load $M/hello.ko" 2)" "err EEXIST hello: module is already loaded" \
	"a second hello is refused: EEXIST"
is "$(reply "lsmod")" "lsmod 1
mod hello live 0 -" "lsmod shows hello once"
is "$(reply "unload hello")" "record: hello exit
notify hello going
ok" "unload runs exit, then the GOING notifier (Linux's order)"
is "$(reply "lsmod" 2)" "lsmod 0" "nothing is loaded after unload"
is "$(reply "same")" "same" "load and unload leave nothing behind"
like "$(reply "load $M/hello.ko whom=umod")" '^printk: info: hello, umod$' \
	"a parameter from the command line reaches init"
like "$(reply "load-fd $M/hello.ko whom=\"file descriptor\"")" \
	'^printk: info: hello, file descriptor$' "umod_load_fd, with a quoted value"
like "$(reply "load-image $M/hello.ko")" '^ok hello$' "umod_load_image"
is "$(reply "same" 2)" "same" "three ways of loading leave nothing behind"

# ---- Stacking three deep; references ----
run -w <<EOF
load $M/stack_c.ko
same
load $M/stack_a.ko
load $M/stack_b.ko
load $M/stack_c.ko
call stack_c_value
call stack_b_value
sym stack_a_data
lsmod
snapshot
unload stack_a
unload stack_b
unload stack_a force
unload stack_a nonblock
same
get stack_c
lsmod
unload stack_c
put stack_c
symget stack_c_value
info stack_c
unload stack_c
symput stack_c_value
same
unload stack_c
lsmod
unload stack_b
unload stack_a
unload stack_a
load $M/stack_a.ko
load $M/stack_b.ko
load $M/stack_c.ko
quit
EOF
is "$(reply "load $M/stack_c.ko")" "err ENOENT stack_c: Unknown symbol stack_b_value (err -2)" \
	"stack_c without stack_b: Unknown symbol"
is "$(reply "same")" "same" "the refused stack_c left nothing behind"
is "$(reply "call stack_c_value")" "call stack_c_value = 111" \
	"stack_c calls stack_b calls stack_a (function and data)"
is "$(reply "call stack_b_value")" "call stack_b_value = 11" "stack_b's GPL-only export"
is "$(reply "sym stack_a_data")" "sym stack_a_data = stack_a" "a data export belongs to its module"
is "$(reply "lsmod")" "lsmod 3
mod stack_a live 1 stack_b
mod stack_b live 1 stack_c
mod stack_c live 0 -" "each user holds one reference and is listed"
like "$(reply "unload stack_a")" '^err EWOULDBLOCK stack_a: .*stack_b' \
	"stack_a is in use by stack_b: EWOULDBLOCK, naming it"
like "$(reply "unload stack_b")" '^err EWOULDBLOCK stack_b: .*stack_c' \
	"stack_b is in use by stack_c"
like "$(reply "unload stack_a force")" '^err EWOULDBLOCK ' "force does not override users"
like "$(reply "unload stack_a nonblock")" '^err EWOULDBLOCK ' "nor does nonblock"
is "$(reply "same")" "same" "refused unloads change nothing"
is "$(reply "lsmod" 2)" "lsmod 3
mod stack_a live 1 stack_b
mod stack_b live 1 stack_c
mod stack_c live 1 -" "umod_module_get takes a reference"
like "$(reply "unload stack_c")" '^err EWOULDBLOCK stack_c: ' \
	"a referenced module is not unloaded"
like "$(reply "info stack_c")" '^info stack_c state=live refcnt=1 ' \
	"umod_symbol_get pins the owner"
like "$(reply "unload stack_c" 2)" '^err EWOULDBLOCK stack_c: ' \
	"a module whose symbol is held is not unloaded"
is "$(reply "same" 2)" "same" "module_put and umod_symbol_put drop the references"
is "$(reply "unload stack_c" 3)" "record: stack_c exit
ok" "the top of the stack unloads"
is "$(reply "lsmod" 3)" "lsmod 2
mod stack_a live 1 stack_b
mod stack_b live 0 -" "its reference on stack_b went with it"
like "$(reply "unload stack_a" 3)" '^err ENOENT stack_a: ' "unloading twice: ENOENT"
is "$(reply "quit")" "record: stack_c exit
record: stack_b exit
record: stack_a exit
bye" "freeing the context unloads users before what they use"

# ---- Failing init, no exit, a module holding itself ----
run -w <<EOF
notify on
load $M/stack_a.ko
snapshot
load $M/initfail.ko
sym initfail_value
lsmod
same
load $M/noexit.ko
unload noexit
lsmod
unload noexit force
load $M/selfref.ko
call selfref_is_me
lsmod
unload selfref
call selfref_release
unload selfref
same
EOF
is "$(reply "load $M/initfail.ko")" "notify initfail coming
record: initfail init
notify initfail going
err ENODEV initfail: init failed: No such device" \
	"init's error is the load's, after COMING and GOING, without LIVE or exit"
is "$(reply "sym initfail_value")" "sym initfail_value none" "its export is gone"
is "$(reply "lsmod")" "lsmod 1
mod stack_a live 0 -" "its reference on stack_a is gone"
is "$(reply "same")" "same" "a failed init leaves nothing behind"
like "$(reply "unload noexit")" '^err EBUSY noexit: ' \
	"init without exit: unload refused with EBUSY"
like "$(reply "lsmod" 2)" '^mod noexit live 0 -$' "noexit stays"
is "$(reply "unload noexit force")" "notify noexit going
ok" "a forced unload removes it, with no exit to run"
is "$(reply "call selfref_is_me")" "call selfref_is_me = 1" \
	"THIS_MODULE is the module itself"
like "$(reply "lsmod" 3)" '^mod selfref live 1 -$' "try_module_get(THIS_MODULE) in init counts"
like "$(reply "unload selfref")" '^err EWOULDBLOCK selfref: ' "so unload waits for it"
like "$(reply "unload selfref" 2)" '^ok$' "module_put(THIS_MODULE) lets it go"
is "$(reply "same")" "same" "everything is back as it was"

# ---- Notifiers: order, unregistering, a veto ----
run -w <<EOF
notify on A
notify on B
load $M/hello.ko
unload hello
notify off A
load $M/hello.ko
unload hello
notify off A
notify on A
veto hello
notify on C
snapshot
load $M/hello.ko
same
veto -
notify off A
notify off B
notify off C
load $M/hello.ko
EOF
is "$(reply "load $M/hello.ko")" "notify/A hello coming
notify/B hello coming
record: hello init
printk: info: hello, world
notify/A hello live
notify/B hello live
ok hello" "notifiers run in registration order, around init"
is "$(reply "unload hello")" "record: hello exit
notify/A hello going
notify/B hello going
ok" "and on unload"
is "$(reply "load $M/hello.ko" 2)" "notify/B hello coming
record: hello init
printk: info: hello, world
notify/B hello live
ok hello" "an unregistered notifier is not called"
is "$(reply "notify off A" 2)" "err ENOENT no such notifier, or too many" \
	"unregistering twice fails"
is "$(reply "load $M/hello.ko" 3)" "notify/B hello coming
notify/A hello coming
veto hello
notify/B hello going
notify/A hello going
err EPERM hello: refused by a notifier" \
	"a COMING veto refuses the load before init; only notifiers that saw COMING see GOING"
is "$(reply "same")" "same" "the vetoed module left nothing behind"
is "$(reply "load $M/hello.ko" 4)" "record: hello init
printk: info: hello, world
ok hello" "with every notifier gone, loads are silent again"

# ---- Licenses: GPL-only exports ----
run -w <<EOF
load $M/gplmod.ko
call gplmod_probe
info gplmod
snapshot
load $M/propmod.ko
same
load $M/proplib.ko
info proplib
call proplib_value
EOF
is "$(reply "load $M/gplmod.ko")" "ok gplmod" "a GPL module links against EXPORT_SYMBOL_GPL"
is "$(reply "call gplmod_probe")" "call gplmod_probe = 1234" "and calls it"
like "$(reply "info gplmod")" 'taints=[^P]*$' "a GPL module does not taint"
like "$(reply "load $M/propmod.ko")" '^err ENOENT propmod: Unknown symbol host_gpl_only' \
	"a proprietary module cannot use a GPL-only export: Unknown symbol"
like "$(logs "load $M/propmod.ko")" "propmod: module license 'Proprietary' taints kernel" \
	"the license is reported as tainting"
is "$(reply "same")" "same" "the refused module left nothing behind"
is "$(reply "load $M/proplib.ko")" "ok proplib" "a proprietary module may use plain exports"
like "$(reply "info proplib")" 'taints=P' "and is tainted P"
is "$(reply "call proplib_value")" "call proplib_value = 42" "and works"

# ---- Weak, __ro_after_init, two objects, libc, host data ----
run -w <<EOF
load $M/weak.ko
call weak_probe
load $M/roinit.ko
call roinit_value
protret roinit_addr
prot roinit_value
prot roinit_data
load $M/multi.ko
call multi_value
ksym helper
load $M/fmt.ko
call fmt_value
load $M/dataimp.ko
call dataimp_value
unload dataimp
load $M/dataimp.ko
call dataimp_value
EOF
is "$(reply "load $M/weak.ko")" "ok weak" "a module with undefined weak references loads"
is "$(reply "call weak_probe")" "call weak_probe = 5" \
	"absent weak symbols are NULL, a present one is bound"
is "$(reply "call roinit_value")" "call roinit_value = 42" "init wrote __ro_after_init data"
is_prot "$(reply "protret roinit_addr")" "prot roinit_addr r--p" "which is read-only after init"
is_prot "$(reply "prot roinit_value")" "prot roinit_value r-xp" "text is read-only and executable"
is_prot "$(reply "prot roinit_data")" "prot roinit_data rw-p" "data is writable, not executable"
is "$(reply "call multi_value")" "call multi_value = 204" \
	"two objects in one module, each with its own static helper()"
is "$(reply "ksym helper")" "ksym helper t multi
ksym helper t multi
ksym end" "kallsyms lists both local helpers"
is "$(reply "call fmt_value")" "record: n=42 x
call fmt_value = 6" "a module calls malloc, snprintf, strlen, free through the host table"
is "$(reply "call dataimp_value")" "call dataimp_value = 8008" \
	"a module reads and writes the host's data (direct and through a pointer)"
is "$(reply "call dataimp_value" 2)" "call dataimp_value = 8008" "its exit undid its init"

# ---- Imports from five modules: one reference each, however many imports ----
run <<EOF
load $M/stack_a.ko
load $M/stack_b.ko
load $M/hello.ko
load $M/gplmod.ko
load $M/weak.ko
load $M/fanin.ko
call fanin_value
lsmod
unload fanin
lsmod
EOF
is "$(reply "load $M/fanin.ko")" "ok fanin" "a module importing from five modules loads"
like "$(reply "call fanin_value")" 'call fanin_value = 1294$' "and reaches each of them"
is "$(reply "lsmod")" "lsmod 6
mod stack_a live 2 fanin,stack_b
mod stack_b live 1 fanin
mod hello live 1 fanin
mod gplmod live 1 fanin
mod weak live 1 fanin
mod fanin live 0 -" "each exporter holds one reference for it, stack_a's two imports too"
is "$(reply "lsmod" 2)" "lsmod 5
mod stack_a live 1 stack_b
mod stack_b live 0 -
mod hello live 0 -
mod gplmod live 0 -
mod weak live 0 -" "its unload gives every one back"

# ---- A call 6 GiB away (1 GiB on 32-bit machines), beyond any direct branch ----
# Through the loader's stub (x86-64), veneer (arm64, arm) or PLT entry (RISC-V),
# in every code model of the corpus.
for v in gcc-O2 gcc-kernel clang-O2; do
	run <<-EOF
		sym host_far
		load $LT/modules/$v/farcall.ko
		call farcall_value
		unload farcall
	EOF
	if [ "$(reply "sym host_far")" != "sym host_far = host" ]; then
		skip "$v: a call far away: the host could not map host_far there"
		continue
	fi
	is "$(reply "call farcall_value")" "call farcall_value = 78" \
		"$v: a call far away reaches the host through the loader's stub"
done

done_testing
