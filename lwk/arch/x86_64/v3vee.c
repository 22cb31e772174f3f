// SPDX-License-Identifier: GPL-2.0
/*
 * The guest side of v3vee's ABI: detection through the hypervisor CPUID
 * leaves, and the hypercalls. Everything the VMM tells through CPUID is
 * read once at boot, because every CPUID in the VM is a VM exit.
 */
#include <lwk/printk.h>
#include <lwk/string.h>
#include <arch/cpu.h>
#include <arch/paging.h>
#include <arch/v3vee.h>

/* CPUID.1:ECX bit 31 is reserved on bare metal and set by hypervisors;
 * without it leaf 0x40000000 may echo some other leaf of the real CPU. */
#define CPUID_1_ECX_HYPERVISOR (1u << 31)

static bool present;
static bool intel; /* VMCALL instead of AMD's VMMCALL */
static uint32_t abi_version;
static uint32_t features;
static uint32_t tsc_khz;

/*
 * Bounce buffer for the console hypercall. The VMM reads guest-physical
 * memory, and the kernel image is physically contiguous, so one buffer
 * here has a known physical address whatever the caller's buffer is.
 */
static char console_buf[V3_HC_CONSOLE_MAX];

static long hypercall(unsigned long nr, unsigned long a0, unsigned long a1,
		      unsigned long a2, unsigned long a3)
{
	register unsigned long r10 asm("r10") = a3;
	long ret;

	/* VMMCALL (AMD) or VMCALL (Intel), as bytes so that any assembler
	 * takes them; the other one is #UD on each. The VMM may read memory
	 * the arguments point to: hence the memory clobber. */
	if (intel)
		asm volatile(".byte 0x0f, 0x01, 0xc1"
			     : "=a"(ret)
			     : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10)
			     : "memory");
	else
		asm volatile(".byte 0x0f, 0x01, 0xd9"
			     : "=a"(ret)
			     : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10)
			     : "memory");
	return ret;
}

void v3vee_detect(void)
{
	struct cpuid_regs r;
	uint32_t max_leaf;

	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR))
		return;
	r = cpuid(V3_CPUID_SIGNATURE, 0);
	if (r.ebx != V3_SIG_EBX || r.ecx != V3_SIG_ECX || r.edx != V3_SIG_EDX)
		return;
	present = true;
	max_leaf = r.eax;
	/* The vendor string of leaf 0: "GenuineIntel" */
	r = cpuid(0, 0);
	intel = r.ebx == 0x756e6547 && r.edx == 0x49656e69 && r.ecx == 0x6c65746e;
	if (max_leaf >= V3_CPUID_FEATURES) {
		r = cpuid(V3_CPUID_FEATURES, 0);
		abi_version = r.eax;
		features = r.ebx;
	}
	if (max_leaf >= V3_CPUID_TIMING)
		tsc_khz = cpuid(V3_CPUID_TIMING, 0).eax;
}

void v3vee_announce(void)
{
	if (!present)
		return;
	printk("lwk: running on v3vee (%s console, TSC %u kHz)\n",
	       v3vee_has(V3_FEAT_CONSOLE) ? "hypercall" : "COM1", tsc_khz);
	if (abi_version != V3_HYPERCALL_ABI)
		printk("lwk: warning: v3vee hypercall ABI %u, this kernel speaks %u\n",
		       abi_version, V3_HYPERCALL_ABI);
}

bool on_v3vee(void)
{
	return present;
}

bool v3vee_has(uint32_t feature)
{
	return present && (features & feature) == feature;
}

uint32_t v3vee_tsc_khz(void)
{
	return tsc_khz;
}

void v3vee_console_write(const char *buf, size_t n)
{
	while (n) {
		size_t len = MIN(n, sizeof(console_buf));
		size_t done = 0;

		memcpy(console_buf, buf, len);
		while (done < len) {
			long ret = hypercall(V3_HC_CONSOLE_WRITE,
					     virt_to_phys(console_buf + done),
					     len - done, 0, 0);

			/* A refusal cannot be reported anywhere: the
			 * console is what failed. Drop the rest. */
			if (ret <= 0)
				return;
			done += MIN((size_t)ret, len - done);
		}
		buf += len;
		n -= len;
	}
}

void v3vee_exit(int status)
{
	hypercall(V3_HC_EXIT, (uint8_t)status, 0, 0, 0);
}

uint64_t v3vee_wallclock_ns(void)
{
	long ns = hypercall(V3_HC_WALLCLOCK, 0, 0, 0, 0);

	return ns > 0 ? (uint64_t)ns : 0;
}

/* V3_HC_EXIT_COUNTS: entries written, or -1 when the VMM counts none. */
long v3vee_exit_counts(struct v3_vcpu_exits *out, unsigned int max)
{
	long n;

	if (!v3vee_has(V3_FEAT_COUNTERS))
		return -1;
	n = hypercall(V3_HC_EXIT_COUNTS, virt_to_phys(out), max, 0, 0);
	return n < 0 ? -1 : n;
}

/* V3_HC_PROGRAM: the program starts (true) or has ended (false). */
void v3vee_program_mark(bool start)
{
	if (v3vee_has(V3_FEAT_COUNTERS))
		hypercall(V3_HC_PROGRAM, start, 0, 0, 0);
}

/* V3_HC_IRQ_REPORT: this kernel's per-CPU interrupt counts. */
void v3vee_irq_report(const struct v3_cpu_irqs *irqs, unsigned int n)
{
	if (v3vee_has(V3_FEAT_COUNTERS))
		hypercall(V3_HC_IRQ_REPORT, virt_to_phys(irqs), n, 0, 0);
}

long v3vee_run_channel(uint64_t phys, uint64_t len)
{
	if (!v3vee_has(V3_FEAT_RUN))
		return -1;
	return hypercall(V3_HC_RUN_CHANNEL, phys, len, 0, 0);
}
