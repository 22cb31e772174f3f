/* SPDX-License-Identifier: GPL-2.0 */
/* Processor setup (lwk/arch/x86_64/cpu.c). */
#ifndef ARCH_CPU_SETUP_H
#define ARCH_CPU_SETUP_H

#include <lwk/types.h>

#define MAX_CPUS 64

struct percpu;

/* GDT/TSS/IDT, SYSCALL MSRs, FPU/SSE/AVX and NX for this CPU. */
void cpu_init(unsigned int cpu_id);
/* Kernel stack used on entry from user mode (TSS.RSP0 and syscall). */
void cpu_set_kernel_stack(uint64_t top);
struct percpu *cpu_percpu(unsigned int cpu_id);
/* Shuts the CPU down with a triple fault (lwk.triplefault): natively the
 * machine resets, under a VMM the VM fails. */
__noreturn void cpu_triple_fault(void);

extern bool cpu_has_nx;
extern uint64_t cpu_xcr0;

#endif
