/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMX back end's own interface (vmx.c, vmx_exits.c, vmx_run.S): VMCS
 * access and the entry. Taken core unless said otherwise.
 */
#ifndef V3VMM_VMX_H
#define V3VMM_VMX_H

#include <linux/types.h>
#include <asm/cpufeature.h>
#include <asm/msr-index.h>
#include <asm/vmx.h>
#include "x86_ops.h"

/* Linux 6.2 renamed the XSAVES secondary control (6.12 has only the new
 * name, 6.1 only the old one). */
#ifndef SECONDARY_EXEC_XSAVES
#define SECONDARY_EXEC_XSAVES SECONDARY_EXEC_ENABLE_XSAVES
#endif

struct vcpu;
struct guest_gprs;

/* arch_vcpu.reload: guest state the host set, for the next entry. */
enum { VMX_RELOAD_NONE, VMX_RELOAD_BOOT, VMX_RELOAD_SIPI };

/* vmx_enter()'s result (vmx_run.S). */
enum { VMX_ENTER_EXIT, VMX_ENTER_KICKED, VMX_ENTER_FAILED };

/* VM_FAIL_VMRUN's argument when VMLAUNCH/VMRESUME failed: this bit and
 * VM_INSTRUCTION_ERROR; an entry refused for the guest's state gives the
 * exit reason (bit 31 set) instead. */
#define VMX_FAIL_INSN BIT_ULL(32)

extern bool vmx_ept_1g;

int vmx_enter(struct guest_gprs *gprs, bool launched, unsigned long *kicked);
void vmx_exit_point(void);
void vmx_handle_exit(struct vcpu *vcpu);
u64 vmx_guest_cr0(void);
u64 vmx_guest_cr4(void);
void vmx_set_cr0(u64 val);
void vmx_set_cr4(u64 val);

static __always_inline u64 vmcs_read(unsigned long field)
{
	u64 val;

	asm volatile("vmread %1, %0" : "=rm"(val) : "r"(field) : "cc");
	return val;
}

static __always_inline void vmcs_write(unsigned long field, u64 val)
{
	asm volatile("vmwrite %0, %1" ::"rm"(val), "r"(field) : "cc", "memory");
}

/* VMXON, VMCLEAR or VMPTRLD of a physical address; false if it failed. */
#define vmx_insn_pa(insn, pa)                                             \
	({                                                                \
		u64 __pa_op = (pa);                                       \
		bool __ok;                                                \
		asm volatile(insn " %1; seta %0"                          \
			     : "=qm"(__ok)                                \
			     : "m"(__pa_op)                               \
			     : "cc", "memory");                           \
		__ok;                                                     \
	})

extern bool vmx_l1d_flush;

/* The L1D flush before an entry, where L1TF needs it (KVM's default is
 * "cond"; here every entry: they are few). vmx_check_cpu() decided. */
static __always_inline void vmx_flush_l1d(void)
{
	if (vmx_l1d_flush)
		v3_wrmsr(MSR_IA32_FLUSH_CMD, L1D_FLUSH);
}

#endif
