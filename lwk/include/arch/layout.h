/* SPDX-License-Identifier: GPL-2.0 */
/* The LWK's virtual address layout. Shared by C and assembly. */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

/* The kernel image: physical 0-1 GB at -2 GB (kernel code model). */
#define KERNEL_VMA 0xffffffff80000000
/* All physical memory, direct-mapped. */
#define PHYS_MAP_BASE 0xffff800000000000
#define PML4_INDEX(va) (((va) >> 39) & 511)

/* Boot page tables: PML4, low PDPT, high PDPT, four PDs (0-4 GB). */
#define BOOT_PT_PAGES 7
#define BOOT_STACK_SIZE 16384

/* Program layout (user half). */
#define USER_PIE_BASE 0x0000555555400000UL  /* static-pie load address */
#define USER_MMAP_TOP 0x00007f0000000000UL  /* mmap grows down from here */
#define USER_STACK_TOP 0x00007ffffe000000UL /* main thread's stack top */
#define USER_STACK_SIZE (8UL << 20)
#define USER_TOP 0x0000800000000000UL

#endif
