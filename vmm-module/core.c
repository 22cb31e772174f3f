// SPDX-License-Identifier: GPL-2.0
/*
 * Taking a core from Linux and giving it back, with exported symbols
 * only (DESIGN.md, "Cores"):
 *  - at load the module wraps smp_ops.play_dead; for a core it claims,
 *    the wrapper switches to the core's private IDT before Linux parks it;
 *  - remove_cpu() offlines the core; once it has returned (Linux is done
 *    with the core) the host arms the core's area and sends an NMI, which
 *    lands on the private IDT and moves the core onto the VMM's page
 *    table and into core_main(), outside Linux, for good (an NMI before
 *    the arming is ignored: core_entry.S);
 *  - to give it back, the host asks the core to leave (command + NMI):
 *    it turns SVM off, puts Linux's IDT back and halts; add_cpu() boots it
 *    again through INIT/SIPI.
 * CPU 0 is never taken: it is the last CPU Linux keeps.
 *
 * While a core is claimed Linux must not start it (an INIT would wipe the
 * VMM off it): a CPU-hotplug state refuses to online it, a PM notifier
 * refuses suspend and hibernation, and a reboot notifier asks the cores
 * to leave the VMM so that the next kernel (kexec) can start them.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/suspend.h>
#include <asm/smp.h>
#include "vmm.h"

#define CORE_WAIT_MS 2000
#define CORE_REBOOT_WAIT_MS 100

static void (*linux_play_dead)(void);
static struct vcpu *claimed[NR_CPUS];
static DEFINE_MUTEX(claim_lock); /* the three below, choosing a CPU */
static bool suspending; /* between PM_*_PREPARE and PM_POST_* */
static bool going_down; /* reboot or kexec under way */
static int online_guard_state;

/* Outside choosing: under claim_lock, which the reboot notifier holds. */
static void set_claimed(int cpu, struct vcpu *vcpu)
{
	mutex_lock(&claim_lock);
	WRITE_ONCE(claimed[cpu], vcpu);
	mutex_unlock(&claim_lock);
}

static void v3_play_dead(void)
{
	struct vcpu *vcpu = READ_ONCE(claimed[raw_smp_processor_id()]);

	if (vcpu && cmpxchg(&vcpu->death, CORE_DEATH_PENDING,
			    CORE_DEATH_PRIVATE_IDT) == CORE_DEATH_PENDING)
		arch_load_private_idt(vcpu);
	linux_play_dead();
}

/* CPU hotplug, before Linux starts a CPU: not one of ours. */
static int refuse_claimed_online(unsigned int cpu)
{
	if (!READ_ONCE(claimed[cpu]))
		return 0;
	pr_warn("v3vmm: CPU %u belongs to a VM (destroy the VM to online it), or a destroyed VM could not give it back (dmesg said so earlier)\n",
		cpu);
	return -EBUSY;
}

static bool any_claimed(void)
{
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (READ_ONCE(claimed[cpu]))
			return true;
	}
	return false;
}

/*
 * Suspend and hibernation would offline and restart every CPU, and a
 * hibernation image restored at run time would overwrite guest memory:
 * refused while a VM owns cores, and no core is taken until it is over.
 */
static int refuse_sleep(struct notifier_block *nb, unsigned long event,
			void *unused)
{
	int ret = NOTIFY_OK;

	switch (event) {
	case PM_SUSPEND_PREPARE:
	case PM_HIBERNATION_PREPARE:
	case PM_RESTORE_PREPARE: /* an image loaded over running guests */
		mutex_lock(&claim_lock);
		if (any_claimed()) {
			pr_warn("v3vmm: VMs own cores; destroy them before suspending\n");
			ret = notifier_from_errno(-EBUSY);
		} else {
			suspending = true;
		}
		mutex_unlock(&claim_lock);
		return ret;
	case PM_POST_SUSPEND:
	case PM_POST_HIBERNATION:
	case PM_POST_RESTORE:
		mutex_lock(&claim_lock);
		suspending = false;
		mutex_unlock(&claim_lock);
		return NOTIFY_OK;
	default:
		return NOTIFY_DONE;
	}
}

/*
 * The machine goes down or kexecs: every taken core leaves the VMM. All
 * are told first (so a vCPU cannot IPI a core that has already left),
 * then waited for together. From here on no core can be taken.
 */
static int stop_cores_for_reboot(struct notifier_block *nb,
				 unsigned long event, void *unused)
{
	bool waiting = true;

	mutex_lock(&claim_lock);
	going_down = true;
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct vcpu *vcpu = claimed[cpu];

		if (!vcpu)
			continue;
		/* A core still being taken reads this as it arrives. */
		smp_store_release(&vcpu->command, CORE_CMD_STOP);
		if (smp_load_acquire(&vcpu->core_state) == CORE_IN_VMM)
			core_kick(vcpu);
	}
	for (int ms = 0; waiting && ms < CORE_REBOOT_WAIT_MS; ms++) {
		waiting = false;
		for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			struct vcpu *vcpu = claimed[cpu];

			if (vcpu &&
			    smp_load_acquire(&vcpu->core_state) == CORE_IN_VMM)
				waiting = true;
		}
		if (waiting)
			mdelay(1);
	}
	mutex_unlock(&claim_lock);
	return NOTIFY_DONE;
}

static struct notifier_block pm_guard = { .notifier_call = refuse_sleep };
static struct notifier_block reboot_guard = {
	.notifier_call = stop_cores_for_reboot
};

int core_takeover_init(void)
{
	int err;

	linux_play_dead = smp_ops.play_dead;
	if (!linux_play_dead)
		return -ENODEV;
	err = arch_cpu_state_init();
	if (err)
		return err;
	err = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "v3vmm:claimed",
					refuse_claimed_online, NULL);
	if (err < 0)
		goto no_guard;
	online_guard_state = err;
	err = register_pm_notifier(&pm_guard);
	if (err)
		goto no_pm;
	err = register_reboot_notifier(&reboot_guard);
	if (err)
		goto no_reboot;
	/* No CPU is between offline and dead while the hook changes. */
	cpus_read_lock();
	WRITE_ONCE(smp_ops.play_dead, v3_play_dead);
	cpus_read_unlock();
	return 0;
no_reboot:
	unregister_pm_notifier(&pm_guard);
no_pm:
	cpuhp_remove_state_nocalls(online_guard_state);
no_guard:
	arch_cpu_state_exit();
	return err;
}

void core_takeover_exit(void)
{
	cpus_read_lock();
	WRITE_ONCE(smp_ops.play_dead, linux_play_dead);
	cpus_read_unlock();
	unregister_reboot_notifier(&reboot_guard);
	unregister_pm_notifier(&pm_guard);
	cpuhp_remove_state_nocalls(online_guard_state);
	arch_cpu_state_exit();
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

/*
 * Picks the highest CPU that can be taken (-ENOSPC: none is left), or
 * checks the one asked for (-EBUSY: it cannot be taken).
 */
static int choose_cpu(int cpu)
{
	if (cpu >= 0)
		return cpu > 0 && cpu < nr_cpu_ids && cpu_online(cpu) &&
			       !claimed[cpu] && num_online_cpus() > 1 ?
			       cpu : -EBUSY;
	for (cpu = nr_cpu_ids - 1; cpu > 0; cpu--) {
		if (cpu_online(cpu) && !claimed[cpu])
			return cpu;
	}
	return -ENOSPC; /* CPU 0 stays with Linux */
}

/*
 * After remove_cpu() failed: whether the core died on the private IDT all
 * the same (someone offlined it through sysfs after the claim). If not,
 * play_dead will leave it alone from now on.
 */
static bool died_ours_anyway(struct vcpu *vcpu)
{
	if (cmpxchg(&vcpu->death, CORE_DEATH_PENDING, CORE_DEATH_CANCELLED) ==
	    CORE_DEATH_PENDING)
		return false;
	/* That offline holds the hotplug lock until the core has died. */
	cpus_read_lock();
	cpus_read_unlock();
	pr_info("v3vmm: CPU %d was offlined by someone else meanwhile; taking it all the same\n",
		vcpu->cpu);
	return true;
}

int core_take(struct vcpu *vcpu, int want)
{
	struct core_area *area;
	int cpu, err;

	/* All play_dead and the NMI gate need, ready before the claim. */
	area = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					get_order(sizeof(*area)));
	if (!area)
		return -ENOMEM;
	arch_core_area_init(area, vcpu);
	vcpu->area = area;
	vcpu->death = CORE_DEATH_PENDING;
	mutex_lock(&claim_lock);
	cpu = suspending || going_down ? -EBUSY : choose_cpu(want);
	if (cpu >= 0) {
		vcpu->cpu = cpu;
		vcpu->apic_id = arch_cpu_apic_id(cpu);
		WRITE_ONCE(claimed[cpu], vcpu);
	}
	mutex_unlock(&claim_lock);
	if (cpu < 0) {
		vcpu->area = NULL;
		free_pages((unsigned long)area, get_order(sizeof(*area)));
		return cpu;
	}

	err = remove_cpu(cpu);
	if (err && died_ours_anyway(vcpu))
		err = 0;
	if (err) {
		pr_warn("v3vmm: cannot offline CPU %d: %d\n", cpu, err);
		err = err > 0 ? -EBUSY : err;
		goto undo;
	}
	/* Only now may an NMI move the core into the VMM. */
	arch_core_arm(vcpu);
	smp_mb(); /* armed before the NMI goes out */
	arch_send_nmi(cpu);
	if (!wait_core_state(vcpu, CORE_IN_VMM)) {
		pr_err("v3vmm: CPU %d did not answer the takeover NMI\n", cpu);
		/* Should it enter the VMM late, it leaves at once. */
		smp_store_release(&vcpu->command, CORE_CMD_STOP);
		/* If Linux cannot have it back either, all it may use stays
		 * (vcpu->cpu >= 0 tells the caller). */
		core_give_back(vcpu);
		return -EIO;
	}
	pr_info("v3vmm: took CPU %d (APIC ID %u)\n", cpu, vcpu->apic_id);
	return 0;
undo:
	set_claimed(cpu, NULL);
	vcpu->cpu = -1;
	vcpu->area = NULL;
	free_pages((unsigned long)area, get_order(sizeof(*area)));
	return err;
}

void core_kick(struct vcpu *vcpu)
{
	arch_send_nmi(vcpu->cpu);
}

/* Asks a taken core to leave the VMM: it parks, then core_give_back(). */
void core_stop(struct vcpu *vcpu)
{
	if (vcpu->cpu < 0)
		return;
	smp_store_release(&vcpu->command, CORE_CMD_STOP);
	core_kick(vcpu);
}

/* After core_stop(): false if the core did not park in time. */
bool core_wait_parked(struct vcpu *vcpu)
{
	if (vcpu->cpu < 0 || wait_core_state(vcpu, CORE_PARKED))
		return true;
	pr_err("v3vmm: CPU %d did not leave the VMM; it stays offline\n",
	       vcpu->cpu);
	return false;
}

/*
 * Gives a parked core to Linux. Returns false if add_cpu() fails: the
 * core then stays parked in the module's code, on the vCPU's area, which
 * the caller must keep (and the module with them).
 */
bool core_give_back(struct vcpu *vcpu)
{
	int cpu = vcpu->cpu, err;

	if (cpu < 0)
		return true;
	set_claimed(cpu, NULL);
	err = add_cpu(cpu);
	/* 1: someone onlined it through sysfs meanwhile; Linux's all the same. */
	if (err > 0)
		err = 0;
	if (err) {
		set_claimed(cpu, vcpu);
		pr_err("v3vmm: add_cpu(%d) failed: %d; it stays offline\n",
		       cpu, err);
		return false;
	}
	pr_info("v3vmm: gave CPU %d back to Linux\n", cpu);
	free_pages((unsigned long)vcpu->area, get_order(sizeof(*vcpu->area)));
	vcpu->area = NULL;
	vcpu->cpu = -1;
	vcpu->core_state = CORE_LINUX;
	return true;
}
