#!/usr/bin/env bash
# tests/loader-errors.t - every refusal names the module and the cause, with
# Linux's errno, and leaves the host exactly as it was: no module, export,
# reference, kallsyms entry or byte of memory behind.
. "$(dirname "$0")/loader-lib.sh"

# ---- Damaged files: copies of hello with one field broken ----

# Each case: directory, elfmangle operation, expected reply (an ERE).
cases=(
	"short	truncate 40	^err ENOEXEC hello: invalid module format: not an ELF file$"
	"cut	truncate 3000	^err ENOEXEC hello: invalid module format: section headers extend past end of file$"
	"magic	magic	^err ENOEXEC hello: invalid module format: not an ELF file$"
	"class	class $OTHER_CLASS	^err ENOEXEC hello: invalid module format: ELF class $OTHER_CLASS is not ELFCLASS$CLASS$"
	"machine	machine $OTHER_MACH	^err ENOEXEC hello: invalid module format: ELF machine $OTHER_MACH is not $MACH_NAME$"
	"dyn	type 3	^err ENOEXEC hello: invalid module format: ELF type 3 is not ET_REL"
	"shstrndx	shstrndx 999	^err ENOEXEC hello: invalid module format: section name table index 999 out of range$"
	"symtab2	sectype .comment 2	^err ENOEXEC hello: invalid module format: more than one symbol table$"
	"secoff	secoff .text end	^err ENOEXEC hello: invalid module format: section [^ ]+ extends past end of file$"
	"relsym	relsym $RELA.text	^err ENOEXEC hello: invalid module format: $RELA_RE\.text: relocation 0 names symbol [0-9]+ of [0-9]+$"
	"reloff	reloff $RELA.text	^err ENOEXEC hello: invalid module format: $RELA_RE\.text: relocation 0 at offset 0x[0-9a-f]+ is past the end of \.text$"
	"symshndx	symshndx hello_greet 999	^err ENOEXEC hello: invalid module format: symbol [0-9]+ \(hello_greet\) section index 999 out of range$"
	"reltype	reltype $RELA.text 99	^err ENOEXEC hello: relocation type 99 not supported in $RELA_RE\.text$"
	"tls	reltype $RELA.init.text $TLS_TYPE	^err ENOEXEC hello: relocation type $TLS_TYPE \(thread-local storage\) not supported in $RELA_RE\.init\.text$"
	"vermagic	modinfo vermagic 2.6.32	^err ENOEXEC hello: version magic '2\.6\.32' should be 'umod-1 SMP mod_unload '$"
)

# RISC-V: what only a relaxing linker may resolve, refused as Linux does.
[ "$MACH" = riscv64 ] && cases+=(
	"align	reltype .rela.text 43	^err ENOEXEC hello: unexpected relocation type R_RISCV_ALIGN in \.rela\.text at offset 0x[0-9a-f]+: build modules with -mno-relax$"
)

script=
for c in "${cases[@]}"; do
	IFS=$'\t' read -r dir op want <<<"$c"
	mkdir -p "$TMP/$dir"
	# shellcheck disable=SC2086
	"$MANGLE" "$M/hello.ko" "$TMP/$dir/hello.ko" $op || exit 1
	script+="load $TMP/$dir/hello.ko"$'\n'same$'\n'
done
run -w <<<"$script"
k=0
for c in "${cases[@]}"; do
	IFS=$'\t' read -r dir op want <<<"$c"
	like "$(reply "load $TMP/$dir/hello.ko")" "$want" "$dir ($op) is refused"
	is "$(reply same $((++k)))" same "$dir: nothing left behind"
done

# ---- Files that are not modules at all ----
: >"$TMP/empty.ko"
run -w <<EOF
load $TMP/empty.ko
load $TMP/nonexistent.ko
load $TMP
same
EOF
is "$(reply "load $TMP/empty.ko")" \
	"err ENOEXEC empty: invalid module format: not an ELF file" "an empty file"
like "$(reply "load $TMP/nonexistent.ko")" \
	"^err ENOENT nonexistent: .*No such file or directory$" "a missing file: ENOENT"
like "$(reply "load $TMP")" "^err EISDIR " "a directory: EISDIR"
is "$(reply same)" same "nothing left behind"

# ---- Version magic, and forcing it ----
run -w <<EOF
load --force-vermagic $TMP/vermagic/hello.ko
info hello
unload hello
vermagic other
vermagic
snapshot
load $M/hello.ko
same
load --force-modversion $M/hello.ko
load --force $M/hello.ko
info hello
EOF
is "$(reply "load --force-vermagic $TMP/vermagic/hello.ko")" \
	"record: hello init
printk: info: hello, world
ok hello" "--force-vermagic accepts a foreign vermagic"
like "$(logs "load --force-vermagic $TMP/vermagic/hello.ko")" \
	"^log: warning: hello: bad vermagic: kernel tainted\.$" \
	"and warns, as Linux does"
like "$(reply "info hello")" 'taints=[^ ]*F' "a forced module is tainted F"
is "$(reply vermagic)" "vermagic 'other'" "the host may expect another vermagic"
is "$(reply "load $M/hello.ko")" \
	"err ENOEXEC hello: version magic 'umod-1 SMP mod_unload ' should be 'other'" \
	"then it refuses ours, naming both"
is "$(reply same)" same "the refusal left nothing behind"
like "$(reply "load --force-modversion $M/hello.ko")" "^err ENOEXEC hello: version magic" \
	"ignoring modversions does not ignore vermagic"
like "$(reply "load --force $M/hello.ko")" "^ok hello$" "--force ignores both"

# ---- The name comes from .modinfo, not from the file name ----
mkdir -p "$TMP/renamed"
"$MANGLE" "$M/hello.ko" "$TMP/renamed/hello.ko" modinfo name hellp || exit 1
run -w <<EOF
load $TMP/renamed/hello.ko
lsmod
load $M/hello.ko
unload hellp
load $M/hello.ko
snapshot
load $TMP/renamed/hello.ko
same
EOF
is "$(reply "load $TMP/renamed/hello.ko")" "record: hello init
printk: info: hello, world
ok hellp" "a module is known by its name= in .modinfo"
is "$(reply lsmod)" "lsmod 1
mod hellp live 0 -" "lsmod shows that name"
is "$(reply "load $M/hello.ko")" \
	"err ENOEXEC hello: exports duplicate symbol hello_greet (owned by hellp)" \
	"two modules may not export one name: ENOEXEC, naming the owner"
is "$(reply "load $TMP/renamed/hello.ko" 2)" \
	"err ENOEXEC hellp: exports duplicate symbol hello_greet (owned by hello)" \
	"whichever comes second is refused"
is "$(reply same)" same "and leaves nothing behind"

# ---- Symbols, names, parameters ----
run -w <<EOF
load $M/hello.ko
snapshot
load $M/hello.ko
same
load $M/dupexp.ko
same
load $M/duphost.ko
same
load $M/unknown.ko
same
load $M/common.ko
same
unload hello
snapshot
load $M/hello.ko whom=x nope=1
same
load $M/params.ko b=abc
same
load $M/params.ko b=300
same
load $M/params.ko str=123456789
same
load $M/params.ko arr=1,2,3,4,5
same
load $M/params.ko cp="a string" flag=maybe
same
EOF
is "$(reply "load $M/hello.ko" 2)" "err EEXIST hello: module is already loaded" \
	"a name already loaded: EEXIST"
is "$(reply "load $M/dupexp.ko")" \
	"err ENOEXEC dupexp: exports duplicate symbol hello_greet (owned by hello)" \
	"duplicate export of a module's symbol"
is "$(reply "load $M/duphost.ko")" \
	"err ENOEXEC duphost: exports duplicate symbol host_add (owned by kernel)" \
	"duplicate export of the host's symbol, which Linux calls the kernel"
is "$(reply "load $M/unknown.ko")" "err ENOENT unknown: Unknown symbol foo_bar (err -2)" \
	"an import nobody exports: ENOENT"
like "$(logs "load $M/unknown.ko")" "^log: warning: unknown: Unknown symbol foo_bar \(err -2\)$" \
	"each unknown symbol is logged as Linux does"
is "$(reply "load $M/common.ko")" \
	"err ENOEXEC common: common symbol common_counter: please compile with -fno-common" \
	"a COMMON symbol is refused with the fix"
like "$(reply "load $M/hello.ko whom=x nope=1")" "^err ENOENT hello: Unknown parameter .nope.$" \
	"an unknown parameter: ENOENT, naming it"
unlike "$(reply "load $M/hello.ko whom=x nope=1")" "^record: hello init$" \
	"and init does not run"
like "$(reply "load $M/params.ko b=abc")" "^err EINVAL params: .abc. invalid for parameter .b.$" \
	"a bad value: EINVAL, naming value and parameter"
like "$(reply "load $M/params.ko b=300")" "^err ERANGE params: .300. invalid for parameter .b.$" \
	"a value out of range: ERANGE, as kstrtou8 gives"
like "$(reply "load $M/params.ko str=123456789")" "^err ENOSPC params: str: " \
	"a string longer than its buffer: ENOSPC"
like "$(reply "load $M/params.ko arr=1,2,3,4,5")" "^err EINVAL params: arr: can only take 4 arguments$" \
	"too many array elements: EINVAL"
like "$(reply "load $M/params.ko cp=\"a string\" flag=maybe")" \
	"^err EINVAL params: .maybe. invalid for parameter .flag.$" \
	"a bad bool after a charp was set"
for k in 1 2 3 4 5 6 7 8 9 10 11; do
	is "$(reply same "$k")" same "refusal $k left nothing behind"
done

done_testing
