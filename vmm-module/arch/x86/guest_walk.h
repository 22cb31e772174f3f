/* SPDX-License-Identifier: GPL-2.0 */
#ifndef V3VMM_GUEST_WALK_H
#define V3VMM_GUEST_WALK_H

#include <linux/types.h>

struct vcpu;
struct vmcb_save_area;

/* Copies up to max bytes of the instruction at the guest's RIP; returns
 * how many could be read (fewer at an unmapped page). */
int guest_fetch_insn(struct vcpu *vcpu, const struct vmcb_save_area *s, u8 *buf,
		     unsigned int max);

#endif
