/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The back-end interface: what the vendor-neutral x86 code (x86.c,
 * core_x86.c, guest_apic.c, npt.c, ...) asks of AMD SVM (svm*.c) or
 * Intel VMX (vmx*.c). One v3vmm.ko holds both; x86_select_vendor() picks
 * one at load from CPUID, and the arch_* functions of arch.h call that
 * back end's function directly (no function pointers: code on a taken
 * core makes no indirect calls, see taken-core-symbols.txt).
 *
 * Each back end implements every function below under its own prefix
 * (svm_ or vmx_), with the meaning given here.
 */
#ifndef V3VMM_X86_VENDOR_H
#define V3VMM_X86_VENDOR_H

#include <linux/cache.h>
#include <linux/types.h>
#include "guest_walk.h"

struct vm;
struct vcpu;
struct v3_guest_regs;

/* Guest state the vendor-neutral code reads and writes, as the guest
 * sees it (EFER without SVM's SVME, CR0 as the guest wrote it). */
enum x86_reg {
	X86_REG_RAX,
	X86_REG_RSP,
	X86_REG_CR0,
	X86_REG_EFER,
	X86_REG_PAT,
	X86_REG_TSC_OFFSET,
};

/* What an MSR bitmap entry passes through (_msr_allow()). */
#define X86_MSR_READ 1
#define X86_MSR_WRITE 2

extern bool x86_vendor_vmx;

/* Whether the back end is VMX (else SVM). */
static __always_inline bool x86_vmx(void)
{
	return x86_vendor_vmx;
}

/**
 * x86_select_vendor() - choose the back end from CPUID, at load
 *
 * Return: 0, or -ENODEV (with a message) if this CPU has neither AMD SVM
 * nor Intel VMX.
 */
int x86_select_vendor(void);

/*
 * Linux side:
 *  _check_cpu()      the virtualization extension is there, usable and
 *                    has what v3vmm needs; else a message and -ENODEV.
 *  _msr_allow()      clear an MSR's read exit, write exit or both
 *                    (X86_MSR_READ | X86_MSR_WRITE) in the MSR bitmap
 *                    (x86.c makes the bitmaps).
 *  _vcpu_init/_free() the per-vCPU control block and pages.
 *  _boot_state()     the Multiboot entry state (32-bit protected mode,
 *                    paging off, EAX magic, EBX the info).
 *  _ap_state()       an AP after INIT: real mode, waiting for its SIPI.
 *  _npt_root_entry() the flags of a nested page table entry (npt.c).
 * Taken core (no Linux calls):
 *  _sipi_state()     the SIPI's start address (on the sender's core).
 *  _core_enter()     enter the extension on this core (after the NMI
 *                    gate was set): EFER.SVME/VMXON, host save areas.
 *  _vcpu_run()       one guest entry and the handling of its exit.
 *  _core_leave()     leave the extension (INIT must reach the core).
 *  _save_regs()      the guest's registers, for v3ctl regs and failures.
 *  _guest_paging()   the guest state guest_walk.c and guest_apic.c need.
 *  _guest_reg(), _set_guest_reg()  one of enum x86_reg.
 *  _vcpu_complete_insn()  finish an emulated instruction of len bytes as
 *                    the CPU would: RIP, interrupt shadow, single-step
 *                    trap (not for an instruction that faults).
 *  _inject()         queue an exception for the next entry (a double
 *                    fault if an event is queued already).
 */
int svm_check_cpu(void);
void svm_msr_allow(u8 *msrpm, u32 msr, unsigned int rw);
int svm_vcpu_init(struct vcpu *vcpu);
void svm_vcpu_free(struct vcpu *vcpu);
void svm_boot_state(struct vcpu *vcpu, u32 entry, u32 mbi);
void svm_ap_state(struct vcpu *vcpu);
void svm_sipi_state(struct vcpu *vcpu, u8 vector);
void svm_core_enter(struct vcpu *vcpu);
void svm_vcpu_run(struct vcpu *vcpu);
void svm_core_leave(struct vcpu *vcpu);
void svm_save_regs(struct vcpu *vcpu, struct v3_guest_regs *regs);
void svm_guest_paging(struct vcpu *vcpu, struct guest_paging *p);
u64 svm_guest_reg(struct vcpu *vcpu, enum x86_reg reg);
void svm_set_guest_reg(struct vcpu *vcpu, enum x86_reg reg, u64 val);
void svm_vcpu_complete_insn(struct vcpu *vcpu, unsigned int len);
void svm_inject(struct vcpu *vcpu, u8 vector, bool has_error, u32 error);

int vmx_check_cpu(void);
void vmx_msr_allow(u8 *bitmap, u32 msr, unsigned int rw);
int vmx_vcpu_init(struct vcpu *vcpu);
void vmx_vcpu_free(struct vcpu *vcpu);
void vmx_boot_state(struct vcpu *vcpu, u32 entry, u32 mbi);
void vmx_ap_state(struct vcpu *vcpu);
void vmx_sipi_state(struct vcpu *vcpu, u8 vector);
void vmx_core_enter(struct vcpu *vcpu);
void vmx_vcpu_run(struct vcpu *vcpu);
void vmx_core_leave(struct vcpu *vcpu);
void vmx_save_regs(struct vcpu *vcpu, struct v3_guest_regs *regs);
void vmx_guest_paging(struct vcpu *vcpu, struct guest_paging *p);
u64 vmx_guest_reg(struct vcpu *vcpu, enum x86_reg reg);
void vmx_set_guest_reg(struct vcpu *vcpu, enum x86_reg reg, u64 val);
void vmx_vcpu_complete_insn(struct vcpu *vcpu, unsigned int len);
void vmx_inject(struct vcpu *vcpu, u8 vector, bool has_error, u32 error);

/* The EPT pointer of a table whose top level is at root_pa. */
u64 vmx_ept_pointer(u64 root_pa);
/* Whether EPT maps 1 GB pages (npt.c uses them where it can). */
extern bool vmx_ept_1g;

static __always_inline void x86_guest_paging(struct vcpu *vcpu,
					     struct guest_paging *p)
{
	if (x86_vmx())
		vmx_guest_paging(vcpu, p);
	else
		svm_guest_paging(vcpu, p);
}

static __always_inline u64 x86_guest_reg(struct vcpu *vcpu, enum x86_reg reg)
{
	return x86_vmx() ? vmx_guest_reg(vcpu, reg) : svm_guest_reg(vcpu, reg);
}

static __always_inline void x86_set_guest_reg(struct vcpu *vcpu,
					      enum x86_reg reg, u64 val)
{
	if (x86_vmx())
		vmx_set_guest_reg(vcpu, reg, val);
	else
		svm_set_guest_reg(vcpu, reg, val);
}

static __always_inline void x86_complete_insn(struct vcpu *vcpu,
					      unsigned int len)
{
	if (x86_vmx())
		vmx_vcpu_complete_insn(vcpu, len);
	else
		svm_vcpu_complete_insn(vcpu, len);
}

static __always_inline void x86_inject(struct vcpu *vcpu, u8 vector,
				       bool has_error, u32 error)
{
	if (x86_vmx())
		vmx_inject(vcpu, vector, has_error, error);
	else
		svm_inject(vcpu, vector, has_error, error);
}

#endif
