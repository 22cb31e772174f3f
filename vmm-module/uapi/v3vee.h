/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The ioctl interface of /dev/v3vmm, shared by v3vmm.ko and user space.
 * Every struct is fixed-width and padded; every call carries or checks
 * V3VEE_ABI_VERSION. Work in progress (issue 5): today a VM can be
 * created and given memory; cores, the guest image and starting it come
 * next.
 */
#ifndef V3VEE_UAPI_H
#define V3VEE_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define V3VEE_ABI_VERSION 1
#define V3_NAME_MAX 32

struct v3_version {
	__u32 abi_version; /* out: V3VEE_ABI_VERSION */
	__u32 reserved;
};

/* Creates a VM that belongs to the open file: closing the file before the
 * VM is started destroys it and gives everything back. */
struct v3_vm_create {
	__u32 abi_version; /* in: must be V3VEE_ABI_VERSION */
	__u32 flags;       /* in: 0 */
	char name[V3_NAME_MAX]; /* in: [A-Za-z0-9_.-], NUL-terminated */
};

/* Takes one memory block from Linux for the VM (offline, remove, zero). */
struct v3_mem_add {
	__u64 phys;        /* out: physical address of the block */
	__u64 bytes;       /* out: its size (the memory block size) */
	__u64 total_bytes; /* out: guest RAM the VM now holds */
	__u32 flags;       /* in: 0 */
	__u32 reserved;
};

struct v3_vm_info {
	char name[V3_NAME_MAX];
	__u64 mem_bytes;
	__u32 nblocks;
	__u32 reserved;
};

#define V3_IOC_VERSION _IOR('v', 0x00, struct v3_version)
#define V3_IOC_VM_CREATE _IOW('v', 0x01, struct v3_vm_create)
#define V3_IOC_VM_ADD_MEMORY _IOWR('v', 0x02, struct v3_mem_add)
#define V3_IOC_VM_INFO _IOR('v', 0x03, struct v3_vm_info)

#endif
