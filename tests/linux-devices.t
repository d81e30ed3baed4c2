#!/bin/bash
# tests/linux-devices.t - genuine Debian driver modules on kapi's device
# model, seen through umodd --fs: each registers its driver on its bus
# (an I2C, a platform and an SPI driver), and the driver appears in
# /sys/bus/BUS/drivers; i2c-stub adds an adapter, /sys/devices/i2c-0;
# idxd_bus registers a bus of its own, /sys/bus/dsa.  Each comes out
# again, and its entries go.  The modules are from Debian's full tree (build/linux-full:
# the cloud tree has none of them).
set -u
. "$(dirname "$0")/tap.sh"
B=$(cd "${UMOD_B:-build}" && pwd)
rel=$(ls "$B/linux-full/lib/modules" 2>/dev/null | head -n 1)
K=$B/linux-full/lib/modules/$rel/kernel
[ -n "$rel" ] && [ -f "$K/drivers/i2c/i2c-stub.ko" ] ||
	skip_all "no full Linux module tree (tests/linux/fetch.sh -f $B/linux-full)"
[ -c /dev/fuse ] && command -v fusermount3 >/dev/null ||
	skip_all "needs /dev/fuse and fusermount3 (fuse3)"
T=$(mktemp -d /tmp/umod-linux-devices.XXXXXX)
M=$T/mnt
mkdir "$M"
export UMOD_HOST=$T/umodd.sock
cleanup() {	# after tap.sh has stopped umodd
	mountpoint -q "$M" && fusermount3 -u -z "$M"
	rm -rf "$T"
}
at_exit cleanup
mounted() { grep -q " $M fuse.umodd " /proc/mounts; }

umodd_start "$UMOD_HOST" "$T/umodd.log" --fs "$M" && wait_for mounted
ok $? "umodd --fs serves /sys"

# module (its path in the tree), its parameters, what it makes in /sys
while read -r mod params entry; do
	name=$(basename "$mod" .ko)
	[ "$params" = - ] && params=
	# shellcheck disable=SC2086	# the parameters are words
	"$B/insmod" -f "$K/$mod" $params >"$T/out" 2>&1
	rc=$?
	[ $rc -eq 0 ] && [ -d "$M/sys/$entry" ]
	ok $? "$name loads and /sys/$entry is there"
	[ $rc -eq 0 ] || diag "$T/out"
	"$B/rmmod" "${name//-/_}" >"$T/out" 2>&1 && [ ! -e "$M/sys/$entry" ]
	ok $? "$name comes out, and /sys/$entry goes"
done <<'LIST'
drivers/misc/hmc6352.ko - bus/i2c/drivers/hmc6352
drivers/platform/x86/dell/dell-smo8800.ko - bus/platform/drivers/smo8800
drivers/iio/adc/ad7124.ko - bus/spi/drivers/ad7124
drivers/i2c/i2c-stub.ko chip_addr=0x50 devices/i2c-0
drivers/dma/idxd/idxd_bus.ko - bus/dsa/drivers
LIST
[ "$("$B/lsmod" | wc -l)" -eq 1 ]
ok $? "nothing is left loaded"

done_testing
