#!/usr/bin/env bash
# tests/loader-dryrun.t - UMOD_INIT_DRY_RUN: the load runs through layout,
# symbol resolution, relocation and the export checks, then unwinds as a
# failed load does.  No module code runs (init, notifiers), no reference
# is taken, nothing stays; every unknown symbol is named, in both modes.
. "$(dirname "$0")/loader-lib.sh"

K=$LT/modules/gcc-kernel		# absolute 32-bit relocations

# ---- A module that would load: nothing runs, nothing stays ----
run -w <<EOF
notify on
snapshot
load --dry-run $M/hello.ko
same
lsmod
load $M/stack_a.ko
load $M/stack_b.ko
info stack_a
info stack_b
snapshot
load --dry-run $M/stack_c.ko
info stack_a
info stack_b
same
load --dry-run $M/initfail.ko
same
EOF
is "$(reply "load --dry-run $M/hello.ko")" "ok" \
	"a dry run of hello: it would load, and neither init nor a notifier ran"
is "$(reply same)" same "it left no module, export, reference or byte behind"
is "$(reply lsmod)" "lsmod 0" "lsmod does not list it"
is "$(reply "load --dry-run $M/stack_c.ko")" "ok" \
	"stack_c would load on stack_b and stack_a"
is "$(reply "info stack_a" 2)" "$(reply "info stack_a")" "stack_a's references are as they were"
is "$(reply "info stack_b" 2)" "$(reply "info stack_b")" "stack_b's references are as they were"
is "$(reply same 2)" same "and nothing else changed"
is "$(reply "load --dry-run $M/initfail.ko")" "ok" \
	"an init that would fail does not run, so it cannot fail the dry run"

# ---- Every unknown symbol, in both modes ----
FIRST='(foo_ba[rz]|foo_data)'		# in the compiler's symbol order
run -w <<EOF
load --dry-run $M/unknowns.ko
same
load $M/unknowns.ko
same
EOF
for mode in "--dry-run " ""; do
	what=${mode:+a dry run}
	what=${what:-a load}
	like "$(reply "load $mode$M/unknowns.ko")" \
		"^err ENOENT unknowns: Unknown symbol $FIRST \(err -2\), and 2 more$" \
		"$what: ENOENT, the first unknown symbol and how many more"
	got=$(logs "load $mode$M/unknowns.ko" | grep -c 'Unknown symbol')
	is "$got" 3 "$what logs each unknown symbol once"
	for s in foo_bar foo_baz foo_data; do
		like "$(logs "load $mode$M/unknowns.ko")" \
			"^log: warning: unknowns: Unknown symbol $s \(err -2\)$" \
			"$what: $s is named as Linux names it"
	done
	unlike "$(reply "load $mode$M/unknowns.ko")" "^record: unknowns init" "$what: init did not run"
done
is "$(reply same)" same "the dry run left nothing behind"
is "$(reply same 2)" same "nor did the failed load"

# A dry run goes on past unknown symbols: relocation is still checked.
# A PIE host is out of reach of absolute 32-bit addresses; a low one not.
# (arm64's ADRP pairs reach the PIE host: only x86-64 has the case.)
if [ "$MACH" = x86_64 ]; then
	run <<-EOF
		load --dry-run $K/unknowns.ko
	EOF
	like "$(reply "load --dry-run $K/unknowns.ko")" \
		'^err ENOEXEC unknowns: R_X86_64_[A-Z0-9]+ relocation against [a-z_]+ out of range in ' \
		"past the unknown symbols, a relocation out of range is found (PIE host)"
	is "$(logs "load --dry-run $K/unknowns.ko" | grep -c 'Unknown symbol')" 3 \
		"after naming the three unknown symbols"
else
	skip "past the unknown symbols, a relocation out of range is found: nothing is out of range on $MACH"
fi
run "$HOST_NOPIE" <<EOF
load --dry-run $K/unknowns.ko
load $K/unknowns.ko
EOF
like "$(reply "load --dry-run $K/unknowns.ko")" \
	"^err ENOENT unknowns: Unknown symbol $FIRST \(err -2\), and 2 more$" \
	"in a low host the same module fails only on its unknown symbols"
is "$(reply "load $K/unknowns.ko")" "$(reply "load --dry-run $K/unknowns.ko")" \
	"as a real load does"

# ---- A GPL-only export and a proprietary module: said why ----
run <<EOF
load --dry-run $M/propmod.ko
EOF
like "$(reply "load --dry-run $M/propmod.ko")" '^err ENOENT propmod: Unknown symbol host_gpl_only \(err -2\)$' \
	"a GPL-only export is unknown to a proprietary module"
like "$(logs "load --dry-run $M/propmod.ko")" \
	"^log: warning: propmod: host_gpl_only is GPL-only, and the module's license is not GPL-compatible$" \
	"and the log says why"

# ---- Export checks ----
run -w <<EOF
load $M/hello.ko
snapshot
load --dry-run $M/dupexp.ko
load --dry-run $M/duphost.ko
load --dry-run $M/hello.ko
sym hello_greet
call hello_greet
same
EOF
is "$(reply "load --dry-run $M/dupexp.ko")" \
	"err ENOEXEC dupexp: exports duplicate symbol hello_greet (owned by hello)" \
	"a duplicate of a module's export is reported"
is "$(reply "load --dry-run $M/duphost.ko")" \
	"err ENOEXEC duphost: exports duplicate symbol host_add (owned by kernel)" \
	"a duplicate of the host's export is reported"
is "$(reply "load --dry-run $M/hello.ko")" "err EEXIST hello: module is already loaded" \
	"a module already loaded would not load again: EEXIST"
is "$(reply "sym hello_greet")" "sym hello_greet = hello" "hello keeps its export"
like "$(reply "call hello_greet")" "^call hello_greet = 42$" "which still works"
is "$(reply same)" same "nothing of the dry runs is left"

# ---- Bad files fail as a real load fails ----
script=
for c in "relsym $RELA.text" "reltype $RELA.text 99" "magic" "vermagic 2.6.32"; do
	d=$TMP/${c%% *}
	mkdir -p "$d"
	if [ "${c%% *}" = vermagic ]; then
		"$MANGLE" "$M/hello.ko" "$d/hello.ko" modinfo $c || exit 1
	else
		# shellcheck disable=SC2086
		"$MANGLE" "$M/hello.ko" "$d/hello.ko" $c || exit 1
	fi
	script+="load $d/hello.ko"$'\n'"load --dry-run $d/hello.ko"$'\n'
done
run -w <<<"$script"$'same\n'
for c in relsym reltype magic vermagic; do
	got=$(reply "load --dry-run $TMP/$c/hello.ko")
	like "$got" "^err ENOEXEC hello: " "a damaged file ($c) fails the dry run: $got"
	is "$got" "$(reply "load $TMP/$c/hello.ko")" "with the real load's error"
done
is "$(reply same)" same "and leaves nothing behind"

done_testing
