// SPDX-License-Identifier: MIT
/* proto.c - encoding and decoding the control channel's messages. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"

/*
 * Buffers grow through the host's allocator, which the robustness tests
 * make fail (src/fault.c); a program without libumod, as the tools, gets
 * this one, libc's.  A strong definition replaces it at link time.
 */
__attribute__((weak)) void *umod_realloc(void *p, size_t n);
void *umod_realloc(void *p, size_t n)
{
	return realloc(p, n);
}

static void put_le16(unsigned char *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	put_le16(p, v);
	put_le16(p + 2, v >> 16);
}

static void put_le64(unsigned char *p, uint64_t v)
{
	put_le32(p, v);
	put_le32(p + 4, v >> 32);
}

static uint16_t get_le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t get_le32(const unsigned char *p)
{
	return get_le16(p) | (uint32_t)get_le16(p + 2) << 16;
}

static uint64_t get_le64(const unsigned char *p)
{
	return get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

void umod_hdr_encode(unsigned char out[UMOD_PROTO_HDR_LEN],
		     const struct umod_msg_hdr *h)
{
	put_le32(out, h->magic);
	put_le16(out + 4, h->version);
	put_le16(out + 6, h->op);
	put_le32(out + 8, h->flags);
	put_le32(out + 12, h->len);
}

int umod_hdr_decode(const unsigned char in[UMOD_PROTO_HDR_LEN],
		    struct umod_msg_hdr *h)
{
	h->magic = get_le32(in);
	h->version = get_le16(in + 4);
	h->op = get_le16(in + 6);
	h->flags = get_le32(in + 8);
	h->len = get_le32(in + 12);
	if (h->magic != UMOD_PROTO_MAGIC)
		return -EPROTO;
	if (h->version != UMOD_PROTO_VERSION)
		return -EPROTONOSUPPORT;
	if (h->len > UMOD_PROTO_MAX_PAYLOAD)
		return -EMSGSIZE;
	return 0;
}

/* ---- Writing ---- */

void umod_wbuf_free(struct umod_wbuf *b)
{
	free(b->data);
	*b = (struct umod_wbuf){ 0 };
}

/* Room for n more bytes; on failure the buffer is marked and stays put. */
void *umod_wbuf_reserve(struct umod_wbuf *b, size_t n)
{
	size_t cap;
	unsigned char *p;

	if (b->oom)
		return NULL;
	if (n > b->cap - b->len) {
		cap = b->cap ? b->cap : 256;
		while (cap - b->len < n) {
			if (cap > SIZE_MAX / 2)
				goto fail;
			cap *= 2;
		}
		p = umod_realloc(b->data, cap);
		if (!p)
			goto fail;
		b->data = p;
		b->cap = cap;
	}
	p = b->data + b->len;
	b->len += n;
	return p;
fail:
	b->oom = true;
	return NULL;
}

size_t umod_msg_begin(struct umod_wbuf *b, unsigned int op, uint32_t flags)
{
	struct umod_msg_hdr h = {
		UMOD_PROTO_MAGIC, UMOD_PROTO_VERSION, op, flags, 0
	};
	size_t at = b->len;
	unsigned char *p = umod_wbuf_reserve(b, UMOD_PROTO_HDR_LEN);

	if (p)
		umod_hdr_encode(p, &h);
	return at;
}

size_t umod_msg_payload(const struct umod_wbuf *b, size_t msg)
{
	return b->len - msg - UMOD_PROTO_HDR_LEN;
}

int umod_msg_end(struct umod_wbuf *b, size_t msg, uint32_t more_flags)
{
	unsigned char *h;
	size_t len;

	if (b->oom)
		return -ENOMEM;
	len = umod_msg_payload(b, msg);
	if (len > UMOD_PROTO_MAX_PAYLOAD)
		return -EMSGSIZE;
	h = b->data + msg;
	put_le32(h + 8, get_le32(h + 8) | more_flags);
	put_le32(h + 12, len);
	return 0;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* An attribute of n value bytes, framed and padded; NULL when out of room. */
static unsigned char *attr_reserve(struct umod_wbuf *b, unsigned int type,
				   size_t n)
{
	unsigned char *p;

	if (n > UMOD_PROTO_MAX_PAYLOAD) {
		b->oom = true;
		return NULL;
	}
	p = umod_wbuf_reserve(b, UMOD_PROTO_ATTR_HDR_LEN + pad4(n));
	if (!p)
		return NULL;
	put_le32(p, type);
	put_le32(p + 4, n);
	memset(p + UMOD_PROTO_ATTR_HDR_LEN + n, 0, pad4(n) - n);
	return p + UMOD_PROTO_ATTR_HDR_LEN;
}

void umod_put(struct umod_wbuf *b, unsigned int type, const void *v, size_t n)
{
	unsigned char *p = attr_reserve(b, type, n);

	if (p && n)
		memcpy(p, v, n);
}

void umod_put_u32(struct umod_wbuf *b, unsigned int type, uint32_t v)
{
	unsigned char le[4];

	put_le32(le, v);
	umod_put(b, type, le, sizeof(le));
}

void umod_put_u64(struct umod_wbuf *b, unsigned int type, uint64_t v)
{
	unsigned char le[8];

	put_le64(le, v);
	umod_put(b, type, le, sizeof(le));
}

void umod_put_strn(struct umod_wbuf *b, unsigned int type, const char *s,
		   size_t n)
{
	unsigned char *p = attr_reserve(b, type, n + 1);

	if (!p)
		return;
	memcpy(p, s, n);
	p[n] = '\0';
}

void umod_put_str(struct umod_wbuf *b, unsigned int type, const char *s)
{
	umod_put_strn(b, type, s, strlen(s));
}

size_t umod_nest_begin(struct umod_wbuf *b, unsigned int type)
{
	size_t at = b->len;

	attr_reserve(b, type, 0);
	return at;
}

void umod_nest_end(struct umod_wbuf *b, size_t nest)
{
	if (!b->oom)
		put_le32(b->data + nest + 4,
			 b->len - nest - UMOD_PROTO_ATTR_HDR_LEN);
}

/* ---- Reading ---- */

void umod_attr_iter_init(struct umod_attr_iter *it, const void *data,
			 size_t len)
{
	it->p = data;
	it->end = it->p + len;
}

int umod_attr_next(struct umod_attr_iter *it, struct umod_attr_val *a)
{
	size_t left = it->end - it->p;
	uint32_t len;

	if (!left)
		return 0;
	if (left < UMOD_PROTO_ATTR_HDR_LEN)
		return -EBADMSG;
	len = get_le32(it->p + 4);
	/* len first: with a 32-bit size_t, pad4 of a length near 4 GiB wraps */
	if (len > left - UMOD_PROTO_ATTR_HDR_LEN ||
	    pad4(len) > left - UMOD_PROTO_ATTR_HDR_LEN)
		return -EBADMSG;
	a->type = get_le32(it->p);
	a->data = it->p + UMOD_PROTO_ATTR_HDR_LEN;
	a->len = len;
	it->p = a->data + pad4(len);
	return 1;
}

const char *umod_attr_str(const struct umod_attr_val *a)
{
	if (!a->len || memchr(a->data, '\0', a->len) != a->data + a->len - 1)
		return NULL;
	return (const char *)a->data;
}

int umod_attr_u32(const struct umod_attr_val *a, uint32_t *v)
{
	if (a->len != 4)
		return -EBADMSG;
	*v = get_le32(a->data);
	return 0;
}

int umod_attr_u64(const struct umod_attr_val *a, uint64_t *v)
{
	if (a->len != 8)
		return -EBADMSG;
	*v = get_le64(a->data);
	return 0;
}

int umod_proto_default_path(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	int n;

	if (xdg && *xdg == '/')
		n = snprintf(buf, len, "%s/umod/umodd.sock", xdg);
	else if (geteuid() == 0)
		n = snprintf(buf, len, "/run/umod/umodd.sock");
	else
		n = snprintf(buf, len, "/tmp/umod-%u/umodd.sock",
			     (unsigned int)geteuid());
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
