/* SPDX-License-Identifier: MIT */
/*
 * proto.h - the control channel's wire format, shared by the host side
 * (src/ctl/) and the tools (libtools/hostconn.c).  docs/protocol.md is the
 * description; this is the one definition.
 *
 * A message is a 16-byte header and a payload of attributes.  Every
 * integer is little-endian.  Attributes are type-length-value records
 * padded to 4 bytes; strings carry their terminating NUL; nested records
 * (one module, one symbol, one log record) are attributes whose value is
 * itself a sequence of attributes.  Readers skip attribute types they do
 * not know, so a version can grow by adding attributes.
 */
#ifndef UMOD_PROTO_H
#define UMOD_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UMOD_PROTO_MAGIC	0x444f4d55u	/* "UMOD" */
#define UMOD_PROTO_VERSION	1
#define UMOD_PROTO_HDR_LEN	16
#define UMOD_PROTO_MAX_PAYLOAD	(1u << 20)	/* 1 MiB, either direction */
#define UMOD_PROTO_ATTR_HDR_LEN	8

enum umod_op {
	UMOD_OP_ERROR,		/* host to client: protocol error, then close */
	UMOD_OP_INIT,		/* finit_module: fd (SCM_RIGHTS) + PARAMS */
	UMOD_OP_DELETE,		/* delete_module: NAME */
	UMOD_OP_LIST,		/* /proc/modules */
	UMOD_OP_SYMBOLS,	/* /proc/kallsyms */
	UMOD_OP_PARAM_GET,	/* /sys/module/NAME/parameters/PARAM */
	UMOD_OP_PARAM_SET,
	UMOD_OP_RELEASE,	/* uname -r */
	UMOD_OP_LOG,		/* dmesg */
	UMOD_OP_KERNELD,	/* this connection becomes the kerneld channel */
	UMOD_OP_AUTOCLEAN,	/* one autoclean sweep: delete_module(NULL) */
	UMOD_OP_NUM,
};

/* Header flags.  In a request they are the op's own flags; in a reply
 * only UMOD_MSG_MORE: further reply messages follow. */
#define UMOD_MSG_MORE		(1u << 31)
#define UMOD_SYMBOLS_ALL	1u	/* every symbol, not exports only */
#define UMOD_LOG_CLEAR		1u	/* empty the ring after reading */
#define UMOD_LOG_FOLLOW		2u	/* then send new records as they come */
/* INIT takes UMOD_INIT_*, DELETE UMOD_UNLOAD_* from <umod/host.h>. */
/* On the kerneld channel, what the host asks: */
#define UMOD_KERNELD_LOAD	1u	/* modprobe NAME */
#define UMOD_KERNELD_RELEASE	2u	/* modprobe -r NAME */

enum umod_attr {
	UMOD_A_UNSPEC,
	UMOD_A_ERRNO,		/* u32: 0 or a positive errno; ends a reply */
	UMOD_A_MSG,		/* str: the host's precise reason */
	UMOD_A_NAME,		/* str: module or symbol name */
	UMOD_A_PARAMS,		/* str: INIT's parameter line */
	UMOD_A_PARAM,		/* str: parameter name */
	UMOD_A_VALUE,		/* str: parameter value, release string */
	UMOD_A_MODULE,		/* nest: one /proc/modules line */
	UMOD_A_SIZE,		/* u64 */
	UMOD_A_REFCNT,		/* u32, as a signed 32-bit number */
	UMOD_A_USER,		/* str, repeated: a module using this one */
	UMOD_A_STATE,		/* u32: enum module_state */
	UMOD_A_ADDR,		/* u64: 0 when hidden from the client */
	UMOD_A_TAINTS,		/* u32: UMOD_TAINT_* */
	UMOD_A_MODFLAGS,	/* u32: UMOD_PROTO_MOD_* */
	UMOD_A_SYMBOL,		/* nest: one /proc/kallsyms line */
	UMOD_A_TYPE,		/* u32: the kallsyms letter */
	UMOD_A_OWNER,		/* str: the symbol's module; absent: the host */
	UMOD_A_RECORD,		/* nest: one log record */
	UMOD_A_SEQ,		/* u64 */
	UMOD_A_TIME,		/* u64: microseconds since the host started */
	UMOD_A_LEVEL,		/* u32: the KERN_ level, 0-7 */
	UMOD_A_TEXT,		/* str */
	UMOD_A_STATUS,		/* u32: modprobe's exit status (kerneld) */
	UMOD_A_PROBLEM,		/* str, repeated: one problem a load found */
	UMOD_A_EPOCH,		/* u64: LOG reply: when TIME was 0, in µs since the Epoch */
	UMOD_A_NUM,
};

#define UMOD_PROTO_MOD_AUTOCLEAN 1u

struct umod_msg_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t op;
	uint32_t flags;
	uint32_t len;		/* payload bytes that follow */
};

void umod_hdr_encode(unsigned char out[UMOD_PROTO_HDR_LEN],
		     const struct umod_msg_hdr *h);
/* 0, or -EPROTO (not ours), -EPROTONOSUPPORT (version), -EMSGSIZE. */
int umod_hdr_decode(const unsigned char in[UMOD_PROTO_HDR_LEN],
		    struct umod_msg_hdr *h);

/* ---- Writing: a growing buffer of whole messages ---- */

struct umod_wbuf {
	unsigned char *data;
	size_t len, cap;
	bool oom;		/* an append failed; the contents are void */
};

void umod_wbuf_free(struct umod_wbuf *b);
/* n more bytes at the end, or NULL (and oom set). */
void *umod_wbuf_reserve(struct umod_wbuf *b, size_t n);
/* Start a message; returns where it begins, for umod_msg_end. */
size_t umod_msg_begin(struct umod_wbuf *b, unsigned int op, uint32_t flags);
/* Patch the length in; -EMSGSIZE if the payload outgrew the limit. */
int umod_msg_end(struct umod_wbuf *b, size_t msg, uint32_t more_flags);
size_t umod_msg_payload(const struct umod_wbuf *b, size_t msg);

void umod_put(struct umod_wbuf *b, unsigned int type, const void *v, size_t n);
void umod_put_u32(struct umod_wbuf *b, unsigned int type, uint32_t v);
void umod_put_u64(struct umod_wbuf *b, unsigned int type, uint64_t v);
void umod_put_str(struct umod_wbuf *b, unsigned int type, const char *s);
/* n bytes of s, then a NUL. */
void umod_put_strn(struct umod_wbuf *b, unsigned int type, const char *s,
		   size_t n);
size_t umod_nest_begin(struct umod_wbuf *b, unsigned int type);
void umod_nest_end(struct umod_wbuf *b, size_t nest);

/* ---- Reading: attributes of a received payload ---- */

struct umod_attr_iter {
	const unsigned char *p, *end;
};

struct umod_attr_val {
	unsigned int type;
	const unsigned char *data;
	size_t len;
};

void umod_attr_iter_init(struct umod_attr_iter *it, const void *data,
			 size_t len);
/* 1 with *a filled, 0 at the end, -EBADMSG if the record is cut short. */
int umod_attr_next(struct umod_attr_iter *it, struct umod_attr_val *a);

/* Typed views; NULL / -EBADMSG when the value has the wrong shape. */
const char *umod_attr_str(const struct umod_attr_val *a);
int umod_attr_u32(const struct umod_attr_val *a, uint32_t *v);
int umod_attr_u64(const struct umod_attr_val *a, uint64_t *v);

/* The host's socket when none is named: $XDG_RUNTIME_DIR/umod/umodd.sock,
 * /run/umod/umodd.sock for root, else /tmp/umod-UID/umodd.sock.
 * -ENAMETOOLONG if it does not fit in len. */
int umod_proto_default_path(char *buf, size_t len);

#endif /* UMOD_PROTO_H */
