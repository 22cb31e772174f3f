/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included before vmm-module/arch/x86/guest_walk.c when the fuzz target
 * builds it on the host (fuzz.mk: -include): defines V3VMM_H so that the
 * real vmm.h is skipped, and gives the little of it the walk uses. The
 * target implements guest_ptr() over a RAM buffer of its own.
 */
#ifndef GUEST_WALK_SHIM_H
#define GUEST_WALK_SHIM_H
#define V3VMM_H
#include <linux/minmax.h>
#include <linux/types.h>
#define BIT_ULL(n) (1ULL << (n))
#define PAGE_SIZE 4096UL
struct vm;
struct vcpu {
	struct vm *vm;
};
void *guest_ptr(struct vm *vm, u64 gpa, u64 len);
#endif
