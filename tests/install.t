#!/bin/bash
# tests/install.t - make install into a temporary PREFIX, used as a user
# would: a host built outside the tree through pkg-config loads a module
# built against the installed build directory; the installed umodd's
# request_module loads a module through the installed modprobe, and takes
# its socket from systemd's socket activation; nothing installed shadows
# kmod; bash completion; make uninstall takes it all away again.
set -u
. "$(dirname "$0")/tap.sh"
TOP=$(cd "$(dirname "$0")/.." && pwd)
B=${UMOD_B:-build}
T=$(mktemp -d /tmp/umod-install-XXXXXX)
P=$T/prefix
UPID=
at_exit '[ -z "$UPID" ] || kill "$UPID" 2>/dev/null; rm -rf "$T"'

unset MAKEFLAGS MFLAGS MAKELEVEL	# we run make as a user would, not as its child
umake() {
	make -s -C "$TOP" B="$B" \
		${UMOD_CHECK_CFLAGS+CFLAGS="$UMOD_CHECK_CFLAGS"} DESTDIR= "$@"
}
case $B in /*) BA=$B ;; *) BA=$TOP/$B ;; esac
built_for=$(cat "$BA/.prefix" 2>/dev/null)
command -v pkg-config >/dev/null || skip_all "no pkg-config (mk/deps.sh test)"

umake PREFIX="$P" install >"$T/install.log" 2>&1
ok $? "make install PREFIX=$P" || diag <"$T/install.log"

# ---- Nothing of kmod's shadowed ----

is "$(ls "$P/bin" | tr '\n' ' ')| $(ls "$P/sbin" | tr '\n' ' ')" \
	"umod | kerneld umodd " "only umod, kerneld and umodd in bin and sbin"
is "$(ls "$P/lib/umod/bin" | tr '\n' ' ')" \
	"depmod insmod lsmod modinfo modprobe rmmod " "the kmod-named links are in lib/umod/bin"
is "$(readlink -f "$P/lib/umod/bin/modprobe")" "$(readlink -f "$P/bin/umod")" \
	"and are umod"
is "$(ls "$P/share/man/man5" "$P/share/man/man8" | tr '\n' ' ')" \
	"$P/share/man/man5: umod-modprobe.d.5  $P/share/man/man8: kerneld.8 umod-depmod.8 umod-insmod.8 umod-lsmod.8 umod-modinfo.8 umod-modprobe.8 umod-rmmod.8 umod.8 umodd.8 " \
	"man pages: umod's own names, none of kmod's"
units=$P/lib/systemd/system
is "$(sed -n 's/^ExecStart=//p' "$units/umodd.service" "$units/kerneld.service")" \
	"$P/sbin/umodd --foreground
$P/sbin/kerneld --log-stderr" "the systemd units run the installed umodd and kerneld"
is "$(sed -n 's/^ListenStream=//p' "$units/umodd.socket")" "/run/umod/umodd.sock" \
	"umodd.socket listens where the tools look for root's host"
if command -v systemd-analyze >/dev/null; then
	systemd-analyze verify --man=no "$units"/*.s* >"$T/verify.log" 2>&1
	ok $? "systemd-analyze verify finds the units sound" || diag <"$T/verify.log"
else
	skip "no systemd-analyze"
fi

# ---- A host outside the tree, through pkg-config ----

export PKG_CONFIG_PATH=$P/lib/pkgconfig
is "$(echo $(pkg-config --cflags umod))" "-I$P/include" "umod.pc has the install's prefix"

mkdir "$T/hello" "$T/host"
cat >"$T/hello/hello.c" <<'EOF'
#include <umod/module.h>
MODULE_LICENSE("GPL");
extern int host_version;
int hello_greet(const char *who)
{
	pr_info("hello, %s, from host version %d\n", who, host_version);
	return host_version;
}
EXPORT_SYMBOL(hello_greet);
static int __init hello_init(void) { return 0; }
static void __exit hello_exit(void) { }
module_init(hello_init);
module_exit(hello_exit);
EOF
echo 'obj-m := hello.o' >"$T/hello/Makefile"
cat >"$T/host/host.c" <<'EOF'
#include <stdio.h>
#include <umod/host.h>

int host_version = 3;
EXPORT_SYMBOL(host_version);

int main(int argc, char *argv[])
{
	struct umod_ctx *ctx = umod_ctx_new();
	struct module *mod;
	int (*greet)(const char *);

	if (!ctx || umod_load_file(ctx, argv[1], "", 0, &mod)) {
		fprintf(stderr, "%s\n", umod_errmsg());
		return 1;
	}
	greet = umod_find_symbol(ctx, "hello_greet");
	if (!greet)
		return 2;
	printf("%d\n", greet("host"));
	umod_unload(ctx, "hello", 0);
	umod_ctx_free(ctx);
	return 0;
}
EOF
(cd "$T/host" && ${CC:-cc} ${UMOD_CHECK_CFLAGS-} -o host host.c \
	$(pkg-config --cflags --libs umod)) >"$T/host.log" 2>&1
ok $? "a host builds outside the tree with pkg-config --cflags --libs umod" ||
	diag <"$T/host.log"
LD_LIBRARY_PATH=$P/lib ldd "$T/host/host" | grep -q "libumod.so.0 => $P/lib/libumod.so.0 "
ok $? "and links the installed libumod.so.0"

# Its symvers, and the module built against the installed build directory.
"$P/lib/umod/build/modpost" -H "$T/host/host" -o "$T/host/host.symvers" \
	>"$T/kbuild.log" 2>&1 &&
make -s -C "$P/lib/umod/build" M="$T/hello" UMOD_SYMVERS="$T/host/host.symvers" \
	modules >>"$T/kbuild.log" 2>&1
ok $? "a module builds against $P/lib/umod/build" || diag <"$T/kbuild.log"
out=$(LD_LIBRARY_PATH=$P/lib "$T/host/host" "$T/hello/hello.ko" 2>"$T/host.err")
is "$out" "3" "the host loads it and calls it" || diag <"$T/host.err"
grep -q "hello, host, from host version 3" "$T/host.err"
ok $? "the module reads the host's export" || diag <"$T/host.err"

# ---- The installed umodd, its request_module, the installed modprobe ----

cp "$TOP/tests/umodd/asker.c" "$TOP/tests/umodd/helper.c" "$TOP/tests/umodd/Kbuild" "$T/"
make -s -C "$P/lib/umod/build" M="$T" modules >"$T/build.log" 2>&1
ok $? "asker and helper build against the installed tree" || diag <"$T/build.log"
mods=$T/root/lib/modules/umod-1
mkdir -p "$mods/extra"
cp "$T/helper.ko" "$mods/extra/"
"$P/lib/umod/bin/depmod" -b "$T/root" umod-1 2>/dev/null

export UMOD_HOST=$T/s/umodd.sock
"$P/sbin/umodd" -f --basedir "$T/root" --pidfile "$T/umodd.pid" >"$T/umodd.log" 2>&1 &
UPID=$!
wait_for test -s "$T/umodd.pid"	# by hand: the pid file is under test
is "$(cat "$T/umodd.pid" 2>&1)" "$UPID" "--pidfile: written once the socket is ready" &&
[ -S "$UMOD_HOST" ]
ok $? "the socket is there by then"
grep -q "request_module runs $P/lib/umod/bin/modprobe\$" "$T/umodd.log"
ok $? "the installed umodd runs the installed modprobe" || diag <"$T/umodd.log"

# kmod's modprobe first in PATH: what umodd runs does not depend on it.
PATH=/usr/sbin:/sbin:$PATH "$P/bin/umod" insmod "$T/asker.ko" >"$T/insmod.out" 2>&1
ok $? "insmod of a module whose init calls request_module" || diag <"$T/insmod.out"
"$P/bin/umod" lsmod >"$T/lsmod"
grep -Eq '^helper +[0-9]+ +0 \(autoclean\)$' "$T/lsmod"
ok $? "the helper was loaded on request, through the installed modprobe" || diag <"$T/lsmod"
"$P/bin/umod" rmmod asker helper

# An install command's modprobe is umod's, even with kmod's first in PATH.
mkdir "$T/conf"
echo "install umod_viacmd modprobe -d $T/root helper" >"$T/conf/via.conf"
PATH=/usr/sbin:/sbin:$PATH "$P/lib/umod/bin/modprobe" -d "$T/root" -C "$T/conf" \
	umod_viacmd >"$T/via.out" 2>&1
ok $? "an install command that runs 'modprobe'" || diag <"$T/via.out"
"$P/bin/umod" lsmod | grep -q '^helper '
ok $? "reaches umod's modprobe, which loads into the host"

# bash completion, as bash-completion loads it.
completions() {
	bash -c '. /usr/share/bash-completion/bash_completion
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		compopt() { :; }
		_umod; echo "${COMPREPLY[*]}"' - "$P/share/bash-completion/completions/umod" "$@"
}
if [ -r /usr/share/bash-completion/bash_completion ]; then
	is "$(completions "$P/bin/umod" mod)" "modinfo modprobe" "completion: commands"
	is "$(completions "$P/bin/umod" modprobe --show-d)" "--show-depends" \
		"completion: a command's options"
	is "$(completions "$P/bin/umod" rmmod h)" "helper" "completion: the host's modules"
else
	skip "no bash-completion (mk/deps.sh test)"
fi

kill "$UPID"
wait "$UPID"
ok $? "umodd stops cleanly"
UPID=
[ ! -e "$T/umodd.pid" ]
ok $? "and removes its pid file"

# ---- Socket activation, as umodd.socket starts umodd.service ----

activate=$BA/tests/umodd/activate
mkdir "$T/a"
"$activate" "$T/a/umodd.sock" "$P/sbin/umodd" -f --modprobe "$T/nowhere" \
	>"$T/activated.log" 2>&1 &
UPID=$!
wait_for grep -q listening "$T/activated.log"
timeout 10 "$P/bin/umod" lsmod --host "$T/a/umodd.sock" >"$T/lsmod" 2>&1
ok $? "a socket-activated umodd serves on the socket it was given" || diag <"$T/activated.log"
grep -q "listening on $T/a/umodd.sock\$" "$T/activated.log"
ok $? "and knows its path, for request_module's modprobe" || diag <"$T/activated.log"
grep -q "umodd: $T/nowhere: No such file or directory: request_module will fail" \
	"$T/activated.log"
ok $? "a modprobe that is not there is reported at start" || diag <"$T/activated.log"
kill "$UPID"
wait "$UPID"
UPID=
[ -S "$T/a/umodd.sock" ]
ok $? "the socket outlives it, for the next activation"
LISTEN_PID=1 LISTEN_FDS=1 timeout 10 "$P/sbin/umodd" --daemon --socket "$T/a/own.sock" \
	--pidfile "$T/own.pid" >"$T/own.log" 2>&1 &&
"$P/bin/umod" lsmod --host "$T/a/own.sock" >/dev/null 2>&1
ok $? "sockets passed to another process are not taken" || diag <"$T/own.log"
[ -s "$T/own.pid" ] && kill "$(cat "$T/own.pid")"

# ---- make uninstall ----

umake PREFIX="$P" uninstall >"$T/uninstall.log" 2>&1
ok $? "make uninstall" || diag <"$T/uninstall.log"
is "$(find "$P" ! -type d)" "" "leaves no file behind"

# The build as it was, for the PREFIX it was made for.
[ -z "$built_for" ] || umake PREFIX="$built_for" all >/dev/null 2>&1

done_testing
