#!/bin/bash
# tests/linux-crc.t - genuine Linux modules (Debian's crc-itu-t.ko, crc7.ko)
# load into a host and compute the standard check values.
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
lib=$(ls -d "$B"/linux/lib/modules/*/kernel/lib 2>/dev/null | head -n 1)
[ -n "$lib" ] && [ -e "$lib/crc7.ko" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
exec "$B/tests/linux/crchost" "$lib/crc-itu-t.ko" "$lib/crc7.ko"
