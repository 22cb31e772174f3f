// SPDX-License-Identifier: GPL-2.0
/*
 * The exits of a VMX guest, on its taken core: decoding what VMX reports
 * and handing it to the vendor-neutral policy (x86_policy.c: CPUID, MSRs,
 * ports, hypercalls; guest_apic.c: APIC writes), which is the same as
 * SVM's. VMX states the length of every instruction that exits
 * (VM_EXIT_INSTRUCTION_LEN); only an APIC write (an EPT violation) is
 * decoded from its bytes.
 */
#include <uapi/asm/debugreg.h>
#include <asm/mce.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/trapnr.h>
#include <asm/vmx.h>
#include "../../vmm.h"
#include "../../guest_io.h"
#include "cpu_state.h"
#include "guest_apic.h"
#include "vmx.h"
#include "x86_policy.h"
#include "x86_vendor.h"

#define EPT_VIOLATION_WRITE BIT(1)
#define EPT_VIOLATION_FETCH BIT(2)
#define EXIT_REASON_GETSEC 11
#define XCR0_X87 BIT_ULL(0)
#define XCR0_SSE BIT_ULL(1)
#define XCR0_AVX BIT_ULL(2)
#define XCR0_AVX512 (BIT_ULL(5) | BIT_ULL(6) | BIT_ULL(7))
#define XCR0_MPX (BIT_ULL(3) | BIT_ULL(4))

void vmx_inject(struct vcpu *vcpu, u8 vector, bool has_error, u32 error)
{
	u32 info = vmcs_read(VM_ENTRY_INTR_INFO_FIELD);

	/* An event the exit cut short is queued already: a double fault. */
	if (info & INTR_INFO_VALID_MASK) {
		vector = X86_TRAP_DF;
		has_error = true;
		error = 0;
	}
	/* Real mode (unrestricted guest, CR0.PE clear) delivers no error
	 * code, and VM entry refuses one. */
	if (!(vmx_guest_cr0() & X86_CR0_PE))
		has_error = false;
	vmcs_write(VM_ENTRY_INTR_INFO_FIELD,
		   vector | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_VALID_MASK |
			   (has_error ? INTR_INFO_DELIVER_CODE_MASK : 0));
	if (has_error)
		vmcs_write(VM_ENTRY_EXCEPTION_ERROR_CODE, error);
}

void vmx_vcpu_complete_insn(struct vcpu *vcpu, unsigned int len)
{
	vmcs_write(GUEST_RIP, vmcs_read(GUEST_RIP) + len);
	vmcs_write(GUEST_INTERRUPTIBILITY_INFO,
		   vmcs_read(GUEST_INTERRUPTIBILITY_INFO) &
			   ~(u64)(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
	/* The single-step trap, delivered by the CPU at the entry. */
	if (vmcs_read(GUEST_RFLAGS) & X86_EFLAGS_TF)
		vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS,
			   vmcs_read(GUEST_PENDING_DBG_EXCEPTIONS) | DR_STEP);
}

/* Completes the instruction that exited (its length is stated). */
static void complete(struct vcpu *vcpu)
{
	vmx_vcpu_complete_insn(vcpu, vmcs_read(VM_EXIT_INSTRUCTION_LEN));
}

/* The guest's privilege level: SS.DPL on VMX. */
static unsigned int guest_cpl(void)
{
	return (vmcs_read(GUEST_SS_AR_BYTES) >> 5) & 3;
}

static void cpuid_exit(struct vcpu *vcpu)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u32 r[4];

	x86_guest_cpuid(vcpu, g->rax, g->rcx, vmx_guest_cr4(), r);
	complete(vcpu);
	g->rax = r[0];
	g->rbx = r[1];
	g->rcx = r[2];
	g->rdx = r[3];
}

static void msr_exit(struct vcpu *vcpu, bool write)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u32 msr = g->rcx;
	u64 val;

	if (write) {
		val = (u32)g->rax | (u64)(u32)g->rdx << 32;
		if (!x86_msr_write(vcpu, msr, val))
			return x86_msr_deny(vcpu, msr, true);
		complete(vcpu);
	} else {
		if (!x86_msr_read(vcpu, msr, &val))
			return x86_msr_deny(vcpu, msr, false);
		complete(vcpu);
		g->rax = (u32)val;
		g->rdx = val >> 32;
	}
}

static void rdpmc_exit(struct vcpu *vcpu)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u64 val;

	if (!x86_rdpmc(vcpu, g->rcx, guest_cpl(),
		       vmx_guest_cr4() & X86_CR4_PCE, &val))
		return vmx_inject(vcpu, X86_TRAP_GP, true, 0);
	complete(vcpu);
	g->rax = (u32)val;
	g->rdx = val >> 32;
}

/* Exit qualification: size - 1 in 2:0, IN in 3, string 4, REP 5, port
 * in 31:16. */
static void io_exit(struct vcpu *vcpu)
{
	u64 q = vmcs_read(EXIT_QUALIFICATION);
	u16 port = q >> 16;
	unsigned int size = (q & 7) + 1;
	bool in = q & BIT(3);
	struct guest_gprs *g = &vcpu->arch.gprs;
	u32 val = 0;
	bool ok;

	if (q & (BIT(4) | BIT(5))) {
		ok = false;
	} else if (in) {
		ok = guest_port_in(vcpu, port, size, &val);
		if (ok) {
			u64 mask = size == 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;

			/* A 32-bit IN zero-extends into RAX, as MOV does. */
			g->rax = size == 4 ? val : (g->rax & ~mask) | (val & mask);
		}
	} else {
		ok = guest_port_out(vcpu, port, size, (u32)g->rax);
	}
	if (!ok)
		return vm_fail(vcpu, VM_FAIL_PORT, port | size << 16 | (u64)in << 24);
	complete(vcpu);
}

static void vmcall_exit(struct vcpu *vcpu)
{
	struct guest_gprs *g = &vcpu->arch.gprs;

	complete(vcpu);
	/* Hypercalls come from the guest kernel only. */
	if (guest_cpl() != 0)
		g->rax = -EPERM;
	else
		g->rax = guest_hypercall(vcpu, g->rax, g->rdi, g->rsi);
}

/*
 * MOV to CR0 or CR4 that changed a bit the VMM keeps (CR0.NE, CR4.VMXE,
 * whatever else VMX operation fixes): the guest's value is checked as the
 * CPU checks it, then kept as it wrote it (the read shadow) and loaded
 * with the fixed bits. Setting CR0.PG with EFER.LME enters long mode.
 */
static void cr_exit(struct vcpu *vcpu)
{
	u64 q = vmcs_read(EXIT_QUALIFICATION), val, efer, old;
	unsigned int cr = q & 15, type = (q >> 4) & 3, reg = (q >> 8) & 15;

	if (type != 0 || (cr != 0 && cr != 4))
		return vm_fail(vcpu, VM_FAIL_EXIT, EXIT_REASON_CR_ACCESS);
	val = reg == 4 ? vmcs_read(GUEST_RSP) : x86_guest_gpr(vcpu, reg);
	efer = vmcs_read(GUEST_IA32_EFER);
	if (cr == 4) {
		/* Only a write that sets VMXE exits here (the one bit of
		 * the mask): the guest has no VMX. */
		if (val & X86_CR4_VMXE)
			return vmx_inject(vcpu, X86_TRAP_GP, true, 0);
		if ((efer & EFER_LMA) && !(val & X86_CR4_PAE))
			return vmx_inject(vcpu, X86_TRAP_GP, true, 0);
		vmx_set_cr4(val);
		return complete(vcpu);
	}
	old = vmx_guest_cr0();
	if ((val >> 32) || ((val & X86_CR0_PG) && !(val & X86_CR0_PE)) ||
	    ((val & X86_CR0_NW) && !(val & X86_CR0_CD)))
		return vmx_inject(vcpu, X86_TRAP_GP, true, 0);
	if ((val & X86_CR0_PG) && !(old & X86_CR0_PG) && (efer & EFER_LME)) {
		if (!(vmx_guest_cr4() & X86_CR4_PAE))
			return vmx_inject(vcpu, X86_TRAP_GP, true, 0);
		efer |= EFER_LMA;
		vmcs_write(VM_ENTRY_CONTROLS,
			   vmcs_read(VM_ENTRY_CONTROLS) | VM_ENTRY_IA32E_MODE);
	} else if (!(val & X86_CR0_PG) && (old & X86_CR0_PG)) {
		efer &= ~EFER_LMA;
		vmcs_write(VM_ENTRY_CONTROLS,
			   vmcs_read(VM_ENTRY_CONTROLS) & ~VM_ENTRY_IA32E_MODE);
	}
	vmcs_write(GUEST_IA32_EFER, efer);
	vmx_set_cr0(val);
	complete(vcpu);
}

/*
 * XSETBV always exits on VMX. XCR0 takes what the CPU supports for user
 * state (cpu_state.c resets all of it) and the CPU's rules: x87 always,
 * AVX with SSE, the AVX-512 parts together and with AVX, MPX's two
 * together; else #GP (in the guest: an XSETBV that faulted here would
 * stop the taken core).
 */
static void xsetbv_exit(struct vcpu *vcpu)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u64 val = (u32)g->rax | (u64)(u32)g->rdx << 32;
	u64 avx512 = val & XCR0_AVX512, mpx = val & XCR0_MPX;

	if ((u32)g->rcx != 0 || guest_cpl() != 0 ||
	    !(vmx_guest_cr4() & X86_CR4_OSXSAVE) ||
	    (val & ~cpu_state_user_xcr0()) || !(val & XCR0_X87) ||
	    ((val & XCR0_AVX) && !(val & XCR0_SSE)) ||
	    (avx512 && (avx512 != XCR0_AVX512 || !(val & XCR0_AVX))) ||
	    (mpx && mpx != XCR0_MPX))
		return vmx_inject(vcpu, X86_TRAP_GP, true, 0);
	asm volatile("xsetbv" ::"c"(0), "a"((u32)val), "d"((u32)(val >> 32))
		     : "memory");
	complete(vcpu);
}

/*
 * An NMI (the host's kick: nothing to do, the caller reads its command
 * next) or an intercepted exception. After an NMI exit NMIs may stay
 * blocked until an IRET: the core does one to itself.
 */
static void exception_exit(struct vcpu *vcpu)
{
	u32 info = vmcs_read(VM_EXIT_INTR_INFO);
	u8 vector = info & INTR_INFO_VECTOR_MASK;

	if ((info & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_NMI_INTR) {
		x86_count_exit(vcpu, V3_EXIT_NMI);
		return x86_unblock_nmis();
	}
	x86_count_exit(vcpu, V3_EXIT_EXCEPTION);
	switch (vector) {
	case X86_TRAP_AC:
		return vmx_inject(vcpu, X86_TRAP_AC, true,
				  vmcs_read(VM_EXIT_INTR_ERROR_CODE));
	case X86_TRAP_DB:
		/* The DR6 bits of the #DB are in the exit qualification. */
		asm volatile("mov %0, %%db6"
			     ::"r"(vmcs_read(EXIT_QUALIFICATION) | DR6_RESERVED));
		if ((info & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_PRIV_SW_EXCEPTION)
			vmcs_write(GUEST_RIP, vmcs_read(GUEST_RIP) +
						      vmcs_read(VM_EXIT_INSTRUCTION_LEN));
		return vmx_inject(vcpu, X86_TRAP_DB, false, 0);
	case X86_TRAP_MC:
		return x86_machine_check(vcpu, v3_rdmsr(MSR_IA32_MCG_STATUS));
	default:
		return vm_fail(vcpu, VM_FAIL_EXIT, EXIT_REASON_EXCEPTION_NMI);
	}
}

/* A write to the read-only APIC page by an instruction (not a fetch,
 * nor a walk of the guest's page tables, nor an event delivery); else
 * the VM fails. */
static void ept_violation_exit(struct vcpu *vcpu, u32 vectoring)
{
	u64 q = vmcs_read(EXIT_QUALIFICATION);
	u64 gpa = vmcs_read(GUEST_PHYSICAL_ADDRESS);

	/* An x2APIC host: no xAPIC page is mapped (npt.c), any touch fails
	 * the VM with its own reason. */
	if ((gpa & ~0xfffULL) == GUEST_APIC_GPA && vcpu->vm->arch.x2apic) {
		x86_count_exit(vcpu, V3_EXIT_NPF);
		return vm_fail(vcpu, VM_FAIL_APIC_MMIO, gpa);
	}
	if ((q & (EPT_VIOLATION_WRITE | EPT_VIOLATION_FETCH)) ==
		    EPT_VIOLATION_WRITE &&
	    (q & EPT_VIOLATION_GVA_TRANSLATED) &&
	    !(vectoring & VECTORING_INFO_VALID_MASK) &&
	    guest_apic_write_exit(vcpu, gpa)) {
		x86_count_exit(vcpu, V3_EXIT_APIC);
		return;
	}
	x86_count_exit(vcpu, V3_EXIT_NPF);
	vm_fail(vcpu, VM_FAIL_NPF, gpa);
}

/* An event whose delivery the exit cut short is delivered again. */
static u32 requeue_event(void)
{
	u32 vec = vmcs_read(IDT_VECTORING_INFO_FIELD);
	u32 type = vec & VECTORING_INFO_TYPE_MASK;

	vmcs_write(VM_ENTRY_INTR_INFO_FIELD, 0);
	if (!(vec & VECTORING_INFO_VALID_MASK))
		return vec;
	vmcs_write(VM_ENTRY_INTR_INFO_FIELD, vec & ~INTR_INFO_UNBLOCK_NMI);
	if (vec & VECTORING_INFO_DELIVER_CODE_MASK)
		vmcs_write(VM_ENTRY_EXCEPTION_ERROR_CODE,
			   vmcs_read(IDT_VECTORING_ERROR_CODE));
	if (type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_SOFT_EXCEPTION ||
	    type == INTR_TYPE_PRIV_SW_EXCEPTION)
		vmcs_write(VM_ENTRY_INSTRUCTION_LEN,
			   vmcs_read(VM_EXIT_INSTRUCTION_LEN));
	return vec;
}

void vmx_handle_exit(struct vcpu *vcpu)
{
	u32 reason = vmcs_read(VM_EXIT_REASON);
	u32 vectoring = requeue_event();

	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY) {
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return vm_fail(vcpu, VM_FAIL_VMRUN, reason);
	}
	switch ((u16)reason) {
	case EXIT_REASON_EXCEPTION_NMI:
		return exception_exit(vcpu);
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		x86_count_exit(vcpu, V3_EXIT_INTR);
		return;
	case EXIT_REASON_CPUID:
		x86_count_exit(vcpu, V3_EXIT_CPUID);
		return cpuid_exit(vcpu);
	case EXIT_REASON_VMCALL:
		x86_count_exit(vcpu, V3_EXIT_VMMCALL);
		return vmcall_exit(vcpu);
	case EXIT_REASON_IO_INSTRUCTION:
		x86_count_exit(vcpu, V3_EXIT_IOIO);
		return io_exit(vcpu);
	case EXIT_REASON_MSR_READ:
	case EXIT_REASON_MSR_WRITE:
		x86_count_exit(vcpu, V3_EXIT_MSR);
		return msr_exit(vcpu, (u16)reason == EXIT_REASON_MSR_WRITE);
	case EXIT_REASON_CR_ACCESS:
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return cr_exit(vcpu);
	case EXIT_REASON_XSETBV:
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return xsetbv_exit(vcpu);
	case EXIT_REASON_RDPMC:
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return rdpmc_exit(vcpu);
	case EXIT_REASON_WBINVD:
	case EXIT_REASON_INVD:
		/* No-ops, as on SVM (svm_exits.c says why). */
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return complete(vcpu);
	case EXIT_REASON_VMCLEAR:
	case EXIT_REASON_VMLAUNCH:
	case EXIT_REASON_VMPTRLD:
	case EXIT_REASON_VMPTRST:
	case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMRESUME:
	case EXIT_REASON_VMWRITE:
	case EXIT_REASON_VMOFF:
	case EXIT_REASON_VMON:
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVVPID:
	case EXIT_REASON_VMFUNC:
	case EXIT_REASON_GETSEC:
		/* The guest has no VMX (nor SMX). */
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return vmx_inject(vcpu, X86_TRAP_UD, false, 0);
	case EXIT_REASON_EPT_VIOLATION:
		return ept_violation_exit(vcpu, vectoring);
	case EXIT_REASON_TRIPLE_FAULT:
		return x86_shutdown(vcpu);
	default:
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return vm_fail(vcpu, VM_FAIL_EXIT, reason);
	}
}

/* The back-end interface's guest access (x86_vendor.h). */
void vmx_guest_paging(struct vcpu *vcpu, struct guest_paging *p)
{
	u32 cs_ar = vmcs_read(GUEST_CS_AR_BYTES);

	p->rip = vmcs_read(GUEST_RIP);
	p->cs_base = vmcs_read(GUEST_CS_BASE);
	p->rflags = vmcs_read(GUEST_RFLAGS);
	p->cr0 = vmx_guest_cr0();
	p->cr3 = vmcs_read(GUEST_CR3);
	p->cr4 = vmx_guest_cr4();
	p->efer = vmcs_read(GUEST_IA32_EFER);
	p->cs_l = cs_ar & BIT(13);
	p->cs_db = cs_ar & BIT(14);
}

static const unsigned long reg_field[] = {
	[X86_REG_RSP] = GUEST_RSP,
	[X86_REG_EFER] = GUEST_IA32_EFER,
	[X86_REG_PAT] = GUEST_IA32_PAT,
	[X86_REG_TSC_OFFSET] = TSC_OFFSET,
};

u64 vmx_guest_reg(struct vcpu *vcpu, enum x86_reg reg)
{
	if (reg == X86_REG_RAX)
		return vcpu->arch.gprs.rax;
	if (reg == X86_REG_CR0)
		return vmx_guest_cr0();
	return vmcs_read(reg_field[reg]);
}

void vmx_set_guest_reg(struct vcpu *vcpu, enum x86_reg reg, u64 val)
{
	if (reg == X86_REG_RAX)
		vcpu->arch.gprs.rax = val;
	else if (reg == X86_REG_CR0)
		vmx_set_cr0(val);
	else
		vmcs_write(reg_field[reg], val);
}
