/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU state a taken core starts from and hands back (cpu_state.c):
 * the page table the VMM runs on, the extended (XSAVE) state, XCR0 and
 * the debug registers.
 */
#ifndef V3VMM_CPU_STATE_H
#define V3VMM_CPU_STATE_H

#include <linux/types.h>

/* Linux side (arch_cpu_state_init() and _exit() are in arch.h). */
u64 cpu_state_vmm_cr3(void);
void cpu_state_sync_vmm_pgd(void);

/* Taken core (no Linux calls). */
void cpu_state_reset(void);
/* The XCR0 bits a guest may set: every user component the CPU has
 * (cpu_state_reset() resets them all), 0 without XSAVE. */
u64 cpu_state_user_xcr0(void);

#endif
