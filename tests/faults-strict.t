#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# faults-strict.t - the fault-injection run (tests/robust/test-faults)
# again with one view of module memory (UMOD_STRICT_WX=1, src/arena.c):
# there a load still opens and seals its pages, and each mprotect must
# fail cleanly; in two views a reload makes none to fail.
tree=$(cd "$(dirname "$0")/.." && pwd)
exec env UMOD_STRICT_WX=1 "$tree/${UMOD_B:-build}/tests/robust/test-faults"
