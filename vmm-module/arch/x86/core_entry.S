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

#define CORE_AREA_VCPU 4096
#define CORE_AREA_STACK_TOP 4104
#define CORE_AREA_ARMED 4112
#define CORE_AREA_CR3 4120

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
	push %rax
	sub $16, %rsp
	sidt (%rsp)
	mov 2(%rsp), %rax
	cmpq $0, CORE_AREA_ARMED(%rax)
	jne 2f
	add $16, %rsp
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

/* The core's last steps: Linux brings it back with INIT/SIPI. */
SYM_FUNC_START(v3_core_park)
1:	cli
	hlt
	jmp 1b
SYM_FUNC_END(v3_core_park)
