// SPDX-License-Identifier: GPL-2.0
/*
 * Guest RAM: whole memory blocks taken from Linux. A block is offlined
 * and removed with offline_and_remove_memory(), claimed in /proc/iomem
 * as "v3vmm guest RAM", mapped for the VMM with memremap() and zeroed
 * (it held host data) before a guest can see it; it is zeroed again
 * before it goes back with add_memory() and is onlined as movable (below). It goes back with its struct
 * page array on itself (MHP_MEMMAP_ON_MEMORY, when the host boots with
 * memory_hotplug.memmap_on_memory=1): otherwise that array is allocated
 * from other memory and MemTotal ends 1/64 of the block higher than
 * before the VM.
 *
 * Which blocks: only ZONE_MOVABLE ones (others may hold kernel memory,
 * and offlining them can retry for a long time). Whole 1 GB-aligned
 * gigabytes are filled first, so that the nested page table can map
 * them with 1 GB pages; single blocks elsewhere after that.
 *
 * Where the kernel direct-maps a free gigabyte with one 1 GB page, the
 * gigabyte is removed whole, with one offline_and_remove_memory(): Linux
 * 6.1 oopses in remove_pagetable() when one block of such a page is
 * removed alone (Documentation/vmm.md). The ADD_MEMORY call that takes it
 * gets its top block; the others wait on vm->spares for the next calls,
 * and what the VM does not use goes back when it is loaded or destroyed.
 * What goes back is added block by block, so Linux maps it with 2 MB
 * pages from then on, and later VMs may take it block by block. A 1 GB
 * page over a gigabyte Linux still partly uses (the top gigabyte of RAM
 * holds boot-time allocations, even in ZONE_MOVABLE) is split into 2 MB
 * pages before one of its blocks is taken (split_gbpage()).
 *
 * Choosing a block and taking it is one step under take_lock, module-wide:
 * two VMs being built at once would otherwise both find the same block
 * takeable and both offline and remove it. Nothing under take_lock waits
 * for a VM, a core or another of the module's locks (giving memory back
 * does not take it), so it cannot deadlock with destroy.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kthread.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nospec.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <asm/pgtable_types.h>
#include <asm/set_memory.h>
#include "vmm.h"

#define TAKE_RETRIES 5 /* offlining can fail with EBUSY for a moment */
#define GUEST_HOLE_START (3ULL << 30) /* APIC, ACPI: no RAM at 3-4 GB */
#define GUEST_HOLE_END (4ULL << 30)

static DEFINE_MUTEX(take_lock); /* choosing and taking a block: one VM at a time */

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

static int nested_resource(struct resource *res, void *arg)
{
	return res->parent != &iomem_resource; /* non-zero stops the walk */
}

/*
 * Online, movable, and holding nothing Linux lists inside its System RAM
 * (the kernel image, with physical KASLR, can sit in ZONE_MOVABLE, and
 * Linux then offlines the block but cannot release it).
 */
static bool block_free(u64 phys)
{
	struct page *page = pfn_to_online_page(PHYS_PFN(phys));
	u64 block = memory_block_size_bytes();

	if (!page || page_zonenum(page) != ZONE_MOVABLE)
		return false;
	return walk_iomem_res_desc(IORES_DESC_NONE,
				   IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, phys,
				   phys + block - 1, NULL, nested_resource) <= 0;
}

/* Does the direct map cover @phys with a 1 GB page? */
static bool in_gbpage(u64 phys)
{
	unsigned int level;

	return lookup_address((unsigned long)__va(phys), &level) &&
	       level == PG_LEVEL_1G;
}

/*
 * Has Linux split the 1 GB page of the direct map over @phys into 2 MB
 * pages, so that the block there can be removed alone? Changing the cache
 * type of the block's first 2 MB and back makes Linux's page-attribute
 * code split the 1 GB page (set_memory_uc() and set_memory_wb(), which
 * Linux exports for drivers), and nothing merges it again. The 2 MB are
 * the module's meanwhile (alloc_contig_range(), which migrates what Linux
 * kept there, as CMA does): no other mapping of them may see the other
 * cache type. Fails if Linux cannot empty them, or if they have a
 * driver's cache type already.
 */
static bool split_gbpage(u64 phys)
{
	unsigned long pfn = PHYS_PFN(phys), va = (unsigned long)__va(phys);
	int pages = SZ_2M >> PAGE_SHIFT;

	if (alloc_contig_range(pfn, pfn + pages, MIGRATE_MOVABLE,
			       GFP_KERNEL | __GFP_NOWARN))
		return false;
	if (!set_memory_uc(va, pages) && set_memory_wb(va, pages)) {
		/* Not freed: Linux must not get uncached RAM back. */
		pr_err("v3vmm: cannot make 0x%llx write-back again after splitting its 1 GB page; those 2 MB stay out of use\n",
		       phys);
		return false;
	}
	free_contig_range(pfn, pages);
	return !in_gbpage(phys);
}

/*
 * A block that may be taken alone: free, and not a piece of a 1 GB page
 * of the direct map, or one that could be split (*gbpage is set if not).
 * Blocks of 1 GB or more are whole pages of it, aligned.
 */
static bool block_takeable(u64 phys, bool *gbpage)
{
	if (!block_free(phys))
		return false;
	if (memory_block_size_bytes() < SZ_1G && in_gbpage(phys) &&
	    !split_gbpage(phys)) {
		*gbpage = true;
		return false;
	}
	return true;
}

enum gigabyte_kind {
	GB_BUSY,   /* part of it is Linux's */
	GB_BLOCKS, /* free; taken block by block */
	GB_WHOLE,  /* free, under one 1 GB page: taken in one piece */
};

static enum gigabyte_kind gigabyte_kind(u64 gb, u64 block)
{
	for (u64 p = gb; p < gb + SZ_1G; p += block) {
		if (!block_free(p))
			return GB_BUSY;
	}
	return in_gbpage(gb) ? GB_WHOLE : GB_BLOCKS;
}

static int take_one(u64 phys, u64 bytes, int *nid)
{
	int err = -EBUSY;

	*nid = page_to_nid(pfn_to_page(PHYS_PFN(phys)));
	for (int i = 0; i < TAKE_RETRIES && err == -EBUSY; i++)
		err = offline_and_remove_memory(phys, bytes);
	if (!err && region_intersects(phys, bytes, IORESOURCE_SYSTEM_RAM,
				      IORES_DESC_NONE) != REGION_DISJOINT) {
		/* Removed but still listed as RAM: neither ours nor usable. */
		pr_err("v3vmm: block 0x%llx was removed but is still System RAM; leaving it alone\n",
		       phys);
		err = -EBUSY;
	}
	return err;
}

/*
 * Removes a whole gigabyte [gb, gb + 1 GB): its top block is the caller's,
 * the others go on vm->spares, claimed, highest first.
 */
static int take_gigabyte(struct vm *vm, u64 gb, u64 block, int *nid)
{
	struct guest_block *b, *tmp;
	LIST_HEAD(rest);
	int err = -ENOMEM;

	for (u64 p = gb; p < gb + SZ_1G - block; p += block) {
		b = kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b)
			goto out;
		b->phys = p;
		b->bytes = block;
		list_add(&b->link, &rest);
	}
	err = take_one(gb, SZ_1G, nid);
	if (err)
		goto out;
	list_for_each_entry(b, &rest, link) {
		b->nid = *nid;
		b->claim = request_mem_region(b->phys, block, "v3vmm guest RAM");
	}
	list_splice_tail_init(&rest, &vm->spares);
out:
	list_for_each_entry_safe(b, tmp, &rest, link)
		kfree(b);
	return err;
}

/*
 * Onlining what goes back. Whatever path gives a block back (destroy, a
 * failed step of a create, the file of a killed v3ctl being closed), the
 * block must be online and movable again, as it was when it was taken:
 * offline, Linux lost that memory; online in a kernel zone (a host
 * booted with memhp_default_state=online onlines the top block into
 * ZONE_NORMAL), no VM could take it again. device_online() and the
 * memory block devices are not exported in 6.1; the one interface Linux
 * offers for this is memoryN/state in sysfs, which the module writes
 * ("online_movable", after "offline" for a block in a kernel zone). So
 * that Linux does not online the block in a kernel zone itself first,
 * the module sets auto_online_blocks to "offline" around add_memory().
 *
 * It does so on a kthread worker of its own, created at load and
 * destroyed at unload, never from the caller's task: the caller may be
 * an exiting task with no filesystem context left (a killed v3ctl's file
 * is closed after exit_fs()), or one with a fatal signal pending (a
 * killed `v3ctl destroy`), which can neither open files reliably nor
 * create a thread (kthread_run() then fails with -EINTR at once). Queuing
 * work on the existing worker and waiting for its completion are not
 * interruptible. The attribute's trylock of the device-hotplug
 * lock answers "retry" by flagging a signal on the writer: the worker
 * drops that flag after each write, or its idle loop would never sleep.
 */
#define MEMORY_SYSFS "/sys/devices/system/memory/memory"
#define ONLINE_TRIES 400 /* 10 s of EBUSY, at 25 ms a try */

static struct kthread_worker *onliner;

struct online_work {
	struct kthread_work work;
	struct completion done;
	int nid;
	u64 phys, bytes;
	int err;
};

static int attr_read(const char *path, char *buf, size_t size)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, size - 1, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return n;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/*
 * The attribute only try-locks the device-hotplug lock and answers
 * -ERESTARTNOINTR when it is held; a concurrent create holds it for the
 * whole of offline_and_remove_memory(), which has no time limit, so that
 * answer is retried for as long as it comes (the holder finishes or the
 * host has bigger problems). -EBUSY and -EAGAIN come from the onlining or
 * offlining itself: retried for ONLINE_TRIES, then passed up like any
 * other failure.
 */
static int attr_write(const char *path, const char *val)
{
	unsigned int busy = 0, locked = 0;
	ssize_t n;

	for (;;) {
		struct file *f = filp_open(path, O_WRONLY, 0);
		loff_t pos = 0;

		if (IS_ERR(f))
			return PTR_ERR(f);
		n = kernel_write(f, val, strlen(val), &pos);
		filp_close(f, NULL);
		/* restart_syscall() flagged a signal on this worker. */
		flush_signals(current);
		if (n >= 0)
			return 0;
		if (n == -ERESTARTNOINTR) {
			if (++locked % ONLINE_TRIES == 0)
				pr_info("v3vmm: %s: the memory hotplug lock has been busy for %u s; still trying\n",
					path, locked / 40);
		} else if (n != -EBUSY && n != -EAGAIN) {
			return n;
		} else if (++busy == ONLINE_TRIES) {
			return n;
		}
		msleep(25);
	}
}

static int online_block_movable(u64 nr)
{
	char path[80], zpath[80], val[64];
	int err;

	snprintf(path, sizeof(path), MEMORY_SYSFS "%llu/state", nr);
	snprintf(zpath, sizeof(zpath), MEMORY_SYSFS "%llu/valid_zones", nr);
	err = attr_read(path, val, sizeof(val));
	if (!err && !strcmp(val, "offline")) {
		err = attr_write(path, "online_movable");
		if (err != -EINVAL)
			return err;
		/* Onlined meanwhile by someone else (udev): see where. */
		err = attr_read(path, val, sizeof(val));
	}
	if (err)
		return err;
	if (strcmp(val, "online"))
		return -EBUSY; /* "going-offline" and the like */
	/*
	 * Online already. Not offlined again from here if Linux or a udev
	 * rule put it in a kernel zone: offlining retries migration until a
	 * fatal signal, which this worker never gets, so one unmigratable
	 * page would hang every later give-back. Reported instead.
	 */
	err = attr_read(zpath, val, sizeof(val));
	return err ? err : strcmp(val, "Movable") ? -EXDEV : 0;
}

#define AUTO_ONLINE "/sys/devices/system/memory/auto_online_blocks"

/*
 * On the onliner worker: add_memory(), then each block onlined movable.
 * Linux onlines what add_memory() adds by its own policy; with "online"
 * it may put the block in a kernel zone, where Linux can place unmovable
 * pages at once, after which the block can no longer be offlined to go
 * movable (seen on the emulated host: EBUSY). So a policy other than
 * "offline" or "online_movable" is set to "offline" for the duration of
 * add_memory() and restored after it, unless someone changed it meanwhile
 * (memory another driver hot-adds in that window stays offline: the cost
 * of this); the worker runs one such item at a time.
 */
static void add_and_online(struct kthread_work *work)
{
	struct online_work *o = container_of(work, struct online_work, work);
	u64 block = memory_block_size_bytes();
	char policy[32];
	bool held;
	int err;

	/* "offline" and "online_movable" need no change. */
	held = !attr_read(AUTO_ONLINE, policy, sizeof(policy)) &&
	       strcmp(policy, "offline") && strcmp(policy, "online_movable") &&
	       !attr_write(AUTO_ONLINE, "offline");
	err = add_memory(o->nid, o->phys, o->bytes, MHP_MEMMAP_ON_MEMORY);
	if (held) {
		char now[32];

		/* Someone who set it meanwhile keeps their value. */
		if (!attr_read(AUTO_ONLINE, now, sizeof(now)) &&
		    !strcmp(now, "offline") && attr_write(AUTO_ONLINE, policy))
			pr_err("v3vmm: cannot set " AUTO_ONLINE " back to %s; it stays offline\n",
			       policy);
	}
	if (err) {
		pr_err("v3vmm: add_memory(0x%llx) failed: %d; block lost until reboot\n",
		       o->phys, err);
		o->err = err;
		return;
	}
	for (u64 nr = o->phys / block; nr <= (o->phys + o->bytes - 1) / block; nr++) {
		err = online_block_movable(nr);
		if (err == -EXDEV) {
			pr_err("v3vmm: memory block %llu was onlined into a kernel zone by someone else (a udev rule?): it stays there and cannot be taken again\n",
			       nr);
			o->err = err;
		} else if (err) {
			pr_err("v3vmm: cannot online memory block %llu as movable: %d; see " MEMORY_SYSFS "%llu/state\n",
			       nr, err, nr);
			o->err = err;
		}
	}
	/* The last touch of *o. The module cannot go before this returns:
	 * unload destroys the worker, which waits for its current work. */
	complete(&o->done);
}

/* Re-adds [phys, phys + bytes) on node nid and onlines it movable. */
static int add_online_movable(int nid, u64 phys, u64 bytes)
{
	struct online_work o = { .nid = nid, .phys = phys, .bytes = bytes };

	init_completion(&o.done);
	kthread_init_work(&o.work, add_and_online);
	kthread_queue_work(onliner, &o.work);
	/* Not interruptible (a killed caller must still see it done), but
	 * awake once a minute: a concurrent create may hold the hotplug lock
	 * for minutes, and a task asleep that long looks hung to Linux. */
	while (!wait_for_completion_timeout(&o.done, 60 * HZ))
		;
	return o.err;
}

/**
 * guest_mem_init() - start the worker that onlines given-back memory
 *
 * At module load, before any VM can exist. Returns 0 or a negative errno.
 */
int guest_mem_init(void)
{
	onliner = kthread_create_worker(0, "v3vmm-online");
	if (IS_ERR(onliner)) {
		int err = PTR_ERR(onliner);

		onliner = NULL;
		return err;
	}
	return 0;
}

/**
 * guest_mem_exit() - stop the onlining worker
 *
 * At module unload, when every VM has given its memory back (open files
 * and started VMs pin the module), so no work is queued or running.
 */
void guest_mem_exit(void)
{
	kthread_destroy_worker(onliner);
}

/*
 * 0, or an error when the block is not back online and movable. A block
 * never mapped was never seen by a guest (a spare, or a take whose
 * memremap() failed): it holds only what Linux left there.
 */
static int give_back(struct guest_block *b)
{
	if (b->claim)
		release_mem_region(b->phys, b->bytes);
	if (b->hva) {
		/* Whatever the guest left there must not reach Linux. */
		memset(b->hva, 0, b->bytes);
		memunmap(b->hva);
	}
	return add_online_movable(b->nid, b->phys, b->bytes);
}

/*
 * Gives back the blocks of whole gigabytes the VM did not use. Returns 0,
 * or -EIO if some block is not back online and movable.
 */
static int give_back_spares(struct vm *vm)
{
	struct guest_block *b, *tmp;
	int err = 0;

	list_for_each_entry_safe(b, tmp, &vm->spares, link) {
		list_del(&b->link);
		if (give_back(b))
			err = -EIO;
		kfree(b);
	}
	return err;
}

/*
 * Takes one block: the next one down in the gigabyte being filled, else
 * the top block of the highest gigabyte Linux could give whole (removing
 * all of it at once if it is under a 1 GB page), else the highest block
 * Linux can give at all.
 */
static int take_some_block(struct vm *vm, u64 block, u64 *phys, int *nid)
{
	u64 top = highest_ram_block(block, U64_MAX) + block, p, gb;
	bool gbpage = false;

	/* Blocks of 1 GB or more are whole gigabytes already. */
	if (block >= SZ_1G)
		goto any_block;
	while ((p = vm->gb_cursor)) {
		vm->gb_cursor = IS_ALIGNED(p, SZ_1G) ? 0 : p - block;
		if (block_takeable(p, &gbpage) && !take_one(p, block, nid))
			goto taken;
		vm->gb_cursor = 0; /* part of it is Linux's: stop filling it */
	}
	for (gb = ALIGN_DOWN(min(top, vm->gb_below), SZ_1G); gb > SZ_1G;) {
		gb -= SZ_1G;
		vm->gb_below = gb;
		p = gb + SZ_1G - block;
		switch (gigabyte_kind(gb, block)) {
		case GB_BUSY:
			continue;
		case GB_WHOLE:
			if (!take_gigabyte(vm, gb, block, nid))
				goto taken;
			continue;
		case GB_BLOCKS:
			if (!take_one(p, block, nid)) {
				vm->gb_cursor = p - block;
				goto taken;
			}
			continue;
		}
	}
any_block:
	for (u64 below = U64_MAX; (p = highest_ram_block(block, below)); below = p) {
		if (block_takeable(p, &gbpage) && !take_one(p, block, nid))
			goto taken;
	}
	if (gbpage)
		pr_err("v3vmm: the rest of the free memory is under 1 GB pages of the direct map that could not be split (see above); only whole free gigabytes of it can be taken\n");
	return gbpage ? -EOPNOTSUPP : -ENOSPC;
taken:
	*phys = p;
	return 0;
}

int guest_mem_take_block(struct vm *vm, struct guest_block **out)
{
	u64 block = memory_block_size_bytes();
	struct guest_block *b;
	int err;

	if (vm->nblocks >= V3_MAX_BLOCKS)
		return -E2BIG;
	b = list_first_entry_or_null(&vm->spares, struct guest_block, link);
	if (b) {
		list_del(&b->link);
	} else {
		b = kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b)
			return -ENOMEM;
		mutex_lock(&take_lock);
		err = take_some_block(vm, block, &b->phys, &b->nid);
		if (!err)
			/* Ours in /proc/iomem before another VM may look. */
			b->claim = request_mem_region(b->phys, block,
						      "v3vmm guest RAM");
		mutex_unlock(&take_lock);
		if (err) {
			kfree(b);
			return err;
		}
		b->bytes = block;
	}
	b->hva = memremap(b->phys, block, MEMREMAP_WB);
	if (!b->claim || !b->hva) {
		give_back(b);
		kfree(b);
		return -ENOMEM;
	}
	memset(b->hva, 0, block);
	list_add_tail(&b->link, &vm->blocks);
	vm->mem_bytes += block;
	vm->nblocks++;
	*out = b;
	return 0;
}

/**
 * guest_mem_release_block() - give one block of a VM not yet loaded back
 * @vm: the VM, with vm->lock held
 * @b: a block guest_mem_take_block() gave it
 *
 * Undoes guest_mem_take_block() (an ADD_MEMORY whose answer could not be
 * copied out). The gigabyte-filling cursor may point into the freed
 * block's gigabyte; it only steers the next choice.
 */
void guest_mem_release_block(struct vm *vm, struct guest_block *b)
{
	list_del(&b->link);
	vm->mem_bytes -= b->bytes;
	vm->nblocks--;
	give_back(b);
	kfree(b);
}

/**
 * guest_mem_release_all() - give every block of a VM back to Linux
 * @vm: the VM, with vm->lock held; no core runs its guest any more
 *
 * Every block is zeroed, re-added and onlined as movable; one that fails
 * does not stop the others. Returns 0, or -EIO if some block is not back
 * online and movable (dmesg names it).
 */
int guest_mem_release_all(struct vm *vm)
{
	struct guest_block *b, *tmp;
	int err = 0;

	list_for_each_entry_safe(b, tmp, &vm->blocks, link) {
		list_del(&b->link);
		if (give_back(b))
			err = -EIO;
		kfree(b);
	}
	if (give_back_spares(vm))
		err = -EIO;
	vm->mem_bytes = 0;
	vm->nblocks = 0;
	vm->nram = 0;
	return err;
}

static int by_phys(const void *a, const void *b)
{
	const struct guest_block *x = *(const struct guest_block **)a;
	const struct guest_block *y = *(const struct guest_block **)b;

	return x->phys < y->phys ? -1 : x->phys > y->phys;
}

static void ram_add_range(struct vm *vm, u64 gpa, u64 hpa, u64 bytes, u8 *hva)
{
	vm->ram[vm->nram++] = (struct guest_ram_range){
		.gpa = gpa, .hpa = hpa, .bytes = bytes, .hva = hva
	};
}

/*
 * The guest's view of its RAM: the blocks in ascending host-physical
 * order from guest address 0 (so runs that are 1 GB-aligned on the host
 * stay aligned in the guest), skipping the 3-4 GB hole.
 */
int guest_mem_layout(struct vm *vm)
{
	struct guest_block **sorted, *b;
	unsigned int n = 0;
	u64 gpa = 0;

	/* The VM has all the memory it asked for. */
	if (give_back_spares(vm))
		pr_err("v3vmm: VM %s: some memory it did not use is not back online and movable (see above)\n",
		       vm->name);
	sorted = kcalloc(vm->nblocks, sizeof(*sorted), GFP_KERNEL);
	if (!sorted)
		return -ENOMEM;
	list_for_each_entry(b, &vm->blocks, link)
		sorted[n++] = b;
	sort(sorted, n, sizeof(*sorted), by_phys, NULL);
	vm->nram = 0;
	for (unsigned int i = 0; i < n; i++) {
		b = sorted[i];
		if (gpa < GUEST_HOLE_START && gpa + b->bytes > GUEST_HOLE_START) {
			u64 low = GUEST_HOLE_START - gpa;

			ram_add_range(vm, gpa, b->phys, low, b->hva);
			ram_add_range(vm, GUEST_HOLE_END, b->phys + low, b->bytes - low,
				  (u8 *)b->hva + low);
			gpa = GUEST_HOLE_END + b->bytes - low;
			continue;
		}
		if (gpa == GUEST_HOLE_START)
			gpa = GUEST_HOLE_END;
		ram_add_range(vm, gpa, b->phys, b->bytes, b->hva);
		gpa += b->bytes;
	}
	vm->ram_top = gpa;
	kfree(sorted);
	return 0;
}

/*
 * A host pointer to guest-physical [gpa, gpa + len) if it lies in one
 * piece of guest RAM, else NULL. Used on taken cores too (no locks: the
 * layout does not change while the guest runs).
 */
void *guest_ptr(struct vm *vm, u64 gpa, u64 len)
{
	for (unsigned int i = 0; i < vm->nram; i++) {
		const struct guest_ram_range *r = &vm->ram[i];

		if (gpa >= r->gpa && gpa - r->gpa <= r->bytes &&
		    len <= r->bytes - (gpa - r->gpa))
			/* Not even speculatively past the range (the guest
			 * chooses gpa). */
			return r->hva + array_index_nospec(gpa - r->gpa,
							   r->bytes + 1);
	}
	return NULL;
}
