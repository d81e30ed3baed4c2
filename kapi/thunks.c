// SPDX-License-Identifier: MIT
/* thunks.c - the exports of thunks_x86_64.S: EXPORT_SYMBOL needs C names. */
#include <umod/export.h>

#ifdef __x86_64__
#define THUNK(name) void name(void); EXPORT_SYMBOL(name)

THUNK(__fentry__);
THUNK(__x86_return_thunk);
THUNK(__x86_indirect_thunk_rax);
THUNK(__x86_indirect_thunk_rbx);
THUNK(__x86_indirect_thunk_rcx);
THUNK(__x86_indirect_thunk_rdx);
THUNK(__x86_indirect_thunk_rsi);
THUNK(__x86_indirect_thunk_rdi);
THUNK(__x86_indirect_thunk_rbp);
THUNK(__x86_indirect_thunk_r8);
THUNK(__x86_indirect_thunk_r9);
THUNK(__x86_indirect_thunk_r10);
THUNK(__x86_indirect_thunk_r11);
THUNK(__x86_indirect_thunk_r12);
THUNK(__x86_indirect_thunk_r13);
THUNK(__x86_indirect_thunk_r14);
THUNK(__x86_indirect_thunk_r15);
#endif
