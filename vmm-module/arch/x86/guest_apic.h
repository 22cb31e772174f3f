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

#endif
