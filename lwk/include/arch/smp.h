/* SPDX-License-Identifier: GPL-2.0 */
/* CPU discovery and start-up (lwk/arch/x86_64/smp.c). */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

#include <lwk/types.h>

/* Finds the CPUs in the ACPI MADT and starts every AP; returns the
 * number of CPUs online (>= 1). */
unsigned int smp_boot(void);
unsigned int smp_ncpus(void);
uint32_t smp_apic_id(unsigned int cpu);

/* Sends vector to every other online CPU. */
void smp_send_others(uint8_t vector);
/* lwk.ipi_outside / lwk.init_outside: an IPI (an INIT) to an APIC ID
 * that is not one of this kernel's CPUs. */
void smp_test_ipi_outside(bool init);
/* lwk.level_ipi: a level-triggered fixed IPI to this CPU; prints whether
 * it arrived and whether the APIC marked it level-triggered (in a v3vee
 * VM it must not: the VMM sends it edge-triggered). */
void smp_test_level_ipi(void);

#endif
