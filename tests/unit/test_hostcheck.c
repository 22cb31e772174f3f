// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for v3ctl host-check (userspace-ctl/hostcheck.c): the
 * checks run against fake /proc, /sys and /dev/cpu/0/msr trees, one
 * host that can run a VM and then one fault at a time, each of which
 * must turn its own line to FAIL; and the no_ipi_broadcast= parser
 * against the cases Linux reads its own way.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostcheck.h"
#include "test.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[256], dir[320];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "mkdir -p \"$(dirname '%s')\"", path);
	CHECK_EQ(system(dir), 0);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void put_msr(uint32_t msr, uint64_t val)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/dev/cpu", root);
	mkdir(path, 0755); /* (may exist) */
	snprintf(path, sizeof(path), "%s/dev/cpu/0", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dev/cpu/0/msr", root);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(pwrite(fd, &val, sizeof(val), msr), sizeof(val));
	close(fd);
}

/* A host that can run a VM: 4 CPUs, 2 movable blocks of 128 MB. */
static void good_host(void)
{
	char dev[96];

	snprintf(root, sizeof(root), "/tmp/v3ctl-hostcheck-XXXXXX");
	CHECK(mkdtemp(root) != NULL);
	snprintf(dev, sizeof(dev), "%s/dev", root);
	CHECK_EQ(mkdir(dev, 0755), 0);
	put("proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
			    "flags\t\t: fpu sse2 svm npt pdpe1gb x2apic\n");
	put("proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 "
			    "no_ipi_broadcast=1 quiet\n");
	put("proc/meminfo", "MemTotal: 4000000 kB\nDirectMap4k: 1000 kB\n"
			    "DirectMap2M: 4000000 kB\nDirectMap1G: 0 kB\n");
	put("proc/sys/kernel/osrelease", "6.1.0-28-amd64\n");
	put("sys/devices/system/memory/block_size_bytes", "8000000\n");
	put("sys/devices/system/memory/memory0/state", "online\n");
	put("sys/devices/system/memory/memory0/valid_zones", "Normal\n");
	put("sys/devices/system/memory/memory32/state", "online\n");
	put("sys/devices/system/memory/memory32/valid_zones", "Movable\n");
	put("sys/devices/system/memory/memory33/state", "online\n");
	put("sys/devices/system/memory/memory33/valid_zones", "Movable\n");
	put("sys/devices/system/cpu/online", "0-3\n");
	put("sys/module/v3vmm/refcnt", "0\n");
	put_msr(0x1b, 0xfee00900);    /* APIC_BASE: enabled, BSP, xAPIC */
	put_msr(0xc0010114, 0x8);     /* VM_CR: SVMDIS clear */
}

static void drop_host(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	CHECK_EQ(system(cmd), 0);
}

/* The verdict of the line about @what; -1 if there is none. */
static int verdict_of(const struct hostcheck *hc, const char *what)
{
	for (int i = 0; i < hc->n; i++)
		if (!strcmp(hc->line[i].what, what))
			return hc->line[i].verdict;
	return -1;
}

static const char *text_of(const struct hostcheck *hc, const char *what)
{
	for (int i = 0; i < hc->n; i++)
		if (!strcmp(hc->line[i].what, what))
			return hc->line[i].text;
	return "";
}

static struct hostcheck run(void)
{
	struct hostcheck hc = { 0 };

	hostcheck_run(root, &hc);
	return hc;
}

TEST(hostcheck_good_host)
{
	struct hostcheck hc;

	good_host();
	hc = run();
	CHECK_EQ(hc.fails, 0);
	for (int i = 0; i < hc.n; i++)
		CHECK_EQ(hc.line[i].verdict, HC_OK);
	CHECK(strstr(text_of(&hc, "movable memory"), "256 MB can be taken") !=
	      NULL);
	CHECK(strstr(text_of(&hc, "cpus"), "3 can be taken") != NULL);
	CHECK(strstr(text_of(&hc, "apic mode"), "xAPIC") != NULL);
	drop_host();
}

/* Each fault turns exactly its own line to FAIL. */
static void one_fault(const char *what, void (*fault)(void),
		      const char *hint)
{
	struct hostcheck hc;

	good_host();
	fault();
	hc = run();
	CHECK_EQ(hc.fails, 1);
	CHECK_EQ(verdict_of(&hc, what), HC_FAIL);
	if (!strstr(text_of(&hc, what), hint)) {
		fprintf(stderr, "%s: \"%s\" lacks \"%s\"\n", what,
			text_of(&hc, what), hint);
		CHECK(0);
	}
	drop_host();
}

static void no_movable(void)
{
	put("sys/devices/system/memory/memory32/valid_zones", "Normal\n");
	put("sys/devices/system/memory/memory33/state", "offline\n");
}

static void x2apic(void)
{
	put_msr(0x1b, 0xfee00d00);
}

static void svm_disabled(void)
{
	put_msr(0xc0010114, 0x18);
}

static void broadcast(void)
{
	put("proc/cmdline", "root=/dev/sda1 no_ipi_broadcast=1 "
			    "no-ipi-broadcast=0abc\n");
}

static void gbpages(void)
{
	put("proc/meminfo", "MemTotal: 4000000 kB\nDirectMap1G: 2097152 kB\n");
}

static void no_module(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s/sys/module/v3vmm'", root);
	CHECK_EQ(system(cmd), 0);
}

static void one_cpu(void)
{
	put("sys/devices/system/cpu/online", "0\n");
}

static void intel(void)
{
	put("proc/cpuinfo", "flags\t\t: fpu vmx ept x2apic\n");
	put_msr(0xc0010114, 0); /* (an Intel CPU has no VM_CR) */
}

TEST(hostcheck_faults)
{
	one_fault("movable memory", no_movable, "movablecore=");
	one_fault("svm enabled", svm_disabled, "firmware");
	one_fault("no_ipi_broadcast", broadcast, "no_ipi_broadcast=1");
	one_fault("module", no_module, "insmod");
	one_fault("cpus", one_cpu, "only CPU 0");
}

/* A 1 GB direct map is no fault any more: said, not failed. */
TEST(hostcheck_gbpages_ok)
{
	struct hostcheck hc;

	good_host();
	gbpages();
	hc = run();
	CHECK_EQ(hc.fails, 0);
	CHECK_EQ(verdict_of(&hc, "direct map"), HC_OK);
	CHECK(strstr(text_of(&hc, "direct map"), "2 GB of RAM under 1 GB pages"));
	drop_host();
}

/* An x2APIC host is fine (v3vmm supports both modes): no failure. */
TEST(hostcheck_x2apic)
{
	struct hostcheck hc;

	good_host();
	x2apic();
	hc = run();
	CHECK_EQ(hc.fails, 0);
	CHECK_EQ(verdict_of(&hc, "apic mode"), HC_OK);
	CHECK(strstr(text_of(&hc, "apic mode"), "x2APIC") != NULL);
	drop_host();
}

TEST(hostcheck_intel_and_unreadable)
{
	struct hostcheck hc;
	char path[160];

	good_host();
	intel();
	hc = run();
	CHECK_EQ(verdict_of(&hc, "virtualization"), HC_FAIL);
	CHECK(strstr(text_of(&hc, "virtualization"), "Intel VT-x") != NULL);
	CHECK_EQ(verdict_of(&hc, "nested paging"), HC_FAIL);
	drop_host();

	/* Without the msr driver: warnings, not failures. */
	good_host();
	snprintf(path, sizeof(path), "%s/dev/cpu/0/msr", root);
	CHECK_EQ(unlink(path), 0);
	hc = run();
	CHECK_EQ(hc.fails, 0);
	CHECK_EQ(verdict_of(&hc, "svm enabled"), HC_WARN);
	CHECK_EQ(verdict_of(&hc, "apic mode"), HC_WARN);
	CHECK(strstr(text_of(&hc, "apic mode"), "modprobe msr") != NULL);
	drop_host();

	/* An untested kernel is a warning. */
	good_host();
	put("proc/sys/kernel/osrelease", "6.12.9-amd64\n");
	hc = run();
	CHECK_EQ(hc.fails, 0);
	CHECK_EQ(verdict_of(&hc, "kernel"), HC_WARN);
	drop_host();
}

TEST(hostcheck_ipi_broadcast_parser)
{
	CHECK_EQ(hostcheck_ipi_broadcast_off(""), 0);
	CHECK_EQ(hostcheck_ipi_broadcast_off("no_ipi_broadcast=1"), 1);
	CHECK_EQ(hostcheck_ipi_broadcast_off("a=b no-ipi-broadcast=1\n"), 1);
	CHECK_EQ(hostcheck_ipi_broadcast_off("no_ipi_broadcast=0x1"), 1);
	CHECK_EQ(hostcheck_ipi_broadcast_off("no_ipi_broadcast=1abc"), 1);
	CHECK_EQ(hostcheck_ipi_broadcast_off("no_ipi_broadcast=0abc"), 0);
	/* The last word wins. */
	CHECK_EQ(hostcheck_ipi_broadcast_off(
			 "no_ipi_broadcast=1 no_ipi_broadcast=0"),
		 0);
	CHECK_EQ(hostcheck_ipi_broadcast_off(
			 "no_ipi_broadcast=0 no_ipi_broadcast=1"),
		 1);
	/* After "--" the words are init's. */
	CHECK_EQ(hostcheck_ipi_broadcast_off("quiet -- no_ipi_broadcast=1"), 0);
	/* Other names, quotes. */
	CHECK_EQ(hostcheck_ipi_broadcast_off("xno_ipi_broadcast=1"), 0);
	CHECK_EQ(hostcheck_ipi_broadcast_off("no_ipi_broadcast"), 0);
	CHECK_EQ(hostcheck_ipi_broadcast_off("\"no_ipi_broadcast=1\""), 1);
	CHECK_EQ(hostcheck_ipi_broadcast_off("a=\"x y\" no_ipi_broadcast=1"),
		 1);
}

RUN_TESTS(hostcheck_good_host, hostcheck_faults, hostcheck_gbpages_ok,
	  hostcheck_x2apic, hostcheck_intel_and_unreadable,
	  hostcheck_ipi_broadcast_parser)
