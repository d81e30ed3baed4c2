#!/bin/bash
# tests/linux-crc.t - genuine Linux modules (Debian's crc-itu-t.ko, crc7.ko)
# load into a host and compute the standard check values.
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
lib=$(ls -d "$B"/linux/lib/modules/*/kernel/lib 2>/dev/null | head -n 1)
[ -n "$lib" ] && [ -e "$lib/crc7.ko" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
# 32-bit arm has no HAVE_ARCH_PREL32_RELOCATIONS: its __ksymtab entries
# are pointers, where umod reads Linux's PREL32 offsets.
[ "$(readelf -h "$lib/crc7.ko" | awk '/Machine:/ { print $2 }')" != ARM ] ||
	skip_all "arm modules' __ksymtab holds pointers, not the PREL32 offsets umod reads"
exec "$B/tests/linux/crchost" "$lib/crc-itu-t.ko" "$lib/crc7.ko"
