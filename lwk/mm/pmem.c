// SPDX-License-Identifier: GPL-2.0
/*
 * The physical frame allocator: a bitmap of 2 MB frames (set = free).
 * A frame is usable only if it lies wholly inside a RAM range and
 * overlaps nothing the boot loader handed over.
 */
#include <lwk/multiboot.h>
#include <lwk/pmem.h>
#include <lwk/printk.h>
#include <lwk/spinlock.h>
#include <lwk/string.h>
#include <arch/paging.h>

#define MAX_PHYS (1UL << 40) /* 1 TB is plenty for an LWK guest */
#define NFRAMES (MAX_PHYS / FRAME_SIZE)

static uint64_t frame_free_bitmap[NFRAMES / 64];
static size_t nframes_total, nframes_free;
static uint64_t max_phys;
static spinlock_t pmem_lock = SPINLOCK_INIT;

/* Free 4 KB pages, linked through their first word (direct map). */
static uint64_t free_page_list;
static size_t free_page_count;

static bool frame_is_free(size_t f)
{
	return frame_free_bitmap[f / 64] & (1UL << (f % 64));
}

static void frame_set_free(size_t f, bool free)
{
	if (free)
		frame_free_bitmap[f / 64] |= 1UL << (f % 64);
	else
		frame_free_bitmap[f / 64] &= ~(1UL << (f % 64));
}

static bool overlaps_reserved(uint64_t start, uint64_t end)
{
	for (int i = 0; i < boot_info.nreserved; i++) {
		const struct mem_range *r = &boot_info.reserved[i];

		if (r->start < end && start < r->end)
			return true;
	}
	return false;
}

void pmem_init(void)
{
	for (int i = 0; i < boot_info.nram; i++) {
		const struct mem_range *r = &boot_info.ram[i];
		uint64_t end = MIN(r->end, MAX_PHYS);

		if (end > max_phys)
			max_phys = end;
		for (uint64_t f = ALIGN_UP(r->start, FRAME_SIZE);
		     f + FRAME_SIZE <= end; f += FRAME_SIZE) {
			if (overlaps_reserved(f, f + FRAME_SIZE) ||
			    frame_is_free(f / FRAME_SIZE))
				continue;
			frame_set_free(f / FRAME_SIZE, true);
			nframes_total++;
		}
	}
	nframes_free = nframes_total;
	if (!nframes_total)
		panic("no usable 2 MB frame of RAM");
}

uint64_t pmem_max_phys(void)
{
	return max_phys;
}

uint64_t pmem_alloc_frames(size_t n)
{
	size_t run = 0, limit = max_phys / FRAME_SIZE;
	uint64_t phys = 0;

	spin_lock(&pmem_lock);
	for (size_t f = 0; f < limit && n; f++) {
		run = frame_is_free(f) ? run + 1 : 0;
		if (run == n) {
			size_t first = f + 1 - n;

			for (size_t i = first; i <= f; i++)
				frame_set_free(i, false);
			nframes_free -= n;
			phys = first * FRAME_SIZE;
			break;
		}
	}
	spin_unlock(&pmem_lock);
	/* Memory is zeroed before anyone sees it (it may hold old data). */
	if (phys)
		memset(phys_to_virt(phys), 0, n * FRAME_SIZE);
	return phys;
}

void pmem_free_frames(uint64_t phys, size_t n)
{
	spin_lock(&pmem_lock);
	for (size_t i = 0; i < n; i++) {
		size_t f = phys / FRAME_SIZE + i;

		if (frame_is_free(f))
			panic("double free of frame at 0x%lx", f * FRAME_SIZE);
		frame_set_free(f, true);
	}
	nframes_free += n;
	spin_unlock(&pmem_lock);
}

uint64_t pmem_alloc_page(void)
{
	uint64_t page;

	spin_lock(&pmem_lock);
	if (!free_page_list) {
		spin_unlock(&pmem_lock);
		uint64_t frame = pmem_alloc_frames(1);

		if (!frame)
			return 0;
		spin_lock(&pmem_lock);
		for (uint64_t p = frame; p < frame + FRAME_SIZE; p += PAGE_SIZE) {
			*(uint64_t *)phys_to_virt(p) = free_page_list;
			free_page_list = p;
			free_page_count++;
		}
	}
	page = free_page_list;
	free_page_list = *(uint64_t *)phys_to_virt(page);
	free_page_count--;
	spin_unlock(&pmem_lock);
	memset(phys_to_virt(page), 0, PAGE_SIZE);
	return page;
}

void pmem_free_page(uint64_t phys)
{
	spin_lock(&pmem_lock);
	*(uint64_t *)phys_to_virt(phys) = free_page_list;
	free_page_list = phys;
	free_page_count++;
	spin_unlock(&pmem_lock);
}

size_t pmem_free_bytes(void)
{
	return nframes_free * FRAME_SIZE + free_page_count * PAGE_SIZE;
}

size_t pmem_total_bytes(void)
{
	return nframes_total * FRAME_SIZE;
}
