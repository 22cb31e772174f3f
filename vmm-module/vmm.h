/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of v3vmm.ko. */
#ifndef V3VMM_H
#define V3VMM_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include "uapi/v3vee.h"

/* A memory block taken from Linux. */
struct guest_block {
	struct list_head link;
	u64 phys;
	u64 bytes;
	int nid;                 /* NUMA node it came from (to give it back) */
	struct resource *claim;  /* our entry in /proc/iomem */
};

struct vm {
	struct list_head link;   /* in the module's list of VMs */
	char name[V3_NAME_MAX];
	struct mutex lock;
	struct list_head blocks; /* guest RAM, in the order taken */
	u64 mem_bytes;
	unsigned int nblocks;
};

/* guest_mem.c */
int guest_mem_take_block(struct vm *vm, struct guest_block **out);
void guest_mem_release_all(struct vm *vm);

/* vm.c */
struct vm *vm_create(const char *name);
void vm_destroy(struct vm *vm);
int vm_count(void);

#endif
