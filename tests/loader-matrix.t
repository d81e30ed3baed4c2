#!/usr/bin/env bash
# tests/loader-matrix.t - the whole corpus, built by gcc and clang at -O0
# and -O2, PIE, non-PIE and in the kernel code model, and as Linux builds
# drivers, loads and runs in a PIE host and in a host in the low 2 GiB.
# Absolute 32-bit references reach only the latter; the PIE host must
# refuse them with a clear message rather than corrupt anything.  Each
# machine (make check-cross) has its own models and what they reach.
. "$(dirname "$0")/loader-lib.sh"

relocs() { for f in "$LT/modules/$1"/*.ko; do readelf -rW "$f"; done | awk '$3 ~ /^R_/ { print $3 }' | sort -u; }

# ---- The corpus is what it claims to be ----
case $MACH in
x86_64)
pie_variants="gcc-O0 gcc-O2 clang-O0 clang-O2"
abs_variants="gcc-nopie clang-nopie gcc-kernel clang-kernel gcc-linux"
weak_far='^err ENOEXEC weak: R_X86_64_32S? relocation against host_add out of range in \.rela\.text .*: absolute 32-bit addresses need a non-PIE host$'
like "$(relocs gcc-kernel)" '^R_X86_64_32S$' "the kernel code model uses R_X86_64_32S"
unlike "$(relocs gcc-kernel)" 'GOTPC' "and no GOT"
like "$(relocs gcc-nopie)" '^R_X86_64_32$' "non-PIE code uses R_X86_64_32"
like "$(relocs clang-O2)" 'GOTPCREL' "clang's PIE code loads through the GOT"
like "$(readelf -SW "$LT/modules/gcc-linux/linuxfmt.ko")" '__mcount_loc' \
	"the Linux build records __fentry__ call sites"
undef=$(readelf -sW "$LT/modules/gcc-linux/linuxfmt.ko" | awk '$7 == "UND" { print $8 }')
like "$undef" '^__fentry__$' "and calls __fentry__"
like "$undef" '^__x86_return_thunk$' "returns through the return thunk"
like "$undef" '^__x86_indirect_thunk_r[a-z0-9]+$' "calls through a retpoline thunk"
;;
aarch64)
# ADRP pairs reach ±4 GiB and the large model has 64-bit MOVW groups:
# every variant reaches the host from anywhere near it.
pie_variants="gcc-O0 gcc-O2 clang-O0 clang-O2 gcc-nopie clang-nopie gcc-kernel
	clang-kernel gcc-linux clang-large"
abs_variants=
like "$(relocs gcc-kernel)" '^R_AARCH64_ADR_PREL_PG_HI21$' "the kernel code model addresses through ADRP pairs"
like "$(relocs gcc-kernel)" '^R_AARCH64_LDST64_ABS_LO12_NC$' "with low-12 loads and stores"
like "$(relocs gcc-O2)" '^R_AARCH64_JUMP26$' "tail calls are B, calls BL: veneers reach the host"
like "$(relocs clang-O2)" '^R_AARCH64_ADR_GOT_PAGE$' "clang's PIE code loads through the GOT"
like "$(relocs clang-large)" '^R_AARCH64_MOVW_UABS_G3$' "the large code model builds addresses with MOVW groups"
like "$(relocs gcc-O0)" '^R_AARCH64_ABS32$' "gcc -O0 has 32-bit absolute data"
like "$(readelf -SW "$LT/modules/gcc-linux/linuxfmt.ko")" '__patchable_function_entries' \
	"the Linux build records ftrace's patchable entries"
like "$(readelf -nW "$LT/modules/gcc-linux/linuxfmt.ko")" 'AArch64 feature: BTI, PAC' \
	"and signs return addresses, with BTI landing pads"
;;
riscv64)
# medlow code (LUI pairs, gcc's default without PIE) reaches only the low
# 2 GiB; medany code (AUIPC pairs, the kernel's model) ±2 GiB, so not an
# undefined weak symbol's 0 from a PIE host, as in Linux.
# medlow's references to host data do not reach a PIE host either: it runs
# in the low host alone.
pie_variants="gcc-O0 gcc-O2 clang-O0 clang-O2"
abs_variants="gcc-kernel clang-kernel gcc-linux"
low_variants="gcc-nopie clang-nopie"
weak_far='^err ENOEXEC weak: R_RISCV_PCREL_HI20 relocation against umod_test_absent[a-z_]* out of range .*: the symbol is too far from the module$'
like "$(relocs gcc-kernel)" '^R_RISCV_PCREL_LO12_I$' "the kernel code model pairs AUIPC with a low part"
like "$(relocs gcc-kernel)" '^R_RISCV_CALL_PLT$' "calls go through PLT entries"
unlike "$(relocs gcc-kernel)" '^R_RISCV_(ALIGN|RELAX)$' "and nothing is left to relax"
like "$(relocs gcc-nopie)" '^R_RISCV_HI20$' "non-PIE code uses LUI pairs"
like "$(relocs gcc-O2)" '^R_RISCV_GOT_HI20$' "PIE code loads through the GOT"
like "$(relocs gcc-O0)" '^R_RISCV_SET6$' "gcc -O0's DWARF has SET6 and SUB6"
like "$(relocs gcc-O2)" '^R_RISCV_RVC_JUMP$' "compressed branches"
;;
i386)
# A 32-bit address or displacement reaches the whole address space:
# every variant reaches the host from anywhere.
pie_variants="gcc-O0 gcc-O2 clang-O0 clang-O2 gcc-nopie clang-nopie gcc-kernel
	clang-kernel gcc-linux"
abs_variants=
like "$(relocs gcc-kernel)" '^R_386_32$' "the kernel's code has absolute 32-bit addresses"
like "$(relocs gcc-kernel)" '^R_386_PC32$' "and relative calls"
like "$(relocs gcc-O2)" '^R_386_GOTPC$' "PIE code finds the GOT"
like "$(relocs gcc-O2)" '^R_386_GOTOFF$' "addresses its data from there"
like "$(relocs gcc-O2)" '^R_386_GOT32X$' "loads through the GOT"
like "$(relocs clang-O2)" '^R_386_PLT32$' "and calls through the PLT"
;;
arm)
# As on i386, 32-bit addresses reach everything; branches reach through
# veneers, which also switch between ARM and Thumb-2 code.
pie_variants="gcc-O0 gcc-O2 clang-O0 clang-O2 gcc-nopie clang-nopie gcc-kernel
	clang-kernel gcc-linux"
abs_variants=
like "$(relocs gcc-kernel)" '^R_ARM_CALL$' "the ARM-mode kernel build calls with BL"
like "$(relocs gcc-kernel)" '^R_ARM_JUMP24$' "tail-calls with B"
like "$(relocs gcc-kernel)" '^R_ARM_MOVW_ABS_NC$' "builds addresses with MOVW/MOVT"
like "$(relocs clang-kernel)" '^R_ARM_PREL31$' "clang's has unwind tables"
like "$(relocs gcc-O2)" '^R_ARM_THM_CALL$' "Thumb-2 code calls with BL"
like "$(relocs gcc-O2)" '^R_ARM_THM_JUMP24$' "tail-calls with B.W"
like "$(relocs gcc-O2)" '^R_ARM_GOT_BREL$' "gcc's PIE code loads through the GOT"
like "$(relocs clang-O2)" '^R_ARM_GOT_PREL$' "clang's too, PC-relative"
like "$(relocs gcc-nopie)" '^R_ARM_THM_MOVW_ABS_NC$' "non-PIE Thumb-2 code uses MOVW/MOVT"
;;
esac

# ---- Every variant in each host ----
mods="stack_a stack_b stack_c hello multi params gplmod proplib weak roinit selfref fmt dataimp noexit"

script() {
	local d=$1 m

	for m in $mods; do
		case $m in
		hello) echo "load $d/hello.ko whom=matrix" ;;
		params) echo "load $d/params.ko i=42 cp=abc arr=3,4 flag" ;;
		*) echo "load $d/$m.ko" ;;
		esac
	done
	cat <<-EOF
		call stack_c_value
		call hello_greet
		call multi_value
		call params_dump
		call gplmod_probe
		call proplib_value
		call weak_probe
		call roinit_value
		protret roinit_addr
		prot stack_a_value
		call selfref_is_me
		call selfref_release
		call fmt_value
		call dataimp_value
	EOF
	for m in $(tr ' ' '\n' <<<"$mods" | tac); do
		[ "$m" = noexit ] && echo "unload noexit force" || echo "unload $m"
	done
	echo same
}

check() { # HOST-NAME VARIANT WEAK-REACHES
	local t="$2 in the $1 host:" d=$LT/modules/$2 m loaded=

	for m in $mods; do
		[ "$m" = weak ] && [ "$3" = no ] && continue
		loaded+="ok $m"$'\n'
	done
	is "$(grep -E '^ok [a-z_]+$' <<<"$out")" "${loaded%$'\n'}" "$t every module loads"
	is "$(reply "call stack_c_value")" "call stack_c_value = 111" "$t three-deep stack"
	is "$(reply "call hello_greet")" "printk: info: hello, matrix
call hello_greet = 42" "$t hello with its parameter"
	is "$(reply "call multi_value")" "call multi_value = 204" "$t two objects"
	is "$(reply "call params_dump")" \
		"record: b=1 s=-2 us=3 i=42 ui=5 l=-6 ul=7 ull=8 hex=0x10 cp=abc flag=1 inv=0 bi=1 str=abc arr=3,4,0,0/2 renamed=9 ro=10 wo=11 hidden=12 cb=0
call params_dump = 2" "$t parameters of every type"
	is "$(reply "call gplmod_probe")" "call gplmod_probe = 1234" "$t GPL-only import"
	is "$(reply "call proplib_value")" "call proplib_value = 42" "$t proprietary module"
	if [ "$3" = yes ]; then
		is "$(reply "call weak_probe")" "call weak_probe = 5" "$t weak symbols"
	else
		like "$(reply "load $d/weak.ko")" \
			"$weak_far" \
			"$t an absolute reference to the far host is refused, naming it"
	fi
	is "$(reply "call roinit_value")" "call roinit_value = 42" "$t __ro_after_init written by init"
	is_prot "$(reply "protret roinit_addr")" "prot roinit_addr r--p" "$t and read-only after"
	is_prot "$(reply "prot stack_a_value")" "prot stack_a_value r-xp" "$t text is read-only"
	is "$(reply "call selfref_is_me")" "call selfref_is_me = 1" "$t THIS_MODULE"
	is "$(reply "call fmt_value")" "record: n=42 x
call fmt_value = 6" "$t libc through the host"
	is "$(reply "call dataimp_value")" "call dataimp_value = 8008" "$t host data"
	is "$(reply same)" same "$t unloading all leaves nothing behind"
}

for v in $pie_variants $abs_variants ${low_variants-}; do
	W=$LT/modules/$v run -w "$HOST_NOPIE" <<<"$(script "$LT/modules/$v")"
	check non-PIE "$v" yes
done
for v in $pie_variants; do
	W=$LT/modules/$v run -w "$HOST" <<<"$(script "$LT/modules/$v")"
	check PIE "$v" yes
done
for v in $abs_variants; do
	W=$LT/modules/$v run -w "$HOST" <<<"$(script "$LT/modules/$v")"
	check PIE "$v" no
done

# ---- A module built with Linux's flags ----
L=$LT/modules/gcc-linux
for h in "$HOST" "$HOST_NOPIE"; do
	run "$h" <<-EOF
		load $L/linuxfmt.ko
		call linuxfmt_value
		param linuxfmt factor 4
		unload linuxfmt
		load $L/linuxfmt.ko factor=2
		call linuxfmt_value
		sym linuxfmt_value
		modinfo linuxfmt description
	EOF
	t="linuxfmt in ${h##*/}:"
	is "$(reply "load $L/linuxfmt.ko")" "printk: info: linuxfmt: starting (seed 5)
ok linuxfmt" "$t init runs with its __initdata and __initconst"
	is "$(reply "call linuxfmt_value")" "call linuxfmt_value = 27" \
		"$t calls through function pointers and the retpoline thunk"
	is "$(reply "param linuxfmt factor 4")" "err EPERM" "$t its 0444 parameter is read-only"
	is "$(reply "unload linuxfmt")" "printk: info: linuxfmt: done
ok" "$t exit runs"
	is "$(reply "call linuxfmt_value" 2)" "call linuxfmt_value = 16" "$t with factor=2"
	is "$(reply "sym linuxfmt_value")" "sym linuxfmt_value = linuxfmt" "$t its GPL export"
done

done_testing
