#!/bin/sh
# demo/demo.sh BUILD-DIR - `make demo`: kerneld and the VFS host, then the
# steps of demo/demo.vfs, unattended.  Runs in BUILD-DIR/demo, where
# `make demo-build` put the host, the modules under root/ and the images.
set -eu
B=$(cd "${1:?usage: demo.sh BUILD-DIR}" && pwd)
cd "$B/demo"
PATH=$B:$PATH		# lsmod is umod's
export PATH

kerneld_pid=
cleanup() {
	[ -z "$kerneld_pid" ] || kill "$kerneld_pid" 2>/dev/null || :
	rm -f vfs.sock
}
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -f vfs.sock

echo "== 1. Start kerneld and the host (kerneld waits for the host's socket)"
echo '$ umod kerneld --host vfs.sock --delay 2 --dirname root 2> kerneld.log &'
umod kerneld --host vfs.sock --delay 2 --dirname root 2> kerneld.log &
kerneld_pid=$!
export KERNELD_PID=$kerneld_pid
echo '$ vfshost --socket vfs.sock --modprobe ../modprobe --dirname root demo.vfs'
./vfshost --socket vfs.sock --modprobe ../modprobe --dirname root demo.vfs
wait "$kerneld_pid" 2>/dev/null || :
kerneld_pid=

echo
echo "== kerneld's log"
cat kerneld.log
