// SPDX-License-Identifier: MIT
/*
 * nethost: genuine Linux networking modules running on kapi's network
 * core, in a host linked with libumod-kapi.a as umodd is; the results go
 * to tests/linux-net.t, which checks them against Python.
 *
 *	nethost grace END MODULE...	grace.ko's pernet storage on init_net:
 *		locks_in_grace and opens_in_grace before locks_start_grace,
 *		after it, and (END 1) after locks_end_grace, then the module
 *		is removed (its pernet exit warns if a lock manager is left)
 *	nethost ematch PACKET MODULE...	the em_*.ko matches on an skb holding
 *		PACKET (hex: Ethernet, IPv4, then the rest), its data at the
 *		network header as on ingress; stdin has one query a line,
 *		"nbyte LAYER OFF PATTERN", "u32 MASK VALUE OFF" or "text
 *		FROMLAYER FROMOFF TOLAYER TOOFF PATTERN" (em_text with ts_kmp;
 *		hex bytes, the rest decimal); the match's 0 or 1 is printed
 *	nethost nla			netlink attributes: each stdin line
 *		"put SIZE TYPE HEX..." puts the attributes with nla_put in an
 *		skb of SIZE bytes and prints each return and then the skb's
 *		data in hex; "parse STRICT HEX" runs __nla_parse on HEX with
 *		the policy below (NL_VALIDATE_STRICT if STRICT is 1, else
 *		liberal) and prints the return and each attribute found as
 *		TYPE@OFFSET
 *	nethost skb			each stdin line "HEX HEADLEN PULL TRIM": an
 *		skb with HEADLEN bytes of HEX in its head and the rest in a
 *		page fragment; prints skb_checksum folded (as the u16 in host
 *		order), the packet back from skb_copy_bits, the checksum
 *		after skb_store_bits wrote each byte inverted, after
 *		__pskb_pull_tail of PULL bytes the head's length and bytes,
 *		then after ___pskb_trim to TRIM bytes the length and packet
 *	nethost csum			each stdin line "HEX START OFF": a linear
 *		CHECKSUM_PARTIAL skb of HEX, its checksum from START stored
 *		at START + OFF by skb_checksum_help; prints the return, the
 *		packet, and whether ip_summed became CHECKSUM_NONE
 *	nethost ipv6			each stdin line "HEX TARGET FLAGS": an skb
 *		holding the IPv6 packet HEX at its network header;
 *		ipv6_find_hdr's return, offset and flags for TARGET
 *	nethost pv			pv_ops' interrupt flag, called as Linux's
 *		PV_CALLEE_SAVE sites call it (every register but %rax live):
 *		prints save_fl before, after irq_disable, in a new thread,
 *		after irq_enable, and whether the other registers survived
 *	nethost page SIZE...		for a kmalloc'd buffer of each SIZE,
 *		an sg_init_one scatterlist walked page by page as genuine
 *		code does (vmemmap arithmetic inline): prints each page's
 *		address offset from the buffer and length
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <umod/host.h>
#include <umod/kapi.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;

#define GFP_KERNEL	0xcc0u	/* Linux 6.1's */

static struct umod_ctx *ctx;

static void on_log(int level, const char *msg, void *arg)
{
	(void)arg;
	if (level <= 4)
		fprintf(stderr, "nethost: %s\n", msg);
}

static int load(char **paths, int n)
{
	for (int i = 0; i < n; i++) {
		if (umod_load_file(ctx, paths[i], NULL, UMOD_INIT_FORCE, NULL)) {
			fprintf(stderr, "nethost: %s: %s\n", paths[i], umod_errmsg());
			return -1;
		}
	}
	return 0;
}

static void *sym(const char *name)
{
	void *p = umod_find_symbol(ctx, name);

	if (!p)
		fprintf(stderr, "nethost: no symbol %s\n", name);
	return p;
}

/* ---- grace.ko: pernet storage, read through net_generic inline ---- */
struct lock_manager {
	void *next, *prev;	/* struct list_head */
	bool block_opens;
};

static int grace(int end)
{
	void *net = sym("init_net");
	void (*start)(void *, struct lock_manager *) = sym("locks_start_grace");
	void (*stop)(struct lock_manager *) = sym("locks_end_grace");
	bool (*in_grace)(void *) = sym("locks_in_grace");
	bool (*opens)(void *) = sym("opens_in_grace");
	struct lock_manager lm = { &lm, &lm, true };

	if (!net || !start || !stop || !in_grace || !opens)
		return 1;
	printf("%d %d\n", in_grace(net), opens(net));
	start(net, &lm);
	printf("%d %d\n", in_grace(net), opens(net));
	if (end) {
		stop(&lm);
		printf("%d %d\n", in_grace(net), opens(net));
	}
	fflush(stdout);
	return umod_unload(ctx, "grace", 0) ? 1 : 0;
}

/* ---- em_*.ko: extended matches on an skb ---- */
struct sk_buff;
struct tcf_ematch;
struct tcf_ematch_ops {
	int kind;
	int datalen;
	int (*change)(void *net, void *data, int data_len, struct tcf_ematch *m);
	int (*match)(struct sk_buff *skb, struct tcf_ematch *m, void *info);
	void (*destroy)(struct tcf_ematch *m);
	void *dump, *owner, *link[2];
};

struct tcf_ematch {
	struct tcf_ematch_ops *ops;
	unsigned long data;
	unsigned int datalen;
	u16 matchid, flags;
	void *net;
};

/* The sk_buff fields a driver sets, at Linux 6.1's offsets. */
#define SKB_LEN(skb)	(*(u32 *)((char *)(skb) + 0x70))
#define SKB_HEADER(skb, off) (*(u16 *)((char *)(skb) + (off)))
#define SKB_TRANSPORT	0xb6
#define SKB_NETWORK	0xb8
#define SKB_MAC		0xba
#define SKB_HEAD(skb)	(*(u8 **)((char *)(skb) + 0xc8))
#define SKB_DATA(skb)	(*(u8 **)((char *)(skb) + 0xd0))

struct lookup {
	const char *name;
	const void *addr;
};

static int by_name(const struct umod_symbol_info *s, void *arg)
{
	struct lookup *l = arg;

	if (strcmp(s->name, l->name))
		return 0;
	l->addr = s->addr;
	return 1;
}

static const void *local_sym(const char *name)
{
	struct lookup l = { name, NULL };

	umod_for_each_symbol(ctx, false, by_name, &l);
	if (!l.addr)
		fprintf(stderr, "nethost: no symbol %s\n", name);
	return l.addr;
}

static size_t unhex(const char *hex, u8 *out, size_t max)
{
	size_t n = 0;
	unsigned int b;

	while (n < max && sscanf(hex + 2 * n, "%2x", &b) == 1)
		out[n++] = b;
	return n;
}

static struct sk_buff *packet_skb(const char *hex)
{
	struct sk_buff *(*alloc)(void *, unsigned int, unsigned int) =
		sym("__netdev_alloc_skb");
	void *(*put)(struct sk_buff *, unsigned int) = sym("skb_put");
	void *(*pull)(struct sk_buff *, unsigned int) = sym("skb_pull");
	u8 pkt[2048];
	size_t len = unhex(hex, pkt, sizeof(pkt));
	struct sk_buff *skb;

	if (!alloc || !put || !pull || len < 34 || !(skb = alloc(NULL, len, GFP_KERNEL)))
		return NULL;
	memcpy(put(skb, len), pkt, len);
	SKB_HEADER(skb, SKB_MAC) = SKB_DATA(skb) - SKB_HEAD(skb);
	pull(skb, 14);			/* eth_type_trans */
	SKB_HEADER(skb, SKB_NETWORK) = SKB_DATA(skb) - SKB_HEAD(skb);
	SKB_HEADER(skb, SKB_TRANSPORT) = SKB_HEADER(skb, SKB_NETWORK) + 20;
	return skb;
}

static int ematch(const char *hex)
{
	const struct tcf_ematch_ops *nbyte = local_sym("em_nbyte_ops");
	const struct tcf_ematch_ops *u32 = local_sym("em_u32_ops");
	const struct tcf_ematch_ops *text = local_sym("em_text_ops");
	void (*kfree_skb)(struct sk_buff *, int) = sym("kfree_skb_reason");
	struct sk_buff *skb = packet_skb(hex);
	char line[512], kind[16], a[256], b[256];
	long off;

	if (!nbyte || !u32 || !text || !kfree_skb || !skb)
		return 1;
	while (fgets(line, sizeof(line), stdin)) {
		struct tcf_ematch em = { 0 };
		u8 data[24 + 256];
		int r, fl, fo, tl, to;

		if (sscanf(line, "text %d %d %d %d %255s", &fl, &fo, &tl, &to, b) == 5) {
			/* struct tcf_em_text (24 bytes), then the pattern */
			u16 len = unhex(b, data + 24, 256), off[3] = { fo, to, len };

			memset(data, 0, 24);
			strcpy((char *)data, "kmp");
			memcpy(data + 16, off, 6);
			data[22] = fl | tl << 4;	/* from_layer:4, to_layer:4 */
			em.ops = (void *)text;
			if ((r = text->change(sym("init_net"), data, 24 + len, &em))) {
				fprintf(stderr, "nethost: em_text change: %d\n", r);
				return 1;
			}
			r = text->match(skb, &em, NULL);
			text->destroy(&em);
		} else if (sscanf(line, "%15s %255s %255s %ld", kind, a, b, &off) == 4 &&
		    !strcmp(kind, "u32")) {
			struct { u8 mask[4], val[4]; int off, offmask; } key = { 0 };

			unhex(a, key.mask, 4);
			unhex(b, key.val, 4);
			key.off = off;
			em.ops = (void *)u32;
			em.data = (unsigned long)&key;
			em.datalen = sizeof(key);
			r = u32->match(skb, &em, NULL);
		} else if (sscanf(line, "%15s %255s %ld %255s", kind, a, &off, b) == 4 &&
			   !strcmp(kind, "nbyte")) {
			u16 off16 = off, lenlayer;
			size_t len = unhex(b, data + 4, 256);

			lenlayer = len | atoi(a) << 12;
			memcpy(data, &off16, 2);
			memcpy(data + 2, &lenlayer, 2);
			em.ops = (void *)nbyte;
			if ((r = nbyte->change(sym("init_net"), data, 4 + len, &em))) {
				fprintf(stderr, "nethost: em_nbyte change: %d\n", r);
				return 1;
			}
			r = nbyte->match(skb, &em, NULL);
			free((void *)em.data);
		} else {
			fprintf(stderr, "nethost: bad query %s", line);
			return 1;
		}
		printf("%d\n", r);
	}
	kfree_skb(skb, 0);
	return 0;
}

/* ---- netlink attributes ---- */
struct nla_policy {
	u8 type, validation_type;
	u16 len;
	union {
		struct { int16_t min, max; };
		const void *ptr;
	};
};

enum { NLA_U8 = 1, NLA_U16, NLA_U32, NLA_U64, NLA_STRING, NLA_FLAG,
       NLA_NESTED = 8, NLA_NUL_STRING = 10, NLA_BINARY };
#define NLA_VALIDATE_RANGE	1
#define NL_VALIDATE_STRICT	0x1f
#define NLA_MAX	9

/* the policy tests/linux-net.t's Python reference knows */
static const struct nla_policy policy[NLA_MAX + 1] = {
	[1] = { .type = NLA_U8 },
	[2] = { .type = NLA_U16 },
	[3] = { .type = NLA_U32 },
	[4] = { .type = NLA_STRING, .len = 8 },
	[5] = { .type = NLA_NUL_STRING },
	[6] = { .type = NLA_FLAG },
	[7] = { .type = NLA_NESTED },
	[8] = { .type = NLA_U32, .validation_type = NLA_VALIDATE_RANGE,
		.min = 10, .max = 20 },
	[9] = { .type = NLA_BINARY, .len = 6 },
};

struct netlink_ext_ack {
	const char *_msg;
	const void *bad_attr, *policy, *miss_nest;
	u8 rest[0x38 - 0x20];
};

static int nla_put_line(char *args)
{
	struct sk_buff *(*alloc)(unsigned int, unsigned int, int, int) =
		sym("__alloc_skb");
	int (*put)(struct sk_buff *, int, int, const void *) = sym("nla_put");
	void (*consume)(struct sk_buff *) = sym("consume_skb");
	char *tok, *save;
	struct sk_buff *skb;
	u8 data[1024];

	if (!alloc || !put || !consume ||
	    !(skb = alloc(strtoul(strtok_r(args, " ", &save), NULL, 10),
			  GFP_KERNEL, 0, -1)))
		return 1;
	while ((tok = strtok_r(NULL, " \n", &save))) {
		int type = atoi(tok);
		char *hex = strtok_r(NULL, " \n", &save);
		size_t len = hex && *hex != '-' ? unhex(hex, data, sizeof(data)) : 0;

		printf("%d ", put(skb, type, len, data));
	}
	for (u32 i = 0; i < SKB_LEN(skb); i++)
		printf("%02x", SKB_DATA(skb)[i]);
	printf("\n");
	consume(skb);
	return 0;
}

static int nla_parse_line(char *args)
{
	int (*parse)(void **, int, const void *, int, const struct nla_policy *,
		     unsigned int, struct netlink_ext_ack *) = sym("__nla_parse");
	struct netlink_ext_ack extack = { 0 };
	void *tb[NLA_MAX + 1];
	static u8 data[4096];
	int strict = 0, len, r;
	char hex[8200] = "";

	if (!parse || sscanf(args, "%d %8199s", &strict, hex) < 1)
		return 1;
	len = unhex(hex, data, sizeof(data));
	r = parse(tb, NLA_MAX, data, len, policy, strict ? NL_VALIDATE_STRICT : 0,
		  &extack);
	printf("%d", r);
	for (int t = 1; !r && t <= NLA_MAX; t++)
		if (tb[t])
			printf(" %d@%ld", t, (long)((u8 *)tb[t] - data));
	printf("\n");
	return 0;
}

static int nla(void)
{
	char line[8300];

	while (fgets(line, sizeof(line), stdin)) {
		if (!strncmp(line, "put ", 4) ? nla_put_line(line + 4) :
		    !strncmp(line, "parse ", 6) ? nla_parse_line(line + 6) : 1) {
			fprintf(stderr, "nethost: bad line %s", line);
			return 1;
		}
	}
	return 0;
}

/* ---- socket buffers with a page fragment ---- */
#define SKB_DATA_LEN(skb)	(*(u32 *)((char *)(skb) + 0x74))
#define SKB_TAIL(skb)	(*(u32 *)((char *)(skb) + 0xbc))
#define SKB_END(skb)	(*(u32 *)((char *)(skb) + 0xc0))

static u16 fold(u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static int skb_line(char *line)
{
	struct sk_buff *(*alloc)(unsigned int, unsigned int, int, int) =
		sym("__alloc_skb");
	void *(*put)(struct sk_buff *, unsigned int) = sym("skb_put");
	void *(*alloc_pages)(unsigned int, unsigned int) = sym("alloc_pages");
	u32 (*checksum)(const struct sk_buff *, int, int, u32) = sym("skb_checksum");
	int (*copy_bits)(const struct sk_buff *, int, void *, int) =
		sym("skb_copy_bits");
	void *(*pull_tail)(struct sk_buff *, int) = sym("__pskb_pull_tail");
	void (*kfree_skb)(struct sk_buff *, int) = sym("kfree_skb_reason");
	int (*trim)(struct sk_buff *, unsigned int) = sym("___pskb_trim");
	int (*store_bits)(struct sk_buff *, int, const void *, int) =
		sym("skb_store_bits");
	unsigned long *pob = sym("page_offset_base"), *vmb = sym("vmemmap_base");
	static char hex[8200];
	static u8 pkt[4096], back[4096];
	unsigned int headlen, pull, cut;
	size_t len;
	struct sk_buff *skb;
	u8 *shinfo, *page;

	if (!alloc || !put || !alloc_pages || !checksum || !copy_bits ||
	    !pull_tail || !kfree_skb || !trim || !store_bits || !pob || !vmb ||
	    sscanf(line, "%8199s %u %u %u", hex, &headlen, &pull, &cut) != 4)
		return 1;
	len = unhex(hex, pkt, sizeof(pkt));
	if (headlen > len || len - headlen > 4096 ||
	    !(skb = alloc(headlen, GFP_KERNEL, 0, -1)) || !(page = alloc_pages(GFP_KERNEL, 0)))
		return 1;
	memcpy(put(skb, headlen), pkt, headlen);
	/* skb_fill_page_desc(skb, 0, page, 0, len - headlen), by hand */
	memcpy((char *)(((unsigned long)(page - (u8 *)*vmb) / 64 << 12) + *pob),
	       pkt + headlen, len - headlen);
	shinfo = SKB_HEAD(skb) + SKB_END(skb);
	shinfo[2] = 1;					/* nr_frags */
	*(void **)(shinfo + 0x30) = page;
	*(u32 *)(shinfo + 0x38) = len - headlen;	/* bv_len */
	*(u32 *)(shinfo + 0x3c) = 0;			/* bv_offset */
	SKB_LEN(skb) += len - headlen;
	SKB_DATA_LEN(skb) = len - headlen;

	printf("%04x ", fold(checksum(skb, 0, len, 0)));
	memset(back, 0, sizeof(back));
	if (copy_bits(skb, 0, back, len))
		printf("-");
	for (size_t i = 0; i < len; i++)
		printf("%02x", back[i]);
	/* each byte inverted in place, then read back */
	for (size_t i = 0; i < len; i++)
		back[i] = ~back[i];
	if (store_bits(skb, 0, back, len) || copy_bits(skb, 0, back, len))
		printf(" -");
	printf(" %04x", fold(checksum(skb, 0, len, 0)));
	if (!pull_tail(skb, pull)) {
		printf(" -\n");
	} else {
		printf(" %u ", SKB_LEN(skb) - SKB_DATA_LEN(skb));
		for (u32 i = 0; i < SKB_LEN(skb) - SKB_DATA_LEN(skb); i++)
			printf("%02x", SKB_DATA(skb)[i]);
		printf("\n");
	}
	if (cut < SKB_LEN(skb) && SKB_DATA_LEN(skb) && trim(skb, cut))
		printf("-");
	memset(back, 0, sizeof(back));
	printf("%u ", SKB_LEN(skb));
	if (copy_bits(skb, 0, back, SKB_LEN(skb)))
		printf("-");
	for (size_t i = 0; i < SKB_LEN(skb); i++)
		printf("%02x", back[i]);
	printf("\n");
	kfree_skb(skb, 0);
	return 0;
}

static int skbs(void)
{
	static char line[8300];

	while (fgets(line, sizeof(line), stdin))
		if (skb_line(line)) {
			fprintf(stderr, "nethost: bad line %s", line);
			return 1;
		}
	return 0;
}

/* ---- skb_checksum_help ---- */
static int csum_help(void)
{
	struct sk_buff *(*alloc)(unsigned int, unsigned int, int, int) =
		sym("__alloc_skb");
	void *(*put)(struct sk_buff *, unsigned int) = sym("skb_put");
	int (*help)(struct sk_buff *) = sym("skb_checksum_help");
	void (*kfree_skb)(struct sk_buff *, int) = sym("kfree_skb_reason");
	static char line[8300], hex[8200];
	static u8 pkt[4096];
	unsigned int start, off;

	if (!alloc || !put || !help || !kfree_skb)
		return 1;
	while (fgets(line, sizeof(line), stdin)) {
		size_t len;
		struct sk_buff *skb;
		u8 *summed;
		int r;

		if (sscanf(line, "%8199s %u %u", hex, &start, &off) != 3 ||
		    !(len = unhex(hex, pkt, sizeof(pkt))) ||
		    !(skb = alloc(len, GFP_KERNEL, 0, -1)))
			return 1;
		memcpy(put(skb, len), pkt, len);
		summed = (u8 *)skb + 0x80;	/* ip_summed: bits 5-6 */
		*summed = (*summed & ~0x60) | 3 << 5;	/* CHECKSUM_PARTIAL */
		SKB_HEADER(skb, 0x88) = SKB_DATA(skb) - SKB_HEAD(skb) + start;
		SKB_HEADER(skb, 0x8a) = off;
		r = help(skb);
		printf("%d ", r);
		for (size_t i = 0; i < len; i++)
			printf("%02x", SKB_DATA(skb)[i]);
		printf(" %s\n", *summed & 0x60 ? "partial" : "none");
		kfree_skb(skb, 0);
	}
	return 0;
}

/* ---- IPv6 extension headers ---- */
static int ipv6(void)
{
	struct sk_buff *(*alloc)(void *, unsigned int, unsigned int) =
		sym("__netdev_alloc_skb");
	void *(*put)(struct sk_buff *, unsigned int) = sym("skb_put");
	int (*find)(const struct sk_buff *, unsigned int *, int, unsigned short *,
		    int *) = sym("ipv6_find_hdr");
	void (*kfree_skb)(struct sk_buff *, int) = sym("kfree_skb_reason");
	static char line[8300], hex[8200];
	static u8 pkt[4096];
	int target, flags;

	if (!alloc || !put || !find || !kfree_skb)
		return 1;
	while (fgets(line, sizeof(line), stdin)) {
		size_t len;
		struct sk_buff *skb;
		unsigned int offset = 0;
		unsigned short fragoff;
		int r;

		if (sscanf(line, "%8199s %d %d", hex, &target, &flags) != 3 ||
		    !(len = unhex(hex, pkt, sizeof(pkt))) ||
		    !(skb = alloc(NULL, len, GFP_KERNEL)))
			return 1;
		memcpy(put(skb, len), pkt, len);
		SKB_HEADER(skb, SKB_NETWORK) = SKB_DATA(skb) - SKB_HEAD(skb);
		r = find(skb, &offset, target, &fragoff, &flags);
		printf("%d %u %d\n", r, r < 0 ? 0 : offset, flags);
		kfree_skb(skb, 0);
	}
	return 0;
}

/* ---- pv_ops: the callee-save interrupt flag operations ---- */
#define PV_SAVE_FL	0xf0
#define PV_IRQ_DISABLE	0xf8
#define PV_IRQ_ENABLE	0x100

/* call *slot with %rdi, %rsi, %rdx, %rcx, %r8-%r11 holding known
 * values, as a site that keeps them live; *kept cleared unless they all
 * survived */
static unsigned long pv_call(void *slot, int *kept)
{
	static const unsigned long want[8] = {
		0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, 0x7777, 0x8888,
	};
	unsigned long got[9];
	register unsigned long *out __asm__("r12") = got;

	/* past the red zone, which the call's return address would hit */
	__asm__ volatile(
		"mov $0x1111, %%rdi\n\tmov $0x2222, %%rsi\n\t"
		"mov $0x3333, %%rdx\n\tmov $0x4444, %%rcx\n\t"
		"mov $0x5555, %%r8\n\tmov $0x6666, %%r9\n\t"
		"mov $0x7777, %%r10\n\tmov $0x8888, %%r11\n\t"
		"sub $128, %%rsp\n\tcall *(%[slot])\n\tadd $128, %%rsp\n\t"
		"mov %%rdi, 0(%[out])\n\tmov %%rsi, 8(%[out])\n\t"
		"mov %%rdx, 16(%[out])\n\tmov %%rcx, 24(%[out])\n\t"
		"mov %%r8, 32(%[out])\n\tmov %%r9, 40(%[out])\n\t"
		"mov %%r10, 48(%[out])\n\tmov %%r11, 56(%[out])\n\t"
		"mov %%rax, 64(%[out])"
		:
		: [slot] "b"(slot), [out] "r"(out)
		: "rax", "rdi", "rsi", "rdx", "rcx", "r8", "r9", "r10", "r11",
		  "memory", "cc");
	if (memcmp(got, want, sizeof(want)))
		*kept = 0;
	return got[8];
}

static char *pv_ops_base;
static int pv_kept = 1;

static void *pv_thread(void *arg)
{
	*(unsigned long *)arg = pv_call(pv_ops_base + PV_SAVE_FL, &pv_kept);
	return NULL;
}

static int pv(void)
{
	unsigned long before, off, other, on;
	pthread_t t;

	if (!(pv_ops_base = sym("pv_ops")))
		return 1;
	before = pv_call(pv_ops_base + PV_SAVE_FL, &pv_kept);
	pv_call(pv_ops_base + PV_IRQ_DISABLE, &pv_kept);
	off = pv_call(pv_ops_base + PV_SAVE_FL, &pv_kept);
	if (pthread_create(&t, NULL, pv_thread, &other) || pthread_join(t, NULL))
		return 1;
	pv_call(pv_ops_base + PV_IRQ_ENABLE, &pv_kept);
	on = pv_call(pv_ops_base + PV_SAVE_FL, &pv_kept);
	printf("%#lx %#lx %#lx %#lx %s\n", before, off, other, on,
	       pv_kept ? "kept" : "clobbered");
	return 0;
}

/* ---- struct page: a scatterlist over kmalloc'd memory ---- */
struct scatterlist {
	unsigned long page_link;
	unsigned int offset, length;
	unsigned long dma_address;
	unsigned int dma_length, dma_flags;
};

static int pages(char **sizes, int n)
{
	unsigned long *pob = sym("page_offset_base"), *vmb = sym("vmemmap_base");
	void (*init_one)(struct scatterlist *, const void *, unsigned int) =
		sym("sg_init_one");
	void *(*kmalloc)(size_t, unsigned int) = sym("__kmalloc");
	void (*kfree)(const void *) = sym("kfree");

	if (!pob || !vmb || !init_one || !kmalloc || !kfree)
		return 1;
	for (int i = 0; i < n; i++) {
		unsigned int size = atoi(sizes[i]), done = 0;
		char *buf = kmalloc(size, GFP_KERNEL);
		struct scatterlist sg;

		if (!buf)
			return 1;
		init_one(&sg, buf, size);
		printf("%u:", size);
		/* for_each_sg_page, sg_page_iter_page, page_address: the
		 * inline arithmetic of Linux's x86-64 headers */
		for (unsigned long off = sg.offset; done < size;) {
			unsigned long page = sg.page_link & ~3ul;
			unsigned long pfn = (page - *vmb) / 64 + (sg.offset + done) / 4096;
			char *addr = (char *)((pfn << 12) + *pob) + off % 4096;
			unsigned int len = 4096 - off % 4096;

			if (len > size - done)
				len = size - done;
			printf(" %ld+%u", (long)(addr - buf), len);
			done += len;
			off = 0;
		}
		printf("\n");
		kfree(buf);
	}
	return 0;
}

int main(int argc, char *argv[])
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int first = 3, r;

	if (!strcmp(cmd, "page") || !strcmp(cmd, "nla") || !strcmp(cmd, "skb") ||
	    !strcmp(cmd, "pv") || !strcmp(cmd, "ipv6") || !strcmp(cmd, "csum"))
		first = 2;
	if (argc < first) {
		fprintf(stderr, "usage: nethost grace END MODULE... | ematch PACKET MODULE... "
			"| nla | skb | csum | ipv6 | pv | page SIZE...\n");
		return 2;
	}
	ctx = umod_ctx_new();
	if (!ctx || umod_kapi_attach(ctx))
		return 2;
	umod_set_log(ctx, on_log, NULL);
	if (!strcmp(cmd, "page"))
		return pages(argv + 2, argc - 2);
	if (!strcmp(cmd, "nla"))
		return nla();
	if (!strcmp(cmd, "skb"))
		return skbs();
	if (!strcmp(cmd, "pv"))
		return pv();
	if (!strcmp(cmd, "ipv6"))
		return ipv6();
	if (!strcmp(cmd, "csum"))
		return csum_help();
	if (load(argv + first, argc - first))
		return 1;
	if (!strcmp(cmd, "grace"))
		r = grace(atoi(argv[2]));
	else if (!strcmp(cmd, "ematch"))
		r = ematch(argv[2]);
	else
		r = 2;
	fflush(stdout);
	umod_ctx_free(ctx);
	return r;
}
