/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Assembler macros the two entry paths share (svm_run.S, vmx_run.S):
 * moving the guest's general registers between the CPU and its struct
 * guest_gprs (offsets from asm-offsets.h), and the callee-saved ones.
 * Included from assembly only.
 */
#ifndef V3VMM_GUEST_GPRS_H
#define V3VMM_GUEST_GPRS_H

#include "asm-offsets.h"

/* Every guest register but RAX from the struct guest_gprs at %rsi;
 * %rsi itself last. */
.macro LOAD_GUEST_GPRS
	mov G_RBX(%rsi), %rbx
	mov G_RCX(%rsi), %rcx
	mov G_RDX(%rsi), %rdx
	mov G_RDI(%rsi), %rdi
	mov G_RBP(%rsi), %rbp
	mov G_R8(%rsi), %r8
	mov G_R9(%rsi), %r9
	mov G_R10(%rsi), %r10
	mov G_R11(%rsi), %r11
	mov G_R12(%rsi), %r12
	mov G_R13(%rsi), %r13
	mov G_R14(%rsi), %r14
	mov G_R15(%rsi), %r15
	mov G_RSI(%rsi), %rsi
.endm

/* Every guest register but RAX and RSI to the struct guest_gprs at %rsi. */
.macro SAVE_GUEST_GPRS
	mov %rbx, G_RBX(%rsi)
	mov %rcx, G_RCX(%rsi)
	mov %rdx, G_RDX(%rsi)
	mov %rdi, G_RDI(%rsi)
	mov %rbp, G_RBP(%rsi)
	mov %r8, G_R8(%rsi)
	mov %r9, G_R9(%rsi)
	mov %r10, G_R10(%rsi)
	mov %r11, G_R11(%rsi)
	mov %r12, G_R12(%rsi)
	mov %r13, G_R13(%rsi)
	mov %r14, G_R14(%rsi)
	mov %r15, G_R15(%rsi)
.endm

/* No guest value left in a register, even speculatively (RAX and RSP
 * are the caller's business; the callee-saved ones are popped back). */
.macro CLEAR_GUEST_GPRS
	xor %ebx, %ebx
	xor %ecx, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	xor %ebp, %ebp
	xor %r8d, %r8d
	xor %r9d, %r9d
	xor %r10d, %r10d
	xor %r11d, %r11d
	xor %r12d, %r12d
	xor %r13d, %r13d
	xor %r14d, %r14d
	xor %r15d, %r15d
.endm

.macro PUSH_CALLEE_SAVED
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
.endm

.macro POP_CALLEE_SAVED
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
.endm

#endif
