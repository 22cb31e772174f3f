/* SPDX-License-Identifier: GPL-2.0 */
#ifndef V3VMM_GUEST_WALK_H
#define V3VMM_GUEST_WALK_H

#include <linux/types.h>
#include <asm/msr-index.h>

struct vcpu;

#define GUEST_INSN_MAX 15 /* the longest x86 instruction */

/* The guest state a walk and a decode need, as the guest sees it
 * (CR0, CR4: as it wrote them), from either back end (x86_vendor.h:
 * x86_guest_paging()). */
struct guest_paging {
	u64 rip, cs_base, rflags, cr0, cr3, cr4, efer;
	bool cs_l, cs_db;
};

/* Whether the guest runs 64-bit code (long mode and CS.L). */
static __always_inline bool guest_code64(const struct guest_paging *p)
{
	return (p->efer & EFER_LMA) && p->cs_l;
}

/* Copies up to max bytes of the instruction at the guest's RIP; returns
 * how many could be read (fewer at an unmapped page). */
int guest_fetch_insn(struct vcpu *vcpu, const struct guest_paging *p, u8 *buf,
		     unsigned int max);

#endif
