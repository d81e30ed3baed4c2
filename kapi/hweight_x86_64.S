/* SPDX-License-Identifier: MIT */
/*
 * hweight_x86_64.S - __sw_hweight32 and __sw_hweight64, the population
 * counts x86-64 Linux's hweight32/64 call where the CPU has no POPCNT.
 * The call is made from inline asm that names %rdi in and %rax out and
 * clobbers nothing else, so these keep every other register, as Linux's
 * own (arch/x86/lib/hweight.S) do.  hweight.c exports them.
 */
#ifdef __x86_64__
	.text

	/* bit counts of 2, 4, then 8 bits; the multiply sums the bytes */
	.globl	__sw_hweight64
	.type	__sw_hweight64, @function
__sw_hweight64:
	push	%rdx
	push	%rcx
	mov	%rdi, %rax
	mov	%rax, %rdx
	shr	$1, %rdx
	movabs	$0x5555555555555555, %rcx
	and	%rcx, %rdx
	sub	%rdx, %rax
	movabs	$0x3333333333333333, %rcx
	mov	%rax, %rdx
	shr	$2, %rax
	and	%rcx, %rdx
	and	%rcx, %rax
	add	%rdx, %rax
	mov	%rax, %rdx
	shr	$4, %rdx
	add	%rdx, %rax
	movabs	$0x0f0f0f0f0f0f0f0f, %rcx
	and	%rcx, %rax
	movabs	$0x0101010101010101, %rcx
	imul	%rcx, %rax
	shr	$56, %rax
	pop	%rcx
	pop	%rdx
	ret
	.size	__sw_hweight64, . - __sw_hweight64

	.globl	__sw_hweight32
	.type	__sw_hweight32, @function
__sw_hweight32:
	push	%rdx
	mov	%edi, %eax
	mov	%eax, %edx
	shr	$1, %edx
	and	$0x55555555, %edx
	sub	%edx, %eax
	mov	%eax, %edx
	shr	$2, %eax
	and	$0x33333333, %edx
	and	$0x33333333, %eax
	add	%edx, %eax
	mov	%eax, %edx
	shr	$4, %edx
	add	%edx, %eax
	and	$0x0f0f0f0f, %eax
	imul	$0x01010101, %eax, %eax
	shr	$24, %eax
	pop	%rdx
	ret
	.size	__sw_hweight32, . - __sw_hweight32
#endif
	.section .note.GNU-stack, "", @progbits
