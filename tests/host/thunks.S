/* SPDX-License-Identifier: MIT */
/*
 * thunks.S - the code-generation hooks a genuine Linux module calls, as
 * the kernel provides them: __fentry__ (-pg -mfentry), the return thunk
 * (-mfunction-return=thunk-extern) and the retpoline thunks
 * (-mindirect-branch=thunk-extern), here without the speculation guards.
 */
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

	.macro	THUNK reg
	.globl	__x86_indirect_thunk_\reg
	.type	__x86_indirect_thunk_\reg, @function
__x86_indirect_thunk_\reg:
	jmp	*%\reg
	.size	__x86_indirect_thunk_\reg, . - __x86_indirect_thunk_\reg
	.endm

	THUNK rax
	THUNK rbx
	THUNK rcx
	THUNK rdx
	THUNK rsi
	THUNK rdi
	THUNK rbp
	THUNK r8
	THUNK r9
	THUNK r10
	THUNK r11
	THUNK r12
	THUNK r13
	THUNK r14
	THUNK r15

	.section .note.GNU-stack, "", @progbits
