#!/bin/sh
# SPDX-License-Identifier: MIT
#
# tests/golden/regen.sh [TEST...] - record kmod's expected outputs for the
# tests that compare umod's tools with kmod's (default: all of them), so
# they run where kmod is not installed.  Needs kmod and a built tree
# (make); linux-tools also the Debian tree (tests/linux/fetch.sh
# build/linux) and apt, to name its package version.  Review with
# git diff tests/golden, and commit.  To run a test as where kmod is
# absent: UMOD_KMOD=none prove tests/depmod.t (kbuild.t then reads its
# modules with umod's modinfo and depmod).
#
# Each test records its own: run with UMOD_GOLDEN=record, it builds its
# inputs as always, runs kmod's tool on exactly them and writes the
# output, normalized (golden.sh), as tests/golden/<test>/<case>, where
# <case> is the check's description made a file name; it still checks
# umod against them, so a regeneration that fails says where umod and
# this kmod disagree.  Each directory's KMOD_VERSION says which kmod.
#
#   depmod/<case>         what depmod printed and wrote (.bin files in hex)
#   depmod/<case>.inputs  the tree and arguments it ran on, and without -C
#                         the machine's depmod.d: a machine where these
#                         differ (no zstd, say) skips that golden case
#   modinfo/<case>        stdout, stderr and "exit N"
#   modprobe/<case>       stdout, "exit N" and stderr
#   linux-tools/<package>_<version>/
#                         depmod's indexes, modinfo of every module,
#                         modinfo ext4, modprobe --show-depends, over the
#                         Debian tree; SOURCE names the package, its
#                         version and the tree's digest, which the test
#                         matches before comparing.  Files over 64 KB are
#                         xz-compressed.
#
# What the golden files cannot hold is normalized on both sides: the
# test's temporary directory becomes @TMP@, a signature's bytes (which
# hash a module compiled here, laid out as this compiler does) become
# XX:XX:..., and the Debian tree's, which do not change, their sha256.
# Inputs that would vary were made not to: .modinfo in source order
# (-fno-toplevel-reorder), imports as written (-fno-stack-protector), no
# two files of one module name at one priority (which wins is readdir's
# order), modprobe -c under a stand-in /proc/cmdline (without a mount
# namespace to make one, -c is compared with kmod live only).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$here/../.." && pwd)
[ $# -gt 0 ] || set -- depmod modinfo modprobe linux-tools
command -v kmod >/dev/null || PATH=$PATH:/usr/sbin:/sbin command -v kmod >/dev/null ||
	{ echo "regen.sh: kmod is not installed" >&2; exit 1; }
cd "$tree"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for t; do
	[ -f "tests/$t.t" ] || { echo "regen.sh: no tests/$t.t" >&2; exit 1; }
	case $t in
	linux-tools) ;;		# replaces its own, once it knows the tree
	*) rm -rf "tests/golden/$t" ;;
	esac
	echo "== $t"
	UMOD_GOLDEN=record UMOD_B=${UMOD_B:-build} "tests/$t.t" >"$log" 2>&1 || status=1
	grep -E '^(not ok|Bail out!)|SKIP' "$log" || :
done
[ "$status" = 0 ] || echo "regen.sh: umod disagrees with kmod somewhere (not ok above)" >&2
git status --short tests/golden
exit "$status"
