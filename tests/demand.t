#!/bin/bash
# tests/demand.t - demand loading end to end: the demo's host (vfshost)
# mounts the demo's images; request_module goes through the real kerneld
# and modprobe, or the host's own modprobe; autoclean sweeps come from
# kerneld's timer or the host.  Needs `make demo-build` (make check does).
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
D=$B/demo
S=$(cd "$(dirname "$0")" && pwd)
[ -x "$D/vfshost" ] && [ -e "$D/root/.installed" ] && [ -e "$D/.images" ] ||
	skip_all "the demo is not built (make demo-build)"
T=$(mktemp -d /tmp/umod-demand-XXXXXX)
KPID=
cleanup() {
	[ -z "$KPID" ] || kill -KILL "$KPID" 2>/dev/null
	[ ! -s "$T/kerneld2.pid" ] || kill -KILL "$(cat "$T/kerneld2.pid")" 2>/dev/null
	[ -n "${DM_KEEP:-}" ] || rm -rf "$T"
}
at_exit cleanup
cd "$T"
ln -s "$D/vfat.img" "$D/fat32.img" "$D/msdos.img" "$D/cd.iso" .
PATH=$B:$PATH
export PATH DM_MODPROBE="$B/modprobe"

count() {	# file, text: lines with it
	grep -cF -- "$2" "$1"
}
line_of() {	# file, text: the first line number with it
	grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1
}
# What the last "! lsmod" printed, header and host log excluded.
last_lsmod() {
	awk '/^vfs> ! lsmod$/ { out = ""; on = 1; next }
	     /^vfs> / { on = 0 }
	     on && !/^Module/ && !/^kernel: / { out = out $0 "\n" }
	     END { printf "%s", out }' "$1"
}
host() {	# script, output, vfshost options...
	script=$1 out=$2
	shift 2
	timeout 60 "$D/vfshost" --socket h.sock --modprobe "$B/modprobe" \
		--dirname "$D/root" "$@" "$script" > "$out" 2>&1
}
kerneld() {	# kerneld options...
	umod kerneld --host h.sock --dirname "$D/root" "$@" 2>> kerneld.log &
	KPID=$!
	export KERNELD_PID=$KPID
}
stop_kerneld() {
	kill "$KPID" 2>/dev/null
	wait "$KPID" 2>/dev/null
	KPID=
}

# ---- 1. The demo's scenario, through kerneld and its idle timer ----
cat > s1 <<'END'
wait-kerneld 10
mount -t vfat vfat.img /mnt/vfat
! lsmod
ls /mnt/vfat
cat "/mnt/vfat/Photos from the trip/Übersicht.txt"
mount -t msdos msdos.img /mnt/dos
ls /mnt/dos
cat /mnt/dos/README.TXT
! lsmod
mount -t iso9660 cd.iso /mnt/cd
ls /mnt/cd
cat "/mnt/cd/Source code/hello world.c"
mount -t vfat fat32.img /mnt/f32
ls "/mnt/f32/Photos from the trip"
umount /mnt/vfat
umount /mnt/dos
umount /mnt/cd
umount /mnt/f32
sleep 3.5
! lsmod
END
: > kerneld.log
kerneld --delay 1
host s1 o1 --request kerneld
ok $? "the scenario runs"
stop_kerneld
contains o1 "vfshost: kerneld (pid $KERNELD_PID) serves this host" "kerneld registers with the host"
contains o1 'request_module("fs-vfat")' "mount -t vfat asks for fs-vfat"
fat=$(line_of o1 "kernel: fat: loaded on demand (autoclean)")
vfat=$(line_of o1 "kernel: vfat: loaded on demand (autoclean)")
[ -n "$fat" ] && [ -n "$vfat" ] && [ "$fat" -lt "$vfat" ]
ok $? "modprobe loads fat, then vfat, both autoclean"
contains o1 "A long file name for a short text.txt" "vfat shows long names"
contains o1 "Grüße aus Zürich — UTF-16 on disk, UTF-8 here." "and reads a file under a UTF-8 name"
contains o1 "FAT-fs (msdos.img): FAT12" "msdos mounts a FAT12 floppy"
contains o1 "autoexec.bat" "showing 8.3 names"
contains o1 "A DOS floppy: 8.3 names, FAT12." "README.TXT found whatever its case"
grep -Eq '^fat +[0-9]+ +2 msdos,vfat \(autoclean\)$' o1
ok $? "lsmod: fat used by vfat and msdos, autoclean"
contains o1 "ISOFS (cd.iso): ISO 9660 with Rock Ridge names" "iso9660 mounts the CD image"
contains o1 "int main(void) { return 0; }" "and reads a file under a Rock Ridge name"
contains o1 "FAT-fs (fat32.img): FAT32" "vfat mounts FAT32 too"
contains o1 "Photo number 12.jpg" "a FAT32 directory over several clusters"
is=$(count kerneld.log "load fs-vfat: done")
[ "$is" -eq 1 ]
ok $? "kerneld loaded fs-vfat once (the FAT32 mount found it there)"
contains kerneld.log "autoclean: removed" "kerneld's timer had the modules removed"
[ -z "$(last_lsmod o1)" ]
ok $? "after the umounts and two sweeps, lsmod is empty"

# ---- 2. In use, never removed; just used, spared one sweep ----
cat > s2 <<'END'
wait-kerneld 10
mount -t vfat vfat.img /mnt/vfat
autoclean
autoclean
autoclean
! lsmod
umount /mnt/vfat
autoclean
autoclean
! lsmod
mount -t nosuchfs x.img /mnt/x
ls /mnt
END
: > kerneld.log
kerneld --keep
host s2 o2 --request kerneld
stop_kerneld
[ "$(grep '^autoclean:' o2 | tr '\n' '|')" = \
  "autoclean: 0 modules removed|autoclean: 0 modules removed|autoclean: 0 modules removed|autoclean: 0 modules removed|autoclean: 2 modules removed|" ]
ok $? "mounted, vfat and fat stay; unmounted, they survive one sweep and go in the next"
grep -Eq '^vfat +[0-9]+ +1 \(autoclean\)$' o2
ok $? "lsmod shows the mounted filesystem's module in use"
contains kerneld.log "(--keep: no autoclean)" "kerneld --keep sends no sweeps"
lacks kerneld.log "autoclean: removed" "and none happened but the host's"
contains o2 "vfshost: request_module: fs-nosuchfs: modprobe exited with status 1" \
	"an unknown filesystem: request_module fails, saying why"
contains o2 "mount: unknown filesystem type 'nosuchfs'" "and mount says so"
[ "$(grep -A1 '^vfs> ls /mnt$' o2 | tail -n 1)" = "ls: cannot access '/mnt': No such file or directory" ]
ok $? "the host carries on"

# ---- 3. kerneld killed mid-request; then it comes back ----
cat > s3 <<'END'
wait-kerneld 10
! (sleep 0.3; kill -KILL $KERNELD_PID) &
mount -t vfat vfat.img /mnt/vfat
sleep 1.5
! umod kerneld --host h.sock --dirname "$DM_ROOT" 2>> kerneld.log & echo $! > kerneld2.pid
wait-kerneld 10
mount -t iso9660 cd.iso /mnt/cd
ls /mnt/cd
END
: > kerneld.log
export DM_ROOT="$D/root"
kerneld --modprobe "$S/demand/slow-modprobe"
host s3 o3 --request kerneld
wait "$KPID" 2>/dev/null
KPID=
contains o3 "went away before answering" "the caller waiting on kerneld gets an error"
contains o3 "mount: unknown filesystem type 'vfat'" "and the mount fails cleanly"
contains o3 "disconnected" "the host notices"
[ "$(grep -c 'serves this host' o3)" -eq 2 ]
ok $? "a new kerneld registers"
contains o3 "kernel: iso9660: loaded on demand (autoclean)" "requests go through it"
contains o3 "Source code" "and the mount works: the host never stopped"
kill "$(cat kerneld2.pid)" 2>/dev/null

# ---- 4. No kerneld: the host runs modprobe itself ----
cat > s4 <<'END'
mount -t msdos msdos.img /mnt/dos
! lsmod
cat /mnt/dos/docs/intro.txt
END
host s4 o4
contains o4 "kernel: msdos: loaded on demand (autoclean)" "without kerneld, the host's modprobe loads msdos"
grep -Eq '^fat +[0-9]+ +1 msdos \(autoclean\)$' o4
ok $? "with fat, both autoclean"
contains o4 "Read through msdos, stacked on fat." "and the mount works"
host s4 o5 --request kerneld
contains o5 "request_module: fs-msdos: kerneld is not running" "kerneld only: fails at once, saying why"

# ---- 5. Damaged and foreign images fail cleanly ----
u16() {	# file, offset: a little-endian 16-bit number
	od -An -tu2 -j "$2" -N2 "$1" | tr -d ' '
}
put16() {	# file, offset, value
	printf "$(printf '\\%03o\\%03o' $(($3 & 255)) $(($3 >> 8)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# vfat.img with the photo directory's first cluster leading to itself.
cp vfat.img loop.img
bps=$(u16 loop.img 11) res=$(u16 loop.img 14) fatsz=$(u16 loop.img 22)
nfats=$(od -An -tu1 -j 16 -N1 loop.img | tr -d ' ')
root=$(( (res + nfats * fatsz) * bps ))
ent=$(od -An -c -w32 -v -j "$root" -N 16384 loop.img | tr -d ' ' |
	grep -n '^PHOTOS~1' | head -n 1 | cut -d: -f1)
first=$(u16 loop.img $((root + (ent - 1) * 32 + 26)))
put16 loop.img $((res * bps + 2 * first)) "$first"
head -c 65536 vfat.img > short.img
cat > s5 <<'END'
mount -t vfat cd.iso /mnt/a
mount -t iso9660 vfat.img /mnt/b
mount -t vfat short.img /mnt/c
mount -t vfat loop.img /mnt/d
ls "/mnt/d/Photos from the trip"
cat "/mnt/d/README.TXT"
END
host s5 o6
contains o6 "FAT-fs (cd.iso): no boot sector signature" "an ISO is not FAT: fat says why"
contains o6 "mount: /mnt/a: cannot mount cd.iso as vfat: Invalid argument" "and mount fails"
contains o6 "ISOFS (vfat.img): no primary volume descriptor" "a FAT image is not ISO 9660"
contains o6 "FAT-fs (short.img): 16384 sectors do not fit the image" "a cut-short image is refused"
contains o6 "ls: cannot access '/mnt/d/Photos from the trip': Input/output error" \
	"a loop in the allocation table ends in EIO, not a hang"
contains o6 "This file was read through vfat, stacked on fat." "the rest of that image reads"

done_testing
