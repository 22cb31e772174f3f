// SPDX-License-Identifier: GPL-2.0
/*
 * The program's address space; see <lwk/uvm.h> for the model. Every slot
 * is reached through its page-directory entry (PDE):
 *   0                      empty
 *   PS | MAPPED [| P ...]  a 2 MB page (P clear for PROT_NONE)
 *   P | W | U -> table     split: PTE i maps frame + i*4K; PTE_MAPPED
 *                          says whether page i is part of a mapping
 */
#include <lwk/errno.h>
#include <lwk/pmem.h>
#include <lwk/printk.h>
#include <lwk/sched.h>
#include <lwk/string.h>
#include <lwk/uvm.h>
#include <linux/mman.h>
#include <arch/cpu.h>
#include <arch/cpu_setup.h>
#include <arch/paging.h>

#define SLOT_PAGES 512

static uint64_t prot_flags(int prot)
{
	uint64_t f = PTE_MAPPED | PTE_U | PTE_A | PTE_D;

	if (prot & (PROT_READ | PROT_WRITE | PROT_EXEC))
		f |= PTE_P;
	if (prot & PROT_WRITE)
		f |= PTE_W;
	if (!(prot & PROT_EXEC) && cpu_has_nx)
		f |= PTE_NX;
	return f;
}

#define PERM_MASK (PTE_P | PTE_W | PTE_NX | PTE_MAPPED | PTE_U | PTE_A | PTE_D)

/* The PDE of the slot holding va, creating the upper levels if asked. */
static uint64_t *slot_pde(uint64_t va, bool create)
{
	uint64_t *table = paging_root();

	for (int shift = 39; shift > 21; shift -= 9) {
		uint64_t *e = &table[(va >> shift) & 511];

		if (!(*e & PTE_P)) {
			if (!create)
				return NULL;
			*e = virt_to_phys(paging_alloc_table()) | PTE_P | PTE_W |
			     PTE_U;
		}
		table = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &table[(va >> 21) & 511];
}

static bool pde_is_split(uint64_t pde)
{
	return (pde & PTE_P) && !(pde & PTE_PS);
}

static uint64_t *split_table(uint64_t pde)
{
	return phys_to_virt(pde & PTE_ADDR_MASK);
}

/* Turns a 2 MB page into 512 4 KB entries over the same frame. */
static void slot_split(uint64_t *pde)
{
	uint64_t *pt = paging_alloc_table();
	uint64_t frame = *pde & PTE_ADDR_MASK & ~(FRAME_SIZE - 1);
	uint64_t flags = *pde & PERM_MASK;

	for (int i = 0; i < SLOT_PAGES; i++)
		pt[i] = (frame + i * PAGE_SIZE) | flags;
	*pde = virt_to_phys(pt) | PTE_P | PTE_W | PTE_U;
}

/* Gives the slot a frame, split, with nothing mapped yet. */
static int slot_populate_split(uint64_t *pde)
{
	uint64_t frame = pmem_alloc_frames(1);
	uint64_t *pt;

	if (!frame)
		return -ENOMEM;
	pt = paging_alloc_table();
	for (int i = 0; i < SLOT_PAGES; i++)
		pt[i] = frame + i * PAGE_SIZE;
	*pde = virt_to_phys(pt) | PTE_P | PTE_W | PTE_U;
	return 0;
}

static void slot_free(uint64_t *pde)
{
	if (pde_is_split(*pde)) {
		uint64_t *pt = split_table(*pde);

		pmem_free_frames(pt[0] & PTE_ADDR_MASK, 1);
		pmem_free_page(virt_to_phys(pt));
	} else if (*pde & PTE_MAPPED) {
		pmem_free_frames(*pde & PTE_ADDR_MASK, 1);
	}
	*pde = 0;
}

/* A split slot whose 512 pages are mapped alike becomes one 2 MB page
 * again (TLB reach); one with nothing mapped is freed. */
static void slot_tidy(uint64_t *pde)
{
	uint64_t *pt = split_table(*pde);
	uint64_t first = pt[0] & PERM_MASK;
	bool same = first & PTE_MAPPED, any = false;

	for (int i = 0; i < SLOT_PAGES; i++) {
		if (pt[i] & PTE_MAPPED)
			any = true;
		if ((pt[i] & PERM_MASK) != first)
			same = false;
	}
	if (!any) {
		slot_free(pde);
	} else if (same) {
		uint64_t frame = pt[0] & PTE_ADDR_MASK;

		pmem_free_page(virt_to_phys(pt));
		*pde = frame | first | PTE_PS;
	}
}

enum slot_op { OP_MAP, OP_UNMAP, OP_PROTECT };

/*
 * Applies op to the pages [first, first+count) of the slot at pde.
 * For OP_MAP the pages are zeroed: they may hold data from an earlier
 * mapping of the same frame.
 */
static int slot_apply(uint64_t *pde, uint64_t slot_va, unsigned first,
		      unsigned count, enum slot_op op, int prot)
{
	bool whole = first == 0 && count == SLOT_PAGES;
	uint64_t flags = prot_flags(prot);

	if (op == OP_UNMAP && !*pde)
		return 0;
	if (op == OP_UNMAP && whole) {
		slot_free(pde);
		return 0;
	}
	if (op == OP_MAP && whole) {
		uint64_t frame;

		if (!*pde) {
			frame = pmem_alloc_frames(1); /* zeroed */
			if (!frame)
				return -ENOMEM;
		} else {
			if (pde_is_split(*pde)) {
				uint64_t *pt = split_table(*pde);

				frame = pt[0] & PTE_ADDR_MASK;
				pmem_free_page(virt_to_phys(pt));
			} else {
				frame = *pde & PTE_ADDR_MASK;
			}
			memset(phys_to_virt(frame), 0, FRAME_SIZE);
		}
		*pde = frame | flags | PTE_PS;
		return 0;
	}
	if (op == OP_PROTECT && whole && !pde_is_split(*pde)) {
		*pde = (*pde & PTE_ADDR_MASK) | flags | PTE_PS;
		return 0;
	}

	/* Partial slot (or protect of a split one): work on 4 KB entries. */
	if (!*pde) {
		int err = slot_populate_split(pde);

		if (err)
			return err;
	} else if (!pde_is_split(*pde)) {
		slot_split(pde);
	}
	uint64_t *pt = split_table(*pde);

	for (unsigned i = first; i < first + count; i++) {
		uint64_t addr = pt[i] & PTE_ADDR_MASK;

		if (op == OP_MAP) {
			memset(phys_to_virt(addr), 0, PAGE_SIZE);
			pt[i] = addr | flags;
		} else if (op == OP_UNMAP) {
			pt[i] = addr;
		} else if (pt[i] & PTE_MAPPED) {
			pt[i] = addr | flags;
		}
	}
	slot_tidy(pde);
	(void)slot_va;
	return 0;
}

static int range_apply(uint64_t va, uint64_t len, enum slot_op op, int prot)
{
	uint64_t end = va + len;
	int err = 0;

	while (va < end) {
		uint64_t slot = ALIGN_DOWN(va, FRAME_SIZE);
		uint64_t stop = MIN(end, slot + FRAME_SIZE);
		uint64_t *pde = slot_pde(va, op == OP_MAP);

		if (pde) {
			err = slot_apply(pde, slot, (va - slot) / PAGE_SIZE,
					 (stop - va) / PAGE_SIZE, op, prot);
			if (err)
				break;
		}
		va = stop;
	}
	/* Threads on other CPUs may hold the old translations. */
	tlb_shootdown();
	return err;
}

int uvm_map(uint64_t va, uint64_t len, int prot)
{
	int err = range_apply(va, len, OP_MAP, prot);

	/* Leave nothing half-mapped behind. */
	if (err)
		range_apply(va, len, OP_UNMAP, 0);
	return err;
}

void uvm_unmap(uint64_t va, uint64_t len)
{
	range_apply(va, len, OP_UNMAP, 0);
}

int uvm_protect(uint64_t va, uint64_t len, int prot)
{
	if (!uvm_is_mapped(va, len))
		return -ENOMEM;
	return range_apply(va, len, OP_PROTECT, prot);
}

/* The leaf entry that maps va (a PTE or a 2 MB PDE), or NULL. */
static const uint64_t *leaf_entry(uint64_t va, bool *large)
{
	uint64_t *pde = slot_pde(va, false);

	if (!pde || !*pde)
		return NULL;
	if (pde_is_split(*pde)) {
		*large = false;
		return &split_table(*pde)[(va >> 12) & 511];
	}
	*large = true;
	return pde;
}

static bool page_mapped(uint64_t va)
{
	bool large;
	const uint64_t *e = leaf_entry(va, &large);

	return e && (*e & PTE_MAPPED);
}

bool uvm_is_free(uint64_t va, uint64_t len)
{
	for (uint64_t p = va; p < va + len; p += PAGE_SIZE) {
		if (page_mapped(p))
			return false;
	}
	return true;
}

bool uvm_is_mapped(uint64_t va, uint64_t len)
{
	for (uint64_t p = va; p < va + len; p += PAGE_SIZE) {
		if (!page_mapped(p))
			return false;
	}
	return true;
}

void *uvm_translate(uint64_t va, bool write, size_t *contig)
{
	bool large;
	const uint64_t *e;
	uint64_t size;

	if (va >= USER_TOP)
		return NULL;
	e = leaf_entry(va, &large);
	if (!e || !(*e & PTE_P) || !(*e & PTE_U) || (write && !(*e & PTE_W)))
		return NULL;
	size = large ? FRAME_SIZE : PAGE_SIZE;
	*contig = size - (va & (size - 1));
	return phys_to_virt((*e & PTE_ADDR_MASK) + (va & (size - 1)));
}

static void stats_walk(uint64_t *table, int level, struct uvm_stats *st)
{
	for (int i = 0; i < (level == 4 ? 256 : 512); i++) {
		uint64_t e = table[i];

		if (level == 2 && (e & PTE_PS)) {
			if (e & PTE_MAPPED)
				st->bytes_2m += FRAME_SIZE;
		} else if (level == 1) {
			if (e & PTE_MAPPED)
				st->bytes_4k += PAGE_SIZE;
		} else if (e & PTE_P) {
			stats_walk(phys_to_virt(e & PTE_ADDR_MASK), level - 1,
				   st);
		}
	}
}

void uvm_get_stats(struct uvm_stats *st)
{
	st->bytes_2m = st->bytes_4k = 0;
	stats_walk(paging_root(), 4, st);
}

/*
 * Frees the whole lower half (every slot, and the page tables of the
 * lower half but the root) without a TLB shootdown: for the end of a
 * program, when the other CPUs are parked with interrupts off and flush
 * their TLBs themselves before they run again.
 */
void uvm_reset(void)
{
	uint64_t *root = paging_root();

	for (int i = 0; i < 256; i++) {
		uint64_t *pdpt;

		if (!(root[i] & PTE_P))
			continue;
		pdpt = phys_to_virt(root[i] & PTE_ADDR_MASK);
		for (int j = 0; j < 512; j++) {
			uint64_t *pd;

			if (!(pdpt[j] & PTE_P))
				continue;
			pd = phys_to_virt(pdpt[j] & PTE_ADDR_MASK);
			for (int k = 0; k < 512; k++) {
				if (pd[k])
					slot_free(&pd[k]);
			}
			pmem_free_page(virt_to_phys(pd));
			pdpt[j] = 0;
		}
		pmem_free_page(virt_to_phys(pdpt));
		root[i] = 0;
	}
	paging_flush_all();
}
