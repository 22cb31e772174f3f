// SPDX-License-Identifier: GPL-2.0
/*
 * The per-vCPU ioctls of ABI 4 (STAT_DESC, VCPU_STATS, VM_REGS) against
 * the real module, with the fields a careless or hostile caller could
 * send: indexes out of range, reserved fields set, bad or short user
 * arrays, names without their NUL. Run in the emulated host with a
 * started VM of NCORES vCPUs (emuhost_vmm_bigsmp):
 *   v3_vcpu_abi NAME NCORES
 * Prints one "abi: ok WHAT" or "abi: FAIL WHAT: ..." line per check and
 * "abi: N checks, N failed" at the end; exits 1 if any failed.
 *   v3_vcpu_abi --take-all
 * builds a VM on its own file and asks ADD_CORE for "any free CPU" until
 * the module refuses; prints "take-all: took N, then ERRNO-NAME" and
 * closes the file, which gives every core back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "v3vee.h"

#define SENTINEL 0x5a5a5a5a5a5a5a5aULL

static int fd, checks, failed;

__attribute__((format(printf, 3, 4)))
static void check(const char *what, int cond, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (cond) {
		printf("abi: ok %s\n", what);
		return;
	}
	failed++;
	printf("abi: FAIL %s: ", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* The ioctl's errno, 0 on success. */
static int call(unsigned long request, void *arg)
{
	return ioctl(fd, request, arg) ? errno : 0;
}

static void expect_err(const char *what, int got, int want)
{
	check(what, got == want, "errno %d, expected %d", got, want);
}

static struct v3_vcpu_stats vs(const char *name, uint32_t vcpu,
			       uint32_t nstats, void *values)
{
	struct v3_vcpu_stats v;

	memset(&v, 0, sizeof(v));
	snprintf(v.name, sizeof(v.name), "%s", name);
	v.vcpu = vcpu;
	v.nstats = nstats;
	v.values = (uintptr_t)values;
	return v;
}

static void stat_desc_checks(uint32_t *nstats)
{
	struct v3_stat_desc d = { .index = 0 };

	expect_err("stat_desc index 0", call(V3_IOC_STAT_DESC, &d), 0);
	*nstats = d.nstats;
	check("stat_desc count", d.nstats >= V3_STAT_NR_KNOWN,
	      "nstats %u, expected at least %d", d.nstats, V3_STAT_NR_KNOWN);
	check("stat_desc name 0", strcmp(d.name, "exit_cpuid") == 0,
	      "name 0 is %s, not exit_cpuid", d.name);
	d.index = V3_STAT_GUEST_RUN_NS;
	expect_err("stat_desc guest_run_ns", call(V3_IOC_STAT_DESC, &d), 0);
	check("stat_desc name 11", strcmp(d.name, "guest_run_ns") == 0,
	      "index 11 is %s, not guest_run_ns", d.name);
	d.index = *nstats;
	expect_err("stat_desc index nstats", call(V3_IOC_STAT_DESC, &d), ERANGE);
	d.index = UINT32_MAX;
	expect_err("stat_desc index max", call(V3_IOC_STAT_DESC, &d), ERANGE);
	expect_err("stat_desc bad pointer",
		   call(V3_IOC_STAT_DESC, (void *)16), EFAULT);
}

static void vcpu_stats_checks(const char *name, uint32_t ncores,
			      uint32_t nstats)
{
	uint64_t *buf = calloc(nstats + 8, sizeof(*buf));
	struct v3_vcpu_stats v;
	char longname[V3_NAME_MAX];
	int sentinels = 1;

	v = vs(name, 0, 0, NULL);
	expect_err("vcpu_stats count only", call(V3_IOC_VCPU_STATS, &v), 0);
	check("vcpu_stats ncores", v.ncores == ncores, "ncores %u, expected %u",
	      v.ncores, ncores);
	check("vcpu_stats nstats", v.nstats == nstats, "nstats %u, expected %u",
	      v.nstats, nstats);
	/* The last vCPU answers; one past it does not. */
	v = vs(name, ncores - 1, nstats, buf);
	expect_err("vcpu_stats last vcpu", call(V3_IOC_VCPU_STATS, &v), 0);
	check("vcpu_stats last vcpu cpu", v.cpu > 0, "cpu %d", v.cpu);
	v = vs(name, ncores, nstats, buf);
	expect_err("vcpu_stats vcpu ncores", call(V3_IOC_VCPU_STATS, &v), ERANGE);
	v = vs(name, UINT32_MAX, nstats, buf);
	expect_err("vcpu_stats vcpu max", call(V3_IOC_VCPU_STATS, &v), ERANGE);
	v = vs(name, 0, nstats, buf);
	v.flags = 1;
	expect_err("vcpu_stats flags", call(V3_IOC_VCPU_STATS, &v), EINVAL);
	v = vs(name, 0, nstats, buf);
	v.reserved = 1;
	expect_err("vcpu_stats reserved", call(V3_IOC_VCPU_STATS, &v), EINVAL);
	v = vs(name, 0, nstats, NULL);
	expect_err("vcpu_stats null values", call(V3_IOC_VCPU_STATS, &v), EFAULT);
	v = vs(name, 0, nstats, (void *)16);
	expect_err("vcpu_stats bad values", call(V3_IOC_VCPU_STATS, &v), EFAULT);
	v = vs("no-such-vm", 0, nstats, buf);
	expect_err("vcpu_stats no vm", call(V3_IOC_VCPU_STATS, &v), ENOENT);
	memset(longname, 'v', sizeof(longname)); /* no NUL */
	v = vs("", 0, nstats, buf);
	memcpy(v.name, longname, sizeof(v.name));
	expect_err("vcpu_stats name without NUL", call(V3_IOC_VCPU_STATS, &v),
		   ENOENT);
	/* The caller's room is respected: 3 values, the rest untouched. */
	for (uint32_t i = 0; i < nstats + 8; i++)
		buf[i] = SENTINEL;
	v = vs(name, 0, 3, buf);
	expect_err("vcpu_stats room 3", call(V3_IOC_VCPU_STATS, &v), 0);
	for (uint32_t i = 3; i < nstats + 8; i++)
		sentinels &= buf[i] == SENTINEL;
	check("vcpu_stats room 3 writes 3", sentinels && v.nstats == nstats,
	      "wrote past the room, or nstats %u", v.nstats);
	/* More room than stats: only the module's count is written. */
	for (uint32_t i = 0; i < nstats + 8; i++)
		buf[i] = SENTINEL;
	v = vs(name, 0, UINT32_MAX, buf);
	expect_err("vcpu_stats room max", call(V3_IOC_VCPU_STATS, &v), 0);
	sentinels = 1;
	for (uint32_t i = nstats; i < nstats + 8; i++)
		sentinels &= buf[i] == SENTINEL;
	check("vcpu_stats room max writes nstats", sentinels,
	      "wrote past nstats %u", nstats);
	free(buf);
}

static void regs_checks(const char *name, uint32_t ncores)
{
	struct v3_vcpu_regs *buf = calloc(ncores + 2, sizeof(*buf));
	struct v3_vm_regs r;

	memset(&r, 0, sizeof(r));
	snprintf(r.name, sizeof(r.name), "%s", name);
	expect_err("regs no room", call(V3_IOC_VM_REGS, &r), E2BIG);
	check("regs no room count", r.ncores == ncores,
	      "ncores %u, expected %u", r.ncores, ncores);
	r.ncores = ncores - 1;
	r.vcpus = (uintptr_t)buf;
	expect_err("regs one short", call(V3_IOC_VM_REGS, &r), E2BIG);
	r.ncores = ncores;
	r.vcpus = 0;
	expect_err("regs null array", call(V3_IOC_VM_REGS, &r), EFAULT);
	r.vcpus = (uintptr_t)buf;
	r.reserved = 1;
	expect_err("regs reserved", call(V3_IOC_VM_REGS, &r), EINVAL);
	r.reserved = 0;
	memset(buf, 0x5a, (ncores + 2) * sizeof(*buf));
	r.ncores = ncores + 2;
	expect_err("regs more room", call(V3_IOC_VM_REGS, &r), 0);
	check("regs more room count", r.ncores == ncores,
	      "ncores %u, expected %u", r.ncores, ncores);
	check("regs more room untouched", buf[ncores].where == 0x5a5a5a5a,
	      "entry %u written (where %u)", ncores, buf[ncores].where);
	check("regs vcpu answered", buf[ncores - 1].where != V3_VCPU_NO_ANSWER &&
	      buf[ncores - 1].where <= V3_VCPU_WAIT_SIPI,
	      "last vCPU where %u", buf[ncores - 1].where);
	strcpy(r.name, "no-such-vm");
	expect_err("regs no vm", call(V3_IOC_VM_REGS, &r), ENOENT);
	free(buf);
}

static int take_all(void)
{
	struct v3_vm_create c = { .abi_version = V3VEE_ABI_VERSION };
	struct v3_mem_add m;
	int n = 0, err;

	memset(&m, 0, sizeof(m));
	if (call(V3_IOC_VM_CREATE, &c) || call(V3_IOC_VM_ADD_MEMORY, &m)) {
		printf("take-all: cannot build a VM: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		struct v3_core_add k = { .cpu = -1 };

		err = call(V3_IOC_VM_ADD_CORE, &k);
		if (err)
			break;
		n++;
	}
	printf("take-all: took %d, then %s\n", n,
	       err == ENOSPC ? "ENOSPC" : strerror(err));
	close(fd); /* the VM was never started: everything goes back */
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t nstats = 0, ncores;

	if (argc == 2 && strcmp(argv[1], "--take-all") == 0) {
		fd = open("/dev/v3vmm", O_RDWR);
		if (fd < 0) {
			perror("/dev/v3vmm");
			return 1;
		}
		return take_all();
	}

	if (argc != 3 || atoi(argv[2]) < 1) {
		fprintf(stderr, "usage: v3_vcpu_abi NAME NCORES\n");
		return 2;
	}
	ncores = atoi(argv[2]);
	fd = open("/dev/v3vmm", O_RDWR);
	if (fd < 0) {
		perror("/dev/v3vmm");
		return 1;
	}
	stat_desc_checks(&nstats);
	if (nstats >= V3_STAT_NR_KNOWN) {
		vcpu_stats_checks(argv[1], ncores, nstats);
		regs_checks(argv[1], ncores);
	}
	printf("abi: %d checks, %d failed\n", checks, failed);
	return failed ? 1 : 0;
}
