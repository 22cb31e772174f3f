// SPDX-License-Identifier: GPL-2.0
/*
 * The exits of an SVM guest, on its taken core. Every instruction the
 * VMM emulates or skips ends in svm_complete_insn(), as the CPU would
 * end it (RIP, interrupt shadow, single-step trap). Its length comes from
 * the VMCB's next RIP with NRIP save; without it (TCG's EPYC model) from
 * the instruction's bytes, prefixes included (insn_len()); an IOIO exit
 * states the next RIP in EXITINFO2 on every SVM implementation.
 *
 * Policy for what the guest may not do: an I/O port other than COM1 and
 * the debug-exit port fails the VM (the access is reported by `v3ctl
 * stats`); an MSR outside the emulated set gets #GP, as on a CPU without
 * it; SVM instructions and RDPRU get #UD. The CPUID and MSR policy is
 * tabled in Documentation/platform.md.
 */
#include <uapi/asm/debugreg.h>
#include <asm/apicdef.h>
#include <asm/mce.h>
#include <asm/msr-index.h>
#include <asm/svm.h>
#include <asm/trapnr.h>
#include "../../vmm.h"
#include "../../guest_io.h"
#include "../../uapi/v3vee_guest.h"
#include "guest_apic.h"
#include "guest_walk.h"
#include "svm_exits.h"
#include "x86_ops.h"

#define APIC_DEFAULT_BASE 0xfee00000ULL
#define APIC_BASE_BSP BIT_ULL(8)
#define APIC_BASE_ENABLED BIT_ULL(11)
#define APIC_BASE_X2APIC BIT_ULL(10)
#define NPF_WRITE BIT_ULL(1)
#define NPF_FETCH BIT_ULL(4)
#define NPF_IN_WALK BIT_ULL(33) /* while walking the guest's page tables */
#define GUEST_EFER_BITS (EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)
#define PERF_LEGACY 4 /* PerfEvtSel0-3 and PerfCtr0-3 */
/* PerfEvtSel bits defined without PerfCtrExtCore: event select 11:0,
 * unit mask, USR, OS, edge, INT, EN, INV, counter mask, Guest/HostOnly. */
#define PERF_SEL_VALID 0x0000030fffd7ffffULL
#define PERF_CTR_BITS GENMASK_ULL(47, 0)

/*
 * Queues an exception for the next VMRUN. If an event whose delivery the
 * exit cut short is already queued, the two make a double fault, as on
 * hardware.
 */
static void inject(struct vmcb *vmcb, u8 vector, bool has_error, u32 error)
{
	if (vmcb->control.event_inj & SVM_EVTINJ_VALID) {
		vector = X86_TRAP_DF;
		has_error = true;
		error = 0;
	}
	vmcb->control.event_inj = vector | SVM_EVTINJ_TYPE_EXEPT |
				  SVM_EVTINJ_VALID |
				  (has_error ? SVM_EVTINJ_VALID_ERR : 0);
	vmcb->control.event_inj_err = error;
}

void svm_complete_insn(struct vmcb *vmcb, unsigned int len)
{
	vmcb->save.rip += len;
	vmcb->control.int_state &= ~SVM_INTERRUPT_SHADOW_MASK;
	if (vmcb->save.rflags & X86_EFLAGS_TF) {
		vmcb->save.dr6 |= DR_STEP;
		inject(vmcb, X86_TRAP_DB, false, 0);
	}
}

/*
 * The host's CPUID as the guest sees it. Hidden: virtualization, the
 * APIC modes it does not get (x2APIC is offered where the host runs it,
 * and then the guest's APIC is already in x2APIC mode), TSC-deadline,
 * features whose MSRs the guest cannot use (they get #GP: machine-check,
 * speculation-control and the extended performance-counter MSRs) and
 * RDPRU (#UD). The OS-controlled bits
 * follow the guest's CR4, not the host's: OSXSAVE, OSPKE.
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

static bool is_legacy_prefix(u8 b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
		return true;
	default:
		return false;
	}
}

/*
 * The length of the intercepted instruction at the guest's RIP, whose
 * opcode bytes are op[0..oplen) (0F and the rest), prefixes included:
 * `3e 0f a2` is a CPUID of 3 bytes, and WBNOINVD (F3 0F 09) takes the
 * WBINVD exit. With NRIP save the CPU states it (next RIP); without, it
 * is decoded from the bytes. 0 if they are not that instruction (the
 * guest changed its code under the exit). If the bytes cannot be read
 * at all (a legacy 32-bit paging mode, which guest_walk.c does not walk,
 * on a CPU without NRIP save), the unprefixed length is assumed.
 */
static unsigned int insn_len(struct vcpu *vcpu, struct vmcb *vmcb,
			     const u8 *op, unsigned int oplen)
{
	u8 insn[GUEST_INSN_MAX];
	bool rex_allowed = guest_code64(&vmcb->save);
	unsigned int i = 0, j;
	int n;

	if (boot_cpu_has(X86_FEATURE_NRIPS)) {
		u64 len = vmcb->control.next_rip - vmcb->save.rip;

		return len >= oplen && len <= GUEST_INSN_MAX ? len : 0;
	}
	n = guest_fetch_insn(vcpu, &vmcb->save, insn, sizeof(insn));
	if (n <= 0)
		return oplen;
	while (i < n && (is_legacy_prefix(insn[i]) ||
			 (rex_allowed && (insn[i] & 0xf0) == 0x40)))
		i++;
	if (i + oplen > n)
		return 0;
	for (j = 0; j < oplen; j++) {
		if (insn[i + j] != op[j])
			return 0;
	}
	return i + oplen;
}

/* Completes the intercepted instruction op (a string of its opcode
 * bytes); false, and the VM failed, if its length is unknown. */
#define complete_op(vcpu, vmcb, op) \
	complete_insn_op(vcpu, vmcb, (const u8 *)(op), sizeof(op) - 1)

static bool complete_insn_op(struct vcpu *vcpu, struct vmcb *vmcb,
			     const u8 *op, unsigned int oplen)
{
	unsigned int len = insn_len(vcpu, vmcb, op, oplen);

	if (!len) {
		vm_fail(vcpu, VM_FAIL_EXIT, vmcb->control.exit_code);
		return false;
	}
	svm_complete_insn(vmcb, len);
	return true;
}

#define OP_CPUID "\x0f\xa2"
#define OP_RDMSR "\x0f\x32"
#define OP_WRMSR "\x0f\x30"
#define OP_RDPMC "\x0f\x33"
#define OP_VMMCALL "\x0f\x01\xd9"
#define OP_WBINVD "\x0f\x09"
#define OP_INVD "\x0f\x08"

static void cpuid_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u32 leaf = vmcb->save.rax, sub = g->rcx, r[4] = { 0 };

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
		guest_features(leaf, sub, vmcb->save.cr4, vcpu->vm->arch.x2apic,
			       r);
	}
	if (!complete_op(vcpu, vmcb, OP_CPUID))
		return;
	vmcb->save.rax = r[0];
	g->rbx = r[1];
	g->rcx = r[2];
	g->rdx = r[3];
}

/* The guest's APIC_BASE: at the default address, enabled, and in x2APIC
 * mode where the host's APICs are (from the start, as firmware that
 * enabled x2APIC leaves it). */
static u64 guest_apic_base(struct vcpu *vcpu)
{
	return APIC_DEFAULT_BASE | APIC_BASE_ENABLED |
	       (vcpu->vm->arch.x2apic ? APIC_BASE_X2APIC : 0);
}

static bool msr_read(struct vcpu *vcpu, struct vmcb *vmcb, u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_EFER:
		*val = vmcb->save.efer & ~EFER_SVME;
		return true;
	case MSR_IA32_APICBASE:
		*val = guest_apic_base(vcpu) |
		       (vcpu->index == 0 ? APIC_BASE_BSP : 0);
		return true;
	case MSR_IA32_CR_PAT:
		*val = vmcb->save.g_pat;
		return true;
	case MSR_IA32_TSC:
		*val = v3_rdtsc() + vmcb->control.tsc_offset;
		return true;
	case MSR_TSC_AUX:
		*val = vcpu->arch.tsc_aux;
		return svm_has_tsc_aux();
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

static bool msr_write(struct vcpu *vcpu, struct vmcb *vmcb, u32 msr, u64 val)
{
	switch (msr) {
	case MSR_EFER: {
		u64 old = vmcb->save.efer;

		/* Reserved bits, and SVME (the guest has no SVM): #GP. */
		if (val & ~(u64)GUEST_EFER_BITS)
			return false;
		/* LME cannot change while paging is on: long mode is
		 * entered and left with paging off (AMD APM vol. 2, 14.6). */
		if ((vmcb->save.cr0 & X86_CR0_PG) && ((val ^ old) & EFER_LME))
			return false;
		/* LMA is the processor's status: a write leaves it. SVME
		 * stays set: VMRUN refuses a guest without it. */
		vmcb->save.efer = (val & ~EFER_LMA) | (old & EFER_LMA) |
				  EFER_SVME;
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
		vmcb->control.tsc_offset = val - v3_rdtsc();
		return true;
	case MSR_TSC_AUX:
		/* AMD CPUs drop bits 63:32. RDTSCP and RDPID read the
		 * hardware MSR, which is the guest's (arch_vcpu_run()). */
		if (!svm_has_tsc_aux())
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
		/* x2APIC: the writes the permission map does not pass. */
		return vcpu->vm->arch.x2apic &&
		       guest_apic_msr_write(vcpu, msr, val);
	case MSR_IA32_CR_PAT:
		/* Hardware refuses reserved memory types (2, 3, 8 and up). */
		for (int entry = 0; entry < 8; entry++) {
			u8 type = val >> (entry * 8);

			if (type == 2 || type == 3 || type > 7)
				return false;
		}
		vmcb->save.g_pat = val;
		return true;
	default:
		return false;
	}
}

/* Refuses an MSR access with #GP and reports it in the VM's stats. */
static void msr_deny(struct vcpu *vcpu, struct vmcb *vmcb, u32 msr, bool write)
{
	struct vm *vm = vcpu->vm;

	vm->msr_denied_last = msr;
	vm->msr_denied_write = write;
	WRITE_ONCE(vm->msr_denied, vm->msr_denied + 1);
	inject(vmcb, X86_TRAP_GP, true, 0);
}

static void msr_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u32 msr = g->rcx;
	u64 val;

	if (vmcb->control.exit_info_1) {
		val = (u32)vmcb->save.rax | (u32)g->rdx * (1ULL << 32);
		if (!msr_write(vcpu, vmcb, msr, val))
			return msr_deny(vcpu, vmcb, msr, true);
		complete_op(vcpu, vmcb, OP_WRMSR);
	} else {
		if (!msr_read(vcpu, vmcb, msr, &val))
			return msr_deny(vcpu, vmcb, msr, false);
		if (!complete_op(vcpu, vmcb, OP_RDMSR))
			return;
		vmcb->save.rax = (u32)val;
		g->rdx = val >> 32;
	}
}

/*
 * RDPMC: counters 0-3 are PerfCtr0-3 (the extended core counters are not
 * offered); #GP for another index, or at CPL > 0 with CR4.PCE clear.
 */
static void rdpmc_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u32 index = g->rcx;
	u64 val;

	if (index >= PERF_LEGACY ||
	    (vmcb->save.cpl != 0 && !(vmcb->save.cr4 & X86_CR4_PCE)))
		return inject(vmcb, X86_TRAP_GP, true, 0);
	val = vcpu->arch.perf_ctr[index];
	if (!complete_op(vcpu, vmcb, OP_RDPMC))
		return;
	vmcb->save.rax = (u32)val;
	g->rdx = val >> 32;
}

static void ioio_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	u64 info = vmcb->control.exit_info_1;
	u16 port = info >> 16;
	unsigned int size = (info & SVM_IOIO_SIZE_MASK) >> SVM_IOIO_SIZE_SHIFT;
	bool in = info & SVM_IOIO_TYPE_MASK;
	u32 val = 0;
	bool ok;

	/* SZ8/SZ16/SZ32 are one-hot: size 1, 2 or 4 bytes. */
	if (info & (SVM_IOIO_STR_MASK | SVM_IOIO_REP_MASK)) {
		ok = false;
	} else if (in) {
		ok = guest_port_in(vcpu, port, size, &val);
		if (ok) {
			u64 mask = size == 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;

			vmcb->save.rax = (vmcb->save.rax & ~mask) | (val & mask);
		}
	} else {
		ok = guest_port_out(vcpu, port, size, (u32)vmcb->save.rax);
	}
	if (!ok)
		return vm_fail(vcpu, VM_FAIL_PORT, port | size << 16 | (u64)in << 24);
	svm_complete_insn(vmcb, vmcb->control.exit_info_2 - vmcb->save.rip);
}

static void vmmcall_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	struct guest_gprs *g = &vcpu->arch.gprs;

	if (!complete_op(vcpu, vmcb, OP_VMMCALL))
		return;
	/* Hypercalls come from the guest kernel only. */
	if (vmcb->save.cpl != 0)
		vmcb->save.rax = -EPERM;
	else
		vmcb->save.rax = guest_hypercall(vcpu, vmcb->save.rax, g->rdi, g->rsi);
}

/*
 * A machine check on the VM's core (status: its MCG_STATUS): the VM
 * fails with it in its report. MCIP is cleared (as Linux's handler does),
 * else the next one would shut the core down; the banks are left for
 * Linux to read.
 */
static void machine_check(struct vcpu *vcpu, u64 status)
{
	v3_wrmsr(MSR_IA32_MCG_STATUS, 0);
	vm_fail(vcpu, VM_FAIL_MACHINE_CHECK, status);
}

static void count(struct vcpu *vcpu, enum v3_exit_reason why)
{
	vcpu->exits[why]++;
	WRITE_ONCE(vcpu->exits_total, vcpu->exits_total + 1);
}

void svm_handle_exit(struct vcpu *vcpu)
{
	struct vmcb *vmcb = vcpu->arch.vmcb;
	u32 code = vmcb->control.exit_code;

	switch (code) {
	case SVM_EXIT_CPUID:
		count(vcpu, V3_EXIT_CPUID);
		return cpuid_exit(vcpu, vmcb);
	case SVM_EXIT_VMMCALL:
		count(vcpu, V3_EXIT_VMMCALL);
		return vmmcall_exit(vcpu, vmcb);
	case SVM_EXIT_IOIO:
		count(vcpu, V3_EXIT_IOIO);
		return ioio_exit(vcpu, vmcb);
	case SVM_EXIT_MSR:
		count(vcpu, V3_EXIT_MSR);
		return msr_exit(vcpu, vmcb);
	case SVM_EXIT_NMI:
		count(vcpu, V3_EXIT_NMI);
		/* Take the held NMI (a kick) on the private IDT. */
		v3_stgi();
		v3_clgi();
		return;
	case SVM_EXIT_INTR:
		count(vcpu, V3_EXIT_INTR);
		return;
	case SVM_EXIT_EXCP_BASE + X86_TRAP_AC:
		count(vcpu, V3_EXIT_EXCEPTION);
		return inject(vmcb, X86_TRAP_AC, true, vmcb->control.exit_info_1);
	case SVM_EXIT_EXCP_BASE + X86_TRAP_DB:
		count(vcpu, V3_EXIT_EXCEPTION);
		return inject(vmcb, X86_TRAP_DB, false, 0);
	case SVM_EXIT_ICEBP:
		/* INT1: an event, not a completed instruction (its #DB
		 * clears TF on delivery; no single-step trap follows). */
		count(vcpu, V3_EXIT_EXCEPTION);
		vmcb->save.rip += 1;
		return inject(vmcb, X86_TRAP_DB, false, 0);
	case SVM_EXIT_EXCP_BASE + X86_TRAP_MC:
		count(vcpu, V3_EXIT_EXCEPTION);
		return machine_check(vcpu, v3_rdmsr(MSR_IA32_MCG_STATUS));
	case SVM_EXIT_SMI:
		/* Held while GIF is clear: the firmware takes it here, on
		 * the host's state (else the next VMRUN would exit again). */
		count(vcpu, V3_EXIT_OTHER);
		v3_stgi();
		v3_clgi();
		return;
	case SVM_EXIT_WBINVD:
	case SVM_EXIT_INVD:
		/* No-ops. WBINVD: guest RAM is ordinary write-back memory,
		 * and no device of the guest's needs the caches written
		 * back. INVD: dropping dirty lines could lose data of the
		 * host; the guest's memory is coherent anyway. QEMU TCG
		 * reports INVD as a WBINVD exit, so either takes either. */
		count(vcpu, V3_EXIT_OTHER);
		if (insn_len(vcpu, vmcb, (const u8 *)OP_INVD, 2))
			complete_op(vcpu, vmcb, OP_INVD);
		else
			complete_op(vcpu, vmcb, OP_WBINVD);
		return;
	case SVM_EXIT_RDPMC:
		count(vcpu, V3_EXIT_OTHER);
		return rdpmc_exit(vcpu, vmcb);
	case SVM_EXIT_RDPRU:
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA:
		count(vcpu, V3_EXIT_OTHER);
		return inject(vmcb, X86_TRAP_UD, false, 0);
	case SVM_EXIT_NPF:
		if ((vmcb->control.exit_info_2 & ~0xfffULL) == GUEST_APIC_GPA &&
		    vcpu->vm->arch.x2apic) {
			count(vcpu, V3_EXIT_NPF);
			return vm_fail(vcpu, VM_FAIL_APIC_MMIO,
				       vmcb->control.exit_info_2);
		}
		/* A write to the read-only APIC page by an instruction (not
		 * a fetch, a guest page-table walk, or an event delivery). */
		if ((vmcb->control.exit_info_1 &
		     (NPF_WRITE | NPF_FETCH | NPF_IN_WALK)) == NPF_WRITE &&
		    !(vmcb->control.exit_int_info & SVM_EXITINTINFO_VALID) &&
		    guest_apic_write_exit(vcpu, vmcb, vmcb->control.exit_info_2)) {
			count(vcpu, V3_EXIT_APIC);
			return;
		}
		count(vcpu, V3_EXIT_NPF);
		return vm_fail(vcpu, VM_FAIL_NPF, vmcb->control.exit_info_2);
	case SVM_EXIT_SHUTDOWN: {
		/* With the guest's CR4.MCE clear, a machine check shuts the
		 * core down instead of raising #MC. */
		u64 mcg = boot_cpu_has(X86_FEATURE_MCA) ?
				  v3_rdmsr(MSR_IA32_MCG_STATUS) : 0;

		count(vcpu, V3_EXIT_SHUTDOWN);
		if (mcg & MCG_STATUS_MCIP)
			return machine_check(vcpu, mcg);
		return vm_fail(vcpu, VM_FAIL_TRIPLE_FAULT, 0);
	}
	case (u32)SVM_EXIT_ERR: /* TCG writes the high half as 0 */
		count(vcpu, V3_EXIT_OTHER);
		return vm_fail(vcpu, VM_FAIL_VMRUN, code);
	default:
		count(vcpu, V3_EXIT_OTHER);
		return vm_fail(vcpu, VM_FAIL_EXIT, code);
	}
}
