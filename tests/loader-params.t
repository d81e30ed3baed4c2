#!/usr/bin/env bash
# tests/loader-params.t - module parameters of every type, from the load
# command line and through the host's /sys/module/<m>/parameters view:
# Linux's formats, permissions, errors, and no memory kept by charp.
. "$(dirname "$0")/loader-lib.sh"

P=$M/params.ko
names="b s us i ui l ul ull hex cp flag inv bi str arr renamed ro cb"
gets() { for p in $names; do echo "param params $p"; done; }
values() { for p in $names; do reply "param params $p" "$1"; done; }

# ---- Defaults, then every type from the command line ----
run <<EOF
load $P
params params
call params_dump
$(gets)
unload params
load $P b=255 s=-32768 us=65535 i=-2147483648 ui=4294967295 l=$LONG_MIN ul=$ULONG_MAX ull=18446744073709551615 hex=0xdeadbeef cp="hello world" flag inv=1 bi=off str=xyz arr=5,6,7 renamed=99 ro=1 wo=2 hidden=3 cb=77
call params_dump
$(gets)
EOF
is "$(reply "params params" | sort)" "parm arr 0644 array of int
parm b 0644 byte
parm bi 0644 bint
parm cb 0644 -
parm cp 0644 charp
parm flag 0644 bool
parm hex 0644 hexint
parm i 0644 int
parm inv 0644 invbool
parm l 0644 long
parm renamed 0644 int
parm ro 0444 int
parm s 0644 short
parm str 0644 string
parm ui 0644 uint
parm ul 0644 ulong
parm ull 0644 ullong
parm us 0644 ushort
parm wo 0200 int" "every parameter is listed with its perm and modinfo type (none for hidden)"
is "$(reply "call params_dump")" "record: b=1 s=-2 us=3 i=-4 ui=5 l=-6 ul=7 ull=8 hex=0x10 cp=default flag=0 inv=0 bi=1 str=abc arr=1,2,0,0/2 renamed=9 ro=10 wo=11 hidden=12 cb=0
call params_dump = 2" "without arguments the module keeps its defaults"
is "$(values 1)" "param params b = 1
param params s = -2
param params us = 3
param params i = -4
param params ui = 5
param params l = -6
param params ul = 7
param params ull = 8
param params hex = 0x000010
param params cp = default
param params flag = N
param params inv = Y
param params bi = 1
param params str = abc
param params arr = 1,2
param params renamed = 9
param params ro = 10
param params cb = 0" "and the host reads them in Linux's formats"
like "$(reply "load $P b=255 s=-32768 us=65535 i=-2147483648 ui=4294967295 l=$LONG_MIN ul=$ULONG_MAX ull=18446744073709551615 hex=0xdeadbeef cp=\"hello world\" flag inv=1 bi=off str=xyz arr=5,6,7 renamed=99 ro=1 wo=2 hidden=3 cb=77")" \
	"^record: params cb set
ok params$" "a parameter's own set() runs during the load, before it completes"
is "$(reply "call params_dump" 2)" "record: b=255 s=-32768 us=65535 i=-2147483648 ui=4294967295 l=$LONG_MIN ul=$ULONG_MAX ull=18446744073709551615 hex=0xdeadbeef cp=hello world flag=1 inv=0 bi=0 str=xyz arr=5,6,7,0/3 renamed=99 ro=1 wo=2 hidden=3 cb=77
call params_dump = 3" "every type takes its extreme values from the command line (bare bool, quoted charp, array count)"
is "$(values 2)" "param params b = 255
param params s = -32768
param params us = 65535
param params i = -2147483648
param params ui = 4294967295
param params l = $LONG_MIN
param params ul = $ULONG_MAX
param params ull = 18446744073709551615
param params hex = 0xdeadbeef
param params cp = hello world
param params flag = Y
param params inv = Y
param params bi = 0
param params str = xyz
param params arr = 5,6,7
param params renamed = 99
param params ro = 1
param params cb = 77" "the host reads them back"

# ---- Setting through the host; permissions; bad values ----
run <<EOF
load $P cp=x
param params b 7
param params s 0x7fff
param params us 010
param params i -0x10
param params ui 0
param params l $LONG_MAX
param params ul 0
param params ull 1
param params hex 255
param params cp another value
param params flag y
param params inv n
param params bi on
param params str 1234567
param params arr 9
param params renamed -1
param params cb 5
call params_dump
$(gets)
param params ro 5
param params ro
param params wo 42
param params wo
param params hidden
param params hidden 1
param params internal
param nosuch b
param params b 256
param params b abc
param params b
param params str 12345678
param params str
param params arr 1,2,3,4,5
param params flag maybe
param params flag
call params_dump
EOF
is "$(reply "param params cb 5")" "record: params cb set
ok" "setting runs the parameter's own set()"
is "$(reply "call params_dump")" "record: b=7 s=32767 us=8 i=-16 ui=0 l=$LONG_MAX ul=0 ull=1 hex=0xff cp=another value flag=1 inv=1 bi=1 str=1234567 arr=9,2,0,0/1 renamed=-1 ro=10 wo=11 hidden=12 cb=5
call params_dump = 1" "the module sees each value set (hex, octal and negative bases too)"
is "$(values 1 | sed -n '1p;9p;10p;11p;12p;13p;15p')" "param params b = 7
param params hex = 0x0000ff
param params cp = another value
param params flag = Y
param params inv = N
param params bi = 1
param params arr = 9" "and the host reads them back"
is "$(reply "param params ro 5")" "err EPERM" "a 0444 parameter cannot be written: EPERM"
is "$(reply "param params ro")" "param params ro = 10" "but can be read"
is "$(reply "param params wo 42")" "ok" "a 0200 parameter can be written"
is "$(reply "param params wo")" "err EPERM" "but not read: EPERM"
is "$(reply "param params hidden")" "err ENOENT" "a perm 0 parameter is not visible: ENOENT"
is "$(reply "param params hidden 1")" "err ENOENT" "nor writable"
is "$(reply "param params internal")" "err ENOENT" "module_param_named hides the variable's name"
is "$(reply "param nosuch b")" "err ENOENT" "no such module: ENOENT"
is "$(reply "param params b 256")" "err ERANGE" "byte 256: ERANGE"
is "$(reply "param params b abc")" "err EINVAL" "byte abc: EINVAL"
is "$(reply "param params b")" "param params b = 7" "a refused value leaves the old one"
is "$(reply "param params str 12345678")" "err ENOSPC" "a string longer than its buffer: ENOSPC"
is "$(reply "param params str")" "param params str = 1234567" "and the string is unchanged"
is "$(reply "param params arr 1,2,3,4,5")" "err EINVAL" "five elements for four: EINVAL"
is "$(reply "param params flag maybe")" "err EINVAL" "bool maybe: EINVAL"
like "$(reply "call params_dump" 2)" "wo=42 hidden=12" "the write-only value reached the module"

# ---- charp values are freed when replaced and on unload ----
long=$(printf 'x%.0s' {1..300})
run -w <<EOF
load $P cp=$long
unload params
same
load $P cp=short
snapshot
$(for i in $(seq 1 20); do echo "param params cp $long$i"; done)
param params cp short
same
param params cp $long
unload params
load $P "cp=$long" str=z
unload params
load $P cp="with spaces" b=1 cp=again
param params cp
EOF
is "$(reply same)" same "a charp from the command line is freed on unload"
is "$(reply same 2)" same "each charp set frees the value it replaces"
like "$(reply "load $P \"cp=$long\" str=z")" "^ok params$" "a whole quoted name=value"
is "$(reply "param params cp")" "param params cp = again" "the last of repeated parameters wins"

done_testing
