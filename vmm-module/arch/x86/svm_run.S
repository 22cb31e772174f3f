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

#include "guest_gprs.h"

	.text
SYM_FUNC_START(svm_vmrun)
	PUSH_CALLEE_SAVED
	push %rdx		/* host_save_pa */
	push %rsi		/* gprs */

	mov %rdi, %rax
	LOAD_GUEST_GPRS

	vmload %rax
	VM_CLEAR_CPU_BUFFERS
	vmrun %rax
	vmsave %rax

	/* RAX and RSP are the host's again (from the host save area). */
	push %rsi
	mov 8(%rsp), %rsi	/* gprs */
	SAVE_GUEST_GPRS
	pop %rax
	mov %rax, G_RSI(%rsi)

	pop %rsi
	pop %rax		/* host_save_pa */
	vmload %rax

	UNTRAIN_RET
	ALTERNATIVE "", "call entry_ibpb", X86_FEATURE_IBPB_ON_VMEXIT
	FILL_RETURN_BUFFER %rax, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT
	CLEAR_BRANCH_HISTORY_VMEXIT
	CLEAR_GUEST_GPRS
	POP_CALLEE_SAVED
	RET
SYM_FUNC_END(svm_vmrun)
