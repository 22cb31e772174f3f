// SPDX-License-Identifier: GPL-2.0
/*
 * Test driver for v3vmm.ko's memory takeover (until v3ctl exists):
 *	v3_memtake NAME NBLOCKS [SHELL-COMMAND]
 * creates VM NAME, takes NBLOCKS memory blocks from Linux (one line per
 * block), runs SHELL-COMMAND while the VM holds them, and exits: closing
 * /dev/v3vmm destroys the not-yet-started VM and gives the memory back.
 * Exit status: 0, or 1 with a message naming the failed step.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../../vmm-module/uapi/v3vee.h"

int main(int argc, char **argv)
{
	struct v3_vm_create create = { .abi_version = V3VEE_ABI_VERSION };
	struct v3_version version;
	static struct v3_vm_stats info;
	int fd, n;

	if (argc < 3) {
		fprintf(stderr, "usage: v3_memtake NAME NBLOCKS [COMMAND]\n");
		return 2;
	}
	n = atoi(argv[2]);
	fd = open("/dev/v3vmm", O_RDWR);
	if (fd < 0) {
		printf("open /dev/v3vmm: %s\n", strerror(errno));
		return 1;
	}
	if (ioctl(fd, V3_IOC_VERSION, &version)) {
		printf("VERSION: %s\n", strerror(errno));
		return 1;
	}
	printf("abi %u\n", version.abi_version);
	strncpy(create.name, argv[1], sizeof(create.name) - 1);
	if (ioctl(fd, V3_IOC_VM_CREATE, &create)) {
		printf("CREATE %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		struct v3_mem_add add = { 0 };

		if (ioctl(fd, V3_IOC_VM_ADD_MEMORY, &add)) {
			printf("ADD_MEMORY %d: %s\n", i, strerror(errno));
			return 1;
		}
		printf("block %d: 0x%llx +%llu MB, total %llu MB\n", i,
		       (unsigned long long)add.phys,
		       (unsigned long long)add.bytes >> 20,
		       (unsigned long long)add.total_bytes >> 20);
	}
	strcpy(info.name, create.name);
	if (ioctl(fd, V3_IOC_VM_STATS, &info)) {
		printf("STATS: %s\n", strerror(errno));
		return 1;
	}
	printf("vm %s: %u blocks, %llu MB\n", info.name, info.nblocks,
	       (unsigned long long)info.mem_bytes >> 20);
	fflush(stdout);
	if (argc > 3 && system(argv[3]) != 0)
		printf("command failed\n");
	return 0;
}
