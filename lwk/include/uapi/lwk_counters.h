/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * An LWK-only system call (Linux returns -ENOSYS for it): each CPU's
 * interrupt counts and, in a v3vee VM, its VM exits so far. A program
 * reads it before and after a compute phase to show the phase ran with
 * no interruption at all. Documentation/syscalls.md.
 *
 *	long n = syscall(LWK_NR_CPU_COUNTERS, struct lwk_cpu_counters *buf,
 *			 unsigned long max);
 *
 * Returns the number of CPUs described (at most max). The call itself
 * is not counted in the calling CPU's vm_exits.
 */
#ifndef LWK_UAPI_COUNTERS_H
#define LWK_UAPI_COUNTERS_H

#include <stdint.h>

#define LWK_NR_CPU_COUNTERS 1000
#define LWK_VM_EXITS_UNKNOWN UINT64_MAX /* not in a VM that counts them */

struct lwk_cpu_counters {
	uint32_t cpu;
	uint32_t apic_id;
	uint64_t timer_irqs; /* local APIC timer interrupts */
	uint64_t irqs; /* every interrupt (vectors 32-255) */
	uint64_t vm_exits; /* or LWK_VM_EXITS_UNKNOWN */
};

#endif
