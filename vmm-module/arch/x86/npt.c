// SPDX-License-Identifier: GPL-2.0
/*
 * The nested page table of a VM, built once, eagerly, before the guest
 * runs: guest RAM is mapped with 1 GB pages where the guest-physical and
 * host-physical addresses are both 1 GB-aligned over a whole gigabyte
 * (and, with EPT, the CPU has 1 GB pages), else with 2 MB pages (memory
 * blocks are at least 128 MB), never 4 KB. The only 4 KB page maps the
 * local APIC, uncached and read-only (writes are emulated, guest_apic.c).
 * Anything else the guest touches is a nested page fault (an EPT
 * violation), which fails the VM.
 *
 * The same four-level radix tree in two entry formats, chosen by the
 * back end: AMD's nested page table (x86 page-table entries, user bit
 * set, memory type from the entry's PAT bits) and Intel's EPT (read,
 * write, execute bits; memory type in bits 5:3).
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include "../../vmm.h"
#include "guest_apic.h"
#include "x86_vendor.h"

#define NPT_PRESENT BIT_ULL(0)
#define NPT_WRITE BIT_ULL(1)
#define NPT_USER BIT_ULL(2) /* nested walks are user accesses */
#define NPT_PWT BIT_ULL(3)
#define NPT_PCD BIT_ULL(4)
#define NPT_LARGE BIT_ULL(7)
#define NPT_NX BIT_ULL(63)
#define NPT_ADDR_MASK 0x000ffffffffff000ULL
#define NPT_TABLE (NPT_PRESENT | NPT_WRITE | NPT_USER)
#define EPT_READ BIT_ULL(0)
#define EPT_WRITE BIT_ULL(1)
#define EPT_EXEC BIT_ULL(2)
#define EPT_MT_UC (0ULL << 3)
#define EPT_MT_WB (6ULL << 3)
#define EPT_LARGE BIT_ULL(7)
#define EPT_TABLE (EPT_READ | EPT_WRITE | EPT_EXEC)

/* An entry's bits in the VM's format. */
enum npt_kind { NPT_K_TABLE, NPT_K_RAM, NPT_K_APIC };

static u64 npt_flags(enum npt_kind kind, bool large)
{
	if (x86_vmx()) {
		switch (kind) {
		case NPT_K_TABLE:
			return EPT_TABLE;
		case NPT_K_RAM:
			return EPT_READ | EPT_WRITE | EPT_EXEC | EPT_MT_WB |
			       (large ? EPT_LARGE : 0);
		case NPT_K_APIC:
			return EPT_READ | EPT_MT_UC; /* read-only, never run */
		}
	}
	switch (kind) {
	case NPT_K_TABLE:
		return NPT_TABLE;
	case NPT_K_RAM:
		return NPT_PRESENT | NPT_WRITE | NPT_USER | /* WB */
		       (large ? NPT_LARGE : 0);
	case NPT_K_APIC:
		return NPT_PRESENT | NPT_USER | NPT_PCD | NPT_PWT | NPT_NX;
	}
	return 0;
}


static u64 *npt_new_table(struct arch_vm *a)
{
	struct page *page;

	if (a->npt_npages == a->npt_cap) {
		unsigned int cap = a->npt_cap ? a->npt_cap * 2 : 16;
		struct page **grown = krealloc(a->npt_pages, cap * sizeof(*grown),
					       GFP_KERNEL);

		if (!grown)
			return NULL;
		a->npt_pages = grown;
		a->npt_cap = cap;
	}
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return NULL;
	a->npt_pages[a->npt_npages++] = page;
	return page_address(page);
}

/* The table an entry points to, made if it is empty. */
static u64 *npt_next(struct arch_vm *a, u64 *entry)
{
	u64 *table;

	if (*entry) /* only tables are made above the leaves */
		return __va(*entry & NPT_ADDR_MASK);
	table = npt_new_table(a);
	if (table)
		*entry = __pa(table) | npt_flags(NPT_K_TABLE, false);
	return table;
}

/* Maps one page of `size` (1 GB, 2 MB or 4 KB) at gpa to hpa. */
static int npt_map(struct arch_vm *a, u64 gpa, u64 hpa, u64 size,
		   enum npt_kind kind)
{
	u64 flags = npt_flags(kind, size != SZ_4K);

	u64 *pdpt, *pd, *pt;

	pdpt = npt_next(a, &a->npt_root[(gpa >> 39) & 511]);
	if (!pdpt)
		return -ENOMEM;
	if (size == SZ_1G) {
		pdpt[(gpa >> 30) & 511] = hpa | flags;
		return 0;
	}
	pd = npt_next(a, &pdpt[(gpa >> 30) & 511]);
	if (!pd)
		return -ENOMEM;
	if (size == SZ_2M) {
		pd[(gpa >> 21) & 511] = hpa | flags;
		return 0;
	}
	pt = npt_next(a, &pd[(gpa >> 21) & 511]);
	if (!pt)
		return -ENOMEM;
	pt[(gpa >> 12) & 511] = hpa | flags;
	return 0;
}

/* Whether guest [gpa, gpa + 1 GB) is RAM at host [hpa, hpa + 1 GB). */
static bool gigabyte_contiguous(const struct vm *vm, u64 gpa, u64 hpa)
{
	u64 done = 0;

	for (unsigned int i = 0; i < vm->nram && done < SZ_1G; i++) {
		const struct guest_ram_range *r = &vm->ram[i];
		u64 at = gpa + done;

		if (r->gpa > at || r->gpa + r->bytes <= at)
			continue;
		if (r->hpa + (at - r->gpa) != hpa + done)
			return false;
		done += r->gpa + r->bytes - at;
	}
	return done >= SZ_1G;
}

static int npt_map_ram(struct vm *vm)
{
	struct arch_vm *a = &vm->arch;
	bool gb_pages = !x86_vmx() || vmx_ept_1g;
	u64 mapped_to = 0; /* guest RAM below this is in a 1 GB page */
	int err;

	for (unsigned int i = 0; i < vm->nram; i++) {
		const struct guest_ram_range *r = &vm->ram[i];

		/* Ranges are 2 MB-aligned in both spaces (guest_mem.c). */
		if (!IS_ALIGNED(r->gpa | r->hpa | r->bytes, SZ_2M))
			return -EINVAL;
		for (u64 off = 0; off < r->bytes; off += SZ_2M) {
			u64 gpa = r->gpa + off, hpa = r->hpa + off;

			if (gpa < mapped_to)
				continue;
			if (gb_pages && IS_ALIGNED(gpa, SZ_1G) &&
			    IS_ALIGNED(hpa, SZ_1G) &&
			    gigabyte_contiguous(vm, gpa, hpa)) {
				err = npt_map(a, gpa, hpa, SZ_1G, NPT_K_RAM);
				a->npt_ram_1g++;
				mapped_to = gpa + SZ_1G;
			} else {
				err = npt_map(a, gpa, hpa, SZ_2M, NPT_K_RAM);
				a->npt_ram_2m++;
			}
			if (err)
				return err;
		}
	}
	return 0;
}

int arch_npt_build(struct vm *vm)
{
	struct arch_vm *a = &vm->arch;
	int err;

	a->npt_root = npt_new_table(a);
	if (!a->npt_root)
		return -ENOMEM;
	err = npt_map_ram(vm);
	if (err)
		return err;
	/* Read-only: each write exits and is checked (guest_apic.c); never
	 * executed. arch_check_cpu() made sure the host's APIC is there.
	 * Not mapped on an x2APIC host: the guest uses the MSRs, and the
	 * page would reach whatever the bus makes of it (the VM fails at a
	 * touch instead). */
	if (a->x2apic)
		return 0;
	err = npt_map(a, GUEST_APIC_GPA, GUEST_APIC_GPA, SZ_4K, NPT_K_APIC);
	if (!err)
		a->npt_mmio_4k++;
	return err;
}

void arch_npt_free(struct arch_vm *a)
{
	for (unsigned int i = 0; i < a->npt_npages; i++)
		__free_page(a->npt_pages[i]);
	kfree(a->npt_pages);
	a->npt_pages = NULL;
	a->npt_npages = a->npt_cap = 0;
	a->npt_root = NULL;
	a->npt_ram_1g = a->npt_ram_2m = a->npt_ram_4k = a->npt_mmio_4k = 0;
}
