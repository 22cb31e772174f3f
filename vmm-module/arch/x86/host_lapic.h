/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The physical local APIC of a taken core, reached without Linux's
 * apic->* functions (which may trace or take locks): through Linux's
 * xAPIC mapping, or the MSRs when the host runs the APIC in x2APIC mode.
 */
#ifndef V3VMM_HOST_LAPIC_H
#define V3VMM_HOST_LAPIC_H

#include <asm/apicdef.h>
#include <asm/fixmap.h>
#include <asm/msr-index.h>
#include "x86_ops.h"

#define HOST_APIC_DELIVERY_PENDING BIT(12)
#define HOST_APIC_SPIN_MAX 100000

static __always_inline bool host_lapic_x2(void)
{
	return v3_rdmsr(MSR_IA32_APICBASE) & X2APIC_ENABLE;
}

static __always_inline u32 host_lapic_read(bool x2, u32 reg)
{
	if (x2)
		return v3_rdmsr(APIC_BASE_MSR + (reg >> 4));
	return *(volatile u32 *)(APIC_BASE + reg);
}

static __always_inline void host_lapic_write(bool x2, u32 reg, u32 val)
{
	if (x2)
		v3_wrmsr(APIC_BASE_MSR + (reg >> 4), val);
	else
		*(volatile u32 *)(APIC_BASE + reg) = val;
}

/* xAPIC: waits (bounded) until the last IPI sent has left the APIC. */
static __always_inline void host_lapic_wait_icr_idle(void)
{
	if (host_lapic_x2())
		return; /* x2APIC ICR writes have no delivery status */
	for (int i = 0;
	     i < HOST_APIC_SPIN_MAX &&
	     (host_lapic_read(false, APIC_ICR) & HOST_APIC_DELIVERY_PENDING);
	     i++)
		asm volatile("pause");
}

/* Sends an IPI from this core: ICR = high (destination) and low. */
static __always_inline void host_lapic_send(u32 dest_apic_id, u32 icr_low)
{
	bool x2 = host_lapic_x2();

	if (x2) {
		v3_wrmsr(APIC_BASE_MSR + (APIC_ICR >> 4),
			 (u64)dest_apic_id << 32 | icr_low);
		return;
	}
	/* xAPIC: one command at a time. */
	host_lapic_wait_icr_idle();
	host_lapic_write(false, APIC_ICR2, dest_apic_id << 24);
	host_lapic_write(false, APIC_ICR, icr_low);
}

#endif
