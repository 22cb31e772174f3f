// SPDX-License-Identifier: GPL-2.0
/*
 * LWK_NR_CPU_COUNTERS (include/uapi/lwk_counters.h): each CPU's interrupt
 * counts and, in a v3vee VM, its VM exits, so that a program can show a
 * compute phase ran with neither.
 */
#include <lwk/errno.h>
#include <lwk/string.h>
#include <lwk/syscalls.h>
#include <lwk/uaccess.h>
#include <arch/apic.h>
#include <arch/cpu_setup.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/v3vee.h>
#include <uapi/lwk_counters.h>

#define COUNTERS_MAX_CPUS V3_HC_MAX_CPUS

static uint64_t exits_of(const struct v3_vcpu_exits *ex, long n,
			 uint32_t apic_id)
{
	for (long i = 0; i < n; i++) {
		if (ex[i].apic_id == apic_id)
			return ex[i].exits;
	}
	return LWK_VM_EXITS_UNKNOWN;
}

long sys_lwk_cpu_counters(struct lwk_cpu_counters __user *buf,
			  unsigned long max)
{
	struct lwk_cpu_counters out[COUNTERS_MAX_CPUS];
	struct v3_vcpu_exits ex[COUNTERS_MAX_CPUS];
	unsigned int n = MIN(MIN(max, smp_ncpus()), COUNTERS_MAX_CPUS);
	long nex = v3vee_exit_counts(ex, COUNTERS_MAX_CPUS);

	for (unsigned int c = 0; c < n; c++) {
		const uint64_t *count = cpu_percpu(c)->vector_count;
		uint64_t all = 0;

		for (int v = 32; v < 256; v++)
			all += count[v];
		out[c] = (struct lwk_cpu_counters){
			.cpu = c,
			.apic_id = smp_apic_id(c),
			.timer_irqs = count[VECTOR_TIMER],
			.irqs = all,
			.vm_exits = exits_of(ex, nex, smp_apic_id(c)),
		};
	}
	if (n && copy_to_user(buf, out, n * sizeof(out[0])))
		return -EFAULT;
	return n;
}
