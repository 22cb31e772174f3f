// SPDX-License-Identifier: GPL-2.0
/*
 * AMD SVM: the per-VM I/O and MSR permission maps, the per-vCPU VMCB and
 * its pages, the guest's boot state, and one VMRUN with its exit.
 *
 * Intercepts are minimal (DESIGN.md): physical interrupts and HLT are
 * not intercepted, so the guest's own timer interrupt goes straight to
 * its IDT. Intercepted: NMI (the host's kick), CPUID, VMMCALL, every I/O
 * port and every MSR but the ones passed through (x86.c), SHUTDOWN,
 * the SVM instructions, #AC and #DB (which can hang a core if delivered
 * in a loop: CVE-2015-5307, CVE-2015-8104), ICEBP, RDPMC and RDPRU
 * (they would read the host's counters and APERF/MPERF).
 */
#include <linux/cc_platform.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <asm/apicdef.h>
#include <asm/cpufeature.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/svm.h>
#include <asm/thread_info.h>
#include <asm/trapnr.h>
#include "../../vmm.h"
#include "svm_exits.h"
#include "x86_vendor.h"
#include "x86_ops.h"

#define GUEST_ASID 1  /* the core is the VM's alone */
#define MULTIBOOT_BOOT_MAGIC 0x2badb002

int svm_check_cpu(void)
{
	if (!boot_cpu_has(X86_FEATURE_SVM)) {
		pr_err("v3vmm: this CPU has no AMD SVM\n");
		return -ENODEV;
	}
	if (!boot_cpu_has(X86_FEATURE_NPT)) {
		pr_err("v3vmm: this CPU has SVM without nested paging\n");
		return -ENODEV;
	}
	if (v3_rdmsr(MSR_VM_CR) & SVM_VM_CR_SVM_DIS_MASK) {
		pr_err("v3vmm: SVM is disabled in the firmware (VM_CR.SVMDIS)\n");
		return -ENODEV;
	}
	/*
	 * With SME (mem_encrypt=on) Linux maps its memory with the C-bit,
	 * and so does every physical address it hands a device or the CPU.
	 * The nested page table, the VMCB, the host save area and the
	 * guest's RAM would need it too, and guest RAM would be read back
	 * through mappings without it: refused rather than half supported.
	 * CC_ATTR_MEM_ENCRYPT also covers a host that is itself an SEV guest.
	 */
	if (cc_platform_has(CC_ATTR_MEM_ENCRYPT)) {
		pr_err("v3vmm: memory encryption (SME/SEV) is active on this host, which v3vmm does not support; boot Linux with mem_encrypt=off\n");
		return -ENODEV;
	}
	return 0;
}

/* Clears intercept bits (X86_MSR_READ, X86_MSR_WRITE) of one MSR in the
 * 8 KB map. */
void svm_msr_allow(u8 *msrpm, u32 msr, unsigned int rw)
{
	u32 base, offset;

	if (msr <= 0x1fff) {
		base = 0;
		offset = msr;
	} else if (msr >= 0xc0000000 && msr <= 0xc0001fff) {
		base = 0x800;
		offset = msr - 0xc0000000;
	} else {
		base = 0x1000;
		offset = msr - 0xc0010000;
	}
	msrpm[base + offset / 4] &= ~(rw << ((offset % 4) * 2));
}

static void *zeroed_page(u64 *pa)
{
	void *p = (void *)get_zeroed_page(GFP_KERNEL);

	if (p)
		*pa = __pa(p);
	return p;
}

int svm_vcpu_init(struct vcpu *vcpu)
{
	struct arch_vcpu *a = &vcpu->arch;

	a->vmcb = zeroed_page(&a->vmcb_pa);
	a->host_save = zeroed_page(&a->host_save_pa);
	a->hsave = zeroed_page(&a->hsave_pa);
	a->stack = (void *)__get_free_pages(GFP_KERNEL, THREAD_SIZE_ORDER);
	if (!a->vmcb || !a->host_save || !a->hsave || !a->stack) {
		svm_vcpu_free(vcpu);
		return -ENOMEM;
	}
	return 0;
}

void svm_vcpu_free(struct vcpu *vcpu)
{
	struct arch_vcpu *a = &vcpu->arch;

	/* The VMCB holds guest state: Linux gets the pages back clean. */
	if (a->vmcb)
		memset(a->vmcb, 0, PAGE_SIZE);
	free_page((unsigned long)a->vmcb);
	free_page((unsigned long)a->host_save);
	free_page((unsigned long)a->hsave);
	if (a->stack) {
		memset(a->stack, 0, THREAD_SIZE);
		free_pages((unsigned long)a->stack, THREAD_SIZE_ORDER);
	}
	memset(a, 0, sizeof(*a));
}

static void intercept(struct vmcb_control_area *c, unsigned int bit)
{
	c->intercepts[bit / 32] |= 1u << (bit % 32);
}

static void real_segment(struct vmcb_seg *seg, u16 sel)
{
	seg->selector = sel;
	seg->attrib = 0x93; /* data, read/write, accessed */
	seg->limit = 0xffff;
	seg->base = (u64)sel << 4;
}

static void flat_segment(struct vmcb_seg *seg, u16 sel, u16 attrib)
{
	seg->selector = sel;
	seg->attrib = attrib;
	seg->limit = 0xffffffff;
	seg->base = 0;
}

/* The intercepts and nested paging every vCPU of a VM has. */
static void vmcb_init(struct vcpu *vcpu)
{
	struct vmcb *vmcb = vcpu->arch.vmcb;
	struct vmcb_control_area *c = &vmcb->control;
	struct arch_vm *avm = &vcpu->vm->arch;

	memset(vmcb, 0, PAGE_SIZE);
	/* #MC: a machine check of the host's core, not the guest's. */
	c->intercepts[INTERCEPT_EXCEPTION] =
		BIT(X86_TRAP_AC) | BIT(X86_TRAP_DB) | BIT(X86_TRAP_MC);
	intercept(c, INTERCEPT_NMI);
	intercept(c, INTERCEPT_CPUID);
	intercept(c, INTERCEPT_IOIO_PROT);
	intercept(c, INTERCEPT_MSR_PROT);
	intercept(c, INTERCEPT_SHUTDOWN);
	intercept(c, INTERCEPT_INVLPGA);
	intercept(c, INTERCEPT_VMRUN);
	intercept(c, INTERCEPT_VMMCALL);
	intercept(c, INTERCEPT_VMLOAD);
	intercept(c, INTERCEPT_VMSAVE);
	intercept(c, INTERCEPT_STGI);
	intercept(c, INTERCEPT_CLGI);
	intercept(c, INTERCEPT_SKINIT);
	intercept(c, INTERCEPT_ICEBP);
	intercept(c, INTERCEPT_INVD); /* would drop the host's dirty lines */
	intercept(c, INTERCEPT_WBINVD); /* would stall cores sharing a cache */
	intercept(c, INTERCEPT_SMI); /* firmware's SMM runs on host state */
	intercept(c, INTERCEPT_RDPMC); /* the emulated counters instead */
	intercept(c, INTERCEPT_RDPRU); /* #UD: APERF/MPERF are the host's */
	c->iopm_base_pa = __pa(avm->iopm);
	c->msrpm_base_pa = __pa(avm->msrpm);
	c->asid = GUEST_ASID;
	c->int_ctl = 0; /* V_INTR_MASKING off: the guest's IF masks real IRQs */
	c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
	c->nested_cr3 = __pa(avm->npt_root);

	vmcb->save.efer = EFER_SVME;
	vmcb->save.dr6 = 0xffff0ff0;
	vmcb->save.dr7 = 0x400;
	vmcb->save.rflags = X86_EFLAGS_FIXED;
	vmcb->save.g_pat = 0x0007040600070406ULL; /* the reset value */
	vmcb->save.ldtr.attrib = 0x82;
	vmcb->save.tr.attrib = 0x8b;
	vmcb->save.tr.limit = 0xffff;
	vmcb->save.gdtr.limit = 0xffff;
	vmcb->save.idtr.limit = 0xffff;
	memset(&vcpu->arch.gprs, 0, sizeof(vcpu->arch.gprs));
	memset(vcpu->arch.perf_sel, 0, sizeof(vcpu->arch.perf_sel));
	memset(vcpu->arch.perf_ctr, 0, sizeof(vcpu->arch.perf_ctr));
	vcpu->arch.tsc_aux = 0;
	vcpu->arch.first_run = true;
}

/*
 * The Multiboot v1 machine state: 32-bit protected mode, paging off,
 * flat 4 GB code and data segments, EAX = magic, EBX = the Multiboot
 * info, interrupts off. The guest loads its own GDT and IDT.
 */
void svm_boot_state(struct vcpu *vcpu, u32 entry, u32 mbi)
{
	struct vmcb_save_area *s = &((struct vmcb *)vcpu->arch.vmcb)->save;

	vmcb_init(vcpu);
	flat_segment(&s->cs, 0x08, 0xc9b); /* 32-bit code, read/exec */
	flat_segment(&s->ds, 0x10, 0xc93); /* 32-bit data, read/write */
	s->es = s->ds;
	s->ss = s->ds;
	s->fs = s->ds;
	s->gs = s->ds;
	s->cpl = 0;
	s->cr0 = X86_CR0_PE | X86_CR0_ET;
	s->rip = entry;
	s->rax = MULTIBOOT_BOOT_MAGIC;
	vcpu->arch.gprs.rbx = mbi;
}

/* An AP as INIT leaves it: real mode, waiting for its SIPI. Host side. */
void svm_ap_state(struct vcpu *vcpu)
{
	struct vmcb_save_area *s = &((struct vmcb *)vcpu->arch.vmcb)->save;

	vmcb_init(vcpu);
	real_segment(&s->cs, 0);
	real_segment(&s->ds, 0);
	s->es = s->ds;
	s->ss = s->ds;
	s->fs = s->ds;
	s->gs = s->ds;
	s->cs.attrib = 0x9b; /* code, read/exec, accessed */
	s->cr0 = X86_CR0_ET;
}

/* The SIPI: the AP starts at vector << 12. On the sender's taken core;
 * the AP is idle (its boot state says so) and reads this after the
 * command that sends it to run. */
void svm_sipi_state(struct vcpu *vcpu, u8 vector)
{
	struct vmcb_save_area *s = &((struct vmcb *)vcpu->arch.vmcb)->save;

	s->cs.selector = vector << 8;
	s->cs.base = (u64)vector << 12;
	s->rip = 0;
}

static bool svm_event_is_soft(u32 info)
{
	u32 type = info & SVM_EXITINTINFO_TYPE_MASK;
	u8 vector = info & SVM_EXITINTINFO_VEC_MASK;

	return type == SVM_EXITINTINFO_TYPE_SOFT ||
	       (type == SVM_EXITINTINFO_TYPE_EXEPT &&
		(vector == X86_TRAP_BP || vector == X86_TRAP_OF));
}

/* One VMRUN and the handling of its exit. On the taken core. */
void svm_vcpu_run(struct vcpu *vcpu)
{
	struct vmcb *vmcb = vcpu->arch.vmcb;
	u32 intinfo;
	u64 t0;

	vmcb->control.tlb_ctl = vcpu->arch.first_run ? TLB_CONTROL_FLUSH_ALL_ASID :
						       TLB_CONTROL_DO_NOTHING;
	/* The core is the VM's alone: the hardware TSC_AUX holds the
	 * guest's value from its first VMRUN on (RDTSCP and RDPID read it
	 * unintercepted). Linux writes its own again when the core comes
	 * back (cpu_init() -> setup_getcpu(), Documentation/platform.md). */
	if (vcpu->arch.first_run && x86_has_tsc_aux())
		v3_wrmsr(MSR_TSC_AUX, vcpu->arch.tsc_aux);
	vcpu->arch.first_run = false;
	vmcb->control.clean = 0;
	t0 = v3_rdtsc();
	svm_vmrun(vcpu->arch.vmcb_pa, &vcpu->arch.gprs, vcpu->arch.host_save_pa);
	vcpu->run_tsc += v3_rdtsc() - t0;

	/* QEMU TCG leaves EVENTINJ valid after an exit. */
	vmcb->control.event_inj = 0;
	/* An event cut short by the exit (an interrupt being delivered
	 * through the guest IDT, say) is delivered again. INT n, INT3 and
	 * INTO are not: without NRIP save their length is unknown, and the
	 * guest simply executes the instruction again. */
	intinfo = vmcb->control.exit_int_info;
	if ((intinfo & SVM_EXITINTINFO_VALID) && !svm_event_is_soft(intinfo)) {
		vmcb->control.event_inj = intinfo;
		vmcb->control.event_inj_err = vmcb->control.exit_int_info_err;
	}
	svm_handle_exit(vcpu);
}

/* What arch_save_regs() leaves to the back end. */
void svm_save_regs(struct vcpu *vcpu, struct v3_guest_regs *r)
{
	struct vmcb *vmcb = vcpu->arch.vmcb;

	r->cr2 = vmcb->save.cr2;
	r->exit_code = vmcb->control.exit_code |
		       (u64)vmcb->control.exit_code_hi << 32;
	r->exit_info1 = vmcb->control.exit_info_1;
	r->exit_info2 = vmcb->control.exit_info_2;
}

/* Enters SVM on this taken core: GIF clear from here on in host mode. */
void svm_core_enter(struct vcpu *vcpu)
{
	v3_wrmsr(MSR_EFER, v3_rdmsr(MSR_EFER) | EFER_SVME);
	v3_wrmsr(MSR_VM_HSAVE_PA, vcpu->arch.hsave_pa);
	v3_clgi();
	asm volatile("vmsave %0" ::"a"(vcpu->arch.host_save_pa) : "memory");
}

/* Leaves SVM: GIF set (INIT is held while it is clear), EFER.SVME off. */
void svm_core_leave(struct vcpu *vcpu)
{
	v3_stgi();
	v3_wrmsr(MSR_EFER, v3_rdmsr(MSR_EFER) & ~EFER_SVME);
}
