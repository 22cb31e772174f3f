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
 * what the guest left. cpu_state_reset() runs on the taken core when it
 * enters the VMM (before the first VMRUN) and again when it leaves: XCR0
 * is set to Linux's value, an XRSTOR from an area whose header marks
 * every component as in its initial state resets every component that
 * XCR0 enables (x87, XMM, YMM, PKRU, ...; MXCSR to 0x1f80), and DR0-DR3
 * are zeroed, DR6 and DR7 set to their reset values. The guest starts
 * with Linux's XCR0; it may change XCR0 itself (XSETBV is not
 * intercepted), which is why the leave path sets it back before the
 * reset. Linux's record of whose registers a CPU holds survives an
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
#include <asm/processor-flags.h>
#include "../../vmm.h"
#include "cpu_state.h"

#define XSAVE_AREA_MIN 576     /* legacy region + XSAVE header */
#define FCW_INIT 0x037f
#define MXCSR_INIT 0x1f80
#define DR6_INIT 0xffff0ff0UL
#define DR7_INIT 0x400UL

/*
 * Read by XRSTOR (FXRSTOR without XSAVE) on taken cores; written once at
 * load. XSTATE_BV (header, offset 512) is 0: every component requested
 * is put in its initial state; x87 control and MXCSR hold their initial
 * values for the parts the legacy form loads from memory.
 */
static u8 init_area[XSAVE_AREA_MIN] __aligned(64);
static bool have_xsave;
static u64 linux_xcr0;
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

int arch_cpu_state_init(void)
{
	int err;

	*(u16 *)&init_area[0] = FCW_INIT;
	*(u32 *)&init_area[24] = MXCSR_INIT;
	have_xsave = boot_cpu_has(X86_FEATURE_OSXSAVE);
	if (have_xsave) {
		u32 lo, hi;

		asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		linux_xcr0 = lo | (u64)hi << 32;
	}

	vmm_pgd = (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!vmm_pgd)
		return -ENOMEM;
	cpu_state_sync_vmm_pgd();

	err = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "v3vmm:fpu",
					fpu_forget, NULL);
	if (err < 0) {
		free_page((unsigned long)vmm_pgd);
		return err;
	}
	fpu_forget_state = err;
	pr_info("v3vmm: guests start with XCR0 0x%llx (Linux's)%s\n",
		linux_xcr0, have_xsave ? "" : ", no XSAVE: FXRSTOR");
	return 0;
}

void arch_cpu_state_exit(void)
{
	cpuhp_remove_state_nocalls(fpu_forget_state);
	free_page((unsigned long)vmm_pgd);
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

/* On a taken core, entering or leaving the VMM. */
void cpu_state_reset(void)
{
	if (have_xsave) {
		asm volatile("xsetbv" ::"c"(0), "a"((u32)linux_xcr0),
			     "d"((u32)(linux_xcr0 >> 32)));
		asm volatile("xrstor64 %0" ::"m"(init_area), "a"((u32)linux_xcr0),
			     "d"((u32)(linux_xcr0 >> 32)) : "memory");
	} else {
		asm volatile("fxrstor64 %0" ::"m"(init_area) : "memory");
	}
	reset_debug_registers();
}
