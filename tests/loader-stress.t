#!/usr/bin/env bash
# tests/loader-stress.t - threads load, unload, look up and call exports,
# and take references on a stack of modules all at once.  Nothing may
# crash, fail unexpectedly, call into a module that is not ready or gone,
# or leave a reference or a byte behind.
. "$(dirname "$0")/loader-lib.sh"

stress() { # HOST DIR THREADS ITERS
	local d=$2 set="$2/stack_a.ko $2/stack_b.ko $2/stack_c.ko $2/initfail.ko"
	local cleanup="unload initfail
unload stack_c
unload stack_b
unload stack_a"

	# The first round lets glibc cache thread stacks (with their TLS) and
	# the arena grow as concurrent loads need: the snapshot comes after.
	W=$d run -w "$1" <<-EOF
		stress $3 $4 $set
		$cleanup
		snapshot
		stress $3 $4 $set
		lsmod
		$cleanup
		same
	EOF
	local t="${1##*/}, ${d##*/}, $3 threads:" r
	r=$(reply "stress $3 $4 $set" 2)
	like "$r" '^stress loads=[1-9][0-9]* unloads=[1-9][0-9]* calls=[1-9][0-9]* gets=[1-9][0-9]* errors=0$' \
		"$t every operation happened, none failed unexpectedly"
	is "$(grep -v loads= <<<"$r")" "stress stack_a_value = 1
stress stack_b_value = 11
stress stack_c_value = 111
stress initfail_value never called" \
		"$t each export always gave its value; a module whose init fails was never callable"
	like "$(reply lsmod)" '^lsmod [0-3]$' "$t at most the stack is left"
	unlike "$(reply lsmod)" '^mod .* (coming|going|unformed) ' "$t and all of it live"
	is "$(reply same)" same "$t unloading what is left restores the host exactly"
}

stress "$HOST" "$M" 4 20000
stress "$HOST" "$M" 2 20000
stress "$HOST_NOPIE" "$LT/modules/gcc-kernel" 4 20000

done_testing
