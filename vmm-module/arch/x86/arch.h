/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one interface between v3vmm.ko's generic code and x86. The arch_*
 * functions below are vendor-neutral x86 (x86.c, core_x86.c, ...) or
 * dispatch to the back end chosen at load (x86_vendor.h: AMD SVM in
 * svm*.c, Intel VMX in vmx*.c).
 */
#ifndef V3VMM_ARCH_X86_H
#define V3VMM_ARCH_X86_H

#include <linux/types.h>
#include <asm/desc_defs.h>
#include "../../uapi/v3vee.h"

struct vm;
struct vcpu;
struct svm_vmcb_page;

/*
 * Guest registers VMRUN does not switch; VMX switches none but RSP, so
 * RAX is kept here too for VMX (SVM keeps it in the VMCB). The entry
 * assembly finds them through asm-offsets.c.
 */
struct guest_gprs {
	u64 rbx, rcx, rdx, rsi, rdi, rbp;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rax; /* VMX only */
};

/*
 * One per taken core, page-aligned: the private IDT the core runs on
 * once Linux has let it go, and what its NMI entry needs to find (it
 * locates this area with SIDT). core_entry.S finds the fields through
 * asm-offsets.c.
 */
struct core_area {
	gate_desc idt[256];
	struct vcpu *vcpu;
	unsigned long stack_top;
	unsigned long armed;     /* Linux is done with the core */
	unsigned long cr3;       /* the VMM's page table */
	unsigned long kicked;    /* VMX: an NMI came since the core last
				  * looked at its command (core_entry.S) */
};

struct arch_vcpu {
	/* VMX (vmx.c) */
	void *vmcs;            /* the VMCS, one page */
	u64 vmcs_pa;
	void *vmxon;           /* the VMXON region, one page */
	u64 vmxon_pa;
	bool vmx_on;           /* VMXON done: VMXOFF before leaving */
	bool vmcs_ok;          /* and the VMCS cleared and current */
	bool launched;         /* VMLAUNCH done: VMRESUME from now on */
	u8 reload;             /* VMX_RELOAD_*: guest state to write to the
				* VMCS before the next entry */
	u8 sipi_vector;
	u32 boot_entry, boot_mbi;
	/* SVM (svm.c) */
	void *vmcb;            /* struct vmcb, one page */
	u64 vmcb_pa;
	void *host_save;       /* VMSAVE area for the host's hidden state */
	u64 host_save_pa;
	void *hsave;           /* VM_HSAVE_PA page */
	u64 hsave_pa;
	void *stack;           /* the core's own stack */
	struct guest_gprs gprs;
	struct desc_ptr linux_idt; /* Linux's IDT, restored at give-back */
	bool first_run;        /* flush the TLB on the first VMRUN */
	u64 host_spec_ctrl;    /* VMX: SPEC_CTRL to write after each exit
				* when Linux runs with legacy IBRS */
	u32 icr_high;          /* the guest's last ICR high (destination) */
	/* MSRs emulated per vCPU (svm_exits.c, Documentation/platform.md) */
	u64 perf_sel[4];       /* PerfEvtSel0-3: stored, count nothing */
	u64 perf_ctr[4];       /* PerfCtr0-3: what was written (48 bits) */
	u32 tsc_aux;           /* TSC_AUX; the hardware MSR holds it while
				* the vCPU runs (RDTSCP, RDPID) */
};

/* Nested page table and the bitmaps every vCPU of a VM shares. */
struct arch_vm {
	u64 *npt_root;         /* PML4 */
	struct page **npt_pages; /* every table page, to free them */
	unsigned int npt_npages, npt_cap;
	u64 npt_ram_1g, npt_ram_2m, npt_ram_4k, npt_mmio_4k;
	void *iopm;            /* SVM: I/O permission map, 12 KB; VMX: the
				* I/O bitmaps A and B, 8 KB */
	void *msrpm;           /* SVM: MSR permission map, 8 KB; VMX: the
				* MSR bitmap, 4 KB */
	bool x2apic;           /* the host's APICs (so the guest's) in x2APIC mode */
};

/* Linux side (process context). */
int arch_check_cpu(void);          /* SVM with nested paging here? */
int arch_check_host_ipis(void);    /* no IPI can reach a taken core? */
int arch_vm_init(struct vm *vm);
void arch_vm_free(struct vm *vm);
int arch_npt_build(struct vm *vm); /* after guest_mem_layout() */
void arch_npt_free(struct arch_vm *a);
int arch_vcpu_init(struct vcpu *vcpu);
void arch_vcpu_free(struct vcpu *vcpu);
void arch_vcpu_boot_state(struct vcpu *vcpu, u32 entry, u32 mbi);
void arch_vcpu_ap_state(struct vcpu *vcpu);
void arch_core_area_init(struct core_area *area, struct vcpu *vcpu);
void arch_send_nmi(int cpu);
void arch_send_guest_irq(int cpu, u8 vector); /* fixed IPI to a taken core */
void arch_load_private_idt(struct vcpu *vcpu); /* in play_dead */
void arch_core_arm(struct vcpu *vcpu);  /* the core is dead to Linux */
int arch_cpu_state_init(void);     /* at load: cpu_state.c */
void arch_cpu_state_exit(void);
u32 arch_cpu_apic_id(int cpu);
const char *arch_entry_insn(void); /* "VMRUN" or "VM entry", for messages */

/* Taken core (no Linux calls). */
void arch_core_enter(struct vcpu *vcpu);
void arch_vcpu_run(struct vcpu *vcpu);
void arch_core_idle(struct vcpu *vcpu);
void __noreturn arch_core_leave(struct vcpu *vcpu);
void arch_save_regs(struct vcpu *vcpu, struct v3_guest_regs *regs);
void arch_nmi_from_core(u32 apic_id);
void arch_vcpu_sipi_state(struct vcpu *vcpu, u8 vector);

/* core_entry.S */
void v3_core_nmi_take(void);
void v3_core_nmi_kick(void);
void v3_core_unexpected(void);
void v3_core_irq_return(void);
void v3_core_idle(void);
void __noreturn v3_core_park(void);
/* svm_run.S */
void svm_vmrun(u64 vmcb_pa, struct guest_gprs *gprs, u64 host_save_pa);
/* core_entry.S, VMX: the NMI gate and idle loop that use area->kicked */
void v3_core_nmi_kick_vmx(void);
void v3_core_idle_vmx(unsigned long *kicked);

#endif
