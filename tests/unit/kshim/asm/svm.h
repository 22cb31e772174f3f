/* SPDX-License-Identifier: GPL-2.0 */
/* The VMCB save-area fields guest_walk.c reads, for its host build (the
 * layout is not the hardware's: only the names matter here). */
#ifndef KSHIM_SVM_H
#define KSHIM_SVM_H
#include <linux/types.h>
#define SVM_SELECTOR_L_MASK (1 << 9)
struct vmcb_seg {
	u16 selector, attrib;
	u32 limit;
	u64 base;
};
struct vmcb_save_area {
	struct vmcb_seg cs;
	u64 cr0, cr3, cr4, efer, rip;
};
#endif
