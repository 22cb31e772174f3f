/* SPDX-License-Identifier: GPL-2.0 */
#ifndef V3VMM_GUEST_APIC_H
#define V3VMM_GUEST_APIC_H

#include <linux/types.h>

/* Where the guest finds its local APIC (the architectural default; the
 * guest cannot move it). */
#define GUEST_APIC_GPA 0xfee00000ULL

struct vcpu;

/* A nested page fault (SVM) or EPT violation (VMX) on a write at gpa:
 * true if it was the APIC page (emulated, or the VM failed), false if it
 * is not the APIC's. */
bool guest_apic_write_exit(struct vcpu *vcpu, u64 gpa);

/**
 * guest_apic_msr_write() - a WRMSR to an x2APIC MSR that exits
 * @vcpu: the vCPU, on its taken core (the host's APIC in x2APIC mode)
 * @msr: 0x800-0x8ff
 * @val: EDX:EAX
 *
 * The MSR bitmap (x86.c) lets the guest write TPR, EOI, SVR, ESR, the
 * timer's initial count and divider and SELF IPI itself; every other
 * x2APIC write lands here. ICR: filtered as the xAPIC path's (the VM may
 * fail). LVTs: #GP for reserved bits, then written if masked or fixed,
 * else ignored and counted.
 *
 * Return: false if the guest must get #GP (a read-only or absent
 * register, reserved bits set), as hardware gives.
 */
bool guest_apic_msr_write(struct vcpu *vcpu, u32 msr, u64 val);

#endif
