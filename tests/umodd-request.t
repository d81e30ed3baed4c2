#!/bin/bash
# tests/umodd-request.t - request_module inside umodd: a module's init asks
# for another by alias; umodd runs umod's modprobe against its --basedir,
# which loads it (marked autoclean) while the first init still waits.
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/umod-request-XXXXXX)
at_exit 'rm -rf "$T"'

cp "$TOP/tests/umodd/asker.c" "$TOP/tests/umodd/helper.c" "$TOP/tests/umodd/Kbuild" "$T/"
make -s -C "$TOP" B="${UMOD_B:-build}" M="$T" modules >"$T/build.log" 2>&1
ok $? "the two modules build the Kbuild way"
mkdir -p "$T/root/lib/modules/umod-1/extra"
cp "$T/helper.ko" "$T/root/lib/modules/umod-1/extra/"
"$B/depmod" -b "$T/root" umod-1 2>/dev/null
grep -q '^alias umod-helper helper$' "$T/root/lib/modules/umod-1/modules.alias"
ok $? "depmod indexes the helper's alias"

export UMOD_HOST="$T/s/umodd.sock"
# The pid file is written once the host has said what it runs.
umodd_start "$UMOD_HOST" "$T/umodd.log" --basedir "$T/root" --pidfile "$T/umodd.pid"
ok $? "umodd starts"
wait_for test -s "$T/umodd.pid"
grep -q "request_module runs $B/modprobe" "$T/umodd.log"
ok $? "umodd runs the modprobe beside it, not the system's"

"$B/insmod" "$T/asker.ko" >"$T/insmod.out" 2>&1
ok $? "insmod of a module whose init calls request_module succeeds"
"$B/umod" dmesg >"$T/dmesg" 2>&1
grep -q 'helper: loaded on request' "$T/dmesg" && grep -q 'asker: request_module returned 0' "$T/dmesg"
ok $? "the helper loaded before the asker's init returned 0"
"$B/lsmod" >"$T/lsmod"
grep -Eq '^helper +[0-9]+ +0 \(autoclean\)$' "$T/lsmod"
ok $? "the helper is listed, marked autoclean"
"$B/rmmod" asker helper
ok $? "both unload"

"$B/insmod" "$T/asker.ko" >/dev/null 2>&1
"$B/rmmod" asker
rm "$T/root/lib/modules/umod-1/extra/helper.ko"
"$B/depmod" -b "$T/root" umod-1 2>/dev/null
"$B/insmod" "$T/asker.ko" >"$T/insmod2.out" 2>&1
[ $? -ne 0 ] && grep -q 'asker' "$T/insmod2.out"
ok $? "a request for a module not on disk fails asker's init, with a message naming it"
kill -0 "$UMODD_PID"
ok $? "umodd keeps running"
"$B/lsmod" | grep -q '^asker '
[ $? -ne 0 ]
ok $? "and the failed asker is not listed"
done_testing
