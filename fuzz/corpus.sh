#!/bin/sh
# fuzz/corpus.sh B OUT - the seed corpora, made from the project's own
# files: the loader test corpus (every module in every compiler variant),
# compressed copies as modinfo reads them, the indexes depmod writes for
# them, the modprobe.d seeds in fuzz/seeds/, and the control protocol's
# requests and replies (protoseed).
set -eu
B=$1
OUT=$2
MODS=$B/tests/modules
rm -rf "$OUT"
mkdir -p "$OUT/elf" "$OUT/load" "$OUT/modinfo" "$OUT/modindex" \
	"$OUT/modconf"

for ko in "$MODS"/*/*.ko; do
	v=$(basename "$(dirname "$ko")")
	n=$v-$(basename "$ko")
	cp "$ko" "$OUT/elf/$n"
	cp "$ko" "$OUT/load/$n"
	cp "$ko" "$OUT/modinfo/$n"
done
for n in hello params stack_b; do
	ko=$MODS/gcc-O2/$n.ko
	gzip -9c "$ko" >"$OUT/modinfo/$n.ko.gz"
	xz -c "$ko" >"$OUT/modinfo/$n.ko.xz"
	zstd -q -c "$ko" >"$OUT/modinfo/$n.ko.zst"
done

# depmod over the gcc -O2 corpus; each index prefixed with its selector.
base=$OUT/.tree
dir=$base/lib/modules/umod-1
mkdir -p "$dir/kernel"
cp "$MODS"/gcc-O2/*.ko "$dir/kernel/"
"$B/depmod" -b "$base" umod-1 2>/dev/null
sel() { printf "\\$(printf %03o "$1")"; }
{ sel 0; cat "$dir/modules.dep"; } >"$OUT/modindex/dep"
{ sel 1; cat "$dir/modules.alias"; } >"$OUT/modindex/alias"
{ sel 2; cat "$dir/modules.symbols"; } >"$OUT/modindex/symbols"
{
	sel 3
	printf 'kernel/fs/ext4/ext4.ko\nkernel/crypto/crc32c_generic.ko\n\n@@\n'
	printf 'ext4.alias=fs-ext4\0ext4.alias=ext3\0ext4.license=GPL\0'
	printf 'crc32c_generic.alias=crypto-crc32c\0'
} >"$OUT/modindex/builtin"
# the binary indexes: selector 0xf0 and up
{ sel 240; cat "$dir/modules.dep.bin"; } >"$OUT/modindex/dep.bin"
{ sel 240; cat "$dir/modules.alias.bin"; } >"$OUT/modindex/alias.bin"
{ sel 240; cat "$dir/modules.symbols.bin"; } >"$OUT/modindex/symbols.bin"
cp "$dir/modules.softdep" "$OUT/modconf/modules.softdep"
cp fuzz/seeds/modconf/* "$OUT/modconf/"
rm -rf "$base"

"$B/fuzz/protoseed" "$MODS/gcc-O2" "$OUT"
