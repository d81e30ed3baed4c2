/* SPDX-License-Identifier: MIT */
/*
 * paravirt_x86_64.S - the interrupt-flag operations of pv_ops
 * (paravirt.c), which genuine x86-64 code calls through PV_CALLEE_SAVE:
 * the call site keeps everything but %rax live across them, as Linux's
 * callee-save thunks guarantee.  The flag is the calling thread's
 * kapi_irq_flags (initial-exec TLS, here): X86_EFLAGS_IF while "interrupts" are
 * on, as in process context; there are no interrupts to hold off.
 */
#ifdef __x86_64__
	.text

	/* save_fl: the flags word, IF alone */
	.globl	kapi_pv_save_fl
	.type	kapi_pv_save_fl, @function
kapi_pv_save_fl:
	movq	kapi_irq_flags@GOTTPOFF(%rip), %rax
	movq	%fs:(%rax), %rax
	ret
	.size	kapi_pv_save_fl, .-kapi_pv_save_fl

	.globl	kapi_pv_irq_disable
	.type	kapi_pv_irq_disable, @function
kapi_pv_irq_disable:
	push	%rax
	movq	kapi_irq_flags@GOTTPOFF(%rip), %rax
	movq	$0, %fs:(%rax)
	pop	%rax
	ret
	.size	kapi_pv_irq_disable, .-kapi_pv_irq_disable

	.globl	kapi_pv_irq_enable
	.type	kapi_pv_irq_enable, @function
kapi_pv_irq_enable:
	push	%rax
	movq	kapi_irq_flags@GOTTPOFF(%rip), %rax
	movq	$0x200, %fs:(%rax)
	pop	%rax
	ret
	.size	kapi_pv_irq_enable, .-kapi_pv_irq_enable

	/* the flag, per thread: on (X86_EFLAGS_IF) in every new thread */
	.section .tdata,"awT",@progbits
	.align	8
	.type	kapi_irq_flags, @object
	.size	kapi_irq_flags, 8
kapi_irq_flags:
	.quad	0x200

	.section .note.GNU-stack,"",@progbits
#endif
