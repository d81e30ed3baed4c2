#!/bin/sh
# demo/mkimages.sh DIR - the demo's disk images, made with the real tools:
#   vfat.img   FAT16, long file names and a UTF-8 name (mkfs.fat, mcopy)
#   fat32.img  FAT32, for the tests
#   msdos.img  a 1.44 MB FAT12 floppy with 8.3 names
#   cd.iso     ISO 9660 with Rock Ridge names (xorriso, or genisoimage)
set -eu
out=$1
need() {
	command -v "$1" >/dev/null 2>&1 && return
	echo "mkimages: $1 is missing: install $2 (.ci/run does)" >&2
	exit 1
}
need mkfs.fat dosfstools
need mcopy mtools
if command -v xorriso >/dev/null 2>&1; then
	mkiso() { xorriso -as mkisofs "$@"; }
elif command -v genisoimage >/dev/null 2>&1; then
	mkiso() { genisoimage "$@"; }
else
	echo "mkimages: xorriso is missing: install xorriso (.ci/run does)" >&2
	exit 1
fi

mkdir -p "$out"
tmp=$(mktemp -d "$out/.files-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8

# ---- vfat.img and fat32.img: long names ----
mkdir -p "$tmp/vfat/Photos from the trip"
printf 'Long file names live in extra directory entries,\n13 UTF-16 characters each, before the 8.3 entry.\n' \
	> "$tmp/vfat/A long file name for a short text.txt"
printf 'This file was read through vfat, stacked on fat.\n' > "$tmp/vfat/README.TXT"
printf 'Day 1: the lake.\nDay 2: the mountains.\n' > "$tmp/vfat/Photos from the trip/Itinerary (draft).txt"
printf 'Grüße aus Zürich — UTF-16 on disk, UTF-8 here.\n' > "$tmp/vfat/Photos from the trip/Übersicht.txt"
i=1
while [ $i -le 12 ]; do		# 3 entries each: over a cluster
	printf 'photo %d\n' $i > "$tmp/vfat/Photos from the trip/Photo number $i.jpg"
	i=$((i + 1))
done

mkvfat() {	# image, KiB, mkfs.fat options...
	img=$1 kib=$2; shift 2
	rm -f "$img"
	mkfs.fat --invariant -C -n DEMO "$@" "$img" "$kib" >/dev/null
	mcopy -s -m -i "$img" "$tmp/vfat/"* ::
}
mkvfat "$out/vfat.img" 8192 -F 16 -s 2
mkvfat "$out/fat32.img" 40000 -F 32 -s 1

# ---- msdos.img: a FAT12 floppy, 8.3 names ----
mkdir -p "$tmp/dos/DOCS"
printf 'A DOS floppy: 8.3 names, FAT12.\n' > "$tmp/dos/README.TXT"
printf '@ECHO OFF\nPROMPT $P$G\n' > "$tmp/dos/AUTOEXEC.BAT"
printf 'Read through msdos, stacked on fat.\n' > "$tmp/dos/DOCS/INTRO.TXT"
rm -f "$out/msdos.img"
mkfs.fat --invariant -C -F 12 -n FLOPPY "$out/msdos.img" 1440 >/dev/null
mcopy -s -m -i "$out/msdos.img" "$tmp/dos/"* ::

# ---- cd.iso: ISO 9660 with Rock Ridge ----
mkdir -p "$tmp/cd/Source code"
printf 'An ISO 9660 image, read through iso9660.ko.\n' > "$tmp/cd/README"
printf 'int main(void) { return 0; }\n' > "$tmp/cd/Source code/hello world.c"
mkiso -quiet -R -V DEMO_CD -o "$out/cd.iso" "$tmp/cd"
