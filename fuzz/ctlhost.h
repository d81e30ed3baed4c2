/* SPDX-License-Identifier: MIT */
/*
 * ctlhost.h - the control channel's request handler without its socket
 * (umod_ctl_request), for fuzz/ctl.c and fuzz/protoseed.c.
 *
 * Two hosts: one with modules loaded from the test corpus (a safe corpus:
 * their init and exit run), which serves the requests that only read; one
 * empty, which serves those that would change a host, so inputs cannot
 * change what later inputs see.
 */
#ifndef FUZZ_CTLHOST_H
#define FUZZ_CTLHOST_H

#include <stdbool.h>
#include <stddef.h>

#include "proto.h"

/* moddir holds the corpus (hello.ko, params.ko, stack_a.ko, stack_b.ko). */
void ctlhost_init(const char *moddir);
/* The reply to one request, as the server would send it, in out. */
void ctlhost_handle(const struct umod_msg_hdr *hdr, const void *payload,
		    bool admitted, struct umod_wbuf *out);
/* Abort unless buf holds whole, well-formed messages, the last final. */
void ctlhost_check_reply(const struct umod_wbuf *out);
/* Abort if the host with modules changed. */
void ctlhost_check_state(void);

#endif
