// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VMX: the checks at load, the per-VM I/O and MSR bitmaps, the
 * per-vCPU VMCS and VMXON region, VMXON on the taken core, the guest's
 * boot state, and one VM entry with its exit (vmx_exits.c).
 *
 * Exits are as few as on SVM (svm.c): external interrupts and HLT do not
 * exit, so the guest takes its own timer interrupt through its IDT. They
 * exit: NMIs (the host's kick), CPUID, every I/O port and every MSR but
 * the ones passed through (the same as SVM's), triple fault, the VMX
 * instructions (#UD), XSETBV (always, on VMX), INVD, WBINVD, RDPMC, #AC
 * and #DB (CVE-2015-5307, CVE-2015-8104), #MC, and the CR0/CR4 writes
 * that touch a bit the VMM keeps (CR0.NE, CR4.VMXE: VMX operation needs
 * them set; the guest sees them as it wrote them).
 *
 * Memory: EPT, built eagerly (npt.c), with 1 GB pages where the CPU has
 * them; VPID 1 (a core runs one VM; its TLB is flushed at the first
 * entry). The guest starts in 32-bit protected mode with paging off (the
 * Multiboot state) and its APs in real mode: both need unrestricted
 * guest. INIT and SIPI are virtualised (guest_apic.c): an AP waits on its
 * idle core, not in the wait-for-SIPI activity state.
 *
 * The guest owns the syscall MSRs (STAR, LSTAR, SFMASK, KERNEL_GS_BASE;
 * CSTAR, unused on Intel) of its core, which VMX does not switch: the VMM never
 * uses them, they are zeroed at the take (nothing of Linux's reaches the
 * guest) and Linux sets them again when the core comes back.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <asm/apicdef.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/thread_info.h>
#include <asm/trapnr.h>
#include <asm/vmx.h>
#include "../../vmm.h"
#include "../../guest_io.h"
#include "vmx.h"
#include "x86_ops.h"
#include "x86_vendor.h"

#define MULTIBOOT_BOOT_MAGIC 0x2badb002
#define GUEST_VPID 1

/* The controls, computed at load (vmx_check_cpu) from the capability
 * MSRs: what is wanted, with what the CPU forces. */
static u32 ctl_pin, ctl_proc, ctl_proc2, ctl_exit, ctl_entry;
static u32 vmcs_revision;
bool vmx_ept_1g __read_mostly;
bool vmx_l1d_flush __read_mostly;
static bool have_invept_global, have_invept_context, have_invvpid;
static bool vmx_kernel_ibrs;

/* ctl: wanted bits, adjusted to the capability MSR (low half: bits that
 * must be 1; high half: bits that may be 1); false if a needed one is
 * not allowed. */
static bool adjust_controls(u32 msr, u32 want, u32 need, u32 *ctl)
{
	u64 cap = v3_rdmsr(msr);
	u32 v = (want | (u32)cap) & (u32)(cap >> 32);

	*ctl = v;
	return (v & need) == need;
}

int vmx_check_cpu(void)
{
	u64 fc = v3_rdmsr(MSR_IA32_FEAT_CTL), basic, ept;
	bool true_msrs;
	u32 need;

	if ((fc & FEAT_CTL_LOCKED) && !(fc & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)) {
		pr_err("v3vmm: VMX is disabled in the firmware (IA32_FEATURE_CONTROL is locked with VMX off): enable it in the BIOS setup\n");
		return -ENODEV;
	}
	if (!(fc & FEAT_CTL_LOCKED)) {
		pr_err("v3vmm: IA32_FEATURE_CONTROL is not locked: Linux did not enable VMX at boot (a kernel without CONFIG_KVM_INTEL support for it?)\n");
		return -ENODEV;
	}
	basic = v3_rdmsr(MSR_IA32_VMX_BASIC);
	vmcs_revision = basic & 0x7fffffff;
	true_msrs = basic & VMX_BASIC_TRUE_CTLS;
	if (((basic >> 32) & 0x1fff) > PAGE_SIZE ||
	    ((basic >> 50) & 0xf) != 6 /* write-back VMCS */) {
		pr_err("v3vmm: unsupported VMCS (VMX_BASIC %#llx)\n", basic);
		return -ENODEV;
	}
	need = PIN_BASED_NMI_EXITING;
	if (!adjust_controls(true_msrs ? MSR_IA32_VMX_TRUE_PINBASED_CTLS :
					 MSR_IA32_VMX_PINBASED_CTLS,
			     need, need, &ctl_pin))
		goto missing;
	need = CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS |
	       CPU_BASED_RDPMC_EXITING | CPU_BASED_USE_TSC_OFFSETTING |
	       CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	if (!adjust_controls(true_msrs ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS :
					 MSR_IA32_VMX_PROCBASED_CTLS,
			     need, need, &ctl_proc))
		goto missing;
	if (ctl_proc & (CPU_BASED_HLT_EXITING | CPU_BASED_CR3_LOAD_EXITING |
			CPU_BASED_CR3_STORE_EXITING | CPU_BASED_CR8_LOAD_EXITING |
			CPU_BASED_CR8_STORE_EXITING | CPU_BASED_INVLPG_EXITING |
			CPU_BASED_UNCOND_IO_EXITING | CPU_BASED_MOV_DR_EXITING)) {
		pr_err("v3vmm: this CPU forces VM exits v3vmm does not handle (processor-based controls %#x)\n",
		       ctl_proc);
		return -ENODEV;
	}
	need = SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST |
	       SECONDARY_EXEC_WBINVD_EXITING;
	if (!adjust_controls(MSR_IA32_VMX_PROCBASED_CTLS2,
			     need | SECONDARY_EXEC_ENABLE_VPID |
				     SECONDARY_EXEC_ENABLE_RDTSCP |
				     SECONDARY_EXEC_ENABLE_INVPCID |
				     SECONDARY_EXEC_XSAVES,
			     need, &ctl_proc2))
		goto missing;
	need = VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |
	       VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_PAT |
	       VM_EXIT_LOAD_IA32_PAT;
	/* DR7 and DEBUGCTL saved at exits: entries load them back. */
	if (!adjust_controls(true_msrs ? MSR_IA32_VMX_TRUE_EXIT_CTLS :
					 MSR_IA32_VMX_EXIT_CTLS,
			     need | VM_EXIT_SAVE_DEBUG_CONTROLS, need, &ctl_exit))
		goto missing;
	need = VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT;
	if (!adjust_controls(true_msrs ? MSR_IA32_VMX_TRUE_ENTRY_CTLS :
					 MSR_IA32_VMX_ENTRY_CTLS,
			     need | VM_ENTRY_LOAD_DEBUG_CONTROLS, need, &ctl_entry))
		goto missing;
	ept = v3_rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	if (!(ept & VMX_EPT_PAGE_WALK_4_BIT) || !(ept & VMX_EPTP_WB_BIT) ||
	    !(ept & VMX_EPT_2MB_PAGE_BIT) || !(ept & VMX_EPT_INVEPT_BIT)) {
		pr_err("v3vmm: this CPU's EPT lacks 4-level tables, write-back, 2 MB pages or INVEPT (EPT_VPID_CAP %#llx)\n",
		       ept);
		return -ENODEV;
	}
	vmx_ept_1g = ept & VMX_EPT_1GB_PAGE_BIT;
	have_invept_global = ept & VMX_EPT_EXTENT_GLOBAL_BIT;
	have_invept_context = ept & VMX_EPT_EXTENT_CONTEXT_BIT;
	if (!have_invept_global && !have_invept_context) {
		pr_err("v3vmm: this CPU's INVEPT has neither the all-context nor the single-context type (EPT_VPID_CAP %#llx)\n",
		       ept);
		return -ENODEV;
	}
	vmx_kernel_ibrs = boot_cpu_has(X86_FEATURE_KERNEL_IBRS);
	/* The VPID bits are the MSR's high half (Linux numbers them so). */
	have_invvpid = ((ept >> 32) & VMX_VPID_INVVPID_BIT) &&
		       ((ept >> 32) & VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT);
	if (!have_invvpid)
		ctl_proc2 &= ~SECONDARY_EXEC_ENABLE_VPID;
	/* L1TF: the flush MSR, if it answers (a write that faults here
	 * would stop a taken core). */
	vmx_l1d_flush = boot_cpu_has_bug(X86_BUG_L1TF) &&
			boot_cpu_has(X86_FEATURE_FLUSH_L1D) &&
			!wrmsrl_safe(MSR_IA32_FLUSH_CMD, L1D_FLUSH);
	if (boot_cpu_has_bug(X86_BUG_L1TF) && !vmx_l1d_flush)
		pr_warn("v3vmm: this CPU has L1TF but no working L1D flush MSR (microcode update needed): a guest may read the L1D of its core\n");
	pr_info("v3vmm: Intel VMX with EPT (1 GB pages: %s, VPID: %s)\n",
		vmx_ept_1g ? "yes" : "no",
		ctl_proc2 & SECONDARY_EXEC_ENABLE_VPID ? "yes" : "no");
	return 0;
missing:
	pr_err("v3vmm: this CPU's VMX lacks a control v3vmm needs (EPT, unrestricted guest, NMI exiting, I/O and MSR bitmaps, EFER and PAT switching)\n");
	return -ENODEV;
}

/* Clears the read and/or write exit bits (X86_MSR_READ, X86_MSR_WRITE) of
 * one MSR in the 4 KB bitmap: reads of 0-0x1fff at 0, of
 * 0xc0000000-0xc0001fff at 1 KB, writes 2 KB further. */
void vmx_msr_allow(u8 *bitmap, u32 msr, unsigned int rw)
{
	u32 base = msr >= 0xc0000000 ? 0x400 : 0, bit = msr & 0x1fff;

	if (rw & X86_MSR_READ)
		bitmap[base + bit / 8] &= ~(1 << (bit % 8));
	if (rw & X86_MSR_WRITE)
		bitmap[base + 0x800 + bit / 8] &= ~(1 << (bit % 8));
}

int vmx_vcpu_init(struct vcpu *vcpu)
{
	struct arch_vcpu *a = &vcpu->arch;

	a->vmcs = (void *)get_zeroed_page(GFP_KERNEL);
	a->vmxon = (void *)get_zeroed_page(GFP_KERNEL);
	a->stack = (void *)__get_free_pages(GFP_KERNEL, THREAD_SIZE_ORDER);
	if (!a->vmcs || !a->vmxon || !a->stack) {
		vmx_vcpu_free(vcpu);
		return -ENOMEM;
	}
	a->vmcs_pa = __pa(a->vmcs);
	a->vmxon_pa = __pa(a->vmxon);
	*(u32 *)a->vmcs = vmcs_revision;
	*(u32 *)a->vmxon = vmcs_revision;
	return 0;
}

void vmx_vcpu_free(struct vcpu *vcpu)
{
	struct arch_vcpu *a = &vcpu->arch;

	/* The VMCS holds guest state: Linux gets the pages back clean. */
	if (a->vmcs)
		memset(a->vmcs, 0, PAGE_SIZE);
	if (a->vmxon)
		memset(a->vmxon, 0, PAGE_SIZE);
	free_page((unsigned long)a->vmcs);
	free_page((unsigned long)a->vmxon);
	if (a->stack) {
		memset(a->stack, 0, THREAD_SIZE);
		free_pages((unsigned long)a->stack, THREAD_SIZE_ORDER);
	}
	memset(a, 0, sizeof(*a));
}

/* Host side: the VMCS is written on the taken core (VMWRITE needs it
 * current), before the next entry. */
static void vmx_reset_vcpu(struct vcpu *vcpu, u8 reload)
{
	memset(&vcpu->arch.gprs, 0, sizeof(vcpu->arch.gprs));
	memset(vcpu->arch.perf_sel, 0, sizeof(vcpu->arch.perf_sel));
	memset(vcpu->arch.perf_ctr, 0, sizeof(vcpu->arch.perf_ctr));
	vcpu->arch.tsc_aux = 0;
	vcpu->arch.first_run = true;
	smp_store_release(&vcpu->arch.reload, reload);
}

void vmx_boot_state(struct vcpu *vcpu, u32 entry, u32 mbi)
{
	vcpu->arch.boot_entry = entry;
	vcpu->arch.boot_mbi = mbi;
	vmx_reset_vcpu(vcpu, VMX_RELOAD_BOOT);
	vcpu->arch.gprs.rax = MULTIBOOT_BOOT_MAGIC;
	vcpu->arch.gprs.rbx = mbi;
}

void vmx_ap_state(struct vcpu *vcpu)
{
	vmx_reset_vcpu(vcpu, VMX_RELOAD_NONE);
}

/* On the sender's core: the AP (idle until now) writes its real-mode
 * start state at its next entry. */
void vmx_sipi_state(struct vcpu *vcpu, u8 vector)
{
	vcpu->arch.sipi_vector = vector;
	smp_store_release(&vcpu->arch.reload, VMX_RELOAD_SIPI);
}

/* A segment of the guest's: selector, base, limit, VMX access rights. */
static void guest_segment(unsigned int index, u16 sel, u64 base, u32 limit,
			  u32 ar)
{
	/* ES, CS, SS, DS, FS, GS, LDTR, TR: consecutive encodings. */
	vmcs_write(GUEST_ES_SELECTOR + index * 2, sel);
	vmcs_write(GUEST_ES_BASE + index * 2, base);
	vmcs_write(GUEST_ES_LIMIT + index * 2, limit);
	vmcs_write(GUEST_ES_AR_BYTES + index * 2, ar);
}

enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR };

#define AR_CODE32 0xc09b  /* G, D, present, code read/exec accessed */
#define AR_DATA32 0xc093  /* G, B, present, data read/write accessed */
#define AR_CODE16 0x009b
#define AR_DATA16 0x0093
#define AR_TSS 0x008b     /* present, busy 32/64-bit TSS */
#define AR_UNUSABLE 0x10000
#define AR_LDT 0x0082

/* The state every vCPU starts with, then the Multiboot or SIPI part. */
static void vmcs_guest_reset(struct vcpu *vcpu, bool real_mode, u8 vector)
{
	u64 cr0 = X86_CR0_ET | (real_mode ? 0 : X86_CR0_PE);

	for (unsigned int seg = SEG_ES; seg <= SEG_GS; seg++) {
		if (real_mode)
			guest_segment(seg, seg == SEG_CS ? vector << 8 : 0,
				      seg == SEG_CS ? (u64)vector << 12 : 0,
				      0xffff,
				      seg == SEG_CS ? AR_CODE16 : AR_DATA16);
		else
			guest_segment(seg, seg == SEG_CS ? 0x08 : 0x10, 0,
				      0xffffffff,
				      seg == SEG_CS ? AR_CODE32 : AR_DATA32);
	}
	guest_segment(SEG_LDTR, 0, 0, 0xffff, AR_LDT);
	guest_segment(SEG_TR, 0, 0, 0xffff, AR_TSS);
	vmcs_write(GUEST_GDTR_BASE, 0);
	vmcs_write(GUEST_GDTR_LIMIT, 0xffff);
	vmcs_write(GUEST_IDTR_BASE, 0);
	vmcs_write(GUEST_IDTR_LIMIT, 0xffff);
	vmx_set_cr0(cr0);
	vmx_set_cr4(0);
	vmcs_write(GUEST_CR3, 0);
	vmcs_write(GUEST_IA32_EFER, 0);
	vmcs_write(VM_ENTRY_CONTROLS, ctl_entry & ~VM_ENTRY_IA32E_MODE);
	vmcs_write(GUEST_IA32_PAT, 0x0007040600070406ULL); /* reset value */
	vmcs_write(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(GUEST_DR7, 0x400);
	vmcs_write(GUEST_RFLAGS, X86_EFLAGS_FIXED);
	vmcs_write(GUEST_RSP, 0);
	vmcs_write(GUEST_RIP, real_mode ? 0 : vcpu->arch.boot_entry);
	vmcs_write(GUEST_SYSENTER_CS, 0);
	vmcs_write(GUEST_SYSENTER_ESP, 0);
	vmcs_write(GUEST_SYSENTER_EIP, 0);
	vmcs_write(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(GUEST_ACTIVITY_STATE, 0);
	vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write(TSC_OFFSET, 0);
}

/*
 * The guest's CR0 and CR4 as it sees them: the bits of the guest/host
 * mask from the read shadow (what it last wrote through an exit), the
 * others from the register (writes that did not exit change only those).
 */
u64 vmx_guest_cr0(void)
{
	u64 mask = vmcs_read(CR0_GUEST_HOST_MASK);

	return (vmcs_read(GUEST_CR0) & ~mask) | (vmcs_read(CR0_READ_SHADOW) & mask);
}

u64 vmx_guest_cr4(void)
{
	u64 mask = vmcs_read(CR4_GUEST_HOST_MASK);

	return (vmcs_read(GUEST_CR4) & ~mask) | (vmcs_read(CR4_READ_SHADOW) & mask);
}

void vmx_set_cr0(u64 val)
{
	u64 fixed0 = v3_rdmsr(MSR_IA32_VMX_CR0_FIXED0) &
		     ~(u64)(X86_CR0_PE | X86_CR0_PG);

	vmcs_write(CR0_READ_SHADOW, val);
	vmcs_write(GUEST_CR0, val | fixed0);
}

void vmx_set_cr4(u64 val)
{
	vmcs_write(CR4_READ_SHADOW, val);
	vmcs_write(GUEST_CR4, val | v3_rdmsr(MSR_IA32_VMX_CR4_FIXED0));
}

/* The host state and controls, at the take: they stay for the VM's
 * life on this core. */
static void vmcs_host_and_controls(struct vcpu *vcpu)
{
	struct arch_vm *avm = &vcpu->vm->arch;
	struct desc_ptr gdt, idt;
	struct desc_struct *tss_desc;
	u16 tr;
	u64 tss_base;

	asm volatile("sgdt %0" : "=m"(gdt));
	asm volatile("sidt %0" : "=m"(idt));
	asm volatile("str %0" : "=r"(tr));
	tss_desc = (struct desc_struct *)(gdt.address + (tr & ~7));
	tss_base = get_desc_base(tss_desc) |
		   (u64)((struct ldttss_desc *)tss_desc)->base3 << 32;

	vmcs_write(HOST_CR0, native_read_cr0());
	vmcs_write(HOST_CR3, __native_read_cr3());
	vmcs_write(HOST_CR4, v3_read_cr4());
	vmcs_write(HOST_CS_SELECTOR, __KERNEL_CS);
	vmcs_write(HOST_SS_SELECTOR, __KERNEL_DS);
	vmcs_write(HOST_DS_SELECTOR, 0);
	vmcs_write(HOST_ES_SELECTOR, 0);
	vmcs_write(HOST_FS_SELECTOR, 0);
	vmcs_write(HOST_GS_SELECTOR, 0);
	vmcs_write(HOST_TR_SELECTOR, tr & ~7);
	vmcs_write(HOST_FS_BASE, v3_rdmsr(MSR_FS_BASE));
	vmcs_write(HOST_GS_BASE, v3_rdmsr(MSR_GS_BASE));
	vmcs_write(HOST_TR_BASE, tss_base);
	vmcs_write(HOST_GDTR_BASE, gdt.address);
	vmcs_write(HOST_IDTR_BASE, idt.address);
	vmcs_write(HOST_IA32_SYSENTER_CS, v3_rdmsr(MSR_IA32_SYSENTER_CS));
	vmcs_write(HOST_IA32_SYSENTER_ESP, v3_rdmsr(MSR_IA32_SYSENTER_ESP));
	vmcs_write(HOST_IA32_SYSENTER_EIP, v3_rdmsr(MSR_IA32_SYSENTER_EIP));
	vmcs_write(HOST_IA32_EFER, v3_rdmsr(MSR_EFER));
	vmcs_write(HOST_IA32_PAT, v3_rdmsr(MSR_IA32_CR_PAT));
	vmcs_write(HOST_RIP, (unsigned long)vmx_exit_point);

	vmcs_write(PIN_BASED_VM_EXEC_CONTROL, ctl_pin);
	vmcs_write(CPU_BASED_VM_EXEC_CONTROL, ctl_proc);
	vmcs_write(SECONDARY_VM_EXEC_CONTROL, ctl_proc2);
	vmcs_write(VM_EXIT_CONTROLS, ctl_exit);
	vmcs_write(VM_ENTRY_CONTROLS, ctl_entry);
	vmcs_write(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write(VM_ENTRY_MSR_LOAD_COUNT, 0);
	/* #MC: a machine check of the host's core, not the guest's. */
	vmcs_write(EXCEPTION_BITMAP,
		   BIT(X86_TRAP_AC) | BIT(X86_TRAP_DB) | BIT(X86_TRAP_MC));
	vmcs_write(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write(CR3_TARGET_COUNT, 0);
	vmcs_write(CR0_GUEST_HOST_MASK, v3_rdmsr(MSR_IA32_VMX_CR0_FIXED0) &
						~(u64)(X86_CR0_PE | X86_CR0_PG));
	vmcs_write(CR4_GUEST_HOST_MASK, v3_rdmsr(MSR_IA32_VMX_CR4_FIXED0));
	vmcs_write(IO_BITMAP_A, __pa(avm->iopm));
	vmcs_write(IO_BITMAP_B, __pa(avm->iopm) + PAGE_SIZE);
	vmcs_write(MSR_BITMAP, __pa(avm->msrpm));
	if (ctl_proc2 & SECONDARY_EXEC_ENABLE_VPID)
		vmcs_write(VIRTUAL_PROCESSOR_ID, GUEST_VPID);
	vmcs_write(VMCS_LINK_POINTER, ~0ULL);
	vmcs_write(XSS_EXIT_BITMAP, 0);
}

u64 vmx_ept_pointer(u64 root_pa)
{
	return root_pa | VMX_EPTP_PWL_4 | VMX_EPTP_MT_WB;
}

/*
 * Enters VMX operation on this taken core: CR4.VMXE, VMXON, the VMCS
 * current. The syscall MSRs are zeroed for the guest (see above). If
 * VMXON fails, the VM fails at its first entry.
 */
void vmx_core_enter(struct vcpu *vcpu)
{
	/* Not CSTAR: Intel CPUs have no 32-bit SYSCALL, and some
	 * emulators refuse the MSR (a #GP here would stop the core). */
	static const u32 guest_owned[] = { MSR_STAR, MSR_LSTAR,
					   MSR_SYSCALL_MASK, MSR_KERNEL_GS_BASE };
	struct arch_vcpu *a = &vcpu->arch;

	v3_write_cr4(v3_read_cr4() | X86_CR4_VMXE);
	a->vmx_on = vmx_insn_pa("vmxon", a->vmxon_pa);
	a->vmcs_ok = a->vmx_on && vmx_insn_pa("vmclear", a->vmcs_pa) &&
		     vmx_insn_pa("vmptrld", a->vmcs_pa);
	if (!a->vmcs_ok)
		return;
	if (vmx_kernel_ibrs)
		a->host_spec_ctrl = v3_rdmsr(MSR_IA32_SPEC_CTRL);
	a->launched = false;
	vmcs_host_and_controls(vcpu);
	for (unsigned int i = 0; i < ARRAY_SIZE(guest_owned); i++)
		v3_wrmsr(guest_owned[i], 0);
}

/* Leaves VMX operation: INIT is blocked in VMX root operation (and
 * clearing CR4.VMXE inside it would #GP). */
void vmx_core_leave(struct vcpu *vcpu)
{
	if (vcpu->arch.vmcs_ok)
		vmx_insn_pa("vmclear", vcpu->arch.vmcs_pa);
	vcpu->arch.vmcs_ok = false;
	if (vcpu->arch.vmx_on) {
		asm volatile("vmxoff" ::: "cc", "memory");
		vcpu->arch.vmx_on = false;
	}
	v3_write_cr4(v3_read_cr4() & ~X86_CR4_VMXE);
}

/* The guest state the host asked for (boot, SIPI), into the VMCS. */
static void vmx_reload(struct vcpu *vcpu)
{
	u8 reload = smp_load_acquire(&vcpu->arch.reload);

	if (reload == VMX_RELOAD_NONE)
		return;
	vmcs_write(EPT_POINTER, vmx_ept_pointer(__pa(vcpu->vm->arch.npt_root)));
	vmcs_guest_reset(vcpu, reload == VMX_RELOAD_SIPI,
			 vcpu->arch.sipi_vector);
	vcpu->arch.reload = VMX_RELOAD_NONE;
}

/* A TLB with nothing of an earlier VM or of Linux's for this VPID (or,
 * without all-context INVEPT, for this VM's EPT root). */
static void vmx_flush_tlb(struct vcpu *vcpu)
{
	struct {
		u64 a, b;
	} desc = { 0, 0 };

	if (have_invept_global) {
		asm volatile("invept %0, %1" ::"m"(desc), "r"(2UL) : "cc", "memory");
	} else {
		desc.a = vmx_ept_pointer(__pa(vcpu->vm->arch.npt_root));
		asm volatile("invept %0, %1" ::"m"(desc), "r"(1UL) : "cc", "memory");
		desc.a = 0;
	}
	if (have_invvpid)
		asm volatile("invvpid %0, %1" ::"m"(desc), "r"(2UL) : "cc", "memory");
}

/* One VM entry and the handling of its exit. On the taken core. */
void vmx_vcpu_run(struct vcpu *vcpu)
{
	struct arch_vcpu *a = &vcpu->arch;
	int ret;
	u64 t0;

	if (!a->vmcs_ok) {
		vm_fail(vcpu, VM_FAIL_VMRUN, 0);
		return;
	}
	vmx_reload(vcpu);
	if (a->first_run) {
		vmx_flush_tlb(vcpu);
		if (x86_has_tsc_aux())
			v3_wrmsr(MSR_TSC_AUX, a->tsc_aux);
		a->first_run = false;
	}
	vmx_flush_l1d();
	t0 = v3_rdtsc();
	ret = vmx_enter(&a->gprs, a->launched, &vcpu->area->kicked);
	/* Legacy IBRS (spectre_v2=ibrs) protects only once written again
	 * after the guest ran; vmx_enter()'s own return comes before. */
	if (vmx_kernel_ibrs)
		v3_wrmsr(MSR_IA32_SPEC_CTRL, a->host_spec_ctrl);
	vcpu->run_tsc += v3_rdtsc() - t0;
	if (ret == VMX_ENTER_KICKED)
		return; /* the caller reads its command again */
	if (ret == VMX_ENTER_FAILED) {
		vm_fail(vcpu, VM_FAIL_VMRUN,
			VMX_FAIL_INSN | vmcs_read(VM_INSTRUCTION_ERROR));
		return;
	}
	/* An entry that failed on the guest state left the VMCS clear. */
	if (!(vmcs_read(VM_EXIT_REASON) & VMX_EXIT_REASONS_FAILED_VMENTRY))
		a->launched = true;
	vmx_handle_exit(vcpu);
}

/* What arch_save_regs() leaves to the back end. */
void vmx_save_regs(struct vcpu *vcpu, struct v3_guest_regs *r)
{
	r->cr2 = native_read_cr2(); /* VMX does not switch CR2 */
	r->exit_code = vmcs_read(VM_EXIT_REASON);
	r->exit_info1 = vmcs_read(EXIT_QUALIFICATION);
	r->exit_info2 = vmcs_read(GUEST_PHYSICAL_ADDRESS);
}
