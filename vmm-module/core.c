// SPDX-License-Identifier: GPL-2.0
/*
 * Taking a core from Linux and giving it back, with exported symbols
 * only (DESIGN.md, "Cores"):
 *  - at load the module wraps smp_ops.play_dead; for a core it claims,
 *    the wrapper switches to the core's private IDT before Linux parks it;
 *  - remove_cpu() offlines the core; an NMI then lands on the private
 *    IDT, which moves the core into core_main(), outside Linux, for good;
 *  - to give it back, the host asks the core to leave (command + NMI):
 *    it turns SVM off, puts Linux's IDT back and halts; add_cpu() boots it
 *    again through INIT/SIPI.
 * CPU 0 and the last CPU Linux has are never taken.
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <asm/smp.h>
#include "vmm.h"

#define CORE_WAIT_MS 2000

static void (*linux_play_dead)(void);
static struct vcpu *claimed[NR_CPUS];
static DEFINE_MUTEX(claim_lock); /* claimed[] and choosing a CPU */

static void v3_play_dead(void)
{
	struct vcpu *vcpu = READ_ONCE(claimed[raw_smp_processor_id()]);

	if (vcpu)
		arch_load_private_idt(vcpu);
	linux_play_dead();
}

int core_takeover_init(void)
{
	linux_play_dead = smp_ops.play_dead;
	if (!linux_play_dead)
		return -ENODEV;
	WRITE_ONCE(smp_ops.play_dead, v3_play_dead);
	return 0;
}

void core_takeover_exit(void)
{
	WRITE_ONCE(smp_ops.play_dead, linux_play_dead);
}

static bool wait_core_state(struct vcpu *vcpu, int state)
{
	for (int ms = 0; ms < CORE_WAIT_MS; ms++) {
		if (smp_load_acquire(&vcpu->core_state) == state)
			return true;
		msleep(1);
	}
	return false;
}

/* Picks the highest CPU that can be taken, or checks the one asked for. */
static int choose_cpu(int cpu)
{
	if (num_online_cpus() < 3)
		return -EBUSY; /* CPU 0 and one more stay with Linux */
	if (cpu >= 0)
		return cpu > 0 && cpu < nr_cpu_ids && cpu_online(cpu) &&
			       !claimed[cpu] ? cpu : -EBUSY;
	for (cpu = nr_cpu_ids - 1; cpu > 0; cpu--) {
		if (cpu_online(cpu) && !claimed[cpu])
			return cpu;
	}
	return -EBUSY;
}

int core_take(struct vcpu *vcpu, int want)
{
	struct core_area *area;
	int cpu, err;

	area = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					get_order(sizeof(*area)));
	if (!area)
		return -ENOMEM;
	mutex_lock(&claim_lock);
	cpu = choose_cpu(want);
	if (cpu >= 0)
		WRITE_ONCE(claimed[cpu], vcpu);
	mutex_unlock(&claim_lock);
	if (cpu < 0) {
		free_pages((unsigned long)area, get_order(sizeof(*area)));
		return cpu;
	}
	vcpu->area = area;
	vcpu->cpu = cpu;
	vcpu->apic_id = arch_cpu_apic_id(cpu);
	arch_core_area_init(area, vcpu);

	err = remove_cpu(cpu);
	if (err) {
		pr_warn("v3vmm: cannot offline CPU %d: %d\n", cpu, err);
		goto undo;
	}
	arch_send_nmi(cpu);
	if (!wait_core_state(vcpu, CORE_IN_VMM)) {
		pr_err("v3vmm: CPU %d did not answer the takeover NMI\n", cpu);
		err = -EIO;
		if (add_cpu(cpu))
			pr_err("v3vmm: CPU %d could not be onlined again\n", cpu);
		goto undo;
	}
	pr_info("v3vmm: took CPU %d (APIC ID %u)\n", cpu, vcpu->apic_id);
	return 0;
undo:
	WRITE_ONCE(claimed[cpu], NULL);
	vcpu->cpu = -1;
	vcpu->area = NULL;
	free_pages((unsigned long)area, get_order(sizeof(*area)));
	return err;
}

void core_kick(struct vcpu *vcpu)
{
	arch_send_nmi(vcpu->cpu);
}

void core_give_back(struct vcpu *vcpu)
{
	int cpu = vcpu->cpu, err;

	if (cpu < 0)
		return;
	smp_store_release(&vcpu->command, CORE_CMD_STOP);
	core_kick(vcpu);
	if (!wait_core_state(vcpu, CORE_PARKED)) {
		/* Its memory stays allocated: the core may still use it. */
		pr_err("v3vmm: CPU %d did not leave the VMM; it stays offline\n",
		       cpu);
		return;
	}
	WRITE_ONCE(claimed[cpu], NULL);
	err = add_cpu(cpu);
	if (err)
		pr_err("v3vmm: add_cpu(%d) failed: %d\n", cpu, err);
	else
		pr_info("v3vmm: gave CPU %d back to Linux\n", cpu);
	free_pages((unsigned long)vcpu->area, get_order(sizeof(*vcpu->area)));
	vcpu->area = NULL;
	vcpu->cpu = -1;
	vcpu->core_state = CORE_LINUX;
}
