// SPDX-License-Identifier: GPL-2.0
/* Saving and restoring user FPU state: XSAVE when the CPU has it (the
 * features enabled in XCR0), else FXSAVE. */
#include <lwk/fpu.h>
#include <arch/cpu.h>
#include <arch/cpu_setup.h>

size_t fpu_state_size(void)
{
	if (cpu_xcr0)
		return cpuid(0xd, 0).ebx;
	return 512;
}

void fpu_save(void *area)
{
	if (cpu_xcr0)
		asm volatile("xsave64 (%0)" ::"r"(area), "a"((uint32_t)cpu_xcr0),
			     "d"((uint32_t)(cpu_xcr0 >> 32))
			     : "memory");
	else
		asm volatile("fxsave64 (%0)" ::"r"(area) : "memory");
}

void fpu_restore(const void *area)
{
	if (cpu_xcr0)
		asm volatile("xrstor64 (%0)" ::"r"(area), "a"((uint32_t)cpu_xcr0),
			     "d"((uint32_t)(cpu_xcr0 >> 32))
			     : "memory");
	else
		asm volatile("fxrstor64 (%0)" ::"r"(area) : "memory");
}
