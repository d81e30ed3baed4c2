#!/bin/sh
# tests/cross/emutree.sh BUILD RUN EMULATOR... - a tree at RUN that mirrors
# the cross build BUILD, for the test suites to run as they are: each
# program of the other machine becomes a script running it under the
# emulator (qemu-user, named as it was called, so the multi-call umod
# sees its tool's name), scripts naming BUILD name RUN, everything else
# is a symbolic link.  No binfmt_misc needed.
set -eu
build=$(cd "$1" && pwd -P)
run=$2
shift 2
emu="$*"

rm -rf "$run"
mkdir -p "$run"
run=$(cd "$run" && pwd -P)

is_program() {	# an ELF executable or shared object, not a module
	[ -f "$1" ] && [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] &&
		readelf -h "$1" 2>/dev/null | grep -qE 'Type: +(EXEC|DYN)'
}

cd "$build"
find . -mindepth 1 \( -path ./emu -o -path ./host -o -path ./linux -o -name '*.d' \) -prune -o -print |
while IFS= read -r f; do
	f=${f#./}
	if [ -d "$f" ] && [ ! -L "$f" ]; then
		mkdir -p "$run/$f"
	elif [ -x "$f" ] && is_program "$f" && case $f in *.so|*.so.*) false;; esac; then
		printf '#!/bin/sh\nexec %s -0 "$0" %s "$@"\n' "$emu" "$(readlink -f "$f")" > "$run/$f"
		chmod +x "$run/$f"
	elif [ -f "$f" ] && [ -x "$f" ] && ! [ -L "$f" ] && head -c 2 "$f" | grep -q '#!' &&
	     grep -q "$build" "$f"; then
		sed "s|$build|$run|g" "$f" > "$run/$f"
		chmod +x "$run/$f"
	else
		ln -s "$build/$f" "$run/$f"
	fi
done
# The Linux module tree, as the native build has it.
[ -e "$build/linux" ] && ln -s "$(readlink -f "$build/linux")" "$run/linux"
exit 0
