// SPDX-License-Identifier: GPL-2.0
/* The program's lifetime: its threads, and the end of it. */
#include <lwk/cmdline.h>
#include <lwk/fs.h>
#include <lwk/power.h>
#include <lwk/printk.h>
#include <lwk/run.h>
#include <lwk/task.h>
#include <arch/apic.h>
#include <arch/cpu_setup.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/v3vee.h>

struct process the_process;

struct thread *current_thread(void)
{
	return this_cpu()->current;
}

/* Interrupts taken by each CPU since boot, by kind (lwk.irqstats). */
static void report_interrupts(void)
{
	for (unsigned int c = 0; c < smp_ncpus(); c++) {
		const uint64_t *n = cpu_percpu(c)->vector_count;
		uint64_t other = 0;

		for (int v = 32; v < 256; v++) {
			if (v != VECTOR_TIMER && v != VECTOR_RESCHED &&
			    v != VECTOR_TLB && v != VECTOR_STOP)
				other += n[v];
		}
		printk("lwk: cpu %u interrupts: timer=%lu resched=%lu tlb=%lu other=%lu\n",
		       c, n[VECTOR_TIMER], n[VECTOR_RESCHED], n[VECTOR_TLB],
		       other);
	}
}

/* In a v3vee VM: the VMM shows these with its own counters. */
static void report_interrupts_to_vmm(void)
{
	static struct v3_cpu_irqs irqs[V3_HC_MAX_CPUS];
	unsigned int n = MIN(smp_ncpus(), V3_HC_MAX_CPUS);

	for (unsigned int c = 0; c < n; c++) {
		const uint64_t *count = cpu_percpu(c)->vector_count;

		irqs[c].apic_id = smp_apic_id(c);
		irqs[c].timer = count[VECTOR_TIMER];
		irqs[c].all = 0;
		for (int v = 32; v < 256; v++)
			irqs[c].all += count[v];
	}
	v3vee_irq_report(irqs, n);
}

/* Everything after the last word of the program: stop the other CPUs,
 * report, power off. */
static __noreturn void program_ended(int status)
{
	v3vee_program_mark(false);
	report_interrupts_to_vmm();
	if (run_serving) {
		if (lwk_options.irqstats)
			report_interrupts();
		run_program_ended(status);
	}
	if (smp_ncpus() > 1)
		smp_send_others(VECTOR_STOP);
	if (lwk_options.irqstats)
		report_interrupts();
	fs_report(lwk_options.showfiles);
	power_off(status);
}

__noreturn void process_exit(int status)
{
	status &= 0xff;
	printk("lwk: program exited with status %d\n", status);
	program_ended(status);
}

__noreturn void process_kill(int signal)
{
	printk("lwk: program exited with status %d (killed by signal %d)\n",
	       128 + signal, signal);
	program_ended(128 + signal);
}
