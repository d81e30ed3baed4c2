// SPDX-License-Identifier: MIT
/*
 * fuzz/ctl.c - the control channel's request decoder, host side: a
 * header and a payload as the server reads them off a client's socket,
 * handled by src/ctl/ops.c for an admitted client and for a guest.  The
 * reply must be well-formed and the host unchanged by what only reads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctlhost.h"

#ifndef FUZZ_MODULES
#error "FUZZ_MODULES: the directory of the module corpus"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	ctlhost_init(FUZZ_MODULES);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct umod_msg_hdr hdr;
	unsigned char *payload;

	if (size < UMOD_PROTO_HDR_LEN || umod_hdr_decode(data, &hdr))
		return 0;	/* the server answers ERROR and closes */
	/* The server reads exactly hdr.len bytes; take what there is. */
	hdr.len = size - UMOD_PROTO_HDR_LEN;
	payload = malloc(hdr.len ? hdr.len : 1);
	if (!payload)
		return 0;
	memcpy(payload, data + UMOD_PROTO_HDR_LEN, hdr.len);
	for (int admitted = 0; admitted < 2; admitted++) {
		struct umod_wbuf out = { 0 };

		ctlhost_handle(&hdr, payload, admitted, &out);
		ctlhost_check_reply(&out);
		umod_wbuf_free(&out);
	}
	free(payload);
	ctlhost_check_state();
	return 0;
}
