// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of v3ctl host-check (hostcheck.h), each reading what Linux
 * shows: /proc/cpuinfo, /proc/cmdline, /proc/meminfo, the kernel release,
 * sysfs memory blocks and CPUs, /sys/module/v3vmm, and three MSRs through
 * /dev/cpu/0/msr when the msr driver is loaded (VM_CR for SVM disabled by
 * the firmware, APIC_BASE for the APIC mode).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpulist.h"
#include "hostcheck.h"
#include "hostcpus.h"
#include "hostmem.h"
#include "libv3vee.h"
#include "v3vee.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_X2APIC (1ULL << 10)
#define MSR_VM_CR 0xc0010114
#define VM_CR_SVMDIS (1ULL << 4)
#define TESTED_KERNELS "6.1"
#define MB ((uint64_t)1 << 20)

static void add(struct hostcheck *hc, enum hc_verdict v, const char *what,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void add(struct hostcheck *hc, enum hc_verdict v, const char *what,
		const char *fmt, ...)
{
	struct hc_line *l;
	va_list ap;

	if (hc->n == HC_LINES_MAX)
		return;
	l = &hc->line[hc->n++];
	l->verdict = v;
	snprintf(l->what, sizeof(l->what), "%s", what);
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof(l->text), fmt, ap);
	va_end(ap);
	if (v == HC_FAIL)
		hc->fails++;
}

/* A whole small file under root, NUL-terminated; NULL if unreadable. */
static char *slurp(const char *root, const char *rel)
{
	char path[512];
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "r");
	if (!f || !buf) {
		if (f)
			fclose(f);
		free(buf);
		return NULL;
	}
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len - 1, f);

		len += got;
		if (got == 0 || len < cap - 1)
			break;
		char *bigger = cap < (1 << 24) ? realloc(buf, cap * 2) : NULL;

		if (!bigger)
			break;
		buf = bigger;
		cap *= 2;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Does the first "flags" line of cpuinfo list @flag? */
static int cpu_has(const char *cpuinfo, const char *flag)
{
	const char *line = strncmp(cpuinfo, "flags", 5) ?
				   strstr(cpuinfo, "\nflags") :
				   cpuinfo;
	size_t n = strlen(flag);

	if (!line)
		return 0;
	line = strchr(line, ':');
	while (line && *line && *line != '\n') {
		line += strspn(line, ": \t");
		if (!strncmp(line, flag, n) &&
		    (line[n] == ' ' || line[n] == '\n' || line[n] == '\0'))
			return 1;
		line += strcspn(line, " \t\n");
	}
	return 0;
}

/* One MSR of CPU 0 through the msr driver: 0, or -errno. */
static int read_msr(const char *root, uint32_t msr, uint64_t *val)
{
	char path[512];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/dev/cpu/0/msr", root);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pread(fd, val, sizeof(*val), msr) != sizeof(*val))
		ret = errno ? -errno : -EIO;
	close(fd);
	return ret;
}

static void check_kernel(const char *root, struct hostcheck *hc)
{
	char *rel = slurp(root, "/proc/sys/kernel/osrelease");

	if (!rel) {
		add(hc, HC_WARN, "kernel", "release unknown (no /proc)");
		return;
	}
	rel[strcspn(rel, "\n")] = '\0';
	if (!strncmp(rel, TESTED_KERNELS ".", strlen(TESTED_KERNELS ".")))
		add(hc, HC_OK, "kernel", "Linux %s (tested: %s)", rel,
		    TESTED_KERNELS);
	else
		add(hc, HC_WARN, "kernel",
		    "Linux %s: not tested with v3vee (tested: %s); build the "
		    "module against it and try",
		    rel, TESTED_KERNELS);
	free(rel);
}

static void check_cpu(const char *root, const char *cpuinfo,
		      struct hostcheck *hc)
{
	uint64_t val;
	int ret;

	if (!cpuinfo) {
		add(hc, HC_FAIL, "virtualization", "cannot read /proc/cpuinfo");
		return;
	}
	if (cpu_has(cpuinfo, "svm"))
		add(hc, HC_OK, "virtualization", "AMD SVM");
	else if (cpu_has(cpuinfo, "vmx"))
		add(hc, HC_FAIL, "virtualization",
		    "Intel VT-x: v3vee needs AMD SVM (a VMX back end is not "
		    "built yet)");
	else
		add(hc, HC_FAIL, "virtualization",
		    "no AMD SVM in /proc/cpuinfo: enable SVM in the firmware "
		    "(or, in a VM, give it nested virtualization)");
	if (cpu_has(cpuinfo, "npt"))
		add(hc, HC_OK, "nested paging", "present");
	else
		add(hc, HC_FAIL, "nested paging",
		    "absent: v3vee needs SVM with nested paging (NPT)");

	ret = read_msr(root, MSR_VM_CR, &val);
	if (ret)
		add(hc, HC_WARN, "svm enabled",
		    "unknown: cannot read MSR VM_CR (%s); 'modprobe msr' "
		    "lets host-check read it",
		    strerror(-ret));
	else if (val & VM_CR_SVMDIS)
		add(hc, HC_FAIL, "svm enabled",
		    "no: the firmware disabled SVM (VM_CR.SVMDIS); enable "
		    "it in the firmware setup");
	else
		add(hc, HC_OK, "svm enabled", "yes (VM_CR.SVMDIS clear)");

	ret = read_msr(root, MSR_APIC_BASE, &val);
	if (ret && !cpu_has(cpuinfo, "x2apic"))
		add(hc, HC_OK, "apic mode", "xAPIC (the CPU has no x2APIC)");
	else if (ret)
		add(hc, HC_WARN, "apic mode",
		    "unknown: cannot read MSR APIC_BASE (%s); 'modprobe msr' "
		    "lets host-check read it. v3vmm runs in either mode",
		    strerror(-ret));
	else if (val & APIC_BASE_X2APIC)
		add(hc, HC_OK, "apic mode",
		    "x2APIC (guests drive their cores' APICs in x2APIC mode)");
	else
		add(hc, HC_OK, "apic mode", "xAPIC");

	if (cpu_has(cpuinfo, "sme") || cpu_has(cpuinfo, "sev"))
		add(hc, HC_WARN, "memory encryption",
		    "the CPU offers SME/SEV; v3vmm refuses a host whose "
		    "memory encryption is active (mem_encrypt=on)");
}

/* DirectMap1G in /proc/meminfo, in kB; -1 if absent. */
static long long direct_map_1g(const char *meminfo)
{
	const char *p = meminfo ? strstr(meminfo, "DirectMap1G:") : NULL;

	return p ? strtoll(p + strlen("DirectMap1G:"), NULL, 10) : -1;
}

static void check_direct_map(const char *meminfo, struct hostcheck *hc)
{
	long long kb = direct_map_1g(meminfo);

	/* Information only: v3vmm takes such gigabytes whole. */
	if (kb > 0)
		add(hc, HC_OK, "direct map",
		    "%lld GB of RAM under 1 GB pages (v3vmm takes each of "
		    "those gigabytes whole)",
		    kb >> 20);
	else
		add(hc, HC_OK, "direct map", "no 1 GB pages");
}

/* Linux's simple_strtol(s, NULL, 0) as get_option() uses it. */
static long linux_strtol(const char *s)
{
	int neg = *s == '-';
	unsigned long v = 0, base = 10;

	s += neg;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    strchr("0123456789abcdefABCDEF", s[2]) && s[2]) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (;; s++) {
		unsigned long d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	return neg ? -(long)v : (long)v;
}

/* Is the word's name (@len bytes) @name, '-' and '_' alike? */
static int param_is(const char *word, size_t len, const char *name)
{
	if (strlen(name) != len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char a = word[i] == '-' ? '_' : word[i];
		char b = name[i] == '-' ? '_' : name[i];

		if (a != b)
			return 0;
	}
	return 1;
}

long hostcheck_ipi_broadcast_off(const char *cmdline)
{
	static const char name[] = "no_ipi_broadcast";
	long value = 0;
	const char *p = cmdline;

	while (*p) {
		const char *word, *eq = NULL;
		int quoted = 0;

		p += strspn(p, " \t\n");
		if (!*p)
			break;
		word = p;
		for (; *p && (quoted || !strchr(" \t\n", *p)); p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (*p == '=' && !eq)
				eq = p;
		}
		if (!eq && p - word == 2 && !strncmp(word, "--", 2))
			break;
		if (*word == '"') /* "name=value": the quotes go */
			word++;
		if (eq && param_is(word, eq - word, name))
			value = linux_strtol(eq + 1 + (eq[1] == '"'));
	}
	return value;
}

static void check_cmdline(const char *root, struct hostcheck *hc)
{
	char *cmdline = slurp(root, "/proc/cmdline");

	if (!cmdline) {
		add(hc, HC_WARN, "no_ipi_broadcast", "cannot read /proc/cmdline");
		return;
	}
	if (hostcheck_ipi_broadcast_off(cmdline))
		add(hc, HC_OK, "no_ipi_broadcast", "set: Linux sends no "
						  "broadcast IPIs");
	else
		add(hc, HC_FAIL, "no_ipi_broadcast",
		    "not set: Linux broadcasts IPIs, which would reach the "
		    "cores VMs run on; boot with no_ipi_broadcast=1");
	free(cmdline);
}

static void check_memory(const char *root, struct hostcheck *hc)
{
	uint64_t block, movable;
	char dir[512];
	int ret;

	snprintf(dir, sizeof(dir), "%s%s", root, HOSTMEM_SYSFS);
	ret = hostmem_block_size(dir, &block);
	if (!ret)
		ret = hostmem_movable_bytes(dir, block, &movable);
	if (ret) {
		add(hc, HC_FAIL, "movable memory",
		    "cannot read %s (%s): this Linux has no memory hotplug",
		    HOSTMEM_SYSFS, strerror(-ret));
		return;
	}
	if (!movable)
		add(hc, HC_FAIL, "movable memory",
		    "none online in ZONE_MOVABLE: boot Linux with "
		    "movablecore=SIZE (or movable_node) to give v3vee memory");
	else
		add(hc, HC_OK, "movable memory",
		    "%" PRIu64 " MB can be taken now (%" PRIu64
		    " blocks of %" PRIu64 " MB); a VM's --mem is a multiple "
		    "of %" PRIu64 " MB",
		    movable / MB, movable / block, block / MB, block / MB);
}

static void check_cpus(const char *root, struct hostcheck *hc)
{
	int cpus[HOSTCPUS_MAX], n, takeable = 0, last = -1;
	char dir[512];
	int ret;

	snprintf(dir, sizeof(dir), "%s%s", root, HOSTCPUS_SYSFS);
	ret = hostcpus_online(dir, cpus, HOSTCPUS_MAX, &n);
	if (ret) {
		add(hc, HC_FAIL, "cpus", "cannot read the online CPUs (%s)",
		    strerror(-ret));
		return;
	}
	for (int i = 0; i < n; i++) {
		if (cpus[i] == 0)
			continue;
		takeable++;
		last = cpus[i];
	}
	if (!takeable)
		add(hc, HC_FAIL, "cpus",
		    "only CPU 0 is online, and Linux keeps it: online more "
		    "CPUs");
	else
		add(hc, HC_OK, "cpus",
		    "%d can be taken (every online CPU but CPU 0, the "
		    "highest %d; one VM may take them all)",
		    takeable, last);
}

static void check_module(const char *root, struct hostcheck *hc)
{
	char path[512];
	uint32_t version;
	int ret;

	snprintf(path, sizeof(path), "%s/sys/module/v3vmm", root);
	if (access(path, F_OK)) {
		add(hc, HC_FAIL, "module",
		    "v3vmm.ko is not loaded: insmod v3vmm.ko (dmesg says why "
		    "if it refuses)");
		return;
	}
	if (!hc->abi_version) {
		add(hc, HC_OK, "module", "loaded");
		return;
	}
	ret = hc->abi_version(&version);
	if (ret)
		add(hc, HC_FAIL, "module", "loaded, but %s does not answer: %s",
		    V3_DEVICE, strerror(-ret));
	else if (version != V3VEE_ABI_VERSION)
		add(hc, HC_FAIL, "module",
		    "loaded, ABI %u; this v3ctl speaks %u: use the v3ctl built "
		    "with the module",
		    version, V3VEE_ABI_VERSION);
	else
		add(hc, HC_OK, "module", "loaded, ABI %u", version);
}

void hostcheck_run(const char *root, struct hostcheck *hc)
{
	char *cpuinfo = slurp(root, "/proc/cpuinfo");
	char *meminfo = slurp(root, "/proc/meminfo");

	hc->n = 0;
	hc->fails = 0;
	check_kernel(root, hc);
	check_cpu(root, cpuinfo, hc);
	check_cmdline(root, hc);
	check_direct_map(meminfo, hc);
	check_memory(root, hc);
	check_cpus(root, hc);
	check_module(root, hc);
	free(cpuinfo);
	free(meminfo);
}
