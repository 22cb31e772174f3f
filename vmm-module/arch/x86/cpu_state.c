// SPDX-License-Identifier: GPL-2.0
/*
 * What a taken core must not carry across the line between Linux and a
 * guest, either way (issue 17, findings 1 and 10).
 *
 * Extended state and debug registers. VMRUN switches neither the
 * x87/SSE/AVX registers, PKRU, XCR0 nor DR0-DR3, and an INIT (add_cpu())
 * leaves the x87/SSE/AVX registers as they were. Without a reset the
 * guest would read what the last Linux task on that CPU left there (user
 * data, key schedules, breakpoint addresses), and the next Linux task
 * (or the next VM on that core) what the guest left. cpu_state_reset()
 * runs on the taken core when it enters the VMM (before the first VMRUN)
 * and again when it leaves. XSETBV is not intercepted on SVM (on VMX it
 * always exits and is checked against the same set) and the guest's
 * CR4.OSXSAVE is its own, so a guest may enable every user component the
 * CPU has, whatever Linux's XCR0 holds (a host booted with
 * clearcpuid=avx512f still has ZMM16-31 and k0-7): the reset sets XCR0 to
 * every user component the CPU supports (CPUID 0xD.0 EDX:EAX), XRSTORs
 * with that mask from an area whose header marks every component as in
 * its initial state (x87, XMM, YMM, ZMM, opmasks, PKRU, ... zeroed, MXCSR
 * 0x1f80), then sets XCR0 back to Linux's value; the guest starts with
 * Linux's XCR0. The area is CPUID 0xD.0 ECX bytes, allocated at load.
 * Components Linux may arm extended feature disable (XFD) for, i.e. AMX
 * tiles (Intel only), would fault that XRSTOR:
 * a CPU that has one is refused at load, as is, on SVM, a host whose CPU
 * has XSAVE but which boots Linux without it (noxsave: the reset could not
 * use XSETBV); on VMX, which intercepts XSETBV, such a host's guests get
 * no XSAVE either (hidden from CPUID, XSETBV #GP: XCR0 stays x87 only).
 * A CPU without XSAVE at all, or with it off, gets FXRSTOR. On a CPU with
 * shadow stacks (CPUID 7.0 ECX bit 7), the user CET MSRs IA32_U_CET and
 * IA32_PL3_SSP, supervisor XSAVE state VMRUN does not switch on AMD,
 * are zeroed too. DR0-DR3 are zeroed, DR6 and DR7 set to their reset
 * values. Linux's record of whose registers a CPU holds survives an
 * offline; the CPU-hotplug callback below drops it when a CPU comes
 * back, before any task runs there, so no task trusts registers the
 * VMM has reset.
 *
 * The VMM's page table. A core taken from Linux runs the VMM for as long
 * as the VM lives, long after Linux finished with the mm its CR3 may
 * still point to (a lazily borrowed user mm that Linux drops once the
 * CPU is dead). The NMI that takes the core loads the CR3 of a page this
 * module owns: the top-level table with Linux's kernel half (the entries
 * every mm shares with init_mm) and no user half. init_mm itself is not
 * exported, and this page is not on Linux's pgd_list, so Linux does not
 * copy a new kernel top-level entry into it (memory hot-added into an
 * empty slot of the direct map makes one): cpu_state_sync_vmm_pgd()
 * copies the entries that appeared since, from the current mm (which
 * Linux keeps in sync), each time a core is taken: by then the VM's
 * console, its vCPUs and this core's area, stack and VMCB exist, and the
 * cores taken earlier share the table. Guest RAM is mapped in the
 * vmalloc area, whose top-level entries Linux preallocates.
 * Kernel top-level entries only ever go from empty to present, so
 * copying the new ones is safe while taken cores walk the table. The one
 * per-process kernel slot, the LDT remap (with PTI), is never copied: it
 * belongs to the mm of whoever ran insmod or v3ctl, and is freed with it.
 */
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <asm/cpufeature.h>
#include <asm/fpu/api.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include "../../vmm.h"
#include "x86_vendor.h"
#include "cpu_state.h"
#include "x86_ops.h"

#define XSAVE_AREA_MIN 576     /* legacy region + XSAVE header */
#define FCW_INIT 0x037f
#define MXCSR_INIT 0x1f80
#define DR6_INIT 0xffff0ff0UL
#define DR7_INIT 0x400UL
#define CPUID1_ECX_XSAVE BIT(26)
#define CPUID7_ECX_CET_SS BIT(7)
#define CPUIDD_ECX_XFD BIT(2) /* CPUID 0xD.i ECX: component supports XFD */
#define MSR_U_CET 0x6a0
#define MSR_PL3_SSP 0x6a7

/*
 * Read by XRSTOR (FXRSTOR without XSAVE) on taken cores; written once at
 * load, page-aligned. XSTATE_BV and XCOMP_BV (header, offset 512) are 0:
 * every component requested is put in its initial state; x87 control
 * and MXCSR hold their initial values for the parts the legacy form
 * loads from memory.
 */
static u8 *init_area;
static unsigned int init_area_order;
static bool have_xsave;
static u64 linux_xcr0;
static u64 cpu_xcr0; /* every user component the CPU supports */
static bool have_cet_ss;
static u64 *vmm_pgd;
static DEFINE_MUTEX(pgd_sync_lock); /* one writer of vmm_pgd at a time */
static int fpu_forget_state = -1;

/* On a CPU coming online (cpuhp thread, before it runs any task):
 * kernel_fpu_begin() drops the record of a task's registers being loaded
 * here, so the next task reloads its own. */
static int fpu_forget(unsigned int cpu)
{
	kernel_fpu_begin();
	kernel_fpu_end();
	return 0;
}

/**
 * cpu_state_sync_vmm_pgd() - copy new kernel top-level entries to the
 * VMM's page table
 *
 * Host side, before a core is armed for taking:
 * every kernel top-level entry of the current mm that is present and
 * still empty in the VMM's table is copied, but for the LDT remap slot.
 */
void cpu_state_sync_vmm_pgd(void)
{
	unsigned int ldt_slot = pgd_index(LDT_BASE_ADDR);
	unsigned long cr3;
	u64 *linux_pgd;

	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	linux_pgd = __va(cr3 & CR3_ADDR_MASK);
	mutex_lock(&pgd_sync_lock);
	for (unsigned int i = PTRS_PER_PGD / 2; i < PTRS_PER_PGD; i++) {
		u64 e = READ_ONCE(linux_pgd[i]);

		if (i == ldt_slot || !(e & _PAGE_PRESENT) || READ_ONCE(vmm_pgd[i]))
			continue;
		WRITE_ONCE(vmm_pgd[i], e);
	}
	mutex_unlock(&pgd_sync_lock);
}

/*
 * What the reset needs to know of the CPU's extended state, and the area
 * it restores from. Refuses what it could not reset.
 */
static int xstate_init(void)
{
	unsigned int size = XSAVE_AREA_MIN;
	u32 eax, ebx, ecx, edx;

	have_xsave = boot_cpu_has(X86_FEATURE_OSXSAVE);
	if (!have_xsave && (cpuid_ecx(1) & CPUID1_ECX_XSAVE) && x86_vmx()) {
		/* VMX intercepts XSETBV: the guest keeps XCR0 at x87 only,
		 * which FXRSTOR resets (XSAVE hidden from its CPUID). */
		pr_info("v3vmm: Linux runs without XSAVE: guests get none either\n");
	} else if (!have_xsave && (cpuid_ecx(1) & CPUID1_ECX_XSAVE)) {
		pr_err("v3vmm: this CPU has XSAVE but Linux runs without it (noxsave): a guest could enable extended state that v3vmm cannot reset; boot the host without noxsave\n");
		return -EOPNOTSUPP;
	}
	if (have_xsave) {
		u32 lo, hi;

		asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		linux_xcr0 = lo | (u64)hi << 32;
		cpuid_count(0xd, 0, &eax, &ebx, &ecx, &edx);
		cpu_xcr0 = eax | (u64)edx << 32;
		size = max(size, ecx);
		for (unsigned int i = 2; i < 64; i++) {
			if (!(cpu_xcr0 & BIT_ULL(i)))
				continue;
			cpuid_count(0xd, i, &eax, &ebx, &ecx, &edx);
			if (ecx & CPUIDD_ECX_XFD) {
				pr_err("v3vmm: this CPU has XSAVE component %u (AMX tiles?) under extended feature disable, which v3vmm cannot reset; not supported\n",
				       i);
				return -EOPNOTSUPP;
			}
		}
	}
	init_area_order = get_order(size);
	init_area = (u8 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					   init_area_order);
	if (!init_area)
		return -ENOMEM;
	*(u16 *)&init_area[0] = FCW_INIT;
	*(u32 *)&init_area[24] = MXCSR_INIT;
	/* The CPU's word, not Linux's (which may have cleared the feature). */
	if (boot_cpu_data.cpuid_level >= 7) {
		cpuid_count(7, 0, &eax, &ebx, &ecx, &edx);
		have_cet_ss = ecx & CPUID7_ECX_CET_SS;
	}
	/* A #GP on a taken core is fatal there: trust CPUID (which a
	 * hypervisor below may get wrong) only for MSRs that answer here. */
	if (have_cet_ss) {
		u64 cet, ssp;

		have_cet_ss = !rdmsrl_safe(MSR_U_CET, &cet) &&
			      !rdmsrl_safe(MSR_PL3_SSP, &ssp) &&
			      !wrmsrl_safe(MSR_U_CET, cet) &&
			      !wrmsrl_safe(MSR_PL3_SSP, ssp);
	}
	return 0;
}

int arch_cpu_state_init(void)
{
	int err = xstate_init();

	if (err)
		return err;
	vmm_pgd = (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!vmm_pgd) {
		free_pages((unsigned long)init_area, init_area_order);
		return -ENOMEM;
	}
	cpu_state_sync_vmm_pgd();

	err = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "v3vmm:fpu",
					fpu_forget, NULL);
	if (err < 0) {
		free_page((unsigned long)vmm_pgd);
		free_pages((unsigned long)init_area, init_area_order);
		return err;
	}
	fpu_forget_state = err;
	if (have_xsave)
		pr_info("v3vmm: guests start with XCR0 0x%llx (Linux's); resets cover XCR0 0x%llx%s\n",
			linux_xcr0, cpu_xcr0,
			have_cet_ss ? " and the user shadow-stack MSRs" : "");
	else
		pr_info("v3vmm: no XSAVE: resets use FXRSTOR\n");
	return 0;
}

void arch_cpu_state_exit(void)
{
	cpuhp_remove_state_nocalls(fpu_forget_state);
	free_page((unsigned long)vmm_pgd);
	free_pages((unsigned long)init_area, init_area_order);
}

/* The CR3 a taken core runs the VMM on. */
u64 cpu_state_vmm_cr3(void)
{
	return __pa(vmm_pgd);
}

static __always_inline void reset_debug_registers(void)
{
	unsigned long zero = 0, dr6 = DR6_INIT, dr7 = DR7_INIT;

	/* DR7 first: no breakpoint is armed while the addresses change. */
	asm volatile("mov %0, %%db7" ::"r"(dr7));
	asm volatile("mov %0, %%db0" ::"r"(zero));
	asm volatile("mov %0, %%db1" ::"r"(zero));
	asm volatile("mov %0, %%db2" ::"r"(zero));
	asm volatile("mov %0, %%db3" ::"r"(zero));
	asm volatile("mov %0, %%db6" ::"r"(dr6));
}

static __always_inline void set_xcr0(u64 v)
{
	asm volatile("xsetbv" ::"c"(0), "a"((u32)v), "d"((u32)(v >> 32)));
}

/* On a taken core, entering or leaving the VMM. */
u64 cpu_state_user_xcr0(void)
{
	return have_xsave ? cpu_xcr0 : 0;
}

void cpu_state_reset(void)
{
	if (have_xsave) {
		/* Every component a guest could have enabled, then Linux's. */
		set_xcr0(cpu_xcr0);
		asm volatile("xrstor64 (%0)" ::"r"(init_area), "a"((u32)cpu_xcr0),
			     "d"((u32)(cpu_xcr0 >> 32)) : "memory");
		set_xcr0(linux_xcr0);
	} else {
		asm volatile("fxrstor64 (%0)" ::"r"(init_area) : "memory");
	}
	if (have_cet_ss) {
		v3_wrmsr(MSR_U_CET, 0);
		v3_wrmsr(MSR_PL3_SSP, 0);
	}
	reset_debug_registers();
}
