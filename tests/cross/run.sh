#!/bin/sh
# tests/cross/run.sh ARCH BUILD EMULATOR TEST... - the tests of a cross
# build, under qemu-user: BUILD mirrored into BUILD/emu with each program
# run by the emulator (emutree.sh), the tests pointed there (UMOD_B), and
# told what runs them (UMOD_EMULATED) so they skip, saying why, what the
# emulator cannot show.  Ends with prove's summary and a line of its own.
set -u
arch=$1 build=$2 emu=$3
shift 3
cd "$(dirname "$0")/../.." || exit 1

command -v "${emu%% *}" >/dev/null ||
	{ echo "check-cross $arch: ${emu%% *} not found (mk/deps.sh cross)" >&2; exit 1; }
tests/cross/emutree.sh "$build" "$build/emu" $emu || exit 1

tests=
for t; do
	case $t in
	"$build"/*) tests="$tests $build/emu/${t#"$build"/}" ;;
	*) tests="$tests $t" ;;
	esac
done

echo "check-cross $arch: $# test files under $emu"
start=$(date +%s)
# shellcheck disable=SC2086
UMOD_B=$build/emu UMOD_EMULATED=${emu%% *} prove -f $tests 2>&1 | tee "$build/check-cross.log"
rc=$(tail -n 1 "$build/check-cross.log" | grep -qx 'Result: PASS' && echo 0 || echo 1)
awk -v arch="$arch" -v secs=$(( $(date +%s) - start )) '
	/^Files=/ { split($0, f, /[=,]/); files = f[2]; tests = f[4] }
	/^  Failed tests?:/ { next }
	/\(Wstat: .* Tests: [0-9]+ Failed: [0-9]+\)/ {
		match($0, /Failed: [0-9]+/); failed += substr($0, RSTART + 8, RLENGTH - 8) }
	END { printf "check-cross %s: %d passed, %d failed (%d files, %ds)\n",
		arch, tests - failed, failed, files, secs }' "$build/check-cross.log"
exit "$rc"
