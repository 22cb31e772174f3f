/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry points of a taken core's private IDT, and its idle and park
 * loops. None of this runs Linux code: once Linux has reported the core
 * dead (smp_ops.play_dead), the core only runs what is here and what
 * core_main() calls.
 *
 * The IDT gates start with ENDBR (with kernel IBT an interrupt gate is an
 * indirect branch target) and say where the CPU left its IRET frame, for
 * objtool and ORC; core_main() never returns.
 */
#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/ibt.h>
#include <asm/unwind_hints.h>
#include "asm-offsets.h"

/* In an NMI gate: RAX pushed, then the core_area (it starts with this
 * core's IDT, found with SIDT) in RAX. */
.macro PUSH_RAX_CORE_AREA
	push %rax
	sub $16, %rsp
	sidt (%rsp)
	mov 2(%rsp), %rax
	add $16, %rsp
.endm

	.text

/*
 * NMI gate while a core is being taken. The core sits in Linux's
 * play_dead loop on the private IDT; the host's NMI lands here. Find the
 * core_area (it starts with this IDT), move to the VMM's page table and
 * stack and never go back to Linux's idle loop. NMIs stay blocked until
 * core_main() irets.
 *
 * The private IDT is loaded before Linux has finished with the core: an
 * NMI (perf, a stray one) between that and Linux reporting the CPU dead
 * would otherwise enter the VMM early, on an mm Linux later drops, and
 * leave the offline unfinished. Until the host arms the area (after
 * remove_cpu() returned, so play_dead has switched to init_mm and reported
 * the death) an NMI here returns to play_dead as if nothing happened.
 */
SYM_CODE_START(v3_core_nmi_take)
	UNWIND_HINT_IRET_REGS
	ENDBR
	PUSH_RAX_CORE_AREA
	cmpq $0, CORE_AREA_ARMED(%rax)
	jne 2f
	pop %rax
	iretq
2:	mov CORE_AREA_CR3(%rax), %rdi
	mov %rdi, %cr3
	mov CORE_AREA_VCPU(%rax), %rdi
	mov CORE_AREA_STACK_TOP(%rax), %rsp
	xor %ebp, %ebp
	call core_main
SYM_CODE_END(v3_core_nmi_take)

/*
 * NMI gate once the VMM runs: an NMI is only a kick (the host wrote a
 * command). If it caught v3_core_idle between STGI and HLT, skip the HLT
 * so that the caller re-reads the command instead of sleeping on it.
 */
SYM_CODE_START(v3_core_nmi_kick)
	UNWIND_HINT_IRET_REGS
	ENDBR
	push %rax
	lea v3_core_idle_hlt(%rip), %rax
	cmp %rax, 8(%rsp)
	jne 1f
	incq 8(%rsp)
1:	pop %rax
	iretq
SYM_CODE_END(v3_core_nmi_kick)

/*
 * NMI gate once the VMM runs, with VMX. There is no GIF: an NMI is taken
 * wherever the core is in host mode, also between reading its command
 * and a VM entry or a HLT, where returning as if nothing happened would
 * lose the kick (the guest may run on without an exit, the core may
 * sleep). So the NMI sets area->kicked, which the idle loop and the VM
 * entry (vmx_run.S) test last; one caught between that test and the HLT
 * or VMLAUNCH/VMRESUME is moved past it, so the caller re-reads its
 * command.
 */
SYM_CODE_START(v3_core_nmi_kick_vmx)
	UNWIND_HINT_IRET_REGS
	ENDBR
	PUSH_RAX_CORE_AREA
	movq $1, CORE_AREA_KICKED(%rax)
	/* 8(%rsp): the RIP the NMI interrupted */
	lea v3_core_idle_vmx_check(%rip), %rax
	cmp %rax, 8(%rsp)
	jb 1f
	lea v3_core_idle_vmx_hlt(%rip), %rax
	cmp %rax, 8(%rsp)
	ja 1f
	lea v3_core_idle_vmx_out(%rip), %rax
	jmp 2f
1:	lea vmx_entry_check(%rip), %rax
	cmp %rax, 8(%rsp)
	jb 3f
	lea vmx_entry_end(%rip), %rax
	cmp %rax, 8(%rsp)
	jae 3f
	lea vmx_entry_abort(%rip), %rax
2:	mov %rax, 8(%rsp)
3:	pop %rax
	iretq
SYM_CODE_END(v3_core_nmi_kick_vmx)

/*
 * Every other vector of the private IDT: an exception in VMM code on a
 * taken core. Linux's handlers must not run here, so the core stops; the
 * host sees it never answer and keeps the core (destroy reports it).
 */
SYM_CODE_START(v3_core_unexpected)
	UNWIND_HINT_IRET_REGS /* (an error code may sit on top) */
	ENDBR
1:	cli
	hlt
	jmp 1b
SYM_CODE_END(v3_core_unexpected)

/*
 * Vectors 32-255 while lapic_drain_irr() accepts what Linux left pending
 * in the local APIC: return; the caller sends the EOIs.
 */
SYM_CODE_START(v3_core_irq_return)
	UNWIND_HINT_IRET_REGS
	ENDBR
	iretq
SYM_CODE_END(v3_core_irq_return)

/* Waits for a kick: GIF set (NMIs taken), interrupts masked. */
SYM_FUNC_START(v3_core_idle)
	stgi
SYM_INNER_LABEL(v3_core_idle_hlt, SYM_L_GLOBAL)
	ANNOTATE_NOENDBR /* compared with, never jumped to */
	hlt
	clgi
	RET
SYM_FUNC_END(v3_core_idle)

/*
 * VMX: waits for a kick (kicked: &area->kicked), interrupts masked, NMIs
 * taken (v3_core_nmi_kick_vmx moves one that comes between the test and
 * the HLT past the HLT).
 */
SYM_FUNC_START(v3_core_idle_vmx)
SYM_INNER_LABEL(v3_core_idle_vmx_check, SYM_L_GLOBAL)
	ANNOTATE_NOENDBR
	cmpq $0, (%rdi)
	jne v3_core_idle_vmx_out
SYM_INNER_LABEL(v3_core_idle_vmx_hlt, SYM_L_GLOBAL)
	ANNOTATE_NOENDBR
	hlt
SYM_INNER_LABEL(v3_core_idle_vmx_out, SYM_L_GLOBAL)
	ANNOTATE_NOENDBR
	movq $0, (%rdi)
	RET
SYM_FUNC_END(v3_core_idle_vmx)

/* The core's last steps: Linux brings it back with INIT/SIPI. */
SYM_FUNC_START(v3_core_park)
1:	cli
	hlt
	jmp 1b
SYM_FUNC_END(v3_core_park)
