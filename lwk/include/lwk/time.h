/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time. The TSC is the only clock source: its rate is calibrated once at
 * boot (CPUID leaf 0x15/0x40000010 when offered, else the PIT) and the
 * wall clock is read once from the CMOS RTC. Under v3vee both come from
 * the VMM (CPUID 0x40000010 and the wall-clock hypercall). No periodic
 * tick exists.
 */
#ifndef LWK_TIME_H
#define LWK_TIME_H

#include <lwk/types.h>

#define NSEC_PER_SEC 1000000000ULL

void time_init(void);
uint64_t tsc_read(void);
uint64_t tsc_hz(void);
uint64_t tsc_to_ns(uint64_t cycles);
/* Nanoseconds since boot. */
uint64_t clock_monotonic_ns(void);
/* Nanoseconds since the Unix epoch. */
uint64_t clock_realtime_ns(void);

#endif
