/* SPDX-License-Identifier: GPL-2.0 */
#ifndef V3VMM_GUEST_WALK_H
#define V3VMM_GUEST_WALK_H

#include <linux/types.h>
#include <asm/msr-index.h>
#include <asm/svm.h>

struct vcpu;

#define GUEST_INSN_MAX 15 /* the longest x86 instruction */

/* Whether the guest runs 64-bit code (long mode and CS.L). */
static __always_inline bool guest_code64(const struct vmcb_save_area *s)
{
	return (s->efer & EFER_LMA) && (s->cs.attrib & SVM_SELECTOR_L_MASK);
}

/* Copies up to max bytes of the instruction at the guest's RIP; returns
 * how many could be read (fewer at an unmapped page). */
int guest_fetch_insn(struct vcpu *vcpu, const struct vmcb_save_area *s, u8 *buf,
		     unsigned int max);

#endif
