// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel heap. Objects up to 1 MB come from power-of-two size classes
 * (32 B .. 1 MB), each refilled by splitting a 2 MB frame; larger ones
 * take contiguous frames. A 16-byte header before each object records
 * how to free it and keeps the object 16-byte aligned.
 */
#include <lwk/kmalloc.h>
#include <lwk/pmem.h>
#include <lwk/spinlock.h>
#include <lwk/string.h>
#include <arch/paging.h>

#define MIN_SHIFT 5  /* 32 bytes including the header */
#define MAX_SHIFT 20 /* 1 MB */
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define HEADER 16
#define LARGE_CLASS 0xff

struct header {
	uint32_t size_class; /* index, or LARGE_CLASS */
	uint32_t nframes;    /* for large objects */
	uint64_t size;       /* what the caller asked for (krealloc) */
};

struct free_obj {
	struct free_obj *next;
};

static struct free_obj *free_lists[NCLASSES];
static spinlock_t heap_lock = SPINLOCK_INIT;

static int class_for(size_t total)
{
	for (int c = 0; c < NCLASSES; c++) {
		if (total <= (1UL << (MIN_SHIFT + c)))
			return c;
	}
	return -1;
}

static bool refill(int c)
{
	uint64_t frame = pmem_alloc_frames(1);
	size_t obj = 1UL << (MIN_SHIFT + c);

	if (!frame)
		return false;
	for (size_t off = 0; off < FRAME_SIZE; off += obj) {
		struct free_obj *o = phys_to_virt(frame + off);

		o->next = free_lists[c];
		free_lists[c] = o;
	}
	return true;
}

void *kmalloc(size_t size)
{
	size_t total = size + HEADER;
	int c = class_for(total);
	struct header *h;

	if (size > (1UL << 40))
		return NULL;
	if (c < 0) {
		size_t n = ALIGN_UP(total, FRAME_SIZE) / FRAME_SIZE;
		uint64_t phys = pmem_alloc_frames(n);

		if (!phys)
			return NULL;
		h = phys_to_virt(phys);
		h->size_class = LARGE_CLASS;
		h->nframes = n;
	} else {
		spin_lock(&heap_lock);
		if (!free_lists[c] && !refill(c)) {
			spin_unlock(&heap_lock);
			return NULL;
		}
		h = (struct header *)free_lists[c];
		free_lists[c] = free_lists[c]->next;
		spin_unlock(&heap_lock);
		h->size_class = c;
		h->nframes = 0;
	}
	h->size = size;
	return (char *)h + HEADER;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *ptr)
{
	struct header *h;

	if (!ptr)
		return;
	h = (struct header *)((char *)ptr - HEADER);
	if (h->size_class == LARGE_CLASS) {
		pmem_free_frames(virt_to_phys(h), h->nframes);
		return;
	}
	/* The free-list link overlays the header: read the class first. */
	uint32_t c = h->size_class;

	spin_lock(&heap_lock);
	((struct free_obj *)h)->next = free_lists[c];
	free_lists[c] = (struct free_obj *)h;
	spin_unlock(&heap_lock);
}

void *krealloc(void *ptr, size_t new_size)
{
	struct header *h;
	void *p;

	if (!ptr)
		return kmalloc(new_size);
	h = (struct header *)((char *)ptr - HEADER);
	p = kmalloc(new_size);
	if (!p)
		return NULL;
	memcpy(p, ptr, MIN(h->size, new_size));
	kfree(ptr);
	return p;
}
