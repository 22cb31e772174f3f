// SPDX-License-Identifier: GPL-2.0
/*
 * brk, mmap and friends over <lwk/uvm.h>. Memory is populated when it is
 * mapped; mappings of 2 MB or more are placed 2 MB-aligned so that they
 * get 2 MB pages; the heap grows in whole 2 MB pages.
 */
#include <lwk/errno.h>
#include <lwk/pmem.h>
#include <lwk/syscalls.h>
#include <lwk/task.h>
#include <lwk/uaccess.h>
#include <lwk/uvm.h>
#include <linux/mman.h>
#include <arch/paging.h>

#define PROT_ALL (PROT_READ | PROT_WRITE | PROT_EXEC)

long sys_brk(uint64_t addr)
{
	struct process *p = &the_process;
	uint64_t want;

	if (addr < p->brk_start || addr >= p->mmap_next)
		return p->brk;
	want = ALIGN_UP(addr, FRAME_SIZE);
	if (want > p->brk_mapped) {
		if (!uvm_is_free(p->brk_mapped, want - p->brk_mapped) ||
		    uvm_map(p->brk_mapped, want - p->brk_mapped,
			    PROT_READ | PROT_WRITE))
			return p->brk; /* Linux reports failure this way */
	} else if (want < p->brk_mapped) {
		uvm_unmap(want, p->brk_mapped - want);
	}
	/* Memory between a lowered break and the end of its page must
	 * read as zero if the break grows again (glibc's calloc relies on
	 * fresh heap memory being zero). */
	if (addr < p->brk)
		clear_user((void __user *)addr, MIN(p->brk, want) - addr);
	p->brk_mapped = want;
	p->brk = addr;
	return addr;
}

/* A free range of len bytes below the_process.mmap_next. */
static uint64_t find_free_range(uint64_t len)
{
	uint64_t align = len >= FRAME_SIZE ? FRAME_SIZE : PAGE_SIZE;
	uint64_t va;

	/* Larger than the whole gap between the heap and mmap_next. */
	if (len >= the_process.mmap_next - the_process.brk_mapped)
		return 0;
	va = ALIGN_DOWN(the_process.mmap_next - len, align);

	/* Addresses are handed out downwards and never reused, so the
	 * next range below is normally free; skip over anything that is
	 * there (a MAP_FIXED mapping). */
	while (va > the_process.brk_mapped + FRAME_SIZE && va >= len) {
		if (uvm_is_free(va, len)) {
			the_process.mmap_next = va;
			return va;
		}
		va = ALIGN_DOWN(va - len, align);
	}
	return 0;
}

static bool range_ok(uint64_t addr, uint64_t len)
{
	return addr < USER_TOP && len <= USER_TOP - addr;
}

long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd,
	      off_t offset)
{
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	bool anonymous = flags & MAP_ANONYMOUS;
	int map_type = flags & MAP_TYPE;
	uint64_t va;
	int err;

	if (!len || (prot & ~PROT_ALL) || (offset & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (map_type != MAP_PRIVATE && map_type != MAP_SHARED)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len)
		return -ENOMEM;

	if (fixed) {
		if ((addr & (PAGE_SIZE - 1)) || !range_ok(addr, len) || !addr)
			return -EINVAL;
		if ((flags & MAP_FIXED_NOREPLACE) && !uvm_is_free(addr, len))
			return -EEXIST;
		va = addr;
	} else {
		addr = ALIGN_DOWN(addr, PAGE_SIZE);
		if (addr && range_ok(addr, len) && addr >= the_process.brk_mapped &&
		    uvm_is_free(addr, len))
			va = addr;
		else
			va = find_free_range(len);
		if (!va)
			return -ENOMEM;
	}

	/* File mappings are private copies: read the file in. */
	err = uvm_map(va, len, anonymous ? prot : PROT_READ | PROT_WRITE);
	if (err)
		return err;
	if (!anonymous) {
		long n = sys_pread64(fd, (void __user *)va, len, offset);

		if (n < 0) {
			uvm_unmap(va, len);
			return n == -ESPIPE ? -ENODEV : n;
		}
		uvm_protect(va, len, prot);
	}
	return (long)va;
}

long sys_munmap(uint64_t addr, uint64_t len)
{
	if ((addr & (PAGE_SIZE - 1)) || !len)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!range_ok(addr, len))
		return -EINVAL;
	uvm_unmap(addr, len);
	return 0;
}

long sys_mprotect(uint64_t addr, uint64_t len, int prot)
{
	if ((addr & (PAGE_SIZE - 1)) || (prot & ~(PROT_ALL | PROT_GROWSDOWN)))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!range_ok(addr, len))
		return -ENOMEM;
	if (!len)
		return 0;
	return uvm_protect(addr, len, prot & PROT_ALL);
}

long sys_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len,
		int flags, uint64_t new_addr)
{
	uint64_t va;
	long err;

	if ((old_addr & (PAGE_SIZE - 1)) || !new_len ||
	    (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)))
		return -EINVAL;
	if (flags & MREMAP_FIXED)
		return -EINVAL; /* not needed by the programs we run */
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (!range_ok(old_addr, old_len) || !uvm_is_mapped(old_addr, old_len))
		return -EFAULT;
	if (new_len <= old_len) {
		uvm_unmap(old_addr + new_len, old_len - new_len);
		return (long)old_addr;
	}
	/* Grow in place when the pages after it are free. */
	if (range_ok(old_addr, new_len) &&
	    uvm_is_free(old_addr + old_len, new_len - old_len)) {
		err = uvm_map(old_addr + old_len, new_len - old_len,
			      PROT_READ | PROT_WRITE);
		if (!err)
			return (long)old_addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	va = find_free_range(new_len);
	if (!va || uvm_map(va, new_len, PROT_READ | PROT_WRITE))
		return -ENOMEM;
	/* Copy through the kernel's view of both ranges. */
	for (uint64_t off = 0; off < old_len; off += PAGE_SIZE) {
		char page[256];

		for (uint64_t b = 0; b < PAGE_SIZE; b += sizeof(page)) {
			if (copy_from_user(page, (void __user *)(old_addr + off + b),
					   sizeof(page)) ||
			    copy_to_user((void __user *)(va + off + b), page,
					 sizeof(page))) {
				uvm_unmap(va, new_len);
				return -EFAULT;
			}
		}
	}
	uvm_unmap(old_addr, old_len);
	return (long)va;
}

long sys_madvise(uint64_t addr, uint64_t len, int advice)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!range_ok(addr, len))
		return -EINVAL;
	/* Private anonymous memory reads as zero after MADV_DONTNEED. */
	if (advice == MADV_DONTNEED) {
		if (!uvm_is_mapped(addr, len))
			return -ENOMEM;
		return clear_user((void __user *)addr, len) ? -EFAULT : 0;
	}
	return 0;
}
