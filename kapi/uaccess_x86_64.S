/* SPDX-License-Identifier: MIT */
/*
 * uaccess_x86_64.S - get_user and put_user, which x86-64 modules call
 * with their own convention (arch/x86/lib/getuser.S, putuser.S): the
 * address in %rax (get) or %rcx (put), the value in %rdx (get's result)
 * or %rax (put's), the error in %rax (get) or %ecx (put); nothing else
 * is clobbered.  The "user" memory is this process's (usercopy.c), so
 * each is one move and error 0.
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
#endif
	.section .note.GNU-stack, "", @progbits
