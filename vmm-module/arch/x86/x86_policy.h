/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vendor-neutral x86 policy (x86_policy.c), called by both back ends'
 * exit handlers on the taken core.
 */
#ifndef V3VMM_X86_POLICY_H
#define V3VMM_X86_POLICY_H

#include <linux/types.h>
#include "../../uapi/v3vee.h"

struct vcpu;

/**
 * x86_guest_cpuid() - the CPUID the guest sees
 * @vcpu: the vCPU
 * @leaf: EAX
 * @sub: ECX
 * @cr4: the guest's CR4 as it wrote it (OSXSAVE, OSPKE follow it)
 * @r: EAX, EBX, ECX, EDX out
 */
void x86_guest_cpuid(struct vcpu *vcpu, u32 leaf, u32 sub, u64 cr4, u32 r[4]);

/* RDMSR and WRMSR of the emulated MSRs; false: the guest gets #GP
 * (x86_msr_deny() gives it and counts it). */
bool x86_msr_read(struct vcpu *vcpu, u32 msr, u64 *val);
bool x86_msr_write(struct vcpu *vcpu, u32 msr, u64 val);
void x86_msr_deny(struct vcpu *vcpu, u32 msr, bool write);

/* RDPMC of counter index at cpl (pce: the guest's CR4.PCE); false: #GP. */
bool x86_rdpmc(struct vcpu *vcpu, u32 index, unsigned int cpl, bool pce,
	       u64 *val);

/* A machine check on the VM's core (status: MCG_STATUS): the VM fails. */
void x86_machine_check(struct vcpu *vcpu, u64 status);

/* The guest shut its core down (triple fault): the VM fails. */
void x86_shutdown(struct vcpu *vcpu);

/* Counts one exit for v3ctl stats. */
void x86_count_exit(struct vcpu *vcpu, enum v3_exit_reason why);

/* A guest general register by its x86 number (0 = RAX ... 15 = R15). */
u64 x86_guest_gpr(struct vcpu *vcpu, unsigned int nr);
void x86_set_guest_gpr(struct vcpu *vcpu, unsigned int nr, u64 val);

#endif
