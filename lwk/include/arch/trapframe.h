/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registers saved on the kernel stack on every entry from user mode
 * or by an exception/interrupt (lwk/arch/x86_64/entry.S pushes them in
 * this order). A syscall builds the same frame, with vector = -1.
 */
#ifndef ARCH_TRAPFRAME_H
#define ARCH_TRAPFRAME_H

#include <lwk/types.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	/* pushed by the CPU (or by the syscall entry) */
	uint64_t rip, cs, rflags, rsp, ss;
};

#define TRAP_VECTOR_SYSCALL ((uint64_t)-1)

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS 0x1b
#define USER_CS 0x23
#define TSS_SEL 0x28

static inline bool trap_from_user(const struct trap_frame *tf)
{
	return (tf->cs & 3) == 3;
}

/* Resumes user mode from tf (jumps into entry.S's return path). */
__noreturn void arch_return_to_user(struct trap_frame *tf);

#endif
