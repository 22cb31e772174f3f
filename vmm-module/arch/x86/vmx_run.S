/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One trip into a VMX guest:
 *	int vmx_enter(struct guest_gprs *gprs, bool launched,
 *		      unsigned long *kicked)
 * returns VMX_ENTER_EXIT (0) after a VM exit, VMX_ENTER_KICKED (1) if an
 * NMI came (*kicked set, the guest not entered: the caller re-reads its
 * command; *kicked is cleared) and VMX_ENTER_FAILED (2) if VMLAUNCH or
 * VMRESUME failed (VM_INSTRUCTION_ERROR says why). The VMCS is current;
 * its HOST_RIP is vmx_exit_point, and HOST_RSP is set here. VMX switches
 * RSP, RIP and RFLAGS; every other general register is loaded from and
 * saved to *gprs here.
 *
 * v3_core_nmi_kick_vmx (core_entry.S) moves an NMI that lands in
 * [vmx_entry_check, vmx_entry_end) to vmx_entry_abort: the test of
 * *kicked and the entry are one step for it, as CLGI/VMRUN are on SVM.
 *
 * Speculation, as KVM does on Intel: CPU buffers cleared (VERW) right
 * before the entry (the L1D flush, where L1TF needs it, is done by the
 * caller); after the exit the return stack refilled, the branch history
 * cleared where Linux wants it, no guest value left in a register.
 */
#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>
#include "guest_gprs.h"

#define VMCS_HOST_RSP 0x6c14

/* Frame: 0 kicked, 8 launched, 16 gprs (24 more once RAX is pushed). */
#define F_KICKED 0
#define F_LAUNCHED 8
#define F_GPRS 16

	.text
SYM_FUNC_START(vmx_enter)
	PUSH_CALLEE_SAVED
	push %rdi		/* gprs */
	push %rsi		/* launched */
	push %rdx		/* kicked */

	mov $VMCS_HOST_RSP, %eax
	vmwrite %rsp, %rax
	jbe .Lfailed

	mov F_GPRS(%rsp), %rsi
	LOAD_GUEST_GPRS

SYM_INNER_LABEL(vmx_entry_check, SYM_L_GLOBAL)
	ANNOTATE_NOENDBR
	mov F_KICKED(%rsp), %rax
	cmpq $0, (%rax)
	jne vmx_entry_abort
	/* CF: launched. MOV leaves the flags, VERW changes ZF only. */
	btq $0, F_LAUNCHED(%rsp)
	mov F_GPRS(%rsp), %rax
	mov G_RAX(%rax), %rax
	VM_CLEAR_CPU_BUFFERS
	/* A VM exit resumes at vmx_exit_point (HOST_RIP), with the stack
	 * as it is here: objtool is told so (it sees no jump there). */
	UNWIND_HINT_SAVE
	jc 1f
	vmlaunch
	jmp .Lfailed
1:	vmresume
SYM_INNER_LABEL(vmx_entry_end, SYM_L_GLOBAL)
	ANNOTATE_NOENDBR
	jmp .Lfailed

SYM_INNER_LABEL(vmx_exit_point, SYM_L_GLOBAL)
	UNWIND_HINT_RESTORE
	ANNOTATE_NOENDBR
	/* RSP is HOST_RSP again: the frame above. */
	push %rsi
	mov 8+F_GPRS(%rsp), %rsi
	SAVE_GUEST_GPRS
	popq G_RSI(%rsi)
	mov %rax, G_RAX(%rsi)

	/* The whole RSB, or (eIBRS CPUs with post-barrier RSB
	 * predictions: RSB_VMEXIT_LITE) one entry, as KVM does. */
	FILL_RETURN_BUFFER %rax, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT, X86_FEATURE_RSB_VMEXIT_LITE
	CLEAR_BRANCH_HISTORY_VMEXIT
	xor %eax, %eax		/* VMX_ENTER_EXIT */
	jmp .Lout

SYM_INNER_LABEL(vmx_entry_abort, SYM_L_GLOBAL)
	ANNOTATE_NOENDBR
	mov F_KICKED(%rsp), %rax
	movq $0, (%rax)
	mov $1, %eax		/* VMX_ENTER_KICKED */
	jmp .Lout

.Lfailed:
	mov $2, %eax		/* VMX_ENTER_FAILED */

.Lout:
	CLEAR_GUEST_GPRS
	add $24, %rsp
	POP_CALLEE_SAVED
	RET
SYM_FUNC_END(vmx_enter)
