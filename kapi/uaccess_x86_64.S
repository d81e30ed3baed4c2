/* SPDX-License-Identifier: MIT */
/*
 * uaccess_x86_64.S - get_user and put_user, which x86-64 modules call
 * with their own convention (arch/x86/lib/getuser.S, putuser.S): the
 * address in %rax (get) or %rcx (put), the value in %rdx (get's result)
 * or %rax (put's), the error in %rax (get) or %ecx (put); nothing else
 * is clobbered.  The "user" memory is this process's (usercopy.c), so
 * each is one move and error 0.  And clear_user's out-of-line forms,
 * which the kernel's alternatives would call instead of its inline
 * `rep stosb`.
 */
#ifdef __x86_64__
	.text

	.macro	GET_USER size, insn, reg
	.globl	__get_user_\size
	.type	__get_user_\size, @function
__get_user_\size:
	\insn	(%rax), \reg
	xorl	%eax, %eax
	ret
	.size	__get_user_\size, . - __get_user_\size
	.globl	__get_user_nocheck_\size
	.set	__get_user_nocheck_\size, __get_user_\size
	.endm

	GET_USER 1, movzbl, %edx
	GET_USER 2, movzwl, %edx
	GET_USER 4, movl, %edx
	GET_USER 8, movq, %rdx

	.macro	PUT_USER size, reg
	.globl	__put_user_\size
	.type	__put_user_\size, @function
__put_user_\size:
	mov	\reg, (%rcx)
	xorl	%ecx, %ecx
	ret
	.size	__put_user_\size, . - __put_user_\size
	.globl	__put_user_nocheck_\size
	.set	__put_user_nocheck_\size, __put_user_\size
	.endm

	PUT_USER 1, %al
	PUT_USER 2, %ax
	PUT_USER 4, %eax
	PUT_USER 8, %rax

	/* clear_user()'s out-of-line forms: %rcx bytes at %rdi, %rax 0 on
	 * entry; %rcx back is what was not cleared, 0. */
	.globl	clear_user_erms
	.type	clear_user_erms, @function
clear_user_erms:
	rep stosb
	ret
	.size	clear_user_erms, . - clear_user_erms
	.globl	clear_user_rep_good
	.set	clear_user_rep_good, clear_user_erms
	.globl	clear_user_original
	.set	clear_user_original, clear_user_erms
#endif
	.section .note.GNU-stack, "", @progbits
