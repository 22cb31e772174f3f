/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running as a guest of v3vee (lwk/arch/x86_64/v3vee.c). The same image
 * boots natively and in the VM; this finds out which, once, and wraps the
 * hypercalls of the guest ABI (vmm-module/uapi/v3vee_guest.h,
 * Documentation/hypercalls.md).
 */
#ifndef ARCH_V3VEE_H
#define ARCH_V3VEE_H

#include <lwk/types.h>
#include "v3vee_guest.h"

/* Looks for the VMM's CPUID signature. Call once on the boot CPU, before
 * anything that must behave differently in the VM (the console first). */
void v3vee_detect(void);
/* Prints the "running on v3vee" boot line; nothing natively. */
void v3vee_announce(void);

bool on_v3vee(void);
/* Whether the VMM offers a V3_FEAT_* service; false natively. */
bool v3vee_has(uint32_t feature);
/* The TSC rate the VMM states (CPUID 0x40000010), 0 if it states none. */
uint32_t v3vee_tsc_khz(void);

/* V3_HC_CONSOLE_WRITE of n bytes. Not serialised: the caller holds the
 * console lock. */
void v3vee_console_write(const char *buf, size_t n);
/* V3_HC_EXIT: returns only if the VMM refused to end the VM. */
void v3vee_exit(int status);
/* V3_HC_WALLCLOCK: nanoseconds since 1970 (UTC), 0 if the VMM failed. */
uint64_t v3vee_wallclock_ns(void);
/* V3_HC_EXIT_COUNTS into out (kernel memory): entries written, -1 when
 * not in a VM that counts exits. */
long v3vee_exit_counts(struct v3_vcpu_exits *out, unsigned int max);
/* V3_HC_PROGRAM: mark the program's start (true) and end (false). */
void v3vee_program_mark(bool start);
/* V3_HC_IRQ_REPORT: hand the VMM this kernel's interrupt counts. */
void v3vee_irq_report(const struct v3_cpu_irqs *irqs, unsigned int n);
/* V3_HC_RUN_CHANNEL: 0 or -errno. */
long v3vee_run_channel(uint64_t phys, uint64_t len);

#endif
