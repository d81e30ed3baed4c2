#!/bin/bash
# tests/linux-devices.t - genuine Debian driver modules on kapi's device
# model, seen through umodd --fs: each registers its driver on its bus
# (an I2C, a platform and an SPI driver), and the driver appears in
# /sys/bus/BUS/drivers; i2c-stub adds an adapter, /sys/devices/i2c-0;
# idxd_bus registers a bus of its own, /sys/bus/dsa.  Each comes out
# again, and its entries go.  The modules are from Debian's full tree (build/linux-full:
# the cloud tree has none of them).
#
# Then regmap and hwmon with a genuine driver: tmp102 (regmap over SMBus
# words, hwmon_device_register_with_info) bound to an i2c-stub client made
# through /sys/bus/i2c/devices/i2c-0/new_device; the registers set and
# read in the stub by tests/devices/tregmap.c (built with Debian's
# headers and Kbuild), the temperatures checked against TMP102's
# datasheet formula; the driver core's links read through the mount.
# tregmap's selftest runs regmap's caches, rules, paging and buses, and
# its hwmon device's files are read and written here.
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

# ---- regmap and hwmon: tmp102 on i2c-stub ----

# The headers of the tree's kernel: the cloud kernel's have no regmap,
# hwmon or I2C configured.
KDIR=/usr/src/linux-headers-$rel
G=$T/genuine
if [ ! -d "$KDIR" ] || ! command -v make >/dev/null; then
	skip "regmap and hwmon: needs Debian's $rel kernel headers (linux-headers-amd64)"
	done_testing
	exit
fi
mkdir "$G" && cp "$(dirname "$0")/devices/tregmap.c" "$G/" &&
	echo 'obj-m := tregmap.o' >"$G/Kbuild" &&
	make -s -C "$KDIR" M="$G" modules >"$G/build.log" 2>&1
ok $? "tregmap built with Debian's headers and Kbuild" || diag "$G/build.log"

S=$M/sys
# poke REG,WORD...: SMBus words written into the stub's chip at 0x48
poke() { "$B/insmod" -f "$G/tregmap.ko" bus=0 poke="$1" && "$B/rmmod" tregmap; }
# peek REG: the stub's word there, as the log says tregmap read it
peek() {
	"$B/insmod" -f "$G/tregmap.ko" bus=0 peek="$1" && "$B/rmmod" tregmap &&
		grep -o "tregmap: peek $(printf 0x%02x "$1") 0x[0-9a-f]*" "$T/umodd.log" |
		tail -n 1 | awk '{ print $4 }'
}
# TMP102's datasheet, extended (13-bit) mode: the register's bits 15..3,
# two's complement, 0.0625 degree each; an SMBus word is its low byte
# first, the chip sends its high byte first.
tmp102_mC() {
	local v=$(( (($1 & 0xff) << 8) | ($1 >> 8) ))
	(( v >= 0x8000 )) && v=$((v - 0x10000))
	echo $(( (v >> 3) * 625 / 10 ))
}
# a temperature as read once the first conversion is done (-EAGAIN
# before, the driver's 35 ms)
temp() { local t; t=$(cat "$1" 2>/dev/null) && echo "$t"; }
readable() { cat "$1" >/dev/null 2>&1; }

"$B/insmod" -f "$K/drivers/i2c/i2c-stub.ko" chip_addr=0x48 &&
	poke 1,0xa060,0,0x800c && "$B/insmod" -f "$K/drivers/hwmon/tmp102.ko"
ok $? "i2c-stub, its configuration and temperature registers set at power-up values, tmp102 loads"
is "$(readlink "$S/bus/i2c/devices/i2c-0")" "../../../devices/i2c-0" \
	"/sys/bus/i2c/devices/i2c-0 links to the adapter"
echo "tmp102 0x48" >"$S/bus/i2c/devices/i2c-0/new_device"
ok $? "new_device: a tmp102 client at 0x48"
contains "$T/umodd.log" "i2c i2c-0: new_device: Instantiated device tmp102 at 0x48" \
	"Linux's message says so"
is "$(readlink "$S/bus/i2c/devices/0-0048"):$(cat "$S/bus/i2c/devices/0-0048/name")" \
	"../../../devices/i2c-0/0-0048:tmp102" "/sys/bus/i2c/devices/0-0048 is the client"
is "$(readlink "$S/devices/i2c-0/0-0048/driver"):$(readlink "$S/devices/i2c-0/0-0048/subsystem")" \
	"../../../bus/i2c/drivers/tmp102:../../../bus/i2c" "its driver and subsystem links"
is "$(readlink "$S/bus/i2c/drivers/tmp102/0-0048")" "../../../../devices/i2c-0/0-0048" \
	"the driver links to the device it drives"
hw=
for d in "$S"/class/hwmon/*; do
	[ "$(cat "$d/name" 2>/dev/null)" = tmp102 ] && hw=$d
done
[ -n "$hw" ] && [ "$(readlink "$hw/device")" = ../../../0-0048 ]
ok $? "tmp102's hwmon device is in /sys/class/hwmon, its device the client"
is "$(readlink "$hw")" "../../devices/i2c-0/0-0048/hwmon/${hw##*/}" \
	"in the client's directory, in a glue directory named by its class"
is "$(ls "$hw" | tr '\n' ' ')" "device name subsystem temp1_input temp1_max temp1_max_hyst " \
	"its files: the standard attributes its chip info asks for"
wait_for readable "$hw/temp1_input"
is "$(temp "$hw/temp1_input")" "$(tmp102_mC 0x800c)" "temp1_input: 25 degrees, the datasheet's value"
poke 0,0xc0fa
is "$(temp "$hw/temp1_input")" "$(tmp102_mC 0xc0fa)" \
	"the chip's temperature changes: temp1_input follows (a volatile register)"
echo 50000 >"$hw/temp1_max" && w=$(peek 3)
is "$(tmp102_mC "$w")" 50000 "temp1_max written: the chip's T(HIGH) holds 50 degrees"
poke 3,0x0020
is "$(cat "$hw/temp1_max")" 50000 \
	"T(HIGH) changed behind the driver: temp1_max still 50000, from regmap's cache"
c=$(peek 1)
is "$(( (c >> 8) & 0x11 ))" 16 "the driver set extended mode, and no shutdown (configuration register)"
echo 0x48 >"$S/bus/i2c/devices/i2c-0/delete_device" &&
	[ ! -e "$S/bus/i2c/devices/0-0048" ] && [ ! -e "$hw" ] &&
	[ -z "$(ls "$S/bus/i2c/drivers/tmp102")" ]
ok $? "delete_device: the client, its links and its hwmon device go"
is "$(peek 1)" 0xa060 "the driver restored the configuration it found"
run bash -c "echo tmp102 >'$S/bus/i2c/devices/i2c-0/new_device'"
like "$out" "Invalid argument" "new_device without an address: EINVAL"
contains "$T/umodd.log" "i2c i2c-0: new_device: Missing parameters" "and Linux's message"
run bash -c "echo 0x49 >'$S/bus/i2c/devices/i2c-0/delete_device'"
like "$out" "No such file or directory" "delete_device of no such client: ENOENT"
"$B/rmmod" tmp102 i2c_stub
ok $? "tmp102 and i2c-stub come out"

# max6875 (an EEPROM answering at two addresses) reserves the odd one
# with i2c_new_dummy_device: a client i2c-core's "dummy" driver binds.
"$B/insmod" -f "$K/drivers/i2c/i2c-stub.ko" chip_addr=0x50,0x51 &&
	"$B/insmod" -f "$K/drivers/misc/eeprom/max6875.ko" &&
	echo "max6875 0x50" >"$S/bus/i2c/devices/i2c-0/new_device"
ok $? "i2c-stub with chips at 0x50 and 0x51, max6875 bound at 0x50"
is "$(cat "$S/bus/i2c/devices/0-0051/name"):$(readlink "$S/bus/i2c/devices/0-0051/driver")" \
	"dummy:../../../bus/i2c/drivers/dummy" "its dummy client at 0x51, bound to the dummy driver"
echo 0x50 >"$S/bus/i2c/devices/i2c-0/delete_device" && [ ! -e "$S/bus/i2c/devices/0-0051" ]
ok $? "delete_device 0x50: the dummy goes with it"
"$B/rmmod" max6875 i2c_stub
ok $? "max6875 and i2c-stub come out"

# ---- regmap's own checks, and a hwmon device of a test driver ----

"$B/insmod" -f "$G/tregmap.ko" selftest=1
ok $? "tregmap selftest=1 loads"
passed=$(grep -o 'tregmap: [0-9]* of [0-9]* checks passed' "$T/umodd.log" | tail -n 1)
grep 'tregmap: not ok' "$T/umodd.log" | diag
[ -n "$passed" ] && [ "$(awk '{ print $2 }' <<<"$passed")" = "$(awk '{ print $4 }' <<<"$passed")" ] &&
	! grep -q 'tregmap: not ok' "$T/umodd.log"
ok $? "regmap: caches, access rules, sync, paging, fields, raw and MMIO buses (${passed#tregmap: })"
hw=
for d in "$S"/class/hwmon/*; do
	[ "$(cat "$d/name" 2>/dev/null)" = tregmap ] && hw=$d
done
is "$(readlink "$hw/device")" "../../../tregmap" "its hwmon device, in /sys/class/hwmon"
is "$(cd "$hw" && stat -c '%n %a' temp* in* pwm* | tr '\n' ' ')" \
	"temp1_input 444 temp1_label 444 temp1_max 644 in0_input 444 pwm1 644 " \
	"hwmon's names, numbered from 1 (in from 0), the modes is_visible gives; temp2 hidden"
is "$(cat "$hw/temp1_input" "$hw/temp1_label" "$hw/in0_input" | tr '\n' ' ')" \
	"25500 board 3300 " "read through the chip's read and read_string"
echo 128 >"$hw/pwm1" && echo 70000 >"$hw/temp1_max"
is "$(cat "$hw/pwm1" "$hw/temp1_max" | tr '\n' ' ')" "128 70000 " "written through its write"
run bash -c "echo 300 >'$hw/pwm1'"
like "$out" "Invalid argument" "its write's -EINVAL is the writer's error"
"$B/rmmod" tregmap && [ ! -e "$hw" ] && [ ! -e "$S/devices/tregmap" ]
ok $? "tregmap comes out, and its devices go"

done_testing
