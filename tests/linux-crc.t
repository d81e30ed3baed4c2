#!/bin/sh
# tests/linux-crc.t - genuine Linux modules (Debian's crc-itu-t.ko, crc7.ko)
# load into a host and compute the standard check values.
B=$(cd "${UMOD_B:-build}" && pwd)
lib=$(ls -d "$B"/linux/lib/modules/*/kernel/lib 2>/dev/null | head -n 1)
if [ -z "$lib" ] || [ ! -e "$lib/crc7.ko" ]; then
	echo "1..0 # SKIP no Linux module tree (tests/linux/fetch.sh $B/linux)"
	exit 0
fi
exec "$B/tests/linux/crchost" "$lib/crc-itu-t.ko" "$lib/crc7.ko"
