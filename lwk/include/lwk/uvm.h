/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program's address space (the lower half of the one page table).
 *
 * Memory is always backed by 2 MB frames. A 2 MB-aligned virtual "slot"
 * is either empty, one 2 MB page, or split into 512 4 KB entries that
 * all point into one 2 MB frame owned by the slot (needed when a mapping
 * or a protection covers only part of a slot). Mapping populates memory
 * at once, so a program never takes a page fault.
 *
 * Addresses and lengths are 4 KB-aligned; callers check that.
 */
#ifndef LWK_UVM_H
#define LWK_UVM_H

#include <lwk/types.h>

/* prot is PROT_READ|PROT_WRITE|PROT_EXEC (or PROT_NONE). Maps fresh,
 * zeroed memory over [va, va+len), replacing what was there. 0 or
 * -ENOMEM. */
int uvm_map(uint64_t va, uint64_t len, int prot);
/* Unmaps whatever is mapped in the range; frees frames no longer used. */
void uvm_unmap(uint64_t va, uint64_t len);
/* Changes protection; -ENOMEM if part of the range is not mapped. */
int uvm_protect(uint64_t va, uint64_t len, int prot);
/* True if nothing in [va, va+len) is mapped. */
bool uvm_is_free(uint64_t va, uint64_t len);
/* True if every page of the range is mapped (any protection). */
bool uvm_is_mapped(uint64_t va, uint64_t len);

/*
 * Kernel address of user address va if the program may access it (with
 * write permission when asked), and in *contig how many bytes are
 * contiguous from there; NULL otherwise.
 */
void *uvm_translate(uint64_t va, bool write, size_t *contig);

/* Frees the whole program address space, without TLB shootdown (the
 * other CPUs are parked and flush their own). */
void uvm_reset(void);

/* Page-size histogram of the mapped program memory, for reports. */
struct uvm_stats {
	uint64_t bytes_2m;
	uint64_t bytes_4k;
};
void uvm_get_stats(struct uvm_stats *st);

#endif
