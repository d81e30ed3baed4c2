#!/bin/sh
# SPDX-License-Identifier: MIT
#
# arrows.sh - the call graph between object files must run one way.
#
#	tests/arrows.sh BUILD_DIR [DIR...]
#
# Reads `nm` of every object under BUILD_DIR/DIR (default: the kernel
# half and the kernel API) and prints one line per broken arrow:
#
#	circle A B	A references a symbol B defines, and B one A defines
#	demand A B	A, core, references B, demand loading
#
# Exits 1 if it printed any, 2 if it found no objects.  An arrow is a
# global symbol one object leaves undefined and another defines: calls,
# and data references too, since either couples the two files.

set -eu
B=${1:?usage: arrows.sh BUILD_DIR [DIR...]}
shift
# The directories checked unless named: the kernel half, with its copy of
# shared/, and the kernel API.
DIRS="pic/src pic/shared kapi-objs"
[ $# -gt 0 ] || set -- $DIRS

# Demand loading: request_module, kerneld, autoclean.  The core (every
# other object of pic/src but the control channel, pic/src/ctl, which
# serves kerneld) never references them; they register with the context.
DEMAND="pic/src/kmod.o pic/src/kerneld.o pic/src/autoclean.o"
CORE_DIR="pic/src"
ABOVE_CORE="pic/src/ctl/"

cd "$B"
objs=$(for d in "$@"; do [ -d "$d" ] && find "$d" -name '*.o'; done | sort)
[ -n "$objs" ] || { echo "arrows.sh: no objects under $B/{$*}" >&2; exit 2; }

# "file: name type ..." lines (POSIX format), one per symbol.
# shellcheck disable=SC2086
broken=$(nm -A -P $objs | awk -v demand="$DEMAND" -v core="$CORE_DIR/" \
	-v above="$ABOVE_CORE" '
BEGIN {
	n = split(demand, d, " ")
	for (i = 1; i <= n; i++)
		is_demand[d[i]] = 1
}
{
	file = $1; sub(/:$/, "", file)
	name = $2; type = $3
	if (type == "U" || type == "w")
		refs[file, name] = 1
	else if (type ~ /^[A-Z]$/ || type == "u")
		def[name] = (name in def) ? def[name] SUBSEP file : file
}
END {
	for (k in refs) {
		split(k, fr, SUBSEP)
		if (!(fr[2] in def))
			continue
		m = split(def[fr[2]], owners, SUBSEP)
		for (i = 1; i <= m; i++)
			if (owners[i] != fr[1])
				edge[fr[1], owners[i]] = fr[2]
	}
	for (k in edge) {
		split(k, ab, SUBSEP)
		a = ab[1]; b = ab[2]
		if (a < b && ((b, a) in edge)) {
			printf "circle %s %s (%s; %s)\n", a, b, edge[a, b], edge[b, a]
		}
		if (index(a, core) == 1 && index(a, above) != 1 &&
		    !(a in is_demand) && (b in is_demand)) {
			printf "demand %s %s (%s)\n", a, b, edge[a, b]
		}
	}
}')
[ -z "$broken" ] && exit 0
printf '%s\n' "$broken" | sort
exit 1
