// SPDX-License-Identifier: GPL-2.0
/*
 * Guest RAM: whole memory blocks taken from Linux. A block is offlined
 * and removed with offline_and_remove_memory(), claimed in /proc/iomem
 * as "v3vmm guest RAM", and zeroed (it held host data) before a guest
 * can see it; it is zeroed again before it goes back with add_memory().
 */
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "vmm.h"

#define TAKE_RETRIES 5 /* offlining can fail with EBUSY for a moment */

struct candidate_walk {
	u64 block; /* memory block size */
	u64 below; /* only blocks that end at or under this address */
	u64 found; /* highest such block inside System RAM; 0 = none */
};

static int find_highest_block(struct resource *res, void *arg)
{
	struct candidate_walk *w = arg;
	u64 start = ALIGN(res->start, w->block);
	u64 end = ALIGN_DOWN(min_t(u64, res->end + 1, w->below), w->block);

	/* Block 0 (low memory) is never a candidate. */
	if (end > start && end - w->block > w->found)
		w->found = end - w->block;
	return 0;
}

/* The highest memory block of System RAM under `below`, or 0. */
static u64 highest_ram_block(u64 block, u64 below)
{
	struct candidate_walk w = { .block = block, .below = below };

	walk_iomem_res_desc(IORES_DESC_NONE,
			    IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0,
			    below - 1, &w, find_highest_block);
	return w.found;
}

static int zero_range(u64 phys, u64 bytes)
{
	void *p = memremap(phys, bytes, MEMREMAP_WB);

	if (!p)
		return -ENOMEM;
	memset(p, 0, bytes);
	memunmap(p);
	return 0;
}

static int take_one(u64 phys, u64 bytes, int *nid)
{
	int err = -EBUSY;

	*nid = pfn_valid(PHYS_PFN(phys)) ? page_to_nid(pfn_to_page(PHYS_PFN(phys))) : 0;
	for (int i = 0; i < TAKE_RETRIES && err == -EBUSY; i++)
		err = offline_and_remove_memory(phys, bytes);
	return err;
}

static void give_back(struct guest_block *b)
{
	int err;

	if (b->claim)
		release_mem_region(b->phys, b->bytes);
	/* Whatever the guest left there must not reach Linux. */
	if (zero_range(b->phys, b->bytes))
		pr_err("v3vmm: cannot map block 0x%llx to zero it; keeping it\n",
		       b->phys);
	else if ((err = add_memory(b->nid, b->phys, b->bytes, MHP_NONE)))
		pr_err("v3vmm: add_memory(0x%llx) failed: %d; block lost until reboot\n",
		       b->phys, err);
}

/*
 * Takes the highest memory block Linux can give (so that the guest's RAM
 * grows downwards in one contiguous run when it can; 1 GB-aligned runs
 * are what the nested page table maps with 1 GB pages).
 */
int guest_mem_take_block(struct vm *vm, struct guest_block **out)
{
	u64 block = memory_block_size_bytes();
	u64 below = U64_MAX;
	struct guest_block *b;
	int err = -ENOSPC, nid;
	u64 phys;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	/* Start under the lowest block this VM holds, else at the top. */
	if (!list_empty(&vm->blocks))
		below = list_last_entry(&vm->blocks, struct guest_block, link)->phys;
	while ((phys = highest_ram_block(block, below))) {
		err = take_one(phys, block, &nid);
		if (!err)
			break;
		below = phys; /* in use by Linux: try the next one down */
	}
	if (err) {
		kfree(b);
		return err == -EBUSY ? -ENOSPC : err;
	}
	b->phys = phys;
	b->bytes = block;
	b->nid = nid;
	b->claim = request_mem_region(phys, block, "v3vmm guest RAM");
	if (!b->claim || zero_range(phys, block)) {
		give_back(b);
		kfree(b);
		return -ENOMEM;
	}
	list_add_tail(&b->link, &vm->blocks);
	vm->mem_bytes += block;
	vm->nblocks++;
	*out = b;
	return 0;
}

void guest_mem_release_all(struct vm *vm)
{
	struct guest_block *b, *tmp;

	list_for_each_entry_safe(b, tmp, &vm->blocks, link) {
		list_del(&b->link);
		give_back(b);
		kfree(b);
	}
	vm->mem_bytes = 0;
	vm->nblocks = 0;
}
