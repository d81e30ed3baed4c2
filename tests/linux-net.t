#!/bin/bash
# tests/linux-net.t - genuine Debian networking modules on kapi's network
# core (tests/kapi/nethost): grace.ko's per-namespace state, kept in the
# net_generic storage register_pernet_subsys gave it and read inline at
# Debian's offset of net->gen, and its pernet exit when removed; the
# em_nbyte and em_u32 extended matches reading an skb's headers and data
# inline, each query against Python's reading of the same packet; and
# sg_init_one's struct page, walked page by page with Linux's inline
# vmemmap arithmetic, giving back the buffer it was made from.
set -u
B=$(cd "${UMOD_B:-build}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/tap.sh"
host=$B/tests/kapi/nethost
rel=$(ls "$B/linux/lib/modules" 2>/dev/null | head -n 1)
K=$B/linux/lib/modules/$rel/kernel
[ -n "$rel" ] && [ -d "$K" ] ||
	skip_all "no Linux module tree (tests/linux/fetch.sh $B/linux)"
[ -x "$host" ] && command -v python3 >/dev/null ||
	skip_all "needs $host (make check builds it) and python3"
T=$(mktemp -d /tmp/umod-linux-net.XXXXXX)
at_exit 'rm -rf "$T"'

# ---- grace.ko: pernet init, net_generic, pernet exit ----
if [ -f "$K/fs/nfs_common/grace.ko" ]; then
	"$host" grace 1 "$K/fs/nfs_common/grace.ko" >"$T/got" 2>"$T/err"
	rc=$?
	printf '0 0\n1 1\n0 0\n' >"$T/want"
	cmp -s "$T/got" "$T/want" && [ $rc -eq 0 ]
	ok $? "grace.ko: in grace from locks_start_grace to locks_end_grace on init_net" ||
		diag "$T/err" "$T/got"
	! grep -q 'WARNING\|not empty' "$T/err"
	ok $? "and removed with no lock manager left, its pernet exit does not warn" ||
		diag "$T/err"
	"$host" grace 0 "$K/fs/nfs_common/grace.ko" >"$T/got" 2>"$T/err"
	grep -q "net f0000000 grace_exit_net: grace_list is not empty" "$T/err"
	ok $? "removed in grace, its pernet exit finds the lock manager in init_net's storage" ||
		diag "$T/err"
else
	skip "no grace.ko"
fi

# ---- em_nbyte and em_u32 on an skb: Python reads the packet ----
if [ -f "$K/net/sched/em_nbyte.ko" ] && [ -f "$K/net/sched/em_u32.ko" ]; then
	cat >"$T/ematch.py" <<'PY'
import os, random, sys
random.seed(int(sys.argv[1]))
pkt = os.urandom(14 + 20 + random.randrange(0, 200))
head = 64                    # NET_SKB_PAD, the headroom before the MAC header
mac, net, tp = 0, 14, 34     # header offsets in pkt
with open(sys.argv[2], 'w') as q, open(sys.argv[3], 'w') as w:
    print(pkt.hex(), file=open(sys.argv[4], 'w'))
    for _ in range(300):
        if random.random() < 0.5:
            layer = random.randrange(3)
            base = (mac, net, tp)[layer]
            off = random.randrange(0, len(pkt) + 8)
            n = random.randrange(1, 9)
            at = base + off
            if at + n <= len(pkt) and random.random() < 0.7:
                pat = bytearray(pkt[at:at + n])
                if random.random() < 0.3:
                    pat[random.randrange(n)] ^= 1 << random.randrange(8)
            else:
                pat = bytearray(os.urandom(n))
            want = at + n <= len(pkt) and pkt[at:at + n] == pat
            print('nbyte %d %d %s' % (layer, off, pat.hex()), file=q)
        else:
            off = random.randrange(-14, len(pkt) - 10)
            if random.random() < 0.05:
                off = random.choice([-14 - head - 1, len(pkt)])
            at = net + off
            mask = os.urandom(4) if random.random() < 0.5 else b'\xff' * 4
            valid = at >= -head and at + 4 <= len(pkt)
            word = pkt[at:at + 4] if valid and at >= 0 else b'\0' * 4
            val = bytes(a ^ (b & random.choice([0, 0, 1])) for a, b in zip(word, os.urandom(4)))
            want = valid and all((a ^ b) & m == 0 for a, b, m in zip(word, val, mask))
            print('u32 %s %s %d' % (mask.hex(), val.hex(), off), file=q)
        print(int(want), file=w)
PY
	for seed in 1 2 3; do
		python3 "$T/ematch.py" $seed "$T/q" "$T/want" "$T/pkt"
		"$host" ematch "$(cat "$T/pkt")" "$K/net/sched/em_nbyte.ko" \
			"$K/net/sched/em_u32.ko" <"$T/q" >"$T/got" 2>"$T/err"
		rc=$?
		cmp -s "$T/got" "$T/want" && [ $rc -eq 0 ]
		ok $? "em_nbyte and em_u32 answer 300 matches on a $(($(wc -c <"$T/pkt") / 2))-byte packet as Python (seed $seed)" ||
			{ diag "$T/err"; paste "$T/q" "$T/got" "$T/want" | awk '$NF != $(NF-1)' | head -n 5 | diag; }
	done
else
	skip "no em_nbyte.ko or em_u32.ko"
fi

# ---- struct page: page_address(virt_to_page(p)) == p ----
sizes="1 100 4095 4096 4097 5000 20000 65536 200000"
"$host" page $sizes >"$T/got" 2>"$T/err"
rc=$?
python3 - "$T/got" $sizes >"$T/check" <<'PY'
import sys
lines = open(sys.argv[1]).read().split('\n')
for size, line in zip(sys.argv[2:], lines):
    got, segs = line.split(':')
    done = 0
    for s in segs.split():
        at, n = map(int, s.split('+'))
        if at != done or not 0 < n <= 4096:
            print('bad', line)
        done += n
    if got != size or done != int(size):
        print('bad', line)
PY
[ $rc -eq 0 ] && [ ! -s "$T/check" ] && [ "$(wc -l <"$T/got")" -eq 9 ]
ok $? "sg_init_one's pages, through vmemmap_base and page_offset_base, are the buffer's, page after page" ||
	diag "$T/err" "$T/got" "$T/check"

done_testing
