#!/bin/bash
# tests/linux-kabi.t - genuine Debian modules that need Linux's x86-64
# module ABI, in a host (tests/kabi/kabihost.c): stack-protected crypto
# (libcurve25519-generic.ko, libdes.ko) on the loading thread and on a
# host thread, and a governor that prints (pretimeout_noop.ko) called on
# an 8-byte-aligned stack.
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
lib=$(ls -d "$B"/linux/lib/modules/*/kernel 2>/dev/null | head -n 1)
[ -n "$lib" ] && [ -e "$lib/lib/crypto/libdes.ko" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
exec "$B/tests/kabi/kabihost" "$lib/lib/crypto" "$lib/drivers/watchdog"
