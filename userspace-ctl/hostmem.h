/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's memory blocks as Linux shows them in sysfs. Every call takes
 * the directory (HOSTMEM_SYSFS on a real host) so that tests can point it
 * at a tree of their own.
 */
#ifndef V3CTL_HOSTMEM_H
#define V3CTL_HOSTMEM_H

#include <stddef.h>
#include <stdint.h>

#define HOSTMEM_SYSFS "/sys/devices/system/memory"

int hostmem_block_size(const char *dir, uint64_t *bytes);
int hostmem_movable_bytes(const char *dir, uint64_t block, uint64_t *bytes);
int hostmem_block_state(const char *dir, uint64_t index, char *state,
			size_t size);
/* The zone an online block is in ("Movable", "Normal", ...): the first
 * word of memoryN/valid_zones. 0 or -errno. */
int hostmem_block_zone(const char *dir, uint64_t index, char *zone,
		       size_t size);

#endif
