/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC: xAPIC through its MMIO page, or x2APIC through MSRs
 * when the CPU has it. The LWK uses it for IPIs and for its one-shot
 * timer (TSC-deadline mode when available); there is no periodic tick.
 */
#ifndef ARCH_APIC_H
#define ARCH_APIC_H

#include <lwk/types.h>

/* The LWK's interrupt vectors, all above the legacy PIC's 0x20-0x2f. */
#define VECTOR_TIMER 0xef
#define VECTOR_RESCHED 0xf0 /* another CPU queued work for this one */
#define VECTOR_TLB 0xf1     /* flush this CPU's TLB, then acknowledge */
#define VECTOR_STOP 0xf2    /* the program ended: stop this CPU */
#define VECTOR_SPURIOUS 0xff
#define VECTOR_TEST_OUTSIDE 0xe7 /* lwk.ipi_outside: sent, never taken */
#define VECTOR_TEST_LEVEL 0xe6 /* lwk.level_ipi */

/* Enables this CPU's APIC with every local interrupt masked, and drops
 * anything a previous owner of the CPU left pending. */
void lapic_init(void);
uint32_t lapic_id(void);
void lapic_eoi(void);
void lapic_send_ipi(uint32_t apic_id, uint8_t vector);
void lapic_send_init(uint32_t apic_id);
void lapic_send_sipi(uint32_t apic_id, uint8_t page);
/* Test: sends this CPU a level-triggered fixed IPI (with interrupts off)
 * and reads back whether it is pending (IRR) and marked level (TMR). */
void lapic_test_level_self_ipi(uint8_t vector, bool *pending, bool *level);

/* Arms the timer to fire once when the TSC reaches deadline (a TSC
 * value); lapic_timer_cancel() disarms it. */
void lapic_timer_arm(uint64_t deadline_tsc);
void lapic_timer_cancel(void);
bool lapic_has_tsc_deadline(void);

#endif
