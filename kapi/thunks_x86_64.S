/* SPDX-License-Identifier: MIT */
/*
 * thunks.S - what the x86-64 Linux build makes every module call, here
 * without the speculation defences a user process cannot apply:
 * __fentry__ (-mfentry, a ret), the return thunk (-mfunction-return=
 * thunk-extern, a ret) and the retpolines (-mindirect-branch=thunk-extern,
 * one plain jmp *%reg each).  thunks.c exports them.
 */
#ifdef __x86_64__
	.text

	.globl	__fentry__
	.type	__fentry__, @function
__fentry__:
	ret
	.size	__fentry__, . - __fentry__

	.globl	__x86_return_thunk
	.type	__x86_return_thunk, @function
__x86_return_thunk:
	ret
	int3
	.size	__x86_return_thunk, . - __x86_return_thunk

	.macro	INDIRECT_THUNK reg
	.globl	__x86_indirect_thunk_\reg
	.type	__x86_indirect_thunk_\reg, @function
__x86_indirect_thunk_\reg:
	jmp	*%\reg
	int3
	.size	__x86_indirect_thunk_\reg, . - __x86_indirect_thunk_\reg
	.endm

	INDIRECT_THUNK rax
	INDIRECT_THUNK rbx
	INDIRECT_THUNK rcx
	INDIRECT_THUNK rdx
	INDIRECT_THUNK rsi
	INDIRECT_THUNK rdi
	INDIRECT_THUNK rbp
	INDIRECT_THUNK r8
	INDIRECT_THUNK r9
	INDIRECT_THUNK r10
	INDIRECT_THUNK r11
	INDIRECT_THUNK r12
	INDIRECT_THUNK r13
	INDIRECT_THUNK r14
	INDIRECT_THUNK r15
#endif
	.section .note.GNU-stack, "", @progbits
