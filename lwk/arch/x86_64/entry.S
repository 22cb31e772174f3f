/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel entry and exit: the 256 interrupt/exception stubs, the SYSCALL
 * entry, and the common return path. All build a struct trap_frame
 * (<arch/trapframe.h>) and call C with a pointer to it. The kernel runs
 * with interrupts off; user mode runs with them on.
 */
#include <arch/percpu.h>

#define USER_DS 0x1b
#define USER_CS 0x23
#define TF_CS 24 /* offset of cs from the vector field */

	.macro SAVE_REGS
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	.endm

	.macro RESTORE_REGS
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	.endm

/*
 * One 16-byte stub per vector. Vectors where the CPU pushes no error
 * code get a zero, so every frame has the same shape.
 */
	.text
	.align 16
	.globl trap_stubs
trap_stubs:
	vector = 0
	.rept 256
	.align 16
	.if vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30
	.else
	pushq $0
	.endif
	pushq $vector
	jmp trap_common
	vector = vector + 1
	.endr

trap_common:
	testb $3, TF_CS(%rsp)
	jz 1f
	swapgs
1:	SAVE_REGS
	cld
	mov %rsp, %rdi
	call trap_dispatch
	/* fall through */

	.globl trap_return
trap_return:
	RESTORE_REGS
	testb $3, TF_CS(%rsp)
	jz 2f
	swapgs
2:	add $16, %rsp                   /* vector, error */
	iretq

/*
 * SYSCALL: RCX = user RIP, R11 = user RFLAGS, IF cleared by FMASK. Build
 * the same frame as an interrupt so that one return path serves both
 * (iretq also avoids SYSRET's non-canonical-RCX pitfall).
 */
	.globl syscall_entry
syscall_entry:
	swapgs
	mov %rsp, %gs:PERCPU_USER_RSP
	mov %gs:PERCPU_KSTACK_TOP, %rsp
	pushq $USER_DS
	pushq %gs:PERCPU_USER_RSP
	pushq %r11
	pushq $USER_CS
	pushq %rcx
	pushq $0                        /* error */
	pushq $-1                       /* vector: TRAP_VECTOR_SYSCALL */
	SAVE_REGS
	cld
	mov %rsp, %rdi
	call syscall_dispatch
	jmp trap_return

/* void arch_return_to_user(struct trap_frame *tf) */
	.globl arch_return_to_user
arch_return_to_user:
	mov %rdi, %rsp
	jmp trap_return

/*
 * void arch_switch_stack(uint64_t *save_rsp, uint64_t new_rsp)
 * Saves the callee-saved registers on this stack, stores RSP in
 * *save_rsp, switches to new_rsp and pops the registers saved there.
 */
	.globl arch_switch_stack
arch_switch_stack:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

/*
 * Where a new thread starts: arch_switch_stack() "returns" here with RSP
 * at the thread's trap frame (see thread_set_user_frame()).
 */
	.globl thread_first_entry
thread_first_entry:
	call sched_new_thread_tail
	jmp trap_return
