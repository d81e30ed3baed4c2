#!/bin/bash
# tests/linux-net.t - genuine Debian networking modules on kapi's network
# core (tests/kapi/nethost): grace.ko's per-namespace state, kept in the
# net_generic storage register_pernet_subsys gave it and read inline at
# Debian's offset of net->gen, and its pernet exit when removed; the
# em_nbyte, em_u32 and em_text extended matches reading an skb's headers
# and data inline (em_text through skb_find_text and ts_kmp), each query
# against Python's reading of the same packet; nla_put and __nla_parse
# against a Python encoder and Linux's policy rules; skbs with a page
# fragment summed, copied, stored, pulled and trimmed, against RFC 1071
# and the bytes; skb_checksum_help against RFC 1071; ipv6_find_hdr over
# header chains Python builds; pv_ops' interrupt flag as callee-save
# call sites use it; and sg_init_one's struct page, walked page by page
# with Linux's inline vmemmap arithmetic, giving back the buffer it was
# made from.
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
if [ -f "$K/net/sched/em_nbyte.ko" ] && [ -f "$K/net/sched/em_u32.ko" ] &&
	[ -f "$K/net/sched/em_text.ko" ] && [ -f "$K/lib/ts_kmp.ko" ]; then
	cat >"$T/ematch.py" <<'PY'
import os, random, sys
random.seed(int(sys.argv[1]))
pkt = os.urandom(14 + 20 + random.randrange(0, 200))
head = 64                    # NET_SKB_PAD, the headroom before the MAC header
mac, net, tp = 0, 14, 34     # header offsets in pkt
with open(sys.argv[2], 'w') as q, open(sys.argv[3], 'w') as w:
    print(pkt.hex(), file=open(sys.argv[4], 'w'))
    data = pkt[net:]          # skb->data: the network header on
    for _ in range(300):
        if random.random() < 0.25:   # em_text, ts_kmp: within [from, to)
            fl = random.randrange(1, 3); tl = random.randrange(fl, 3)
            fo = random.randrange(0, len(pkt)); to = random.randrange(0, len(pkt) + 4)
            if fl == tl and fo > to: fo, to = to, fo
            f = (0, 20)[fl - 1] + fo; t = (0, 20)[tl - 1] + to
            n = random.randrange(1, 7)
            at = random.randrange(0, max(1, len(data) - n))
            pat = bytearray(data[at:at + n] or b'x')
            if random.random() < 0.3:
                pat[random.randrange(len(pat))] ^= 1 << random.randrange(8)
            i = data.find(bytes(pat), f) if f < len(data) else -1
            want = i >= 0 and (i - f) + len(pat) <= t - f
            print('text %d %d %d %d %s' % (fl, fo, tl, to, pat.hex()), file=q)
        elif random.random() < 0.5:
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
			"$K/net/sched/em_u32.ko" "$K/lib/ts_kmp.ko" \
			"$K/net/sched/em_text.ko" <"$T/q" >"$T/got" 2>"$T/err"
		rc=$?
		cmp -s "$T/got" "$T/want" && [ $rc -eq 0 ]
		ok $? "em_nbyte, em_u32 and em_text (skb_find_text) answer 300 matches on a $(($(wc -c <"$T/pkt") / 2))-byte packet as Python (seed $seed)" ||
			{ diag "$T/err"; paste "$T/q" "$T/got" "$T/want" | awk '$NF != $(NF-1)' | head -n 5 | diag; }
	done
else
	skip "no em_nbyte.ko, em_u32.ko, em_text.ko or ts_kmp.ko"
fi

# ---- netlink attributes: Python's encoding and Linux's policy rules ----
cat >"$T/nla.py" <<'PY'
import os, random, struct, sys
random.seed(int(sys.argv[1]))
EINVAL, ERANGE, EMSGSIZE = 22, 34, 90
def attr(t, data, declared=None):
    n = 4 + len(data) if declared is None else declared
    return struct.pack('<HH', n, t) + data + b'\0' * (-len(data) % 4)
def roundup(n):   # SLUB's kmalloc buckets, then pages
    if n > 8192: return (n + 4095) & ~4095
    if 64 < n <= 96: return 96
    if 128 < n <= 192: return 192
    b = 8
    while b < n: b <<= 1
    return b
def tailroom(size):   # __alloc_skb: the head less the shared info
    return roundup(((size + 63) & ~63) + 320) - 320
# tests/kapi/nethost.c's policy: type, len, range
POL = {1: 'u8', 2: 'u16', 3: 'u32', 4: 'str', 5: 'nulstr', 6: 'flag',
       7: 'nested', 8: 'range', 9: 'bin'}
EXACT = {'u8': 1, 'u16': 2, 'u32': 4, 'range': 4}
def check(t, flags, d, strict):
    kind = POL[t]
    n = len(d)
    if kind in EXACT and n != EXACT[kind] and strict:
        return -EINVAL
    if strict and kind == 'nested' and not flags & 0x8000: return -EINVAL
    if strict and kind != 'nested' and flags & 0x8000: return -EINVAL
    if kind == 'flag': return -ERANGE if n > 0 else 0
    if kind == 'nulstr':
        return 0 if n and b'\0' in d else -EINVAL
    if kind == 'str':
        if n < 1: return -ERANGE
        if d[-1] == 0: n -= 1
        return -ERANGE if n > 8 else 0
    if kind == 'bin': return -ERANGE if n > 6 else 0
    if kind == 'nested': return 0 if n == 0 or n >= 4 else -ERANGE
    if n < EXACT[kind]: return -ERANGE
    if kind == 'range':
        v = struct.unpack('<I', d[:4])[0]
        return 0 if 10 <= v <= 20 else -ERANGE
    return 0
def parse(buf, strict):
    tb, off = {}, 0
    while len(buf) - off >= 4:
        n, t = struct.unpack_from('<HH', buf, off)
        if n < 4 or n > len(buf) - off: break
        typ = t & 0x3fff
        if typ == 0 or typ > 9:
            if strict: return '-%d' % EINVAL
        else:
            e = check(typ, t & 0xc000, buf[off + 4:off + n], strict)
            if e: return str(e)
            tb[typ] = off
        off += (n + 3) & ~3
    if len(buf) - off > 0 and strict: return '-%d' % EINVAL
    return ' '.join(['0'] + ['%d@%d' % (t, tb[t]) for t in sorted(tb)])
def piece():
    t = random.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 200])
    kind = POL.get(t, 'bin')
    r = random.random()
    if kind in EXACT and r < 0.7:
        d = struct.pack('<I', random.choice([5, 10, 15, 20, 21, 7, 300]))[:EXACT[kind]]
    elif kind in ('str', 'nulstr') and r < 0.7:
        d = os.urandom(random.randrange(0, 11)).replace(b'\0', b'a') + \
            random.choice([b'', b'\0'])
    elif kind == 'flag' and r < 0.7:
        d = b''
    elif kind == 'nested' and r < 0.7:
        d = attr(1, b'\x05') if random.random() < 0.8 else b''
    else:
        d = os.urandom(random.randrange(0, 10))
    flags = 0x8000 if (kind == 'nested') != (random.random() < 0.1) else 0
    return attr(t | flags, d)
with open(sys.argv[2], 'w') as q, open(sys.argv[3], 'w') as w:
    for _ in range(100):   # building
        size = random.choice([0, 8, 16, 100, 200, 1000])
        room, puts, rets, out = tailroom(size), [], [], b''
        for _ in range(random.randrange(1, 12)):
            t, d = random.randrange(1, 500), os.urandom(random.randrange(0, 90))
            puts.append('%d %s' % (t, d.hex() or '-'))
            a = attr(t, d)
            if len(out) + len(a) <= room:
                out += a; rets.append('0')
            else:
                rets.append('-%d' % EMSGSIZE)
        print('put %d %s' % (size, ' '.join(puts)), file=q)
        print(' '.join(rets), out.hex(), file=w)
    for _ in range(400):   # parsing
        buf = b''.join(piece() for _ in range(random.randrange(0, 6)))
        if random.random() < 0.1:
            buf += os.urandom(random.randrange(1, 4))
        if random.random() < 0.05 and buf:
            buf = buf[:-1]
        strict = random.randrange(2)
        print('parse %d %s' % (strict, buf.hex()), file=q)
        print(parse(buf, strict), file=w)
PY
for seed in 1 2; do
	python3 "$T/nla.py" $seed "$T/q" "$T/want"
	"$host" nla <"$T/q" >"$T/got" 2>"$T/err"
	rc=$?
	cmp -s "$T/got" "$T/want" && [ $rc -eq 0 ]
	ok $? "nla_put into skbs of 0 to 1000 bytes and __nla_parse, strict and liberal, of 400 streams: Python's (seed $seed)" ||
		{ diag "$T/err"; paste -d '\n' "$T/q" "$T/got" "$T/want" | paste - - - | awk -F'\t' '$2 != $3' | head -n 5 | diag; }
done

# ---- skbs with a page fragment: RFC 1071's checksum, copies, pulls ----
cat >"$T/skb.py" <<'PY'
import os, random, sys
random.seed(int(sys.argv[1]))
def cksum(b):   # RFC 1071, as the u16 csum_fold leaves in memory, read LE
    if len(b) % 2: b += b'\0'
    s = sum(b[i] << 8 | b[i + 1] for i in range(0, len(b), 2))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    c = ~s & 0xffff
    return '%04x' % ((c & 0xff) << 8 | c >> 8)
with open(sys.argv[2], 'w') as q, open(sys.argv[3], 'w') as w:
    for _ in range(200):
        n = random.randrange(1, 3000)
        pkt = os.urandom(n)
        head = random.randrange(0, n + 1)
        pull = random.randrange(0, n - head + 8)
        cut = random.randrange(0, n + 1)
        print(pkt.hex(), head, pull, cut, file=q)
        inv = bytes(~b & 0xff for b in pkt)
        after = ('%d %s' % (head + pull, inv[:head + pull].hex())
                 if head + pull <= n else '-')
        print(cksum(pkt), pkt.hex(), cksum(inv), after, file=w)
        # ___pskb_trim is for paged skbs: one whose fragment was pulled
        # in whole keeps its length (a pull past the end pulls nothing)
        paged = head < n and head + pull != n
        kept = inv[:cut] if paged else inv
        print(len(kept), kept.hex(), file=w)
PY
for seed in 1 2; do
	python3 "$T/skb.py" $seed "$T/q" "$T/want"
	"$host" skb <"$T/q" >"$T/got" 2>"$T/err"
	rc=$?
	cmp -s "$T/got" "$T/want" && [ $rc -eq 0 ]
	ok $? "skb_checksum, skb_copy_bits, skb_store_bits, __pskb_pull_tail and ___pskb_trim over head and page fragment of 200 packets: RFC 1071's sums, the bytes (seed $seed)" ||
		{ diag "$T/err"; paste -d '\n' "$T/got" "$T/want" | cut -c1-120 | head -n 6 | diag; }
done

# ---- skb_checksum_help: the sum from csum_start stored at csum_offset ----
cat >"$T/help.py" <<'PY'
import os, random, sys
random.seed(int(sys.argv[1]))
def fold(b):      # RFC 1071's checksum, big-endian bytes; 0 sent as ffff
    if len(b) % 2: b += b'\0'
    s = sum(b[i] << 8 | b[i + 1] for i in range(0, len(b), 2))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s & 0xffff or 0xffff).to_bytes(2, 'big')
with open(sys.argv[2], 'w') as q, open(sys.argv[3], 'w') as w:
    for _ in range(200):
        n = random.randrange(4, 1500)
        pkt = bytearray(os.urandom(n))
        start = random.randrange(0, n - 2)
        off = random.randrange(0, n - start + 2)
        print(pkt.hex(), start, off, file=q)
        if start + off + 2 > n:
            print('-22', pkt.hex(), 'partial', file=w)
        else:
            pkt[start + off:start + off + 2] = fold(bytes(pkt[start:]))
            print('0', pkt.hex(), 'none', file=w)
PY
for seed in 1 2; do
	python3 "$T/help.py" $seed "$T/q" "$T/want"
	"$host" csum <"$T/q" 2>"$T/err" >"$T/got"
	rc=$?
	cmp -s "$T/got" "$T/want" && [ $rc -eq 0 ]
	ok $? "skb_checksum_help stores RFC 1071's sum from csum_start at csum_offset, -EINVAL past the head (seed $seed)" ||
		{ diag "$T/err"; paste -d '\n' "$T/got" "$T/want" | cut -c1-100 | head -n 6 | diag; }
done

# ---- ipv6_find_hdr over extension header chains Python builds ----
cat >"$T/ipv6.py" <<'PY'
import os, random, struct, sys
random.seed(int(sys.argv[1]))
ENOENT, EBADMSG = 2, 74
with open(sys.argv[2], 'w') as q, open(sys.argv[3], 'w') as w:
    for _ in range(300):
        chain = [random.choice([0, 43, 60, 44, 51])
                 for _ in range(random.randrange(0, 5))]
        last = random.choice([6, 17, 58])
        types, body = chain + [last], b''
        hdrs = []                       # (type, offset, segments_left)
        off = 40
        for i, t in enumerate(chain):
            nxt = types[i + 1]
            if t == 44:                 # a first fragment, or a whole one
                h = struct.pack('>BBHI', nxt, 0, random.choice([0, 1]), 7)
                seg = None
            elif t == 51:               # AH: (hdrlen + 2) * 4 bytes
                n = random.randrange(1, 4)
                h = bytes([nxt, n]) + os.urandom((n + 2) * 4 - 2)
                seg = None
            else:                       # (hdrlen + 1) * 8 bytes
                n = random.randrange(0, 3)
                seg = random.randrange(0, 3)
                h = bytes([nxt, n, 0, seg]) + os.urandom((n + 1) * 8 - 4)
            hdrs.append((t, off, seg))
            off += len(h)
            body += h
        payload = os.urandom(random.randrange(0, 30))
        ip6 = struct.pack('>IHBB', 6 << 28, len(body) + len(payload), types[0], 64) + os.urandom(32)
        pkt = ip6 + body + payload
        flags = random.choice([0, 4])   # IP6_FH_F_SKIP_RH
        cut = random.random() < 0.1 and hdrs
        if cut:                          # a packet ending inside its headers
            pkt = pkt[:hdrs[-1][1] + 1]
        target = random.choice(types + [-1, 50])
        got_flags = flags | (1 if 44 in chain else 0)
        want = None
        for t, o, seg in hdrs:
            if cut and o + 2 > len(pkt):
                want = '-%d 0 %d' % (EBADMSG, flags | (1 if 44 in [h[0] for h in hdrs if h[1] < o] else 0))
                break
            if t == target and not (t == 43 and flags & 4 and seg == 0):
                # a fragment header sets IP6_FH_F_FRAG, the target too
                fl = flags | (1 if 44 in [h[0] for h in hdrs if h[1] <= o] else 0)
                want = '%d %d %d' % (t, o, fl)
                break
        if want is None:
            if target in (-1, last):
                want = '%d %d %d' % (last, off, got_flags)
            else:
                want = '-%d 0 %d' % (ENOENT, got_flags)
        print(pkt.hex(), target, flags, file=q)
        print(want, file=w)
PY
for seed in 1 2; do
	python3 "$T/ipv6.py" $seed "$T/q" "$T/want"
	"$host" ipv6 <"$T/q" >"$T/got" 2>"$T/err"
	rc=$?
	cmp -s "$T/got" "$T/want" && [ $rc -eq 0 ]
	ok $? "ipv6_find_hdr finds each header of 300 extension header chains where Python put it (seed $seed)" ||
		{ diag "$T/err"; paste "$T/q" "$T/got" "$T/want" | awk -F'\t' '$2 != $3' | cut -c1-200 | head -n 5 | diag; }
done

# ---- pv_ops: the interrupt flag, per thread, every register kept ----
"$host" pv >"$T/got" 2>"$T/err"
is "$(cat "$T/got")" "0x200 0 0x200 0x200 kept" \
	"pv_ops' save_fl, irq_disable, irq_enable: X86_EFLAGS_IF per thread, only %rax changed" ||
	diag "$T/err"

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
