// SPDX-License-Identifier: MIT
/* test-proto.c - the control channel's encoding, and its reader's limits. */
#include <errno.h>
#include <string.h>

#include "proto.h"
#include "tap.h"

static void test_roundtrip(void)
{
	struct umod_wbuf b = { 0 };
	struct umod_msg_hdr h;
	struct umod_attr_iter it, in;
	struct umod_attr_val a, v;
	size_t m, nest;
	uint32_t u32 = 0;
	uint64_t u64 = 0;

	m = umod_msg_begin(&b, UMOD_OP_LIST, 7);
	umod_put_str(&b, UMOD_A_NAME, "abc");
	nest = umod_nest_begin(&b, UMOD_A_MODULE);
	umod_put_u32(&b, UMOD_A_REFCNT, 0xdeadbeef);
	umod_put_u64(&b, UMOD_A_SIZE, 0x0123456789abcdefull);
	umod_nest_end(&b, nest);
	umod_put_strn(&b, UMOD_A_TEXT, "hello world", 5);
	is_int(umod_msg_end(&b, m, UMOD_MSG_MORE), 0, "a message is closed");
	is_int(b.len % 4, 0, "attributes keep 4-byte alignment");

	is_int(umod_hdr_decode(b.data, &h), 0, "its header decodes");
	ok(h.op == UMOD_OP_LIST && h.flags == (7 | UMOD_MSG_MORE) &&
	   h.len == b.len - UMOD_PROTO_HDR_LEN, "op, flags and length as written");
	ok(b.data[0] == 'U' && b.data[1] == 'M' && b.data[2] == 'O' &&
	   b.data[3] == 'D', "the magic reads UMOD");

	umod_attr_iter_init(&it, b.data + UMOD_PROTO_HDR_LEN, h.len);
	ok(umod_attr_next(&it, &a) == 1 && a.type == UMOD_A_NAME &&
	   umod_attr_str(&a) && !strcmp(umod_attr_str(&a), "abc"), "a string");
	ok(umod_attr_next(&it, &a) == 1 && a.type == UMOD_A_MODULE, "a nest");
	umod_attr_iter_init(&in, a.data, a.len);
	ok(umod_attr_next(&in, &v) == 1 && !umod_attr_u32(&v, &u32) &&
	   u32 == 0xdeadbeef, "a u32 inside it");
	ok(umod_attr_next(&in, &v) == 1 && !umod_attr_u64(&v, &u64) &&
	   u64 == 0x0123456789abcdefull, "a u64 inside it");
	is_int(umod_attr_next(&in, &v), 0, "the nest ends there");
	ok(umod_attr_next(&it, &a) == 1 && umod_attr_str(&a) &&
	   !strcmp(umod_attr_str(&a), "hello"), "a counted string");
	is_int(umod_attr_next(&it, &a), 0, "the payload ends there");
	umod_wbuf_free(&b);
}

static void test_header_limits(void)
{
	struct umod_msg_hdr h = { UMOD_PROTO_MAGIC, UMOD_PROTO_VERSION, 1, 0, 0 };
	unsigned char raw[UMOD_PROTO_HDR_LEN];

	h.len = UMOD_PROTO_MAX_PAYLOAD;
	umod_hdr_encode(raw, &h);
	is_int(umod_hdr_decode(raw, &h), 0, "a 1 MiB payload is allowed");
	h.len = UMOD_PROTO_MAX_PAYLOAD + 1;
	umod_hdr_encode(raw, &h);
	is_int(umod_hdr_decode(raw, &h), -EMSGSIZE, "one byte more is not");
	h.len = 0;
	h.version = 2;
	umod_hdr_encode(raw, &h);
	is_int(umod_hdr_decode(raw, &h), -EPROTONOSUPPORT, "another version");
	h.version = UMOD_PROTO_VERSION;
	h.magic = 0x4d4f4455;
	umod_hdr_encode(raw, &h);
	is_int(umod_hdr_decode(raw, &h), -EPROTO, "another magic");
}

static void test_bad_attrs(void)
{
	/* type 3, claims 9 bytes, has 8 */
	unsigned char cut[16] = { 3, 0, 0, 0, 9, 0, 0, 0, 'a', 'b', 'c', 0 };
	unsigned char hdr_only[6] = { 3, 0, 0, 0, 0, 0 };
	unsigned char nonul[12] = { 3, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 'c', 0 };
	unsigned char inner[12] = { 3, 0, 0, 0, 3, 0, 0, 0, 'a', 0, 'c', 0 };
	unsigned char huge[8] = { 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
	struct umod_attr_iter it;
	struct umod_attr_val a;
	uint32_t u32;
	uint64_t u64;

	umod_attr_iter_init(&it, cut, sizeof(cut));
	is_int(umod_attr_next(&it, &a), -EBADMSG, "a value past the end");
	umod_attr_iter_init(&it, cut, 12);
	is_int(umod_attr_next(&it, &a), -EBADMSG, "padding past the end");
	umod_attr_iter_init(&it, hdr_only, sizeof(hdr_only));
	is_int(umod_attr_next(&it, &a), -EBADMSG, "half an attribute header");
	umod_attr_iter_init(&it, huge, sizeof(huge));
	is_int(umod_attr_next(&it, &a), -EBADMSG, "a length near 4 GiB");

	umod_attr_iter_init(&it, nonul, sizeof(nonul));
	ok(umod_attr_next(&it, &a) == 1 && !umod_attr_str(&a),
	   "a string without its NUL is refused");
	umod_attr_iter_init(&it, inner, sizeof(inner));
	ok(umod_attr_next(&it, &a) == 1 && !umod_attr_str(&a),
	   "a string with a NUL inside is refused");
	is_int(umod_attr_u32(&a, &u32), -EBADMSG, "3 bytes are no u32");
	is_int(umod_attr_u64(&a, &u64), -EBADMSG, "nor a u64");
}

static void test_oversize(void)
{
	static char big[UMOD_PROTO_MAX_PAYLOAD / 2];
	struct umod_wbuf b = { 0 };
	size_t m;

	memset(big, 'x', sizeof(big));
	m = umod_msg_begin(&b, UMOD_OP_LOG, 0);
	umod_put(&b, UMOD_A_TEXT, big, sizeof(big));
	umod_put(&b, UMOD_A_TEXT, big, sizeof(big));
	is_int(umod_msg_end(&b, m, 0), -EMSGSIZE, "a message over 1 MiB is not closed");
	umod_wbuf_free(&b);
}

int main(void)
{
	test_roundtrip();
	test_header_limits();
	test_bad_attrs();
	test_oversize();
	return done_testing();
}
