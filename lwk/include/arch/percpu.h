/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU data, reached through GS in kernel mode (swapgs on entry from
 * user mode). The first fields are used by entry.S at fixed offsets.
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#define PERCPU_SELF 0
#define PERCPU_USER_RSP 8
#define PERCPU_KSTACK_TOP 16

#ifndef __ASSEMBLER__
#include <lwk/types.h>

struct thread;

struct percpu {
	struct percpu *self;     /* PERCPU_SELF */
	uint64_t user_rsp;       /* PERCPU_USER_RSP: scratch for syscall entry */
	uint64_t kstack_top;     /* PERCPU_KSTACK_TOP: current thread's stack */
	struct thread *current;
	unsigned int cpu_id;     /* 0 = boot CPU */
	uint32_t apic_id;
	/* Interrupts and exceptions taken on this CPU, by vector. */
	uint64_t vector_count[256];
};

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	asm volatile("mov %%gs:0, %0" : "=r"(p));
	return p;
}

#endif
#endif
