/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few x86 instructions the VMM issues itself, as inline assembly:
 * Linux's rdmsr/wrmsr wrappers may call tracepoints, and code on a taken
 * core must not run Linux code.
 */
#ifndef V3VMM_X86_OPS_H
#define V3VMM_X86_OPS_H

#include <linux/types.h>
#include <asm/cpufeature.h>

static __always_inline u64 v3_rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return lo | (u64)hi << 32;
}

static __always_inline void v3_wrmsr(u32 msr, u64 val)
{
	asm volatile("wrmsr" ::"c"(msr), "a"((u32)val), "d"((u32)(val >> 32))
		     : "memory");
}

static __always_inline void v3_cpuid(u32 leaf, u32 sub, u32 r[4])
{
	asm volatile("cpuid"
		     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
		     : "a"(leaf), "c"(sub));
}

static __always_inline u64 v3_rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo | (u64)hi << 32;
}

static __always_inline void v3_clgi(void)
{
	asm volatile("clgi" ::: "memory");
}

static __always_inline void v3_stgi(void)
{
	asm volatile("stgi" ::: "memory");
}

static __always_inline unsigned long v3_read_cr4(void)
{
	unsigned long cr4;

	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	return cr4;
}

/* Not Linux's native_write_cr4(): it pins bits and is not exported. */
static __always_inline void v3_write_cr4(unsigned long cr4)
{
	asm volatile("mov %0, %%cr4" ::"r"(cr4) : "memory");
}

/* NMIs stay blocked after an NMI until an IRET: do one to ourselves. */
static __always_inline void x86_unblock_nmis(void)
{
	asm volatile("mov %%ss, %%rax\n\t"
		     "push %%rax\n\t"
		     "push %%rsp\n\t"
		     "addq $8, (%%rsp)\n\t"
		     "pushfq\n\t"
		     "mov %%cs, %%rax\n\t"
		     "push %%rax\n\t"
		     "lea 1f(%%rip), %%rax\n\t"
		     "push %%rax\n\t"
		     "iretq\n"
		     "1:" ::: "rax", "memory");
}

/* Whether the CPU has TSC_AUX (RDTSCP or RDPID). */
static __always_inline bool x86_has_tsc_aux(void)
{
	return boot_cpu_has(X86_FEATURE_RDTSCP) ||
	       boot_cpu_has(X86_FEATURE_RDPID);
}

#endif
