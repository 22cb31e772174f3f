/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One trip into the guest: svm_vmrun(vmcb_pa, gprs, host_save_pa).
 * VMRUN switches RAX, RSP, RIP and the control state; the other general
 * registers are loaded from and saved to *gprs here. VMLOAD/VMSAVE switch
 * the hidden state VMRUN leaves alone (FS, GS and KERNEL_GS bases, TR,
 * LDTR, STAR/LSTAR/CSTAR/SFMASK, SYSENTER): the host's copy, with Linux's
 * per-CPU GS base that stack-protector code reads, is restored right
 * after the exit. Runs with GIF clear.
 *
 * Speculation: the guest is untrusted and the VMM runs on Linux's page
 * tables, so the host's mitigations are applied as KVM applies them, by
 * the same alternatives (patched at module load to what this CPU needs):
 * CPU buffers cleared before VMRUN; after the exit, return predictions
 * untrained (RETBleed/SRSO), an IBPB where Linux wants one on VM exit,
 * the return stack refilled, and no guest value left in a register.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>

#define G_RBX 0
#define G_RCX 8
#define G_RDX 16
#define G_RSI 24
#define G_RDI 32
#define G_RBP 40
#define G_R8 48
#define G_R9 56
#define G_R10 64
#define G_R11 72
#define G_R12 80
#define G_R13 88
#define G_R14 96
#define G_R15 104

	.text
SYM_FUNC_START(svm_vmrun)
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdx		/* host_save_pa */
	push %rsi		/* gprs */

	mov %rdi, %rax
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

	vmload %rax
	VM_CLEAR_CPU_BUFFERS
	vmrun %rax
	vmsave %rax

	/* RAX and RSP are the host's again (from the host save area). */
	push %rsi
	mov 8(%rsp), %rsi	/* gprs */
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
	pop %rax
	mov %rax, G_RSI(%rsi)

	pop %rsi
	pop %rax		/* host_save_pa */
	vmload %rax

	UNTRAIN_RET
	ALTERNATIVE "", "call entry_ibpb", X86_FEATURE_IBPB_ON_VMEXIT
	FILL_RETURN_BUFFER %rax, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT
	CLEAR_BRANCH_HISTORY_VMEXIT
	/* No guest value left in a register, even speculatively (the
	 * callee-saved ones are popped back below). */
	xor %ebx, %ebx
	xor %ebp, %ebp
	xor %r12d, %r12d
	xor %r13d, %r13d
	xor %r14d, %r14d
	xor %r15d, %r15d
	xor %ecx, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	xor %r8d, %r8d
	xor %r9d, %r9d
	xor %r10d, %r10d
	xor %r11d, %r11d

	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	RET
SYM_FUNC_END(svm_vmrun)
