// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 17, finding 8: a building ioctl whose answer cannot be copied
 * back (its argument is in a read-only page: the module reads it, then
 * fails to write) must return EFAULT and keep nothing. Run in the
 * emulated host with v3vmm.ko loaded; prints one line per step, and the
 * test (emuhost_vmm_efault) checks the host state around each one.
 *   v3_efault create|memory|core
 * create: CREATE named "efault" from a read-only page;
 * memory: CREATE, then ADD_MEMORY from a read-only page;
 * core:   CREATE, ADD_MEMORY, then ADD_CORE from a read-only page.
 * After the failing ioctl it waits for a line on stdin (the test looks
 * at the host meanwhile), then closes the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "v3vee.h"

/* A read-only copy of *arg. */
static void *ro_copy(const void *arg, size_t len)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memcpy(p, arg, len);
	if (mprotect(p, 4096, PROT_READ))
		return NULL;
	return p;
}

static void report(const char *what, int ret)
{
	printf("%s: %s\n", what, ret ? strerror(errno) : "ok");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct v3_vm_create c = { .abi_version = V3VEE_ABI_VERSION };
	struct v3_mem_add m = { 0 };
	struct v3_core_add k = { .cpu = -1 };
	const char *mode = argc > 1 ? argv[1] : "";
	char line[16];
	void *ro;
	int fd = open("/dev/v3vmm", O_RDWR);

	if (fd < 0 || (strcmp(mode, "create") && strcmp(mode, "memory") &&
		       strcmp(mode, "core"))) {
		fprintf(stderr, "usage: v3_efault create|memory|core (with /dev/v3vmm)\n");
		return 2;
	}
	strcpy(c.name, "efault");
	if (!strcmp(mode, "create")) {
		ro = ro_copy(&c, sizeof(c));
		report("create from a read-only page",
		       ro ? ioctl(fd, V3_IOC_VM_CREATE, ro) : -1);
	} else {
		report("create", ioctl(fd, V3_IOC_VM_CREATE, &c));
		if (!strcmp(mode, "memory")) {
			ro = ro_copy(&m, sizeof(m));
			report("add memory from a read-only page",
			       ro ? ioctl(fd, V3_IOC_VM_ADD_MEMORY, ro) : -1);
		} else {
			report("add memory", ioctl(fd, V3_IOC_VM_ADD_MEMORY, &m));
			ro = ro_copy(&k, sizeof(k));
			report("add core from a read-only page",
			       ro ? ioctl(fd, V3_IOC_VM_ADD_CORE, ro) : -1);
		}
	}
	if (!fgets(line, sizeof(line), stdin))
		line[0] = '\0';
	close(fd);
	return 0;
}
