# SPDX-License-Identifier: MIT
#
# golden.sh - kmod's expected outputs, checked in as tests/golden/<test>/
# <case>, so the tests that compare umod's tools with kmod's run where
# kmod is not installed, and compare live where it is.  Sourced after
# tap.sh, with $tree and $tmp set.  tests/golden/regen.sh records them.
#
# Each case compares umod's output with the golden file, normalized
# (golden_norm), always; and with kmod's output, unnormalized, when kmod
# is here.  UMOD_GOLDEN=record (regen.sh) writes the golden files from
# kmod's outputs instead; UMOD_KMOD=none runs as if kmod were absent.

# golden_init TEST TOOL...: $golden_dir, and kmod's TOOLs (it is one
# multi-call binary, named by argv[0]) in $tmp/kmod-bin with $kmod_live=1
# if kmod is found on $PATH, /usr/sbin or /sbin, and runs.
golden_init() {
	local name=$1 kmod= t
	shift
	golden_dir=$tree/tests/golden/$name
	golden_record=0
	[ "${UMOD_GOLDEN:-}" = record ] && golden_record=1
	# (bash's command -v also names a file it may not run: ask kmod)
	[ "${UMOD_KMOD:-}" = none ] ||
		kmod=$(PATH=$PATH:/usr/sbin:/sbin command -v kmod) || kmod=
	kmod_live=0
	if [ -n "$kmod" ] && kmod_version=$("$kmod" --version 2>/dev/null | head -n 1) &&
	   [ -n "$kmod_version" ]; then
		kmod_live=1
		mkdir -p "$tmp/kmod-bin"
		for t; do ln -sf "$kmod" "$tmp/kmod-bin/$t"; done
	fi
	if [ "$golden_record" = 1 ]; then
		[ "$kmod_live" = 1 ] || { echo "Bail out! recording needs kmod"; exit 1; }
		mkdir -p "$golden_dir"
		echo "$kmod_version" > "$golden_dir/KMOD_VERSION"
		: > "$tmp/golden.cases"
	elif [ ! -e "$golden_dir/KMOD_VERSION" ]; then
		:	# no golden files: the test says what it does instead
	elif [ "$kmod_live" = 0 ]; then
		echo "no kmod here: comparing with the golden files in tests/golden/$name only ($(cat "$golden_dir/KMOD_VERSION")'s)" | diag
	elif [ "$kmod_version" != "$(cat "$golden_dir/KMOD_VERSION")" ]; then
		echo "$kmod_version here; the golden files are $(cat "$golden_dir/KMOD_VERSION")'s" | diag
	fi
}

# golden_case DESCRIPTION: a case's file name, made from its description.
golden_case() {
	printf '%s' "$1" | tr -cs 'A-Za-z0-9._+=-' - | sed 's/^-*//; s/-*$//'
}

# golden_norm < OUTPUT > NORMALIZED: what may differ from run to run or
# machine to machine, made constant: the test's temporary directory
# becomes @TMP@; a signature's bytes (a run of more than 20 hex bytes, as
# modinfo prints it), which hash module files that compilers lay out
# differently, become XX with the line breaks kept - or, with
# golden_sig=sha256, over files that do not change, their digest.
golden_norm() {
	sed "s|$tmp|@TMP@|g" | GOLDEN_SIG=${golden_sig:-mask} perl -0777 -MDigest::SHA=sha256_hex -pe '
		s{[0-9A-F]{2}(?::(?:\n\t\t)?[0-9A-F]{2}){20,}}{
			$ENV{GOLDEN_SIG} eq "sha256" ? "[signature sha256 " . sha256_hex($&) . "]"
						     : $& =~ s/[0-9A-F]{2}/XX/gr
		}ge'
}

# golden_keep CASE KMOD-OUTPUT: when recording, KMOD-OUTPUT is the case's
# golden file, xz-compressed when it is over 64 KB (the Linux tree's
# indexes and modinfo: 1.3 MB of text, 0.2 MB so).
golden_keep() {
	[ "$golden_record" = 1 ] || return 0
	if grep -qxF -- "$1" "$tmp/golden.cases"; then
		echo "Bail out! two cases named $1"
		exit 1
	fi
	echo "$1" >> "$tmp/golden.cases"
	golden_norm < "$2" > "$golden_dir/$1"
	if [ "$(stat -c %s "$golden_dir/$1")" -gt 65536 ]; then
		xz -f "$golden_dir/$1"
	fi
}

# golden_same DESCRIPTION CASE GOT [SED-SCRIPT]: GOT, normalized, is the
# case's golden file (edited by SED-SCRIPT, if given).
golden_same() {
	local want=$golden_dir/$2
	if [ -e "$want.xz" ]; then
		if ! command -v xz > /dev/null; then
			skip "$1 (golden): no xz to read ${want#"$tree"/}.xz"
			return 0
		fi
		xz -dc "$want.xz" > "$tmp/golden.want"
	elif [ -e "$want" ]; then
		cp "$want" "$tmp/golden.want"
	else
		ok 1 "$1 (golden)"
		echo "no golden file ${golden_dir#"$tree"/}/$2: run tests/golden/regen.sh" | diag
		return 1
	fi
	[ -z "${4:-}" ] || sed -i "$4" "$tmp/golden.want"
	golden_norm < "$3" > "$tmp/golden.got"
	cmp -s "$tmp/golden.want" "$tmp/golden.got"
	ok $? "$1 (golden)" || diff -u "$tmp/golden.want" "$tmp/golden.got" | head -40 | diag
}

# golden_inputs DESCRIPTION CASE INPUTS: whether the case's inputs
# (INPUTS: a listing of them) are the ones its golden file was made from;
# if not (a machine without zstd, say, leaves a module uncompressed), the
# golden comparison is skipped, saying so.  Recording keeps the listing.
golden_inputs() {
	if [ "$golden_record" = 1 ]; then
		golden_norm < "$3" > "$golden_dir/$2.inputs"
		return 0
	fi
	golden_norm < "$3" > "$tmp/golden.inputs"
	cmp -s "$golden_dir/$2.inputs" "$tmp/golden.inputs" 2>/dev/null && return 0
	skip "$1 (golden): made from other inputs"
	diff -u "$golden_dir/$2.inputs" "$tmp/golden.inputs" 2>&1 | head -20 | diag
	return 1
}
