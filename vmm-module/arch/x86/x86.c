// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 side of the arch interface (arch.h) that depends on the
 * vendor: the back end is chosen once, at load, from CPUID, and each
 * arch_* function here calls its function (x86_vendor.h).
 */
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <asm/apicdef.h>
#include <asm/msr-index.h>
#include "../../vmm.h"
#include "host_lapic.h"
#include "x86_ops.h"
#include "x86_vendor.h"

bool x86_vendor_vmx __read_mostly;

#define CPUID_1_ECX_VMX BIT(5)
#define CPUID_80000001_ECX_SVM BIT(2)

int x86_select_vendor(void)
{
	u32 r[4];
	bool intel;

	v3_cpuid(0, 0, r);
	/* "GenuineIntel" in EBX, EDX, ECX */
	intel = r[1] == 0x756e6547 && r[3] == 0x49656e69 && r[2] == 0x6c65746e;
	if (intel) {
		v3_cpuid(1, 0, r);
		if (!(r[2] & CPUID_1_ECX_VMX)) {
			pr_err("v3vmm: this Intel CPU has no VMX\n");
			return -ENODEV;
		}
		x86_vendor_vmx = true;
		return 0;
	}
	v3_cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000001) {
		v3_cpuid(0x80000001, 0, r);
		if (r[2] & CPUID_80000001_ECX_SVM) {
			x86_vendor_vmx = false;
			return 0;
		}
	}
	pr_err("v3vmm: this CPU has neither AMD SVM nor Intel VMX\n");
	return -ENODEV;
}

int arch_check_cpu(void)
{
	int err = x86_select_vendor();

	if (!err)
		err = x86_vmx() ? vmx_check_cpu() : svm_check_cpu();
	if (err)
		return err;
	/* The guest's APIC page maps the host's at the same address. */
	if ((v3_rdmsr(MSR_IA32_APICBASE) & MSR_IA32_APICBASE_BASE) !=
	    APIC_DEFAULT_PHYS_BASE) {
		pr_err("v3vmm: the local APIC is not at 0x%x; v3vmm needs it there\n",
		       APIC_DEFAULT_PHYS_BASE);
		return -ENODEV;
	}
	return 0;
}

/*
 * MSRs the guest reads and writes directly, on both: they live in the
 * VMCB or the state VMLOAD/VMSAVE switch (SVM), in the VMCS, or are the
 * guest's alone on its core (VMX: the syscall MSRs, vmx.c).
 */
static const u32 msr_passthrough[] = {
	MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_STAR, MSR_LSTAR,
	MSR_CSTAR,   MSR_SYSCALL_MASK, MSR_IA32_SYSENTER_CS,
	MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
};

/* The sizes of the I/O and MSR bitmaps: SVM's 12 KB I/O permission map
 * (in 16 KB) and 8 KB MSR permission map; VMX's I/O bitmaps A and B and
 * 4 KB MSR bitmap. */
static unsigned int io_order(void)
{
	return x86_vmx() ? 1 : 2;
}

static unsigned int msr_order(void)
{
	return x86_vmx() ? 0 : 1;
}

static void msr_allow(u8 *bitmap, u32 msr, unsigned int rw)
{
	if (x86_vmx())
		vmx_msr_allow(bitmap, msr, rw);
	else
		svm_msr_allow(bitmap, msr, rw);
}

/*
 * x2APIC registers (MSR 0x800 + offset / 16) the guest writes without an
 * exit: they act on its own core only. Everything else it writes there
 * exits (ICR, LVTs, read-only registers: guest_apic_msr_write()).
 */
static const u32 x2apic_write_passthrough[] = {
	APIC_TASKPRI, APIC_EOI, APIC_SPIV, APIC_ESR, APIC_TMICT, APIC_TDCR,
	APIC_SELF_IPI,
};

/* On an x2APIC host: every x2APIC register read, and the writes above. */
static void msr_allow_x2apic(u8 *bitmap)
{
	for (u32 msr = APIC_BASE_MSR; msr < APIC_BASE_MSR + 0x100; msr++)
		msr_allow(bitmap, msr, X86_MSR_READ);
	for (unsigned int i = 0; i < ARRAY_SIZE(x2apic_write_passthrough); i++)
		msr_allow(bitmap,
			  APIC_BASE_MSR + (x2apic_write_passthrough[i] >> 4),
			  X86_MSR_WRITE);
}

/* The per-VM bitmaps, default deny: every port and MSR exits but the
 * MSRs passed through (and, on an x2APIC host, the x2APIC ones above). */
int arch_vm_init(struct vm *vm)
{
	struct arch_vm *a = &vm->arch;

	a->iopm = (void *)__get_free_pages(GFP_KERNEL, io_order());
	a->msrpm = (void *)__get_free_pages(GFP_KERNEL, msr_order());
	if (!a->iopm || !a->msrpm) {
		arch_vm_free(vm);
		return -ENOMEM;
	}
	memset(a->iopm, 0xff, PAGE_SIZE << io_order());
	memset(a->msrpm, 0xff, PAGE_SIZE << msr_order());
	for (unsigned int i = 0; i < ARRAY_SIZE(msr_passthrough); i++) {
		/* VMX leaves CSTAR to the hardware, unswitched and not
		 * zeroed (vmx_core_enter()): it would show the host's. */
		if (x86_vmx() && msr_passthrough[i] == MSR_CSTAR)
			continue;
		msr_allow(a->msrpm, msr_passthrough[i],
			  X86_MSR_READ | X86_MSR_WRITE);
	}
	/* Linux never leaves x2APIC mode once in it. */
	a->x2apic = host_lapic_x2();
	if (a->x2apic)
		msr_allow_x2apic(a->msrpm);
	return 0;
}

void arch_vm_free(struct vm *vm)
{
	struct arch_vm *a = &vm->arch;

	if (a->iopm)
		free_pages((unsigned long)a->iopm, io_order());
	if (a->msrpm)
		free_pages((unsigned long)a->msrpm, msr_order());
	a->iopm = a->msrpm = NULL;
	arch_npt_free(a);
}

int arch_vcpu_init(struct vcpu *vcpu)
{
	return x86_vmx() ? vmx_vcpu_init(vcpu) : svm_vcpu_init(vcpu);
}

void arch_vcpu_free(struct vcpu *vcpu)
{
	if (x86_vmx())
		vmx_vcpu_free(vcpu);
	else
		svm_vcpu_free(vcpu);
}

void arch_vcpu_boot_state(struct vcpu *vcpu, u32 entry, u32 mbi)
{
	if (x86_vmx())
		vmx_boot_state(vcpu, entry, mbi);
	else
		svm_boot_state(vcpu, entry, mbi);
}

void arch_vcpu_ap_state(struct vcpu *vcpu)
{
	if (x86_vmx())
		vmx_ap_state(vcpu);
	else
		svm_ap_state(vcpu);
}

void arch_vcpu_sipi_state(struct vcpu *vcpu, u8 vector)
{
	if (x86_vmx())
		vmx_sipi_state(vcpu, vector);
	else
		svm_sipi_state(vcpu, vector);
}

void arch_vcpu_run(struct vcpu *vcpu)
{
	if (x86_vmx())
		vmx_vcpu_run(vcpu);
	else
		svm_vcpu_run(vcpu);
}

/* On the vCPU's own core (the VMCS must be current). */
void arch_save_regs(struct vcpu *vcpu, struct v3_guest_regs *r)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	struct guest_paging p;

	r->rbx = g->rbx;
	r->rcx = g->rcx;
	r->rdx = g->rdx;
	r->rsi = g->rsi;
	r->rdi = g->rdi;
	r->rbp = g->rbp;
	r->r8 = g->r8;
	r->r9 = g->r9;
	r->r10 = g->r10;
	r->r11 = g->r11;
	r->r12 = g->r12;
	r->r13 = g->r13;
	r->r14 = g->r14;
	r->r15 = g->r15;
	if (x86_vmx() && !vcpu->arch.vmcs_ok) {
		r->rax = g->rax; /* no VMCS to read the rest from */
		return;
	}
	x86_guest_paging(vcpu, &p);
	r->rax = x86_guest_reg(vcpu, X86_REG_RAX);
	r->rsp = x86_guest_reg(vcpu, X86_REG_RSP);
	r->rip = p.rip;
	r->rflags = p.rflags;
	r->cr0 = p.cr0;
	r->cr3 = p.cr3;
	r->cr4 = p.cr4;
	r->efer = p.efer;
	if (x86_vmx())
		vmx_save_regs(vcpu, r);
	else
		svm_save_regs(vcpu, r);
}

const char *arch_entry_insn(void)
{
	return x86_vmx() ? "VM entry" : "VMRUN";
}
