/* SPDX-License-Identifier: GPL-2.0 */
/* The control-register bits vmm-module/arch/x86/guest_walk.c tests
 * (tests/fuzz/fuzz_guest_walk.c builds it on the host). */
#ifndef KSHIM_PROCESSOR_FLAGS_H
#define KSHIM_PROCESSOR_FLAGS_H
#define X86_CR0_PG (1UL << 31)
#define X86_CR4_LA57 (1UL << 12)
#endif
