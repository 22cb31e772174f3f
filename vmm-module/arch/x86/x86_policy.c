// SPDX-License-Identifier: GPL-2.0
/*
 * The vendor-neutral x86 policy for what a guest may do, the same on SVM
 * and VMX (svm_exits.c and vmx_exits.c decode their exits and call
 * here): the CPUID the guest sees, the MSRs it may read and write (the
 * emulated set; everything else gets #GP and is counted), RDPMC, and the
 * general registers by their x86 number. The tables are in
 * Documentation/platform.md. On the taken core: no Linux calls.
 */
#include <asm/apicdef.h>
#include <asm/mce.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/trapnr.h>
#include "../../vmm.h"
#include "../../guest_io.h"
#include "../../uapi/v3vee_guest.h"
#include "cpu_state.h"
#include "guest_apic.h"
#include "x86_ops.h"
#include "x86_policy.h"
#include "x86_vendor.h"

#define APIC_DEFAULT_BASE 0xfee00000ULL
#define APIC_BASE_BSP BIT_ULL(8)
#define APIC_BASE_X2APIC BIT_ULL(10)
#define APIC_BASE_ENABLED BIT_ULL(11)
#define GUEST_EFER_BITS (EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)
#define PERF_LEGACY 4 /* PerfEvtSel0-3 and PerfCtr0-3 */
/* PerfEvtSel bits defined without PerfCtrExtCore: event select 11:0,
 * unit mask, USR, OS, edge, INT, EN, INV, counter mask, Guest/HostOnly. */
#define PERF_SEL_VALID 0x0000030fffd7ffffULL
#define PERF_CTR_BITS GENMASK_ULL(47, 0)

/*
 * The host's CPUID as the guest sees it. Hidden: virtualization, the
 * APIC modes it does not get (x2APIC is offered where the host runs it,
 * and then the guest's APIC is already in x2APIC mode), TSC-deadline,
 * features whose MSRs the guest cannot use (they get #GP: machine-check,
 * speculation-control and the extended performance-counter MSRs) and
 * RDPRU (#UD); XSAVE and AVX where Linux runs without XSAVE (VMX only:
 * cpu_state.c). The OS-controlled bits follow the guest's CR4, not the
 * host's: OSXSAVE, OSPKE.
 */
static void guest_features(u32 leaf, u32 sub, u64 cr4, bool x2apic, u32 r[4])
{
	switch (leaf) {
	case 1:
		r[2] |= BIT(31); /* running under a hypervisor */
		r[2] &= ~(BIT(5) | BIT(15) | BIT(24)); /* VMX, PDCM,
							* TSC-deadline */
		r[2] &= ~BIT(21);
		if (x2apic)
			r[2] |= BIT(21); /* x2APIC */
		r[3] &= ~(BIT(7) | BIT(14)); /* MCE, MCA */
		r[2] &= ~BIT(27);
		if (cr4 & X86_CR4_OSXSAVE)
			r[2] |= BIT(27); /* OSXSAVE */
		if (!cpu_state_user_xcr0()) /* Linux runs without XSAVE */
			r[2] &= ~(BIT(26) | BIT(27) | BIT(28)); /* and AVX */
		break;
	case 0xd:
		if (!cpu_state_user_xcr0())
			r[0] = r[1] = r[2] = r[3] = 0;
		break;
	case 6:
		r[2] &= ~BIT(0); /* APERF/MPERF */
		break;
	case 7:
		if (sub != 0)
			break;
		/* IBRS/IBPB, STIBP, ARCH_CAPABILITIES, SSBD */
		r[3] &= ~(BIT(26) | BIT(27) | BIT(29) | BIT(31));
		r[2] &= ~BIT(4);
		if (cr4 & X86_CR4_PKE)
			r[2] |= BIT(4); /* OSPKE */
		break;
	case 0x80000001:
		r[2] &= ~(BIT(2) | BIT(23) | BIT(24) | BIT(28)); /* SVM, core,
								   * NB, LLC
								   * counters */
		break;
	case 0x80000008: /* retired-instruction counter MSR, RDPRU, IBPB,
			  * IBRS, STIBP and their modes, PPIN, SSBD,
			  * VIRT_SSBD */
		r[1] &= ~(BIT(1) | BIT(4) | GENMASK(18, 12) | GENMASK(25, 23));
		break;
	case 0x8000000a: /* SVM */
		r[0] = r[1] = r[2] = r[3] = 0;
		break;
	}
}

void x86_guest_cpuid(struct vcpu *vcpu, u32 leaf, u32 sub, u64 cr4, u32 r[4])
{
	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf == V3_CPUID_SIGNATURE) {
		r[0] = V3_CPUID_TIMING;
		r[1] = V3_SIG_EBX;
		r[2] = V3_SIG_ECX;
		r[3] = V3_SIG_EDX;
	} else if (leaf == V3_CPUID_FEATURES) {
		r[0] = V3_HYPERCALL_ABI;
		r[1] = V3_FEAT_CONSOLE | V3_FEAT_EXIT | V3_FEAT_WALLCLOCK |
		       V3_FEAT_COUNTERS | V3_FEAT_RUN;
	} else if (leaf == V3_CPUID_TIMING) {
		r[0] = vcpu->vm->tsc_khz;
	} else if ((leaf >> 28) == 4) {
		/* other hypervisor leaves: zero */
	} else {
		v3_cpuid(leaf, sub, r);
		guest_features(leaf, sub, cr4, vcpu->vm->arch.x2apic, r);
	}
}

/* The guest's APIC_BASE: at the default address, enabled, and in x2APIC
 * mode where the host's APICs are (from the start, as firmware that
 * enabled x2APIC leaves it). */
static u64 guest_apic_base(struct vcpu *vcpu)
{
	return APIC_DEFAULT_BASE | APIC_BASE_ENABLED |
	       (vcpu->vm->arch.x2apic ? APIC_BASE_X2APIC : 0);
}

bool x86_msr_read(struct vcpu *vcpu, u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_EFER:
		*val = x86_guest_reg(vcpu, X86_REG_EFER);
		return true;
	case MSR_IA32_APICBASE:
		*val = guest_apic_base(vcpu) |
		       (vcpu->index == 0 ? APIC_BASE_BSP : 0);
		return true;
	case MSR_IA32_CR_PAT:
		*val = x86_guest_reg(vcpu, X86_REG_PAT);
		return true;
	case MSR_IA32_TSC:
		*val = v3_rdtsc() + x86_guest_reg(vcpu, X86_REG_TSC_OFFSET);
		return true;
	case MSR_TSC_AUX:
		*val = vcpu->arch.tsc_aux;
		return x86_has_tsc_aux();
	case MSR_K7_EVNTSEL0 ... MSR_K7_EVNTSEL0 + PERF_LEGACY - 1:
		*val = vcpu->arch.perf_sel[msr - MSR_K7_EVNTSEL0];
		return true;
	case MSR_K7_PERFCTR0 ... MSR_K7_PERFCTR0 + PERF_LEGACY - 1:
		*val = vcpu->arch.perf_ctr[msr - MSR_K7_PERFCTR0];
		return true;
	default:
		return false;
	}
}

bool x86_msr_write(struct vcpu *vcpu, u32 msr, u64 val)
{
	switch (msr) {
	case MSR_EFER: {
		u64 old = x86_guest_reg(vcpu, X86_REG_EFER);

		/* Reserved bits, and SVME (the guest has no SVM): #GP. */
		if (val & ~(u64)GUEST_EFER_BITS)
			return false;
		/* LME cannot change while paging is on: long mode is
		 * entered and left with paging off (AMD APM vol. 2, 14.6). */
		if ((x86_guest_reg(vcpu, X86_REG_CR0) & X86_CR0_PG) &&
		    ((val ^ old) & EFER_LME))
			return false;
		/* LMA is the processor's status: a write leaves it. */
		x86_set_guest_reg(vcpu, X86_REG_EFER,
				  (val & ~EFER_LMA) | (old & EFER_LMA));
		return true;
	}
	case MSR_IA32_APICBASE:
		/* The APIC stays where it is, enabled, in its mode: moving,
		 * disabling it (which would also stop the host's NMI kicks to
		 * this core), changing its mode (x2APIC to xAPIC is illegal
		 * on hardware too) and reserved bits get #GP. BSP is read
		 * only. */
		return (val & ~APIC_BASE_BSP) == guest_apic_base(vcpu);
	case MSR_IA32_TSC:
		/* The guest's TSC is the host's plus its offset. */
		x86_set_guest_reg(vcpu, X86_REG_TSC_OFFSET, val - v3_rdtsc());
		return true;
	case MSR_TSC_AUX:
		/* Bits 63:32 are dropped, as AMD CPUs do (tsc_aux is 32
		 * bits: Intel reserves them, and a WRMSR of them would #GP
		 * on the taken core). RDTSCP and RDPID read the hardware
		 * MSR, which is the guest's (svm_vcpu_run(),
		 * vmx_vcpu_run()). */
		if (!x86_has_tsc_aux())
			return false;
		vcpu->arch.tsc_aux = val;
		v3_wrmsr(MSR_TSC_AUX, vcpu->arch.tsc_aux);
		return true;
	case MSR_K7_EVNTSEL0 ... MSR_K7_EVNTSEL0 + PERF_LEGACY - 1:
		if (val & ~PERF_SEL_VALID)
			return false;
		vcpu->arch.perf_sel[msr - MSR_K7_EVNTSEL0] = val;
		return true;
	case MSR_K7_PERFCTR0 ... MSR_K7_PERFCTR0 + PERF_LEGACY - 1:
		/* 48-bit counters that count nothing: they keep what the
		 * guest wrote (higher bits dropped). */
		vcpu->arch.perf_ctr[msr - MSR_K7_PERFCTR0] = val & PERF_CTR_BITS;
		return true;
	case APIC_BASE_MSR ... APIC_BASE_MSR + 0xff:
		/* x2APIC: the writes the MSR bitmap does not pass. */
		return vcpu->vm->arch.x2apic &&
		       guest_apic_msr_write(vcpu, msr, val);
	case MSR_IA32_CR_PAT:
		/* Hardware refuses reserved memory types (2, 3, 8 and up). */
		for (int entry = 0; entry < 8; entry++) {
			u8 type = val >> (entry * 8);

			if (type == 2 || type == 3 || type > 7)
				return false;
		}
		x86_set_guest_reg(vcpu, X86_REG_PAT, val);
		return true;
	default:
		return false;
	}
}

/* Refuses an MSR access with #GP and reports it in the VM's stats. */
void x86_msr_deny(struct vcpu *vcpu, u32 msr, bool write)
{
	struct vm *vm = vcpu->vm;

	vm->msr_denied_last = msr;
	vm->msr_denied_write = write;
	WRITE_ONCE(vm->msr_denied, vm->msr_denied + 1);
	x86_inject(vcpu, X86_TRAP_GP, true, 0);
}

/*
 * RDPMC: counters 0-3 are PerfCtr0-3 (the extended core counters are not
 * offered); #GP for another index, or at CPL > 0 with CR4.PCE clear.
 */
bool x86_rdpmc(struct vcpu *vcpu, u32 index, unsigned int cpl, bool pce,
	       u64 *val)
{
	if (index >= PERF_LEGACY || (cpl != 0 && !pce))
		return false;
	*val = vcpu->arch.perf_ctr[index];
	return true;
}

/*
 * A machine check on the VM's core (status: its MCG_STATUS): the VM
 * fails with it in its report. MCIP is cleared (as Linux's handler does),
 * else the next one would shut the core down; the banks are left for
 * Linux to read.
 */
void x86_machine_check(struct vcpu *vcpu, u64 status)
{
	v3_wrmsr(MSR_IA32_MCG_STATUS, 0);
	vm_fail(vcpu, VM_FAIL_MACHINE_CHECK, status);
}

void x86_count_exit(struct vcpu *vcpu, enum v3_exit_reason why)
{
	vcpu->exits[why]++;
	WRITE_ONCE(vcpu->exits_total, vcpu->exits_total + 1);
}

/* A shutdown (SVM) or triple fault (VMX): the VM fails. With the guest's
 * CR4.MCE clear, a machine check shuts the core down instead of raising
 * #MC: that is reported as one. */
void x86_shutdown(struct vcpu *vcpu)
{
	u64 mcg = boot_cpu_has(X86_FEATURE_MCA) ?
			  v3_rdmsr(MSR_IA32_MCG_STATUS) : 0;

	x86_count_exit(vcpu, V3_EXIT_SHUTDOWN);
	if (mcg & MCG_STATUS_MCIP)
		return x86_machine_check(vcpu, mcg);
	vm_fail(vcpu, VM_FAIL_TRIPLE_FAULT, 0);
}

/* A general register by its x86 number (0 = RAX ... 15 = R15). */
static u64 *gpr_slot(struct vcpu *vcpu, unsigned int nr)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u64 *slot[16] = {
		NULL,	 &g->rcx, &g->rdx, &g->rbx, NULL,    &g->rbp,
		&g->rsi, &g->rdi, &g->r8,  &g->r9,  &g->r10, &g->r11,
		&g->r12, &g->r13, &g->r14, &g->r15,
	};

	return slot[nr & 15];
}

u64 x86_guest_gpr(struct vcpu *vcpu, unsigned int nr)
{
	if (nr == 0)
		return x86_guest_reg(vcpu, X86_REG_RAX);
	if (nr == 4)
		return x86_guest_reg(vcpu, X86_REG_RSP);
	return *gpr_slot(vcpu, nr);
}

void x86_set_guest_gpr(struct vcpu *vcpu, unsigned int nr, u64 val)
{
	if (nr == 0)
		x86_set_guest_reg(vcpu, X86_REG_RAX, val);
	else if (nr == 4)
		x86_set_guest_reg(vcpu, X86_REG_RSP, val);
	else
		*gpr_slot(vcpu, nr) = val;
}
