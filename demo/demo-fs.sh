#!/bin/bash
# demo/demo-fs.sh BUILD-DIR - `make demo`, second act: the classic first
# modules, tests/fs/tchar.c (a character device) and tproc.c (/proc
# files through seq_file), built as genuine Linux modules by Linux's own
# Kbuild against Debian's kernel headers, loaded into umodd --fs and used
# from the shell through its mount.  Skipped, saying why, without the
# headers (linux-headers-amd64) or FUSE.
set -eu
B=$(cd "${1:?usage: demo-fs.sh BUILD-DIR}" && pwd)
SRC=$(cd "$(dirname "$0")/.." && pwd)
KDIR=$(ls -d /usr/src/linux-headers-6.1*-amd64 2>/dev/null | head -n 1)
echo
echo "== Act two: modules users talk to, through umodd --fs"
if [ -z "$KDIR" ]; then
	echo "(skipped: needs Debian's 6.1 kernel headers, linux-headers-amd64)"
	exit 0
fi
if [ ! -c /dev/fuse ] || ! command -v fusermount3 >/dev/null; then
	echo "(skipped: needs /dev/fuse and fusermount3)"
	exit 0
fi

D=$B/demo/act2
host_pid=
cleanup() {
	[ -z "$host_pid" ] || { kill "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; } || :
}
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -rf "$D"
mkdir -p "$D/src" "$D/mnt"
cp "$SRC/tests/fs/tchar.c" "$SRC/tests/fs/tproc.c" "$D/src/"
echo 'obj-m := tchar.o tproc.o' > "$D/src/Kbuild"
cd "$D"
export UMOD_HOST=$D/umodd.sock
PATH=$B:$PATH

run() { echo "\$ $*"; "$@"; }
# a shell line, shown and run; its errors as the shell words them
runs() { echo "\$ $1"; (eval "$1") 2>&1 | sed 's/^.*line [0-9]*: /sh: /'; }
say() { echo; printf '== %s\n' "$@"; }

say "1. Build them as any out-of-tree module is built, with Kbuild"
echo "\$ make -C $KDIR M=\$PWD/src modules"
make -s -C "$KDIR" M="$D/src" modules 2>&1 | grep -v '^Skipping BTF' || :
ls src/*.ko

say "2. Start umodd with its views mounted on mnt/"
echo "\$ umodd --socket umodd.sock --fs mnt &"
umodd --socket umodd.sock --log-stderr --fs mnt 2>umodd.log &
host_pid=$!
for i in $(seq 100); do
	[ -S umodd.sock ] && grep -q " $D/mnt fuse.umodd " /proc/mounts && break
	sleep 0.05
done
echo "(-f: their vermagic names Debian's kernel, not this host)"
run umod insmod -f src/tchar.ko
run umod insmod -f src/tproc.ko
run umod lsmod

say "3. The character device counts its opens" \
    "   (alloc_chrdev_region, cdev_add, class_create, device_create)"
run ls -l mnt/dev
run cat mnt/dev/tchar
run cat mnt/dev/tchar

say "4. A read sleeps on the driver's wait queue until another process writes"
echo "\$ head -c 6 mnt/dev/tchar_pipe &"
head -c 6 mnt/dev/tchar_pipe > pipe.out &
reader=$!
sleep 1
runs 'echo hello > mnt/dev/tchar_pipe'
wait "$reader"
echo "[the reader got: $(cat pipe.out)]"

say "5. /proc files: a seq_file iterator, and a single_open file written to"
run ls -l mnt/proc/tproc
run cat mnt/proc/tproc/squares
runs 'echo 3 > mnt/proc/tproc/limit'
run cat mnt/proc/tproc/squares
runs 'echo lots > mnt/proc/tproc/limit'

say "6. Out again; the nodes and entries go with them"
run umod rmmod tproc tchar
run ls mnt/dev mnt/proc
echo "\$ kill %umodd"
kill "$host_pid"
wait "$host_pid" || :
host_pid=
echo
echo "== umodd's log"
cat umodd.log
