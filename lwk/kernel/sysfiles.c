// SPDX-License-Identifier: GPL-2.0
/*
 * Files the kernel synthesizes so that programs find what glibc, libgomp
 * and friends look for: the CPU list and /proc/cpuinfo.
 */
#include <lwk/fs.h>
#include <lwk/printk.h>
#include <lwk/string.h>
#include <lwk/sysfiles.h>
#include <lwk/time.h>
#include <arch/cpu.h>

static const char *const cpuid1_edx_flags[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic",
	NULL, "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", NULL,
	"clflush", NULL, NULL, NULL, "mmx", "fxsr", "sse", "sse2", NULL, "ht",
};

static const char *const cpuid1_ecx_flags[32] = {
	"pni", "pclmulqdq", NULL, "monitor", NULL, NULL, NULL, NULL, NULL,
	"ssse3", NULL, NULL, "fma", "cx16", NULL, NULL, NULL, "pcid", NULL,
	"sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer",
	"aes", "xsave", NULL, "avx", "f16c", "rdrand", "hypervisor",
};

static const char *const cpuid7_ebx_flags[32] = {
	"fsgsbase", NULL, NULL, "bmi1", NULL, "avx2", NULL, "smep", "bmi2",
	"erms", NULL, NULL, NULL, NULL, NULL, NULL, "avx512f", NULL, "rdseed",
	"adx", "smap",
};

static size_t append_flags(char *buf, size_t len, size_t size, uint32_t reg,
			   const char *const names[32])
{
	for (int b = 0; b < 32; b++) {
		if ((reg & (1u << b)) && names[b] && len < size)
			len += snprintf(buf + len, size - len, " %s", names[b]);
	}
	return len;
}

static void make_cpuinfo(unsigned int ncpus)
{
	static char buf[4096 * 8];
	struct cpuid_regs r0 = cpuid(0, 0), r1 = cpuid(1, 0), r7 = { 0 };
	char vendor[13], model[49];
	size_t len = 0;

	memcpy(vendor, &r0.ebx, 4);
	memcpy(vendor + 4, &r0.edx, 4);
	memcpy(vendor + 8, &r0.ecx, 4);
	vendor[12] = '\0';
	memset(model, 0, sizeof(model));
	if (cpuid(0x80000000, 0).eax >= 0x80000004) {
		for (uint32_t i = 0; i < 3; i++) {
			struct cpuid_regs r = cpuid(0x80000002 + i, 0);

			memcpy(model + 16 * i, &r, 16);
		}
	} else {
		strlcpy(model, "unknown", sizeof(model));
	}
	if (r0.eax >= 7)
		r7 = cpuid(7, 0);

	for (unsigned int cpu = 0; cpu < ncpus && len < sizeof(buf); cpu++) {
		uint32_t family = (r1.eax >> 8) & 0xf, modelnr = (r1.eax >> 4) & 0xf;

		if (family == 0xf)
			family += (r1.eax >> 20) & 0xff;
		if (family >= 6)
			modelnr |= ((r1.eax >> 16) & 0xf) << 4;
		len += snprintf(buf + len, sizeof(buf) - len,
				"processor\t: %u\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\nmodel name\t: %s\nstepping\t: %u\ncpu MHz\t\t: %lu.%03lu\ncpu cores\t: %u\nflags\t\t:",
				cpu, vendor, family, modelnr, model,
				r1.eax & 0xf, tsc_hz() / 1000000,
				(tsc_hz() / 1000) % 1000, ncpus);
		len = append_flags(buf, len, sizeof(buf), r1.edx,
				   cpuid1_edx_flags);
		len = append_flags(buf, len, sizeof(buf), r1.ecx,
				   cpuid1_ecx_flags);
		len = append_flags(buf, len, sizeof(buf), r7.ebx,
				   cpuid7_ebx_flags);
		if (len < sizeof(buf))
			len += snprintf(buf + len, sizeof(buf) - len, "\n\n");
	}
	fs_add_file("/proc/cpuinfo", buf, MIN(len, sizeof(buf) - 1));
}

void sysfiles_init(unsigned int ncpus)
{
	char list[32];
	int n;

	if (ncpus > 1)
		n = snprintf(list, sizeof(list), "0-%u\n", ncpus - 1);
	else
		n = snprintf(list, sizeof(list), "0\n");
	fs_add_file("/sys/devices/system/cpu/possible", list, n);
	fs_add_file("/sys/devices/system/cpu/online", list, n);
	fs_add_file("/sys/devices/system/cpu/present", list, n);
	make_cpuinfo(ncpus);
}
