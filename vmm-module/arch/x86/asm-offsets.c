// SPDX-License-Identifier: GPL-2.0
/*
 * Offsets of the structure fields the assembly uses (core_entry.S,
 * svm_run.S, vmx_run.S). Kbuild compiles this to assembly and turns its
 * markers into asm-offsets.h (see Kbuild); never linked.
 */
#define COMPILE_OFFSETS
#include <linux/kbuild.h>
#include "../../vmm.h"

void v3_asm_offsets(void);

void v3_asm_offsets(void)
{
	OFFSET(CORE_AREA_VCPU, core_area, vcpu);
	OFFSET(CORE_AREA_STACK_TOP, core_area, stack_top);
	OFFSET(CORE_AREA_ARMED, core_area, armed);
	OFFSET(CORE_AREA_CR3, core_area, cr3);
	OFFSET(CORE_AREA_KICKED, core_area, kicked);
	BLANK();
	OFFSET(G_RAX, guest_gprs, rax);
	OFFSET(G_RBX, guest_gprs, rbx);
	OFFSET(G_RCX, guest_gprs, rcx);
	OFFSET(G_RDX, guest_gprs, rdx);
	OFFSET(G_RSI, guest_gprs, rsi);
	OFFSET(G_RDI, guest_gprs, rdi);
	OFFSET(G_RBP, guest_gprs, rbp);
	OFFSET(G_R8, guest_gprs, r8);
	OFFSET(G_R9, guest_gprs, r9);
	OFFSET(G_R10, guest_gprs, r10);
	OFFSET(G_R11, guest_gprs, r11);
	OFFSET(G_R12, guest_gprs, r12);
	OFFSET(G_R13, guest_gprs, r13);
	OFFSET(G_R14, guest_gprs, r14);
	OFFSET(G_R15, guest_gprs, r15);
}
