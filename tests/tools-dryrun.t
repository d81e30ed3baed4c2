#!/bin/bash
# tools-dryrun.t - insmod --dry-run against a real umodd: every problem
# printed, exit 0 only if the module would load, and afterwards nothing
# loaded, no init run (greet and manysym print from init), no reference
# taken on the modules it would use.
set -u
. "$(dirname "$0")/tap.sh"

B=$(cd "${UMOD_B:-build}" && pwd)
TT=$B/tests/tools
T=$(mktemp -d /tmp/umod-dryrun.XXXXXX)
export UMOD_HOST=$T/host/umodd.sock
at_exit 'rm -rf "$T"'

# /proc/modules as the host lists it: name, use count, users.
mods() {
	"$B/lsmod" >"$T/lsmod" || echo "lsmod failed"
	awk 'NR > 1 { print $1, $3, $4 }' "$T/lsmod"
}

umodd_start "$UMOD_HOST" "$T/umodd.log"
ok $? "umodd listens"

# ---- Would load: exit 0, and nothing of it stays ----

run "$B/insmod" --dry-run "$TT/greet.ko" who=dry
is "$rc:$out" "0:" "insmod --dry-run greet.ko: it would load (exit 0, silent)"
is "$(mods)" "" "lsmod: it is not loaded"
run grep -c 'greet: hello' <<<"$("$B/umod" dmesg)"
is "$out" 0 "its init did not run (no greeting in the log)"

"$B/insmod" "$TT/greet.ko"
run grep -c 'greet: hello, world' <<<"$("$B/umod" dmesg)"
is "$out" 1 "a real insmod of greet runs its init, once"
before=$(mods)
run "$B/insmod" -n "$TT/greetuser.ko"
is "$rc:$out" "0:" "insmod -n greetuser.ko: it would load on greet"
is "$(mods)" "$before" "greet's use count and users are unchanged; greetuser is not listed"
run grep -c 'greet_hello returned' <<<"$("$B/umod" dmesg)"
is "$out" 0 "greetuser's init did not run"
run "$B/rmmod" greet
is "$rc:$out" "0:" "greet is free to go: the dry run holds nothing"
"$B/insmod" "$TT/greet.ko"

# ---- Would not load: every problem, exit 1 ----

run "$B/insmod" --dry-run "$TT/manysym.ko"
is "$rc" 1 "insmod --dry-run of a module with three unknown symbols fails"
is "$(head -n 1 <<<"$out")" \
	"insmod: ERROR: module $TT/manysym.ko would not load: Unknown symbol in module" \
	"kmod's words for ENOENT first"
is "$(tail -n +2 <<<"$out" | sort)" "insmod: ERROR: manysym: Unknown symbol no_such_data (err -2)
insmod: ERROR: manysym: Unknown symbol no_such_function (err -2)
insmod: ERROR: manysym: Unknown symbol no_such_other (err -2)" \
	"then each unknown symbol, as Linux logs it"
run "$B/insmod" "$TT/manysym.ko"
is "$rc:$(tail -n +2 <<<"$out" | sort)" "1:insmod: ERROR: manysym: Unknown symbol no_such_data (err -2)
insmod: ERROR: manysym: Unknown symbol no_such_function (err -2)
insmod: ERROR: manysym: Unknown symbol no_such_other (err -2)" \
	"a real insmod lists them all too"
run grep -c 'manysym: init ran' <<<"$("$B/umod" dmesg)"
is "$out" 0 "manysym's init never ran"

run "$B/insmod" --dry-run "$TT/greetdup.ko"
is "$rc:$out" "1:insmod: ERROR: module $TT/greetdup.ko would not load: Invalid module format
insmod: ERROR: greetdup: exports duplicate symbol greet_hello (owned by greet)" \
	"a duplicate export is reported"
run "$B/insmod" -n "$TT/greet.ko"
is "$rc:$out" "1:insmod: ERROR: module $TT/greet.ko would not load: File exists
insmod: ERROR: greet: module is already loaded" "a module already loaded would not load again"

# ---- Bad files fail as a real load does ----

head -c 4096 /dev/urandom >"$T/garbage.ko"
head -c 200 "$TT/greet.ko" >"$T/short.ko"
gzip -c <"$TT/greet.ko" | head -c 100 >"$T/damaged.ko.gz"
for f in garbage.ko short.ko damaged.ko.gz; do
	run "$B/insmod" "$T/$f"
	real=$rc:$(tail -n +2 <<<"$out")
	run "$B/insmod" --dry-run "$T/$f"
	is "$rc:$(head -n 1 <<<"$out")" \
		"1:insmod: ERROR: module $T/$f would not load: Invalid module format" \
		"insmod --dry-run $f: Invalid module format"
	is "$rc:$(tail -n +2 <<<"$out")" "$real" "with the real insmod's reason"
done

is "$(mods)" "greet 0 " "after all of it, greet alone is loaded, unused"
kill -0 "$UMODD_PID"
ok $? "the host is alive"
like_help=$("$B/insmod" --help)
[[ "$like_help" == *"-n, --dry-run"* ]]
ok $? "insmod --help lists -n, --dry-run"

done_testing
