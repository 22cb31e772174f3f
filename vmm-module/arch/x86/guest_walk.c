// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the guest's instruction at its RIP, for the one exit that needs
 * it (a write to the read-only local APIC page): guest-virtual to
 * guest-physical through the guest's own page tables, then guest RAM.
 * QEMU's EPYC model has no decode assists, so the VMCB does not carry the
 * instruction bytes, and VMX never does. Long mode and paging off are walked; the legacy
 * 32-bit paging modes and 5-level paging are not (the LWK touches its
 * APIC in long mode with 4-level paging); such a write fails the VM.
 * On the taken core: no Linux calls.
 */
#include <asm/processor-flags.h>
#include <asm/msr-index.h>
#include "../../vmm.h"
#include "guest_walk.h"

#define PTE_P BIT_ULL(0)
#define PTE_PS BIT_ULL(7)
#define PTE_ADDR 0x000ffffffffff000ULL

/* Guest-virtual to guest-physical; false if not mapped or not walked. */
static bool gva_to_gpa(struct vm *vm, const struct guest_paging *s, u64 gva,
		       u64 *gpa)
{
	u64 table, entry, *p;

	if (!(s->cr0 & X86_CR0_PG)) {
		*gpa = gva & 0xffffffffULL;
		return true;
	}
	/* Legacy 32-bit paging and 5-level paging are not walked. */
	if (!(s->efer & EFER_LMA) || (s->cr4 & X86_CR4_LA57))
		return false;
	table = s->cr3 & PTE_ADDR;
	for (int level = 4; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);

		p = guest_ptr(vm, table + ((gva >> shift) & 511) * 8, 8);
		if (!p)
			return false;
		entry = READ_ONCE(*p);
		if (!(entry & PTE_P))
			return false;
		if (level == 1 ||
		    ((level == 2 || level == 3) && (entry & PTE_PS))) {
			u64 size = 1ULL << shift;

			*gpa = (entry & PTE_ADDR & ~(size - 1)) |
			       (gva & (size - 1));
			return true;
		}
		table = entry & PTE_ADDR;
	}
	return false;
}

int guest_fetch_insn(struct vcpu *vcpu, const struct guest_paging *s, u8 *buf,
		     unsigned int max)
{
	u64 rip = guest_code64(s) ? s->rip : (u32)(s->rip + s->cs_base);
	unsigned int got = 0;

	while (got < max) {
		u64 gva = rip + got, gpa;
		unsigned int in_page = min_t(
			u64, max - got, PAGE_SIZE - (gva & (PAGE_SIZE - 1)));
		u8 *src;

		if (!gva_to_gpa(vcpu->vm, s, gva, &gpa))
			break;
		src = guest_ptr(vcpu->vm, gpa, in_page);
		if (!src)
			break;
		for (unsigned int i = 0; i < in_page; i++)
			buf[got + i] = src[i]; /* no Linux memcpy here */
		got += in_page;
	}
	return got;
}
