// SPDX-License-Identifier: MIT
/*
 * netlink.c - netlink attributes, lib/nlattr.c's: writing them into an
 * skb (nla_put, nla_reserve...: -EMSGSIZE when the tailroom is short),
 * and parsing and validating a stream of them against a module's
 * nla_policy (__nla_parse, __nla_validate), with Linux 6.1's checks,
 * errnos and extack messages.  x86-64 has efficient unaligned access, so
 * the _64bit calls add no pad attribute, as there.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "skbuff.h"

struct nlattr {
	u16 nla_len;
	u16 nla_type;
};

#define NLA_F_NESTED		(1 << 15)
#define NLA_F_NET_BYTEORDER	(1 << 14)
#define NLA_TYPE_MASK		(~(NLA_F_NESTED | NLA_F_NET_BYTEORDER))
#define NLA_ALIGNTO		4
#define NLA_ALIGN(len)		(((len) + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1))
#define NLA_HDRLEN		((int)NLA_ALIGN(sizeof(struct nlattr)))
#define MAX_POLICY_RECURSION_DEPTH 10

enum {
	NLA_UNSPEC, NLA_U8, NLA_U16, NLA_U32, NLA_U64, NLA_STRING, NLA_FLAG,
	NLA_MSECS, NLA_NESTED, NLA_NESTED_ARRAY, NLA_NUL_STRING, NLA_BINARY,
	NLA_S8, NLA_S16, NLA_S32, NLA_S64, NLA_BITFIELD32, NLA_REJECT,
	NLA_BE16, NLA_BE32, NLA_TYPE_COUNT
};

enum {
	NLA_VALIDATE_NONE, NLA_VALIDATE_RANGE, NLA_VALIDATE_RANGE_WARN_TOO_LONG,
	NLA_VALIDATE_MIN, NLA_VALIDATE_MAX, NLA_VALIDATE_MASK,
	NLA_VALIDATE_RANGE_PTR, NLA_VALIDATE_FUNCTION,
};

#define NL_VALIDATE_TRAILING	(1u << 0)
#define NL_VALIDATE_MAXTYPE	(1u << 1)
#define NL_VALIDATE_UNSPEC	(1u << 2)
#define NL_VALIDATE_STRICT_ATTRS (1u << 3)
#define NL_VALIDATE_NESTED	(1u << 4)
#define NL_VALIDATE_STRICT	0x1fu

typedef int16_t s16;

struct netlink_ext_ack;
struct nla_policy {
	u8 type;
	u8 validation_type;
	u16 len;
	union {
		u16 strict_start_type;
		u32 bitfield32_valid;
		u32 mask;
		const char *reject_message;
		const struct nla_policy *nested_policy;
		const struct { u64 min, max; } *range;
		const struct { s64 min, max; } *range_signed;
		struct { s16 min, max; };
		int (*validate)(const struct nlattr *attr,
				struct netlink_ext_ack *extack);
	};
};
KAPI_LAYOUT(sizeof(struct nla_policy) == 16, "Linux 6.1's nla_policy");

struct netlink_ext_ack {
	const char *_msg;
	const struct nlattr *bad_attr;
	const struct nla_policy *policy;
};

static const u8 nla_attr_len[NLA_TYPE_COUNT] = {
	[NLA_U8] = 1, [NLA_U16] = 2, [NLA_U32] = 4, [NLA_U64] = 8,
	[NLA_S8] = 1, [NLA_S16] = 2, [NLA_S32] = 4, [NLA_S64] = 8,
	[NLA_BE16] = 2, [NLA_BE32] = 4,
};

static const u8 nla_attr_minlen[NLA_TYPE_COUNT] = {
	[NLA_U8] = 1, [NLA_U16] = 2, [NLA_U32] = 4, [NLA_U64] = 8,
	[NLA_MSECS] = 8, [NLA_NESTED] = NLA_HDRLEN,
	[NLA_S8] = 1, [NLA_S16] = 2, [NLA_S32] = 4, [NLA_S64] = 8,
	[NLA_BE16] = 2, [NLA_BE32] = 4,
};

static inline int nla_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

static inline void *nla_data(const struct nlattr *nla)
{
	return (char *)nla + NLA_HDRLEN;
}

static inline int nla_type(const struct nlattr *nla)
{
	return nla->nla_type & NLA_TYPE_MASK;
}

#define nla_for_each_attr(pos, head, len, rem)				\
	for (pos = head, rem = len;					\
	     rem >= (int)sizeof(*pos) && pos->nla_len >= sizeof(*pos) &&	\
	     pos->nla_len <= rem;					\
	     rem -= NLA_ALIGN(pos->nla_len),				\
	     pos = (struct nlattr *)((char *)pos + NLA_ALIGN(pos->nla_len)))

static void set_err(struct netlink_ext_ack *extack, const struct nlattr *nla,
		    const struct nla_policy *pt, const char *msg)
{
	if (!extack)
		return;
	extack->_msg = msg;
	extack->bad_attr = nla;
	extack->policy = pt;
}

static int validate_parse(const struct nlattr *head, int len, int maxtype,
			  const struct nla_policy *policy, unsigned int validate,
			  struct netlink_ext_ack *extack, struct nlattr **tb,
			  unsigned int depth);

static bool nla_unsigned(u8 type)
{
	return type == NLA_U8 || type == NLA_U16 || type == NLA_U32 ||
	       type == NLA_U64 || type == NLA_MSECS || type == NLA_BE16 ||
	       type == NLA_BE32 || type == NLA_BINARY;
}

static u64 get_unsigned(const struct nla_policy *pt, const struct nlattr *nla)
{
	const u8 *d = nla_data(nla);
	u64 v = 0;

	switch (pt->type) {
	case NLA_U8: return *d;
	case NLA_U16: memcpy(&v, d, 2); return (u16)v;
	case NLA_U32: memcpy(&v, d, 4); return (u32)v;
	case NLA_BE16: return (u64)d[0] << 8 | d[1];
	case NLA_BE32: return (u64)d[0] << 24 | d[1] << 16 | d[2] << 8 | d[3];
	case NLA_BINARY: return nla_len(nla);
	default: memcpy(&v, d, 8); return v;
	}
}

static s64 get_signed(const struct nla_policy *pt, const struct nlattr *nla)
{
	const void *d = nla_data(nla);
	s64 v;

	switch (pt->type) {
	case NLA_S8: return *(const int8_t *)d;
	case NLA_S16: { int16_t x; memcpy(&x, d, 2); return x; }
	case NLA_S32: { int32_t x; memcpy(&x, d, 4); return x; }
	default: memcpy(&v, d, 8); return v;
	}
}

static u64 type_max(u8 type)
{
	switch (type) {
	case NLA_U8: return 0xff;
	case NLA_U16: case NLA_BE16: case NLA_BINARY: return 0xffff;
	case NLA_U32: case NLA_BE32: return 0xffffffffu;
	default: return ~0ull;
	}
}

static s64 type_smin(u8 type)
{
	return type == NLA_S8 ? -128 : type == NLA_S16 ? -32768 :
	       type == NLA_S32 ? INT32_MIN : INT64_MIN;
}

static s64 type_smax(u8 type)
{
	return type == NLA_S8 ? 127 : type == NLA_S16 ? 32767 :
	       type == NLA_S32 ? INT32_MAX : INT64_MAX;
}

/* nla_validate_int_range: the policy's range for the attribute's type. */
static int validate_int_range(const struct nla_policy *pt,
			      const struct nlattr *nla,
			      struct netlink_ext_ack *extack, unsigned int validate)
{
	if (nla_unsigned(pt->type)) {
		u64 v = get_unsigned(pt, nla), min = 0, max = type_max(pt->type);

		if (pt->validation_type == NLA_VALIDATE_RANGE_PTR) {
			min = pt->range->min;
			max = pt->range->max;
		} else if (pt->validation_type != NLA_VALIDATE_MAX) {
			min = (u64)(s64)pt->min;
			if (pt->validation_type != NLA_VALIDATE_MIN)
				max = (u64)(s64)pt->max;
		} else {
			max = (u64)(s64)pt->max;
		}
		if (pt->type == NLA_BINARY && pt->validation_type ==
		    NLA_VALIDATE_RANGE_WARN_TOO_LONG && v > max) {
			if (validate & NL_VALIDATE_STRICT_ATTRS) {
				set_err(extack, nla, pt, "invalid attribute length");
				return -EINVAL;
			}
			return 0;
		}
		if (v < min || v > max)
			goto range;
		return 0;
	}
	{
		s64 v = get_signed(pt, nla), min = type_smin(pt->type),
		    max = type_smax(pt->type);

		if (pt->validation_type == NLA_VALIDATE_RANGE_PTR) {
			min = pt->range_signed->min;
			max = pt->range_signed->max;
		} else {
			if (pt->validation_type != NLA_VALIDATE_MAX)
				min = pt->min;
			if (pt->validation_type != NLA_VALIDATE_MIN)
				max = pt->max;
		}
		if (v < min || v > max)
			goto range;
		return 0;
	}
range:
	set_err(extack, nla, pt, pt->type == NLA_BINARY ?
		"binary attribute size out of range" : "integer out of range");
	return -ERANGE;
}

static int validate_mask(const struct nla_policy *pt, const struct nlattr *nla,
			 struct netlink_ext_ack *extack)
{
	if (get_unsigned(pt, nla) & ~(u64)pt->mask) {
		set_err(extack, nla, pt, "reserved bit set");
		return -EINVAL;
	}
	return 0;
}

static int validate_nla(const struct nlattr *nla, int maxtype,
			const struct nla_policy *policy, unsigned int validate,
			struct netlink_ext_ack *extack, unsigned int depth)
{
	u16 strict_start_type = policy[0].strict_start_type;
	const struct nla_policy *pt;
	int minlen = 0, attrlen = nla_len(nla), type = nla_type(nla);
	int err = -ERANGE;

	if (strict_start_type && type >= strict_start_type)
		validate |= NL_VALIDATE_STRICT;
	if (type <= 0 || type > maxtype)
		return 0;
	pt = &policy[type];
	if (pt->type >= NLA_TYPE_COUNT)
		__builtin_trap();	/* BUG_ON(pt->type > NLA_TYPE_MAX) */
	if (nla_attr_len[pt->type] && attrlen != nla_attr_len[pt->type]) {
		kapi_printk(KERN_WARNING "netlink: '%s': attribute type %d has an invalid length.\n",
			    "umodd", type);
		if (validate & NL_VALIDATE_STRICT_ATTRS) {
			set_err(extack, nla, pt, "invalid attribute length");
			return -EINVAL;
		}
	}
	if (validate & NL_VALIDATE_NESTED) {
		bool nested = pt->type == NLA_NESTED || pt->type == NLA_NESTED_ARRAY;

		if (nested && !(nla->nla_type & NLA_F_NESTED)) {
			set_err(extack, nla, pt, "NLA_F_NESTED is missing");
			return -EINVAL;
		}
		if (!nested && pt->type != NLA_UNSPEC &&
		    (nla->nla_type & NLA_F_NESTED)) {
			set_err(extack, nla, pt, "NLA_F_NESTED not expected");
			return -EINVAL;
		}
	}
	switch (pt->type) {
	case NLA_REJECT:
		if (extack && pt->reject_message) {
			extack->bad_attr = nla;
			extack->_msg = pt->reject_message;
			return -EINVAL;
		}
		err = -EINVAL;
		goto out_err;
	case NLA_FLAG:
		if (attrlen > 0)
			goto out_err;
		break;
	case NLA_BITFIELD32: {
		u32 bf[2];

		if (attrlen != sizeof(bf))
			goto out_err;
		memcpy(bf, nla_data(nla), sizeof(bf));
		/* value and selector within the valid bits, value within
		 * the selector */
		if ((bf[0] | bf[1]) & ~pt->bitfield32_valid || bf[0] & ~bf[1]) {
			err = -EINVAL;
			goto out_err;
		}
		break;
	}
	case NLA_NUL_STRING:
		minlen = pt->len ? (attrlen < pt->len + 1 ? attrlen : pt->len + 1)
				 : attrlen;
		if (!minlen || !memchr(nla_data(nla), '\0', minlen)) {
			err = -EINVAL;
			goto out_err;
		}
		/* fall through */
	case NLA_STRING:
		if (attrlen < 1)
			goto out_err;
		if (pt->len) {
			const char *buf = nla_data(nla);

			if (buf[attrlen - 1] == '\0')
				attrlen--;
			if (attrlen > pt->len)
				goto out_err;
		}
		break;
	case NLA_BINARY:
		if (pt->len && attrlen > pt->len)
			goto out_err;
		break;
	case NLA_NESTED:
	case NLA_NESTED_ARRAY:
		if (attrlen == 0)
			break;
		if (attrlen < NLA_HDRLEN)
			goto out_err;
		if (pt->nested_policy && pt->type == NLA_NESTED) {
			err = validate_parse(nla_data(nla), nla_len(nla), pt->len,
					     pt->nested_policy, validate, extack,
					     NULL, depth + 1);
			if (err < 0)
				return err;
		} else if (pt->nested_policy) {
			const struct nlattr *entry;
			int rem;

			nla_for_each_attr(entry, (const struct nlattr *)nla_data(nla),
					  nla_len(nla), rem) {
				if (nla_len(entry) == 0)
					continue;
				if (nla_len(entry) < NLA_HDRLEN) {
					set_err(extack, entry, pt,
						"Array element too short");
					return -ERANGE;
				}
				err = validate_parse(nla_data(entry), nla_len(entry),
						     pt->len, pt->nested_policy,
						     validate, extack, NULL,
						     depth + 1);
				if (err < 0)
					return err;
			}
		}
		break;
	case NLA_UNSPEC:
		if (validate & NL_VALIDATE_UNSPEC) {
			set_err(extack, nla, NULL, "Unsupported attribute");
			return -EINVAL;
		}
		if (attrlen < pt->len)
			goto out_err;
		break;
	default:
		minlen = pt->len ? pt->len : nla_attr_minlen[pt->type];
		if (attrlen < minlen)
			goto out_err;
	}

	switch (pt->validation_type) {
	case NLA_VALIDATE_RANGE_PTR:
	case NLA_VALIDATE_RANGE:
	case NLA_VALIDATE_RANGE_WARN_TOO_LONG:
	case NLA_VALIDATE_MIN:
	case NLA_VALIDATE_MAX:
		return validate_int_range(pt, nla, extack, validate);
	case NLA_VALIDATE_MASK:
		return validate_mask(pt, nla, extack);
	case NLA_VALIDATE_FUNCTION:
		return pt->validate ? pt->validate(nla, extack) : 0;
	}
	return 0;
out_err:
	set_err(extack, nla, pt, "Attribute failed policy validation");
	return err;
}

static int validate_parse(const struct nlattr *head, int len, int maxtype,
			  const struct nla_policy *policy, unsigned int validate,
			  struct netlink_ext_ack *extack, struct nlattr **tb,
			  unsigned int depth)
{
	const struct nlattr *nla;
	int rem;

	if (depth >= MAX_POLICY_RECURSION_DEPTH) {
		set_err(extack, NULL, NULL, "allowed policy recursion depth exceeded");
		return -EINVAL;
	}
	if (tb)
		memset(tb, 0, sizeof(*tb) * (maxtype + 1));
	nla_for_each_attr(nla, head, len, rem) {
		int type = nla_type(nla);

		if (type == 0 || type > maxtype) {
			if (validate & NL_VALIDATE_MAXTYPE) {
				set_err(extack, nla, NULL, "Unknown attribute type");
				return -EINVAL;
			}
			continue;
		}
		if (policy) {
			int err = validate_nla(nla, maxtype, policy, validate,
					       extack, depth);
			if (err < 0)
				return err;
		}
		if (tb)
			tb[type] = (struct nlattr *)nla;
	}
	if (rem > 0) {
		kapi_printk(KERN_WARNING "netlink: %d bytes leftover after parsing attributes in process `%s'.\n",
			    rem, "umodd");
		if (extack)
			extack->_msg = "bytes leftover after parsing attributes";
		if (validate & NL_VALIDATE_TRAILING)
			return -EINVAL;
	}
	return 0;
}

int __nla_parse(struct nlattr **tb, int maxtype, const struct nlattr *head,
		int len, const struct nla_policy *policy, unsigned int validate,
		struct netlink_ext_ack *extack)
{
	return validate_parse(head, len, maxtype, policy, validate, extack, tb, 0);
}
EXPORT_SYMBOL(__nla_parse);

int __nla_validate(const struct nlattr *head, int len, int maxtype,
		   const struct nla_policy *policy, unsigned int validate,
		   struct netlink_ext_ack *extack)
{
	return validate_parse(head, len, maxtype, policy, validate, extack, NULL, 0);
}
EXPORT_SYMBOL(__nla_validate);

int nla_policy_len(const struct nla_policy *p, int n)
{
	int i, len = 0;

	for (i = 0; i < n; i++, p++) {
		if (p->len)
			len += NLA_ALIGN(NLA_HDRLEN + p->len);
		else if (nla_attr_len[p->type])
			len += NLA_ALIGN(NLA_HDRLEN + nla_attr_len[p->type]);
		else if (nla_attr_minlen[p->type])
			len += NLA_ALIGN(NLA_HDRLEN + nla_attr_minlen[p->type]);
	}
	return len;
}
EXPORT_SYMBOL(nla_policy_len);

struct nlattr *nla_find(const struct nlattr *head, int len, int attrtype)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_attr(nla, head, len, rem)
		if (nla_type(nla) == attrtype)
			return (struct nlattr *)nla;
	return NULL;
}
EXPORT_SYMBOL(nla_find);

long nla_strscpy(char *dst, const struct nlattr *nla, size_t dstsize)
{
	size_t srclen = nla_len(nla), len;
	const char *src = nla_data(nla);
	long ret;

	if (dstsize == 0 || dstsize > 0xffff)
		return -E2BIG;
	if (srclen > 0 && src[srclen - 1] == '\0')
		srclen--;
	if (srclen >= dstsize) {
		len = dstsize - 1;
		ret = -E2BIG;
	} else {
		len = srclen;
		ret = len;
	}
	memcpy(dst, src, len);
	memset(dst + len, 0, dstsize - len);
	return ret;
}
EXPORT_SYMBOL(nla_strscpy);

char *nla_strdup(const struct nlattr *nla, gfp_t flags)
{
	size_t srclen = nla_len(nla);
	const char *src = nla_data(nla);
	char *dst;

	if (srclen > 0 && src[srclen - 1] == '\0')
		srclen--;
	dst = __kmalloc(srclen + 1, flags);
	if (dst) {
		memcpy(dst, src, srclen);
		dst[srclen] = '\0';
	}
	return dst;
}
EXPORT_SYMBOL(nla_strdup);

int nla_memcpy(void *dest, const struct nlattr *src, int count)
{
	int minlen = count < nla_len(src) ? count : nla_len(src);

	memcpy(dest, nla_data(src), minlen);
	if (count > minlen)
		memset((char *)dest + minlen, 0, count - minlen);
	return minlen;
}
EXPORT_SYMBOL(nla_memcpy);

int nla_memcmp(const struct nlattr *nla, const void *data, size_t size)
{
	int d = nla_len(nla) - (int)size;

	return d ? d : memcmp(nla_data(nla), data, size);
}
EXPORT_SYMBOL(nla_memcmp);

int nla_strcmp(const struct nlattr *nla, const char *str)
{
	int len = strlen(str);
	const char *buf = nla_data(nla);
	int attrlen = nla_len(nla), d;

	if (attrlen > 0 && buf[attrlen - 1] == '\0')
		attrlen--;
	d = attrlen - len;
	return d ? d : memcmp(nla_data(nla), str, len);
}
EXPORT_SYMBOL(nla_strcmp);

/* ---- building: attributes at the skb's tail ---- */
static int nla_attr_size(int payload)
{
	return NLA_HDRLEN + payload;
}

static int nla_total_size(int payload)
{
	return NLA_ALIGN(nla_attr_size(payload));
}

static unsigned int tailroom(const struct sk_buff *skb)
{
	return skb->data_len ? 0 : skb->end - skb->tail;
}

void *skb_put(struct sk_buff *skb, unsigned int len);

struct nlattr *__nla_reserve(struct sk_buff *skb, int attrtype, int attrlen)
{
	struct nlattr *nla = skb_put(skb, nla_total_size(attrlen));

	nla->nla_type = attrtype;
	nla->nla_len = nla_attr_size(attrlen);
	memset((char *)nla + nla->nla_len, 0,
	       nla_total_size(attrlen) - nla_attr_size(attrlen));
	return nla;
}
EXPORT_SYMBOL(__nla_reserve);

struct nlattr *__nla_reserve_64bit(struct sk_buff *skb, int attrtype,
				   int attrlen, int padattr)
{
	(void)padattr;
	return __nla_reserve(skb, attrtype, attrlen);
}
EXPORT_SYMBOL(__nla_reserve_64bit);

void *__nla_reserve_nohdr(struct sk_buff *skb, int attrlen)
{
	void *start = skb_put(skb, NLA_ALIGN(attrlen));

	memset(start, 0, NLA_ALIGN(attrlen));
	return start;
}
EXPORT_SYMBOL(__nla_reserve_nohdr);

struct nlattr *nla_reserve(struct sk_buff *skb, int attrtype, int attrlen)
{
	if (tailroom(skb) < (unsigned int)nla_total_size(attrlen))
		return NULL;
	return __nla_reserve(skb, attrtype, attrlen);
}
EXPORT_SYMBOL(nla_reserve);

struct nlattr *nla_reserve_64bit(struct sk_buff *skb, int attrtype,
				 int attrlen, int padattr)
{
	(void)padattr;
	return nla_reserve(skb, attrtype, attrlen);
}
EXPORT_SYMBOL(nla_reserve_64bit);

void *nla_reserve_nohdr(struct sk_buff *skb, int attrlen)
{
	if (tailroom(skb) < (unsigned int)NLA_ALIGN(attrlen))
		return NULL;
	return __nla_reserve_nohdr(skb, attrlen);
}
EXPORT_SYMBOL(nla_reserve_nohdr);

void __nla_put(struct sk_buff *skb, int attrtype, int attrlen, const void *data)
{
	struct nlattr *nla = __nla_reserve(skb, attrtype, attrlen);

	memcpy(nla_data(nla), data, attrlen);
}
EXPORT_SYMBOL(__nla_put);

void __nla_put_64bit(struct sk_buff *skb, int attrtype, int attrlen,
		     const void *data, int padattr)
{
	(void)padattr;
	__nla_put(skb, attrtype, attrlen, data);
}
EXPORT_SYMBOL(__nla_put_64bit);

void __nla_put_nohdr(struct sk_buff *skb, int attrlen, const void *data)
{
	memcpy(__nla_reserve_nohdr(skb, attrlen), data, attrlen);
}
EXPORT_SYMBOL(__nla_put_nohdr);

int nla_put(struct sk_buff *skb, int attrtype, int attrlen, const void *data)
{
	if (tailroom(skb) < (unsigned int)nla_total_size(attrlen))
		return -EMSGSIZE;
	__nla_put(skb, attrtype, attrlen, data);
	return 0;
}
EXPORT_SYMBOL(nla_put);

int nla_put_64bit(struct sk_buff *skb, int attrtype, int attrlen,
		  const void *data, int padattr)
{
	(void)padattr;
	return nla_put(skb, attrtype, attrlen, data);
}
EXPORT_SYMBOL(nla_put_64bit);

int nla_put_nohdr(struct sk_buff *skb, int attrlen, const void *data)
{
	if (tailroom(skb) < (unsigned int)NLA_ALIGN(attrlen))
		return -EMSGSIZE;
	__nla_put_nohdr(skb, attrlen, data);
	return 0;
}
EXPORT_SYMBOL(nla_put_nohdr);

int nla_append(struct sk_buff *skb, int attrlen, const void *data)
{
	if (tailroom(skb) < (unsigned int)NLA_ALIGN(attrlen))
		return -EMSGSIZE;
	memcpy(skb_put(skb, attrlen), data, attrlen);
	return 0;
}
EXPORT_SYMBOL(nla_append);

/* The netlink:netlink_extack tracepoint NL_SET_ERR_MSG fires: kapi
 * attaches no probe to it, so it records nothing, as Linux's when not
 * enabled. */
void do_trace_netlink_extack(const char *msg)
{
	(void)msg;
}
EXPORT_SYMBOL(do_trace_netlink_extack);

/* ---- netlink message headers ---- */
struct nlmsghdr {
	u32 nlmsg_len;
	u16 nlmsg_type, nlmsg_flags;
	u32 nlmsg_seq, nlmsg_pid;
};
#define NLMSG_ALIGN(len)	(((len) + 3u) & ~3u)
#define NLMSG_HDRLEN		((int)NLMSG_ALIGN(sizeof(struct nlmsghdr)))

struct nlmsghdr *__nlmsg_put(struct sk_buff *skb, u32 portid, u32 seq,
			     int type, int len, int flags)
{
	int size = NLMSG_HDRLEN + len;
	struct nlmsghdr *nlh = skb_put(skb, NLMSG_ALIGN(size));

	nlh->nlmsg_type = type;
	nlh->nlmsg_len = size;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_pid = portid;
	nlh->nlmsg_seq = seq;
	memset((char *)nlh + size, 0, NLMSG_ALIGN(size) - size);
	return nlh;
}
EXPORT_SYMBOL(__nlmsg_put);
