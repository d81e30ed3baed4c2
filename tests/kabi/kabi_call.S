/* SPDX-License-Identifier: MIT */
/*
 * long kabi_call(const void *fn, a, b, c, d, e): fn(a, b, c, d, e), entered
 * with %rsp 8 bytes off the 16-byte alignment the psABI promises, as code
 * built with Linux's -mpreferred-stack-boundary=3 may call.  No vector
 * arguments (%al = 0), as in Linux, which has no FPU in the kernel.
 */
	.text
	.globl	kabi_call
	.type	kabi_call, @function
kabi_call:
	push	%rbp
	mov	%rsp, %rbp
	mov	%rdi, %r11
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	mov	%r8, %rcx
	mov	%r9, %r8
	and	$-16, %rsp
	sub	$8, %rsp		/* the callee sees %rsp % 16 == 0 */
	xor	%eax, %eax
	call	*%r11
	leave
	ret
	.size	kabi_call, . - kabi_call

	.section .note.GNU-stack, "", @progbits
