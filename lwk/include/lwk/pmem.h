/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical memory. The unit is the 2 MB frame, because every piece of
 * program memory is backed by 2 MB pages. 4 KB pages (page tables,
 * small kernel objects) are carved from frames.
 */
#ifndef LWK_PMEM_H
#define LWK_PMEM_H

#include <lwk/types.h>

#define FRAME_SIZE (2UL << 20)

/* Takes usable RAM from boot_info minus its reserved ranges. */
void pmem_init(void);
uint64_t pmem_max_phys(void);

/* n contiguous 2 MB frames, zeroed. Returns the physical address or 0. */
uint64_t pmem_alloc_frames(size_t n);
void pmem_free_frames(uint64_t phys, size_t n);

/* One zeroed 4 KB page, physical address, or 0. */
uint64_t pmem_alloc_page(void);
void pmem_free_page(uint64_t phys);

size_t pmem_free_bytes(void);
size_t pmem_total_bytes(void);

#endif
