# SPDX-License-Identifier: MIT
#
# tap.sh - TAP for the shell tests (sourced, bash): each check counts in
# $n and, when it fails, in $failed; diagnostics go to stderr as "# "
# lines; done_testing prints the plan and fails if any check did.

n=0
failed=0
ok() {	# ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
	return "$1"
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
diag() { sed 's/^/# /' >&2; }
done_testing() { echo "1..$n"; [ "$failed" -eq 0 ]; }

is() {	# is GOT WANT DESCRIPTION
	[ "$1" = "$2" ]
	ok $? "$3" || printf 'got:  [%s]\nwant: [%s]\n' "$1" "$2" | diag
}
has() {	# has FILE TEXT DESCRIPTION: FILE has a line that is TEXT
	grep -qxF -- "$2" "$1"
	ok $? "$3" || { echo "no line [$2] in:"; cat "$1"; } | diag
}
